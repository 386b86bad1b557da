/* The eBPF kernel knobs: one table row per knob (knob_table.c) and the code
 * that reads a row's file and derives what the row means on this kernel.
 * No code here switches on a particular knob, with one deliberate
 * exception: the rule of whether /proc/kallsyms lists programs
 * (knob_values_list_symbols()) names bpf_jit_harden and bpf_jit_kallsyms,
 * because the kernel's own rule does. Adding a knob is adding a row. */
#ifndef BPFKNOBS_KNOBS_KNOB_H
#define BPFKNOBS_KNOBS_KNOB_H

#include <stdbool.h>
#include <stddef.h>

#include "knobs/kconfig.h"
#include "knobs/knob_ids.h"
#include "base/kver.h"
#include "base/procroot.h"

#define KNOB_MAX_CHOICES 4

enum knob_kind {
	KNOB_CHOICE, /* a few values, each with its own meaning */
	KNOB_BYTES,  /* a size in bytes within [min, max] */
};

enum knob_default_rule {
	KNOB_DEFAULT_CONSTANT, /* .default_value, whatever the build */
	KNOB_DEFAULT_KCONFIG,  /* .default_if_set when .default_opt is set, else .default_value */
	KNOB_DEFAULT_HALF_MAX, /* half the maximum, rounded up to a page, at boot */
};

enum knob_max_rule {
	KNOB_MAX_NONE,     /* choices only */
	KNOB_MAX_JIT_AREA, /* bpf_jit_alloc_exec_limit(): the size of the JIT area */
};

enum knob_read_access {
	KNOB_READ_ANYONE, /* mode 0644 and no capability check on read */
	KNOB_READ_ADMIN,  /* mode 0600, and the handler checks CAP_SYS_ADMIN on read too */
};

struct knob_choice {
	long value;
	const char *label;   /* a few words: "JIT on" */
	const char *meaning; /* what the kernel does at this value */
	bool one_way;        /* once written, the kernel refuses any other value until reboot */
	/* users without CAP_BPF may load programs and create maps at this value:
	 * the change dialog says what a plain user could load then (reach/) */
	bool opens_to_users;
	unsigned since, until; /* KVER(): the kernels that take it, [since, until); 0 open */
};

#define KNOB_MAX_FACTS 6

/* A sentence that holds only on some kernels: [since, until) (KVER(), 0
 * open), and optionally only with a build option set or unset. The tool
 * states the facts that hold on the running kernel; when its version is
 * unknown, every fact with the versions it holds for. */
struct knob_fact {
	unsigned since, until;
	bool if_opt;             /* only when opt is in state opt_set */
	enum kconfig_opt opt;
	bool opt_set;
	const char *text;
	/* the same in a few words, where room is short (the browser's header
	 * warns with it); NULL when there is none */
	const char *brief;
};

struct knob_def {
	enum knob_id id;      /* its index in knob_table[] */
	const char *name;     /* sysctl name: "net.core.bpf_jit_harden" */
	const char *rel_path; /* below the proc root: "sys/net/core/bpf_jit_harden" */
	const char *summary;  /* what it controls, in a line */
	/* Not one of the five eBPF knobs but related to them (the statistics
	 * switch): shown after them, set apart, and left out of --check's
	 * built-in profiles, which judge hardening. */
	bool related;
	/* Its effective state also depends on BPF_ENABLE_STATS file
	 * descriptors that processes hold (stats_state.h): the detail says
	 * whether statistics are on and who holds them. */
	bool held_by_fds;
	/* The limit of the JIT memory in use (jitmem/jitmem.h): its row and
	 * detail show how much is in use against it and where that comes from. */
	bool shows_jit_memory;
	enum knob_kind kind;

	struct knob_choice choices[KNOB_MAX_CHOICES]; /* KNOB_CHOICE; ends at a NULL label */
	long min;                                     /* KNOB_BYTES */
	enum knob_max_rule max_rule;
	const char *range_meaning; /* KNOB_BYTES: what the number limits */

	/* A build option that leaves a single value writable. */
	bool pinned;
	enum kconfig_opt pinned_by;
	long pinned_value;
	const char *pinned_why;

	enum knob_default_rule default_rule;
	long default_value;
	enum kconfig_opt default_opt;
	long default_if_set;

	enum knob_read_access read_access;
	const char *read_who;
	const char *write_who;

	/* Why the file may be missing. */
	enum kconfig_opt requires_opt;
	bool init_netns_only;

	bool recommend_default; /* the recommendation is the kernel default */
	long recommended;
	const char *recommended_by;
	const char *tradeoff;

	const char *takes_effect;
	const char *effects;  /* what holds on every kernel */
	struct knob_fact facts[KNOB_MAX_FACTS]; /* what holds on some; ends at a NULL text */
	const char *explanation;
};

extern const struct knob_def knob_table[KNOB__COUNT];
extern const size_t knob_count; /* KNOB__COUNT */

/* The value of every knob as read, by id; known[id] is false when the knob
 * had no value (unreadable, absent, garbage). What rules over several knobs
 * take (cross-effects, whether /proc/kallsyms lists programs). */
struct knob_values {
	long value[KNOB__COUNT];
	bool known[KNOB__COUNT];
};

/* Whether the kernel lists JITed programs in /proc/kallsyms at these values:
 * bpf_jit_kallsyms_enabled() (include/linux/filter.h) is false while
 * bpf_jit_harden is non-zero, whatever bpf_jit_kallsyms says. The one place
 * this rule lives. 1 listed, 0 hidden, -1 unknown (a knob that decides it
 * has no value). */
int knob_values_list_symbols(const struct knob_values *v);

/* What one read of a knob's file gave. */
struct knob_reading {
	int error;      /* 0, or -errno: -ENOENT, -EACCES, -EPERM, -ENODATA (empty),
			 * -EINVAL (not a number), -ERANGE (too big), -EDOM (out of range),
			 * -EFBIG, -SAFE_READ_ENOTREG (a FIFO, a device...) */
	long value;     /* valid when error is 0 */
	char raw[40];   /* the start of what the file held, printable, for messages */
	mode_t file_mode; /* what the file is, when error is -SAFE_READ_ENOTREG */
};

/* The facts of the running kernel that decide the derived values below. */
struct knob_env {
	const struct kconfig *kconfig;
	const char *machine; /* uname -m of the kernel being read, "" when unknown */
	unsigned kver;       /* its version (kver_parse() of the release), 0 when unknown */
};

/* The knob whose name is the len bytes of key, as sysctl and sysctl.conf
 * take it, with '.' or '/' between the parts: "net/core/bpf_jit_harden";
 * NULL for none of ours. */
const struct knob_def *knob_find_key(const char *key, size_t len);
size_t knob_nr_choices(const struct knob_def *def);
const struct knob_choice *knob_choice_of(const struct knob_def *def, long value);
/* Whether some value of def opens loading to users without CAP_BPF
 * (knob_choice.opens_to_users): the knob decides what a plain user loads. */
bool knob_decides_user_loads(const struct knob_def *def);

/* The inclusive range the kernel accepts. *max is 0 when it cannot be known
 * here (returns -ENODATA then); the minimum is always known. */
int knob_range(const struct knob_def *def, const struct knob_env *env, long *min, long *max);

/* Whether the kernel accepts this value, taking the build into account. */
bool knob_value_allowed(const struct knob_def *def, const struct knob_env *env, long value);

/* The one-way value the knob is locked at, when the reading shows one
 * (unprivileged_bpf_disabled=1); NULL otherwise. */
const struct knob_choice *knob_locked_at(const struct knob_def *def,
					 const struct knob_reading *reading);

/* knob_value_allowed(), and not refused by a lock the reading shows. */
bool knob_value_writable(const struct knob_def *def, const struct knob_env *env,
			 const struct knob_reading *reading, long value);

/* The value the kernel starts with. Returns -ENODATA when that depends on a
 * build option or size that is not known here. */
int knob_default(const struct knob_def *def, const struct knob_env *env, long *value);

/* Sentences for reports: where the default comes from; the meaning of a
 * value; why a read gave no value. Each writes a NUL-terminated string. */
void knob_default_origin(const struct knob_def *def, const struct knob_env *env, char *buf,
			 size_t size);
/* "2", or for a size "528482304 bytes (504 MiB)". */
void knob_format_value(const struct knob_def *def, long value, char *buf, size_t size);

/* "0, 1 or 2"; "only 1: this kernel is built with ..." */
void knob_allowed_summary(const struct knob_def *def, const struct knob_env *env, char *buf,
			  size_t size);
/* knob_allowed_summary(), or what a lock the reading shows leaves. */
void knob_writable_summary(const struct knob_def *def, const struct knob_env *env,
			   const struct knob_reading *reading, char *buf, size_t size);
/* One allowed value for a list: "label: meaning", plus whether this kernel
 * or a lock refuses it and whether it is one-way. */
void knob_choice_text(const struct knob_def *def, const struct knob_env *env,
		      const struct knob_reading *reading, const struct knob_choice *c, char *buf,
		      size_t size);
/* def->effects followed by the facts that hold on this kernel (each with
 * the versions it holds for when the kernel's version is unknown). */
void knob_effects_text(const struct knob_def *def, const struct knob_env *env, char *buf,
		       size_t size);
/* The first of def's facts that surely holds on this kernel and has a
 * brief form; NULL when none does (or the kernel is not known enough). */
const struct knob_fact *knob_fact_brief(const struct knob_def *def, const struct knob_env *env);
void knob_value_meaning(const struct knob_def *def, long value, char *buf, size_t size);
void knob_reading_problem(const struct knob_def *def, const struct knob_env *env,
			  const struct knob_reading *reading, bool other_netns,
			  char *buf, size_t size);

/* The most a knob file is read: more is no value of any knob (-EFBIG). */
#define KNOB_READ_MAX 64

/* Reads and validates one knob below root. Never fails as a whole: the
 * outcome is in *reading. */
void knob_read(const struct knob_def *def, const struct procroot *root,
	       const struct knob_env *env, struct knob_reading *reading);

/* What knob_read() does with the len bytes read from the file (text,
 * NUL-terminated): the value, validated, or the error, with the start of
 * the text kept in reading->raw. reading is zeroed by the caller, who
 * sets error and file_mode for a file that could not be read. */
void knob_read_text(const struct knob_def *def, const struct knob_env *env, const char *text,
		    size_t len, struct knob_reading *reading);

#endif
