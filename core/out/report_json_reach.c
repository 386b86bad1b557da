/* --json's "reach": {"identities": [{"name", "prog_types", "map_types",
 * ...}], "gates": {"lockdown", "perf_event_paranoid", "bpf_lsm",
 * "delegations", ...}}. Types are keyed by libbpf's names; a type that
 * loads is true, one refused an object with the gate and the errno, one
 * not probed null. */
#include <stdio.h>
#include <string.h>

#include "out/jsonw.h"
#include "out/report.h"
#include "reach/reach_text.h"

static const char *report_json_reach_state(enum reach_state state)
{
	switch (state) {
	case REACH_NOT_PROBED:
		return "not_probed";
	case REACH_PROBING:
		return "probing";
	case REACH_DONE:
		return "probed";
	case REACH_TREE:
		return "captured_tree";
	}
	return NULL;
}

static void report_json_reach_caps(struct jsonw *w, const char *name, unsigned caps)
{
	jsonw_name(w, name);
	jsonw_start_array(w);
	/* the kernel's capabilities by name; REACH_CAP_OTHERS is no one name */
	for (unsigned bit = 1; bit < REACH_CAP_OTHERS; bit <<= 1)
		if (caps & bit)
			jsonw_string(w, reach_cap_name(bit));
	jsonw_end_array(w);
}

static void report_json_reach_types(struct jsonw *w, const struct reach *r,
				    const struct reach_identity *id, bool prog)
{
	size_t nr = prog ? r->nr_prog_types : r->nr_map_types;
	char text[1024], err[64];

	jsonw_name(w, prog ? "prog_types" : "map_types");
	if (!id->probed) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	for (size_t i = 0; i < nr; i++) {
		const struct reach_verdict *v = prog ? &id->prog[i] : &id->map[i];

		jsonw_name(w, prog ? reach_prog_type_name(i) : reach_map_type_name(i));
		if (v->loads < 0) {
			jsonw_null(w);
			continue;
		}
		if (v->loads == 1) {
			jsonw_bool(w, true);
			continue;
		}
		jsonw_start_object(w);
		jsonw_string_field(w, "gate", reach_gate_name((enum reach_gate)v->gate));
		jsonw_int_field(w, "errno", v->err);
		reach_errno_name(v->err, err, sizeof(err));
		jsonw_string_field(w, "error", err);
		jsonw_bool_field(w, "ambiguous", v->ambiguous);
		if (v->gate == REACH_GATE_CAPABILITY && v->needs && !v->ambiguous)
			report_json_reach_caps(w, "needs", v->needs);
		if (v->opt >= 0)
			jsonw_string_field(w, "config", kconfig_name((enum kconfig_opt)v->opt));
		reach_why_text(r, id, prog, i, text, sizeof(text));
		jsonw_string_field(w, "text", text);
		jsonw_end_object(w);
	}
	jsonw_end_object(w);
}

static void report_json_reach_identity(struct jsonw *w, const struct reach *r,
				       const struct reach_identity *id)
{
	char text[1024], err[64];

	jsonw_start_object(w);
	jsonw_string_field(w, "name", reach_who_name(id->who));
	reach_who_text(r, id, text, sizeof(text));
	jsonw_string_field(w, "description", text);
	jsonw_bool_field(w, "probed", id->probed);
	if (id->probed) {
		jsonw_null_field(w, "error");
		jsonw_uint_field(w, "uid", id->uid);
		report_json_reach_caps(w, "capabilities", id->caps);
	} else {
		reach_errno_name(-id->error, err, sizeof(err));
		snprintf(text, sizeof(text), "%s (%s)", id->why, err);
		jsonw_string_field(w, "error", text);
		jsonw_null_field(w, "uid");
		jsonw_null_field(w, "capabilities");
	}
	jsonw_name(w, "token");
	if (id->who != REACH_USERNS_TOKEN || id->delegation < 0) {
		jsonw_null(w);
	} else {
		const struct reach_delegation *d = &r->gates.delegations[id->delegation];

		jsonw_start_object(w);
		jsonw_string_field(w, "bpffs", d->mount_point);
		jsonw_uint_field(w, "mount_namespace", d->mnt_ns);
		if (id->probed && id->token_error) {
			reach_errno_name(-id->token_error, err, sizeof(err));
			jsonw_string_field(w, "error", err);
		} else {
			jsonw_null_field(w, "error");
		}
		jsonw_end_object(w);
	}
	report_json_reach_types(w, r, id, true);
	report_json_reach_types(w, r, id, false);
	jsonw_end_object(w);
}

/* A number the gates read, or null with the reason. */
static void report_json_reach_value(struct jsonw *w, int error, long value)
{
	char err[64];

	if (error) {
		jsonw_null_field(w, "value");
		reach_errno_name(-error, err, sizeof(err));
		jsonw_string_field(w, "error", err);
	} else {
		jsonw_int_field(w, "value", value);
		jsonw_null_field(w, "error");
	}
}

static void report_json_reach_delegations(struct jsonw *w, const struct reach *r)
{
	const struct reach_gates *g = &r->gates;
	char err[64];

	jsonw_name(w, "delegations");
	if (r->state != REACH_DONE) {
		jsonw_null(w);
		jsonw_string_field(w, "delegations_error", r->state == REACH_TREE
				   ? "a captured tree holds no mount namespaces" : "not probed");
		return;
	}
	jsonw_start_array(w);
	for (size_t d = 0; d < g->nr_delegations; d++) {
		const struct reach_delegation *del = &g->delegations[d];
		size_t kept = del->nr_pids < REACH_MAX_PIDS ? del->nr_pids : REACH_MAX_PIDS;

		jsonw_start_object(w);
		jsonw_string_field(w, "mount_point", del->mount_point);
		jsonw_string_field(w, "options", del->options);
		jsonw_text_field(w, "delegate_cmds", del->cmds);
		jsonw_text_field(w, "delegate_maps", del->maps);
		jsonw_text_field(w, "delegate_progs", del->progs);
		jsonw_text_field(w, "delegate_attachs", del->attachs);
		jsonw_uint_field(w, "mount_namespace", del->mnt_ns);
		jsonw_name(w, "processes");
		jsonw_start_array(w);
		for (size_t i = 0; i < kept; i++) {
			jsonw_start_object(w);
			jsonw_int_field(w, "pid", del->pids[i]);
			jsonw_text_field(w, "comm", del->comms[i]);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_uint_field(w, "processes_count", del->nr_pids);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	if (g->delegations_error && !g->nr_mount_ns) {
		reach_errno_name(-g->delegations_error, err, sizeof(err));
		jsonw_string_field(w, "delegations_error", err);
	} else {
		jsonw_null_field(w, "delegations_error");
	}
	jsonw_uint_field(w, "mount_namespaces", g->nr_mount_ns);
	jsonw_uint_field(w, "processes_unseen", g->nr_ns_unreadable);
}

static void report_json_reach_gates(struct jsonw *w, const struct snapshot *snap)
{
	const struct reach *r = &snap->reach;
	const struct reach_gates *g = &r->gates;
	long lsm_progs = snapshot_lsm_programs(snap);
	char text[2048], err[64];

	jsonw_name(w, "gates");
	jsonw_start_object(w);

	jsonw_name(w, "lockdown");
	jsonw_start_object(w);
	jsonw_string_field(w, "state", reach_lockdown_name(g->lockdown));
	if (g->lockdown == REACH_LOCKDOWN_UNKNOWN) {
		reach_errno_name(-g->lockdown_error, err, sizeof(err));
		jsonw_string_field(w, "error", err);
	} else {
		jsonw_null_field(w, "error");
	}
	jsonw_text_field(w, "source", g->lockdown_source);
	if (g->read_kernel < 0)
		jsonw_null_field(w, "bpf_probe_read_kernel");
	else
		jsonw_bool_field(w, "bpf_probe_read_kernel", g->read_kernel);
	reach_lockdown_text(r, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);

	jsonw_name(w, "perf_event_paranoid");
	jsonw_start_object(w);
	report_json_reach_value(w, g->paranoid_error, g->perf_event_paranoid);
	reach_paranoid_text(r, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);

	jsonw_name(w, "bpf_lsm");
	jsonw_start_object(w);
	if (g->bpf_lsm < 0)
		jsonw_null_field(w, "active");
	else
		jsonw_bool_field(w, "active", g->bpf_lsm);
	/* the active LSMs, in the kernel's order */
	jsonw_name(w, "lsm");
	if (g->lsm_error) {
		jsonw_null(w);
	} else {
		char list[sizeof(g->lsm)], *save, *name;

		memcpy(list, g->lsm, sizeof(list));
		jsonw_start_array(w);
		for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save))
			jsonw_string(w, name);
		jsonw_end_array(w);
	}
	jsonw_string_field(w, "config", kconfig_state_name(r->kconfig.opt[KCONFIG_BPF_LSM]));
	if (lsm_progs < 0)
		jsonw_null_field(w, "programs");
	else
		jsonw_int_field(w, "programs", lsm_progs);
	reach_bpf_lsm_text(r, lsm_progs, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);

	jsonw_name(w, "kptr_restrict");
	jsonw_start_object(w);
	report_json_reach_value(w, g->kptr_error, g->kptr_restrict);
	reach_kptr_text(r, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);

	jsonw_name(w, "user_namespaces");
	jsonw_start_object(w);
	reach_userns_text(r, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);

	jsonw_name(w, "tokens");
	jsonw_start_object(w);
	reach_tokens_text(r, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);

	report_json_reach_delegations(w, r);

	jsonw_name(w, "config");
	jsonw_start_object(w);
	for (int i = KCONFIG__KNOBS; i < KCONFIG__COUNT; i++)
		jsonw_string_field(w, kconfig_name((enum kconfig_opt)i),
				   kconfig_state_name(r->kconfig.opt[i]));
	jsonw_end_object(w);

	jsonw_end_object(w);
}

static void report_json_reach_list(struct jsonw *w, const char *name, const bool *on, size_t nr,
				   const char *(*type_name)(size_t))
{
	jsonw_name(w, name);
	jsonw_start_array(w);
	for (size_t i = 0; i < nr; i++)
		if (on[i])
			jsonw_string(w, type_name(i));
	jsonw_end_array(w);
}

/* For each knob that decides what users without CAP_BPF may load: what a
 * plain user loads at each of its values (what the change dialog says),
 * and where that comes from: the probe at the current value, an earlier
 * probe of the session, or the kernel's unprivileged types among those
 * root loads ("expected"); at a value that refuses them, nothing ("knob"). */
static void report_json_reach_by_knob(struct jsonw *w, const struct snapshot *snap)
{
	const struct reach *r = &snap->reach;
	bool progs[REACH_MAX_TYPES], maps[REACH_MAX_TYPES];

	jsonw_name(w, "plain_user_by_knob");
	if (r->state != REACH_DONE) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	for (size_t k = 0; k < snap->nr_knobs; k++) {
		const struct snapshot_knob *knob = &snap->knobs[k];
		const struct knob_def *def = knob->def;

		if (!knob_decides_user_loads(def))
			continue;
		jsonw_name(w, def->name);
		jsonw_start_array(w);
		for (size_t c = 0; c < knob_nr_choices(def); c++) {
			const struct knob_choice *choice = &def->choices[c];
			bool now = !knob->reading.error && knob->reading.value == choice->value &&
				   !r->gates.knob_error && r->gates.knob == choice->value;
			enum reach_from from = reach_user_at(r, choice->opens_to_users, now, progs, maps);

			jsonw_start_object(w);
			jsonw_int_field(w, "value", choice->value);
			jsonw_string_field(w, "from", reach_from_name(from));
			report_json_reach_list(w, "prog_types", progs, r->nr_prog_types,
					       reach_prog_type_name);
			report_json_reach_list(w, "map_types", maps, r->nr_map_types,
					       reach_map_type_name);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
	}
	jsonw_end_object(w);
}

void report_json_reach(struct jsonw *w, const struct snapshot *snap)
{
	const struct reach *r = &snap->reach;
	char text[1024];

	jsonw_name(w, "reach");
	jsonw_start_object(w);
	jsonw_string_field(w, "state", report_json_reach_state(r->state));
	reach_state_text(r, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	if (r->state == REACH_DONE) {
		jsonw_int_field(w, "probed_at", (int64_t)r->when.tv_sec);
		jsonw_uint_field(w, "elapsed_ms", (uint64_t)(r->elapsed_ms + 0.5));
	} else {
		jsonw_null_field(w, "probed_at");
		jsonw_null_field(w, "elapsed_ms");
	}
	if (r->state == REACH_NOT_PROBED || r->gates.knob_error)
		jsonw_null_field(w, "unprivileged_bpf_disabled");
	else
		jsonw_int_field(w, "unprivileged_bpf_disabled", r->gates.knob);
	jsonw_name(w, "identities");
	jsonw_start_array(w);
	for (size_t k = 0; r->state == REACH_DONE && k < r->nr_shown; k++)
		report_json_reach_identity(w, r, &r->ids[k]);
	jsonw_end_array(w);
	report_json_reach_by_knob(w, snap);
	if (r->state == REACH_NOT_PROBED || r->state == REACH_PROBING)
		jsonw_null_field(w, "gates");
	else
		report_json_reach_gates(w, snap);
	jsonw_end_object(w);
}
