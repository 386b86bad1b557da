/* Text on its way to a terminal or a report, measured in display columns:
 * the one sanitiser and the one word-wrapper, shared by --list and the
 * browser. In UTF-8 mode strings are decoded and measured with wcwidth();
 * in ASCII mode every byte outside printable ASCII becomes '?'. Control
 * characters and invalid UTF-8 always become '?', so a process name, a host
 * name or a file's content can never move the cursor or retitle a terminal. */
#ifndef BPFKNOBS_BASE_TEXTWRAP_H
#define BPFKNOBS_BASE_TEXTWRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decodes the UTF-8 sequence at s (not at its NUL): returns its length,
 * or 0 when it is not a valid, shortest-form sequence of a Unicode scalar
 * value (a stray continuation byte, a cut sequence, an overlong form, a
 * surrogate, beyond U+10FFFF). The one decoder: the terminal's sanitiser
 * and --json's and Prometheus' escaping use it. */
size_t textwrap_utf8_decode(const char *s, uint32_t *cp);

/* One character of s (which is not at its NUL): returns the bytes it takes
 * in s, and sets what to print for it (*out, *out_len: itself, or "?") and
 * its display columns. */
size_t textwrap_char(const char *s, bool utf8, const char **out, size_t *out_len, int *cols);

/* Display columns s takes once sanitised. */
int textwrap_width(const char *s, bool utf8);

/* The bytes of s's longest prefix that fits in cols columns. */
size_t textwrap_prefix(const char *s, int cols, bool utf8);

/* Copies the first n bytes of s into buf, sanitised and NUL-terminated, as
 * far as they fit; returns the bytes written. */
size_t textwrap_copy(const char *s, size_t n, bool utf8, char *buf, size_t size);

/* The next line of para in at most cols columns: it ends after the last
 * word that fits, and a word wider than a whole line is split at the width
 * (nothing is lost, nothing sticks out). Returns the bytes of the line, the
 * spaces at the break left out; *rest is where the next line starts (NUL at
 * the end). Spaces at the start of para are kept (an indented row stays
 * indented). Every line holds at least one character, so a loop ends. */
size_t textwrap_line(const char *para, int cols, bool utf8, const char **rest);

#endif
