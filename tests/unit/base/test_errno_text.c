/* An errno's sentence in a context (base/errno_text.h): the first row that
 * names the errno, else the last row; a fixed text, or one written from
 * the context. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "base/errno_text.h"

static void write_name(const void *ctx, char *buf, size_t size)
{
	snprintf(buf, size, "No such thing: %s.", (const char *)ctx);
}

static const struct errno_text table[] = {
	{ .err = 0, .text = NULL },
	{ .err = -EPERM, .text = "Needs root." },
	{ .err = -EACCES, .text = "%s needs root." },
	{ .err = -EPERM, .text = "never: the first row for an errno wins" },
	{ .err = -ENOENT, .write = write_name },
	{ .err = ERRNO_TEXT_OTHER, .text = "Refused." },
};

static void test_rows(void **state)
{
	char buf[64];

	(void)state;
	assert_null(errno_text_row(table, 0)->text);
	assert_string_equal(errno_text_row(table, -EPERM)->text, "Needs root.");
	assert_string_equal(errno_text_row(table, -EACCES)->text, "%s needs root.");
	/* every errno no row names: the last row */
	assert_string_equal(errno_text_row(table, -EIO)->text, "Refused.");
	assert_string_equal(errno_text_row(table, EPERM)->text, "Refused."); /* not negated */

	errno_text_write(table, -ENOENT, NULL, "bpf_jit_foo", buf, sizeof(buf));
	assert_string_equal(buf, "No such thing: bpf_jit_foo.");
	errno_text_write(table, -EPERM, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "Needs root.");
	/* the subject where the sentence names it */
	errno_text_write(table, -EACCES, "net.core.bpf_jit_harden", NULL, buf, sizeof(buf));
	assert_string_equal(buf, "net.core.bpf_jit_harden needs root.");
	errno_text_write(table, -EACCES, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, " needs root.");
	errno_text_write(table, 0, NULL, NULL, buf, sizeof(buf));
	assert_string_equal(buf, "");
	errno_text_write(table, -E2BIG, NULL, NULL, buf, 5); /* cut, and terminated */
	assert_string_equal(buf, "Refu");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
