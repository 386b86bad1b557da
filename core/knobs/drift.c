#include "knobs/drift.h"

#include <stdio.h>
#include <string.h>

#include "base/parse.h"
#include "base/safe_read.h"

void drift_assess(const struct knob_def *def, const struct knob_env *env,
		  const struct knob_reading *running, const struct sysctld_setting *setting,
		  struct drift *out)
{
	long v;

	memset(out, 0, sizeof(*out));
	if (!setting)
		return;
	if (setting->unreadable_error) {
		/* Whatever it says comes last: neither a file nor the default is known to win. */
		out->source = DRIFT_UNREADABLE;
		out->setting = *setting;
		return;
	}
	if (setting->found) {
		out->source = DRIFT_FILE;
		out->setting = *setting;
		/* systemd-sysctl writes the text as it is; the kernel's handler
		 * parses it, and a value it refuses leaves the knob at its default. */
		if (!parse_long_strict(setting->value, strlen(setting->value), &v) &&
		    knob_value_allowed(def, env, v)) {
			out->boot_known = true;
			out->boot_value = v;
		} else {
			out->file_refused = true;
		}
	} else {
		out->source = DRIFT_DEFAULT;
	}
	if (!out->boot_known && !knob_default(def, env, &v)) {
		out->boot_known = true;
		out->boot_value = v;
	}
	out->drifts = out->boot_known && !running->error && running->value != out->boot_value;
}

void drift_describe(const struct knob_def *def, const struct knob_reading *running,
		    const struct drift *d, char *buf, size_t size)
{
	char boot[64] = "the kernel default", why[PATH_MAX + 128];
	int n = 0;

	if (d->boot_known)
		knob_format_value(def, d->boot_value, boot, sizeof(boot));
	switch (d->source) {
	case DRIFT_NOT_READ:
		snprintf(buf, size, "not known: the sysctl configuration files are not read for a "
				    "--proc tree (give --sysctl-root DIR to read them).");
		return;
	case DRIFT_FILE:
		if (d->file_refused)
			n = snprintf(buf, size, "%s%s: %s line %d sets \"%s\", which this kernel "
						"refuses, so it keeps its default.", boot,
				     d->boot_known ? "" : " (not known here)", d->setting.file,
				     d->setting.line, d->setting.value);
		else
			n = snprintf(buf, size, "%s, from %s line %d.", boot, d->setting.file,
				     d->setting.line);
		break;
	case DRIFT_UNREADABLE:
		safe_read_explain(d->setting.unreadable, "sysctl file", d->setting.unreadable_error,
				  d->setting.unreadable_mode, SYSCTLD_MAX_BYTES, why, sizeof(why));
		snprintf(buf, size, "not known: %s, and it may set this knob (a sysctl file read "
				    "later wins at boot).", why);
		return;
	case DRIFT_DEFAULT:
		n = snprintf(buf, size, "%s%s (no sysctl file sets it).", boot,
			     d->boot_known ? ", the kernel default" : ", not known here");
		break;
	}
	if (d->drifts && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " The running value %ld differs: it is lost at "
			 "the next boot unless it is saved to a sysctl file.", running->value);
}
