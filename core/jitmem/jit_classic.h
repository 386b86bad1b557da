/* The classic BPF filters bpfknobs can see. Every classic filter is
 * migrated to eBPF and JITed through the same allocators as programs, so
 * it is charged to bpf_jit_current too, but it has no id and no symbol
 * (bpf_prog_kallsyms_candidate() in kernel/bpf/core.c leaves classic
 * programs out). What can be seen without touching any process:
 *   - seccomp: how many filters each process runs, "Seccomp_filters:" in
 *     /proc/<pid>/status (Linux 5.9); neither their instructions nor their
 *     sizes. A child shares its parent's filters (fork copies a reference),
 *     so filters are counted once along the parent chain: a process adds
 *     only the filters it has beyond its parent's. A read of every status
 *     file costs milliseconds (2.6 ms for 160 processes here), so a walk
 *     starts every JIT_CLASSIC_WALK_SECONDS and reads
 *     JIT_CLASSIC_STATUS_PER_CALL statuses per call; the counts shown are
 *     the last complete walk's. Where the holders iterator runs, its walk
 *     reads the same counts in the kernel and jit_classic_count() takes
 *     them instead;
 *   - packet sockets: each AF_PACKET socket's classic filter and its
 *     instructions, from sock_diag (PACKET_DIAG_FILTER, CONFIG_PACKET_DIAG),
 *     in this network namespace only; the size of its JIT image is not
 *     told. Read on every call: one netlink dump.
 * Other sockets' classic filters (SO_ATTACH_FILTER on a UDP, TCP, netlink
 * or unix socket), xt_bpf rules, cls_bpf and act_bpf in classic mode, PPP
 * and the kernel's own PTP classifier are charged and cannot be seen. */
#ifndef BPFKNOBS_JITMEM_JIT_CLASSIC_H
#define BPFKNOBS_JITMEM_JIT_CLASSIC_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "base/procroot.h"

#define JIT_CLASSIC_WALK_SECONDS 5
#define JIT_CLASSIC_STATUS_PER_CALL 32

struct jit_classic_seccomp {
	/* 0; -ENODATA when the kernel reports no counts (before 5.9); -errno
	 * when /proc could not be walked */
	int error;
	uint32_t processes; /* processes running at least one filter */
	uint32_t filters;   /* filters, each inherited one counted once */
	uint64_t attached;  /* the sum of every process's count */
};

struct jit_classic_packet {
	/* 0; -ENOENT: the kernel has no packet_diag (CONFIG_PACKET_DIAG);
	 * -EPERM: showing filters needs CAP_NET_ADMIN; -errno otherwise */
	int error;
	uint32_t filters;   /* packet sockets with a classic filter */
	uint64_t insns;     /* their classic instructions, all together */
};

/* One process's line of the seccomp walk, for the counting rule. */
struct jit_classic_proc {
	pid_t pid, ppid;
	uint32_t filters;
};

/* Distinct filters among procs (sorted by pid): each process counts the
 * filters it has beyond its parent's, or all of them when its parent is
 * not in the list or has none. */
uint32_t jit_classic_distinct(const struct jit_classic_proc *procs, size_t nr);

/* The counts of procs (every process running filters, or every process;
 * sorted here by pid): what a walk publishes, from another source too. */
void jit_classic_count(struct jit_classic_proc *procs, size_t nr, struct jit_classic_seccomp *out);

struct jit_classic;

struct jit_classic *jit_classic_new(void);
void jit_classic_free(struct jit_classic *classic);

/* The seccomp counts below root, as the last complete walk found them.
 * A walk starts when the last one began JIT_CLASSIC_WALK_SECONDS ago and
 * goes on JIT_CLASSIC_STATUS_PER_CALL processes per call; the first call,
 * or one with force, walks them all at once. now is CLOCK_MONOTONIC (NULL:
 * read it). Returns whether a walk was completed now. */
bool jit_classic_seccomp(struct jit_classic *classic, const struct procroot *root,
			 const struct timespec *now, bool force, struct jit_classic_seccomp *out);

/* The packet sockets' classic filters of this network namespace. */
void jit_classic_packet(struct jit_classic_packet *out);

/* How many walks of /proc the cache has made: for the benchmark. */
unsigned long jit_classic_nr_walks(const struct jit_classic *classic);

#endif
