#include "out/jsonw.h"

#include <string.h>

#include "base/textwrap.h"

void jsonw_init(struct jsonw *w, FILE *out, bool pretty)
{
	/* field by field: the 16 KiB buffer needs no zeroing */
	w->out = out;
	w->len = 0;
	w->depth = 0;
	w->pretty = pretty;
	memset(w->has_member, 0, sizeof(w->has_member));
	w->after_name = false;
}

/* A --json of 1,000 programs is 1.4 MB written after the last read it
 * waits for, so the writer is a stretch of the report's critical path:
 * its bytes gather in w->buf and go to the FILE 16 KiB at a time (a stdio
 * call per token cost about as much as the rest of the writing), runs of
 * plain bytes are copied whole, numbers are written without printf. */
static void jsonw_flush(struct jsonw *w)
{
	if (w->len)
		fwrite(w->buf, 1, w->len, w->out);
	w->len = 0;
}

static void jsonw_put(struct jsonw *w, const char *s, size_t n)
{
	if (n > sizeof(w->buf) - w->len) {
		jsonw_flush(w);
		if (n > sizeof(w->buf)) {
			fwrite(s, 1, n, w->out);
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static void jsonw_putc(struct jsonw *w, char c)
{
	if (w->len == sizeof(w->buf))
		jsonw_flush(w);
	w->buf[w->len++] = c;
}

#define JSONW_PUT_LITERAL(w, lit) jsonw_put((w), (lit), sizeof(lit) - 1)

/* A top-level value is complete: the caller may write to the FILE now. */
static void jsonw_after_value(struct jsonw *w)
{
	if (!w->depth)
		jsonw_flush(w);
}

static void jsonw_newline(struct jsonw *w)
{
	static const char spaces[] = "                                ";

	_Static_assert(sizeof(spaces) - 1 >= 2 * JSONW_MAX_DEPTH, "an indent for every depth");
	if (!w->pretty)
		return;
	jsonw_putc(w, '\n');
	jsonw_put(w, spaces, 2 * w->depth);
}

/* What goes before a value: a comma after a sibling, a new line in pretty
 * output, nothing after a member's name. */
static void jsonw_before_value(struct jsonw *w)
{
	if (w->after_name) {
		w->after_name = false;
		return;
	}
	if (w->depth && w->has_member[w->depth])
		jsonw_putc(w, ',');
	if (w->depth)
		jsonw_newline(w);
	w->has_member[w->depth] = true;
}

static void jsonw_start(struct jsonw *w, char open)
{
	jsonw_before_value(w);
	jsonw_putc(w, open);
	if (w->depth + 1 < JSONW_MAX_DEPTH)
		w->depth++;
	w->has_member[w->depth] = false;
}

static void jsonw_end(struct jsonw *w, char close)
{
	bool empty = !w->has_member[w->depth];

	if (w->depth)
		w->depth--;
	if (!empty)
		jsonw_newline(w);
	jsonw_putc(w, close);
	if (!w->depth && w->pretty)
		jsonw_putc(w, '\n');
	jsonw_after_value(w);
}

void jsonw_start_object(struct jsonw *w)
{
	jsonw_start(w, '{');
}

void jsonw_end_object(struct jsonw *w)
{
	jsonw_end(w, '}');
}

void jsonw_start_array(struct jsonw *w)
{
	jsonw_start(w, '[');
}

void jsonw_end_array(struct jsonw *w)
{
	jsonw_end(w, ']');
}

/* A string as JSON: always valid UTF-8 (RFC 8259), whatever the bytes.
 * Quotes and backslashes escaped; every control character, C0, DEL and C1
 * (U+0080-U+009F: 0x9b is CSI on a terminal that honours C1), and the line
 * separators U+2028 and U+2029 (line ends to JavaScript) as \uXXXX; each
 * byte that is not part of a valid UTF-8 sequence as U+FFFD, the
 * replacement character. */
static void jsonw_quoted(struct jsonw *w, const char *s)
{
	char esc[16];

	jsonw_putc(w, '"');
	while (*s) {
		unsigned char c = (unsigned char)*s;
		uint32_t cp;
		size_t len;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			/* a run of printable ASCII goes out as it is */
			for (len = 1; (unsigned char)s[len] >= 0x20 && (unsigned char)s[len] < 0x7f &&
				      s[len] != '"' && s[len] != '\\';
			     len++)
				;
			jsonw_put(w, s, len);
			s += len;
			continue;
		}
		if (c >= 0x80) {
			len = textwrap_utf8_decode(s, &cp);
			if (!len) {
				JSONW_PUT_LITERAL(w, "\\ufffd");
				s++;
			} else if (cp <= 0x9f || cp == 0x2028 || cp == 0x2029) {
				snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
				jsonw_put(w, esc, 6);
				s += len;
			} else {
				jsonw_put(w, s, len);
				s += len;
			}
			continue;
		}
		switch (c) {
		case '"':
			JSONW_PUT_LITERAL(w, "\\\"");
			break;
		case '\\':
			JSONW_PUT_LITERAL(w, "\\\\");
			break;
		case '\n':
			JSONW_PUT_LITERAL(w, "\\n");
			break;
		case '\t':
			JSONW_PUT_LITERAL(w, "\\t");
			break;
		default: /* the other controls and DEL */
			snprintf(esc, sizeof(esc), "\\u%04x", c);
			jsonw_put(w, esc, 6);
		}
		s++;
	}
	jsonw_putc(w, '"');
}

void jsonw_name(struct jsonw *w, const char *name)
{
	jsonw_before_value(w);
	jsonw_quoted(w, name);
	jsonw_put(w, ": ", w->pretty ? 2 : 1);
	w->after_name = true;
}

void jsonw_string(struct jsonw *w, const char *s)
{
	if (!s) {
		jsonw_null(w);
		return;
	}
	jsonw_before_value(w);
	jsonw_quoted(w, s);
	jsonw_after_value(w);
}

/* v in decimal, with a minus when negative */
static void jsonw_decimal(struct jsonw *w, uint64_t v, bool negative)
{
	char digits[21];
	size_t at = sizeof(digits);

	do {
		digits[--at] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	if (negative)
		digits[--at] = '-';
	jsonw_put(w, digits + at, sizeof(digits) - at);
	jsonw_after_value(w);
}

void jsonw_int(struct jsonw *w, int64_t v)
{
	jsonw_before_value(w);
	/* the magnitude as unsigned: -INT64_MIN does not fit an int64_t */
	jsonw_decimal(w, v < 0 ? 0 - (uint64_t)v : (uint64_t)v, v < 0);
}

void jsonw_uint(struct jsonw *w, uint64_t v)
{
	jsonw_before_value(w);
	jsonw_decimal(w, v, false);
}

void jsonw_bool(struct jsonw *w, bool v)
{
	jsonw_before_value(w);
	if (v)
		JSONW_PUT_LITERAL(w, "true");
	else
		JSONW_PUT_LITERAL(w, "false");
	jsonw_after_value(w);
}

void jsonw_null(struct jsonw *w)
{
	jsonw_before_value(w);
	JSONW_PUT_LITERAL(w, "null");
	jsonw_after_value(w);
}

void jsonw_string_field(struct jsonw *w, const char *name, const char *s)
{
	jsonw_name(w, name);
	jsonw_string(w, s);
}

void jsonw_text_field(struct jsonw *w, const char *name, const char *s)
{
	jsonw_string_field(w, name, s && s[0] ? s : NULL);
}

void jsonw_int_field(struct jsonw *w, const char *name, int64_t v)
{
	jsonw_name(w, name);
	jsonw_int(w, v);
}

void jsonw_uint_field(struct jsonw *w, const char *name, uint64_t v)
{
	jsonw_name(w, name);
	jsonw_uint(w, v);
}

void jsonw_bool_field(struct jsonw *w, const char *name, bool v)
{
	jsonw_name(w, name);
	jsonw_bool(w, v);
}

void jsonw_null_field(struct jsonw *w, const char *name)
{
	jsonw_name(w, name);
	jsonw_null(w);
}
