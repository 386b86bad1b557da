#include "text/text.h"

#include "base/vec.h"
#include "out/fields.h"
#include "text/role.h"
#include "base/textwrap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

static const struct text_glyphs text_utf8_glyphs = {
	.ellipsis = "\u2026", .ellipsis_cols = 1, .hline = "\u2500", .vline = "\u2502",
	.up = "\u25b2", .down = "\u25bc", .current = "\u25b8", .more = "\u2193",
	.corner = { "\u250c", "\u2510", "\u2514", "\u2518" },
};

static const struct text_glyphs text_ascii_glyphs = {
	.ellipsis = "...", .ellipsis_cols = 3, .hline = "-", .vline = "|",
	.up = "^", .down = "v", .current = ">", .more = "v",
	.corner = { "+", "+", "+", "+" },
};

const struct text_glyphs *text_glyphs(bool utf8)
{
	return utf8 ? &text_utf8_glyphs : &text_ascii_glyphs;
}

/* One character, sanitised: the one sanitiser is core's (textwrap.c). */
static size_t text_next(const char *s, bool utf8, const char **out, size_t *out_len, int *cols)
{
	return textwrap_char(s, utf8, out, out_len, cols);
}

int text_width(const char *s, bool utf8)
{
	return textwrap_width(s, utf8);
}

/* Appends sanitised characters of s (up to byte end, or the NUL) while they
 * fit in max_cols columns; returns the columns written. */
static int text_copy(const char *s, const char *end, int max_cols, bool utf8, char *buf,
		     size_t size, size_t *used)
{
	const char *out;
	size_t out_len, n;
	int cols, total = 0;

	while (*s && (!end || s < end)) {
		n = text_next(s, utf8, &out, &out_len, &cols);
		if (total + cols > max_cols || *used + out_len + 1 > size)
			break;
		memcpy(buf + *used, out, out_len);
		*used += out_len;
		total += cols;
		s += n;
	}
	buf[*used] = '\0';
	return total;
}

static int text_append(const char *s, char *buf, size_t size, size_t *used)
{
	size_t n = strlen(s);

	if (*used + n + 1 > size)
		return 0;
	memcpy(buf + *used, s, n + 1);
	*used += n;
	return 1;
}

size_t text_prefix(const char *s, int cols, bool utf8)
{
	return textwrap_prefix(s, cols, utf8);
}

int text_fit(const char *s, int cols, bool utf8, char *buf, size_t size)
{
	const struct text_glyphs *g = text_glyphs(utf8);
	size_t used = 0;
	int w;

	if (!size)
		return 0;
	buf[0] = '\0';
	if (cols <= 0)
		return 0;
	if (text_width(s, utf8) <= cols)
		return text_copy(s, NULL, cols, utf8, buf, size, &used);
	if (cols <= g->ellipsis_cols)
		return text_copy(s, NULL, cols, utf8, buf, size, &used);
	w = text_copy(s, NULL, cols - g->ellipsis_cols, utf8, buf, size, &used);
	return w + (text_append(g->ellipsis, buf, size, &used) ? g->ellipsis_cols : 0);
}

void text_pad(const char *s, int cols, bool right, bool utf8, char *buf, size_t size)
{
	int w, pad;
	size_t n;

	if (size < 2 || cols <= 0) {
		if (size)
			buf[0] = '\0';
		return;
	}
	w = text_fit(s, cols, utf8, buf, size);
	pad = cols - w;
	n = strlen(buf);
	if (n + (size_t)pad + 1 > size)
		pad = (int)(size - n - 1);
	if (right) {
		memmove(buf + pad, buf, n + 1);
		memset(buf, ' ', (size_t)pad);
	} else {
		memset(buf + n, ' ', (size_t)pad);
		buf[n + (size_t)pad] = '\0';
	}
}

void text_lines_init(struct text_lines *t, int cols, bool utf8)
{
	memset(t, 0, sizeof(*t));
	t->cols = cols < 1 ? 1 : cols;
	t->utf8 = utf8;
}

void text_lines_free(struct text_lines *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free(t->v[i].s);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static void text_lines_push(struct text_lines *t, int role, int label_cols, const char *s)
{
	char *copy;

	if (VEC_RESERVE(t->v, t->cap, t->nr + 1)) {
		t->oom = true;
		return;
	}
	copy = strdup(s);
	if (!copy) {
		t->oom = true;
		return;
	}
	t->v[t->nr++] = (struct text_line){ .s = copy, .role = role, .label_cols = label_cols };
}

void text_lines_add(struct text_lines *t, int role, const char *s)
{
	size_t size = (size_t)t->cols * 4 + 8;
	char *buf = malloc(size);

	if (!buf) {
		t->oom = true;
		return;
	}
	text_fit(s, t->cols, t->utf8, buf, size);
	text_lines_push(t, role, 0, buf);
	free(buf);
}

void text_lines_blank(struct text_lines *t)
{
	text_lines_push(t, 0, 0, "");
}

void text_lines_add_labelled(struct text_lines *t, int role, int label_cols, const char *s)
{
	text_lines_push(t, role, label_cols, s);
}

void text_lines_wrap(struct text_lines *t, int role, const char *label, int label_cols,
		     const char *para)
{
	size_t size = (size_t)t->cols * 4 + 8, used;
	char *line = malloc(size);
	const char *rest;

	if (!line) {
		t->oom = true;
		return;
	}
	if (label_cols >= t->cols)
		label_cols = t->cols / 2;
	text_pad(label ? label : "", label_cols, false, t->utf8, line, size);
	do {
		size_t n = textwrap_line(para, t->cols - label_cols, t->utf8, &rest);

		used = strlen(line);
		textwrap_copy(para, n, t->utf8, line + used, size - used);
		text_lines_push(t, role, label_cols, line);
		memset(line, ' ', (size_t)label_cols);
		line[label_cols] = '\0';
		para = rest;
	} while (*para);
	free(line);
}

struct text_fields_ctx {
	struct text_lines *t;
};

static void text_fields_emit(void *ctx, const struct field *f, const char *line, int text_col)
{
	static const int roles[] = {
		[FIELD_NORMAL] = ROLE_NORMAL, [FIELD_CURRENT] = ROLE_CURRENT,
		[FIELD_WARN] = ROLE_WARN,     [FIELD_ERROR] = ROLE_ERROR,
		[FIELD_DIM] = ROLE_DIM,       [FIELD_HEAD] = ROLE_HEAD,
	};
	struct text_lines *t = ((struct text_fields_ctx *)ctx)->t;

	text_lines_push(t, roles[f->role], text_col, line);
}

void text_lines_fields(struct text_lines *t, const struct fields *f, int label_cols)
{
	const struct fields_style style = {
		.indent = 0, .label_cols = label_cols, .mark = text_glyphs(t->utf8)->current,
		.utf8 = t->utf8,
	};
	struct text_fields_ctx ctx = { .t = t };

	if (f->oom || fields_render(f, &style, t->cols, text_fields_emit, &ctx))
		t->oom = true;
}
