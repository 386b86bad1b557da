/* bpfknobs --check [PROFILE]: the running knobs against a profile, one
 * verdict per knob. A profile is built in ("recommended": the knob
 * table's recommendations; "kspp": the values kernel-hardening-checker and
 * KSPP check) or a file of "name = value" lines in sysctl.conf syntax.
 * The exit status (policy_status()) is 0 when every knob the profile sets
 * complies, 1 when one does not, 3 when one could not be judged; a
 * profile that cannot be used is 2 (the caller's usage error). */
#ifndef BPFKNOBS_POLICY_H
#define BPFKNOBS_POLICY_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "knobs/knob.h"
#include "refresh/snapshot.h"

enum policy_status {
	POLICY_COMPLIES = 0,
	POLICY_DIFFERS = 1,
	POLICY_USAGE = 2,      /* the profile cannot be used: nothing was checked */
	POLICY_UNREADABLE = 3, /* a knob could not be judged, and none differs */
};

enum policy_want {
	POLICY_WANT_NONE,    /* the profile does not set this knob */
	POLICY_WANT_VALUE,   /* .value */
	POLICY_WANT_DEFAULT, /* the kernel's default, which depends on the build */
};

struct policy_profile {
	char name[PATH_MAX]; /* "recommended", "kspp", or the file as given */
	bool builtin;
	enum policy_want want[KNOB__COUNT];
	long value[KNOB__COUNT];
	int line[KNOB__COUNT]; /* the file line that sets it; 0 for a built-in */
};

/* Where a profile file went wrong: line 0 for the file as a whole. */
struct policy_problem {
	int line;
	char text[128]; /* the offending line (or key), trimmed and cut */
	int first_line; /* -EEXIST: the line that set the knob first */
};

/* A built-in profile by name (0), or else the file at arg: 0 or -errno
 * with *problem filled: the file's open/read error (line 0); -EINVAL a
 * line that is no "name = value"; -ENOENT (line > 0) an unknown knob;
 * -EDOM a value the knob never takes; -EEXIST a knob set twice. */
int policy_load(const char *arg, struct policy_profile *profile,
		struct policy_problem *problem);

/* "--check FILE line 3: ..." naming the problem and the fix. */
void policy_load_explain(const char *arg, int err, const struct policy_problem *problem,
			 char *buf, size_t size);

/* The built-in profiles, for --help and errors: "recommended, kspp". */
const char *policy_builtin_names(void);

enum policy_verdict {
	POLICY_OK,
	POLICY_NOT_OK,      /* readable, and not the value the profile wants */
	POLICY_NO_VALUE,    /* the knob could not be read */
	POLICY_NO_WANT,     /* the wanted value cannot be known here (a default of an
			     * unknown build) */
	POLICY_NOT_CHECKED, /* the profile does not set it */
};

struct policy_row {
	const struct snapshot_knob *knob;
	enum policy_verdict verdict;
	bool want_known;
	long want;
};

struct policy_result {
	struct policy_row rows[KNOB__COUNT];
	size_t nr_rows;
	size_t nr[POLICY_NOT_CHECKED + 1]; /* rows per verdict */
};

/* The wanted value of def for the profile on snap's kernel: 0, -ENOENT
 * when the profile does not set it, -ENODATA when it cannot be known. */
int policy_want(const struct policy_profile *profile, const struct snapshot *snap,
		const struct knob_def *def, long *value);

void policy_check(const struct policy_profile *profile, const struct snapshot *snap,
		  struct policy_result *result);

/* 0, 1 or 3: a knob that differs decides even when another is unreadable. */
int policy_status(const struct policy_result *result);

/* "ok", "differs", "unreadable", "unknown", "not checked" */
const char *policy_verdict_word(enum policy_verdict verdict);

/* What moving def to want costs: its meaning, the recommendation's
 * trade-off, the cross-effects it starts or stops, whether this kernel
 * takes it and whether it is one-way. */
void policy_cost(const struct snapshot *snap, const struct knob_def *def, long want, char *buf,
		 size_t size);

/* One line per knob and a summary line; returns 0 or -EIO. */
int policy_text_write(const struct policy_profile *profile, const struct snapshot *snap,
		      const struct policy_result *result, FILE *out);
/* One JSON object with a verdict object per knob; returns 0 or -EIO. */
int policy_json_write(const struct policy_profile *profile, const struct snapshot *snap,
		      const struct policy_result *result, FILE *out);

#endif
