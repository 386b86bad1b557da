/* bpfknobs --set NAME=VALUE [--expect OLD]...: the browser's write path
 * without the browser. Each request is parsed here (setcli_parse), then
 * the whole batch is checked before anything is written: the knob is read,
 * compared with --expect, validated against the table and the kernel build
 * (commit_check()), and a one-way value needs allow_one_way. One refusal
 * refuses the batch, so nothing is written. Then every request goes
 * through commit_change() (re-read, write once, read back, audit, history)
 * in order, stopping at the first failure, and with save the values go to
 * the drop-in file through commit_save_prepare()/commit_save_write(), as
 * the browser's save does. Nothing here prints; setcli_explain() gives the
 * sentence of each request and setcli_status() the exit status. */
#ifndef BPFKNOBS_SETCLI_H
#define BPFKNOBS_SETCLI_H

#include <stdbool.h>
#include <stddef.h>

#include "change/commit.h"
#include "change/commit_save.h"

#define SETCLI_MAX SYSCTLD_MAX_ASSIGNS

/* Exit statuses of --set, documented in bpfknobs(8). */
enum setcli_status {
	SETCLI_APPLIED = 0, /* every value is in place (or, with --dry-run, would be) */
	SETCLI_FAILED = 1,  /* a write was tried and did not take, or the save failed */
	SETCLI_USAGE = 2,   /* a malformed request: nothing was read or written */
	SETCLI_REFUSED = 3, /* a check before writing refused a request: nothing written */
};

enum setcli_result {
	SETCLI_NOT_TRIED, /* an earlier request failed, or the batch was refused */
	SETCLI_REFUSED_EXPECT,  /* --expect: the knob holds another value */
	SETCLI_REFUSED_ONE_WAY, /* a one-way value without allow_one_way */
	SETCLI_REFUSED_CHECK,   /* unreadable, or a value this knob or kernel refuses */
	SETCLI_ALREADY,         /* the knob holds the value: nothing to write */
	SETCLI_DONE,            /* written and read back (or a dry run that would write) */
	SETCLI_FAILED_COMMIT,   /* commit_change() stopped at the write or the read back */
};

/* One NAME=VALUE, parsed. */
struct setcli_request {
	const char *text;        /* as given, for messages */
	const struct knob_def *def;
	long value;
	bool has_expect;
	long expect;
	/* filled by setcli_run() */
	enum setcli_result result;
	struct change_outcome out; /* the check's or the commit's outcome */
};

/* Parses "net.core.bpf_jit_harden=2" (sysctl's '/' separators too; the
 * value as the browser takes it: digits, K/M/G for a size) and, when
 * expect is not NULL, the --expect value for the same knob. 0, or -EINVAL
 * (no '='), -ENOENT (no such knob), -EDOM (not a value), -ERANGE (too
 * big); -EBADMSG for an --expect that is not a value. *req is zeroed
 * first and keeps text. */
int setcli_parse(const char *text, const char *expect, struct setcli_request *req);

/* "--set 'harden=abc': no knob is called 'harden'. ..." for a
 * setcli_parse() error, naming the problem and what to give instead. */
void setcli_parse_explain(const char *text, const char *expect, int err,
			  const struct knob_env *env, char *buf, size_t size);

/* How a batch runs. */
struct setcli_options {
	bool dry_run;       /* every check, no write (the save is a dry run too) */
	bool allow_one_way; /* write a one-way value (kernel.unprivileged_bpf_disabled=1) */
	bool save;          /* also save the values to save_file below ctx->root->sysctl */
	const char *save_file;
};

/* What the save did, when asked for. */
struct setcli_save {
	bool tried;        /* prepared (and written unless a request did not take) */
	int prepare_error; /* commit_save_prepare()'s refusal: the batch was refused */
	bool written;      /* commit_save_write() ran */
	struct commit_save save;
	struct commit_save_outcome out;
};

/* Runs the batch: req[0..n) parsed by setcli_parse(), no knob twice
 * (-EEXIST, nothing read). Returns the exit status (enum setcli_status).
 * setcli_save_free() frees *save afterwards. */
int setcli_run(const struct commit_context *ctx, struct setcli_request *req, size_t n,
	       const struct setcli_options *opts, struct setcli_save *save);

/* Index of the knob a second request names again, or n when none does. */
size_t setcli_find_repeat(const struct setcli_request *req, size_t n);

/* "applied", "refused", "failed", "unchanged", "would apply", "not tried": the
 * word the line of a request starts with. */
const char *setcli_result_word(const struct setcli_request *req);

/* The sentence for one request after setcli_run(). */
void setcli_explain(const struct knob_env *env, const struct setcli_request *req, char *buf,
		    size_t size);

void setcli_save_free(struct setcli_save *save);

#endif
