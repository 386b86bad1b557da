#include "dialog.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "audit.h"
#include "change.h"
#include "report.h"

#define DIALOG_CANCELLED "Cancelled: nothing was written."

/* A printable character typed into the input; false when it does not fit. */
static bool dialog_type(struct dialog *d, int key)
{
	size_t n = strlen(d->input);

	if (key < 0x20 || key > 0x7e || n + 1 >= sizeof(d->input))
		return false;
	d->input[n] = (char)key;
	d->input[n + 1] = '\0';
	return true;
}

static const struct snapshot_knob *dialog_knob(const struct app *app)
{
	return app->dialog.knob < app->snap->nr_knobs ? &app->snap->knobs[app->dialog.knob] : NULL;
}

/* Copies what fits; a message cut short beats none. */
static void dialog_copy(char *dst, size_t size, const char *src)
{
	size_t n = strlen(src);

	if (n > size - 1)
		n = size - 1;

	memcpy(dst, src, n);
	dst[n] = '\0';
}

void dialog_close(struct dialog *d)
{
	free(d->diff);
	memset(d, 0, sizeof(*d));
	d->kind = DIALOG_NONE;
}

static unsigned dialog_notice(struct app *app, enum role role, const char *title,
			      const char *text)
{
	struct dialog *d = &app->dialog;

	dialog_close(d);
	d->kind = DIALOG_NOTICE;
	d->notice_role = role;
	dialog_copy(d->title, sizeof(d->title), title);
	dialog_copy(d->notice, sizeof(d->notice), text);
	return APP_DRAW;
}

static unsigned dialog_status(struct app *app, enum role role, const char *text)
{
	/* the key bar's one line would cut it: a message box shows it whole */
	if (text_width(text, true) > app->term_cols)
		return dialog_notice(app, role, role == ROLE_ERROR ? "Cannot do that" : "Note", text);
	dialog_close(&app->dialog);
	app->status_role = role;
	dialog_copy(app->status, sizeof(app->status), text);
	return APP_DRAW;
}

/* Whether this run may not change knobs; when so, says why (for def, or
 * for the knobs in general when def is NULL) and returns true. */
static bool dialog_refuse(struct app *app, const struct knob_def *def)
{
	char text[1024];

	if (app->opts.read_only) {
		dialog_status(app, ROLE_WARN, "Read-only (--read-only): bpfknobs changes nothing in "
					      "this run.");
		return true;
	}
	if (privs_can_admin(&app->snap->privs))
		return false;
	if (def)
		snprintf(text, sizeof(text),
			 "You cannot change %s: you are uid %u without CAP_SYS_ADMIN. It can be "
			 "changed by %s.\n\nTo change it, run bpfknobs as root (sudo bpfknobs) and "
			 "press Enter on it, or run: sudo sysctl -w %s=VALUE", def->name,
			 (unsigned)app->snap->privs.uid, def->write_who, def->name);
	else
		snprintf(text, sizeof(text),
			 "You cannot change, undo or save knob settings: you are uid %u without "
			 "CAP_SYS_ADMIN. Only root with CAP_SYS_ADMIN can.\n\nRun bpfknobs as root "
			 "(sudo bpfknobs) to change knobs, undo a change or save them to a sysctl "
			 "file.", (unsigned)app->snap->privs.uid);
	dialog_notice(app, ROLE_WARN, "Only root can change knobs", text);
	return true;
}

/* PICK offers the table's values and the default; a size offers its
 * current value and default, and takes typed ones. */
static void dialog_options(struct dialog *d, const struct knob_def *def,
			   const struct knob_env *env, long current)
{
	long dflt;

	d->nr_options = 0;
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		d->options[d->nr_options++] = def->choices[i].value;
	if (def->kind == KNOB_BYTES) {
		d->options[d->nr_options++] = current;
		if (!knob_default(def, env, &dflt) && dflt != current)
			d->options[d->nr_options++] = dflt;
	}
	d->sel = 0;
	for (size_t i = 0; i < d->nr_options; i++)
		if (d->options[i] == current)
			d->sel = i;
}

unsigned dialog_open_change(struct app *app, int first_key)
{
	const struct snapshot_knob *k;
	const struct knob_choice *lock;
	struct dialog *d = &app->dialog;
	struct knob_env env;
	char text[1024], why[768];

	if (app->knobs.sel >= app->snap->nr_knobs)
		return APP_NOTHING;
	k = &app->snap->knobs[app->knobs.sel];
	if (dialog_refuse(app, k->def))
		return APP_DRAW;
	snapshot_knob_env(app->snap, &env);
	if (k->reading.error) {
		report_knob_problem(app->snap, k, why, sizeof(why));
		snprintf(text, sizeof(text), "%s has no value here, so it cannot be changed. %s",
			 k->def->name, why);
		return dialog_notice(app, ROLE_ERROR, "Cannot change this knob", text);
	}
	lock = knob_locked_at(k->def, &k->reading);
	if (lock) {
		snprintf(text, sizeof(text), "%s is locked at %ld: it was set to %ld, a one-way value, "
					     "and the kernel refuses any other value until reboot "
					     "(bpf_unpriv_handler()). Only a reboot clears it.",
			 k->def->name, k->reading.value, lock->value);
		return dialog_notice(app, ROLE_WARN, "Locked until reboot", text);
	}
	dialog_close(d);
	d->kind = DIALOG_PICK;
	d->knob = app->knobs.sel;
	d->def = k->def;
	d->shown = k->reading.value;
	d->undo_of = HISTORY_NONE;
	dialog_options(d, k->def, &env, k->reading.value);
	if (first_key > 0 && first_key < 0x80)
		d->input[0] = (char)first_key;
	return APP_DRAW;
}

static unsigned dialog_confirm(struct app *app, long value, size_t undo_of)
{
	struct dialog *d = &app->dialog;
	const struct knob_choice *c = knob_choice_of(d->def, value);

	d->kind = DIALOG_CONFIRM;
	d->value = value;
	d->undo_of = undo_of;
	d->need_yes = c && c->one_way;
	d->input[0] = '\0';
	d->error[0] = '\0';
	return APP_DRAW;
}

/* A choice in PICK: refused with the reason, or on to the confirmation. */
static unsigned dialog_choose(struct app *app)
{
	struct dialog *d = &app->dialog;
	const struct snapshot_knob *k = dialog_knob(app);
	struct change_outcome out = { .shown = d->shown, .before = d->shown };
	struct knob_env env;
	long value;
	int err;

	if (!k)
		return dialog_status(app, ROLE_ERROR, "The knob is gone; nothing was written.");
	snapshot_knob_env(app->snap, &env);
	d->error[0] = '\0';
	if (d->input[0]) {
		err = change_parse_value(d->def, d->input, &value);
		if (err) {
			char why[768];

			out.stage = CHANGE_STAGE_PARSE;
			out.error = err;
			change_explain(d->def, &env, &out, why, sizeof(why));
			/* quoted, so that a blank or a sign shows */
			if (err == -ERANGE)
				snprintf(d->error, sizeof(d->error), "\"%s\" is too large for %s. "
					 "Nothing was written.", d->input, d->def->name);
			else
				snprintf(d->error, sizeof(d->error), "\"%s\": %s", d->input, why);
			return APP_DRAW;
		}
	} else if (d->sel < d->nr_options) {
		value = d->options[d->sel];
	} else {
		return APP_NOTHING;
	}
	out.requested = value;
	err = change_validate(d->def, &env, &k->reading, value);
	if (err) {
		out.stage = CHANGE_STAGE_VALIDATE;
		out.error = err;
		change_explain(d->def, &env, &out, d->error, sizeof(d->error));
		return APP_DRAW;
	}
	if (value == d->shown) {
		snprintf(d->error, sizeof(d->error), "%s is %ld already: nothing to change.",
			 d->def->name, value);
		return APP_DRAW;
	}
	return dialog_confirm(app, value, HISTORY_NONE);
}

/* After a change: whether boot keeps it, from the snapshot's reading of
 * the sysctl files (which does not depend on the running value). */
static void dialog_boot_note(const struct app *app, long value, bool undoable, char *buf,
			     size_t size)
{
	const struct drift *d = &app->snap->knobs[app->dialog.knob].drift;
	const char *undo = undoable ? " u undoes it." : "";

	if (d->source == DRIFT_NOT_READ || !d->boot_known)
		snprintf(buf, size, "\n\nThis lasts until reboot.%s", undo);
	else if (d->boot_value == value)
		snprintf(buf, size, "\n\nBoot sets the same value (%s), so it stays after a "
			 "reboot.%s", d->source == DRIFT_FILE ? d->setting.file : "the kernel default",
			 undo);
	else
		snprintf(buf, size, "\n\nThis lasts until reboot: boot sets %ld (%s). S saves it to "
			 "a sysctl file so that boot keeps it.%s", d->boot_value,
			 d->source == DRIFT_FILE ? d->setting.file : "the kernel default", undo);
}

/* y in CONFIRM: the one write, its record, and what the kernel did. */
static unsigned dialog_apply(struct app *app)
{
	struct dialog *d = &app->dialog;
	const struct knob_def *def = d->def;
	struct change_outcome out;
	struct knob_env env;
	char text[1536], meaning[512];
	const char *title;
	enum role role;
	int n;

	snapshot_knob_env(app->snap, &env);
	change_apply(def, &app->root, &env, d->shown, d->value, app->opts.dry_run, &out);
	/* the audit trail is of the kernel's settings: a --proc tree is a copy */
	if (app->root.live)
		audit_log(def, &out, getuid());
	if (history_add(&app->history, def, &out, time(NULL), d->undo_of))
		snprintf(app->status, sizeof(app->status), "Out of memory: this change is missing "
			 "from the history.");
	n = 0;
	change_explain(def, &env, &out, text, sizeof(text));
	if (out.stage == CHANGE_STAGE_DONE && !out.dry_run) {
		n = (int)strlen(text);
		knob_value_meaning(def, out.after, meaning, sizeof(meaning));
		n += snprintf(text + n, sizeof(text) - (size_t)n, "\n\nNow: %s", meaning);
		if (n > 0 && (size_t)n < sizeof(text))
			dialog_boot_note(app, out.after, d->undo_of == HISTORY_NONE && !d->need_yes,
					 text + n, sizeof(text) - (size_t)n);
	}
	if (out.stage == CHANGE_STAGE_DONE) {
		title = out.dry_run ? "Dry run: nothing written" : d->undo_of != HISTORY_NONE
			? "Undone" : "Changed";
		role = out.dry_run ? ROLE_WARN : ROLE_GOOD;
	} else {
		title = out.written ? "The kernel refused the change" : "Nothing was written";
		role = ROLE_ERROR;
	}
	dialog_notice(app, role, title, text);
	/* show the kernel's real value at once, whatever happened */
	return APP_REFRESH | APP_DRAW;
}

unsigned dialog_open_undo(struct app *app)
{
	size_t target = history_undo_target(&app->history);
	const struct history_entry *e;
	const struct snapshot_knob *k = NULL;
	struct change_outcome out = { 0 };
	struct knob_env env;
	char text[1024], why[768];

	if (dialog_refuse(app, NULL))
		return APP_DRAW;
	if (target == HISTORY_NONE)
		return dialog_status(app, ROLE_WARN, app->history.nr
				     ? "Nothing left to undo: every change of this session is undone."
				     : "Nothing to undo: no knob has been changed in this session.");
	e = &app->history.v[target];
	for (size_t i = 0; i < app->snap->nr_knobs; i++)
		if (app->snap->knobs[i].def == e->def)
			k = &app->snap->knobs[i];
	if (!k || k->reading.error) {
		snprintf(text, sizeof(text), "Cannot undo: %s cannot be read now.", e->def->name);
		return dialog_status(app, ROLE_ERROR, text);
	}
	if (k->reading.value == e->out.before) {
		snprintf(text, sizeof(text), "Nothing to undo: %s is %ld again already, the value "
			 "before that change.", e->def->name, e->out.before);
		return dialog_status(app, ROLE_WARN, text);
	}
	/* a one-way value cannot be taken back: say so rather than offer it */
	snapshot_knob_env(app->snap, &env);
	out.error = change_validate(e->def, &env, &k->reading, e->out.before);
	if (out.error) {
		out.stage = CHANGE_STAGE_VALIDATE;
		out.before = k->reading.value;
		out.requested = e->out.before;
		change_explain(e->def, &env, &out, why, sizeof(why));
		snprintf(text, sizeof(text), "Cannot undo: %s", why);
		return dialog_status(app, ROLE_WARN, text);
	}
	dialog_close(&app->dialog);
	app->dialog.knob = (size_t)(k - app->snap->knobs);
	app->dialog.def = e->def;
	app->dialog.shown = k->reading.value;
	return dialog_confirm(app, e->out.before, target);
}

static unsigned dialog_pick_key(struct app *app, int key)
{
	const struct keys_binding *b = keys_lookup(key, KEYS_PICK);
	struct dialog *d = &app->dialog;
	size_t n = strlen(d->input);

	if (!b) {
		if (!dialog_type(d, key))
			return APP_NOTHING;
		d->error[0] = '\0';
		return APP_DRAW;
	}
	switch (b->action) {
	case KEYS_CHOOSE:
		return dialog_choose(app);
	case KEYS_UP:
	case KEYS_DOWN:
		if (!d->nr_options)
			return APP_NOTHING;
		d->sel = (d->sel + d->nr_options + (b->action == KEYS_UP ? -1 : 1)) % d->nr_options;
		d->input[0] = '\0'; /* the highlighted value is the choice now */
		d->error[0] = '\0';
		return APP_DRAW;
	case KEYS_ERASE:
		if (n)
			d->input[n - 1] = '\0';
		d->error[0] = '\0';
		return APP_DRAW;
	case KEYS_CLEAR:
		d->input[0] = '\0';
		d->error[0] = '\0';
		return APP_DRAW;
	case KEYS_CANCEL:
		return dialog_status(app, ROLE_NORMAL, DIALOG_CANCELLED);
	case KEYS_QUIT:
		return APP_QUIT;
	case KEYS_REDRAW:
		return APP_CLEAR | APP_DRAW;
	default:
		return APP_NOTHING;
	}
}

/* A one-way value: only "yes" typed in full, then Enter, writes. */
static unsigned dialog_yes_key(struct app *app, int key)
{
	const struct keys_binding *b = keys_lookup(key, KEYS_TYPE_YES);
	struct dialog *d = &app->dialog;
	size_t n = strlen(d->input);

	switch (b ? b->action : KEYS_NONE) {
	case KEYS_APPLY_TYPED:
		if (!strcmp(d->input, "yes"))
			return dialog_apply(app);
		return dialog_status(app, ROLE_NORMAL, "Not confirmed (\"yes\" was not typed): "
					       "nothing was written.");
	case KEYS_DISMISS:
		return dialog_status(app, ROLE_NORMAL, DIALOG_CANCELLED);
	case KEYS_ERASE:
		if (n)
			d->input[n - 1] = '\0';
		return APP_DRAW;
	case KEYS_QUIT:
		return APP_QUIT;
	default:
		return dialog_type(d, key) ? APP_DRAW : APP_NOTHING;
	}
}

static unsigned dialog_save_apply(struct app *app);

static unsigned dialog_confirm_key(struct app *app, int key)
{
	const struct keys_binding *b;

	if (app->dialog.kind == DIALOG_CONFIRM && app->dialog.need_yes)
		return dialog_yes_key(app, key);
	b = keys_lookup(key, KEYS_CONFIRM);
	if (!b)
		return APP_NOTHING; /* only y writes; other keys wait */
	switch (b->action) {
	case KEYS_APPLY:
		return app->dialog.kind == DIALOG_SAVE ? dialog_save_apply(app) : dialog_apply(app);
	case KEYS_DISMISS:
		return dialog_status(app, ROLE_NORMAL, DIALOG_CANCELLED);
	case KEYS_QUIT:
		return APP_QUIT;
	case KEYS_REDRAW:
		return APP_CLEAR | APP_DRAW;
	default:
		return APP_NOTHING;
	}
}

unsigned dialog_key(struct app *app, int key)
{
	const struct keys_binding *b;

	switch (app->dialog.kind) {
	case DIALOG_PICK:
		return dialog_pick_key(app, key);
	case DIALOG_CONFIRM:
	case DIALOG_SAVE:
		return dialog_confirm_key(app, key);
	case DIALOG_NOTICE:
		b = keys_lookup(key, KEYS_NOTICE);
		if (b && b->action == KEYS_QUIT)
			return APP_QUIT;
		if (b && b->action == KEYS_CLOSE) {
			dialog_close(&app->dialog);
			return APP_DRAW;
		}
		return APP_NOTHING;
	case DIALOG_NONE:
		break;
	}
	return APP_NOTHING;
}

enum keys_context dialog_context(const struct dialog *d)
{
	switch (d->kind) {
	case DIALOG_PICK:
		return KEYS_PICK;
	case DIALOG_CONFIRM:
		return d->need_yes ? KEYS_TYPE_YES : KEYS_CONFIRM;
	case DIALOG_SAVE:
		return KEYS_CONFIRM;
	case DIALOG_NOTICE:
	case DIALOG_NONE:
		break;
	}
	return KEYS_NOTICE;
}

/* The knobs to save: those changed in this session whose running value
 * differs from boot's, else the selected knob when it differs. */
static size_t dialog_save_set(struct app *app)
{
	struct dialog *d = &app->dialog;

	d->nr_assigns = 0;
	for (size_t i = 0; i < app->snap->nr_knobs && d->nr_assigns < SYSCTLD_MAX_ASSIGNS; i++) {
		const struct snapshot_knob *k = &app->snap->knobs[i];

		if (k->drift.drifts && history_changed(&app->history, k->def))
			d->assigns[d->nr_assigns++] = (struct sysctld_assign){ k->def->name,
									      k->reading.value };
	}
	if (!d->nr_assigns && app->knobs.sel < app->snap->nr_knobs) {
		const struct snapshot_knob *k = &app->snap->knobs[app->knobs.sel];

		if (k->drift.drifts)
			d->assigns[d->nr_assigns++] = (struct sysctld_assign){ k->def->name,
									      k->reading.value };
	}
	return d->nr_assigns;
}

unsigned dialog_open_save(struct app *app)
{
	struct dialog *d = &app->dialog;
	char text[PATH_MAX * 2 + 512], file[PATH_MAX * 2];
	int err;

	if (dialog_refuse(app, NULL))
		return APP_DRAW;
	if (!app->root.sysctl[0])
		return dialog_notice(app, ROLE_WARN, "Nothing to save to",
				     "The sysctl files are not read for a --proc tree, so there is "
				     "nothing to save to. Give --sysctl-root DIR to use the files "
				     "below DIR.");
	dialog_close(d);
	if (!dialog_save_set(app)) {
		/* what was looked at: the knobs changed here, and the selected one */
		snprintf(text, sizeof(text), "Nothing to save: boot sets this knob, and those changed "
			 "here, as they are now.");
		return dialog_status(app, ROLE_NORMAL, text);
	}
	err = sysctld_save_many(app->root.sysctl, app->opts.save_file, d->assigns, d->nr_assigns,
				true, &d->diff);
	if (err) {
		sysctld_join(app->root.sysctl, app->opts.save_file, file, sizeof(file));
		snprintf(text, sizeof(text), "Cannot save to %s: %s%s. Nothing was written.", file,
			 strerror(-err), err == -ELOOP ? " (it is a symbolic link, which bpfknobs "
			 "never writes through; point --save-file at the real file)" : "");
		return dialog_notice(app, ROLE_ERROR, "Cannot save", text);
	}
	d->kind = DIALOG_SAVE;
	return APP_DRAW;
}

/* After saving: does the file win at boot, or does a later one override it? */
static void dialog_save_check(struct app *app, char *buf, size_t size)
{
	struct dialog *d = &app->dialog;
	struct sysctld_setting won[SYSCTLD_MAX_ASSIGNS];
	const char *keys[SYSCTLD_MAX_ASSIGNS];
	char want[PATH_MAX + 2];
	size_t used = 0;

	snprintf(want, sizeof(want), "/%s", app->opts.save_file);
	for (size_t i = 0; i < d->nr_assigns; i++)
		keys[i] = d->assigns[i].key;
	if (sysctld_boot_settings(app->root.sysctl, keys, d->nr_assigns, won))
		return;
	for (size_t i = 0; i < d->nr_assigns && used < size; i++) {
		int n;

		if (won[i].found && !strcmp(won[i].file, want))
			continue;
		n = snprintf(buf + used, size - used, "\n\nBut %s line %d sets %s = %s after this "
			     "file, and the last one wins at boot: change or remove that line.",
			     won[i].file, won[i].line, keys[i], won[i].value);
		if (n > 0)
			used += (size_t)n;
	}
}

static unsigned dialog_save_apply(struct app *app)
{
	struct dialog *d = &app->dialog;
	char text[PATH_MAX * 2 + 2048], file[PATH_MAX * 2];
	int err, n;

	sysctld_join(app->root.sysctl, app->opts.save_file, file, sizeof(file));
	if (app->opts.dry_run) {
		snprintf(text, sizeof(text), "Dry run: %s would change as shown. Nothing was written.",
			 file);
		dialog_notice(app, ROLE_WARN, "Dry run: nothing written", text);
		return APP_DRAW;
	}
	err = sysctld_save_many(app->root.sysctl, app->opts.save_file, d->assigns, d->nr_assigns,
				false, NULL);
	if (err) {
		snprintf(text, sizeof(text), "Could not save to %s: %s. The file is as it was.", file,
			 strerror(-err));
		dialog_notice(app, ROLE_ERROR, "Not saved", text);
		return APP_REFRESH | APP_DRAW;
	}
	n = snprintf(text, sizeof(text), "Saved to %s. systemd-sysctl applies it at every boot; "
				       "\"sysctl --system\" applies it now (the running values "
				       "already match).", file);
	if (n > 0 && (size_t)n < sizeof(text))
		dialog_save_check(app, text + n, sizeof(text) - (size_t)n);
	dialog_notice(app, ROLE_GOOD, "Saved", text);
	return APP_REFRESH | APP_DRAW;
}
