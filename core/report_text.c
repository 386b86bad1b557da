#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#define REPORT_TEXT_LABEL 16 /* "  Takes effect: " */

void report_text_wrap(FILE *out, const char *text, int first_col, int indent, int width)
{
	int col = first_col;

	while (*text) {
		size_t word = strcspn(text, " ");

		if (col > indent && col + 1 + (int)word > width) {
			fprintf(out, "\n%*s", indent, "");
			col = indent;
		} else if (col > indent) {
			fputc(' ', out);
			col++;
		}
		fwrite(text, 1, word, out);
		col += (int)word;
		text += word;
		while (*text == ' ')
			text++;
	}
	fputc('\n', out);
}

static void report_text_field(FILE *out, const char *label, const char *text, int width)
{
	fprintf(out, "  %-*s", REPORT_TEXT_LABEL - 2, label);
	report_text_wrap(out, text, REPORT_TEXT_LABEL, REPORT_TEXT_LABEL, width);
}

static void report_text_header(const struct snapshot *snap, FILE *out, int width)
{
	char text[1024];
	size_t used;

	fprintf(out, "%s: the eBPF knobs of %s (Linux %s%s%s)%s\n", PACKAGE_STRING,
		snap->hostname[0] ? snap->hostname : "this host",
		snap->release[0] ? snap->release : "release unknown", snap->machine[0] ? ", " : "",
		snap->machine, snap->live ? "" : " [from a captured tree]");
	if (!snap->live)
		fprintf(out, "Source: %s\n", snap->proc_dir);

	used = (size_t)snprintf(text, sizeof(text), "uid %u, euid %u;",
				(unsigned)snap->privs.uid, (unsigned)snap->privs.euid);
	for (int i = 0; i < PRIVS_CAP__COUNT && used < sizeof(text); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, " %s %s%s",
					 privs_cap_name(i), snap->privs.cap[i] ? "yes" : "no",
					 i + 1 < PRIVS_CAP__COUNT ? "," : "");
	fputs("Privileges: ", out);
	report_text_wrap(out, text, 12, 12, width);
	report_privs_summary(snap, text, sizeof(text));
	fputs("Access: ", out);
	report_text_wrap(out, text, 8, 8, width);

	report_kconfig_problem(snap, text, sizeof(text));
	if (text[0]) {
		fputs("Config: ", out);
		report_text_wrap(out, text, 8, 8, width);
		return;
	}
	used = (size_t)snprintf(text, sizeof(text), "from %s:", snap->kconfig.source);
	for (int i = 0; i < KCONFIG__COUNT && used < sizeof(text); i++)
		used += (size_t)snprintf(text + used, sizeof(text) - used, " %s=%s%s",
					 kconfig_name(i),
					 snap->kconfig.opt[i] == KCONFIG_YES      ? "y"
					 : snap->kconfig.opt[i] == KCONFIG_MODULE ? "m"
										  : "n",
					 i + 1 < KCONFIG__COUNT ? "," : "");
	fputs("Config: ", out);
	report_text_wrap(out, text, 8, 8, width);
}

static void report_text_values(const struct snapshot_knob *k, const struct knob_env *env,
			       FILE *out, int width)
{
	const struct knob_def *def = k->def;
	char text[512];

	knob_writable_summary(def, env, &k->reading, text, sizeof(text));
	report_text_field(out, "Allowed:", text, width);
	for (size_t i = 0; i < knob_nr_choices(def); i++) {
		const struct knob_choice *c = &def->choices[i];
		bool current = !k->reading.error && k->reading.value == c->value;

		knob_choice_text(def, env, &k->reading, c, text, sizeof(text));
		fprintf(out, "%*s%c %ld ", REPORT_TEXT_LABEL - 2, "", current ? '*' : ' ', c->value);
		report_text_wrap(out, text, REPORT_TEXT_LABEL + 1, REPORT_TEXT_LABEL + 4, width);
	}
}

static void report_text_knob(const struct snapshot *snap, const struct snapshot_knob *k,
			     FILE *out, int width)
{
	const struct knob_def *def = k->def;
	struct knob_env env;
	char text[1024], value[64];
	long v;

	snapshot_knob_env(snap, &env);
	if (k->reading.error)
		snprintf(value, sizeof(value), "(no value)");
	else
		snprintf(value, sizeof(value), "%ld", k->reading.value);
	fprintf(out, "\n%s = %s\n", def->name, value);
	report_text_field(out, "What:", def->summary, width);
	if (k->reading.error) {
		report_knob_problem(snap, k, text, sizeof(text));
		report_text_field(out, "Problem:", text, width);
	} else {
		knob_value_meaning(def, k->reading.value, text, sizeof(text));
		report_text_field(out, "Means:", text, width);
	}
	report_text_values(k, &env, out, width);
	knob_default_origin(def, &env, text, sizeof(text));
	report_text_field(out, "Default:", text, width);
	drift_describe(def, &k->reading, &k->drift, text, sizeof(text));
	report_text_field(out, "At boot:", text, width);
	report_text_field(out, "Read by:", def->read_who, width);
	report_text_field(out, "Changed by:", def->write_who, width);
	report_text_field(out, "Takes effect:", def->takes_effect, width);
	report_text_field(out, "Also:", def->effects, width);
	v = def->recommended;
	if (def->recommend_default && knob_default(def, &env, &v))
		snprintf(value, sizeof(value), "the default");
	else
		knob_format_value(def, v, value, sizeof(value));
	snprintf(text, sizeof(text), "%s, by %s. %s", value, def->recommended_by, def->tradeoff);
	report_text_field(out, "Recommended:", text, width);
	report_text_field(out, "About:", def->explanation, width);
}

int report_text_write(const struct snapshot *snap, FILE *out, int width)
{
	if (width < 40)
		width = 40;
	report_text_header(snap, out, width);
	for (size_t i = 0; i < snap->nr_knobs; i++)
		report_text_knob(snap, &snap->knobs[i], out, width);
	report_progs_text(snap, out, width);
	return fflush(out) || ferror(out) ? -EIO : 0;
}
