#include "base/textwrap.h"

#include <stdint.h>
#include <string.h>
#include <wchar.h>

size_t textwrap_utf8_decode(const char *str, uint32_t *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t len, i;
	uint32_t c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0)
		len = 2, c &= 0x1f, min = 0x80;
	else if ((c & 0xf0) == 0xe0)
		len = 3, c &= 0x0f, min = 0x800;
	else if ((c & 0xf8) == 0xf0)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

size_t textwrap_char(const char *s, bool utf8, const char **out, size_t *out_len, int *cols)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t cp;
	size_t len;
	int w;

	*out = s;
	*out_len = 1;
	*cols = 1;
	if (u[0] >= 0x20 && u[0] < 0x7f)
		return 1;
	if (u[0] >= 0x80 && utf8) {
		len = textwrap_utf8_decode(s, &cp);
		w = len ? wcwidth((wchar_t)cp) : -1;
		if (w >= 0) {
			*out_len = len;
			*cols = w;
			return len;
		}
		*out = "?";
		return len ? len : 1;
	}
	*out = "?";
	return 1;
}

int textwrap_width(const char *s, bool utf8)
{
	const char *out;
	size_t out_len;
	int cols, total = 0;

	while (*s) {
		s += textwrap_char(s, utf8, &out, &out_len, &cols);
		total += cols;
	}
	return total;
}

size_t textwrap_prefix(const char *s, int cols, bool utf8)
{
	const char *p = s, *out;
	size_t out_len, n;
	int total = 0, c;

	while (*p) {
		n = textwrap_char(p, utf8, &out, &out_len, &c);
		if (total + c > cols)
			break;
		total += c;
		p += n;
	}
	return (size_t)(p - s);
}

size_t textwrap_copy(const char *s, size_t n, bool utf8, char *buf, size_t size)
{
	const char *end = s + n, *out;
	size_t used = 0, out_len;
	int cols;

	if (!size)
		return 0;
	while (s < end && *s) {
		s += textwrap_char(s, utf8, &out, &out_len, &cols);
		if (used + out_len + 1 > size)
			break;
		memcpy(buf + used, out, out_len);
		used += out_len;
	}
	buf[used] = '\0';
	return used;
}

size_t textwrap_line(const char *para, int cols, bool utf8, const char **rest)
{
	const char *p = para, *fit_end = NULL, *out;
	bool in_text = false; /* past the spaces that indent para */
	size_t out_len, n;
	int col = 0, c;

	while (*p) {
		if (*p == ' ') {
			if (in_text && p[-1] != ' ')
				fit_end = p; /* the line may end before this space */
			p++;
			col++;
			continue;
		}
		n = textwrap_char(p, utf8, &out, &out_len, &c);
		if (col + c > cols) {
			/* a word wider than the line: split it where it stops fitting */
			if (!fit_end)
				fit_end = p > para ? p : p + n;
			break;
		}
		in_text = true;
		col += c;
		p += n;
	}
	if (!*p)
		fit_end = p;
	*rest = fit_end;
	while (**rest == ' ')
		(*rest)++;
	while (fit_end > para && fit_end[-1] == ' ')
		fit_end--;
	return (size_t)(fit_end - para);
}
