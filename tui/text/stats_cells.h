/* What the browser says of runtime statistics: the cells of the RUNS/S,
 * AVG NS and CPU% columns, their sort, the totals in the pane title, and
 * the sparklines of a program's last minute. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_STATS_CELLS_H
#define BPFKNOBS_TUI_TEXT_STATS_CELLS_H

#include <stdbool.h>
#include <stddef.h>

#include "text/columns.h"
#include "refresh/prog_session.h"
#include "text/text.h"

/* Shown for a rate that needs one more refresh: never 0, which would read
 * as an idle program. The pane turns it into the mode's ellipsis. */
#define STATSTEXT_WAITING "\xe2\x80\xa6"

/* Whether the table shows the statistics columns: statistics are on and
 * there are programs to show them for. */
bool stats_cells_columns(const struct prog_list *list);

/* "12.3k", "850", "0.5": at most 5 characters. */
void stats_cells_number(double v, char *buf, size_t size);

/* A cell of a statistics column; *dim for "…" and "-". */
void stats_cells_cell(const struct prog *p, enum columns_id col, char *buf, size_t size,
		    bool *dim);

/* Compares by a statistics column: unknown rates last. */
int stats_cells_compare(const struct prog *a, const struct prog *b,
		      enum columns_id col);

/* ", 12.3k runs/s, 0.35% CPU" over the programs with a rate, or "" when
 * statistics are not on. */
void stats_cells_totals(const struct prog_list *list, char *buf, size_t size);

/* The detail's lines: the rate now and a sparkline of runs/s and of CPU%
 * over the last minute (UTF-8 blocks, or ASCII), width columns for the
 * line. Nothing when the program has no rate. */
void stats_cells_detail(const struct prog *p, const struct prog_history *h, int width,
		      struct text_lines *t);

/* The sparkline of v (NaN: no sample) at times at_ns over the minute
 * before now_ns, cols characters, one per equal slice of time (the
 * largest sample in it); *max gets the largest sample. */
void stats_cells_spark(const uint64_t *at_ns, const float *v, size_t nr, uint64_t now_ns, int cols,
		     bool utf8, char *buf, size_t size, double *max);

#endif
