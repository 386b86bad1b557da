#include "change/audit.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static const char *audit_result(const struct change_outcome *out)
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

	return out->stage <= CHANGE_STAGE_DONE ? stages[out->stage] : "unknown";
}

/* ", login uid 1000 (alice)", or "" when it adds nothing. */
static void audit_login_part(uid_t uid, uid_t login_uid, char *buf, size_t size)
{
	struct passwd *pw;

	buf[0] = '\0';
	if (login_uid == AUDIT_NO_LOGIN_UID || login_uid == uid)
		return;
	pw = getpwuid(login_uid);
	snprintf(buf, size, ", login uid %u (%s)", (unsigned)login_uid, pw ? pw->pw_name : "?");
}

void audit_format(const struct knob_def *def, const struct change_outcome *out, uid_t uid,
		  uid_t login_uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);
	char name[64], login[96];
	int n;

	/* getpwuid's buffer is reused by the next call: copy the name first */
	snprintf(name, sizeof(name), "%s", pw ? pw->pw_name : "?");
	audit_login_part(uid, login_uid, login, sizeof(login));
	n = snprintf(buf, size, "%s %ld -> %ld by uid %u (%s)%s: %s", def->name, out->before,
		     out->requested, (unsigned)uid, name, login, audit_result(out));
	if (out->error && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " (%s)", strerror(-out->error));
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

void audit_log(const struct knob_def *def, const struct change_outcome *out, uid_t uid)
{
	char record[512];

	if (out->dry_run)
		return;
	audit_format(def, out, uid, audit_login_uid(), record, sizeof(record));
	openlog("bpfknobs", LOG_PID, LOG_AUTHPRIV);
	syslog(out->stage == CHANGE_STAGE_DONE ? LOG_NOTICE : LOG_WARNING, "%s", record);
	closelog();
}

void audit_stats_format(bool on, int error, uid_t uid, uid_t login_uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);
	char name[64], login[96];

	snprintf(name, sizeof(name), "%s", pw ? pw->pw_name : "?");
	audit_login_part(uid, login_uid, login, sizeof(login));
	snprintf(buf, size, "runtime statistics %s for this session (a BPF_ENABLE_STATS fd; the "
		 "sysctl is not changed) by uid %u (%s)%s: %s%s%s%s", on ? "on" : "off",
		 (unsigned)uid, name, login, error ? "refused by the kernel" : "applied",
		 error ? " (" : "", error ? strerror(-error) : "", error ? ")" : "");
}

void audit_stats_log(bool on, int error, uid_t uid)
{
	char record[512];

	audit_stats_format(on, error, uid, audit_login_uid(), record, sizeof(record));
	openlog("bpfknobs", LOG_PID, LOG_AUTHPRIV);
	syslog(error ? LOG_WARNING : LOG_NOTICE, "%s", record);
	closelog();
}
