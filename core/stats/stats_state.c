/* Whether statistics are on, and because of whom (see stats_state.h). */
#include "stats/stats_state.h"

#include <errno.h> /* program_invocation_short_name too */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "stats/stats_session.h"

static void stats_state_add(struct stats_state *st, const struct stats_fd *r, pid_t self)
{
	size_t at = 0;

	for (size_t i = 0; i < st->nr_holders; i++)
		if (st->holders[i].pid == r->pid)
			return;
	if (r->pid == self)
		st->self = true;
	st->nr_holders_all++;
	/* keep the lowest pids, in order: the text is the same every refresh */
	while (at < st->nr_holders && st->holders[at].pid < r->pid)
		at++;
	if (at == STATS_STATE_MAX_HOLDERS)
		return;
	if (st->nr_holders == STATS_STATE_MAX_HOLDERS)
		st->nr_holders--;
	memmove(&st->holders[at + 1], &st->holders[at],
		(st->nr_holders - at) * sizeof(st->holders[0]));
	st->holders[at].pid = r->pid;
	st->holders[at].self = r->pid == self;
	snprintf(st->holders[at].comm, sizeof(st->holders[at].comm), "%s", r->comm ? r->comm : "");
	st->nr_holders++;
}

void stats_state_assess(struct stats_state *st, const struct knob_values *knobs,
			const struct stats_fd *fds, size_t nr, int holders_error)
{
	pid_t self = getpid(), last = -1;

	memset(st, 0, sizeof(*st));
	st->sysctl = knobs->known[KNOB_STATS_ENABLED] ? (int)knobs->value[KNOB_STATS_ENABLED] : -1;
	st->holders_error = holders_error;
	/* this process's share: from its session, not from the scan (see
	 * stats_session_held_here()) */
	if (stats_session_held_here()) {
		struct stats_fd me = { .pid = self, .comm = program_invocation_short_name };

		stats_state_add(st, &me, self);
	}
	/* by pid: one process's fds are together */
	for (size_t i = 0; !holders_error && i < nr; i++) {
		if (fds[i].pid == last || fds[i].pid == self)
			continue;
		stats_state_add(st, &fds[i], self);
		last = fds[i].pid;
	}
	/* a process counted beyond holders[] may be this one */
	if (st->sysctl == 1 || st->nr_holders_all)
		st->on = STATS_ON;
	else if (st->sysctl == 0 && !holders_error)
		st->on = STATS_OFF;
	else
		st->on = STATS_UNKNOWN;
}

/* "bpftop (pid 4242) and this browser", "a, b, c and 2 more" */
static void stats_state_holders(const struct stats_state *st, char *buf, size_t size)
{
	size_t used = 0, more = st->nr_holders_all - st->nr_holders;

	buf[0] = '\0';
	for (size_t i = 0; i < st->nr_holders && used < size; i++) {
		const struct stats_holder *h = &st->holders[i];
		bool last = i + 1 == st->nr_holders && !more;
		const char *sep = !i ? "" : last ? " and " : ", ";
		int n;

		if (h->self)
			n = snprintf(buf + used, size - used, "%sthis browser", sep);
		else
			n = snprintf(buf + used, size - used, "%s%s (pid %d)", sep,
				     h->comm[0] ? h->comm : "?", (int)h->pid);
		if (n < 0)
			return;
		used += (size_t)n;
	}
	if (more && used < size)
		snprintf(buf + used, size - used, " and %zu more process%s", more,
			 more == 1 ? "" : "es");
}

static const char *stats_state_unseen(int error)
{
	switch (error) {
	case -EOPNOTSUPP:
		return "the processes of a --proc tree are not looked at";
	case -EPERM:
	case -EACCES:
		return "seeing other processes' file descriptors needs root";
	case -EAGAIN:
		return "not every process's file descriptors were read yet";
	default:
		return "the processes' file descriptors could not be read";
	}
}

void stats_state_text(const struct stats_state *st, char *buf, size_t size)
{
	char holders[512];

	stats_state_holders(st, holders, sizeof(holders));
	if (st->sysctl == 1 && st->nr_holders_all)
		snprintf(buf, size, "on: the sysctl is 1, and held by %s", holders);
	else if (st->sysctl == 1)
		snprintf(buf, size, "on: the sysctl is 1");
	else if (st->nr_holders_all)
		snprintf(buf, size, "on: held by %s", holders);
	else if (st->on == STATS_OFF)
		snprintf(buf, size, "off");
	else if (st->sysctl == 0)
		snprintf(buf, size, "not known: the sysctl is 0, but whether a process holds "
			 "statistics on cannot be seen here (%s)", stats_state_unseen(st->holders_error));
	else if (!st->holders_error)
		snprintf(buf, size, "not known: the sysctl has no value here, and no process holds "
			 "statistics on");
	else
		snprintf(buf, size, "not known: the sysctl has no value here, and whether a process "
			 "holds statistics on cannot be seen (%s)",
			 stats_state_unseen(st->holders_error));
}

const char *stats_state_why_not(const struct stats_state *st)
{
	if (st->on == STATS_ON)
		return NULL;
	if (st->on == STATS_OFF)
		return "Statistics are off: the kernel counts no runs, so the counters stand "
		       "still (they count only while statistics were on). Turn them on for a "
		       "while with bpfknobs --stats (or t in the browser).";
	return "Whether statistics are on is not known here, so the counters may stand "
	       "still without the programs being idle.";
}
