/* bpfknobs --set NAME=VALUE [--expect OLD]...: the browser's write path
 * without the browser. Each request is parsed here (set_parse), then
 * the whole batch is checked before anything is written: the knob is read,
 * compared with --expect, validated against the table and the kernel build
 * (commit_check()), and a one-way value needs allow_one_way, to write it
 * and to save it for boot alike (also when the knob holds it already).
 * One refusal refuses the batch, so nothing is written; on the running
 * kernel every refused request is audited. Then every request goes
 * through commit_change() (re-read, write once, read back, audit, history)
 * in order, stopping at the first failure, and with save the values go to
 * the drop-in file through commit_save_prepare()/commit_save_write(), as
 * the browser's save does. Nothing here prints: set_run() returns the exit
 * status (enum set_status), and set_explain() gives the sentence of each
 * request. */
#ifndef BPFKNOBS_FLEET_SET_H
#define BPFKNOBS_FLEET_SET_H

#include <stdbool.h>
#include <stddef.h>

#include "change/commit.h"
#include "change/commit_save.h"

#define SET_MAX SYSCTLD_MAX_ASSIGNS

/* Exit statuses of --set, documented in bpfknobs(8). */
enum set_status {
	SET_APPLIED = 0, /* every value is in place (or, with --dry-run, would be) */
	SET_FAILED = 1,  /* a write was tried and did not take, or the save failed */
	SET_USAGE = 2,   /* a malformed request: nothing was read or written */
	SET_REFUSED = 3, /* a check before writing refused a request: nothing written */
};

enum set_result {
	SET_NOT_TRIED, /* an earlier request failed, or the batch was refused */
	SET_REFUSED_EXPECT,  /* --expect: the knob holds another value */
	SET_REFUSED_ONE_WAY, /* a one-way value without allow_one_way */
	SET_REFUSED_CHECK,   /* unreadable, or a value this knob or kernel refuses */
	SET_ALREADY,         /* the knob holds the value: nothing to write */
	SET_DONE,            /* written and read back (or a dry run that would write) */
	SET_FAILED_COMMIT,   /* commit_change() stopped at the write or the read back */
};

/* One NAME=VALUE, parsed. */
struct set_request {
	const char *text;        /* as given, for messages */
	const struct knob_def *def;
	long value;
	bool has_expect;
	long expect;
	/* filled by set_run() */
	enum set_result result;
	struct change_outcome out; /* the check's or the commit's outcome */
	bool has_boot;             /* written: boot holds what the sysctl files give it */
	struct drift boot;
	bool unrecorded;           /* audited, but recorded nowhere (no journald, no syslog) */
};

/* Parses "net.core.bpf_jit_harden=2" (sysctl's '/' separators too; the
 * value as the browser takes it: digits, K/M/G for a size) and, when
 * expect is not NULL, the --expect value for the same knob. 0, or -EINVAL
 * (no '='), -ENOENT (no such knob), -EDOM (not a value), -ERANGE (too
 * big); -EBADMSG for an --expect that is not a value. *req is zeroed
 * first and keeps text. */
int set_parse(const char *text, const char *expect, struct set_request *req);

/* "--set 'harden=abc': no knob is called 'harden'. ..." for a
 * set_parse() error, naming the problem and what to give instead. */
void set_parse_explain(const char *text, const char *expect, int err,
			  const struct knob_env *env, char *buf, size_t size);

/* How a batch runs. */
struct set_options {
	bool dry_run;       /* every check, no write (the save is a dry run too) */
	bool allow_one_way; /* write a one-way value (kernel.unprivileged_bpf_disabled=1) */
	bool save;          /* also save the values to save_file below ctx->root->sysctl */
	const char *save_file;
};

/* What the save did, when asked for. */
struct set_save {
	bool tried;        /* prepared (and written unless a request did not take) */
	int prepare_error; /* commit_save_prepare()'s refusal: the batch was refused */
	bool one_way_refused; /* a one-way value to save without allow_one_way: the
			       * batch was refused */
	bool written;      /* commit_save_write() ran */
	struct commit_save save;
	struct commit_save_outcome out;
};

/* Runs the batch: req[0..n) parsed by set_parse(), no knob twice
 * (-EEXIST, nothing read). Returns the exit status (enum set_status).
 * set_save_free() frees *save afterwards. */
int set_run(const struct commit_context *ctx, struct set_request *req, size_t n,
	       const struct set_options *opts, struct set_save *save);

/* Index of the knob a second request names again, or n when none does. */
size_t set_find_repeat(const struct set_request *req, size_t n);

/* "applied", "refused", "failed", "unchanged", "would apply", "not tried": the
 * word the line of a request starts with. */
const char *set_result_word(const struct set_request *req);

/* The sentence for one request after set_run(). */
void set_explain(const struct knob_env *env, const struct set_request *req, char *buf,
		    size_t size);

void set_save_free(struct set_save *save);

#endif
