/* This session's share of runtime statistics (see stats_session.h). */
#include "stats/stats_session.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "change/audit.h"

/* Sessions of this process holding an fd now: this process's share is
 * known here, not from the fd scan, whose view of this process lags (its
 * own short-lived fds free numbers that a new fd takes at an unchanged
 * count). */
static unsigned stats_session_nr_held;

bool stats_session_held_here(void)
{
	return stats_session_nr_held > 0;
}

void stats_session_init(struct stats_session *s)
{
	s->fd = -1;
}

bool stats_session_held(const struct stats_session *s)
{
	return s->fd >= 0;
}

int stats_session_start(struct stats_session *s, stats_session_audit_fn *audit, uid_t uid)
{
	int fd;

	if (stats_session_held(s))
		return -EALREADY;
	/* libbpf: BPF_ENABLE_STATS with type BPF_STATS_RUN_TIME; the kernel
	 * makes the fd O_CLOEXEC (anon_inode_getfd(..., O_CLOEXEC)) */
	fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (fd < 0)
		fd = -errno;
	(audit ? audit : audit_stats_log)(true, fd < 0 ? fd : 0, uid);
	if (fd < 0)
		return fd;
	s->fd = fd;
	stats_session_nr_held++;
	return 0;
}

void stats_session_stop(struct stats_session *s, stats_session_audit_fn *audit, uid_t uid)
{
	if (!stats_session_held(s))
		return;
	close(s->fd);
	s->fd = -1;
	stats_session_nr_held--;
	(audit ? audit : audit_stats_log)(false, 0, uid);
}

void stats_session_explain(int err, char *buf, size_t size)
{
	switch (err) {
	case -EPERM:
	case -EACCES:
		snprintf(buf, size, "The kernel refused to turn statistics on (%s): BPF_ENABLE_STATS "
			 "needs CAP_SYS_ADMIN. Run bpfknobs as root.", strerror(-err));
		return;
	case -EINVAL:
		snprintf(buf, size, "The kernel refused to turn statistics on (%s): it has no "
			 "BPF_ENABLE_STATS command (that came in Linux 5.8). Only "
			 "kernel.bpf_stats_enabled=1 turns them on here, for everyone until it is set "
			 "back to 0.", strerror(-err));
		return;
	case -EBUSY:
		snprintf(buf, size, "The kernel refused to turn statistics on (%s): too many "
			 "holders already.", strerror(-err));
		return;
	case -EALREADY:
		snprintf(buf, size, "This browser holds statistics on already.");
		return;
	case -ENOSYS:
		snprintf(buf, size, "This kernel has no bpf() system call (CONFIG_BPF_SYSCALL is "
			 "not set), so it has no BPF statistics.");
		return;
	}
	snprintf(buf, size, "The kernel refused to turn statistics on: %s.", strerror(-err));
}
