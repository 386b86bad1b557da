/* What eBPF may do on this host, and for whom: for each identity (this
 * process, root, an agent with CAP_BPF+CAP_PERFMON+CAP_NET_ADMIN, CAP_BPF
 * alone, a plain user, a plain user in a new user namespace, and one in the
 * user namespace of each delegating bpffs with its token), which program
 * and map types load, probed live in a child that becomes that identity
 * (reach_probe.c); for each "no" the gate that says no, worked out from the
 * evidence (reach_attr.c); and the gates themselves, read (reach_gates.c,
 * reach_mountns.c). A plain struct without pointers: the snapshot copies it. */
#ifndef BPFKNOBS_REACH_REACH_H
#define BPFKNOBS_REACH_REACH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "knobs/kconfig.h"

#define REACH_MAX_TYPES 64       /* program or map types libbpf names */
#define REACH_MAX_DELEGATIONS 6  /* bpffs mounts with delegate_* options */
#define REACH_MAX_IDS (8 + REACH_MAX_DELEGATIONS)
#define REACH_MAX_PIDS 6         /* processes named per mount namespace */

/* Capabilities an identity holds, as bits. */
enum reach_cap {
	REACH_CAP_BPF = 1 << 0,
	REACH_CAP_PERFMON = 1 << 1,
	REACH_CAP_NET_ADMIN = 1 << 2,
	REACH_CAP_SYS_ADMIN = 1 << 3,
	REACH_CAP_OTHERS = 1 << 4, /* root's other capabilities */
	REACH_CAP_ALL = (1 << 5) - 1,
};

/* Who is probed. The first six are the identities shown; the two "aux"
 * ones only tell which capability a type needs (reach_attr.c). */
enum reach_who {
	REACH_SELF,         /* this process, as it runs */
	REACH_ROOT,         /* uid 0 with every capability */
	REACH_AGENT,        /* uid 65534 with CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN */
	REACH_CAP_BPF_ONLY, /* uid 65534 with CAP_BPF */
	REACH_USER,         /* uid 65534, no capabilities */
	REACH_USERNS,       /* uid 65534 in a new user namespace: every capability there */
	REACH_USERNS_TOKEN, /* in a delegating bpffs's user namespace, with its token */
	REACH_AUX_NET_ADMIN, /* uid 65534 with CAP_BPF, CAP_NET_ADMIN */
	REACH_AUX_PERFMON,  /* uid 65534 with CAP_BPF, CAP_PERFMON */
	REACH_WHO__COUNT,
};

/* What says no. */
enum reach_gate {
	REACH_GATE_NONE,        /* it loads */
	REACH_GATE_KNOB,        /* kernel.unprivileged_bpf_disabled */
	REACH_GATE_CAPABILITY,  /* a capability the identity lacks (.needs) */
	REACH_GATE_TOKEN,       /* no token, or a token that does not delegate it */
	REACH_GATE_LSM,         /* root is refused too (EPERM/EACCES): a policy */
	REACH_GATE_NOT_BUILT_IN, /* root is refused too: the kernel does not have it */
	REACH_GATE_PROBE,       /* libbpf's probe cannot tell on this kernel */
	REACH_GATE_UNKNOWN,
	REACH_GATE__COUNT,
};

struct reach_verdict {
	int8_t loads;      /* 1 loads, 0 refused, -1 not probed */
	uint8_t gate;      /* enum reach_gate, for a refusal */
	uint8_t ambiguous; /* the evidence fits more than one gate */
	uint8_t needs;     /* REACH_GATE_CAPABILITY: the REACH_CAP_* bits that let it load */
	int16_t err;       /* the errno the kernel answered, 0 when it loaded */
	int16_t opt;       /* REACH_GATE_NOT_BUILT_IN: the kconfig option unset, -1 none */
};

struct reach_identity {
	enum reach_who who;
	bool probed;
	int error;            /* -errno of what kept it from being probed */
	char why[192];        /* which step: "unshare(CLONE_NEWUSER)", "not root" */
	unsigned caps;        /* REACH_CAP_* held in the initial user namespace */
	uid_t uid;            /* in the initial user namespace */
	int delegation;       /* REACH_USERNS_TOKEN: its index in gates.delegations */
	int token_error;      /* -errno of BPF_TOKEN_CREATE, 0 when a token was made */
	struct reach_verdict prog[REACH_MAX_TYPES];
	struct reach_verdict map[REACH_MAX_TYPES];
};

enum reach_lockdown {
	REACH_LOCKDOWN_UNKNOWN,
	REACH_LOCKDOWN_NONE,
	REACH_LOCKDOWN_INTEGRITY,
	REACH_LOCKDOWN_CONFIDENTIALITY,
};

/* A bpffs mounted with delegate_* options, in some mount namespace. */
struct reach_delegation {
	char mount_point[256];
	char options[512];         /* its super options as mountinfo gives them */
	char cmds[128], maps[160], progs[256], attachs[256]; /* the delegate_* values */
	uint64_t cmds_mask, maps_mask, progs_mask, attachs_mask; /* what they name */
	unsigned long long mnt_ns; /* the inode of its mount namespace */
	pid_t pids[REACH_MAX_PIDS]; /* processes that live there (the first) */
	char comms[REACH_MAX_PIDS][16];
	size_t nr_pids;            /* all of them */
};

struct reach_gates {
	enum reach_lockdown lockdown;
	int lockdown_error;          /* -errno when it could not be read */
	char lockdown_source[64];    /* where it was read */
	char lsm[256];               /* the active LSMs, "" when unknown */
	int lsm_error;
	int bpf_lsm;                 /* "bpf" is among them: 1, 0, -1 unknown */
	long perf_event_paranoid;
	int paranoid_error;
	long kptr_restrict;
	int kptr_error;
	int read_kernel;             /* bpf_probe_read_kernel available to root: 1, 0, -1 */
	long knob;                   /* unprivileged_bpf_disabled when probed */
	int knob_error;
	bool knob_moved;             /* it changed while the probes ran */
	struct reach_delegation delegations[REACH_MAX_DELEGATIONS];
	size_t nr_delegations;       /* shown (more may exist: nr_delegations_all) */
	size_t nr_delegations_all;
	size_t nr_mount_ns;          /* distinct mount namespaces read */
	size_t nr_ns_unreadable;     /* processes whose namespace could not be read */
	bool ns_as_root;             /* the scan ran as root (who may read any, but pid 1's
				      * sometimes: a dumpable-less init refuses ptrace access) */
	int delegations_error;       /* -errno: none read at all */
};

enum reach_state {
	REACH_NOT_PROBED, /* nobody asked (--check, --prometheus) */
	REACH_PROBING,    /* the first probe is running */
	REACH_DONE,
	REACH_TREE,       /* a captured tree: nothing can be probed */
};

struct reach {
	enum reach_state state;
	bool again;              /* REACH_DONE, and probing again after a change */
	struct timespec when;    /* CLOCK_REALTIME of the probe */
	double elapsed_ms;       /* all probes together */
	size_t nr_prog_types, nr_map_types; /* libbpf's, from type 1 */
	struct reach_identity ids[REACH_MAX_IDS]; /* the shown ones, then the aux ones */
	size_t nr_ids, nr_shown;
	struct reach_gates gates;
	struct kconfig kconfig;  /* the build, for the gates */
	unsigned kver;
	/* The plain user's verdicts (1 loads) in the last probe of this
	 * session while unprivileged_bpf_disabled was 0 (reach_session.c):
	 * what the knob's change dialog says 0 would bring back. */
	bool user_open_seen;
	int8_t user_open_prog[REACH_MAX_TYPES], user_open_map[REACH_MAX_TYPES];
};

/* libbpf's name of program type i+1, map type i+1 ("socket_filter", "hash"). */
const char *reach_prog_type_name(size_t i);
const char *reach_map_type_name(size_t i);

/* "self", "root", "agent", "cap_bpf", "user", "userns" (the JSON names). */
const char *reach_who_name(enum reach_who who);
/* "unprivileged_bpf_disabled", "capability", "token", "lsm",
 * "not_built_in", "probe", "unknown" (the JSON names). */
const char *reach_gate_name(enum reach_gate gate);
/* "none", "integrity", "confidentiality"; NULL when unknown. */
const char *reach_lockdown_name(enum reach_lockdown lockdown);

/* The identity who, or NULL when not in r. */
const struct reach_identity *reach_find(const struct reach *r, enum reach_who who);

/* How many types id loads of nr. */
size_t reach_count_loads(const struct reach_verdict *v, size_t nr);

#endif
