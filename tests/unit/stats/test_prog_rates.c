/* Unit tests of the rate maths (core/stats/prog_rates.c) and of the rates the
 * per-id memory keeps (core/progs/prog_memo.c), no kernel: what RUNS/S, AVG NS
 * and CPU% show after each refresh, "…" (WAITING) where no honest rate
 * exists yet, and the last minute of history. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "progs/prog_memo.h"

#define SEC 1000000000ULL

static void test_rate_between_two_readings(void **state)
{
	struct prog_counters a = { .run_cnt = 1000, .run_time_ns = 50000, .at_ns = 10 * SEC };
	struct prog_counters b = { .run_cnt = 3000, .run_time_ns = 250000,
				   .at_ns = 10 * SEC + 2 * SEC };
	struct prog_rate r;

	(void)state;
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_KNOWN);
	assert_true(fabs(r.runs_per_s - 1000.0) < 1e-9);    /* 2000 runs in 2 s */
	assert_true(fabs(r.avg_ns - 100.0) < 1e-9);         /* 200000 ns over 2000 runs */
	assert_true(fabs(r.cpu_percent - 0.01) < 1e-12);    /* 200 us of 2 s of one core */

	/* no run in the interval: 0 runs/s and no average, which is no idle lie:
	 * statistics were on and counted nothing */
	a = b;
	b.at_ns += SEC;
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_KNOWN);
	assert_true(r.runs_per_s == 0 && r.avg_ns == 0 && r.cpu_percent == 0);

	/* several CPUs at once: more than one core's worth */
	b.run_cnt += 10;
	b.run_time_ns += 3 * SEC;
	b.at_ns += SEC;
	a.at_ns = b.at_ns - SEC;
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_KNOWN);
	assert_true(fabs(r.cpu_percent - 300.0) < 1e-9);
}

static void test_counters_going_back_start_afresh(void **state)
{
	struct prog_counters a = { .run_cnt = 5000, .run_time_ns = 900000, .at_ns = SEC };
	struct prog_counters b = { .run_cnt = 12, .run_time_ns = 1200, .at_ns = 2 * SEC };
	struct prog_rate r;

	(void)state;
	/* another program under the same id: its counters began at 0 */
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_WAITING);
	assert_true(r.runs_per_s == 0 && r.cpu_percent == 0);
	/* only the run time went back: the same */
	b.run_cnt = 6000;
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_WAITING);
}

static void test_clock_steps(void **state)
{
	struct prog_counters a = { .run_cnt = 10, .run_time_ns = 100, .at_ns = 5 * SEC };
	struct prog_counters b = { .run_cnt = 20, .run_time_ns = 200, .at_ns = 5 * SEC };
	struct prog_rate r;

	(void)state;
	/* no time passed, or the clock went back: no division, no rate */
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_WAITING);
	b.at_ns = 4 * SEC;
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_WAITING);
	/* a long pause (the browser stopped for 100 s): the average over it */
	b.at_ns = 105 * SEC;
	assert_int_equal(prog_rate_between(&a, &b, &r), PROG_RATE_KNOWN);
	assert_true(fabs(r.runs_per_s - 0.1) < 1e-12);
}

/* A list of one program with these counters, as prog_session_refresh() fills it. */
static void one(struct prog *p, struct prog_list *l, uint32_t id, uint64_t cnt,
		uint64_t ns)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->stats.run_cnt = cnt;
	p->stats.run_time_ns = ns;
	*l = (struct prog_list){ .progs = p, .nr_progs = 1 };
}

static void test_first_sample_waits_then_rates(void **state)
{
	struct prog_memo memo = { 0 };
	struct prog_history h;
	struct prog p;
	struct prog_list l;

	(void)state;
	/* statistics off: no rate and nothing kept */
	one(&p, &l, 7, 0, 0);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, false, 1 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_OFF);
	assert_null(prog_memo_find(&memo, 7)->rates);

	/* on: the first interval shows "…", not 0 */
	one(&p, &l, 7, 100, 1000);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, true, 2 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_WAITING);

	one(&p, &l, 7, 600, 51000);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, true, 3 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_KNOWN);
	assert_true(fabs(p.stats.rate.runs_per_s - 500) < 1e-9);
	assert_true(fabs(p.stats.rate.avg_ns - 100) < 1e-9);

	/* off and on again: the interval across the pause is no rate */
	one(&p, &l, 7, 600, 51000);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, false, 4 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_OFF);
	assert_null(prog_memo_find(&memo, 7)->rates);
	one(&p, &l, 7, 900, 60000);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, true, 10 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_WAITING);
	prog_memo_history(&memo, 7, &h);
	assert_int_equal(h.nr, 1);
	assert_true(isnan(h.runs[0]));

	/* a new program under the id keeps nothing of the old one's counters */
	one(&p, &l, 7, 3, 30);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, true, 11 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_WAITING);
	one(&p, &l, 7, 13, 130);
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, true, 12 * SEC), 0);
	assert_int_equal(p.stats.rate.state, PROG_RATE_KNOWN);
	assert_true(fabs(p.stats.rate.runs_per_s - 10) < 1e-9);

	/* the program goes: its memory goes with it */
	l.nr_progs = 0;
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	prog_memo_history(&memo, 7, &h);
	assert_int_equal(h.nr, 0);
	prog_memo_free(&memo);
}

static void test_history_is_the_last_minute(void **state)
{
	struct prog_memo memo = { 0 };
	struct prog_history h;
	struct prog p;
	struct prog_list l;
	uint64_t cnt = 0;

	(void)state;
	/* 200 refreshes, 1 s apart, the program running i times in second i */
	for (int i = 0; i < 200; i++) {
		cnt += (uint64_t)i;
		one(&p, &l, 42, cnt, cnt * 10);
		assert_int_equal(prog_memo_update(&memo, &l), 0);
		assert_int_equal(prog_memo_rates(&memo, &l, true, (uint64_t)(i + 1) * SEC), 0);
	}
	prog_memo_history(&memo, 42, &h);
	/* bounded: 60 samples, and none older than a minute before the last */
	assert_int_equal(h.nr, 60);
	assert_true(h.at_ns[59] - h.at_ns[0] <= PROG_RATES_WINDOW_NS);
	for (size_t i = 1; i < h.nr; i++)
		assert_true(h.at_ns[i] > h.at_ns[i - 1]);
	assert_true(fabs(h.runs[59] - 199) < 1e-3);
	assert_true(fabs(h.runs[0] - 140) < 1e-3);
	assert_true(fabs(h.cpu[59] - 199 * 10 * 100 / 1e9) < 1e-9);

	/* refreshes 10 s apart: six of them make the minute */
	for (int i = 0; i < 20; i++) {
		one(&p, &l, 42, cnt, cnt * 10);
		assert_int_equal(prog_memo_update(&memo, &l), 0);
		assert_int_equal(prog_memo_rates(&memo, &l, true, (uint64_t)(201 + 10 * i) * SEC),
				 0);
	}
	prog_memo_history(&memo, 42, &h);
	assert_int_equal(h.nr, 7);
	prog_memo_free(&memo);
}

/* An idle program keeps no ring, yet its history is its zeros; the ring
 * comes with the first run and keeps the zeros before it. */
static void test_idle_program_costs_the_header_alone(void **state)
{
	struct prog_memo memo = { 0 };
	struct prog_history h;
	struct prog p;
	struct prog_list l;

	(void)state;
	for (int i = 0; i < 5; i++) {
		one(&p, &l, 9, 77, 7700); /* counted once, long ago: no run now */
		assert_int_equal(prog_memo_update(&memo, &l), 0);
		assert_int_equal(prog_memo_rates(&memo, &l, true, (uint64_t)(i + 1) * SEC), 0);
	}
	assert_int_equal(p.stats.rate.state, PROG_RATE_KNOWN);
	assert_true(p.stats.rate.runs_per_s == 0);
	assert_null(prog_memo_find(&memo, 9)->rates->ring);
	prog_memo_history(&memo, 9, &h);
	assert_int_equal(h.nr, 5);
	assert_true(isnan(h.runs[0])); /* one reading: no rate */
	for (size_t i = 1; i < h.nr; i++)
		assert_true(h.runs[i] == 0 && h.cpu[i] == 0);

	one(&p, &l, 9, 177, 17700); /* 100 runs in the sixth second */
	assert_int_equal(prog_memo_update(&memo, &l), 0);
	assert_int_equal(prog_memo_rates(&memo, &l, true, 6 * SEC), 0);
	assert_non_null(prog_memo_find(&memo, 9)->rates->ring);
	prog_memo_history(&memo, 9, &h);
	assert_int_equal(h.nr, 6);
	assert_true(isnan(h.runs[0]));
	for (size_t i = 1; i < 5; i++)
		assert_true(h.runs[i] == 0);
	assert_true(fabs(h.runs[5] - 100) < 1e-3);
	prog_memo_free(&memo);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rate_between_two_readings),
		cmocka_unit_test(test_counters_going_back_start_afresh),
		cmocka_unit_test(test_clock_steps),
		cmocka_unit_test(test_first_sample_waits_then_rates),
		cmocka_unit_test(test_history_is_the_last_minute),
		cmocka_unit_test(test_idle_program_costs_the_header_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
