#include "gen/emit.h"

/* Write the program as the raw array of struct sock_filter, host byte order:
 * what seccomp(2) takes, minijail0 --seccomp-bpf-binary reads and
 * seccomp_export_bpf() writes. */
int
emit_bpf(FILE *out, const struct emit_input *in, char **err)
{
	(void)err;
	fwrite(in->filter->insns, sizeof *in->filter->insns, in->filter->len, out);
	return 0;
}
