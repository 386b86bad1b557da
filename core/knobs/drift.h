/* Drift: whether a knob's running value differs from the value it gets at
 * boot, when systemd-sysctl applies the sysctl configuration files (or,
 * when no file sets it, the kernel's own default). A change made with
 * sysctl -w, or in bpfknobs, is lost at the next boot unless saved. */
#ifndef BPFKNOBS_KNOBS_DRIFT_H
#define BPFKNOBS_KNOBS_DRIFT_H

#include <stdbool.h>
#include <stddef.h>

#include "knobs/knob.h"
#include "knobs/sysctld.h"

enum drift_source {
	DRIFT_NOT_READ, /* the configuration files were not read (a --proc tree) */
	DRIFT_FILE,     /* a file sets the knob */
	DRIFT_DEFAULT,  /* no file sets it: the kernel boots with its default */
	DRIFT_UNREADABLE, /* a file that may set it could not be read: not known */
};

struct drift {
	enum drift_source source;
	struct sysctld_setting setting; /* DRIFT_FILE: the assignment that wins;
					 * DRIFT_UNREADABLE: the file that could not be read */
	bool file_refused;  /* the file's value is one the kernel refuses: it keeps the default */
	bool boot_known;    /* boot_value is known */
	long boot_value;
	bool drifts;        /* the running value is known and differs from boot_value */
};

/* setting is what sysctld_boot_settings() found for the knob, NULL when the
 * files were not read. */
void drift_assess(const struct knob_def *def, const struct knob_env *env,
		  const struct knob_reading *running, const struct sysctld_setting *setting,
		  struct drift *out);

/* "2, from /etc/sysctl.d/60-bpfknobs.conf line 3", "1, the kernel default
 * (no sysctl file sets it)", and when it drifts, that the running value is
 * lost at the next boot unless saved. */
void drift_describe(const struct knob_def *def, const struct knob_reading *running,
		    const struct drift *d, char *buf, size_t size);

#endif
