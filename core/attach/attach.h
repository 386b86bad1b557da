/* The attachments, pins and further owners of the programs of a list,
 * gathered incrementally (attach.c): every refresh reads the link ids, the
 * links not seen before, and what the perf-event fds and sockets that
 * processes hold carry (holders/); the walks
 * (cgroups, netlink, bpffs, BPF_PROG_QUERY per interface) run only when
 * the set of program or link ids changed, or every ATTACH_SLOW_SECONDS,
 * and then only for the program types present (no cgroup queries without
 * a cgroup program, no tc dump without a tc program). */
#ifndef BPFKNOBS_ATTACH_ATTACH_H
#define BPFKNOBS_ATTACH_ATTACH_H

#include "holders/holders.h"
#include "base/procroot.h"
#include "progs/prog.h"

#define ATTACH_SLOW_SECONDS 5

struct attach_cache;

struct attach_cache *attach_cache_new(void);
void attach_cache_free(struct attach_cache *c);

/* Sets the attachments, pins and holder_unknown of every program of list,
 * and adds the owners that hold a program through a perf-event fd that
 * BPF_TASK_FD_QUERY names (after prog_owners_fill()). Returns 0 or
 * -ENOMEM; a source that fails is named in the programs
 * (attachments_error, attachments_incomplete). */
int attach_refresh(struct attach_cache *c, const struct procroot *root,
		   const struct holders *holders, struct prog_list *list);

/* How many slow walks the cache has made, and making the next refresh
 * walk: for tests and the benchmark. */
unsigned long attach_cache_nr_walks(const struct attach_cache *c);
void attach_cache_expire(struct attach_cache *c);

/* The sentence for an error of the link enumeration. */
const char *attach_error_text(int err);

/* "program fd", "link fd", "perf-event fd", "socket" */
const char *attach_via_words(enum prog_owner_via via);
/* "prog_fd", "link_fd", "perf_event_fd", "socket", as --json has it */
const char *attach_via_name(enum prog_owner_via via);

#endif
