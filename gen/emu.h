/* A classic-BPF interpreter for the seccomp subset, with the kernel's checks. */
#ifndef SANDCAST_GEN_EMU_H
#define SANDCAST_GEN_EMU_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* Check PROG[0..LEN-1] as the kernel does before it installs a seccomp filter
 * (bpf_check_classic, then seccomp_check_filter); 0, or -EINVAL with the
 * first fault ("instruction 7: ...") written into WHY. */
int emu_check(const struct sock_filter *prog, size_t len, char *why, size_t size);

/* Run PROG, which emu_check() accepted, on DATA; return what it returns. */
uint32_t emu_run(const struct sock_filter *prog, size_t len, const struct seccomp_data *data);

#endif
