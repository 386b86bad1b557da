/* Unit tests of core/base/sorted.h: the one lower bound behind every lookup of
 * an id or an address, over plain arrays and over structs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/sorted.h"

#define NR(a) (sizeof(a) / sizeof((a)[0]))

static void test_u32_array(void **state)
{
	const uint32_t ids[] = { 0, 3, 7, 7, 9, UINT32_MAX };

	(void)state;
	assert_false(sorted_u32_has(NULL, 0, 3)); /* nothing loaded */
	assert_false(sorted_u32_has(ids, 1, 3));
	assert_true(sorted_u32_has(ids, 1, 0));
	for (size_t i = 0; i < NR(ids); i++)
		assert_true(sorted_u32_has(ids, NR(ids), ids[i]));
	assert_false(sorted_u32_has(ids, NR(ids), 1));
	assert_false(sorted_u32_has(ids, NR(ids), 8));
	assert_false(sorted_u32_has(ids, NR(ids), UINT32_MAX - 1));
	/* the first of equal keys, and where a missing one would go */
	assert_int_equal(sorted_lower_bound(ids, NR(ids), sizeof(ids[0]), 0, 4, 7), 2);
	assert_int_equal(sorted_lower_bound(ids, NR(ids), sizeof(ids[0]), 0, 4, 8), 4);
	assert_int_equal(sorted_lower_bound(ids, NR(ids), sizeof(ids[0]), 0, 4, 0), 0);
	assert_int_equal(sorted_lower_bound(ids, NR(ids) - 1, sizeof(ids[0]), 0, 4, UINT32_MAX),
			 NR(ids) - 1);
}

static void test_u64_array(void **state)
{
	/* kernel addresses: the top bit set, so a signed compare would fail */
	const uint64_t addrs[] = { 0x1000, 0x7fffffffffffffff, 0xffffffffc0001000,
				   0xffffffffc0002000, UINT64_MAX };

	(void)state;
	for (size_t i = 0; i < NR(addrs); i++)
		assert_true(sorted_u64_has(addrs, NR(addrs), addrs[i]));
	assert_false(sorted_u64_has(addrs, NR(addrs), 0));
	assert_false(sorted_u64_has(addrs, NR(addrs), 0xffffffffc0001001));
	assert_false(sorted_u64_has(addrs, NR(addrs), 0x8000000000000000));
	assert_false(sorted_u64_has(addrs, 0, 0x1000));
}

struct by_id {
	char pad[3];
	uint32_t id;
	const char *what;
};

struct by_addr {
	const char *name;
	uint64_t addr;
};

struct by_fd {
	int fd;
	uint8_t kind;
};

static void test_struct_members(void **state)
{
	struct by_id ids[] = { { .id = 2, .what = "a" }, { .id = 5, .what = "b" },
			       { .id = 5, .what = "c" }, { .id = 4000000000u, .what = "d" } };
	const struct by_addr syms[] = { { "x", 0xffffffffc0001000 }, { "y", 0xffffffffc0001000 },
					{ "z", 0xffffffffc0003000 } };
	const struct by_fd fds[] = { { 0, 1 }, { 4, 2 }, { 1023, 3 } };

	(void)state;
	/* the first of equal ids, as a pointer into the array (writable) */
	assert_ptr_equal(SORTED_FIND(ids, NR(ids), id, 5), &ids[1]);
	assert_ptr_equal(SORTED_FIND(ids, NR(ids), id, 4000000000u), &ids[3]);
	assert_null(SORTED_FIND(ids, NR(ids), id, 3));
	assert_null(SORTED_FIND(ids, 0, id, 2));
	assert_ptr_equal(SORTED_FIND(syms, NR(syms), addr, 0xffffffffc0001000), &syms[0]);
	assert_int_equal(SORTED_LOWER_BOUND(syms, NR(syms), addr, 0xffffffffc0002000), 2);
	assert_null(SORTED_FIND(syms, NR(syms), addr, 0xffffffffc0002000));
	assert_ptr_equal(SORTED_FIND(fds, NR(fds), fd, 1023), &fds[2]);
	assert_null(SORTED_FIND(fds, NR(fds), fd, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u32_array),
		cmocka_unit_test(test_u64_array),
		cmocka_unit_test(test_struct_members),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
