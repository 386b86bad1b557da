/* Unit tests of tui/text/stats_cells.c, no kernel and no curses: the cells of the
 * statistics columns ("…" before a program's second reading, never 0),
 * numbers that fit their columns, and the sparklines in UTF-8 and ASCII. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "text/stats_cells.h"

#define SEC 1000000000ULL

static void test_cells(void **state)
{
	struct prog p;
	char buf[32];
	bool dim;

	(void)state;
	memset(&p, 0, sizeof(p));
	p.stats.rate.state = PROG_RATE_WAITING;
	stats_cells_cell(&p, COLUMNS_RUNS, buf, sizeof(buf), &dim);
	assert_string_equal(buf, STATSTEXT_WAITING);
	assert_true(dim);
	p.stats.rate = (struct prog_rate){ .state = PROG_RATE_KNOWN, .runs_per_s = 4012.5,
					   .avg_ns = 51.2, .cpu_percent = 0.0205 };
	stats_cells_cell(&p, COLUMNS_RUNS, buf, sizeof(buf), &dim);
	assert_string_equal(buf, "4.0k");
	stats_cells_cell(&p, COLUMNS_AVG_NS, buf, sizeof(buf), &dim);
	assert_string_equal(buf, "51");
	stats_cells_cell(&p, COLUMNS_CPU, buf, sizeof(buf), &dim);
	assert_string_equal(buf, "0.021"); /* a light program's share stays visible */
	/* no run in the interval: 0 runs/s, and no average rather than 0 ns */
	p.stats.rate = (struct prog_rate){ .state = PROG_RATE_KNOWN };
	stats_cells_cell(&p, COLUMNS_RUNS, buf, sizeof(buf), &dim);
	assert_string_equal(buf, "0");
	stats_cells_cell(&p, COLUMNS_AVG_NS, buf, sizeof(buf), &dim);
	assert_string_equal(buf, "-");
}

static void test_numbers_fit(void **state)
{
	static const double values[] = { 0.04, 0.5, 9.96, 99.4, 999.4, 999.96, 12345,
					 999949, 1.5e7, 4.2e9, 7e13 };
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		stats_cells_number(values[i], buf, sizeof(buf));
		assert_true(strlen(buf) <= 5); /* RUNS/S and AVG NS are 6 wide */
	}
	stats_cells_number(999.96, buf, sizeof(buf));
	assert_string_equal(buf, "1.0k");
	stats_cells_number(12345, buf, sizeof(buf));
	assert_string_equal(buf, "12.3k");
}

static void test_sparkline(void **state)
{
	uint64_t at[4] = { 1 * SEC, 31 * SEC, 46 * SEC, 61 * SEC };
	float v[4] = { NAN, 0, 50, 100 };
	char buf[256];
	double max;

	(void)state;
	/* four slices of 15 s: the first holds only the sample with no rate */
	stats_cells_spark(at, v, 4, 61 * SEC, 4, true, buf, sizeof(buf), &max);
	assert_string_equal(buf, " \u2581\u2585\u2588");
	assert_true(max == 100);
	stats_cells_spark(at, v, 4, 61 * SEC, 4, false, buf, sizeof(buf), &max);
	assert_string_equal(buf, " _+@"); /* the same levels: "_.-=+*#@" */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cells),
		cmocka_unit_test(test_numbers_fit),
		cmocka_unit_test(test_sparkline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
