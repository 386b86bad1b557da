/* bpfknobs --check [PROFILE]: the running knobs against a profile, one
 * verdict per knob. A profile is built in ("recommended": the knob
 * table's recommendations; "kspp": the values kernel-hardening-checker and
 * KSPP check) or a file of "name = value" lines in sysctl.conf syntax.
 * The exit status (check_status()) is 0 when every knob the profile sets
 * complies, 1 when one does not, 3 when one could not be judged; a
 * profile that cannot be used is 2 (the caller's usage error). */
#ifndef BPFKNOBS_FLEET_CHECK_H
#define BPFKNOBS_FLEET_CHECK_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "knobs/knob.h"
#include "refresh/snapshot.h"

enum check_status {
	CHECK_COMPLIES = 0,
	CHECK_DIFFERS = 1,
	CHECK_USAGE = 2,      /* the profile cannot be used: nothing was checked */
	CHECK_UNREADABLE = 3, /* a knob could not be judged, and none differs */
};

enum check_want {
	CHECK_WANT_NONE,    /* the profile does not set this knob */
	CHECK_WANT_VALUE,   /* .value */
	CHECK_WANT_DEFAULT, /* the kernel's default, which depends on the build */
};

/* A profile file's line for JIT memory in use (jitmem/jitmem.h), beside
 * the knobs: "bpfknobs.jit_memory_max_percent = 80" (a whole percentage of
 * net.core.bpf_jit_limit, 1 to 100, a trailing '%' allowed). No kernel
 * sysctl starts with "bpfknobs.". */
#define CHECK_JIT_KEY "bpfknobs.jit_memory_max_percent"

struct check_profile {
	char name[PATH_MAX]; /* "recommended", "kspp", or the file as given */
	bool builtin;
	enum check_want want[KNOB__COUNT];
	long value[KNOB__COUNT];
	int line[KNOB__COUNT]; /* the file line that sets it; 0 for a built-in */
	bool jit_max_set;      /* CHECK_JIT_KEY: the most JIT memory in use allowed */
	long jit_max_percent;
	int jit_line;
};

/* Where a profile file went wrong: line 0 for the file as a whole. */
struct check_problem {
	int line;
	char text[128]; /* the offending line (or key), trimmed and cut */
	int first_line; /* -EEXIST: the line that set the knob first */
	mode_t mode;    /* line 0: what the file is (safe_read.h), 0 when absent */
};

/* A built-in profile by name (0), or else the file at arg: 0 or -errno
 * with *problem filled: the file's open/read error (line 0); -EINVAL a
 * line that is no "name = value"; -ENOENT (line > 0) an unknown knob;
 * -EDOM a value the knob never takes (or a percentage outside 1 to 100);
 * -EEXIST a knob (or CHECK_JIT_KEY) set twice. */
int check_load(const char *arg, struct check_profile *profile,
		struct check_problem *problem);

/* "--check FILE line 3: ..." naming the problem and the fix. */
void check_load_explain(const char *arg, int err, const struct check_problem *problem,
			 char *buf, size_t size);

/* The built-in profiles, in the order --help names them, ended by a row
 * without a name; the shell completions offer them too. */
struct check_builtin {
	const char *name;
	const char *summary; /* a few words, for the completions' descriptions */
	void (*fill)(struct check_profile *profile);
};
extern const struct check_builtin check_builtins[];

/* Their names, for errors: "recommended, kspp". */
const char *check_builtin_names(void);

enum check_verdict {
	CHECK_OK,
	CHECK_NOT_OK,      /* readable, and not the value the profile wants */
	CHECK_NO_VALUE,    /* the knob could not be read */
	CHECK_NO_WANT,     /* the wanted value cannot be known here (a default of an
			     * unknown build) */
	CHECK_NOT_CHECKED, /* the profile does not set it */
};

struct check_row {
	const struct snapshot_knob *knob;
	enum check_verdict verdict;
	bool want_known;
	long want;
};

/* JIT memory in use against the profile's maximum percentage. */
struct check_jit_row {
	bool checked;              /* the profile sets CHECK_JIT_KEY */
	enum check_verdict verdict; /* CHECK_OK, CHECK_NOT_OK, or CHECK_NO_VALUE */
	double percent;            /* in use, of the limit; valid unless CHECK_NO_VALUE */
};

struct check_result {
	struct check_row rows[KNOB__COUNT];
	size_t nr_rows;
	struct check_jit_row jit;
	size_t nr[CHECK_NOT_CHECKED + 1]; /* rows per verdict, the JIT memory row included */
};

/* The wanted value of def for the profile on snap's kernel: 0, -ENOENT
 * when the profile does not set it, -ENODATA when it cannot be known. */
int check_want(const struct check_profile *profile, const struct snapshot *snap,
		const struct knob_def *def, long *value);

void check_check(const struct check_profile *profile, const struct snapshot *snap,
		  struct check_result *result);

/* 0, 1 or 3: a knob that differs decides even when another is unreadable. */
int check_status(const struct check_result *result);

/* "ok", "differs", "unreadable", "unknown", "not checked" */
const char *check_verdict_word(enum check_verdict verdict);

/* What moving def to want costs: its meaning, the recommendation's
 * trade-off, the cross-effects it starts or stops, whether this kernel
 * takes it and whether it is one-way. */
void check_cost(const struct snapshot *snap, const struct knob_def *def, long want, char *buf,
		 size_t size);

/* One line per knob and a summary line; returns 0 or -EIO. */
int check_text_write(const struct check_profile *profile, const struct snapshot *snap,
		      const struct check_result *result, FILE *out);
/* One JSON object with a verdict object per knob; returns 0 or -EIO. */
int check_json_write(const struct check_profile *profile, const struct snapshot *snap,
		      const struct check_result *result, FILE *out);

#endif
