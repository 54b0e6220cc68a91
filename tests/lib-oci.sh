# OCI bundles for crun and runc (sourced after tests/lib.sh): a container
# over a read-only view of the host's root, that runs one program under a
# seccomp profile, for the runtime tests and scripts/derive-runtime-set.sh.

# oci_bundle DIR SECCOMP CMD [ARG]...: make in DIR an OCI bundle whose
# process is CMD (a path of the host) with ARGs, its linux.seccomp the JSON
# document in file SECCOMP ("-" for none); the host's /usr, /bin, /lib*,
# /sbin and /etc are bound read-only, CMD's directory too when elsewhere;
# the host name is the host's (a name /etc/hosts lacks sends programs that
# look up their own, curl among them, to DNS).
oci_bundle() {
	local dir=$1 seccomp=$2; shift 2
	mkdir -p "$dir/rootfs"
	python3 - "$dir" "$seccomp" "$@" <<'PY'
import json, os, sys
dir, seccomp, argv = sys.argv[1], sys.argv[2], sys.argv[3:]
binds = ["/usr", "/bin", "/lib", "/lib64", "/lib32", "/libx32", "/sbin", "/etc"]
home = os.path.dirname(argv[0])
if not any(home == b or home.startswith(b + "/") for b in binds):
    binds.append(home)
for b in binds:
    os.makedirs(dir + "/rootfs" + b, exist_ok=True)
mounts = [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
     "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
     "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
    {"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev"]},
] + [{"destination": b, "type": "bind", "source": b, "options": ["rbind", "ro"]}
     for b in binds if os.path.exists(b)]
config = {
    "ociVersion": "1.0.2",
    "process": {"terminal": False, "user": {"uid": 0, "gid": 0}, "args": argv,
                "env": ["PATH=/usr/bin:/bin", "HOME=/tmp", "LC_ALL=C"], "cwd": "/tmp",
                "noNewPrivileges": True},
    "root": {"path": "rootfs", "readonly": True},
    "mounts": mounts,
    "linux": {"namespaces": [{"type": t} for t in ("pid", "ipc", "mount")]},
}
if seccomp != "-":
    config["linux"]["seccomp"] = json.load(open(seccomp))
json.dump(config, open(dir + "/config.json", "w"), indent=1)
PY
}

# oci_run RUNTIME DIR: run the bundle DIR under RUNTIME (crun or runc), its
# output on stdout, and give the container's status.
# NOTE: on a host with hybrid cgroups (v1 and /sys/fs/cgroup/unified) crun
# 1.8 refuses to start ("cgroups in hybrid mode not supported"): it runs in
# a mount namespace of its own where the unified hierarchy is unmounted,
# with no cgroup of its own (--cgroup-manager=disabled).
oci_run() {
	local runtime=$1 dir=$2 id
	id=sandcast-$$-$RANDOM
	case $runtime in
	crun)
		unshare -m sh -c 'umount /sys/fs/cgroup/unified 2> /dev/null
			exec crun --cgroup-manager=disabled run -b "$0" "$1"' "$dir" "$id" ;;
	runc) runc run -b "$dir" "$id" ;;
	esac
}

# oci_can RUNTIME: true when RUNTIME is installed and root can run it; else
# false with the reason in $WHY.
oci_can() {
	if ! command -v "$1" > /dev/null; then
		WHY="$1 is not installed (scripts/deps.sh installs it)"
		return 1
	fi
	if [ "$(id -u)" -ne 0 ]; then
		WHY="$1 runs containers as root only here (run the tests as root)"
		return 1
	fi
}
