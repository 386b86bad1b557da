/* Which gate said no, from evidence: the same probe as root, as the
 * identities that hold more capabilities, and with a token; the knob's
 * value when probed; lockdown; the build. The kernel's order of checks in
 * bpf_prog_load() and map_create() (kernel/bpf/syscall.c) decides which
 * gate speaks first when several would refuse: unprivileged_bpf_disabled
 * for a caller without CAP_BPF, then the type's capabilities, then the
 * LSM hook (security_bpf_prog_load()) and the verifier. Lockdown refuses no
 * type: only helpers, which the probes' programs do not call. A refusal the
 * evidence does not pin to one gate is marked ambiguous. */
#include "reach/reach_probe.h"

#include <errno.h>
#include <linux/bpf.h>

#include "reach/reach_token.h"

#define REACH_ENOTSUPP 524

/* The build option without which the kernel has no such type
 * (include/linux/bpf_types.h); -1 when no single option decides it. */
static int reach_prog_opt(size_t i)
{
	switch ((enum bpf_prog_type)(i + 1)) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
		return KCONFIG_BPF_EVENTS;
	case BPF_PROG_TYPE_LSM:
		return KCONFIG_BPF_LSM;
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SKB:
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
		return KCONFIG_CGROUP_BPF;
	case BPF_PROG_TYPE_LIRC_MODE2:
		return KCONFIG_BPF_LIRC_MODE2;
	default:
		return -1;
	}
}

static int reach_map_opt(size_t i)
{
	switch ((enum bpf_map_type)(i + 1)) {
	case BPF_MAP_TYPE_XSKMAP:
		return KCONFIG_XDP_SOCKETS;
	case BPF_MAP_TYPE_INODE_STORAGE:
		return KCONFIG_BPF_LSM;
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return KCONFIG_CGROUP_BPF;
	default:
		return -1;
	}
}

/* The errno libbpf's probe takes for "this type exists" (probe_prog_load()
 * loads tracing, lsm and ext with attach_btf_id 1 and expects EINVAL with a
 * given verifier message; struct_ops expects ENOTSUPP); 0 for the others. */
static int reach_expected_err(bool prog, size_t i)
{
	if (!prog)
		return (enum bpf_map_type)(i + 1) == BPF_MAP_TYPE_STRUCT_OPS ? REACH_ENOTSUPP : 0;
	switch ((enum bpf_prog_type)(i + 1)) {
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_EXT:
		return EINVAL;
	case BPF_PROG_TYPE_STRUCT_OPS:
		return REACH_ENOTSUPP;
	default:
		return 0;
	}
}

int reach_delegates_prog(const struct reach_delegation *d, size_t i)
{
	uint32_t attach = reach_token_probe_attach_type((uint32_t)(i + 1));

	return (d->cmds_mask & (1ULL << BPF_PROG_LOAD)) && (d->progs_mask & (1ULL << (i + 1))) &&
	       attach < 64 && (d->attachs_mask & (1ULL << attach));
}

int reach_delegates_map(const struct reach_delegation *d, size_t i)
{
	return (d->cmds_mask & (1ULL << BPF_MAP_CREATE)) && (d->maps_mask & (1ULL << (i + 1))) &&
	       (!reach_token_probe_map_needs_btf((uint32_t)(i + 1)) ||
		(d->cmds_mask & (1ULL << BPF_BTF_LOAD)));
}

static const struct reach_verdict *reach_verdict_of(const struct reach_identity *id, bool prog,
						    size_t i)
{
	return id && id->probed ? (prog ? &id->prog[i] : &id->map[i]) : NULL;
}

/* Why root itself is refused: the kernel lacks it, the probe cannot tell,
 * or a policy (lockdown, an LSM) refuses even root. */
static void reach_root_gate(const struct reach *r, bool prog, size_t i,
			    const struct reach_verdict *rv, struct reach_verdict *v)
{
	int opt = prog ? reach_prog_opt(i) : reach_map_opt(i), expect = reach_expected_err(prog, i);

	v->ambiguous = 1;
	v->opt = -1;
	if (expect && rv->err == expect) {
		/* the kernel answered as libbpf expects of a type it has, with
		 * another verifier message than libbpf 1.1 looks for */
		v->gate = REACH_GATE_PROBE;
		v->ambiguous = 0;
	} else if (rv->err == EINVAL || rv->err == EOPNOTSUPP || rv->err == REACH_ENOTSUPP) {
		v->gate = REACH_GATE_NOT_BUILT_IN;
		if (opt >= 0 && r->kconfig.opt[opt] == KCONFIG_NOT_SET) {
			v->opt = (int16_t)opt;
			v->ambiguous = 0;
		}
	} else if (rv->err == EPERM || rv->err == EACCES) {
		/* no capability or knob refuses root, nor lockdown: it refuses
		 * helpers (bpf_probe_write_user(), bpf_probe_read_kernel()) when
		 * the verifier looks them up, and these minimal programs call
		 * none (make check-kernels: Debian's 7.3 loads them all under
		 * lockdown=integrity). A policy does, and the errno does not
		 * say which: an LSM's security_bpf_prog_load() or map hook, or
		 * a check of this kernel's own. */
		v->gate = REACH_GATE_LSM;
	} else {
		v->gate = REACH_GATE_UNKNOWN;
	}
}

/* The capabilities that let identity id load it: those of the first
 * identity with more capabilities that loads it. 0 when none does. */
static unsigned reach_needs(const struct reach *r, const struct reach_identity *id, bool prog,
			    size_t i, bool *ambiguous)
{
	static const enum reach_who ladder[] = {
		REACH_CAP_BPF_ONLY, REACH_AUX_NET_ADMIN, REACH_AUX_PERFMON, REACH_AGENT, REACH_ROOT,
	};

	*ambiguous = false;
	for (size_t k = 0; k < sizeof(ladder) / sizeof(ladder[0]); k++) {
		const struct reach_identity *more = reach_find(r, ladder[k]);
		const struct reach_verdict *mv = reach_verdict_of(more, prog, i);

		if (!mv || mv->loads != 1 || (more->caps & id->caps) != id->caps)
			continue;
		/* only root's whole set lets it: which of root's others, the
		 * probes do not say */
		*ambiguous = ladder[k] == REACH_ROOT;
		return more->caps & ~id->caps;
	}
	*ambiguous = true;
	return 0;
}

static bool reach_loads_with_token(const struct reach *r, bool prog, size_t i)
{
	for (size_t k = 0; k < r->nr_ids; k++) {
		const struct reach_verdict *tv = reach_verdict_of(&r->ids[k], prog, i);

		if (r->ids[k].who == REACH_USERNS_TOKEN && tv && tv->loads == 1)
			return true;
	}
	return false;
}

static void reach_attribute_one(const struct reach *r, const struct reach_identity *id, bool prog,
				size_t i, struct reach_verdict *v)
{
	const struct reach_identity *root = reach_find(r, REACH_ROOT);
	const struct reach_verdict *rv = reach_verdict_of(root, prog, i);
	bool bpf_cap = id->caps & (REACH_CAP_BPF | REACH_CAP_SYS_ADMIN), amb;
	bool knob_on = !r->gates.knob_error && r->gates.knob != 0;
	bool perm = v->err == EPERM || v->err == EACCES;

	v->gate = REACH_GATE_NONE;
	v->ambiguous = 0;
	v->needs = 0;
	v->opt = -1;
	if (v->loads != 0)
		return;
	if (id->who == REACH_USERNS_TOKEN && id->delegation >= 0) {
		const struct reach_delegation *d = &r->gates.delegations[id->delegation];

		/* without a token, or with one that does not cover the type,
		 * the kernel checks the initial namespace's capabilities */
		if (id->token_error ||
		    !(prog ? reach_delegates_prog(d, i) : reach_delegates_map(d, i))) {
			v->gate = REACH_GATE_TOKEN;
			return;
		}
	}
	/* a user namespace's capabilities count only with a token, and the
	 * token of a delegating bpffs does load it */
	if (id->who == REACH_USERNS && perm && reach_loads_with_token(r, prog, i)) {
		v->gate = REACH_GATE_TOKEN;
		return;
	}
	/* the knob is the kernel's first check of a caller without CAP_BPF */
	if (!bpf_cap && knob_on && v->err == EPERM) {
		v->gate = REACH_GATE_KNOB;
		v->ambiguous = r->gates.knob_moved;
		return;
	}
	if (rv && rv->loads == 0) {
		if (v->err == rv->err) {
			reach_root_gate(r, prog, i, rv, v);
			/* one of the capabilities root has may have refused first
			 * (capability checks answer EPERM) */
			v->ambiguous |= id != root && id->caps != root->caps && perm;
		} else {
			/* stopped earlier than root: by what it lacks */
			v->gate = perm ? REACH_GATE_CAPABILITY : REACH_GATE_UNKNOWN;
			v->ambiguous = 1;
		}
		return;
	}
	if (!perm) {
		v->gate = REACH_GATE_UNKNOWN;
		v->ambiguous = 1;
		return;
	}
	v->gate = REACH_GATE_CAPABILITY;
	v->needs = (uint8_t)reach_needs(r, id, prog, i, &amb);
	v->ambiguous = amb || !rv;
}

void reach_attribute(struct reach *r)
{
	for (size_t k = 0; k < r->nr_ids; k++) {
		struct reach_identity *id = &r->ids[k];

		if (!id->probed)
			continue;
		for (size_t i = 0; i < r->nr_prog_types; i++)
			reach_attribute_one(r, id, true, i, &id->prog[i]);
		for (size_t i = 0; i < r->nr_map_types; i++)
			reach_attribute_one(r, id, false, i, &id->map[i]);
	}
}
