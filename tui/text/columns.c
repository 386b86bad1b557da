#include "text/columns.h"

const struct columns_def columns_table[COLUMNS__COUNT] = {
	[COLUMNS_ID] = { "ID", "id", .min = 5, .want = 6, .max = 8, .priority = 4, .right = true },
	[COLUMNS_TYPE] = { "TYPE", "type", .min = 8, .want = 13, .max = 23, .priority = 1 },
	/* full names (BTF) run past the kernel's 15 characters: room for most */
	[COLUMNS_NAME] = { "NAME", "name", .min = 8, .want = 15, .max = 40, .priority = 0 },
	[COLUMNS_JIT] = { "JIT", "JIT size", .min = 7, .want = 7, .max = 7, .priority = 5,
			  .right = true },
	[COLUMNS_SYMBOL] = { "SYMBOL (or why none)", "symbol", .short_title = "SYMBOL",
			     .min = 14, .want = 20,
			     .priority = 3, .flex = true },
	[COLUMNS_OWNER] = { "OWNER", "owner", .min = 8, .want = 12, .max = 28, .priority = 2 },
	[COLUMNS_ATTACHED] = { "ATTACHED", "attachment", .min = 8, .want = 16, .max = 40,
			       .priority = 2, .yields_to_stats = true },
	[COLUMNS_RUNS] = { "RUNS/S", "runs per second", .min = 6, .want = 6, .max = 6,
			   .priority = 6, .right = true, .stats = true },
	[COLUMNS_AVG_NS] = { "AVG NS", "average run time", .min = 6, .want = 6, .max = 6,
			     .priority = 6, .right = true, .stats = true },
	[COLUMNS_CPU] = { "CPU%", "CPU%", .min = 5, .want = 5, .max = 5, .priority = 6,
			  .right = true, .stats = true },
};

bool columns_shown(int i, bool stats)
{
	return stats || !columns_table[i].stats;
}

/* A column's want or max, raised to what its content needs. */
static int columns_limit(int i, int limit, int id_width)
{
	return i == COLUMNS_ID && id_width > limit ? id_width : limit;
}

/* Grows the non-flexible columns toward limit (want or max) in priority
 * order, from rest columns; returns what is left. */
static int columns_grow(int widths[COLUMNS__COUNT], int rest, bool to_max, int id_width)
{
	for (int prio = 0; prio < COLUMNS__COUNT && rest > 0; prio++) {
		for (int i = 0; i < COLUMNS__COUNT && rest > 0; i++) {
			const struct columns_def *c = &columns_table[i];
			int grow = columns_limit(i, to_max && !c->flex ? c->max : c->want, id_width) -
				   widths[i];

			if (c->priority != prio || grow <= 0 || !widths[i])
				continue;
			if (grow > rest)
				grow = rest;
			widths[i] += grow;
			rest -= grow;
		}
	}
	return rest;
}

/* The columns' minimum widths and separators, with the statistics columns
 * or without, and with the columns that yield to them or without. */
static int columns_need(int id_width, bool stats, bool yielding)
{
	int need = -1;

	for (int i = 0; i < COLUMNS__COUNT; i++) {
		if (!columns_shown(i, stats) || (!yielding && columns_table[i].yields_to_stats))
			continue;
		need += 1 + columns_limit(i, columns_table[i].min, id_width);
	}
	return need;
}

void columns_widths_for(int cols, int id_width, bool stats, int widths[COLUMNS__COUNT])
{
	int rest = cols + 1, flex = -1, grow;
	bool yielding = true;

	/* the statistics columns only where all fit at their minimum: someone
	 * who turned them on wants them more than the attachment's short form
	 * (in the details anyway), which makes room first; a terminal too
	 * narrow even then keeps the table it had (the title has the totals) */
	if (stats && columns_need(id_width, true, true) > cols) {
		if (columns_need(id_width, true, false) <= cols)
			yielding = false;
		else
			stats = false;
	}

	for (int i = 0; i < COLUMNS__COUNT; i++) {
		widths[i] = 0;
		if (!columns_shown(i, stats) || (!yielding && columns_table[i].yields_to_stats))
			continue;
		rest--; /* the space before it */
		widths[i] = columns_limit(i, columns_table[i].min, id_width);
		rest -= widths[i];
		if (columns_table[i].flex)
			flex = i;
	}
	rest = columns_grow(widths, rest, false, id_width);
	if (rest > 0 && flex >= 0) {
		grow = COLUMNS_FLEX_WANT - widths[flex];
		if (grow > rest)
			grow = rest;
		if (grow > 0) {
			widths[flex] += grow;
			rest -= grow;
		}
	}
	rest = columns_grow(widths, rest, true, id_width);
	if (rest > 0 && flex >= 0)
		widths[flex] += rest;
}
