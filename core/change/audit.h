/* The audit trail of knob changes: every applied or refused change goes to
 * syslog (LOG_AUTHPRIV), saying who, which knob, old, new and the result. */
#ifndef BPFKNOBS_CHANGE_AUDIT_H
#define BPFKNOBS_CHANGE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "change/change.h"

/* login_uid when no login uid is known: the kernel's own "unset" value. */
#define AUDIT_NO_LOGIN_UID ((uid_t)-1)

/* "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied", and with a
 * login uid other than uid: "... by uid 0 (root), login uid 1000 (alice):
 * applied", so that a change made through sudo names the person. */
void audit_format(const struct knob_def *def, const struct change_outcome *out, uid_t uid,
		  uid_t login_uid, char *buf, size_t size);

/* The uid this process's session was logged in as: /proc/self/loginuid,
 * which pam_loginuid sets at login and sudo and su keep (the kernel's
 * audit_get_loginuid()). AUDIT_NO_LOGIN_UID when unset or unreadable. */
uid_t audit_login_uid(void);

/* Sends the record, with audit_login_uid(), to syslog. Dry runs are not
 * changes and are not logged. */
void audit_log(const struct knob_def *def, const struct change_outcome *out, uid_t uid);

/* This session's runtime statistics (stats_session.c) on or off:
 * "runtime statistics on for this session (a BPF_ENABLE_STATS fd; the
 * sysctl is not changed) by uid 0 (root): applied", or "refused (...)". */
void audit_stats_format(bool on, int error, uid_t uid, uid_t login_uid, char *buf, size_t size);
void audit_stats_log(bool on, int error, uid_t uid);

#endif
