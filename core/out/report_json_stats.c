/* --json's runtime statistics: per program the counters, under bpftool's
 * names, and the top-level "stats" object. One reading gives counters, not
 * rates: rates need two (the browser shows them). */
#include "out/report.h"

#include "out/jsonw.h"

void report_json_prog_stats(struct jsonw *w, const struct prog *p)
{
	const struct prog_stats *s = &p->stats;

	/* a 0 that no statistics ever counted would read as an idle program */
	if (!s->counting && !s->run_cnt) {
		jsonw_null_field(w, "run_cnt");
		jsonw_null_field(w, "run_time_ns");
		jsonw_null_field(w, "recursion_misses");
		return;
	}
	jsonw_uint_field(w, "run_cnt", s->run_cnt);
	jsonw_uint_field(w, "run_time_ns", s->run_time_ns);
	if (s->recursion_misses_absent)
		jsonw_null_field(w, "recursion_misses");
	else
		jsonw_uint_field(w, "recursion_misses", s->recursion_misses);
}

void report_json_stats(struct jsonw *w, const struct snapshot *snap)
{
	const struct stats_state *st = &snap->progs.stats;
	char text[768];

	jsonw_name(w, "stats");
	jsonw_start_object(w);
	if (st->on == STATS_UNKNOWN)
		jsonw_null_field(w, "enabled");
	else
		jsonw_bool_field(w, "enabled", st->on == STATS_ON);
	if (st->sysctl < 0)
		jsonw_null_field(w, "sysctl");
	else
		jsonw_int_field(w, "sysctl", st->sysctl);
	jsonw_name(w, "held_by");
	if (st->holders_error) {
		jsonw_null(w);
	} else {
		jsonw_start_array(w);
		for (size_t i = 0; i < st->nr_holders; i++) {
			jsonw_start_object(w);
			jsonw_int_field(w, "pid", st->holders[i].pid);
			jsonw_string_field(w, "comm", st->holders[i].comm);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
	}
	if (st->holders_error)
		jsonw_null_field(w, "held_by_count");
	else
		jsonw_uint_field(w, "held_by_count", st->nr_holders_all);
	stats_state_text(st, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_string_field(w, "counters", STATS_STATE_COUNTERS);
	jsonw_end_object(w);
}
