/* How calls, stacks and frames are shown, shared by report and diff: frames
 * in words and in JSON, stacks as indented lines, the first frames in your
 * code per call. */
#ifndef SANDCAST_REPORTER_PRESENT_H
#define SANDCAST_REPORTER_PRESENT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/arch.h"
#include "core/profile.h"
#include "reporter/symbolize.h"

/* How a format prints a name, a file or a module: as is, or as a code span. */
typedef void (*present_name_fn)(FILE *out, const char *name);

/* How a format marks up a frame in words. */
struct present_style {
	present_name_fn name;               /* a function, a file:line, a module */
	const char *note_open, *note_close; /* around a note on the frame */
	const char *em_open, *em_close;     /* around words in place of a frame */
};

/* The text style: names as they are, notes in brackets. */
extern const struct present_style present_text_style;

/* A frame in words, each part "" when unknown. */
struct present_frame {
	char name[256];   /* "f3+0x31", "libfoo.so.2+0x1234", "[vdso]+0x577" or "0x7f..." */
	char where[256];  /* "callchain.c:163": the base name of the source file */
	char module[256]; /* the module's base name when NAME is a function */
	char note[256];   /* "module gone since recording; named from its debuginfo" */
};

/* The first frame in your code of some of a call's stacks. */
struct present_first {
	uint64_t count;                /* calls of those stacks */
	const struct profile_frame *frame; /* NULL when they hold the C runtime only */
	bool cut; /* with no frame: the unwinder stopped in the C runtime, so
	           * the caller is unknown, not absent */
	struct symbolize_frame sym;
	struct present_frame words;
};

/* Describe frame F, resolved as SF, in words into *OUT. */
void present_frame_words(const struct profile_frame *f,
	const struct symbolize_frame *sf, struct present_frame *out);

/* Print the frames of STACK, a line each, INDENT spaces in, a signal
 * trampoline and the frame it interrupted said to be so, and whether the
 * stack was truncated. */
void present_stack_print(FILE *out, struct symbolizer *s, const struct profile_stack *stack,
	int indent);

/* Print the stacks of CALL, INDENT spaces in: a header per stack, a line per
 * frame, truncation, and the calls no recorded stack covers. */
void present_stacks_print(FILE *out, struct symbolizer *s,
	const struct profile_call *call, int indent);

/* Return how many calls of CALL no recorded stack covers. */
uint64_t present_unattributed(const struct profile_call *call);

/* Return the distinct first frames in your code of CALL's stacks, most calls
 * first; *N gets their number (0 when CALL has no stack); free() it. */
struct present_first *present_first_frames(struct symbolizer *s,
	const struct profile_call *call, size_t *n);

/* Print first frame F in STYLE, or the words for stacks that have none. */
void present_first_print(FILE *out, const struct present_first *f,
	const struct present_style *style);

/* Print the first frames in your code of CALL, a line each, INDENT spaces in. */
void present_first_frames_print(FILE *out, struct symbolizer *s,
	const struct profile_call *call, int indent);

/* Return the calls of P on the architectures of MASK, sorted by arch, then
 * name, then number; *N gets their number; free() it. */
struct profile_call **present_calls_by_name(const struct profile *p,
	arch_mask mask, size_t *n);

/* Return CALL as a JSON object: arch, name, nr, count, exes, first_frames,
 * and with STACKS its stacks and the calls they leave unattributed. */
json_t *present_call_json(struct symbolizer *s, const struct profile_call *call,
	bool stacks);

/* Return "s" unless N is 1, for "N call%s". */
const char *present_plural(uint64_t n);

/* Print NAME as it is, but for its control characters and bytes that are
 * not UTF-8, as "\xHH" (and a backslash as "\\"). */
void present_name_plain(FILE *out, const char *name);

/* Print the executables of CALL, sorted, separated by SEP, each through NAME. */
void present_exes_print_as(FILE *out, const struct profile_call *call, const char *sep,
	present_name_fn name);

/* Print the executables of CALL, sorted, separated by SEP. */
void present_exes_print(FILE *out, const struct profile_call *call, const char *sep);

/* Print the JSON document DOC, indented, with a final newline; free it. */
void present_json_print(FILE *out, json_t *doc);

/* Return the end of the run of calls of one arch that starts at V[START]. */
size_t present_arch_end(struct profile_call *const *v, size_t n, size_t start);

/* Return the name of CALL, or "syscall_NR" in BUF when the tables lack it. */
const char *present_call_name(const struct profile_call *call, char *buf, unsigned size);

#endif
