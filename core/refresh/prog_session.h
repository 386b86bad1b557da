/* The session of a program list and its refresh: what one refresh leaves
 * for the next (the last /proc/kallsyms read and its reader thread, the
 * facts kept per program id, the scan of open fds, the attachment sources'
 * state, the maps, the JIT images, user names), and the refresh that runs
 * each reader over the model (progs/prog.h) in the order the data needs. */
#ifndef BPFKNOBS_REFRESH_PROG_SESSION_H
#define BPFKNOBS_REFRESH_PROG_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "base/procroot.h"
#include "progs/prog.h"
#include "stats/prog_rates.h"

struct prog_session;
struct holders;

/* A cache for refreshes of the programs below root (programs are listed
 * only when root->live). NULL when out of memory. Calls prog_quiet_libbpf(). */
struct prog_session *prog_session_new(const struct procroot *root);
/* Frees the cache, joining a background read first: that waits for the
 * read in progress, if any (a /proc/kallsyms read cannot be interrupted;
 * about a second at 10,000 programs). */
void prog_session_free(struct prog_session *session);

/* Marks a session that refreshes once (a report's): it loads nothing whose
 * load costs more than one refresh gains (the ids iterator,
 * progs/prog_ids_iter.h: about 3 ms to load, a few tenths of a ms saved
 * per refresh at 1,000 programs). */
void prog_session_refreshes_once(struct prog_session *session);

/* Enumerates the programs and resolves their symbols into *out (which the
 * caller frees with prog_list_free). /proc/kallsyms is read again only when
 * the set of JITed programs or the listing knobs changed since the last read.
 * With wait false such a read runs in a background thread: out has
 * symbols_pending set, programs the last read covered keep their names,
 * and prog_session_ready() turns true when a refresh would find the rest.
 * With the listing off (bpf_jit_kallsyms 0, bpf_jit_harden non-zero) or
 * addresses hidden, nothing is read: the reason is known. A program missing
 * from a read made for it is read for once more (it may have raced the
 * read) before it is called unlisted. Call from one thread only. Returns 0,
 * or -ENOMEM; a refusal to list is reported in out->error, not here. */
int prog_session_refresh(struct prog_session *session, const struct prog_context *ctx, bool wait,
		  struct prog_list *out);

/* Starts the first refresh's /proc/kallsyms read now, so that what the
 * caller does before prog_session_refresh() runs beside it: a report waits
 * for that read more than for anything else. Nothing when a table or a
 * read exists, or none is wanted; prog_session_refresh() starts it
 * otherwise (and reports a failure to). */
void prog_session_begin(struct prog_session *session, const struct prog_context *ctx);

/* True when a background /proc/kallsyms read has finished since the last
 * refresh. Never blocks. */
bool prog_session_ready(struct prog_session *session);

/* A descriptor that becomes readable when prog_session_ready() would turn true,
 * so a poll()-based main loop can wake for it; -1 if there is none. */
int prog_session_fd(struct prog_session *session);

/* A look inside, for tests and the benchmark only: how many /proc/kallsyms
 * reads the session has started and whether one is under way, how many
 * walks for attachments (cgroups, interfaces, pins) it has made, how many
 * programs the last refresh asked the kernel's info of (the others' came
 * from the memo, prog_info.h); making
 * the next refresh walk (attach/attach.h); and holding every
 * /proc/kallsyms read back until let go (a refresh then finds it
 * unfinished, as on a slow machine). */
struct prog_session_probe {
	unsigned long kallsyms_reads;
	bool kallsyms_reading;
	unsigned long attach_walks;
	size_t info_reads;
};
struct prog_session_probe prog_session_probe(const struct prog_session *session);
void prog_session_probe_expire_walks(struct prog_session *session);
void prog_session_probe_hold_kallsyms(struct prog_session *session, bool hold);

/* What the last refresh found of the processes holding BPF objects (for
 * the maps view): valid until the next refresh or prog_session_free(). */
const struct holders *prog_session_holders(const struct prog_session *session);

/* The state of the JIT memory reading (jitmem/jitmem.h) kept with the
 * session: the counter's reader, the seccomp walk's cadence. */
struct jitmem *prog_session_jitmem(struct prog_session *session);

/* A copy of the last minute of program id's rates (prog_rates.h), for a
 * detail view; empty when it has none (statistics off, or no such id). */
void prog_session_history(const struct prog_session *session, uint32_t id,
			 struct prog_history *out);

#endif
