/* Growing arrays (base/vec.h): what is pushed stays, in order; the room
 * doubles, so n appends move the array O(log n) times; a first reservation
 * is exact; a size that would overflow is refused with nothing changed. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "base/vec.h"

struct pair {
	uint32_t id;
	char tag[12];
};

static void test_push_keeps_order_and_doubles(void **state)
{
	struct pair *v = NULL;
	size_t nr = 0, cap = 0, grows = 0, last_cap = 0;

	(void)state;
	for (uint32_t i = 0; i < 10000; i++) {
		struct pair *p = VEC_PUSH(v, nr, cap);

		if (!p) {
			fail_msg("push %u refused", i);
			return;
		}
		assert_int_equal(p->id, 0); /* zeroed */
		assert_int_equal(p->tag[0], 0);
		p->id = i;
		if (cap != last_cap) {
			/* at least twice the room it had */
			assert_true(cap >= 2 * last_cap);
			grows++;
			last_cap = cap;
		}
	}
	assert_int_equal(nr, 10000);
	for (uint32_t i = 0; i < 10000; i++)
		assert_int_equal(v[i].id, i);
	/* from VEC_MIN_ROOM, doubling: 8, 16, ..., 16384 */
	assert_int_equal(grows, 12);
	free(v);
}

static void test_reserve_is_exact_first(void **state)
{
	uint64_t *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(VEC_RESERVE(v, cap, 1000), 0);
	assert_int_equal(cap, 1000);
	assert_int_equal(VEC_RESERVE(v, cap, 1000), 0); /* room enough: nothing moves */
	assert_int_equal(cap, 1000);
	assert_int_equal(VEC_RESERVE(v, cap, 1001), 0);
	assert_int_equal(cap, 2000);
	assert_int_equal(VEC_RESERVE(v, cap, 5000), 0); /* more than twice: what is asked */
	assert_int_equal(cap, 5000);
	free(v);
	v = NULL;
	cap = 0;
	assert_int_equal(VEC_RESERVE(v, cap, 1), 0);
	assert_int_equal(cap, VEC_MIN_ROOM);
	free(v);
}

static void test_insert_keeps_sorted(void **state)
{
	static const uint32_t in[] = { 50, 10, 30, 20, 40, 60, 5 };
	uint32_t *v = NULL;
	size_t nr = 0, cap = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		size_t at = 0;
		uint32_t *slot;

		while (at < nr && v[at] < in[i])
			at++;
		slot = VEC_INSERT(v, nr, cap, at);
		if (!slot) {
			fail_msg("insert at %zu refused", at);
			return;
		}
		assert_int_equal(*slot, 0);
		*slot = in[i];
	}
	assert_int_equal(nr, 7);
	for (size_t i = 1; i < nr; i++)
		assert_true(v[i - 1] < v[i]);
	assert_int_equal(v[0], 5);
	assert_int_equal(v[6], 60);
	free(v);
}

static void test_overflow_is_refused(void **state)
{
	struct pair *v = NULL, *kept;
	size_t nr = 0, cap = 0;

	(void)state;
	assert_non_null(VEC_PUSH(v, nr, cap));
	v[0].id = 7;
	kept = v;
	/* more elements than size_t bytes can hold: refused, not wrapped */
	assert_int_equal(VEC_RESERVE(v, cap, SIZE_MAX / sizeof(*v) + 1), -ENOMEM);
	assert_ptr_equal(v, kept);
	assert_int_equal(cap, VEC_MIN_ROOM);
	assert_int_equal(v[0].id, 7);
	/* a push past it is refused the same way, and changes nothing */
	nr = SIZE_MAX / sizeof(*v);
	cap = nr;
	assert_null(VEC_PUSH(v, nr, cap));
	assert_int_equal(nr, SIZE_MAX / sizeof(*v));
	assert_ptr_equal(v, kept);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_push_keeps_order_and_doubles),
		cmocka_unit_test(test_reserve_is_exact_first),
		cmocka_unit_test(test_insert_keeps_sorted),
		cmocka_unit_test(test_overflow_is_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
