#!/bin/busybox sh
# /init of the initramfs that scripts/vm.sh boots: load the 9p modules, mount
# the host's root read-only and the project tree writable over it, set up
# the file systems a Debian system expects, then switch_root into the host's
# root and run scripts/vm-guest.sh there. The kernel command line carries
# sandcast.tree=DIR (the tree, at the same path as on the host) and
# sandcast.run=DIR (this run's files, under the tree).
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev

# fail WHAT: say why the guest cannot go on, then power off (vm.sh sees no status).
fail() {
	echo "vm-init: $*" > /dev/console
	echo o > /proc/sysrq-trigger
	sleep 10
}

for arg in $(cat /proc/cmdline); do
	case $arg in
	sandcast.tree=*) tree=${arg#*=} ;;
	sandcast.run=*) run=${arg#*=} ;;
	esac
done
[ -n "${tree:-}" ] && [ -n "${run:-}" ] || fail "no sandcast.tree= or sandcast.run= on the command line"

# The modules vm.sh put here, each after those it needs (/mod/order).
for m in $(cat /mod/order); do
	insmod "/mod/$m" || fail "insmod $m failed"
done
opts=trans=virtio,version=9p2000.L,msize=512000
mkdir -p /newroot
mount -t 9p -o "$opts,cache=loose,ro" host /newroot || fail "cannot mount the host root"

n=/newroot
mount -t proc proc $n/proc
mount -t sysfs sys $n/sys
mount -t devtmpfs dev $n/dev
mkdir -p $n/dev/pts $n/dev/shm $n/dev/mqueue
mount -t devpts -o newinstance,ptmxmode=0666 devpts $n/dev/pts
mount -t tmpfs -o mode=1777 shm $n/dev/shm
mount -t mqueue mqueue $n/dev/mqueue
ln -sf /proc/self/fd $n/dev/fd
ln -sf /proc/self/fd/0 $n/dev/stdin
ln -sf /proc/self/fd/1 $n/dev/stdout
ln -sf /proc/self/fd/2 $n/dev/stderr
for d in tmp run var/tmp; do mount -t tmpfs -o mode=1777 tmpfs "$n/$d"; done
# The tree last, over those: a tree under /tmp (a clone there) stays seen,
# its mount point made in the tmpfs.
mkdir -p "$n$tree" 2> /dev/null
mount -t 9p -o "$opts,cache=mmap" tree "$n$tree" || fail "cannot mount the tree $tree"
mount -t cgroup2 cgroup2 $n/sys/fs/cgroup 2> /dev/null
ip link set lo up

# The command's standard output and error: the two virtio consoles, raw
# (set while open: a tty's last close forgets its settings).
exec < /dev/null > /dev/hvc0 2> /dev/hvc1
stty raw -echo < /dev/hvc0
stty raw -echo < /dev/hvc1
exec switch_root $n /bin/bash "$tree/scripts/vm-guest.sh" "$tree" "$run"
