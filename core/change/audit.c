#include "change/audit.h"

#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

/* no CODE_FILE/CODE_LINE/CODE_FUNC fields: they say nothing to a reader */
#define SD_JOURNAL_SUPPRESS_LOCATION
#include <systemd/sd-journal.h>

/* syslog's authpriv facility, as the journal's SYSLOG_FACILITY field */
#define AUDIT_FACILITY_AUTHPRIV 10

const char *audit_change_result(const struct change_outcome *out, bool *ok)
{
	static const char *const stages[] = {
		[CHANGE_STAGE_PARSE] = "refused: not a value",
		[CHANGE_STAGE_PATH] = "refused: the file's path is not safe",
		[CHANGE_STAGE_VALIDATE] = "refused: not allowed",
		[CHANGE_STAGE_REREAD] = "not written: could not re-read or changed meanwhile",
		[CHANGE_STAGE_WRITE] = "refused by the kernel",
		[CHANGE_STAGE_VERIFY] = "written, but the value did not hold",
		[CHANGE_STAGE_DONE] = "applied",
	};

	*ok = out->stage == CHANGE_STAGE_DONE;
	return out->stage <= CHANGE_STAGE_DONE ? stages[out->stage] : "unknown";
}

uid_t audit_login_uid(void)
{
	FILE *f = fopen("/proc/self/loginuid", "re");
	unsigned long value;
	int got;

	if (!f)
		return AUDIT_NO_LOGIN_UID; /* a kernel without CONFIG_AUDIT */
	got = fscanf(f, "%lu", &value);
	fclose(f);
	if (got != 1 || value > (uid_t)-1)
		return AUDIT_NO_LOGIN_UID;
	return (uid_t)value;
}

void audit_who_read(uid_t uid, struct audit_who *who)
{
	memset(who, 0, sizeof(*who));
	who->uid = uid;
	who->login_uid = audit_login_uid();
	for (int fd = 0; fd <= 2; fd++)
		if (isatty(fd) && !ttyname_r(fd, who->tty, sizeof(who->tty)))
			return;
	who->tty[0] = '\0';
}

/* "uid 0 (root)" */
static void audit_user(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	snprintf(buf, size, "uid %u (%s)", (unsigned)uid, pw ? pw->pw_name : "?");
}

/* "by uid 0 (root), login uid 1000 (alice) on /dev/pts/3" */
static void audit_by(const struct audit_who *who, char *buf, size_t size)
{
	char user[96], login[96] = "";
	int n;

	audit_user(who->uid, user, sizeof(user));
	if (who->login_uid != AUDIT_NO_LOGIN_UID && who->login_uid != who->uid)
		audit_user(who->login_uid, login, sizeof(login));
	n = snprintf(buf, size, "by %s%s%s", user, login[0] ? ", login " : "", login);
	if (who->tty[0] && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " on %s", who->tty);
}

void audit_format(const struct audit_record *r, const struct audit_who *who, char *buf,
		  size_t size)
{
	char by[320], err[128] = "";
	const char *old = r->old_value && r->old_value[0] ? r->old_value : "(none)";

	audit_by(who, by, sizeof(by));
	if (r->error)
		snprintf(err, sizeof(err), " (%s)", strerror(-r->error));
	switch (r->action) {
	case AUDIT_CHANGE:
	case AUDIT_UNDO:
		snprintf(buf, size, "%s %s -> %s%s %s: %s%s", r->knob, r->old_value ? old : "?",
			 r->new_value, r->action == AUDIT_UNDO ? " (undo)" : "", by, r->result, err);
		return;
	case AUDIT_SAVE:
		snprintf(buf, size, "%s = %s saved for boot in %s (it set %s) %s: %s%s", r->knob,
			 r->new_value, r->file, old, by, r->result, err);
		return;
	case AUDIT_STATS:
		snprintf(buf, size, "runtime statistics %s for this session (a BPF_ENABLE_STATS fd; "
			 "the sysctl is not changed) %s: %s%s", r->stats_on ? "on" : "off", by,
			 r->result, err);
		return;
	}
	snprintf(buf, size, "? %s", by);
}

/* Whether a daemon receives datagrams at path now: a socket file left
 * behind by a stopped daemon refuses the connect (ECONNREFUSED). */
static bool audit_listening(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&addr, sizeof(addr)) == 0;
	close(fd);
	return ok;
}

enum audit_sink audit_sink_find(void)
{
	/* sd_journal_send() reports success when journald is not there at
	 * all (it drops ENOENT on purpose), so ask the socket first */
	if (audit_listening(AUDIT_JOURNAL_SOCKET))
		return AUDIT_SINK_JOURNAL;
	if (audit_listening(AUDIT_SYSLOG_SOCKET))
		return AUDIT_SINK_SYSLOG;
	return AUDIT_SINK_NONE;
}

static const char *const audit_action_words[] = {
	[AUDIT_CHANGE] = "change",
	[AUDIT_UNDO] = "undo",
	[AUDIT_SAVE] = "save",
	[AUDIT_STATS] = "stats",
};

static int audit_journal(const struct audit_record *r, const struct audit_who *who,
			 const char *message)
{
	const char *errname = r->error ? strerrorname_np(-r->error) : NULL;
	char login[16] = "";

	if (who->login_uid != AUDIT_NO_LOGIN_UID)
		snprintf(login, sizeof(login), "%u", (unsigned)who->login_uid);
	return sd_journal_send("MESSAGE=%s", message,
			       "MESSAGE_ID=%s", AUDIT_MESSAGE_ID,
			       "PRIORITY=%d", r->ok ? LOG_NOTICE : LOG_WARNING,
			       "SYSLOG_FACILITY=%d", AUDIT_FACILITY_AUTHPRIV,
			       "SYSLOG_IDENTIFIER=bpfknobs",
			       "BPFKNOBS_ACTION=%s", audit_action_words[r->action],
			       "BPFKNOBS_KNOB=%s", r->knob ? r->knob : "",
			       "BPFKNOBS_OLD=%s", r->old_value ? r->old_value : "",
			       "BPFKNOBS_NEW=%s", r->new_value ? r->new_value : "",
			       "BPFKNOBS_FILE=%s", r->file ? r->file : "",
			       "BPFKNOBS_RESULT=%s", r->result,
			       "BPFKNOBS_OK=%d", r->ok,
			       "BPFKNOBS_ERRNO=%s", errname ? errname : "",
			       "BPFKNOBS_UID=%u", (unsigned)who->uid,
			       "BPFKNOBS_LOGIN_UID=%s", login,
			       "BPFKNOBS_TTY=%s", who->tty,
			       NULL);
}

enum audit_sink audit_send(const struct audit_record *r, const struct audit_who *who)
{
	enum audit_sink sink = audit_sink_find();
	char message[1024];

	if (sink == AUDIT_SINK_NONE)
		return sink;
	audit_format(r, who, message, sizeof(message));
	if (sink == AUDIT_SINK_JOURNAL)
		return audit_journal(r, who, message) < 0 ? AUDIT_SINK_NONE : sink;
	openlog("bpfknobs", LOG_PID, LOG_AUTHPRIV);
	syslog(r->ok ? LOG_NOTICE : LOG_WARNING, "%s", message);
	closelog();
	return sink;
}

void audit_unrecorded_text(char *buf, size_t size)
{
	snprintf(buf, size, "Not recorded: neither journald nor a syslog daemon listens here, "
		 "so this is recorded nowhere.");
}

enum audit_sink audit_stats_log(bool on, int error, uid_t uid)
{
	struct audit_record r = {
		.action = AUDIT_STATS, .stats_on = on, .ok = !error,
		.result = error ? "refused by the kernel" : "applied", .error = error,
	};
	struct audit_who who;

	audit_who_read(uid, &who);
	return audit_send(&r, &who);
}
