/* Sentences for errnos, one table per context (listing programs, a map's
 * details, the link enumeration, reading a knob, writing one): rows of an
 * errno and its sentence, tried in order, the last one ERRNO_TEXT_OTHER,
 * which answers for every errno no row names. A sentence may name the
 * context's subject (a knob's name, what its file held) where it has "%s";
 * one that needs more of the context is a function that writes it.
 * errno_text_row() is the one lookup. */
#ifndef BPFKNOBS_BASE_ERRNO_TEXT_H
#define BPFKNOBS_BASE_ERRNO_TEXT_H

#include <limits.h>
#include <stddef.h>

#define ERRNO_TEXT_OTHER INT_MIN

struct errno_text {
	int err;          /* -errno, 0 for no error, or ERRNO_TEXT_OTHER (the last row) */
	const char *text; /* the sentence, with at most one "%s" for the subject and no
			   * other '%'; NULL for none, or when write writes it */
	void (*write)(const void *ctx, char *buf, size_t size);
};

/* The first row of table for err, else its ERRNO_TEXT_OTHER row. */
const struct errno_text *errno_text_row(const struct errno_text *table, int err);

/* The row's sentence for err into buf: its text, subject in place of its
 * "%s", or what its write() says from ctx; "" when it has neither. */
void errno_text_write(const struct errno_text *table, int err, const char *subject,
		      const void *ctx, char *buf, size_t size);

#endif
