#!/bin/bash
# The guest side of scripts/vm.sh, run as the VM's first process once the
# host's root is the guest's: take the host's environment and the command
# from RUN, run the command in TREE, write its status to RUN/status, power off.
# Usage: vm-guest.sh TREE RUN
tree=$1 run=$2
# shellcheck disable=SC1091
. "$run/env"
cd "$tree" || echo "vm-guest: cannot enter $tree" >&2
eval "set -- $(cat "$run/argv")"
"$@"
echo $? > "$run/status.tmp" && mv "$run/status.tmp" "$run/status"
sync
echo o > /proc/sysrq-trigger
sleep 10
