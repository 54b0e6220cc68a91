/* BPF instructions as C source (BPF_STMT/BPF_JUMP with the kernel headers'
 * names), written by the C emitter; filter files read back by verify. */
#ifndef SANDCAST_GEN_CBPF_H
#define SANDCAST_GEN_CBPF_H

#include <linux/filter.h>
#include <stdio.h>

#include "gen/filter.h"

/* Write I as "BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_I386, 0, 3)". */
void cbpf_write(FILE *out, const struct sock_filter *i);

/* Load the program in file PATH: raw instructions (gen --format bpf,
 * seccomp_export_bpf()), or for text C source read through the compiler
 * (gen/cfilter.h); 0, or -errno with *ERR set ("PATH: what"). */
int cbpf_load(const char *path, struct filter *f, char **err);

/* Read LEN bytes of DATA, from NAME, as raw instructions into F; 0, or
 * -EINVAL with *ERR set when they are not whole instructions. */
int cbpf_from_bytes(const char *name, const void *data, size_t len, struct filter *f,
	char **err);

#endif
