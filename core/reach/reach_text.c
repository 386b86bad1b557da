/* The reach in words (reach_text.h). The sentences state what holds on
 * the running kernel; a fact that holds only from or until some version
 * says so when the kernel's version is not known. */
#include "reach/reach_text.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/kver.h"
#include "reach/reach_probe.h"

#define REACH_ENOTSUPP 524

/* Appends to buf. */
static void reach_cat(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void reach_cat(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strnlen(buf, size);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

void reach_errno_name(int err, char *buf, size_t size)
{
	const char *name = err > 0 ? strerrorname_np(err) : NULL;

	if (err == REACH_ENOTSUPP)
		snprintf(buf, size, "ENOTSUPP (524, the kernel's own)");
	else if (name)
		snprintf(buf, size, "%s", name);
	else
		snprintf(buf, size, "errno %d", err);
}

const char *reach_cap_name(unsigned bit)
{
	switch (bit) {
	case REACH_CAP_BPF: return "CAP_BPF";
	case REACH_CAP_PERFMON: return "CAP_PERFMON";
	case REACH_CAP_NET_ADMIN: return "CAP_NET_ADMIN";
	case REACH_CAP_SYS_ADMIN: return "CAP_SYS_ADMIN";
	case REACH_CAP_OTHERS: return "root's other capabilities";
	default: return NULL;
	}
}

void reach_caps_text(unsigned caps, char *buf, size_t size)
{
	size_t n = 0, total = __builtin_popcount(caps & REACH_CAP_ALL);

	buf[0] = '\0';
	for (unsigned bit = 1; bit & REACH_CAP_ALL; bit <<= 1) {
		if (!(caps & bit))
			continue;
		n++;
		reach_cat(buf, size, "%s%s", n == 1 ? "" : n == total ? " and " : ", ",
			  reach_cap_name(bit));
	}
	if (!n)
		snprintf(buf, size, "no capabilities");
}

void reach_who_text(const struct reach *r, const struct reach_identity *id, char *buf, size_t size)
{
	char caps[160], err[64];

	reach_caps_text(id->caps, caps, sizeof(caps));
	switch (id->who) {
	case REACH_SELF:
		if (id->probed)
			snprintf(buf, size, "this bpfknobs process as it runs: uid %u, %s",
				 (unsigned)id->uid, id->caps == REACH_CAP_ALL ? "every capability" : caps);
		else
			snprintf(buf, size, "this bpfknobs process as it runs");
		return;
	case REACH_ROOT:
		snprintf(buf, size, "uid 0 with every capability");
		return;
	case REACH_AGENT:
		snprintf(buf, size, "uid 65534 with CAP_BPF, CAP_PERFMON and CAP_NET_ADMIN (a "
			 "typical agent)");
		return;
	case REACH_CAP_BPF_ONLY:
		snprintf(buf, size, "uid 65534 with CAP_BPF alone");
		return;
	case REACH_USER:
		snprintf(buf, size, "a plain user: uid 65534, no capabilities");
		return;
	case REACH_USERNS:
		snprintf(buf, size, "a plain user in a new user namespace: every capability there, "
			 "none on the host, and no token");
		return;
	case REACH_USERNS_TOKEN:
		if (id->delegation < 0 || (size_t)id->delegation >= r->gates.nr_delegations) {
			snprintf(buf, size, "a process with a BPF token");
			return;
		}
		snprintf(buf, size, "a process of the user namespace of the bpffs at %s (mount "
			 "namespace %llu), with a token from it",
			 r->gates.delegations[id->delegation].mount_point,
			 r->gates.delegations[id->delegation].mnt_ns);
		if (id->probed && id->token_error) {
			reach_errno_name(-id->token_error, err, sizeof(err));
			snprintf(buf + strlen(buf), size - strlen(buf) > 0 ? size - strlen(buf) : 0,
				 "; no token could be made (BPF_TOKEN_CREATE: %s)", err);
		}
		return;
	default:
		snprintf(buf, size, "%s", reach_who_name(id->who));
		return;
	}
}

bool reach_same_why(const struct reach_verdict *a, const struct reach_verdict *b)
{
	return a->loads == b->loads && a->gate == b->gate && a->ambiguous == b->ambiguous &&
	       a->needs == b->needs && a->err == b->err && a->opt == b->opt;
}

/* Why BPF_TOKEN_CREATE refused, in words (bpf_token_create()). */
static const char *reach_token_error_text(int err)
{
	switch (-err) {
	case EPERM:
		return "this process is not in the user namespace the bpffs belongs to, or has no "
		       "CAP_BPF there";
	case EOPNOTSUPP:
		return "the bpffs belongs to the initial user namespace, where no token can be made";
	case ENOENT:
		return "the bpffs delegates nothing";
	case EINVAL:
		return "the kernel has no BPF tokens (before Linux 6.9), or the path is not a bpffs "
		       "root";
	default:
		return "see bpf_token_create() in kernel/bpf/token.c";
	}
}

static void reach_why_token(const struct reach *r, const struct reach_identity *id, bool prog,
			    char *buf, size_t size)
{
	const struct reach_delegation *d;
	char err[64];

	if (id->who == REACH_USERNS) {
		snprintf(buf, size, "needs a BPF token: with the token of a delegating bpffs it "
			 "loads, and without one a user namespace's capabilities count for nothing");
		return;
	}
	if (id->delegation < 0 || (size_t)id->delegation >= r->gates.nr_delegations) {
		snprintf(buf, size, "no token");
		return;
	}
	d = &r->gates.delegations[id->delegation];
	if (id->token_error) {
		reach_errno_name(-id->token_error, err, sizeof(err));
		snprintf(buf, size, "no token: BPF_TOKEN_CREATE refused with %s: %s", err,
			 reach_token_error_text(id->token_error));
		return;
	}
	if (prog)
		snprintf(buf, size, "the token does not delegate it (delegate_cmds=%s, "
			 "delegate_progs=%s, delegate_attachs=%s), so the host's checks apply",
			 d->cmds[0] ? d->cmds : "(none)", d->progs[0] ? d->progs : "(none)",
			 d->attachs[0] ? d->attachs : "(none)");
	else
		snprintf(buf, size, "the token does not delegate it (delegate_cmds=%s, "
			 "delegate_maps=%s), so the host's checks apply",
			 d->cmds[0] ? d->cmds : "(none)", d->maps[0] ? d->maps : "(none)");
}

static void reach_why_note(const struct reach_identity *id, const struct reach_verdict *v,
			   char *buf, size_t size);

static void reach_why_gate(const struct reach *r, const struct reach_identity *id, bool prog,
			   size_t i, char *buf, size_t size)
{
	const struct reach_verdict *v = prog ? &id->prog[i] : &id->map[i];
	const char *lockdown = reach_lockdown_name(r->gates.lockdown);
	char err[64], caps[160];

	reach_errno_name(v->err, err, sizeof(err));
	switch ((enum reach_gate)v->gate) {
	case REACH_GATE_NONE:
		snprintf(buf, size, v->loads == 1 ? "loads" : "not probed: libbpf cannot probe it");
		return;
	case REACH_GATE_KNOB:
		snprintf(buf, size, "unprivileged_bpf_disabled=%ld refuses every program load and "
			 "map creation without CAP_BPF (%s)%s", r->gates.knob, err,
			 v->ambiguous ? "; the knob changed while probing" : "");
		return;
	case REACH_GATE_CAPABILITY:
		if (v->needs && !v->ambiguous) {
			reach_caps_text(v->needs, caps, sizeof(caps));
			snprintf(buf, size, "needs %s (%s)", caps, err);
		} else {
			snprintf(buf, size, "needs a capability it lacks (%s); the probes do not say "
				 "which", err);
		}
		return;
	case REACH_GATE_TOKEN:
		reach_why_token(r, id, prog, buf, size);
		reach_cat(buf, size, " (%s)", err);
		return;
	case REACH_GATE_LSM:
		snprintf(buf, size, "refused even for root (%s), though no capability or knob "
			 "refuses root, nor lockdown (%s: it refuses helpers, which these minimal "
			 "programs do not call): by a policy, an LSM hook on bpf() or a check of this "
			 "kernel's own; the errno does not say which", err, lockdown ? lockdown : "unknown");
		return;
	case REACH_GATE_NOT_BUILT_IN:
		if (v->opt >= 0)
			snprintf(buf, size, "not built in: this kernel is built without %s (%s, even "
				 "for root)", kconfig_name((enum kconfig_opt)v->opt), err);
		else
			snprintf(buf, size, "refused even for root (%s): not built into this kernel, or "
				 "a type it does not know", err);
		return;
	case REACH_GATE_PROBE:
		snprintf(buf, size, "libbpf 1.1's probe cannot tell: the kernel answered %s as it "
			 "does for a type it has, in other words than the verifier message libbpf 1.1 "
			 "looks for", err);
		return;
	case REACH_GATE_UNKNOWN:
	case REACH_GATE__COUNT:
		break;
	}
	snprintf(buf, size, "refused with %s, for a reason the probes cannot pin down", err);
}

void reach_why_text(const struct reach *r, const struct reach_identity *id, bool prog, size_t i,
		    char *buf, size_t size)
{
	reach_why_gate(r, id, prog, i, buf, size);
	reach_why_note(id, prog ? &id->prog[i] : &id->map[i], buf, size);
}

/* A refusal root shares, by an identity that also lacks capabilities root
 * holds: the kernel checks those first, so they may be what refused it. */
static void reach_why_note(const struct reach_identity *id, const struct reach_verdict *v,
			   char *buf, size_t size)
{
	if (v->ambiguous && id->who != REACH_ROOT && id->caps != REACH_CAP_ALL &&
	    (v->err == EPERM || v->err == EACCES) &&
	    (v->gate == REACH_GATE_LSM ||
	     v->gate == REACH_GATE_NOT_BUILT_IN || v->gate == REACH_GATE_PROBE))
		reach_cat(buf, size, "; it also lacks capabilities root holds, which the kernel "
			  "checks first");
}

void reach_state_text(const struct reach *r, char *buf, size_t size)
{
	switch (r->state) {
	case REACH_NOT_PROBED:
		snprintf(buf, size, "Not probed.");
		return;
	case REACH_PROBING:
		snprintf(buf, size, "probing...");
		return;
	case REACH_TREE:
		snprintf(buf, size, "Nothing can be probed: a captured tree (--proc) is no running "
			 "kernel to ask. The gates below are what the tree holds.");
		return;
	case REACH_DONE:
		break;
	}
	snprintf(buf, size, "Probed live, each identity in a child process of its own, with "
		 "libbpf's probes (what bpftool feature probe loads)");
	if (!r->gates.knob_error)
		reach_cat(buf, size, ", while kernel.unprivileged_bpf_disabled was %ld", r->gates.knob);
	if (kver_holds(r->kver, 0, KVER(5, 11, 0)) == 1)
		reach_cat(buf, size, ". This kernel charges maps and programs to RLIMIT_MEMLOCK (before "
			  "Linux 5.11): the probes lift it, as bpftool does, and a user's own limit may "
			  "refuse more");
	reach_cat(buf, size, ".%s%s", r->gates.knob_moved ? " The knob changed while probing: "
		  "probe again." : "", r->again ? " Probing again after a change..." : "");
}

void reach_when_text(const struct reach *r, char *buf, size_t size)
{
	char when[64];
	struct tm tm;

	if (r->state != REACH_DONE) {
		buf[0] = '\0';
		return;
	}
	if (localtime_r(&r->when.tv_sec, &tm))
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm);
	else
		snprintf(when, sizeof(when), "at an unknown time");
	snprintf(buf, size, "%s, in %.0f ms.", when, r->elapsed_ms);
}

void reach_lockdown_text(const struct reach *r, char *buf, size_t size)
{
	const struct reach_gates *g = &r->gates;
	char err[64];

	switch (g->lockdown) {
	case REACH_LOCKDOWN_NONE:
		snprintf(buf, size, "none: the kernel is not locked down, and lockdown refuses "
			 "nothing eBPF does.");
		break;
	case REACH_LOCKDOWN_INTEGRITY:
		snprintf(buf, size, "integrity: no program may call bpf_probe_write_user() "
			 "(LOCKDOWN_BPF_WRITE_USER: its helper is missing from the verifier's list), "
			 "nor write kernel memory by other means (/dev/mem, unsigned modules, kexec); "
			 "programs still read kernel memory.");
		break;
	case REACH_LOCKDOWN_CONFIDENTIALITY:
		snprintf(buf, size, "confidentiality: what integrity refuses, and reading kernel "
			 "memory: bpf_probe_read_kernel(), bpf_probe_read_kernel_str() and the old "
			 "bpf_probe_read() are missing from the verifier's list "
			 "(LOCKDOWN_BPF_READ_KERNEL), so tracing programs that use them do not load; "
			 "kprobes, perf's use of kernel data and tracefs are closed too.");
		break;
	case REACH_LOCKDOWN_UNKNOWN:
		reach_errno_name(-g->lockdown_error, err, sizeof(err));
		if (r->state == REACH_TREE)
			snprintf(buf, size, "not in the captured tree (%s: it would be DIR/security/"
				 "lockdown).", err);
		else if (g->lockdown_error == -ENOENT)
			snprintf(buf, size, "unknown: securityfs is not mounted at /sys/kernel/"
				 "security, and only root can mount a private one to read it.");
		else
			snprintf(buf, size, "unknown: /sys/kernel/security/lockdown could not be "
				 "read (%s).", err);
		break;
	}
	if (g->lockdown != REACH_LOCKDOWN_UNKNOWN && g->lockdown_source[0])
		reach_cat(buf, size, " Read from %s%s.", g->lockdown_source,
			  !strcmp(g->lockdown_source, "a private securityfs mount")
			  ? ": securityfs is not mounted here, so a short-lived child mounted it in a "
			    "mount namespace of its own" : "");
	if (g->read_kernel >= 0)
		reach_cat(buf, size, " Probed: bpf_probe_read_kernel() is %s to root's kprobe "
			  "programs.", g->read_kernel ? "available" : "not available");
	switch (kver_holds(r->kver, KVER(5, 4, 0), 0)) {
	case 0:
		reach_cat(buf, size, " (The lockdown LSM came in Linux 5.4; this kernel is older.)");
		break;
	case -1:
		reach_cat(buf, size, " The lockdown LSM exists in Linux 5.4 and later; "
			  "LOCKDOWN_BPF_WRITE_USER since 5.13, backported to stable kernels.");
		break;
	default:
		break;
	}
}

void reach_paranoid_text(const struct reach *r, char *buf, size_t size)
{
	const struct reach_gates *g = &r->gates;
	long v = g->perf_event_paranoid;
	char err[64];

	if (g->paranoid_error) {
		reach_errno_name(-g->paranoid_error, err, sizeof(err));
		snprintf(buf, size, "unknown: kernel.perf_event_paranoid could not be read (%s).",
			 err);
		return;
	}
	if (v < 0)
		snprintf(buf, size, "%ld: every user may open (almost) every perf event.", v);
	else if (v == 0)
		snprintf(buf, size, "0: users without CAP_PERFMON may not use raw tracepoints or "
			 "the ftrace function tracepoint; CPU and kernel events are open to them.");
	else if (v == 1)
		snprintf(buf, size, "1: users without CAP_PERFMON may not use raw tracepoints, the "
			 "ftrace function tracepoint or CPU-wide events; they may profile the kernel "
			 "in their own processes.");
	else if (v == 2)
		snprintf(buf, size, "2: users without CAP_PERFMON may profile only their own "
			 "processes in user space: no kernel profiling, no CPU-wide events, no raw "
			 "tracepoints.");
	else
		snprintf(buf, size, "%ld: users without CAP_PERFMON may not call "
			 "perf_event_open(2) at all (a Debian, Ubuntu and Android patch; upstream "
			 "treats it as 2).", v);
	reach_cat(buf, size, " For eBPF: the tracing program types (kprobe, tracepoint, "
		  "perf_event, raw_tracepoint, tracing) need CAP_PERFMON to load at all "
		  "(bpf_prog_load()), and CAP_PERFMON also lifts this limit, so it never stops a "
		  "loader that may load them; it decides which perf events a process without "
		  "CAP_PERFMON may open, and %s.",
		  v <= 1 ? "that anyone sees real addresses in /proc/kallsyms while "
			   "kernel.kptr_restrict is 0 (kallsyms_show_value())"
			 : "keeps /proc/kallsyms addresses from readers without CAP_SYSLOG");
	if (kver_holds(r->kver, KVER(5, 8, 0), 0) != 1)
		reach_cat(buf, size, " CAP_PERFMON came in Linux 5.8; before it, CAP_SYS_ADMIN.");
}

void reach_bpf_lsm_text(const struct reach *r, long nr_lsm_progs, char *buf, size_t size)
{
	const struct reach_gates *g = &r->gates;
	enum kconfig_state built = r->kconfig.opt[KCONFIG_BPF_LSM];
	char err[64];

	char list[sizeof(g->lsm) * 2];

	/* "lockdown, capability, bpf": a list that can wrap */
	list[0] = '\0';
	for (const char *p = g->lsm; *p; p++) {
		if (*p == ',')
			reach_cat(list, sizeof(list), ", ");
		else
			reach_cat(list, sizeof(list), "%c", *p);
	}
	if (g->bpf_lsm == 1)
		snprintf(buf, size, "active: bpf is in the LSM list (%s). Programs of type lsm "
			 "attach to LSM hooks, bpf()'s own among them (security_bpf(), "
			 "security_bpf_map(), security_bpf_prog()), so a loaded one may refuse some "
			 "of the loads probed here.", list);
	else if (g->bpf_lsm == 0)
		snprintf(buf, size, "not active: bpf is not in the LSM list (%s)%s, so no lsm "
			 "program polices anything; lsm= on the kernel command line adds it.", list,
			 built == KCONFIG_YES ? " although it is built (CONFIG_BPF_LSM=y)"
			 : built == KCONFIG_NOT_SET ? " and it is not built (CONFIG_BPF_LSM is not set)"
			 : "");
	else if (r->state == REACH_TREE) {
		reach_errno_name(-g->lsm_error, err, sizeof(err));
		snprintf(buf, size, "not in the captured tree (%s: it would be DIR/security/lsm)%s.",
			 err, built == KCONFIG_NOT_SET ? "; the tree's kernel is built without it "
			 "(CONFIG_BPF_LSM is not set)" : "");
	} else {
		reach_errno_name(-g->lsm_error, err, sizeof(err));
		snprintf(buf, size, "unknown: the LSM list could not be read (%s)%s.", err,
			 built == KCONFIG_NOT_SET ? "; the kernel is built without the BPF LSM "
			 "(CONFIG_BPF_LSM is not set)" : "");
	}
	if (nr_lsm_progs >= 0)
		reach_cat(buf, size, " %ld lsm program%s loaded now.", nr_lsm_progs,
			  nr_lsm_progs == 1 ? " is" : "s are");
	if (kver_holds(r->kver, KVER(5, 7, 0), 0) != 1)
		reach_cat(buf, size, " The BPF LSM came in Linux 5.7.");
	if (kver_holds(r->kver, KVER(6, 9, 0), 0) == 1)
		reach_cat(buf, size, " Its hooks on BPF tokens (security_bpf_token_create(), "
			  "security_bpf_token_capable()) came in Linux 6.9.");
}

void reach_kptr_text(const struct reach *r, char *buf, size_t size)
{
	const struct reach_gates *g = &r->gates;
	char err[64];

	if (g->kptr_error) {
		reach_errno_name(-g->kptr_error, err, sizeof(err));
		snprintf(buf, size, "unknown: kernel.kptr_restrict could not be read (%s).", err);
		return;
	}
	if (g->kptr_restrict == 0)
		snprintf(buf, size, "0: kernel addresses (/proc/kallsyms, the addresses of JITed "
			 "programs, bpftool prog dump jited) are shown to holders of CAP_SYSLOG, and "
			 "to everyone while perf_event_paranoid is 1 or below.");
	else if (g->kptr_restrict == 1)
		snprintf(buf, size, "1: kernel addresses (/proc/kallsyms, the addresses of JITed "
			 "programs, bpftool prog dump jited) are shown only to holders of CAP_SYSLOG.");
	else
		snprintf(buf, size, "%ld: kernel addresses are hidden from everyone, root "
			 "included: /proc/kallsyms shows zeros, bpftool prog dump jited gets no "
			 "instructions, and net.core.bpf_jit_enable=2 is refused.", g->kptr_restrict);
}

void reach_userns_text(const struct reach *r, char *buf, size_t size)
{
	const struct reach_identity *id = reach_find(r, REACH_USERNS);
	char err[64];

	if (r->state != REACH_DONE || !id) {
		snprintf(buf, size, "not probed%s.", r->kconfig.opt[KCONFIG_USER_NS] == KCONFIG_NOT_SET
			 ? "; the kernel is built without them (CONFIG_USER_NS is not set)" : "");
		return;
	}
	if (id->probed) {
		snprintf(buf, size, "a plain user may make one (unshare(CLONE_NEWUSER) worked). "
			 "It holds every capability inside, none on the host: without a BPF token "
			 "the kernel checks the initial namespace's capabilities "
			 "(bpf_token_capable()), so it loads what a plain user loads.");
		return;
	}
	reach_errno_name(-id->error, err, sizeof(err));
	snprintf(buf, size, "a plain user may not make one: %s refused with %s (user."
		 "max_user_namespaces, Debian's kernel.unprivileged_userns_clone, or an LSM such "
		 "as AppArmor's restriction of unprivileged user namespaces).", id->why, err);
}

void reach_tokens_text(const struct reach *r, char *buf, size_t size)
{
	const struct reach_gates *g = &r->gates;
	char err[64];
	int has = kver_holds(r->kver, KVER(6, 9, 0), 0);

	if (has == 0)
		snprintf(buf, size, "none: BPF tokens came in Linux 6.9, and this kernel is older.");
	else
		snprintf(buf, size, "%sa bpffs mounted in a user namespace with delegate_cmds, "
			 "delegate_maps, delegate_progs or delegate_attachs (set by a privileged "
			 "parent: LXD's security.delegate_bpf, systemd's PrivateBPF=) lets processes of "
			 "that namespace make a token (BPF_TOKEN_CREATE) with which their capabilities "
			 "there count for what it delegates; every command, type and attach type must "
			 "be delegated, or the host's checks apply.",
			 has == 1 ? "" : "(Linux 6.9 and later) ");
	if (r->state == REACH_TREE || g->delegations_error == -ENOTSUP) {
		reach_cat(buf, size, " Delegations: a captured tree holds no mount namespaces.");
		return;
	}
	if (g->delegations_error && !g->nr_mount_ns) {
		reach_errno_name(-g->delegations_error, err, sizeof(err));
		reach_cat(buf, size, " Delegations: /proc could not be read (%s).", err);
		return;
	}
	if (!g->nr_delegations_all)
		reach_cat(buf, size, " Delegations: no bpffs delegates anything in the %zu mount "
			  "namespace%s read.", g->nr_mount_ns, g->nr_mount_ns == 1 ? "" : "s");
	else
		reach_cat(buf, size, " Delegations: %zu bpffs mount%s in the %zu mount namespace%s "
			  "read%s.", g->nr_delegations_all, g->nr_delegations_all == 1 ? "" : "s",
			  g->nr_mount_ns, g->nr_mount_ns == 1 ? "" : "s",
			  g->nr_delegations_all > g->nr_delegations ? " (the first ones below)" : "");
	if (g->nr_ns_unreadable)
		reach_cat(buf, size, " The mount namespace of %zu process%s could not be seen (%s).",
			  g->nr_ns_unreadable, g->nr_ns_unreadable == 1 ? "" : "es",
			  g->ns_as_root ? "the kernel refuses even root ptrace access to them"
					: "other users' processes: run as root to see them");
}

void reach_delegation_text(const struct reach *r, size_t d, char *buf, size_t size)
{
	const struct reach_delegation *del = &r->gates.delegations[d];
	size_t kept = del->nr_pids < REACH_MAX_PIDS ? del->nr_pids : REACH_MAX_PIDS;

	snprintf(buf, size, "%s in mount namespace %llu: delegate_cmds=%s, delegate_maps=%s, "
		 "delegate_progs=%s, delegate_attachs=%s (mounted with %s). Processes there (%zu): ",
		 del->mount_point, del->mnt_ns, del->cmds[0] ? del->cmds : "(none)",
		 del->maps[0] ? del->maps : "(none)", del->progs[0] ? del->progs : "(none)",
		 del->attachs[0] ? del->attachs : "(none)", del->options, del->nr_pids);
	for (size_t i = 0; i < kept; i++)
		reach_cat(buf, size, "%s%s (%d)", i ? ", " : "", del->comms[i][0] ? del->comms[i] : "?",
			  (int)del->pids[i]);
	reach_cat(buf, size, "%s.", del->nr_pids > kept ? ", ..." : "");
}

void reach_config_text(const struct reach *r, char *buf, size_t size)
{
	buf[0] = '\0';
	if (r->kconfig.error) {
		snprintf(buf, size, "unknown: no kernel config was read.");
		return;
	}
	for (int i = KCONFIG__KNOBS; i < KCONFIG__COUNT; i++) {
		const char *state = kconfig_state_name(r->kconfig.opt[i]);

		reach_cat(buf, size, "%s%s=%s", i > KCONFIG__KNOBS ? ", " : "",
			  kconfig_name((enum kconfig_opt)i), state ? state : "?");
	}
	reach_cat(buf, size, ".");
}

/* The types any caller may load once unprivileged_bpf_disabled is 0:
 * bpf_prog_load() refuses every other program type without CAP_BPF, and
 * map_create() every map type outside this list (kernel/bpf/syscall.c,
 * Linux 6.5 and later; before, each map type's own allocation check did
 * the same). The kernel matrix checks the list on each kernel. */
bool reach_unpriv_prog(size_t i)
{
	enum bpf_prog_type t = (enum bpf_prog_type)(i + 1);

	return t == BPF_PROG_TYPE_SOCKET_FILTER || t == BPF_PROG_TYPE_CGROUP_SKB;
}

bool reach_unpriv_map(size_t i)
{
	switch ((enum bpf_map_type)(i + 1)) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		return true;
	default:
		return false;
	}
}

/* "socket_filter and cgroup_skb programs; hash, array ... maps" of the
 * types marked in progs and maps; "nothing" when none is. */
static void reach_types_text(const struct reach *r, const bool *progs, const bool *maps,
			     char *buf, size_t size)
{
	size_t np = 0, nm = 0, k;

	buf[0] = '\0';
	for (size_t i = 0; i < r->nr_prog_types; i++)
		np += progs[i];
	for (size_t i = 0; i < r->nr_map_types; i++)
		nm += maps[i];
	if (!np && !nm) {
		snprintf(buf, size, "nothing");
		return;
	}
	k = 0;
	for (size_t i = 0; i < r->nr_prog_types; i++)
		if (progs[i])
			reach_cat(buf, size, "%s%s", k++ ? (k == np ? " and " : ", ") : "",
				  reach_prog_type_name(i));
	if (np)
		reach_cat(buf, size, " program%s", np == 1 ? "" : "s");
	k = 0;
	for (size_t i = 0; i < r->nr_map_types; i++)
		if (maps[i])
			reach_cat(buf, size, "%s%s", k++ ? (k == nm ? " and " : ", ")
					      : np ? "; " : "", reach_map_type_name(i));
	if (nm)
		reach_cat(buf, size, " map%s", nm == 1 ? "" : "s");
}

void reach_user_now_text(const struct reach *r, char *buf, size_t size)
{
	bool progs[REACH_MAX_TYPES], maps[REACH_MAX_TYPES];

	if (reach_user_at(r, false, true, progs, maps) == REACH_FROM_NONE) {
		snprintf(buf, size, "%s", r->state == REACH_PROBING ? "not known yet (probing...)"
			 : "not probed");
		return;
	}
	reach_types_text(r, progs, maps, buf, size);
	reach_cat(buf, size, " (probed)");
}

enum reach_from reach_user_at(const struct reach *r, bool users_load, bool now, bool *progs,
			      bool *maps)
{
	const struct reach_identity *user = reach_find(r, REACH_USER);
	const struct reach_identity *root = reach_find(r, REACH_ROOT);

	memset(progs, 0, REACH_MAX_TYPES * sizeof(*progs));
	memset(maps, 0, REACH_MAX_TYPES * sizeof(*maps));
	if (r->state != REACH_DONE)
		return REACH_FROM_NONE;
	if (now) {
		if (!user || !user->probed)
			return REACH_FROM_NONE;
		for (size_t i = 0; i < r->nr_prog_types; i++)
			progs[i] = user->prog[i].loads == 1;
		for (size_t i = 0; i < r->nr_map_types; i++)
			maps[i] = user->map[i].loads == 1;
		return REACH_FROM_PROBE;
	}
	if (!users_load)
		return REACH_FROM_KNOB;
	if (r->user_open_seen) {
		for (size_t i = 0; i < r->nr_prog_types; i++)
			progs[i] = r->user_open_prog[i] == 1;
		for (size_t i = 0; i < r->nr_map_types; i++)
			maps[i] = r->user_open_map[i] == 1;
		return REACH_FROM_EARLIER;
	}
	if (!root || !root->probed)
		return REACH_FROM_NONE;
	for (size_t i = 0; i < r->nr_prog_types; i++)
		progs[i] = reach_unpriv_prog(i) && root->prog[i].loads == 1;
	for (size_t i = 0; i < r->nr_map_types; i++)
		maps[i] = reach_unpriv_map(i) && root->map[i].loads == 1;
	return REACH_FROM_EXPECTED;
}

const char *reach_from_name(enum reach_from from)
{
	switch (from) {
	case REACH_FROM_PROBE:
		return "probed";
	case REACH_FROM_EARLIER:
		return "probed_earlier";
	case REACH_FROM_EXPECTED:
		return "expected";
	case REACH_FROM_KNOB:
		return "knob";
	case REACH_FROM_NONE:
		break;
	}
	return NULL;
}

void reach_user_after_text(const struct reach *r, bool users_load, char *buf, size_t size)
{
	bool progs[REACH_MAX_TYPES], maps[REACH_MAX_TYPES];

	switch (reach_user_at(r, users_load, false, progs, maps)) {
	case REACH_FROM_KNOB:
		snprintf(buf, size, "nothing: without CAP_BPF every program load and map creation "
			 "is refused (EPERM)");
		return;
	case REACH_FROM_NONE:
		if (r->state == REACH_DONE)
			snprintf(buf, size, "the types the kernel lets any user load (socket_filter and "
				 "cgroup_skb programs, and some map types); root was not probed, so which "
				 "of them this kernel has is not known");
		else
			snprintf(buf, size, "%s", r->state == REACH_PROBING
				 ? "not known yet (probing...)" : "not probed");
		return;
	case REACH_FROM_EARLIER:
		reach_types_text(r, progs, maps, buf, size);
		reach_cat(buf, size, " (probed earlier in this session at 0)");
		return;
	case REACH_FROM_EXPECTED:
		reach_types_text(r, progs, maps, buf, size);
		reach_cat(buf, size, ": the types the kernel lets any user load, among those root "
			  "loads here (probed)");
		return;
	case REACH_FROM_PROBE:
		break;
	}
	reach_types_text(r, progs, maps, buf, size);
}
