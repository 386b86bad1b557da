/* The audit trail: every try to change the running kernel's knobs or the
 * sysctl files boot applies (written, refused, failed, saved, undone) and
 * every start and stop of runtime statistics, with who asked (uid, login
 * uid, terminal), the knob, the old and new value and the result.
 *
 * Where journald listens, each record goes to it through libsystemd's
 * sd_journal_send() as structured fields with a fixed MESSAGE_ID
 * (AUDIT_MESSAGE_ID): journald adds the fields a process cannot forge
 * (_UID, _PID, _COMM, _EXE), which tell bpfknobs' records from a line any
 * user can send to /dev/log, and "journalctl MESSAGE_ID=..." lists them.
 * Otherwise the record goes to syslog (authpriv) as one line. When neither
 * listens the record is lost, and audit_send() says so: the callers tell
 * the person the change is recorded nowhere (a warning, not a refusal). */
#ifndef BPFKNOBS_CHANGE_AUDIT_H
#define BPFKNOBS_CHANGE_AUDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "change/change.h"

/* login_uid when no login uid is known: the kernel's own "unset" value. */
#define AUDIT_NO_LOGIN_UID ((uid_t)-1)

/* The MESSAGE_ID of every record in the journal (journalctl MESSAGE_ID=...). */
#define AUDIT_MESSAGE_ID "66be57abac864ef1937f4a2228143403"

/* Where journald and syslog listen. */
#define AUDIT_JOURNAL_SOCKET "/run/systemd/journal/socket"
#define AUDIT_SYSLOG_SOCKET "/dev/log"

/* Where a record goes. */
enum audit_sink {
	AUDIT_SINK_NONE,    /* nothing listens: the record is lost */
	AUDIT_SINK_JOURNAL, /* journald, structured (sd_journal_send()) */
	AUDIT_SINK_SYSLOG,  /* a syslog daemon on /dev/log, one line */
};

enum audit_action {
	AUDIT_CHANGE, /* a knob of the running kernel */
	AUDIT_UNDO,   /* the same, putting back the value before a change */
	AUDIT_SAVE,   /* a value saved for boot in a sysctl file */
	AUDIT_STATS,  /* runtime statistics for a session (a BPF_ENABLE_STATS fd) */
};

/* Who asked. */
struct audit_who {
	uid_t uid;
	uid_t login_uid; /* AUDIT_NO_LOGIN_UID when unset */
	char tty[64];    /* "/dev/pts/3"; "" when no terminal */
};

/* One try. The strings are the caller's; old_value and new_value are
 * values as text ("2"; a save's old value may be "" when the file did not
 * set the knob). */
struct audit_record {
	enum audit_action action;
	const char *knob;      /* the sysctl name; NULL for AUDIT_STATS */
	const char *old_value; /* NULL: not known */
	const char *new_value;
	const char *file;      /* AUDIT_SAVE: the file */
	bool stats_on;         /* AUDIT_STATS */
	bool ok;               /* it took effect */
	const char *result;    /* "applied", "refused: not allowed", ... */
	int error;             /* 0, or the -errno behind the result */
};

/* The person asking now: uid, audit_login_uid(), the terminal of standard
 * input, output or error. */
void audit_who_read(uid_t uid, struct audit_who *who);

/* The uid this process's session was logged in as: /proc/self/loginuid,
 * which pam_loginuid sets at login and sudo and su keep (the kernel's
 * audit_get_loginuid()). AUDIT_NO_LOGIN_UID when unset or unreadable. */
uid_t audit_login_uid(void);

/* The record as one line, the syslog record and the journal's MESSAGE:
 * "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root), login uid 1000
 * (alice) on /dev/pts/3: applied". The login uid is named when it is not
 * uid, the terminal when there is one. */
void audit_format(const struct audit_record *r, const struct audit_who *who, char *buf,
		  size_t size);

/* Where a record would go now: journald when it listens on
 * AUDIT_JOURNAL_SOCKET, else syslog when a daemon listens on /dev/log,
 * else none. */
enum audit_sink audit_sink_find(void);

/* Sends the record (audit_sink_find()'s sink); returns where it went,
 * AUDIT_SINK_NONE when it is recorded nowhere. */
enum audit_sink audit_send(const struct audit_record *r, const struct audit_who *who);

/* The result of a change's outcome, for its record: "applied", "refused:
 * not allowed", "refused by the kernel", ...; *ok whether it took effect. */
const char *audit_change_result(const struct change_outcome *out, bool *ok);

/* "This change is recorded nowhere: neither journald nor a syslog daemon
 * listens here (...)": the warning the callers show when a record would
 * be lost. */
void audit_unrecorded_text(char *buf, size_t size);

/* This session's runtime statistics on or off (stats_session.c), by uid,
 * with the kernel's -errno when refused: sends the record. */
enum audit_sink audit_stats_log(bool on, int error, uid_t uid);

#endif
