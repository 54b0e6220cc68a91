#include "gen/emit.h"

int
emit_bpf(FILE *out, const struct emit_input *in, char **err)
{
	(void)err;
	emit_placement_note("bpf", in);
	fwrite(in->filter->insns, sizeof *in->filter->insns, in->filter->len, out);
	return 0;
}
