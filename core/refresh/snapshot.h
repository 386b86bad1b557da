/* Everything bpfknobs shows, read in one pass: the screen, --list and --json
 * all render this one struct. */
#ifndef BPFKNOBS_REFRESH_SNAPSHOT_H
#define BPFKNOBS_REFRESH_SNAPSHOT_H

#include <limits.h>
#include <stdbool.h>

#include "knobs/drift.h"
#include "knobs/kconfig.h"
#include "knobs/knob.h"
#include "knobs/sysctld_cache.h"
#include "base/privs.h"
#include "jitmem/jitmem.h"
#include "refresh/prog_session.h"
#include "base/procroot.h"
#include "reach/reach.h"

#define SNAPSHOT_MAX_KNOBS 16

enum snapshot_netns {
	SNAPSHOT_NETNS_UNKNOWN,
	SNAPSHOT_NETNS_INITIAL,
	SNAPSHOT_NETNS_OTHER, /* a container's: the net.core.bpf_jit_* files are absent */
};

/* What cannot change while the tool runs: read once per run
 * (snapshot_facts_read()), not on every refresh. */
struct snapshot_facts {
	char release[128];    /* kernel.osrelease, "" when unreadable */
	char machine[64];     /* kernel.arch, else uname(2) of the running kernel (5.10 has no
			       * kernel.arch); "" when unknown (a captured tree without it) */
	unsigned kver;        /* kver_parse(release), 0 when unknown */
	struct kconfig kconfig;
	enum snapshot_netns netns;
	/* Why osrelease or arch could not be read (one sentence each, a FIFO
	 * or a device in a captured tree...); "" when both were, or are absent. */
	char unreadable[2 * PATH_MAX];
};

void snapshot_facts_read(struct snapshot_facts *facts, const struct procroot *root);

struct snapshot_knob {
	const struct knob_def *def;
	struct knob_reading reading;
	struct drift drift; /* the value it gets at boot, and whether it differs */
};

struct snapshot {
	char proc_dir[PATH_MAX];
	char boot_dir[PATH_MAX];
	char sysctl_dir[PATH_MAX]; /* where the sysctl files were read, "" when not */
	bool live;            /* the running kernel, not a --proc tree */
	char release[128];    /* the facts of the run, copied in */
	char machine[64];
	unsigned kver;
	char hostname[256];   /* kernel.hostname, "" when unreadable (it may change) */
	/* The facts' and the hostname's unreadable sentences: "" when none. */
	char unreadable[3 * PATH_MAX];
	struct privs privs;   /* of this process, also when reading a --proc tree */
	struct kconfig kconfig;
	enum snapshot_netns netns;
	struct snapshot_knob knobs[SNAPSHOT_MAX_KNOBS];
	size_t nr_knobs;
	struct prog_list progs;
	/* JIT memory in use against net.core.bpf_jit_limit: exact, estimated,
	 * or why not known (jitmem.h) */
	struct jitmem_reading jitmem;
	/* What eBPF may do here and for whom: probed by snapshot_reach()
	 * (--list, --json) or copied in from the browser's background run;
	 * REACH_NOT_PROBED otherwise (--check, --prometheus). */
	struct reach reach;
};

/* Reads every part once, waiting for /proc/kallsyms: for --list and --json.
 * Parts that cannot be read are recorded as such, so this only fails for a
 * root that does not exist (-ENOENT) or is not a directory, or -ENOMEM. */
int snapshot_take(struct snapshot *snap, const struct procroot *root);

/* The same for a live view: the facts of the run are read once by the
 * caller (NULL reads them now), cache is reused between calls, the sysctl
 * files are read again only when they changed (boot keeps what they set;
 * NULL reads them every time), and with wait false it never blocks on
 * /proc/kallsyms (see prog_session_refresh()). snap must be zeroed or hold a
 * previous snapshot, which is freed first. */
int snapshot_refresh(struct snapshot *snap, const struct procroot *root,
		     const struct snapshot_facts *facts, struct prog_session *cache,
		     struct sysctld_cache *boot, bool wait);

/* Probes what each identity may load here, and reads the gates, into
 * snap->reach (reach/reach_probe.h): tens of milliseconds, children forked.
 * For a captured tree only the gates it holds. Returns 0 or -ENOMEM. */
int snapshot_reach(struct snapshot *snap, const struct procroot *root);

/* A reach probed beside the snapshot (reach/reach_session.h, started
 * before snapshot_take() so that the probes overlap the program listing):
 * copied into snap->reach with the build this snapshot read, and each
 * refusal's gate worked out again with it. */
void snapshot_reach_adopt(struct snapshot *snap, const struct reach *r);

/* How many loaded programs are of type lsm: the BPF LSM's policies; -1
 * when programs cannot be listed. */
long snapshot_lsm_programs(const struct snapshot *snap);

/* Frees what the snapshot owns (the program list) and zeroes it. */
void snapshot_free(struct snapshot *snap);

/* Every knob's value by id (knob_values), for rules over several knobs. */
void snapshot_knob_values(const struct snapshot *snap, struct knob_values *values);

/* The knob_env that the knob_* functions need, pointing into snap. */
void snapshot_knob_env(const struct snapshot *snap, struct knob_env *env);

#endif
