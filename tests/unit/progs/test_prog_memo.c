/* Unit tests of core/progs/prog_memo.c, no kernel: what the program list keeps
 * of each id from one refresh to the next. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "progs/prog_memo.h"

#define NR(a) (sizeof(a) / sizeof((a)[0]))

/* A list of programs with the given ids (sorted), as prog_session_refresh() gives. */
static struct prog_list list_of(struct prog *progs, const uint32_t *ids, size_t nr)
{
	memset(progs, 0, nr * sizeof(*progs));
	for (size_t i = 0; i < nr; i++) {
		progs[i].id = ids[i];
		progs[i].memlock = 4096 * ids[i];
		progs[i].nr_syms = ids[i] % 3;
		progs[i].nr_map_ids = ids[i] % 2;
	}
	return (struct prog_list){ .progs = progs, .nr_progs = nr };
}

static void test_facts_by_id(void **state)
{
	const uint32_t ids1[] = { 3, 7, 9 }, ids2[] = { 7, 9, 12 };
	struct prog progs[3];
	struct prog_list list = list_of(progs, ids1, NR(ids1));
	struct prog_memo memo = { 0 };
	const struct prog_memo_entry *e;

	(void)state;
	assert_null(prog_memo_find(&memo, 3)); /* a zeroed memo is an empty one */
	progs[1].btf_name = "bk_btf_func_name_longer_than_fifteen";
	assert_int_equal(prog_memo_update(&memo, &list), 0);
	e = prog_memo_find(&memo, 7);
	assert_non_null(e);
	assert_string_equal(e->btf_name, progs[1].btf_name);
	assert_ptr_not_equal(e->btf_name, progs[1].btf_name); /* a copy */
	assert_int_equal(e->memlock, 7 * 4096);
	assert_int_equal(e->nr_funcs, 1);
	assert_int_equal(e->nr_maps, 1);
	assert_int_equal(prog_memo_find(&memo, 3)->nr_funcs, 1); /* at least one */

	/* the next refresh: 3 went, 12 came; 7 keeps what was read for it
	 * even when the list no longer carries it */
	list = list_of(progs, ids2, NR(ids2));
	assert_int_equal(prog_memo_update(&memo, &list), 0);
	assert_null(prog_memo_find(&memo, 3));
	assert_int_equal(memo.nr, 3);
	assert_null(prog_memo_find(&memo, 12)->btf_name);
	progs[0].btf_name = "bk_btf_func_name_longer_than_fifteen";
	assert_int_equal(prog_memo_update(&memo, &list), 0);
	assert_string_equal(prog_memo_find(&memo, 7)->btf_name, progs[0].btf_name);
	prog_memo_free(&memo);
	assert_int_equal(memo.nr, 0);
}

/* The enumeration's lookups, in the ascending order BPF_PROG_GET_NEXT_ID
 * gives ids, find what a search finds, and so does one asked out of order. */
static void test_find_next(void **state)
{
	const uint32_t ids[] = { 3, 7, 9, 12 }, asked[] = { 1, 3, 5, 7, 7, 12, 13, 9, 3, 14 };
	struct prog progs[4];
	struct prog_list list = list_of(progs, ids, NR(ids));
	struct prog_memo memo = { 0 };
	size_t cursor = 0;

	(void)state;
	assert_null(prog_memo_find_next(&memo, &cursor, 3));
	assert_int_equal(prog_memo_update(&memo, &list), 0);
	for (size_t i = 0; i < NR(asked); i++)
		assert_ptr_equal(prog_memo_find_next(&memo, &cursor, asked[i]),
				 prog_memo_find(&memo, asked[i]));
	assert_int_equal(prog_memo_find_next(&memo, &cursor, 12)->id, 12);
	prog_memo_free(&memo);
}

static void test_one_recheck_per_program(void **state)
{
	const uint32_t ids[] = { 3, 7 };
	struct prog progs[2];
	struct prog_list list = list_of(progs, ids, NR(ids));
	struct prog_memo memo = { 0 };

	(void)state;
	assert_false(prog_memo_claim_recheck(&memo, 3)); /* not listed yet */
	assert_int_equal(prog_memo_update(&memo, &list), 0);
	assert_true(prog_memo_claim_recheck(&memo, 3));
	assert_false(prog_memo_claim_recheck(&memo, 3));
	assert_int_equal(prog_memo_update(&memo, &list), 0);
	assert_false(prog_memo_claim_recheck(&memo, 3)); /* kept across refreshes */
	assert_true(prog_memo_claim_recheck(&memo, 7));
	prog_memo_free(&memo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_facts_by_id),
		cmocka_unit_test(test_find_next),
		cmocka_unit_test(test_one_recheck_per_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
