/* Whether the kernel is counting BPF program runs right now, and because of
 * whom. The kernel counts while kernel.bpf_stats_enabled is 1 or while any
 * process holds a BPF_ENABLE_STATS file descriptor (anon_inode:bpf-stats):
 * both vote on one static key (bpf_stats_handler(),
 * bpf_enable_runtime_stats() in kernel/bpf/syscall.c), and the file shows
 * only its own vote. So the file alone cannot say whether statistics are
 * on; the fds that processes hold (holders/) can. */
#ifndef BPFKNOBS_STATS_STATS_STATE_H
#define BPFKNOBS_STATS_STATS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "knobs/knob.h"

#define STATS_STATE_MAX_HOLDERS 16

enum stats_on {
	STATS_OFF,
	STATS_ON,
	STATS_UNKNOWN, /* the sysctl reads 0 (or nothing) and the holders cannot be seen */
};

struct stats_holder {
	pid_t pid;
	char comm[16];
	bool self; /* this process: "this browser" */
};

/* A process holding a BPF_ENABLE_STATS fd (anon_inode:bpf-stats), as the
 * search for holders found it. */
struct stats_fd {
	pid_t pid;
	const char *comm; /* NULL or "" when not known */
};

struct stats_state {
	enum stats_on on;
	int sysctl;          /* kernel.bpf_stats_enabled: 0 or 1, -1 when it has no value */
	/* 0 when every process's fds were seen; else why the holders are not
	 * known: -EPERM (other processes' fds need root), -EOPNOTSUPP (a --proc
	 * tree), -EAGAIN (not every process read yet), or the search's own -errno */
	int holders_error;
	struct stats_holder holders[STATS_STATE_MAX_HOLDERS]; /* the first ones, by pid */
	size_t nr_holders;   /* in holders[] */
	size_t nr_holders_all; /* processes holding one, also those not in holders[] */
	bool self;           /* this process holds one */
};

/* The state from the sysctl's value (knob_values) and the processes
 * holding statistics fds (by pid; several fds of one process count once),
 * or holders_error when they are not known. */
void stats_state_assess(struct stats_state *st, const struct knob_values *knobs,
			const struct stats_fd *fds, size_t nr, int holders_error);

/* The state in words: "on: held by bpftop (pid 4242) and this browser",
 * "on: the sysctl is 1", "off", or what is not known and why. */
void stats_state_text(const struct stats_state *st, char *buf, size_t size);

/* Why the program counters say nothing now, for a person: NULL when
 * statistics are on; else a sentence ("Statistics are off: ..."), so that
 * no one reads a count that is not moving as a program that is idle. */
const char *stats_state_why_not(const struct stats_state *st);

/* What the counters of --json and --list are: one sentence, the same in
 * both. */
#define STATS_STATE_COUNTERS "run_cnt, run_time_ns and recursion_misses of each program are " \
	"cumulative counts since statistics were on for it, not rates; null where statistics " \
	"never counted the program and are not on"

#endif
