#include "flows/dialog_change.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "change/audit.h"
#include "change/commit.h"
#include "out/report.h"

void dialog_change_context(struct app *app, struct knob_env *env, struct commit_context *ctx)
{
	snapshot_knob_env(app->snap, env);
	*ctx = (struct commit_context){ .root = &app->root, .env = env, .history = &app->history,
					.uid = getuid() };
}

bool dialog_change_refused(struct app *app, const struct knob_def *def)
{
	char access[256], text[1024];

	if (app->opts.read_only) {
		dialog_say(&app->dialog, app->term_cols, ROLE_WARN, "Read-only (--read-only): "
			   "bpfknobs changes nothing in this run.");
		return true;
	}
	if (privs_can_admin(&app->snap->privs))
		return false;
	/* the header's sentence, so the two never tell different stories */
	report_privs_summary(app->snap, access, sizeof(access));
	if (def)
		snprintf(text, sizeof(text), "You cannot change %s (uid %u): this run is %s.\n\nTo "
			 "change it, run sudo bpfknobs and press Enter on it, or run: sudo sysctl -w "
			 "%s=VALUE. Who may change it: %s.", def->name,
			 (unsigned)app->snap->privs.uid, access, def->name, def->write_who);
	else
		snprintf(text, sizeof(text), "You cannot change, undo or save knob settings (uid "
			 "%u): this run is %s.\n\nRun bpfknobs as root (sudo bpfknobs) to change "
			 "knobs, undo a change or save them to a sysctl file.",
			 (unsigned)app->snap->privs.uid, access);
	dialog_notice(&app->dialog, ROLE_WARN, "Only root can change knobs", text);
	return true;
}

/* PICK offers the table's values; a size offers its current value and
 * default, and takes typed ones. */
static size_t dialog_change_options(const struct knob_def *def, const struct knob_env *env,
				    long current, long *options)
{
	size_t n = 0;
	long dflt;

	for (size_t i = 0; i < knob_nr_choices(def); i++)
		options[n++] = def->choices[i].value;
	if (def->kind == KNOB_BYTES) {
		options[n++] = current;
		if (!knob_default(def, env, &dflt) && dflt != current)
			options[n++] = dflt;
	}
	return n;
}

unsigned dialog_change_open(struct app *app, int first_key)
{
	const struct snapshot_knob *k;
	long options[DIALOG_MAX_OPTIONS];
	struct knob_env env;
	char text[1024], why[768];

	if (app->knobs.sel >= app->snap->nr_knobs)
		return APP_NOTHING;
	k = &app->snap->knobs[app->knobs.sel];
	if (dialog_change_refused(app, k->def))
		return APP_DRAW;
	snapshot_knob_env(app->snap, &env);
	if (k->reading.error) {
		report_knob_problem(app->snap, k, why, sizeof(why));
		snprintf(text, sizeof(text), "%s has no value here, so it cannot be changed. %s",
			 k->def->name, why);
		dialog_notice(&app->dialog, ROLE_ERROR, "Cannot change this knob", text);
		return APP_DRAW;
	}
	if (knob_locked_at(k->def, &k->reading)) {
		change_explain_locked(k->def, k->reading.value, text, sizeof(text));
		dialog_notice(&app->dialog, ROLE_WARN, "Locked until reboot", text);
		return APP_DRAW;
	}
	dialog_pick(&app->dialog, k->def, k->reading.value, options,
		    dialog_change_options(k->def, &env, k->reading.value, options), first_key);
	return APP_DRAW;
}

/* CONFIRM, saying when the try would be recorded nowhere. */
static void dialog_change_confirm(struct app *app, const struct knob_def *def, long shown,
				  long value, size_t undo_of)
{
	struct commit_context ctx;
	struct knob_env env;

	dialog_change_context(app, &env, &ctx);
	dialog_confirm(&app->dialog, def, shown, value, undo_of);
	app->dialog.unrecorded = !app->opts.dry_run && commit_unrecorded(&ctx);
}

unsigned dialog_change_choose(struct app *app)
{
	struct dialog *d = &app->dialog;
	struct commit_request req = { .def = d->def, .shown = d->shown, .undo_of = HISTORY_NONE,
				      .dry_run = app->opts.dry_run };
	struct change_outcome check = { .stage = CHANGE_STAGE_PARSE };
	struct knob_env env;
	char why[768];

	if ((size_t)d->def->id >= app->snap->nr_knobs) {
		dialog_say(d, app->term_cols, ROLE_ERROR, "The knob is gone; nothing was written.");
		return APP_DRAW;
	}
	snapshot_knob_env(app->snap, &env);
	if (!d->input[0]) {
		req.value = d->options[d->sel];
	} else if ((check.error = change_parse_value(d->def, d->input, &req.value))) {
		change_explain(d->def, &env, &check, why, sizeof(why));
		/* quoted, so that a blank or a sign shows */
		if (check.error == -ERANGE)
			snprintf(d->error, sizeof(d->error), "\"%s\" is too large for %s. Nothing was "
				 "written.", d->input, d->def->name);
		else
			snprintf(d->error, sizeof(d->error), "\"%s\": %s", d->input, why);
		return APP_DRAW;
	}
	if (commit_check(&env, &app->snap->knobs[d->def->id].reading, &req, &check)) {
		change_explain(d->def, &env, &check, d->error, sizeof(d->error));
		/* a try refused before it was asked is a try: recorded too (not
		 * "already": nothing was asked of the kernel) */
		if (check.error != -EALREADY) {
			struct commit_context ctx;

			dialog_change_context(app, &env, &ctx);
			commit_audit_refused(&ctx, d->def, &check, HISTORY_NONE, NULL);
		}
		return APP_DRAW;
	}
	dialog_change_confirm(app, d->def, d->shown, req.value, HISTORY_NONE);
	return APP_DRAW;
}

/* The commit's outcome as the box's title, look and text: core's words,
 * with the keys that save and undo; whether boot keeps the value comes from
 * the snapshot's reading of the sysctl files. */
static void dialog_change_say(struct app *app, const struct commit_request *req,
			      const struct commit_outcome *out, const struct knob_env *env)
{
	const struct change_outcome *c = &out->change;
	const struct commit_explain_more more = {
		.boot = (size_t)req->def->id < app->snap->nr_knobs
				? &app->snap->knobs[req->def->id].drift : NULL,
		.save_how = "S saves it to a sysctl file",
		.undo_how = out->undoable ? "u undoes it" : NULL,
		.between = "\n\n",
	};
	char text[1536];
	const char *title;
	enum role role;

	commit_explain(req->def, env, c, &more, text, sizeof(text));
	if (c->stage == CHANGE_STAGE_DONE) {
		title = c->dry_run ? "Dry run: nothing written"
				   : req->undo_of != HISTORY_NONE ? "Undone" : "Changed";
		role = c->dry_run ? ROLE_WARN : ROLE_GOOD;
	} else {
		title = c->written ? "The kernel refused the change" : "Nothing was written";
		role = ROLE_ERROR;
	}
	dialog_notice(&app->dialog, role, title, text);
}

unsigned dialog_change_apply(struct app *app)
{
	struct dialog *d = &app->dialog;
	struct commit_request req = { .def = d->def, .shown = d->shown, .value = d->value,
				      .dry_run = app->opts.dry_run, .undo_of = d->undo_of };
	struct commit_context ctx;
	struct commit_outcome out;
	struct knob_env env;

	dialog_change_context(app, &env, &ctx);
	commit_change(&ctx, &req, &out);
	dialog_change_say(app, &req, &out, &env);
	if (out.history_error)
		snprintf(d->status, sizeof(d->status), "Out of memory: this change is missing from "
			 "the history.");
	/* show the kernel's real value at once, whatever happened; and what
	 * each identity may load now, when something was written */
	return APP_REFRESH | APP_DRAW | (out.change.written && !out.change.dry_run ? APP_PROBE : 0);
}

unsigned dialog_change_undo(struct app *app)
{
	struct commit_context ctx;
	struct commit_request req;
	struct change_outcome why;
	struct knob_env env;
	char text[1024];

	if (dialog_change_refused(app, NULL))
		return APP_DRAW;
	dialog_change_context(app, &env, &ctx);
	if (commit_undo_prepare(&ctx, &req, &why)) {
		commit_undo_explain(&ctx, &req, &why, text, sizeof(text));
		dialog_say(&app->dialog, app->term_cols,
			   req.def && why.stage == CHANGE_STAGE_REREAD ? ROLE_ERROR : ROLE_WARN, text);
		return APP_DRAW;
	}
	dialog_close(&app->dialog);
	dialog_change_confirm(app, req.def, req.shown, req.value, req.undo_of);
	return APP_DRAW;
}
