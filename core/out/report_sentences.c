/* The sentences the screen, --list and --json share about a snapshot:
 * the privileges, why no kernel config was read, why a knob has no value
 * (see report.h). */
#include "out/report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/safe_read.h"

void report_privs_summary(const struct snapshot *snap, char *buf, size_t size)
{
	const struct privs *p = &snap->privs;

	if (privs_can_admin(p))
		snprintf(buf, size, "root: changes allowed");
	else if (p->euid == 0 && !p->init_userns)
		snprintf(buf, size, "read-only: root of a user namespace only, whose capabilities "
				    "the kernel does not count for the knobs; run as root on the host "
				    "to change settings");
	else if (p->euid == 0)
		snprintf(buf, size, "read-only: root without CAP_SYS_ADMIN; run as root with "
				    "CAP_SYS_ADMIN to read every knob and change settings");
	else
		snprintf(buf, size, "read-only: run as root with CAP_SYS_ADMIN to change settings");
}

void report_kconfig_problem(const struct snapshot *snap, char *buf, size_t size)
{
	int err = snap->kconfig.error;

	if (!err)
		buf[0] = '\0';
	else if (err == -ENOENT)
		snprintf(buf, size, "No kernel config found: neither %s/config.gz (CONFIG_IKCONFIG_PROC) "
				    "nor %s/config-%s exists, so build-dependent defaults and "
				    "limits are shown as unknown.",
			 snap->proc_dir, snap->boot_dir,
			 snap->release[0] ? snap->release : "<release>");
	else if (err == -ENODATA || err == -EIO)
		snprintf(buf, size, "The kernel config %s is %s, so build-dependent defaults and "
				    "limits are shown as unknown.", snap->kconfig.source,
			 err == -EIO ? "damaged (a gzip stream cut short or corrupt)"
				     : "not a kernel config (no CONFIG_ lines)");
	else if (err == -SAFE_READ_ENOTREG || err == -EFBIG) {
		char why[PATH_MAX + 128];

		safe_read_explain(snap->kconfig.source, "kernel config", err,
				  snap->kconfig.source_mode, KCONFIG_MAX_BYTES, why, sizeof(why));
		snprintf(buf, size, "The kernel config could not be read: %s; build-dependent "
				    "defaults and limits are shown as unknown.", why);
	} else
		snprintf(buf, size, "The kernel config could not be read (%s), so build-dependent "
				    "defaults and limits are shown as unknown.", strerror(-err));
}

void report_knob_problem(const struct snapshot *snap, const struct snapshot_knob *knob,
			 char *buf, size_t size)
{
	struct knob_env env;

	snapshot_knob_env(snap, &env);
	knob_reading_problem(knob->def, &env, &knob->reading, snap->netns == SNAPSHOT_NETNS_OTHER,
			     buf, size);
}

const char *report_holders_source(enum prog_holders_source source)
{
	switch (source) {
	case PROG_HOLDERS_ITERATOR: return "iterator";
	case PROG_HOLDERS_PROC: return "proc";
	case PROG_HOLDERS_NONE: break;
	}
	return NULL;
}

bool report_holders_text(const struct prog_holders *st, char *buf, size_t size)
{
	if (st->source == PROG_HOLDERS_ITERATOR && st->complete && !st->reason[0]) {
		snprintf(buf, size, "found in the kernel by bpfknobs' own task_file iterator "
			 "(bpfknobs_holders), in every process's open files; nothing is borrowed.");
		return false;
	}
	if (st->source == PROG_HOLDERS_ITERATOR)
		snprintf(buf, size, "found in the kernel by bpfknobs' own task_file iterator "
			 "(bpfknobs_holders), not complete: %s", st->reason);
	else /* word for word what --json says */
		snprintf(buf, size, "%s", st->reason);
	return true;
}
