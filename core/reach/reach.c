/* Names and lookups of the reach model (reach.h). */
#include "reach/reach.h"

#include <bpf/libbpf.h>

const char *reach_prog_type_name(size_t i)
{
	return libbpf_bpf_prog_type_str((enum bpf_prog_type)(i + 1));
}

const char *reach_map_type_name(size_t i)
{
	return libbpf_bpf_map_type_str((enum bpf_map_type)(i + 1));
}

const char *reach_who_name(enum reach_who who)
{
	static const char *const names[REACH_WHO__COUNT] = {
		[REACH_SELF] = "self",
		[REACH_ROOT] = "root",
		[REACH_AGENT] = "agent",
		[REACH_CAP_BPF_ONLY] = "cap_bpf",
		[REACH_USER] = "user",
		[REACH_USERNS] = "userns",
		[REACH_USERNS_TOKEN] = "userns",
		[REACH_AUX_NET_ADMIN] = "cap_bpf_net_admin",
		[REACH_AUX_PERFMON] = "cap_bpf_perfmon",
	};

	return who < REACH_WHO__COUNT ? names[who] : "?";
}

const char *reach_gate_name(enum reach_gate gate)
{
	static const char *const names[REACH_GATE__COUNT] = {
		[REACH_GATE_NONE] = "none",
		[REACH_GATE_KNOB] = "unprivileged_bpf_disabled",
		[REACH_GATE_CAPABILITY] = "capability",
		[REACH_GATE_TOKEN] = "token",
		[REACH_GATE_LSM] = "lsm",
		[REACH_GATE_NOT_BUILT_IN] = "not_built_in",
		[REACH_GATE_PROBE] = "probe",
		[REACH_GATE_UNKNOWN] = "unknown",
	};

	return gate < REACH_GATE__COUNT ? names[gate] : "unknown";
}

const char *reach_lockdown_name(enum reach_lockdown lockdown)
{
	switch (lockdown) {
	case REACH_LOCKDOWN_NONE:
		return "none";
	case REACH_LOCKDOWN_INTEGRITY:
		return "integrity";
	case REACH_LOCKDOWN_CONFIDENTIALITY:
		return "confidentiality";
	case REACH_LOCKDOWN_UNKNOWN:
		break;
	}
	return NULL;
}

const struct reach_identity *reach_find(const struct reach *r, enum reach_who who)
{
	for (size_t i = 0; i < r->nr_ids; i++)
		if (r->ids[i].who == who)
			return &r->ids[i];
	return NULL;
}

size_t reach_count_loads(const struct reach_verdict *v, size_t nr)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++)
		n += v[i].loads == 1;
	return n;
}
