/* Strict number parsing: what /proc files hold is a number or it is not. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "base/parse.h"
#include "base/units.h"

static int parse(const char *text, long *v)
{
	return parse_long_strict(text, strlen(text), v);
}

static void test_accepts_what_the_kernel_prints(void **state)
{
	long v = -7;

	(void)state;
	assert_int_equal(parse("0\n", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(parse("2", &v), 0);
	assert_int_equal(v, 2);
	assert_int_equal(parse("528482304\n", &v), 0);
	assert_int_equal(v, 528482304);
	assert_int_equal(parse("-1\n", &v), 0);
	assert_int_equal(v, -1);
	assert_int_equal(parse("9223372036854775807\n", &v), 0);
	assert_true(v == LONG_MAX);
}

static void test_refuses_everything_else(void **state)
{
	static const char *const bad[] = {
		"abc\n", "1x\n", " 1\n", "1 \n", "+1\n", "1\n\n", "0x10\n", "1.0\n", "-\n",
		"--1\n", "1\t\n", "\n1\n", "١\n", "1e3\n",
	};
	long v = 42;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &v), -EINVAL);
		assert_int_equal(v, 42);
	}
	assert_int_equal(parse_long_strict("1\0002", 3, &v), -EINVAL);
	assert_int_equal(v, 42);
}

static void test_empty_and_overflow_have_their_own_errors(void **state)
{
	long v = 42;

	(void)state;
	assert_int_equal(parse("", &v), -ENODATA);
	assert_int_equal(parse("\n", &v), -ENODATA);
	assert_int_equal(parse("9223372036854775808\n", &v), -ERANGE);
	assert_int_equal(parse("-9223372036854775809\n", &v), -ERANGE);
	assert_int_equal(parse("123456789012345678901234567890123456789\n", &v), -ERANGE);
	assert_int_equal(v, 42);
}

static void test_bytes_read_as_people_say_them(void **state)
{
	char buf[32];

	(void)state;
	units_format_bytes(0, buf, sizeof(buf));
	assert_string_equal(buf, "0 bytes");
	units_format_bytes(1, buf, sizeof(buf));
	assert_string_equal(buf, "1 byte");
	units_format_bytes(1023, buf, sizeof(buf));
	assert_string_equal(buf, "1023 bytes");
	units_format_bytes(4096, buf, sizeof(buf));
	assert_string_equal(buf, "4 KiB");
	units_format_bytes(504UL << 20, buf, sizeof(buf));
	assert_string_equal(buf, "504 MiB");
	units_format_bytes((1UL << 30) + (1UL << 29), buf, sizeof(buf));
	assert_string_equal(buf, "1.5 GiB");
	units_format_bytes(1056964608, buf, sizeof(buf));
	assert_string_equal(buf, "1008 MiB");
}

static void test_counts_in_groups(void **state)
{
	static const struct {
		uint64_t n;
		const char *text;
	} cases[] = {
		{ 0, "0" }, { 12, "12" }, { 999, "999" }, { 1000, "1,000" }, { 4000, "4,000" },
		{ 65536, "65,536" }, { 1048576, "1,048,576" },
		{ UINT64_MAX, "18,446,744,073,709,551,615" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		units_format_count(cases[i].n, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_what_the_kernel_prints),
		cmocka_unit_test(test_refuses_everything_else),
		cmocka_unit_test(test_empty_and_overflow_have_their_own_errors),
		cmocka_unit_test(test_bytes_read_as_people_say_them),
		cmocka_unit_test(test_counts_in_groups),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
