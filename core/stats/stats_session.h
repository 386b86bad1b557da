/* Runtime statistics for one session: this process holds a
 * BPF_ENABLE_STATS file descriptor (libbpf's bpf_enable_stats(), what
 * bpftop does), and the kernel counts every program's runs while any
 * process holds one (bpf_enable_runtime_stats() in kernel/bpf/syscall.c).
 * The fd is O_CLOEXEC, so no child inherits it, and it closes with the
 * process however that ends (exit, crash, SIGKILL): the kernel then drops
 * this share (bpf_stats_release()). kernel.bpf_stats_enabled is never
 * written here; turning on and off is audited (audit.c). Nothing here
 * asks: the browser's dialog asks, then calls these. */
#ifndef BPFKNOBS_STATS_STATS_SESSION_H
#define BPFKNOBS_STATS_STATS_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "change/audit.h"

struct stats_session {
	int fd; /* the BPF_ENABLE_STATS fd, -1 when not held */
};

/* Where a start's or stop's audit record goes: audit_stats_log() (the
 * journal or syslog) unless a test passes its own. */
typedef enum audit_sink stats_session_audit_fn(bool on, int error, uid_t uid);

void stats_session_init(struct stats_session *s);
/* Whether a session of this process holds statistics on now. */
bool stats_session_held_here(void);
bool stats_session_held(const struct stats_session *s);

/* Holds statistics on. Returns 0, -EALREADY when held already, or the
 * kernel's refusal: -EPERM without CAP_SYS_ADMIN, -EINVAL on a kernel
 * without BPF_ENABLE_STATS (before Linux 5.8), -EBUSY when too many hold
 * it. Every try but -EALREADY is audited (audit NULL: syslog). */
int stats_session_start(struct stats_session *s, stats_session_audit_fn *audit, uid_t uid);

/* Lets go of this session's share (closes the fd): the kernel goes on
 * counting only while the sysctl or another holder wants it. Audited when
 * something was held. */
void stats_session_stop(struct stats_session *s, stats_session_audit_fn *audit, uid_t uid);

/* Why a start failed, naming the cause and the fix. */
void stats_session_explain(int err, char *buf, size_t size);

#endif
