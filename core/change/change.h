/* Changing a knob: validate against the table and the build, re-read and
 * compare with what the user was shown, write once, read back, report.
 * Nothing is written unless every check before the write passed. */
#ifndef BPFKNOBS_CHANGE_CHANGE_H
#define BPFKNOBS_CHANGE_CHANGE_H

#include <stdbool.h>
#include <stddef.h>

#include "knobs/knob.h"
#include "base/procroot.h"
#include "base/safepath.h"

enum change_stage {
	CHANGE_STAGE_PARSE,    /* what was typed is not a value */
	CHANGE_STAGE_PATH,     /* the knob's file cannot be reached safely (safepath.h) */
	CHANGE_STAGE_VALIDATE, /* a value the knob or this kernel does not take */
	CHANGE_STAGE_REREAD,   /* the knob could not be read, or changed since shown */
	CHANGE_STAGE_WRITE,    /* the kernel refused the write */
	CHANGE_STAGE_VERIFY,   /* written, but reading back gave another value */
	CHANGE_STAGE_DONE,
};

struct change_outcome {
	enum change_stage stage; /* where it stopped; DONE when the value is in place */
	int error;               /* 0, or -errno at that stage */
	bool written;            /* a write reached the kernel (also when it was refused) */
	bool dry_run;
	long shown;              /* the value the user saw */
	long before;             /* re-read just before writing */
	long requested;
	long after;              /* read back after writing (valid when stage >= VERIFY) */
	bool live;               /* the file is the running kernel's: /proc of a live run,
				  * or a file on procfs below a --proc tree */
	char raw[40];            /* REREAD: the start of what the file held */
	struct safepath_problem path; /* PATH: where and why */
};

/* Parses what a person typed: a decimal number, and for a size also K, M or G
 * (binary: 1K = 1024), e.g. "512M". No blanks, signs or hex. -EINVAL for
 * anything else, -ERANGE when it does not fit a long. */
int change_parse_value(const struct knob_def *def, const char *text, long *value);

/* Whether value may be written given the build and the current reading:
 * 0, -EDOM (not a value of this knob or outside its range), -EINVAL (pinned
 * by a build option), -EPERM (locked by a one-way value). */
int change_validate(const struct knob_def *def, const struct knob_env *env,
		    const struct knob_reading *reading, long value);

/* The whole write path. The knob's directory is opened once below the
 * root (safepath.h: no symbolic link followed, every directory root's or
 * the caller's and writable by no one else), and the re-read, the write
 * and the read back all go through it. shown is the value the user
 * confirmed a change from. With dry_run, everything but the write
 * happens. Fills *out and returns out->error. */
int change_apply(const struct knob_def *def, const struct procroot *root,
		 const struct knob_env *env, long shown, long value, bool dry_run,
		 struct change_outcome *out);

/* One or two sentences on the outcome, naming the knob, what the kernel said
 * and the likely cause. At CHANGE_STAGE_VALIDATE, -EALREADY says the knob
 * holds the value already (commit_check()). */
void change_explain(const struct knob_def *def, const struct knob_env *env,
		    const struct change_outcome *out, char *buf, size_t size);

/* Why a knob locked by a one-way value takes no other: "...is locked at 1
 * until reboot: ...". The one place that says it, for every caller that
 * finds a lock (the change dialog, a refused change, a refused undo). */
void change_explain_locked(const struct knob_def *def, long locked_at, char *buf, size_t size);

/* "sysctl -w net.core.bpf_jit_harden=2" */
void change_sysctl_command(const struct knob_def *def, long value, char *buf, size_t size);

#endif
