#include "text/knob_lines.h"

#include <stdio.h>
#include <string.h>

#include "out/fields.h"
#include "out/report.h"
#include "text/role.h"
#include "base/units.h"

#define KNOBTEXT_LABEL 14 /* "Takes effect: " */

void knob_lines_row(const struct snapshot *snap, const struct snapshot_knob *k, char *value,
		  size_t value_size, char *meaning, size_t meaning_size)
{
	const struct knob_def *def = k->def;
	const struct knob_choice *c;
	char human[32];

	if (k->reading.error) {
		snprintf(value, value_size, "?");
		report_knob_problem(snap, k, meaning, meaning_size);
		return;
	}
	snprintf(value, value_size, "%ld", k->reading.value);
	if (def->kind == KNOB_BYTES) {
		units_format_bytes(k->reading.value < 0 ? 0 : (uint64_t)k->reading.value, human,
				   sizeof(human));
		snprintf(meaning, meaning_size, "%s: %s", human, def->summary);
		/* the limit of JIT memory: how much of it is in use, when known */
		if (def->shows_jit_memory && snap->jitmem.method != JITMEM_NONE)
			jitmem_row_text(&snap->jitmem, meaning, meaning_size);
		return;
	}
	c = knob_choice_of(def, k->reading.value);
	snprintf(meaning, meaning_size, "%s", c ? c->label : "not a value this knob takes");
	/* the sysctl reads 0 while a process holds statistics on: say so */
	if (def->held_by_fds && snap->progs.stats.on == STATS_ON && snap->progs.stats.sysctl == 0) {
		char state[512];

		stats_state_text(&snap->progs.stats, state, sizeof(state));
		snprintf(meaning, meaning_size, "the sysctl is off, but statistics are %s", state);
	}
}

void knob_lines_title(const struct snapshot_knob *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s: %s", k->def->name, k->def->summary);
}

void knob_lines_detail(const struct snapshot *snap, const struct snapshot_knob *k,
		     struct text_lines *t)
{
	struct fields f;

	fields_init(&f);
	fields_knob(snap, k, &f);
	text_lines_fields(t, &f, KNOBTEXT_LABEL);
	fields_free(&f);
}
