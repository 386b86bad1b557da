/* A streaming JSON writer, after bpftool's json_writer: the document goes
 * out as it is built, so 10,000 programs never sit in memory as a tree.
 * Strings always come out as valid UTF-8 (strict parsers take them):
 * quotes, backslashes and every control character, C1 included, are
 * escaped, and each byte that is not UTF-8 becomes U+FFFD. Pretty output
 * indents by two spaces per level. Errors of the stream are left in the
 * FILE (ferror) for the caller to check once at the end.
 *
 * The writer gathers its bytes and hands them to the FILE a block at a
 * time, and whole whenever a top-level value ends: a caller writes to the
 * FILE itself only between top-level values (a newline after the
 * document), never inside one. */
#ifndef BPFKNOBS_OUT_JSONW_H
#define BPFKNOBS_OUT_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 16
#define JSONW_BUF_SIZE 16384

struct jsonw {
	FILE *out;
	size_t len;                  /* bytes in buf not yet handed to out */
	char buf[JSONW_BUF_SIZE];
	unsigned depth;
	bool pretty;
	bool has_member[JSONW_MAX_DEPTH]; /* a value was written at this depth */
	bool after_name;                  /* a member name waits for its value */
};

void jsonw_init(struct jsonw *w, FILE *out, bool pretty);

void jsonw_start_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_start_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);

/* A member's name; its value follows with one of the calls below. */
void jsonw_name(struct jsonw *w, const char *name);

void jsonw_string(struct jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(struct jsonw *w, int64_t v);
void jsonw_uint(struct jsonw *w, uint64_t v);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* name and value in one call */
void jsonw_string_field(struct jsonw *w, const char *name, const char *s);
/* an empty or NULL string writes null */
void jsonw_text_field(struct jsonw *w, const char *name, const char *s);
void jsonw_int_field(struct jsonw *w, const char *name, int64_t v);
void jsonw_uint_field(struct jsonw *w, const char *name, uint64_t v);
void jsonw_bool_field(struct jsonw *w, const char *name, bool v);
void jsonw_null_field(struct jsonw *w, const char *name);

#endif
