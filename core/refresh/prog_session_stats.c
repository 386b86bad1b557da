/* Runtime statistics in a refresh (see prog_session_stats.h). */
#include "refresh/prog_session_stats.h"

#include <errno.h>
#include <stdlib.h>
#include <time.h>

uint64_t prog_session_stats_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

int prog_session_stats_update(struct prog_memo *memo, const struct holders *holders,
			      const struct prog_context *ctx, uint64_t now_ns, bool counters_read,
			      struct prog_list *out)
{
	struct holder *recs = NULL;
	struct stats_fd *fds = NULL;
	int holders_error = out->error ? out->error : out->owners_error;
	size_t nr = 0;

	if (!holders_error && !out->holders.covered)
		holders_error = -EAGAIN;
	if (!holders_error)
		holders_error = holders_records(holders, HOLDER_BIT(HOLDER_STATS), &recs, &nr);
	if (nr && !(fds = calloc(nr, sizeof(*fds))))
		holders_error = -ENOMEM;
	for (size_t i = 0; fds && i < nr; i++)
		fds[i] = (struct stats_fd){ .pid = recs[i].pid, .comm = recs[i].comm };
	stats_state_assess(&out->stats, &ctx->knobs, fds, fds ? nr : 0, holders_error);
	free(fds);
	free(recs);
	if (out->error)
		return 0;
	for (size_t i = 0; i < out->nr_progs; i++)
		out->progs[i].stats.counting = out->stats.on == STATS_ON;
	return prog_memo_rates(memo, out, out->stats.on == STATS_ON && counters_read, now_ns);
}
