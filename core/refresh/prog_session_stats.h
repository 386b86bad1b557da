/* The runtime statistics part of a refresh: whether the kernel counts runs
 * now (stats_state.h, from the sysctl and the BPF_ENABLE_STATS fds the
 * search for holders found) and, when it does, each program's rate (prog_memo_rates()). */
#ifndef BPFKNOBS_REFRESH_PROG_SESSION_STATS_H
#define BPFKNOBS_REFRESH_PROG_SESSION_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "holders/holders.h"
#include "progs/prog_memo.h"
#include "refresh/prog_session.h"

/* CLOCK_MONOTONIC in ns: the clock of the rates, which never steps. */
uint64_t prog_session_stats_now(void);

/* Fills out->stats from ctx's sysctl value and the holders (not looked at
 * when out->error or out->owners_error says they are not up to date, or
 * when not every process was read yet), then the rates of out's programs,
 * read at now_ns; counters_read false says some counters are the memo's,
 * from before statistics came on, which makes no sample (the rates start
 * at the next refresh). Returns 0 or -ENOMEM. */
int prog_session_stats_update(struct prog_memo *memo, const struct holders *holders,
			      const struct prog_context *ctx, uint64_t now_ns, bool counters_read,
			      struct prog_list *out);

#endif
