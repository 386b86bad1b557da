#include "flows/dialog_save.h"

#include <errno.h>
#include <stdio.h>

#include "change/audit.h"
#include "flows/dialog_change.h"

/* The knobs to save: those changed in this session whose running value
 * differs from boot's, else the selected knob when it differs. */
static size_t dialog_save_values(const struct app *app, struct commit_save_value *values)
{
	const struct snapshot *s = app->snap;
	size_t n = 0;

	for (size_t i = 0; i < s->nr_knobs && n < SYSCTLD_MAX_ASSIGNS; i++)
		if (s->knobs[i].drift.drifts && history_changed(&app->history, s->knobs[i].def))
			values[n++] = (struct commit_save_value){ s->knobs[i].def->id,
								  s->knobs[i].reading.value };
	if (!n && app->knobs.sel < s->nr_knobs && s->knobs[app->knobs.sel].drift.drifts) {
		const struct snapshot_knob *k = &s->knobs[app->knobs.sel];

		values[n++] = (struct commit_save_value){ k->def->id, k->reading.value };
	}
	return n;
}

unsigned dialog_save_open(struct app *app)
{
	struct commit_save_value values[SYSCTLD_MAX_ASSIGNS];
	struct dialog *d = &app->dialog;
	struct commit_context ctx;
	struct knob_env env;
	char text[PATH_MAX * 2 + 512];
	int err;

	if (dialog_change_refused(app, NULL))
		return APP_DRAW;
	dialog_close(d);
	dialog_change_context(app, &env, &ctx);
	commit_save_free(&app->save);
	err = commit_save_prepare(&ctx, app->opts.save_file, values,
				  dialog_save_values(app, values), &app->save);
	if (!err) {
		d->kind = DIALOG_SAVE;
		d->save = &app->save;
		/* a one-way value locks every boot: asked as a write of it is,
		 * whatever the knob holds now */
		d->need_yes = app->save.one_way;
		d->unrecorded = !app->opts.dry_run && app->save.live &&
				audit_sink_find() == AUDIT_SINK_NONE;
		return APP_DRAW;
	}
	commit_save_explain_prepare(&app->save, err, text, sizeof(text));
	if (err == -ENOENT)
		dialog_notice(d, ROLE_WARN, "Nothing to save to", text);
	else if (err == -ENODATA)
		/* what was looked at: the knobs changed here, and the selected one */
		dialog_say(d, app->term_cols, ROLE_NORMAL, "Nothing to save: boot sets this knob, "
			   "and those changed here, as they are now.");
	else
		dialog_notice(d, ROLE_ERROR, "Cannot save", text);
	return APP_DRAW;
}

unsigned dialog_save_apply(struct app *app)
{
	struct dialog *d = &app->dialog;
	struct commit_save_outcome out;
	struct commit_context ctx;
	struct knob_env env;
	char text[PATH_MAX * 2 + 2048];

	dialog_change_context(app, &env, &ctx);
	commit_save_write(&ctx, &app->save, app->opts.dry_run, &out);
	if (out.error == -ESTALE && app->save.changed) {
		/* the file is not what was confirmed: the new diff, asked again */
		d->input[0] = '\0';
		return APP_DRAW;
	}
	commit_save_explain(&app->save, &out, text, sizeof(text));
	commit_save_free(&app->save);
	if (out.dry_run) {
		dialog_notice(d, ROLE_WARN, "Dry run: nothing written", text);
		return APP_DRAW;
	}
	dialog_notice(d, out.error ? ROLE_ERROR : ROLE_GOOD, out.error ? "Not saved" : "Saved", text);
	/* the drift marks follow the file */
	return APP_REFRESH | APP_DRAW;
}
