#include "text/columns.h"

/* The budgets. The ideal widths at 80 columns add up to the table's width
 * (78: the selection and scroll marks take one each): ID 7 (ids up to ten
 * million), TYPE 12 ("sk_reuseport"), NAME 16 (a kernel name, 15, and most
 * BTF names whole), JIT 8 ("1.2 KiB", "64 B +1", "no JIT"), ATTACHED 22
 * ("tp sys_enter_unlinkat", "cg /system.slice egress"), and OWNER the 8
 * left ("bpftrace"). */
const struct columns_def columns_table[COLUMNS__COUNT] = {
	[COLUMNS_ID] = { "ID", "id", .min = 2, .ideal = 7, .max = 7, .priority = 0,
			 .cut = COLUMNS_CUT_NONE, .right = true },
	[COLUMNS_TYPE] = { "TYPE", "type", .min = 6, .ideal = 12, .max = 23, .priority = 4,
			   .cut = COLUMNS_CUT_SHORT },
	[COLUMNS_NAME] = { "NAME", "name", .min = 8, .ideal = 16, .max = 40, .priority = 1,
			   .cut = COLUMNS_CUT_END },
	[COLUMNS_JIT] = { "JIT", "JIT size", .min = 6, .ideal = 8, .max = 8, .priority = 5,
			  .cut = COLUMNS_CUT_SHORT },
	[COLUMNS_SYMBOL] = { "SYMBOL (or why none)", "symbol", .short_title = "SYMBOL",
			     .min = 20, .ideal = 20, .max = 64, .priority = 7,
			     .cut = COLUMNS_CUT_SHORT },
	[COLUMNS_OWNER] = { "OWNER", "owner", .min = 6, .ideal = 13, .max = 24, .priority = 6,
			    .cut = COLUMNS_CUT_SHORT },
	[COLUMNS_ATTACHED] = { "ATTACHED", "attachment", .min = 10, .ideal = 22, .max = 48,
			       .priority = 3, .cut = COLUMNS_CUT_ATTACH, .rest = true },
	[COLUMNS_RUNS] = { "RUNS/S", "runs per second", .min = 6, .ideal = 6, .max = 6,
			   .priority = 2, .cut = COLUMNS_CUT_NONE, .right = true, .stats = true },
	[COLUMNS_AVG_NS] = { "AVG NS", "average run time", .min = 6, .ideal = 6, .max = 6,
			     .priority = 2, .cut = COLUMNS_CUT_NONE, .right = true, .stats = true },
	[COLUMNS_CPU] = { "CPU%", "CPU%", .min = 5, .ideal = 5, .max = 5, .priority = 2,
			  .cut = COLUMNS_CUT_NONE, .right = true, .stats = true },
};

bool columns_shown(int i, bool stats)
{
	return stats || !columns_table[i].stats;
}

/* A column's minimum, ideal or largest width, raised to what an id needs. */
static int columns_budget(int i, int width, int id_width)
{
	return i == COLUMNS_ID && id_width > width ? id_width : width;
}

/* The columns in priority order (ties in table order). */
static int columns_by_priority(int order[COLUMNS__COUNT])
{
	int n = 0;

	for (int prio = 0; n < COLUMNS__COUNT; prio++)
		for (int i = 0; i < COLUMNS__COUNT; i++)
			if (columns_table[i].priority == prio)
				order[n++] = i;
	return n;
}

/* Grows the columns taken to their ideal widths, in priority order, from
 * rest; returns what is left. */
static int columns_grow_ideal(const int order[COLUMNS__COUNT], int widths[COLUMNS__COUNT],
			      int rest, int id_width)
{
	for (int k = 0; k < COLUMNS__COUNT && rest > 0; k++) {
		int i = order[k], grow;

		if (!widths[i])
			continue;
		grow = columns_budget(i, columns_table[i].ideal, id_width) - widths[i];
		if (grow <= 0)
			continue;
		if (grow > rest)
			grow = rest;
		widths[i] += grow;
		rest -= grow;
	}
	return rest;
}

/* Then toward their largest widths a column at a time, in turn in
 * priority order: a wider terminal widens them all, the name as much as
 * the attachment. Returns what is left. */
static int columns_grow_max(const int order[COLUMNS__COUNT], int widths[COLUMNS__COUNT],
			    int rest, int id_width)
{
	bool grew = true;

	while (rest > 0 && grew) {
		grew = false;
		for (int k = 0; k < COLUMNS__COUNT && rest > 0; k++) {
			int i = order[k];

			if (!widths[i] || widths[i] >= columns_budget(i, columns_table[i].max, id_width))
				continue;
			widths[i]++;
			rest--;
			grew = true;
		}
	}
	return rest;
}

void columns_widths(int cols, int id_width, bool stats, int widths[COLUMNS__COUNT])
{
	int order[COLUMNS__COUNT], ideal = -1, used = -1, rest;

	columns_by_priority(order);
	for (int i = 0; i < COLUMNS__COUNT; i++)
		widths[i] = 0;
	/* taken while those before keep their ideal and this one gets its
	 * minimum; ID and NAME always (a narrower table is clipped) */
	for (int k = 0; k < COLUMNS__COUNT; k++) {
		int i = order[k], min = columns_budget(i, columns_table[i].min, id_width);

		if (!columns_shown(i, stats))
			continue;
		if (ideal + 1 + min > cols && i != COLUMNS_ID && i != COLUMNS_NAME)
			break;
		widths[i] = min;
		used += 1 + min;
		ideal += 1 + columns_budget(i, columns_table[i].ideal, id_width);
	}
	rest = cols - used;
	if (rest <= 0)
		return;
	rest = columns_grow_ideal(order, widths, rest, id_width);
	rest = columns_grow_max(order, widths, rest, id_width);
	/* what is left: ATTACHED's, or NAME's where ATTACHED has no room */
	for (int i = 0; i < COLUMNS__COUNT && rest > 0; i++) {
		if (widths[i] && columns_table[i].rest) {
			widths[i] += rest;
			rest = 0;
		}
	}
	widths[COLUMNS_NAME] += rest;
}
