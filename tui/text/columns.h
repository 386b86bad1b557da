/* The program table's columns: one budget per column (its minimum, ideal
 * and largest width, its priority, how its text is made narrower), and the
 * widths those budgets give at a terminal width. No curses.
 *
 * At every width the columns are taken in priority order while the ones
 * already taken keep their ideal width and the next one gets at least its
 * minimum; the rest go. So at 80 columns the table shows ID, TYPE, NAME,
 * JIT (a compact state), OWNER and ATTACHED; from 106 (a table of 104) the
 * SYMBOL too; with statistics on, RUNS/S, AVG NS and CPU% come before all
 * but ID and NAME (who turned them on wants them). The columns taken then grow to
 * their ideal widths in priority order (ID, NAME, the statistics,
 * ATTACHED, TYPE, JIT, OWNER, SYMBOL), then a column at a time each in
 * turn toward their largest; ATTACHED takes what is left (NAME where
 * ATTACHED has no room). */
#ifndef BPFKNOBS_TUI_TEXT_COLUMNS_H
#define BPFKNOBS_TUI_TEXT_COLUMNS_H

#include <stdbool.h>

enum columns_id {
	COLUMNS_ID,
	COLUMNS_TYPE,
	COLUMNS_NAME,
	COLUMNS_JIT,
	COLUMNS_SYMBOL,
	COLUMNS_OWNER,
	COLUMNS_ATTACHED, /* where it is attached: the short forms of attach/attach_short.h */
	COLUMNS_RUNS,   /* runtime statistics, while they are on: runs per second */
	COLUMNS_AVG_NS, /* average run time over the interval */
	COLUMNS_CPU,    /* run time over wall time, percent of one core */
	COLUMNS__COUNT,
};

/* How a cell too wide for its column is made narrower. A word is never cut
 * in the middle where a shorter form exists. */
enum columns_cut {
	COLUMNS_CUT_NONE,   /* numbers: the column is as wide as they are */
	COLUMNS_CUT_END,    /* the name: "rl_xdp_pass_with…" */
	COLUMNS_CUT_SHORT,  /* a shorter form first ("sk_filter", the owner without its
			     * pid, the symbol after bpf_prog_<tag>_, the reason's word),
			     * then at the end */
	COLUMNS_CUT_ATTACH, /* the attachment's shapes (attach_short_fit()): a path's
			     * leaf ("…/sshd.service"), then without the offset */
};

struct columns_def {
	const char *title;    /* "JIT" */
	const char *sort_name; /* "JIT size", for the title and the help */
	const char *short_title; /* where the title does not fit whole (or NULL) */
	int min, ideal, max;  /* display columns */
	int priority;         /* 0 first: taken first, and grown first */
	enum columns_cut cut;
	bool right;           /* numbers: right-aligned */
	bool stats;           /* shown only while runtime statistics are on */
	bool rest;            /* takes what is left once every column has its max */
};

extern const struct columns_def columns_table[COLUMNS__COUNT];

/* Widths for a table cols wide with one space between columns; 0 for a
 * column not shown (a statistics column while stats is false, or a column
 * the width has no room for). The ID column is at least id_width wide: an
 * id is never cut, however many digits the kernel's counter has reached
 * (ids are u32s and never reused). Below the sum of the minimums of ID and
 * NAME, those two keep their minimums (the caller clips). */
void columns_widths(int cols, int id_width, bool stats, int widths[COLUMNS__COUNT]);

/* Whether column i can be shown at all (statistics columns: while they are on). */
bool columns_shown(int i, bool stats);

#endif
