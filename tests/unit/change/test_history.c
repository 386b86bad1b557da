/* The session's history: what undo walks back through, and how each
 * outcome reads in the history view. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "change/history.h"

static struct change_outcome done(long before, long after)
{
	return (struct change_outcome){ .stage = CHANGE_STAGE_DONE, .shown = before,
					.before = before, .requested = after, .after = after };
}

static void test_undo_walks_back(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	const struct knob_def *limit = &knob_table[KNOB_JIT_LIMIT];
	struct change_outcome refused = { .stage = CHANGE_STAGE_WRITE, .error = -EINVAL,
					  .written = true, .requested = 5 };
	struct change_outcome dry = done(0, 1);
	struct history h = { 0 };
	struct change_outcome o;

	(void)state;
	dry.dry_run = true;
	assert_int_equal(history_undo_target(&h), HISTORY_NONE);
	assert_int_equal(history_add(&h, harden, &dry, 1, HISTORY_NONE), 0);
	assert_int_equal(history_undo_target(&h), HISTORY_NONE); /* a dry run changed nothing */
	o = done(0, 2);
	assert_int_equal(history_add(&h, harden, &o, 2, HISTORY_NONE), 0);
	o = done(100, 200);
	assert_int_equal(history_add(&h, limit, &o, 3, HISTORY_NONE), 0);
	assert_int_equal(history_add(&h, harden, &refused, 4, HISTORY_NONE), 0);
	assert_true(history_changed(&h, harden));
	assert_int_equal(history_undo_target(&h), 2); /* the newest that took effect */

	/* a refused undo leaves the target; an applied one moves to the one before */
	assert_int_equal(history_add(&h, limit, &refused, 5, 2), 0);
	assert_false(h.v[2].undone);
	o = done(200, 100);
	assert_int_equal(history_add(&h, limit, &o, 6, 2), 0);
	assert_true(h.v[2].undone);
	assert_int_equal(history_undo_target(&h), 1);
	o = done(2, 0);
	assert_int_equal(history_add(&h, harden, &o, 7, 1), 0);
	assert_int_equal(history_undo_target(&h), HISTORY_NONE); /* undoes are not undone */
	history_free(&h);
	assert_int_equal(h.nr, 0);
}

static void test_results_read_well(void **state)
{
	const struct knob_def *harden = &knob_table[KNOB_JIT_HARDEN];
	struct history_entry e = { .def = harden, .undo_of = HISTORY_NONE };
	char text[128];

	(void)state;
	e.out = done(0, 2);
	history_result(&e, text, sizeof(text));
	assert_string_equal(text, "applied");
	e.undone = true;
	history_result(&e, text, sizeof(text));
	assert_string_equal(text, "applied, undone later");
	e.out.dry_run = true;
	e.undone = false;
	history_result(&e, text, sizeof(text));
	assert_string_equal(text, "dry run, nothing written");
	e.out = (struct change_outcome){ .stage = CHANGE_STAGE_WRITE, .error = -EINVAL };
	history_result(&e, text, sizeof(text));
	assert_string_equal(text, "refused by the kernel (EINVAL)");
	e.out = (struct change_outcome){ .stage = CHANGE_STAGE_REREAD, .error = -ESTALE };
	history_result(&e, text, sizeof(text));
	assert_string_equal(text, "stopped: changed since shown");
	e.out = (struct change_outcome){ .stage = CHANGE_STAGE_VERIFY, .error = -EIO, .after = 1 };
	history_result(&e, text, sizeof(text));
	assert_string_equal(text, "written, but reads back as 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_undo_walks_back),
		cmocka_unit_test(test_results_read_well),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
