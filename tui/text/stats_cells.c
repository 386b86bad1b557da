#include "text/stats_cells.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "text/role.h"

#define STATSTEXT_LABEL 14 /* as the program detail's labels */

bool stats_cells_columns(const struct prog_list *list)
{
	return list->stats.on == STATS_ON && !list->error;
}

void stats_cells_number(double v, char *buf, size_t size)
{
	static const char *const units[] = { "", "k", "M", "G", "T" };
	size_t u = 0;

	while (v >= 999.95 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1000;
		u++;
	}
	if (v == 0)
		snprintf(buf, size, "0");
	else if (u == 0 && v < 9.95)
		snprintf(buf, size, "%.1f", v);
	else if (u == 0 || v >= 99.95)
		snprintf(buf, size, "%.0f%s", v, units[u]);
	else
		snprintf(buf, size, "%.1f%s", v, units[u]);
}

static void stats_cells_percent(double v, char *buf, size_t size)
{
	/* a light program's share stays visible: 0.011, not 0.01 or 0 */
	snprintf(buf, size, v >= 99.95 ? "%.0f" : v >= 9.995 ? "%.1f" : v >= 0.9995 ? "%.2f"
			    : v > 0 ? "%.3f" : "0", v);
}

void stats_cells_cell(const struct prog *p, enum columns_id col, char *buf, size_t size,
		    bool *dim)
{
	const struct prog_rate *r = &p->stats.rate;

	*dim = r->state != PROG_RATE_KNOWN;
	if (r->state == PROG_RATE_WAITING) {
		snprintf(buf, size, STATSTEXT_WAITING);
		return;
	}
	if (r->state != PROG_RATE_KNOWN) {
		snprintf(buf, size, "-");
		return;
	}
	switch (col) {
	case COLUMNS_RUNS:
		stats_cells_number(r->runs_per_s, buf, size);
		return;
	case COLUMNS_AVG_NS:
		/* no run in the interval: no average, not 0 ns */
		if (r->runs_per_s > 0)
			stats_cells_number(r->avg_ns, buf, size);
		else
			snprintf(buf, size, "-");
		*dim = r->runs_per_s <= 0;
		return;
	case COLUMNS_CPU:
		stats_cells_percent(r->cpu_percent, buf, size);
		return;
	default:
		buf[0] = '\0';
	}
}

static double stats_cells_key(const struct prog *p, enum columns_id col)
{
	const struct prog_rate *r = &p->stats.rate;

	if (r->state != PROG_RATE_KNOWN || (col == COLUMNS_AVG_NS && r->runs_per_s <= 0))
		return -1;
	return col == COLUMNS_RUNS ? r->runs_per_s : col == COLUMNS_AVG_NS ? r->avg_ns
									    : r->cpu_percent;
}

int stats_cells_compare(const struct prog *a, const struct prog *b,
		      enum columns_id col)
{
	double x = stats_cells_key(a, col), y = stats_cells_key(b, col);

	/* unknown last, as empty names are */
	if ((x < 0) != (y < 0))
		return x < 0 ? 1 : -1;
	return (x > y) - (x < y);
}

void stats_cells_totals(const struct prog_list *list, char *buf, size_t size)
{
	double runs = 0, cpu = 0;
	char r[16], c[16];
	bool any = false;

	buf[0] = '\0';
	if (!stats_cells_columns(list))
		return;
	for (size_t i = 0; i < list->nr_progs; i++) {
		const struct prog_rate *rate = &list->progs[i].stats.rate;

		if (rate->state != PROG_RATE_KNOWN)
			continue;
		runs += rate->runs_per_s;
		cpu += rate->cpu_percent;
		any = true;
	}
	if (!any) {
		snprintf(buf, size, ", rates from the next refresh");
		return;
	}
	stats_cells_number(runs, r, sizeof(r));
	stats_cells_percent(cpu, c, sizeof(c));
	snprintf(buf, size, ", %s runs/s, %s%% CPU", r, c);
}

void stats_cells_spark(const uint64_t *at_ns, const float *v, size_t nr, uint64_t now_ns, int cols,
		     bool utf8, char *buf, size_t size, double *max)
{
	static const char *const blocks[] = { "\u2581", "\u2582", "\u2583", "\u2584",
					      "\u2585", "\u2586", "\u2587", "\u2588" };
	static const char ascii[] = "_.-=+*#@";
	double slice = (double)PROG_RATES_WINDOW_NS / (cols > 0 ? cols : 1);
	size_t used = 0;

	*max = 0;
	for (size_t i = 0; i < nr; i++)
		if (!isnan(v[i]) && v[i] > *max)
			*max = v[i];
	buf[0] = '\0';
	for (int c = 0; c < cols; c++) {
		/* the slice [start, end) of the minute before now */
		double start = (double)now_ns - (double)PROG_RATES_WINDOW_NS + c * slice;
		double end = start + slice, top = -1;
		const char *glyph;
		char one[2] = { 0 };
		size_t n;

		for (size_t i = 0; i < nr; i++)
			if ((double)at_ns[i] > start - 1 && (double)at_ns[i] <= end && !isnan(v[i]) &&
			    v[i] > top)
				top = v[i];
		if (top < 0) {
			glyph = " "; /* no sample: not the same as none counted */
		} else {
			int level = *max > 0 ? (int)(top / *max * 7 + 0.5) : 0;

			one[0] = ascii[level];
			glyph = utf8 ? blocks[level] : one;
		}
		n = strlen(glyph);
		if (used + n + 1 > size)
			break;
		memcpy(buf + used, glyph, n);
		used += n;
		buf[used] = '\0';
	}
}

void stats_cells_detail(const struct prog *p, const struct prog_history *h, int width,
		      struct text_lines *t)
{
	const struct prog_rate *r = &p->stats.rate;
	char line[1024], spark[512], a[16], b[16], c[16];
	int cols = width - STATSTEXT_LABEL - 7 - 12;
	double max;

	if (r->state == PROG_RATE_OFF)
		return;
	if (r->state == PROG_RATE_WAITING) {
		text_lines_wrap(t, ROLE_DIM, "Rate:", STATSTEXT_LABEL, "from the next refresh "
				"(a rate needs two readings)");
	} else {
		stats_cells_number(r->runs_per_s, a, sizeof(a));
		stats_cells_number(r->avg_ns, b, sizeof(b));
		stats_cells_percent(r->cpu_percent, c, sizeof(c));
		snprintf(line, sizeof(line), "%s runs/s, %s ns a run on average, %s%% CPU (run "
			 "time over wall time, in percent of one core), over the last refresh "
			 "interval", a, r->runs_per_s > 0 ? b : "-", c);
		text_lines_wrap(t, ROLE_NORMAL, "Rate:", STATSTEXT_LABEL, line);
	}
	if (!h || !h->nr)
		return;
	if (cols > 60)
		cols = 60;
	if (cols < 10)
		cols = 10;
	/* laid out here, not wrapped: a blank in a sparkline is a slice of time */
	stats_cells_spark(h->at_ns, h->runs, h->nr, h->at_ns[h->nr - 1], cols, t->utf8, spark,
			sizeof(spark), &max);
	stats_cells_number(max, a, sizeof(a));
	snprintf(line, sizeof(line), "%-*s%-7s%s  max %s", STATSTEXT_LABEL, "Last minute:",
		 "runs/s", spark, a);
	text_lines_add_labelled(t, ROLE_NORMAL, STATSTEXT_LABEL, line);
	stats_cells_spark(h->at_ns, h->cpu, h->nr, h->at_ns[h->nr - 1], cols, t->utf8, spark,
			sizeof(spark), &max);
	stats_cells_percent(max, c, sizeof(c));
	snprintf(line, sizeof(line), "%-*s%-7s%s  max %s%%", STATSTEXT_LABEL, "", "CPU%", spark,
		 c);
	text_lines_add_labelled(t, ROLE_NORMAL, STATSTEXT_LABEL, line);
}
