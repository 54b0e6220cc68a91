#!/bin/sh
# Install the Debian packages that building and testing sandcast need.
# Safe to run twice: it asks apt-get only for what is missing.
set -eu
packages="build-essential pkg-config gcc-multilib libc6-dev-i386 libc6-dev-x32
libjansson-dev libdw-dev libelf-dev libunwind-dev uthash-dev linux-libc-dev
libseccomp-dev seccomp strace python3 procps groff-base mandoc libc6-dbg
qemu-system-x86 busybox-static cpio xz-utils file kmod
crun runc sqlite3 curl clang libclang-rt-14-dev systemd"

missing=
for p in $packages; do
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$status" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "scripts/deps.sh: installing:$missing"
sudo=
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "scripts/deps.sh: need root (or sudo) to install:$missing" >&2
		exit 1
	}
	sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
