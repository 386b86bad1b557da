/* The browser's view logic without a terminal (libtui.a, linked without
 * ncurses), part 1: fitting text into columns in UTF-8 and ASCII, wrapping,
 * sizes and times, column widths, the screen layout at the sizes people
 * use, and the list widget. Part 2 is test_view_state.c. */
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

#include "text/columns.h"
#include "text/format.h"
#include "text/layout.h"
#include "text/list.h"
#include "text/text.h"

/* ---- text ---- */

static void test_width(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc", true), 3);
	assert_int_equal(text_width("caf\xc3\xa9", true), 4);         /* é */
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac", true), 4); /* 日本: wide */
	assert_int_equal(text_width("caf\xc3\xa9", false), 5);        /* two '?' */
	assert_int_equal(text_width("a\tb\x1b", true), 4);            /* controls: '?' */
	assert_int_equal(text_width("\xff\xc3", true), 2);            /* invalid: '?' each */
	assert_int_equal(text_width("", true), 0);
}

static void test_fit_sanitises(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(text_fit("a\x1b[2Jb", 10, true, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "a?[2Jb");
	text_fit("caf\xc3\xa9", 10, false, buf, sizeof(buf));
	assert_string_equal(buf, "caf??");
	text_fit("caf\xc3\xa9", 10, true, buf, sizeof(buf));
	assert_string_equal(buf, "caf\xc3\xa9");
	text_fit("\xed\xa0\x80x", 10, true, buf, sizeof(buf)); /* a surrogate: invalid */
	assert_string_equal(buf, "???x");
}

static void test_fit_cuts_with_an_ellipsis(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(text_fit("abcdefghij", 10, true, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "abcdefghij");
	assert_int_equal(text_fit("abcdefghij", 5, true, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "abcd\xe2\x80\xa6");
	assert_int_equal(text_fit("abcdefghij", 5, false, buf, sizeof(buf)), 5);
	assert_string_equal(buf, "ab...");
	/* too narrow for the ellipsis: cut bare */
	assert_int_equal(text_fit("abcdefghij", 2, false, buf, sizeof(buf)), 2);
	assert_string_equal(buf, "ab");
	assert_int_equal(text_fit("abc", 0, true, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "");
	/* a wide character is never split */
	assert_int_equal(text_fit("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, true, buf,
				  sizeof(buf)), 3);
	assert_string_equal(buf, "\xe6\x97\xa5\xe2\x80\xa6");
	/* a buffer too small for everything stays terminated */
	text_fit("abcdefghij", 10, true, buf, 4);
	assert_string_equal(buf, "abc");
}

static void test_pad(void **state)
{
	char buf[64];

	(void)state;
	text_pad("42", 6, true, true, buf, sizeof(buf));
	assert_string_equal(buf, "    42");
	text_pad("ab", 4, false, true, buf, sizeof(buf));
	assert_string_equal(buf, "ab  ");
	text_pad("\xe2\x96\xb8x", 4, false, true, buf, sizeof(buf));
	assert_int_equal(text_width(buf, true), 4);
	text_pad("abcdef", 4, false, false, buf, sizeof(buf));
	assert_string_equal(buf, "a...");
	assert_int_equal(text_prefix("ab\xe6\x97\xa5" "c", 3, true), 2);
	assert_int_equal(text_prefix("ab\xe6\x97\xa5" "c", 4, true), 5);
}

static void test_wrap(void **state)
{
	struct text_lines t;

	(void)state;
	text_lines_init(&t, 30, true);
	text_lines_wrap(&t, 0, "Default:", 10,
			"2, because CONFIG_BPF_UNPRIV_DEFAULT_OFF is set and more words follow");
	assert_false(t.oom);
	assert_true(t.nr >= 3);
	assert_true(!strncmp(t.v[0].s, "Default:  2, because", 20));
	for (size_t i = 0; i < t.nr; i++) {
		assert_true(text_width(t.v[i].s, true) <= 30);
		assert_int_equal(t.v[i].label_cols, 10);
		if (i)
			assert_true(!strncmp(t.v[i].s, "          ", 10) && t.v[i].s[10] != ' ');
	}
	/* a word longer than the line is split across lines: nothing lost,
	 * nothing past the width */
	text_lines_wrap(&t, 0, "", 0, "x /a/very/long/path/that/does/not/fit/in/thirty/columns");
	assert_string_equal(t.v[t.nr - 3].s, "x");
	assert_string_equal(t.v[t.nr - 2].s, "/a/very/long/path/that/does/no");
	assert_string_equal(t.v[t.nr - 1].s, "t/fit/in/thirty/columns");
	text_lines_add(&t, 3, "a line that is far too long to fit the thirty columns");
	assert_int_equal(text_width(t.v[t.nr - 1].s, true), 30);
	assert_int_equal(t.v[t.nr - 1].role, 3);
	text_lines_free(&t);
	assert_int_equal(t.nr, 0);
}

/* ---- formats ---- */

static void test_format_size_cell(void **state)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
		{ 0, "0 B" },          { 33, "33 B" },         { 1023, "1023 B" },
		{ 1024, "1.0 KiB" },   { 1536, "1.5 KiB" },    { 10239, "10 KiB" },
		{ 10240, "10 KiB" },   { 1048575, "1.0 MiB" }, { 528482304, "504 MiB" },
		{ 1073741824, "1.0 GiB" }, { 1022976, "999 KiB" }, { 1047552, "1.0 MiB" },
	};
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		format_size_cell(cases[i].bytes, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].text);
	}
	/* the JIT column is 7 wide: nothing may be wider */
	for (uint64_t b = 1; b < UINT64_MAX / 3; b = b * 3 + 1) {
		format_size_cell(b, buf, sizeof(buf));
		assert_true(strlen(buf) <= 7);
	}
	/* nor just below each unit's next one, where "1023 KiB" would be 8 */
	for (uint64_t unit = 1024; unit < UINT64_MAX / 1024; unit *= 1024)
		for (uint64_t b = unit * 999; b < unit * 1024; b += unit / 4) {
			format_size_cell(b, buf, sizeof(buf));
			assert_true(strlen(buf) <= 7);
		}
}

static void test_format_interval(void **state)
{
	char buf[64];

	(void)state;
	format_interval(1, buf, sizeof(buf));
	assert_string_equal(buf, "1 s");
	format_interval(0.5, buf, sizeof(buf));
	assert_string_equal(buf, "0.5 s");
	format_interval(0.25, buf, sizeof(buf));
	assert_string_equal(buf, "0.25 s");
	format_interval(90, buf, sizeof(buf));
	assert_string_equal(buf, "90 s");
	format_interval(3600, buf, sizeof(buf));
	assert_string_equal(buf, "60 min");
}

/* ---- columns and layout ---- */

/* The budgets' promises at one width: every column shown has at least its
 * minimum (an id whole); columns are taken in priority order, so none is
 * missing while one of lower priority shows; every one taken but the last
 * has its ideal width; the table is exactly as wide as the room, unless
 * even ID and NAME at their minimums are wider. */
static void check_columns(int cols, int id_width, bool stats)
{
	int w[COLUMNS__COUNT], sum = -1, last_prio = -1, least;

	columns_widths(cols, id_width, stats, w);
	for (int i = 0; i < COLUMNS__COUNT; i++) {
		int min = i == COLUMNS_ID && id_width > columns_table[i].min ? id_width
									     : columns_table[i].min;

		if (!w[i]) {
			assert_true(i != COLUMNS_ID && i != COLUMNS_NAME);
			continue;
		}
		assert_true(columns_shown(i, stats));
		assert_true(w[i] >= min);
		sum += 1 + w[i];
		if (columns_table[i].priority > last_prio)
			last_prio = columns_table[i].priority;
	}
	for (int i = 0; i < COLUMNS__COUNT; i++) {
		int ideal = i == COLUMNS_ID && id_width > columns_table[i].ideal
				    ? id_width : columns_table[i].ideal;

		if (!columns_shown(i, stats))
			continue;
		/* taken in priority order */
		if (columns_table[i].priority < last_prio)
			assert_true(w[i] > 0);
		if (w[i] && columns_table[i].priority < last_prio)
			assert_true(w[i] >= ideal);
	}
	least = (id_width > columns_table[COLUMNS_ID].min ? id_width : columns_table[COLUMNS_ID].min) +
		1 + columns_table[COLUMNS_NAME].min;
	assert_int_equal(sum, cols < least ? least : cols);
}

static void test_columns(void **state)
{
	int w[COLUMNS__COUNT];

	(void)state;
	for (int cols = 20; cols <= 400; cols++)
		for (int id_width = 1; id_width <= 10; id_width++)
			check_columns(cols, id_width, false), check_columns(cols, id_width, true);
	/* 80 columns (78 for the table): ID, TYPE, NAME, the JIT's state,
	 * OWNER and ATTACHED; a 16-character name and a 22-column short form
	 * of an attachment whole, no symbol column */
	columns_widths(78, 6, false, w);
	assert_int_equal(w[COLUMNS_ID], 7);
	assert_int_equal(w[COLUMNS_TYPE], 12);
	assert_int_equal(w[COLUMNS_NAME], 16);
	assert_int_equal(w[COLUMNS_JIT], 8);
	assert_int_equal(w[COLUMNS_SYMBOL], 0);
	assert_int_equal(w[COLUMNS_OWNER], 8);
	assert_int_equal(w[COLUMNS_ATTACHED], 22);
	/* the largest u32 id, 4294967295, whole at 80 columns; the name too */
	columns_widths(78, 10, false, w);
	assert_int_equal(w[COLUMNS_ID], 10);
	assert_true(w[COLUMNS_NAME] >= 16);
	assert_true(w[COLUMNS_ATTACHED] >= 22);
	/* 120 columns: the symbol's readable part comes, and ATTACHED has room
	 * for "raw_tp sched_process_exec" */
	columns_widths(118, 6, false, w);
	assert_true(w[COLUMNS_SYMBOL] >= 20);
	assert_true(w[COLUMNS_ATTACHED] >= 25);
	assert_true(w[COLUMNS_NAME] >= 16);
	assert_true(w[COLUMNS_OWNER] >= 13);
	/* 200 columns: a whole bpf_prog_<tag>_<name> symbol, the longest type,
	 * owners with their pids */
	columns_widths(198, 6, false, w);
	assert_true(w[COLUMNS_SYMBOL] >= 44);
	assert_int_equal(w[COLUMNS_TYPE], 23); /* "raw_tracepoint_writable" */
	assert_int_equal(w[COLUMNS_OWNER], columns_table[COLUMNS_OWNER].max);
	assert_true(w[COLUMNS_ATTACHED] >= 40);
	assert_int_equal(w[COLUMNS_NAME], 40); /* full (BTF) names, past the kernel's 15 */
	/* statistics on at 80 columns, with 7-digit ids: RUNS/S, AVG NS and
	 * CPU% whole ("999k", "12.3k", "0.011"), the attachment after them */
	columns_widths(78, 7, true, w);
	assert_int_equal(w[COLUMNS_RUNS], 6);
	assert_int_equal(w[COLUMNS_AVG_NS], 6);
	assert_int_equal(w[COLUMNS_CPU], 5);
	assert_int_equal(w[COLUMNS_NAME], 16);
	assert_true(w[COLUMNS_ATTACHED] >= 10);
	/* on a wide screen, all of them */
	columns_widths(198, 7, true, w);
	for (int i = 0; i < COLUMNS__COUNT; i++)
		assert_true(w[i] > 0);
}

static bool rect_inside(const struct layout_rect *r, int rows, int cols)
{
	return r->y >= 0 && r->x >= 0 && r->h > 0 && r->w > 0 && r->y + r->h <= rows &&
	       r->x + r->w <= cols;
}

static bool rects_apart(const struct layout_rect *a, const struct layout_rect *b)
{
	return a->y + a->h <= b->y || b->y + b->h <= a->y || a->x + a->w <= b->x ||
	       b->x + b->w <= a->x;
}

static void check_layout(int rows, int cols, int header, int detail, int progs)
{
	const struct layout_want want = { .header_rows = header, .nr_knobs = 5,
					  .detail_lines = detail, .prog_lines = progs };
	const struct layout_rect *r[5];
	struct layout l;

	layout_main(rows, cols, &want, &l);
	assert_false(l.too_small);
	r[0] = &l.header, r[1] = &l.knobs, r[2] = &l.detail, r[3] = &l.progs, r[4] = &l.keybar;
	for (int i = 0; i < 5; i++) {
		assert_true(rect_inside(r[i], rows, cols));
		for (int j = i + 1; j < 5; j++)
			assert_true(rects_apart(r[i], r[j]));
	}
	assert_int_equal(l.header.h, header);
	assert_int_equal(l.keybar.y, rows - 1);
	assert_true(l.knobs.h >= 6);          /* the title and all five knobs */
	assert_true(layout_prog_rows(&l) >= 2);
	assert_true(l.detail.h >= 2);         /* a title and a line at least */
	/* the rows are all used: nothing left blank between the parts */
	if (!l.wide)
		assert_int_equal(l.header.h + l.knobs.h + l.detail.h + l.progs.h + 1, rows);
	else
		assert_int_equal(l.header.h + l.knobs.h + l.progs.h + 1, rows);
}

static void test_layout(void **state)
{
	struct layout_want want = { .header_rows = 2, .nr_knobs = 5, .detail_lines = 36,
				    .prog_lines = 1000 };
	struct layout l;

	(void)state;
	for (int rows = LAYOUT_MIN_ROWS; rows <= 80; rows++)
		for (int cols = LAYOUT_MIN_COLS; cols <= 260; cols += 7)
			for (int detail = 0; detail <= 60; detail += 20)
				for (int progs = 0; progs <= 100; progs += 50) {
					check_layout(rows, cols, 2, detail, progs);
					check_layout(rows, cols, 3, detail, progs);
				}
	/* 80x24: stacked, the detail and at least six programs visible */
	layout_main(24, 80, &want, &l);
	assert_false(l.wide);
	assert_int_equal(l.knobs.y, 2);
	assert_true(l.detail.h >= 6);
	assert_true(layout_prog_rows(&l) >= 6);
	/* 200x50: the detail beside the knobs, the programs get half */
	want.detail_lines = 25;
	layout_main(50, 200, &want, &l);
	assert_true(l.wide);
	assert_int_equal(l.detail.y, l.knobs.y);
	assert_true(l.detail.x > l.knobs.x + l.knobs.w - 1);
	assert_int_equal(l.detail.h, 24);
	assert_true(layout_prog_rows(&l) >= 20);
	/* a short detail leaves the rest to the programs */
	want.detail_lines = 3;
	layout_main(50, 200, &want, &l);
	assert_int_equal(l.knobs.h, 6);
	/* few programs leave more to the detail, down to a table of two rows */
	want = (struct layout_want){ .header_rows = 2, .nr_knobs = 5, .detail_lines = 36,
				     .prog_lines = 4 };
	layout_main(50, 200, &want, &l);
	assert_int_equal(l.detail.h, 37);
	assert_int_equal(layout_prog_rows(&l), 47 - 37 - 2);
	want.prog_lines = 0;
	layout_main(24, 80, &want, &l);
	assert_int_equal(l.progs.h, 4);
	assert_int_equal(l.detail.h, 24 - 3 - 6 - 4);
	/* too small */
	/* the programs focused at 80x24: the knobs fold to their two lines of
	 * names and values, the detail to its title, and the programs get 15
	 * rows (at least 12 is the promise) */
	want = (struct layout_want){ .header_rows = 2, .nr_knobs = 7, .detail_lines = 36,
				     .prog_lines = 1000, .progs_focused = true,
				     .folded_knob_rows = 2 };
	layout_main(24, 80, &want, &l);
	assert_true(l.folded);
	assert_int_equal(l.knobs.h, 3);
	assert_int_equal(l.detail.h, 1);
	assert_int_equal(l.detail.y, l.knobs.y + 3);
	assert_int_equal(l.progs.y, l.detail.y + 1);
	assert_int_equal(layout_prog_rows(&l), 15);
	assert_int_equal(l.progs.y + l.progs.h, 23);
	/* wide: the knobs keep their rows, the detail beside them stops there */
	layout_main(50, 200, &want, &l);
	assert_false(l.folded);
	assert_int_equal(l.knobs.h, 8);
	assert_int_equal(l.detail.h, 8);
	assert_int_equal(layout_prog_rows(&l), 50 - 1 - 2 - 8 - 2);
	/* zoomed: the programs have every row but the key bar */
	want.zoomed = true;
	layout_main(24, 80, &want, &l);
	assert_true(l.zoomed);
	assert_int_equal(l.header.h + l.knobs.h + l.detail.h, 0);
	assert_int_equal(l.progs.y, 0);
	assert_int_equal(layout_prog_rows(&l), 21);
	want = (struct layout_want){ .header_rows = 2, .nr_knobs = 5, .detail_lines = 10,
				     .prog_lines = 10 };
	layout_main(24, LAYOUT_MIN_COLS - 1, &want, &l);
	assert_true(l.too_small);
	layout_main(LAYOUT_MIN_ROWS - 1, 80, &want, &l);
	assert_true(l.too_small);
	assert_int_equal(layout_detail_cols(80), 80);
	assert_int_equal(layout_detail_cols(200), 200 - LAYOUT_WIDE_KNOBS - 1);
}

/* ---- list ---- */

static void test_list_widget(void **state)
{
	struct list l = { 0 };

	(void)state;
	list_resize(&l, 0, 5);
	list_move(&l, 1);
	assert_int_equal(l.sel, 0);
	list_resize(&l, 20, 5);
	list_move(&l, 4);
	assert_int_equal(l.sel, 4);
	assert_int_equal(l.top, 0);
	list_move(&l, 1);
	assert_int_equal(l.sel, 5);
	assert_int_equal(l.top, 1); /* scrolled just enough */
	list_move(&l, -100);
	assert_int_equal(l.sel, 0);
	assert_int_equal(l.top, 0);
	list_page(&l, 1);
	assert_int_equal(l.sel, 4);
	list_page(&l, 1);
	assert_int_equal(l.sel, 8);
	assert_true(l.sel >= l.top && l.sel < l.top + 5);
	list_end(&l);
	assert_int_equal(l.sel, 19);
	assert_int_equal(l.top, 15);
	assert_true(list_more_above(&l));
	assert_false(list_more_below(&l));
	list_home(&l);
	assert_int_equal(l.sel, 0);
	assert_false(list_more_above(&l));
	assert_true(list_more_below(&l));
	list_select(&l, 12);
	assert_true(l.top <= 12 && 12 < l.top + 5);
	/* the list shrinks under the selection */
	list_resize(&l, 3, 5);
	assert_int_equal(l.sel, 2);
	assert_int_equal(l.top, 0);
	/* a text only scrolls */
	l = (struct list){ .scroll_only = true };
	list_resize(&l, 30, 10);
	list_move(&l, 5);
	assert_int_equal(l.top, 5);
	list_end(&l);
	assert_int_equal(l.top, 20);
	list_page(&l, -1);
	assert_int_equal(l.top, 11);
	list_move(&l, 100);
	assert_int_equal(l.top, 20);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_fit_sanitises),
		cmocka_unit_test(test_fit_cuts_with_an_ellipsis),
		cmocka_unit_test(test_pad),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_format_size_cell),
		cmocka_unit_test(test_format_interval),
		cmocka_unit_test(test_columns),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_list_widget),
	};

	/* wcwidth() needs a UTF-8 locale; C.UTF-8 is always there on glibc */
	if (!setlocale(LC_ALL, "C.UTF-8")) {
		fputs("test_view: the C.UTF-8 locale is missing\n", stderr);
		return 1;
	}
	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
