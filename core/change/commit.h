/* Committing a knob change: the one owner of the write transaction. A
 * commit re-reads the knob and compares it with the value the person was
 * shown, validates, writes once and reads back (change_apply()), sends the
 * audit record when the running kernel was the target, and records the try
 * in the session's history. An undo is a commit of the value before, marked
 * as the undo of its history entry.
 *
 * Nothing here asks or draws: the browser's dialogs ask, then call these,
 * and so can a command line (bpfknobs --set NAME=VALUE --expect OLD
 * --dry-run) without curses. Outcomes are data; commit_explain() (a
 * change's outcome, as both say it) and commit_undo_explain() turn them into
 * sentences. Saving to a sysctl file is commit_save.h. */
#ifndef BPFKNOBS_CHANGE_COMMIT_H
#define BPFKNOBS_CHANGE_COMMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "change/audit.h"
#include "change/change.h"
#include "change/history.h"
#include "knobs/drift.h"
#include "knobs/knob.h"
#include "base/procroot.h"

/* Where a commit's audit records go: audit_send() unless a test passes its
 * own. Returns where the record went (AUDIT_SINK_NONE: recorded nowhere). */
typedef enum audit_sink commit_audit_fn(const struct audit_record *record,
					const struct audit_who *who);

/* What every commit of a run shares. */
struct commit_context {
	const struct procroot *root; /* the knob files; audited when they are the running
				      * kernel's, and saves when root->sysctl is / */
	const struct knob_env *env;  /* the build facts validation needs (snapshot_knob_env()) */
	struct history *history;     /* every try is recorded here; NULL keeps none */
	commit_audit_fn *audit;      /* NULL: audit_send() */
	uid_t uid;                   /* who asks, for the audit record */
};

/* One change. */
struct commit_request {
	const struct knob_def *def;
	long shown;     /* the value the person saw (--expect): when the knob holds
			 * another by the time of the write, nothing is written */
	long value;     /* the value asked for */
	bool dry_run;   /* every check, then no write and no audit record */
	size_t undo_of; /* the history entry this puts back; HISTORY_NONE for a change */
};

struct commit_outcome {
	struct change_outcome change; /* where it stopped, what the kernel said: change_explain() */
	bool audited;      /* an audit record was due: the running kernel was the target
			    * (not for a dry run) */
	enum audit_sink recorded; /* where it went; AUDIT_SINK_NONE: audited, yet
				   * recorded nowhere (no journald, no syslog) */
	bool undoable;     /* it took effect, undoes nothing and is no one-way value, so
			    * undo may offer it back */
	size_t history_at; /* its history entry; HISTORY_NONE when none was kept */
	int history_error; /* 0, or -ENOMEM: the history misses this try */
};

/* Whether req is worth asking about, given the reading the person was
 * shown (no file is read): 0; -EALREADY when the knob holds the value
 * already; else change_validate()'s refusal (-EDOM, -EINVAL, -EPERM for a
 * one-way lock). *out is filled for change_explain() either way. */
int commit_check(const struct knob_env *env, const struct knob_reading *shown,
		 const struct commit_request *req, struct change_outcome *out);

/* The transaction: re-read, compare with req->shown, validate, write once,
 * read back; then the audit record (the running kernel only, and not for a
 * dry run) and the history entry (every try, refused ones too). Returns
 * out->change.error: 0 when the value is in place (or, for a dry run,
 * would have been written). */
int commit_change(const struct commit_context *ctx, const struct commit_request *req,
		  struct commit_outcome *out);

/* What is said after a change that took effect, besides what it did. */
struct commit_explain_more {
	/* What boot gives the knob (its drift from the sysctl files, which
	 * does not depend on the running value), said after what the new value
	 * means: whether the change outlives a reboot. NULL says nothing of
	 * boot (the value is being saved for it). */
	const struct drift *boot;
	const char *save_how; /* "S saves it to a sysctl file", when boot sets another
			       * value; NULL for no hint */
	const char *undo_how; /* "u undoes it", when it can be undone; NULL for none */
	const char *between;  /* between paragraphs: "\n\n" in a box, " " on one line */
};

/* The outcome of a change of def in one wording for every asker (the
 * browser's box, --set's line): change_explain()'s sentence and, when the
 * value took effect (no dry run), what it means now and whether boot
 * keeps it (more). */
void commit_explain(const struct knob_def *def, const struct knob_env *env,
		    const struct change_outcome *out, const struct commit_explain_more *more,
		    char *buf, size_t size);

/* Whether tries on ctx's knobs are audited: the running kernel's (not a
 * --proc tree, which is a copy). */
bool commit_audited(const struct commit_context *ctx);

/* Whether a try on ctx's knobs, made now, would be recorded nowhere
 * (audited, and no journald or syslog listens): the confirmation says so
 * (audit_unrecorded_text()). */
bool commit_unrecorded(const struct commit_context *ctx);

/* The audit record of a try refused before commit_change() (a --set check,
 * a value the browser's dialog refused), when it is audited; *out as
 * commit_check() filled it, undo_of as in the request; result the words
 * of the refusal (NULL: those of out's stage). Returns where it went;
 * AUDIT_SINK_NONE also when none was due. */
enum audit_sink commit_audit_refused(const struct commit_context *ctx, const struct knob_def *def,
				     const struct change_outcome *out, size_t undo_of,
				     const char *result);

/* Sends one record through ctx's audit function, with who asked. */
enum audit_sink commit_audit_send(const struct commit_context *ctx,
				  const struct audit_record *record);

/* What u would commit: the newest change of ctx->history that took effect
 * and is not undone, back to its value before. The knob is read now, and
 * that value becomes req->shown. Returns 0 with *req ready for
 * commit_change() (req->dry_run false). Otherwise nothing can be undone
 * now, and commit_undo_explain() says why: -ENOENT with req->def NULL when
 * no change is left to undo; else why->error, with why->stage REREAD when
 * the knob cannot be read, or VALIDATE: -EALREADY when it holds the old
 * value again, or the refusal of the old value (-EPERM: a one-way value
 * locks the knob; one-way values are never offered back). */
int commit_undo_prepare(const struct commit_context *ctx, struct commit_request *req,
			struct change_outcome *why);

/* The sentence for a commit_undo_prepare() that found nothing to do. */
void commit_undo_explain(const struct commit_context *ctx, const struct commit_request *req,
			 const struct change_outcome *why, char *buf, size_t size);

#endif
