/* Text for the screen, without curses: display widths, fitting a string
 * into a number of columns with an ellipsis, word wrapping into lines. In
 * UTF-8 mode strings are decoded and measured with wcwidth(); in ASCII mode
 * (a locale that is not UTF-8) every byte outside printable ASCII becomes
 * '?'. Control characters and invalid UTF-8 always become '?', so a process
 * name or a file's content can never move the cursor. */
#ifndef BPFKNOBS_TUI_TEXT_TEXT_H
#define BPFKNOBS_TUI_TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* The drawing characters of one mode. */
struct text_glyphs {
	const char *ellipsis; /* "…" or "..." */
	int ellipsis_cols;
	const char *hline;    /* "─" or "-" */
	const char *vline;    /* "│" or "|" */
	const char *up;       /* "▲" or "^": sorted ascending, more above */
	const char *down;     /* "▼" or "v" */
	const char *current;  /* "▸" or ">": marks the current value */
	const char *more;     /* "↓" or "v": more text below */
	const char *corner[4]; /* a box's corners: top left, top right, bottom left, right */
};

const struct text_glyphs *text_glyphs(bool utf8);

/* Display columns s takes once sanitised. */
int text_width(const char *s, bool utf8);

/* Copies s into buf (sanitised, NUL-terminated) so that it takes at most
 * cols columns: when it is wider it is cut and ends in the ellipsis.
 * Returns the columns used. buf needs at most 4 * cols + 4 bytes. */
int text_fit(const char *s, int cols, bool utf8, char *buf, size_t size);

/* The bytes of s's longest prefix that fits in cols columns (s as
 * text_fit leaves it: already sanitised). */
size_t text_prefix(const char *s, int cols, bool utf8);

/* text_fit, then spaces up to exactly cols columns, text on the left or
 * the right. */
void text_pad(const char *s, int cols, bool right, bool utf8, char *buf, size_t size);

/* Lines of a scrolling text (details, help): each has a role the screen
 * maps to an attribute, and label_cols columns at its start that are drawn
 * as a label. */
struct text_line {
	char *s;
	int role;
	int label_cols;
};

struct text_lines {
	struct text_line *v;
	size_t nr, cap;
	int cols;  /* the width the lines were wrapped for */
	bool utf8;
	bool oom;  /* an allocation failed: some lines are missing */
};

void text_lines_init(struct text_lines *t, int cols, bool utf8);
void text_lines_free(struct text_lines *t);

/* Adds one line as it is (cut to the width). */
void text_lines_add(struct text_lines *t, int role, const char *s);

/* Adds a line laid out elsewhere (fields_render()), label_cols wide label. */
void text_lines_add_labelled(struct text_lines *t, int role, int label_cols, const char *s);

/* Word-wraps para to the width (textwrap_line()): the first line starts with label padded to
 * label_cols, the others with label_cols spaces. An empty para adds just
 * the label. A word longer than a line is split across lines. */
void text_lines_wrap(struct text_lines *t, int role, const char *label, int label_cols,
		     const char *para);

struct fields;
/* Lays out a knob's or a program's field list (core/out/fields.h) as --list
 * does, the label column label_cols wide, the current value marked. */
void text_lines_fields(struct text_lines *t, const struct fields *f, int label_cols);

/* An empty line. */
void text_lines_blank(struct text_lines *t);

#endif
