#!/bin/bash
# scripts/vm.sh [--kernel NAME] [--append ARGS] [--timeout SECS] [--] CMD [ARG]...
#
# Run CMD in a virtual machine that runs i386 and x32 programs whatever the
# host's kernel does: a stock Debian kernel in qemu-system-x86_64 (KVM when
# it works here, else TCG), booted with ia32_emulation=on syscall.x32=y, the
# host's root file system shared read-only over 9p and this tree writable at
# its own path. CMD runs in the tree's top directory with the caller's
# environment; its output comes out on stdout and stderr, and vm.sh exits
# with CMD's status (125 when the VM could not run it, with the reason).
#
# The kernel is a Debian package, downloaded with apt-get download and
# unpacked with dpkg-deb -x into $B/vm/ (never installed as the host's
# kernel). NAME: 6.1 (Debian 12's own, linux-image-amd64), 6.12 (the newest
# series Debian 12's sources offer, linux-image-6.12-amd64; the default), or
# the name of a linux-image package. --append adds kernel arguments after
# sandcast's own, so that ia32_emulation=off, say, wins.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd -P)
vmdir=${B:-build}/vm
case $vmdir in /*) ;; *) vmdir="$top/$vmdir" ;; esac
kernel=6.12 extra= timeout=${VM_TIMEOUT:-5400}

die() { echo "vm.sh: $*" >&2; exit 125; }
usage() { sed -n '2,2s/^# //p' "$0" >&2; exit 125; }

while [ $# -gt 0 ]; do
	case $1 in
	--kernel) [ $# -ge 2 ] || usage; kernel=$2; shift 2 ;;
	--append) [ $# -ge 2 ] || usage; extra="$extra $2"; shift 2 ;;
	--timeout) [ $# -ge 2 ] || usage; timeout=$2; shift 2 ;;
	-h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) echo "vm.sh: unknown option $1" >&2; usage ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { echo "vm.sh: no command to run" >&2; usage; }

# kernel_package NAME: the linux-image package NAME stands for.
kernel_package() {
	local meta
	case $1 in
	6.1) meta=linux-image-amd64 ;;
	6.12) meta=linux-image-6.12-amd64 ;;
	linux-image-*) echo "$1"; return ;;
	*) die "--kernel $1: give 6.1, 6.12 or a linux-image package name" ;;
	esac
	apt-cache depends "$meta" 2> /dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -1
}

# fetch_kernel PKG: unpack PKG into $vmdir/PKG (once) and print that directory.
fetch_kernel() {
	local pkg=$1 dir="$vmdir/$1" tmp
	if [ ! -f "$dir/.done" ]; then
		command -v apt-get > /dev/null || die "apt-get is missing: vm.sh takes its kernels from Debian's packages"
		tmp=$(mktemp -d "$vmdir/fetch.XXXXXX")
		(cd "$tmp" && apt-get download "$pkg" > "$tmp/apt.log" 2>&1) ||
			{ cat "$tmp/apt.log" >&2; rm -rf "$tmp"; die "cannot download $pkg (apt-get update first?)"; }
		dpkg-deb -x "$tmp"/*.deb "$tmp/root" || { rm -rf "$tmp"; die "cannot unpack $pkg"; }
		rm -rf "$dir" && mkdir -p "$dir"
		mv "$tmp/root/boot" "$tmp/root/lib" "$dir/" 2> /dev/null ||
			mv "$tmp/root/boot" "$tmp/root/usr/lib" "$dir/"
		rm -rf "$tmp"
		touch "$dir/.done"
	fi
	echo "$dir"
}

# The modules the guest needs (what they need is found by depmod): the
# virtio PCI bus, its consoles, and 9p over virtio. Built-in ones are
# absent from modules.dep and skipped.
modules="virtio_pci virtio_console 9pnet_virtio 9p"

# module_files KDIR: the files of $modules and of what they need, each
# after its dependencies, relative to KDIR's modules directory.
module_files() {
	local dir m line d
	dir=$(echo "$1"/lib/modules/*)
	[ -f "$dir/modules.dep" ] || depmod -b "$1" "${dir##*/}" ||
		die "depmod cannot index $dir (scripts/deps.sh installs kmod)"
	for m in $modules; do
		line=$(grep -E "(^|/)$m\.ko(\.[a-z]+)?:" "$dir/modules.dep") || continue
		# modules.dep lists what a module needs, the last to load first.
		for d in $(echo "${line#*:}" | tr ' ' '\n' | tac) "${line%%:*}"; do echo "$d"; done
	done | awk 'NF && !seen[$0]++'
}

# make_initrd KDIR: build KDIR/initrd.gz (busybox, the modules, vm-init.sh) when stale.
make_initrd() {
	local kdir=$1 out="$1/initrd.gz" busybox stage f name dir
	[ -f "$out" ] && [ "$out" -nt "$top/scripts/vm-init.sh" ] && [ "$out" -nt "$0" ] && return
	busybox=$(command -v busybox) || die "busybox is missing (scripts/deps.sh installs busybox-static)"
	file -L "$busybox" 2> /dev/null | grep -q 'statically linked' ||
		die "$busybox is not statically linked (install busybox-static)"
	stage=$(mktemp -d "$vmdir/initrd.XXXXXX")
	mkdir -p "$stage/bin" "$stage/mod" "$stage/dev" "$stage/proc" "$stage/sys"
	cp "$busybox" "$stage/bin/busybox"
	cp "$top/scripts/vm-init.sh" "$stage/init"
	dir=$(echo "$kdir"/lib/modules/*)
	for f in $(module_files "$kdir"); do
		name=${f##*/} && name=${name%%.ko*}.ko
		case $f in
		*.xz) xz -dc "$dir/$f" > "$stage/mod/$name" ;;
		*.zst) zstd -qdc "$dir/$f" > "$stage/mod/$name" ;;
		*) cp "$dir/$f" "$stage/mod/$name" ;;
		esac
		echo "$name" >> "$stage/mod/order"
	done
	grep -qx 9p.ko "$stage/mod/order" 2> /dev/null ||
		{ rm -rf "$stage"; die "$kdir has no 9p module (a -cloud kernel?)"; }
	(cd "$stage" && find . | cpio -o -H newc --quiet | gzip -1) > "$out.tmp"
	mv "$out.tmp" "$out"
	rm -rf "$stage"
}

# write_env FILE: the caller's exported variables, less those that name
# things of this host's session or of a make that called us.
write_env() {
	export -p | grep -Ev '^declare -x (BASH_[A-Z_]*|MAKEFLAGS|MFLAGS|MAKELEVEL|MAKE_TERM[A-Z]*|OLDPWD|PWD|SHLVL|_|DISPLAY|SSH_[A-Z_]*|TERM|XDG_RUNTIME_DIR)=' \
		> "$1"
}

# qemu_args KDIR ACCEL: the qemu-system-x86_64 command line.
qemu_args() {
	local kdir=$1 accel=$2 cpu=qemu64 append
	[ "$accel" = kvm ] && cpu=host
	append="console=ttyS0 quiet loglevel=3 panic=-1 ia32_emulation=on syscall.x32=y"
	append="$append sandcast.tree=$top sandcast.run=$run$extra"
	printf '%s\0' qemu-system-x86_64 -accel "$accel" -cpu "$cpu" -m "${VM_MEMORY:-4G}" \
		-smp "${VM_CPUS:-$(nproc)}" -display none -no-reboot -nic none \
		-kernel "$(ls "$kdir"/boot/vmlinuz-*)" -initrd "$kdir/initrd.gz" -append "$append" \
		-serial "file:$run/console.log" \
		-device virtio-serial -chardev stdio,id=out,signal=off -device virtconsole,chardev=out \
		-add-fd fd=9,set=2 -chardev file,id=err,path=/dev/fdset/2,append=on -device virtconsole,chardev=err \
		-virtfs local,path=/,mount_tag=host,security_model=none,readonly=on,multidevs=remap \
		-virtfs "local,path=$top,mount_tag=tree,security_model=none,multidevs=remap"
}

# boot KDIR ACCEL SECS: run the VM once, at most SECS seconds; its status is in $run/status.
boot() {
	local args=()
	mapfile -d '' args < <(qemu_args "$1" "$2")
	rm -f "$run/status"
	timeout --foreground -k 10 "$3" "${args[@]}" < /dev/null 9>&2
}

# accel KDIR: kvm when /dev/kvm is there and boots this kernel, else tcg
# (remembered per kernel in $vmdir).
accel() {
	local memo="$1/accel"
	[ -f "$memo" ] && { cat "$memo"; return; }
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		printf '%q ' true > "$run/argv"
		boot "$1" kvm 60 > /dev/null 2>&1 || true
		[ -f "$run/status" ] && echo kvm > "$memo" || echo tcg > "$memo"
	else
		echo tcg > "$memo"
	fi
	cat "$memo"
}

command -v qemu-system-x86_64 > /dev/null ||
	die "qemu-system-x86_64 is missing (scripts/deps.sh installs qemu-system-x86)"
case $top in *[[:space:]]*) die "the tree's path '$top' has a space, which the kernel command line cannot carry" ;; esac
mkdir -p "$vmdir"
pkg=$(kernel_package "$kernel")
[ -n "$pkg" ] || die "no package for kernel $kernel: is apt's package list there (apt-get update)?"
kdir=$(fetch_kernel "$pkg")
make_initrd "$kdir"
run=$(mktemp -d "$vmdir/run.XXXXXX")
trap 'rm -rf "$run"' EXIT
write_env "$run/env"
printf '%q ' "$@" > "$run/argv"
acc=$(accel "$kdir")
printf '%q ' "$@" > "$run/argv"
rc=0
boot "$kdir" "$acc" "$timeout" || rc=$?
if [ ! -f "$run/status" ]; then
	[ $rc -eq 124 ] && echo "vm.sh: the VM ran out of time (${timeout}s; VM_TIMEOUT sets it)" >&2
	cp "$run/console.log" "$vmdir/console-failed.log" 2> /dev/null
	echo "vm.sh: the VM ($pkg, $acc) ended without running the command to its end;" \
		"the end of its console ($vmdir/console-failed.log):" >&2
	tail -20 "$run/console.log" | sed 's/^/  /' >&2
	exit 125
fi
exit "$(cat "$run/status")"
