/* Strict number parsing: what /proc files hold is a number or it is not;
 * a sysctl's value, and a key's number in fdinfo. */
#include <errno.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/fdinfo.h"
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

static void test_fdinfo_numbers(void **state)
{
	static const char prog[] = "pos:\t0\nflags:\t02000002\nprog_type:\t1\n"
				   "prog_tag:\t6fbade3397357240\nmemlock:\t4096\nprog_id:\t3028\n"
				   "run_time_ns:\t18446744073709551615";
	uint64_t v = 7;

	(void)state;
	assert_int_equal(fdinfo_u64(prog, "memlock:", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(fdinfo_u64(prog, "prog_id:", &v), 0);
	assert_int_equal(v, 3028);
	/* the last line may lack its '\n'; the whole u64 range */
	assert_int_equal(fdinfo_u64(prog, "run_time_ns:", &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(fdinfo_u64("memlock: \t 12\n", "memlock:", &v), 0);
	assert_int_equal(v, 12);
	/* the first line with the key decides */
	assert_int_equal(fdinfo_u64("a:\t1\na:\t2\n", "a:", &v), 0);
	assert_int_equal(v, 1);

	/* absent: only at the start of a line counts */
	v = 7;
	assert_int_equal(fdinfo_u64(prog, "map_id:", &v), -ENOENT);
	assert_int_equal(fdinfo_u64("xmemlock:\t5\n", "memlock:", &v), -ENOENT);
	assert_int_equal(fdinfo_u64("", "memlock:", &v), -ENOENT);
	/* no number, or more than one */
	assert_int_equal(fdinfo_u64("memlock:\tx\n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t\n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t-1\n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t+1\n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t12 \n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t12 kB\n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t0x10\n", "memlock:", &v), -EINVAL);
	assert_int_equal(fdinfo_u64("memlock:\t18446744073709551616\n", "memlock:", &v), -ERANGE);
	assert_int_equal(v, 7); /* untouched on failure */
}

/* This process's own fdinfo, through the root: a memfd's position. */
static void test_fdinfo_of_an_own_fd(void **state)
{
	struct procroot live, tree;
	uint64_t pos = 7;
	int fd = memfd_create("bpfknobs-test", MFD_CLOEXEC);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "abc", 3), 3);
	assert_int_equal(procroot_init(&live, NULL), 0);
	assert_int_equal(fdinfo_own_u64(&live, fd, "pos:", &pos), 0);
	assert_int_equal(pos, 3);
	assert_int_equal(fdinfo_own_u64(&live, fd, "memlock:", &pos), -ENOENT);
	/* a tree without that fd's fdinfo */
	assert_int_equal(procroot_init(&tree, "/nonexistent"), 0);
	assert_int_equal(fdinfo_own_u64(&tree, fd, "pos:", &pos), -ENOENT);
	close(fd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_accepts_what_the_kernel_prints),
		cmocka_unit_test(test_refuses_everything_else),
		cmocka_unit_test(test_empty_and_overflow_have_their_own_errors),
		cmocka_unit_test(test_bytes_read_as_people_say_them),
		cmocka_unit_test(test_counts_in_groups),
		cmocka_unit_test(test_fdinfo_numbers),
		cmocka_unit_test(test_fdinfo_of_an_own_fd),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
