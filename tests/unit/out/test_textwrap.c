/* The one word-wrapper and sanitiser (core/base/textwrap.c) and the one layout of
 * detail fields (core/out/fields.c) that --list and the browser share: lines
 * never pass the width, words are never glued or lost, labels never run into
 * their text. These are the checks that would have caught "1 JITon:". And
 * the one time format of those fields, a program's load time. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "out/fields.h"
#include "base/textwrap.h"

/* Wraps para to cols and joins the lines with '|'. */
static char *wrap_all(const char *para, int cols)
{
	static char out[1024];
	const char *rest;
	size_t used = 0;

	out[0] = '\0';
	do {
		size_t n = textwrap_line(para, cols, true, &rest);

		assert_true(textwrap_width(para, true) <= cols || n > 0 || *rest);
		used += (size_t)snprintf(out + used, sizeof(out) - used, "%s%.*s", used ? "|" : "",
					 (int)n, para);
		para = rest;
	} while (*para);
	return out;
}

static void test_words_break_at_spaces(void **state)
{
	(void)state;
	assert_string_equal(wrap_all("JIT on: the JIT emits code", 10), "JIT on:|the JIT|emits code");
	/* short first words are followed by their space, never glued */
	assert_string_equal(wrap_all("1 JIT on", 80), "1 JIT on");
	assert_string_equal(wrap_all("a b c d", 3), "a b|c d");
	/* exact widths: a line may fill the width exactly */
	assert_string_equal(wrap_all("abcde fghij", 5), "abcde|fghij");
	assert_string_equal(wrap_all("abcde fghij", 11), "abcde fghij");
	assert_string_equal(wrap_all("abcde fghij", 10), "abcde|fghij");
	/* spaces at a break are dropped, spaces inside a line kept */
	assert_string_equal(wrap_all("ab   cd", 4), "ab|cd");
	assert_string_equal(wrap_all("ab  cd", 80), "ab  cd");
	assert_string_equal(wrap_all("", 10), "");
}

static void test_long_words_are_split_not_lost(void **state)
{
	(void)state;
	assert_string_equal(wrap_all("abcdefghij", 4), "abcd|efgh|ij");
	assert_string_equal(wrap_all("x /sys/devices/system", 8), "x|/sys/dev|ices/sys|tem");
	/* a width of zero still makes progress, a character a line */
	assert_string_equal(wrap_all("ab", 0), "a|b");
}

static void test_indent_is_kept(void **state)
{
	(void)state;
	/* a row indented by spaces stays indented; its words wrap */
	assert_string_equal(wrap_all("  ID  NAME", 80), "  ID  NAME");
	assert_string_equal(wrap_all("  abc def", 6), "  abc|def");
}

static void test_utf8_columns_and_sanitising(void **state)
{
	char buf[64];

	(void)state;
	/* "日" takes two columns */
	assert_int_equal(textwrap_width("a\xe6\x97\xa5" "b", true), 4);
	assert_string_equal(wrap_all("\xe6\x97\xa5\xe6\x97\xa5 \xe6\x97\xa5", 4),
			    "\xe6\x97\xa5\xe6\x97\xa5|\xe6\x97\xa5");
	/* escapes and invalid UTF-8 never reach a terminal */
	textwrap_copy("a\x1b]0;title\x07" "b\xff", 100, true, buf, sizeof(buf));
	assert_string_equal(buf, "a?]0;title?b?");
	textwrap_copy("caf\xc3\xa9", 100, false, buf, sizeof(buf));
	assert_string_equal(buf, "caf??");
	/* copy stops at n bytes and at the buffer's end */
	textwrap_copy("abcdef", 3, true, buf, sizeof(buf));
	assert_string_equal(buf, "abc");
	textwrap_copy("abcdef", 6, true, buf, 4);
	assert_string_equal(buf, "abc");
	assert_int_equal(textwrap_prefix("ab\xe6\x97\xa5" "c", 3, true), 2);
}

struct collected {
	char text[4096];
	size_t used;
	int width;
};

static void collect(void *ctx, const struct field *f, const char *line, int text_col)
{
	struct collected *c = ctx;

	(void)f;
	(void)text_col;
	assert_true(textwrap_width(line, true) <= c->width);
	c->used += (size_t)snprintf(c->text + c->used, sizeof(c->text) - c->used, "%s\n", line);
}

static void test_fields_layout(void **state)
{
	const struct fields_style style = { .indent = 2, .label_cols = 14, .mark = "*", .utf8 = true };
	struct collected c = { .width = 40 };
	struct fields f;

	(void)state;
	fields_init(&f);
	fields_add(&f, FIELD_NORMAL, "Allowed", NULL, "0, 1 or 2");
	fields_add(&f, FIELD_NORMAL, "Allowed", "0", "off: the JIT emits the constants as they are.");
	fields_add(&f, FIELD_CURRENT, "Allowed", "1", "JIT on");
	fields_add(&f, FIELD_NORMAL, "Takes effect", NULL, "At once.");
	fields_add(&f, FIELD_NORMAL, "Held by", NULL, "sshd (pid 1)");
	fields_add(&f, FIELD_NORMAL, "Held by", NULL, "bpftrace (pid 2)");
	/* too little room beside a long label: the text goes below it */
	fields_add(&f, FIELD_NORMAL, "A label longer than its column", NULL, "text");
	assert_int_equal(fields_render(&f, &style, c.width, collect, &c), 0);
	assert_string_equal(c.text,
			    "  Allowed:      0, 1 or 2\n"
			    "               0  off: the JIT emits the\n"
			    "                  constants as they are.\n"
			    "             * 1  JIT on\n"
			    "  Takes effect: At once.\n"
			    "  Held by:      sshd (pid 1)\n"
			    "                bpftrace (pid 2)\n"
			    "  A label longer than its column:\n"
			    "          text\n");
	fields_free(&f);
}

static void test_fields_narrow_width_puts_text_below(void **state)
{
	const struct fields_style style = { .indent = 0, .label_cols = 14, .mark = "*", .utf8 = true };
	struct collected c = { .width = 20 };
	struct fields f;

	(void)state;
	fields_init(&f);
	fields_add(&f, FIELD_NORMAL, "Recommended", NULL, "2, by KSPP and others");
	assert_int_equal(fields_render(&f, &style, c.width, collect, &c), 0);
	assert_string_equal(c.text, "Recommended:\n"
				    "     2, by KSPP and\n"
				    "     others\n");
	fields_free(&f);
}

/* A program's load time, as its "Loaded" field says it: the wall clock in
 * the local time zone, with the zone's name; "unknown" when the kernel gave
 * none. Zones as POSIX TZ strings, which need no zone files. */
static void test_load_time(void **state)
{
	struct timespec ts = { .tv_sec = 1700000000, .tv_nsec = 999999999 };
	struct prog_list list = { 0 };
	struct prog p = { .id = 7, .type_name = "xdp", .uid = 0, .user = "root" };
	struct fields f;
	const char *loaded = NULL;
	char buf[64];

	(void)state;
	setenv("TZ", "UTC0", 1);
	tzset();
	fields_format_time(&ts, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-14 22:13:20 UTC");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	fields_format_time(&ts, buf, sizeof(buf));
	assert_string_equal(buf, "2023-11-15 03:43:20 IST");
	fields_format_time(&(struct timespec){ 0 }, buf, sizeof(buf));
	assert_string_equal(buf, "unknown");
	/* a buffer too small for the date gets "unknown", never half a date */
	fields_format_time(&ts, buf, 12);
	assert_string_equal(buf, "unknown");

	p.load_time = ts;
	fields_init(&f);
	fields_prog(&list, &p, &f);
	for (size_t i = 0; i < f.nr; i++)
		if (!strcmp(f.v[i].label, "Loaded"))
			loaded = f.v[i].text;
	assert_non_null(loaded);
	assert_string_equal(loaded, "2023-11-15 03:43:20 IST by uid 0 (root)");
	fields_free(&f);
	unsetenv("TZ");
	tzset();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words_break_at_spaces),
		cmocka_unit_test(test_long_words_are_split_not_lost),
		cmocka_unit_test(test_indent_is_kept),
		cmocka_unit_test(test_utf8_columns_and_sanitising),
		cmocka_unit_test(test_fields_layout),
		cmocka_unit_test(test_fields_narrow_width_puts_text_below),
		cmocka_unit_test(test_load_time),
	};

	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		return 77;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
