/* Runtime statistics in the detail lists (see fields_stats.h). */
#include "out/fields_stats.h"

#include <inttypes.h>
#include <stdio.h>

void fields_stats_duration(double ns, char *buf, size_t size)
{
	static const struct {
		double scale;
		const char *unit;
	} units[] = { { 1e9, "s" }, { 1e6, "ms" }, { 1e3, "us" } };

	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		double v = ns / units[i].scale;

		if (v >= 1) {
			snprintf(buf, size, v >= 100 ? "%.0f %s" : v >= 10 ? "%.1f %s" : "%.2f %s", v,
				 units[i].unit);
			return;
		}
	}
	snprintf(buf, size, "%.0f ns", ns);
}

void fields_stats_knob(const struct snapshot *snap, const struct knob_def *def,
		       struct fields *out)
{
	const struct stats_state *st = &snap->progs.stats;
	char text[768];

	if (!def->held_by_fds)
		return;
	stats_state_text(st, text, sizeof(text));
	fields_add(out, st->on == STATS_UNKNOWN ? FIELD_DIM : FIELD_NORMAL, "In effect", NULL,
		   "statistics are %s%s", text,
		   st->on == STATS_ON && st->sysctl == 0 ? " (the sysctl still reads 0)" : "");
}

void fields_stats_prog(const struct prog_list *list, const struct prog *p,
		       struct fields *out)
{
	const struct prog_stats *s = &p->stats;
	const char *why = stats_state_why_not(&list->stats);
	char time[32], avg[32], misses[128];

	/* a count that does not move is no sign of an idle program */
	if (!s->run_cnt && why) {
		fields_add(out, FIELD_DIM, "Runs", NULL, "none counted. %s", why);
		return;
	}
	fields_stats_duration((double)s->run_time_ns, time, sizeof(time));
	fields_stats_duration(s->run_cnt ? (double)s->run_time_ns / (double)s->run_cnt : 0, avg,
			      sizeof(avg));
	if (s->recursion_misses_absent)
		snprintf(misses, sizeof(misses), "recursion misses not reported by this kernel");
	else
		snprintf(misses, sizeof(misses),
			 "%" PRIu64 " recursion misses (runs skipped because the program was "
			 "already running on that CPU)", s->recursion_misses);
	fields_add(out, FIELD_NORMAL, "Runs", NULL,
		   "%" PRIu64 " runs taking %s (%s a run on average), counted while statistics "
		   "were on; %s%s%s", s->run_cnt, time, avg, misses, why ? ". " : "",
		   why ? why : "");
}
