/* Where each part of the main screen goes for a terminal size. No curses.
 *
 *   header      2 or 3 rows: host and kernel, privileges, JIT symbols
 *   knobs       a title row and one row per knob
 *   detail      the selected knob: a title row and its text; below the
 *               knobs, or beside them on a wide terminal
 *   progs       a title row, the column heads, the programs
 *   keybar      the last row
 *
 * The focused pane gets the rows (as tig gives them to its focused view):
 * with the programs focused, the knobs fold to a few lines of name and
 * value and the detail to its title line (beside the knobs on a wide
 * terminal, the detail stops at the knobs' height). Zoomed, the program
 * pane has the whole screen but the key bar (as htop's). */
#ifndef BPFKNOBS_TUI_TEXT_LAYOUT_H
#define BPFKNOBS_TUI_TEXT_LAYOUT_H

#include <stdbool.h>

#define LAYOUT_MIN_COLS 60
#define LAYOUT_MIN_ROWS 16
#define LAYOUT_WIDE_COLS 150  /* from here the detail goes beside the knobs */
#define LAYOUT_WIDE_KNOBS 76  /* the knob list's width then */

struct layout_rect {
	int y, x, h, w;
};

struct layout {
	int rows, cols;
	bool too_small; /* below LAYOUT_MIN_*: only a message fits */
	bool wide;
	bool folded;    /* the knobs and the detail folded (stacked, programs focused) */
	bool zoomed;    /* only the programs: header, knobs and detail have no rows */
	struct layout_rect header, knobs, detail, progs, keybar;
};

/* What the parts would fill. */
struct layout_want {
	int header_rows;  /* 2 to 4 */
	int nr_knobs;
	int detail_lines; /* the knob detail at the detail width (layout_detail_cols) */
	int prog_lines;   /* the program table's rows, or its message's lines */
	bool progs_focused;
	int folded_knob_rows; /* the knobs' names and values folded to the width */
	bool zoomed;      /* the program pane on the whole screen */
};

/* The detail gets no more rows than it has lines, and at most what leaves
 * the programs half the rest, or less when they need less; with the
 * programs focused, the rows above them shrink as the top says. */
void layout_main(int rows, int cols, const struct layout_want *want, struct layout *out);

/* The width of the detail area's text for a terminal width. */
int layout_detail_cols(int cols);

/* Program rows that fit in the program pane (its height less the title
 * and the column heads). */
int layout_prog_rows(const struct layout *l);

#endif
