#include "knobtext.h"

#include <stdio.h>
#include <string.h>

#include "effects.h"
#include "report.h"
#include "role.h"
#include "units.h"

#define KNOBTEXT_LABEL 14 /* "Takes effect: " */
#define KNOBTEXT_MAX_EFFECTS 8

void knobtext_row(const struct snapshot *snap, const struct snapshot_knob *k, char *value,
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
		return;
	}
	c = knob_choice_of(def, k->reading.value);
	snprintf(meaning, meaning_size, "%s", c ? c->label : "not a value this knob takes");
}

void knobtext_title(const struct snapshot_knob *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s: %s", k->def->name, k->def->summary);
}

static void knobtext_values(const struct snapshot_knob *k, const struct knob_env *env,
			    struct text_lines *t)
{
	const struct text_glyphs *g = text_glyphs(t->utf8);
	const struct knob_def *def = k->def;
	char text[1024], label[32];

	knob_writable_summary(def, env, &k->reading, text, sizeof(text));
	text_lines_wrap(t, ROLE_NORMAL, "Values:", KNOBTEXT_LABEL, text);
	for (size_t i = 0; i < knob_nr_choices(def); i++) {
		const struct knob_choice *c = &def->choices[i];
		bool current = !k->reading.error && k->reading.value == c->value;

		knob_choice_text(def, env, &k->reading, c, text, sizeof(text));
		snprintf(label, sizeof(label), "%*s%s %ld", KNOBTEXT_LABEL - 4, "",
			 current ? g->current : " ", c->value);
		text_lines_wrap(t, current ? ROLE_CURRENT : ROLE_NORMAL, label, KNOBTEXT_LABEL + 1,
				text);
	}
}

static void knobtext_recommended(const struct knob_def *def, const struct knob_env *env,
				 struct text_lines *t)
{
	char value[64], text[1024];
	long v = def->recommended;

	if (def->recommend_default && knob_default(def, env, &v))
		snprintf(value, sizeof(value), "the default");
	else
		knob_format_value(def, v, value, sizeof(value));
	snprintf(text, sizeof(text), "%s, by %s. %s", value, def->recommended_by, def->tradeoff);
	text_lines_wrap(t, ROLE_NORMAL, "Recommended:", KNOBTEXT_LABEL, text);
}

void knobtext_detail(const struct snapshot *snap, const struct snapshot_knob *k,
		     struct text_lines *t)
{
	struct effects_line effects[KNOBTEXT_MAX_EFFECTS];
	const struct knob_def *def = k->def;
	struct knob_env env;
	char text[1024];
	size_t n;

	snapshot_knob_env(snap, &env);
	if (k->reading.error) {
		report_knob_problem(snap, k, text, sizeof(text));
		text_lines_wrap(t, ROLE_ERROR, "No value:", KNOBTEXT_LABEL, text);
	} else {
		knob_value_meaning(def, k->reading.value, text, sizeof(text));
		text_lines_wrap(t, ROLE_NORMAL, "Now:", KNOBTEXT_LABEL, text);
	}
	n = effects_for_knob(snap, def, effects, KNOBTEXT_MAX_EFFECTS);
	for (size_t i = 0; i < n; i++)
		text_lines_wrap(t, ROLE_WARN, i ? "" : "Live effect:", KNOBTEXT_LABEL,
				effects[i].text);
	knobtext_values(k, &env, t);
	knob_default_origin(def, &env, text, sizeof(text));
	text_lines_wrap(t, ROLE_NORMAL, "Default:", KNOBTEXT_LABEL, text);
	drift_describe(def, &k->reading, &k->drift, text, sizeof(text));
	text_lines_wrap(t, k->drift.drifts ? ROLE_WARN : ROLE_NORMAL, "At boot:", KNOBTEXT_LABEL,
			text);
	knobtext_recommended(def, &env, t);
	text_lines_wrap(t, ROLE_NORMAL, "Read by:", KNOBTEXT_LABEL, def->read_who);
	text_lines_wrap(t, ROLE_NORMAL, "Changed by:", KNOBTEXT_LABEL, def->write_who);
	text_lines_wrap(t, ROLE_NORMAL, "Takes effect:", KNOBTEXT_LABEL, def->takes_effect);
	text_lines_wrap(t, ROLE_NORMAL, "Also:", KNOBTEXT_LABEL, def->effects);
	text_lines_wrap(t, ROLE_NORMAL, "About:", KNOBTEXT_LABEL, def->explanation);
}
