#include "change/commit.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "change/audit.h"

int commit_check(const struct knob_env *env, const struct knob_reading *shown,
		 const struct commit_request *req, struct change_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->stage = CHANGE_STAGE_VALIDATE;
	out->dry_run = req->dry_run;
	out->shown = req->shown;
	out->before = req->shown;
	out->requested = req->value;
	out->error = change_validate(req->def, env, shown, req->value);
	if (!out->error && req->value == req->shown)
		out->error = -EALREADY;
	return out->error;
}

/* Appends to buf what printf makes of fmt; a text cut short stays terminated. */
static void commit_append(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void commit_append(char *buf, size_t size, const char *fmt, ...)
{
	size_t n = strnlen(buf, size);
	va_list ap;

	if (n + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, size - n, fmt, ap);
	va_end(ap);
}

/* Whether boot keeps value: the files' value, else the kernel default. */
static void commit_explain_boot(const struct commit_explain_more *more, long value, char *buf,
				size_t size)
{
	const struct drift *d = more->boot;
	const char *from = d->source == DRIFT_FILE ? d->setting.file : "the kernel default";

	if (d->source == DRIFT_NOT_READ || !d->boot_known)
		commit_append(buf, size, "%sThis lasts until reboot.", more->between);
	else if (d->boot_value == value)
		commit_append(buf, size, "%sBoot sets the same value (%s), so it stays after a "
			      "reboot.", more->between, from);
	else
		commit_append(buf, size, "%sThis lasts until reboot: boot sets %ld (%s).%s%s%s",
			      more->between, d->boot_value, from, more->save_how ? " " : "",
			      more->save_how ? more->save_how : "",
			      more->save_how ? " so that boot keeps it." : "");
}

void commit_explain(const struct knob_def *def, const struct knob_env *env,
		    const struct change_outcome *out, const struct commit_explain_more *more,
		    char *buf, size_t size)
{
	char meaning[512];

	change_explain(def, env, out, buf, size);
	if (out->stage != CHANGE_STAGE_DONE || out->dry_run)
		return;
	knob_value_meaning(def, out->after, meaning, sizeof(meaning));
	commit_append(buf, size, "%sNow: %s", more->between, meaning);
	if (more->boot)
		commit_explain_boot(more, out->after, buf, size);
	if (more->undo_how)
		commit_append(buf, size, " %s.", more->undo_how);
}

/* A one-way value is never offered back: the kernel would refuse it. */
static bool commit_undoable(const struct commit_request *req, const struct change_outcome *out)
{
	const struct knob_choice *c = knob_choice_of(req->def, req->value);

	return out->stage == CHANGE_STAGE_DONE && !out->dry_run && req->undo_of == HISTORY_NONE &&
	       !(c && c->one_way);
}

bool commit_audited(const struct commit_context *ctx)
{
	return ctx->root->live;
}

bool commit_unrecorded(const struct commit_context *ctx)
{
	return commit_audited(ctx) && audit_sink_find() == AUDIT_SINK_NONE;
}

enum audit_sink commit_audit_send(const struct commit_context *ctx,
				  const struct audit_record *record)
{
	struct audit_who who;

	audit_who_read(ctx->uid, &who);
	return (ctx->audit ? ctx->audit : audit_send)(record, &who);
}

/* The record of a change's outcome. */
static enum audit_sink commit_audit_outcome(const struct commit_context *ctx,
					    const struct knob_def *def,
					    const struct change_outcome *out, size_t undo_of,
					    const char *result)
{
	char old[32], new_value[32];
	struct audit_record r = {
		.action = undo_of == HISTORY_NONE ? AUDIT_CHANGE : AUDIT_UNDO,
		.knob = def->name, .old_value = old, .new_value = new_value,
		.error = out->error,
	};

	/* the value found just before writing; what was shown when the
	 * knob could not be read again */
	bool read = !(out->stage == CHANGE_STAGE_PARSE || out->stage == CHANGE_STAGE_PATH ||
		      (out->stage == CHANGE_STAGE_REREAD && out->error != -ESTALE));

	snprintf(old, sizeof(old), "%ld", read ? out->before : out->shown);
	snprintf(new_value, sizeof(new_value), "%ld", out->requested);
	r.result = audit_change_result(out, &r.ok);
	/* -ESTALE is bpfknobs' own word for "changed since shown", which the
	 * result says; so does a refusal given in words */
	if (out->error == -ESTALE)
		r.error = 0;
	if (result) {
		r.result = result;
		r.ok = false;
		r.error = 0;
	}
	return commit_audit_send(ctx, &r);
}

enum audit_sink commit_audit_refused(const struct commit_context *ctx, const struct knob_def *def,
				     const struct change_outcome *out, size_t undo_of,
				     const char *result)
{
	if (!commit_audited(ctx) || out->dry_run)
		return AUDIT_SINK_NONE;
	return commit_audit_outcome(ctx, def, out, undo_of, result);
}

int commit_change(const struct commit_context *ctx, const struct commit_request *req,
		  struct commit_outcome *out)
{
	memset(out, 0, sizeof(*out));
	out->history_at = HISTORY_NONE;
	change_apply(req->def, ctx->root, ctx->env, req->shown, req->value, req->dry_run,
		     &out->change);
	/* The audit trail is of the kernel's settings: a --proc tree is a
	 * copy (unless its file turned out to be on procfs: the running
	 * kernel's), and a dry run changed nothing. A refused try is
	 * recorded too. */
	if ((commit_audited(ctx) || out->change.live) && !req->dry_run) {
		out->audited = true;
		out->recorded = commit_audit_outcome(ctx, req->def, &out->change, req->undo_of,
						     NULL);
	}
	if (ctx->history) {
		out->history_error = history_add(ctx->history, req->def, &out->change, time(NULL),
						 req->undo_of);
		if (!out->history_error)
			out->history_at = ctx->history->nr - 1;
	}
	out->undoable = commit_undoable(req, &out->change);
	return out->change.error;
}

int commit_undo_prepare(const struct commit_context *ctx, struct commit_request *req,
			struct change_outcome *why)
{
	size_t target = ctx->history ? history_undo_target(ctx->history) : HISTORY_NONE;
	const struct history_entry *e;
	struct knob_reading now;

	memset(req, 0, sizeof(*req));
	memset(why, 0, sizeof(*why));
	req->undo_of = HISTORY_NONE;
	if (target == HISTORY_NONE)
		return -ENOENT;
	e = &ctx->history->v[target];
	req->def = e->def;
	req->value = e->out.before;
	req->undo_of = target;
	knob_read(e->def, ctx->root, ctx->env, &now);
	why->requested = req->value;
	if (now.error) {
		why->stage = CHANGE_STAGE_REREAD;
		why->error = now.error;
		return why->error;
	}
	req->shown = now.value;
	/* refused the way commit_check() refuses a change */
	commit_check(ctx->env, &now, req, why);
	return why->error;
}

void commit_undo_explain(const struct commit_context *ctx, const struct commit_request *req,
			 const struct change_outcome *why, char *buf, size_t size)
{
	char text[768];

	if (!req->def)
		snprintf(buf, size, "%s", ctx->history && ctx->history->nr
			 ? "Nothing left to undo: every change of this session is undone."
			 : "Nothing to undo: no knob has been changed in this session.");
	else if (why->stage == CHANGE_STAGE_REREAD)
		snprintf(buf, size, "Cannot undo: %s cannot be read now.", req->def->name);
	else if (why->error == -EALREADY)
		snprintf(buf, size, "Nothing to undo: %s is %ld again already, the value before "
			 "that change.", req->def->name, req->value);
	else {
		change_explain(req->def, ctx->env, why, text, sizeof(text));
		snprintf(buf, size, "Cannot undo: %s", text);
	}
}
