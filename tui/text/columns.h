/* The program table's columns: titles, how wide each may get, and the
 * widths for a given terminal width. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_COLUMNS_H
#define BPFKNOBS_TUI_TEXT_COLUMNS_H

#include <stdbool.h>

/* What the flexible column gets before the others grow past want: a whole
 * bpf_prog_<tag>_<name> symbol. */
#define COLUMNS_FLEX_WANT 44

enum columns_id {
	COLUMNS_ID,
	COLUMNS_TYPE,
	COLUMNS_NAME,
	COLUMNS_JIT,
	COLUMNS_SYMBOL,
	COLUMNS_OWNER,
	COLUMNS_ATTACHED, /* where it is attached, short (attach_brief()) */
	COLUMNS_RUNS,   /* runtime statistics, while they are on: runs per second */
	COLUMNS_AVG_NS, /* average run time over the interval */
	COLUMNS_CPU,    /* run time over wall time, percent of one core */
	COLUMNS__COUNT,
};

struct columns_def {
	const char *title;    /* "JIT" */
	const char *sort_name; /* "JIT size", for the title and the help */
	const char *short_title; /* where the title does not fit whole (or NULL) */
	int min, want;        /* columns; the flexible one takes what is left */
	int max;              /* on a wide screen, once the flexible one has flex_want */
	int priority;         /* lower grows toward want first */
	bool right;           /* numbers: right-aligned */
	bool flex;
	bool stats;           /* shown only while runtime statistics are on */
	bool yields_to_stats; /* hidden where it leaves no room for those */
};

extern const struct columns_def columns_table[COLUMNS__COUNT];

/* Widths for a table cols wide with one space between columns, with the
 * statistics columns (stats: runtime statistics are on) or without; a
 * hidden column gets width 0. The ID column is at least id_width wide: an
 * id is never cut, however many digits the kernel's counter has reached
 * (ids are u32s and never reused). Below the sum of the minimums every
 * shown column keeps its minimum (the caller clips). */
void columns_widths_for(int cols, int id_width, bool stats, int widths[COLUMNS__COUNT]);
/* Whether column i is shown. */
bool columns_shown(int i, bool stats);

#endif
