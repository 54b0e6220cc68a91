/* Offline symbolisation of recorded frames (module, build-id, file offset)
 * with elfutils libdwfl: function+offset, and file:line when debug
 * information exists, in the module or in separate debuginfo found by
 * build-id. One cached handle per (module, build-id), one cached result per
 * frame. */
#ifndef SANDCAST_REPORTER_SYMBOLIZE_H
#define SANDCAST_REPORTER_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/profile.h"

struct symbolizer;

/* What became of a frame's module since it was recorded. */
enum symbolize_status {
	SYMBOLIZE_OK,         /* the file is there, with the recorded build-id (or
	                       * none was recorded) */
	SYMBOLIZE_NO_MODULE,  /* no file backed the address (anonymous memory) */
	SYMBOLIZE_PSEUDO,     /* a kernel-made image such as "[vdso]" */
	SYMBOLIZE_GONE,       /* the file is no longer there */
	SYMBOLIZE_CHANGED,    /* the file's build-id is not the recorded one */
	SYMBOLIZE_UNREADABLE, /* the file is there but is no ELF file we can read */
};

/* A frame resolved: every string is owned by the symbolizer and lives until
 * symbolize_free(). */
struct symbolize_frame {
	enum symbolize_status status;
	const char *function;     /* the symbol covering the call, or NULL */
	uint64_t function_offset; /* of the frame's address from FUNCTION */
	const char *file;         /* the source file of the call, or NULL */
	int line;                 /* its line, 0 when FILE is NULL */
	const char *debuginfo;    /* the separate debuginfo file that named the
	                           * frame when the module itself could not, or NULL */
	bool runtime;             /* C runtime code linked into the module (a
	                           * static executable): the module defines
	                           * __libc_start_main and has debug information,
	                           * but none for this frame */
};

/* Make a symbolizer that looks for separate debuginfo in DEBUGINFO_PATH
 * (elfutils' syntax, e.g. ":.debug:/usr/lib/debug"), NULL for the default. */
struct symbolizer *symbolize_new(const char *debuginfo_path);

/* Free S and every module handle it cached. */
void symbolize_free(struct symbolizer *s);

/* Resolve frame F (its strings interned, as a profile's are) into *OUT, once
 * per distinct frame; never fails: what cannot be known is left NULL. */
void symbolize_frame(struct symbolizer *s, const struct profile_frame *f,
	struct symbolize_frame *out);

/* Return the name of STATUS in JSON output: "ok", "no-module", "pseudo",
 * "gone", "changed" or "unreadable". */
const char *symbolize_status_name(enum symbolize_status status);

/* Return a short phrase for STATUS ("module gone", ...), "" for OK and PSEUDO. */
const char *symbolize_status_text(enum symbolize_status status);

#endif
