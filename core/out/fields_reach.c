/* What eBPF may do here, and for whom, as fields (fields.h): what --list
 * prints and the browser's reach view shows, from snap->reach. */
#include <stdio.h>
#include <string.h>

#include "out/fields.h"
#include "reach/reach_text.h"

#define FIELDS_REACH_TYPE_COLS 24 /* "raw_tracepoint_writable " */

/* The label of an identity: its JSON name, a number after the token ones. */
static void fields_reach_label(const struct reach *r, size_t k, char *buf, size_t size)
{
	const struct reach_identity *id = &r->ids[k];
	size_t nth = 0;

	if (id->who != REACH_USERNS_TOKEN) {
		snprintf(buf, size, "%s", reach_who_name(id->who));
		return;
	}
	for (size_t j = 0; j <= k; j++)
		nth += r->ids[j].who == REACH_USERNS_TOKEN;
	snprintf(buf, size, "userns+%zu", nth);
}

/* The labels outlive the calls that add them: fields keep the pointer. */
static const char *fields_reach_label_static(const struct reach *r, size_t k)
{
	static char labels[REACH_MAX_IDS][24];

	fields_reach_label(r, k, labels[k], sizeof(labels[k]));
	return labels[k];
}

/* One identity's refusals, those with the same reason on one line. */
static void fields_reach_refusals(const struct reach *r, const struct reach_identity *id,
				  bool prog, const char *label, struct fields *out)
{
	size_t nr = prog ? r->nr_prog_types : r->nr_map_types;
	const struct reach_verdict *v = prog ? id->prog : id->map;
	bool done[REACH_MAX_TYPES] = { false };
	char names[1024], why[768];

	for (size_t i = 0; i < nr; i++) {
		size_t n = 0;

		if (done[i] || v[i].loads == 1)
			continue;
		names[0] = '\0';
		for (size_t j = i; j < nr; j++) {
			size_t used = strlen(names);

			if (done[j] || v[j].loads == 1 || !reach_same_why(&v[i], &v[j]))
				continue;
			done[j] = true;
			n++;
			snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "",
				 prog ? reach_prog_type_name(j) : reach_map_type_name(j));
		}
		reach_why_text(r, id, prog, i, why, sizeof(why));
		if (n == nr)
			fields_add(out, v[i].ambiguous ? FIELD_WARN : FIELD_NORMAL, label, NULL,
				   "No %s type: %s.", prog ? "program" : "map", why);
		else
			fields_add(out, v[i].ambiguous ? FIELD_WARN : FIELD_NORMAL, label, NULL,
				   "No %s %s: %s.", names, prog ? "(programs)" : "(maps)", why);
	}
}

static void fields_reach_identity(const struct reach *r, size_t k, struct fields *out)
{
	const struct reach_identity *id = &r->ids[k];
	const char *label = fields_reach_label_static(r, k);
	char who[512], err[64];

	reach_who_text(r, id, who, sizeof(who));
	if (!id->probed) {
		reach_errno_name(-id->error, err, sizeof(err));
		fields_add(out, FIELD_DIM, label, NULL, "%s. Not probed: %s (%s).", who, id->why, err);
		return;
	}
	fields_add(out, FIELD_NORMAL, label, NULL, "%s. Loads %zu of %zu program types and %zu of "
		   "%zu map types.", who, reach_count_loads(id->prog, r->nr_prog_types),
		   r->nr_prog_types, reach_count_loads(id->map, r->nr_map_types), r->nr_map_types);
	fields_reach_refusals(r, id, true, label, out);
	fields_reach_refusals(r, id, false, label, out);
}

/* A cell of the table: what the verdict is, in a word. */
static const char *fields_reach_cell(const struct reach_verdict *v, bool probed)
{
	static const char *const words[REACH_GATE__COUNT] = {
		[REACH_GATE_NONE] = "yes", [REACH_GATE_KNOB] = "knob", [REACH_GATE_CAPABILITY] = "cap",
		[REACH_GATE_TOKEN] = "token", [REACH_GATE_LSM] = "policy",
		[REACH_GATE_NOT_BUILT_IN] = "absent",
		[REACH_GATE_PROBE] = "probe", [REACH_GATE_UNKNOWN] = "?",
	};

	if (!probed || v->loads < 0)
		return "-";
	if (v->loads == 1)
		return "yes";
	return v->gate < REACH_GATE__COUNT ? words[v->gate] : "?";
}

static int fields_reach_col(const struct reach *r, size_t k);

static void fields_reach_rows(const struct reach *r, bool prog, struct fields *out)
{
	size_t nr = prog ? r->nr_prog_types : r->nr_map_types;
	char line[512];

	for (size_t i = 0; i < nr; i++) {
		size_t used = (size_t)snprintf(line, sizeof(line), "%-*s", FIELDS_REACH_TYPE_COLS,
					       prog ? reach_prog_type_name(i) : reach_map_type_name(i));

		for (size_t k = 0; k < r->nr_shown && used < sizeof(line); k++) {
			const struct reach_identity *id = &r->ids[k];

			used += (size_t)snprintf(line + used, sizeof(line) - used, " %-*s",
						 fields_reach_col(r, k),
						 fields_reach_cell(prog ? &id->prog[i] : &id->map[i],
								   id->probed));
		}
		fields_add(out, FIELD_NORMAL, "", NULL, "%s", line);
	}
}

/* A column's width: its label's, at least 6 ("policy", "absent"). */
static int fields_reach_col(const struct reach *r, size_t k)
{
	int w = (int)strlen(fields_reach_label_static(r, k));

	return w < 6 ? 6 : w;
}

int fields_reach_table_width(const struct reach *r)
{
	int w = FIELDS_REACH_TYPE_COLS;

	for (size_t k = 0; k < r->nr_shown; k++)
		w += 1 + fields_reach_col(r, k);
	return w;
}

void fields_reach_table(const struct reach *r, struct fields *out)
{
	char line[512];
	size_t used;

	if (r->state != REACH_DONE)
		return;
	used = (size_t)snprintf(line, sizeof(line), "%-*s", FIELDS_REACH_TYPE_COLS, "PROGRAM TYPE");
	for (size_t k = 0; k < r->nr_shown && used < sizeof(line); k++)
		used += (size_t)snprintf(line + used, sizeof(line) - used, " %-*s",
					 fields_reach_col(r, k), fields_reach_label_static(r, k));
	fields_add(out, FIELD_HEAD, "", NULL, "%s", line);
	fields_reach_rows(r, true, out);
	memcpy(line, "MAP TYPE    ", 12);
	fields_add(out, FIELD_HEAD, "", NULL, "%s", line);
	fields_reach_rows(r, false, out);
	fields_add(out, FIELD_DIM, "", NULL, "yes: loads. The gate that refuses (as --json names "
		   "it): knob: unprivileged_bpf_disabled; cap: capability, one it lacks; token: no "
		   "token, or one that does not delegate it; policy: lsm, when even root is refused "
		   "with EPERM (an LSM hook, never lockdown); absent: not_built_in; probe: libbpf's "
		   "probe cannot tell; ?: unknown; -: not probed.");
}

/* What a plain user loads at each value of a knob that decides it: the
 * change dialog's "Users" line, for every value. */
static void fields_reach_by_knob(const struct snapshot *snap, struct fields *out)
{
	const struct reach *r = &snap->reach;
	char text[1024];

	if (r->state != REACH_DONE)
		return;
	for (size_t k = 0; k < snap->nr_knobs; k++) {
		const struct snapshot_knob *knob = &snap->knobs[k];
		const struct knob_def *def = knob->def;

		if (!knob_decides_user_loads(def))
			continue;
		for (size_t c = 0; c < knob_nr_choices(def); c++) {
			const struct knob_choice *choice = &def->choices[c];

			if (!knob->reading.error && knob->reading.value == choice->value)
				reach_user_now_text(r, text, sizeof(text));
			else
				reach_user_after_text(r, choice->opens_to_users, text, sizeof(text));
			fields_add(out, FIELD_NORMAL, "Plain user", NULL, "At %s=%ld%s: %s.", def->name,
				   choice->value, !knob->reading.error && knob->reading.value ==
				   choice->value ? " (now)" : "", text);
		}
	}
}

void fields_reach(const struct snapshot *snap, struct fields *out)
{
	const struct reach *r = &snap->reach;
	char text[2048], when[128];

	reach_state_text(r, text, sizeof(text));
	reach_when_text(r, when, sizeof(when));
	fields_add(out, r->state == REACH_DONE ? FIELD_NORMAL : FIELD_DIM, "Probed", NULL, "%s%s%s",
		   when, when[0] ? " " : "", text);
	if (r->state == REACH_DONE)
		for (size_t k = 0; k < r->nr_shown; k++)
			fields_reach_identity(r, k, out);
	if (r->state == REACH_NOT_PROBED || r->state == REACH_PROBING)
		return;
	fields_reach_by_knob(snap, out);
	reach_lockdown_text(r, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Lockdown", NULL, "%s", text);
	reach_paranoid_text(r, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Perf events", NULL, "perf_event_paranoid = %s", text);
	reach_bpf_lsm_text(r, snapshot_lsm_programs(snap), text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "BPF LSM", NULL, "%s", text);
	reach_kptr_text(r, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Addresses", NULL, "kptr_restrict = %s", text);
	reach_userns_text(r, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "User ns", NULL, "%s", text);
	reach_tokens_text(r, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Tokens", NULL, "%s", text);
	for (size_t d = 0; d < r->gates.nr_delegations; d++) {
		reach_delegation_text(r, d, text, sizeof(text));
		fields_add(out, FIELD_NORMAL, "Delegation", NULL, "%s", text);
	}
	reach_config_text(r, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Config", NULL, "%s", text);
}
