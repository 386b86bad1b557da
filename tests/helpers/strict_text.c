/* strict_text json|lines <FILE: what a strict consumer of bpfknobs' output
 * would refuse, checked without python: the input must be valid UTF-8
 * (decoded here, by a decoder of its own, not bpfknobs'), hold no C1
 * control (U+0080-U+009F: 0x9b is CSI on a terminal that honours C1) and
 * no C0 control or DEL but the line feed (and, in JSON, the blanks
 * between tokens); "json" also parses it with json-c in strict mode with
 * UTF-8 validation, as Python's json.load would take it. Exit 0 when it
 * passes; else 1, after saying what and at which byte. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <json-c/json.h>

static int bad(const char *what, size_t at, unsigned char byte)
{
	fprintf(stderr, "strict_text: %s at byte %zu (0x%02x)\n", what, at, byte);
	return 1;
}

/* The length of the valid UTF-8 sequence at s (n bytes left), 0 if none;
 * *cp its scalar value. Shortest form only, no surrogates, <= U+10FFFF. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	size_t len;
	uint32_t c, min;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f, min = 0x80;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f, min = 0x800;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07, min = 0x10000;
	else
		return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int main(int argc, char **argv)
{
	size_t cap = 1 << 16, n = 0, got;
	unsigned char *buf = malloc(cap);
	int json;

	if (argc != 2 || (strcmp(argv[1], "json") && strcmp(argv[1], "lines"))) {
		fprintf(stderr, "usage: strict_text json|lines <FILE\n");
		return 2;
	}
	json = !strcmp(argv[1], "json");
	while (buf && (got = fread(buf + n, 1, cap - n, stdin)) > 0) {
		n += got;
		if (n == cap && !(buf = realloc(buf, cap *= 2)))
			break;
	}
	if (!buf) {
		fprintf(stderr, "strict_text: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = utf8_len(buf + i, n - i, &cp);

		if (!len)
			return bad("not UTF-8", i, buf[i]);
		if (cp >= 0x80 && cp <= 0x9f)
			return bad("a C1 control character", i, buf[i]);
		if ((cp < 0x20 && cp != '\n' && !(json && (cp == '\t' || cp == '\r'))) || cp == 0x7f)
			return bad("a control character", i, buf[i]);
		i += len;
	}
	if (json) {
		struct json_tokener *tok = json_tokener_new();
		struct json_object *obj;

		json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
		obj = json_tokener_parse_ex(tok, (const char *)buf, (int)n);
		if (!obj) {
			fprintf(stderr, "strict_text: not strict JSON: %s at byte %zu\n",
				json_tokener_error_desc(json_tokener_get_error(tok)),
				json_tokener_get_parse_end(tok));
			return 1;
		}
		json_object_put(obj);
		json_tokener_free(tok);
	}
	free(buf);
	return 0;
}
