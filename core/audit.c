#include "audit.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>

static const char *audit_result(const struct change_outcome *out)
{
	static const char *const stages[] = {
		[CHANGE_STAGE_PARSE] = "refused: not a value",
		[CHANGE_STAGE_VALIDATE] = "refused: not allowed",
		[CHANGE_STAGE_REREAD] = "not written: could not re-read or changed meanwhile",
		[CHANGE_STAGE_WRITE] = "refused by the kernel",
		[CHANGE_STAGE_VERIFY] = "written, but the value did not hold",
		[CHANGE_STAGE_DONE] = "applied",
	};

	return out->stage <= CHANGE_STAGE_DONE ? stages[out->stage] : "unknown";
}

void audit_format(const struct knob_def *def, const struct change_outcome *out, uid_t uid,
		  char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);
	int n;

	n = snprintf(buf, size, "%s %ld -> %ld by uid %u (%s): %s", def->name, out->before,
		     out->requested, (unsigned)uid, pw ? pw->pw_name : "?", audit_result(out));
	if (out->error && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " (%s)", strerror(-out->error));
}

void audit_log(const struct knob_def *def, const struct change_outcome *out, uid_t uid)
{
	char record[512];

	if (out->dry_run)
		return;
	audit_format(def, out, uid, record, sizeof(record));
	openlog("bpfknobs", LOG_PID, LOG_AUTHPRIV);
	syslog(out->stage == CHANGE_STAGE_DONE ? LOG_NOTICE : LOG_WARNING, "%s", record);
	closelog();
}
