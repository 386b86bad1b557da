/* What each action does. Actions change the state and return reaction
 * flags; they never draw. No curses here. */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "dialog_change.h"
#include "dialog_save.h"
#include "filter.h"
#include "help.h"
#include "histtext.h"
#include "knobtext.h"
#include "progtext.h"
#include "role.h"

static void actions_track(struct app *app)
{
	app->sel_valid = app->nr_rows > 0;
	if (app->sel_valid)
		app->sel_id = app->snap->progs.progs[app->rows[app->progs.sel]].id;
}

void actions_rows(struct app *app)
{
	const struct progs_list *list = &app->snap->progs;

	if (list->nr_progs > app->rows_cap) {
		size_t cap = list->nr_progs + 64;
		size_t *rows = realloc(app->rows, cap * sizeof(*rows));

		if (!rows) {
			/* show none rather than fail: the next refresh tries again */
			app->nr_rows = 0;
			list_resize(&app->progs, 0, app->progs.height);
			return;
		}
		app->rows = rows;
		app->rows_cap = cap;
	}
	app->nr_rows = app->rows ? filter_rows(list, app->filter, app->sort, app->descending,
					       app->rows) : 0;
	list_resize(&app->progs, app->nr_rows, app->progs.height);
	if (app->sel_valid) {
		for (size_t i = 0; i < app->nr_rows; i++) {
			if (list->progs[app->rows[i]].id == app->sel_id) {
				list_select(&app->progs, i);
				break;
			}
		}
	}
	actions_track(app);
}

void actions_text(struct app *app)
{
	int cols = app->term_cols > 4 ? app->term_cols - 3 : 1;

	text_lines_free(&app->text);
	text_lines_init(&app->text, cols, app->utf8);
	switch (app->view) {
	case APP_VIEW_HELP:
		help_build(&app->text, app->interval);
		break;
	case APP_VIEW_KNOB:
		if (app->knobs.sel < app->snap->nr_knobs)
			knobtext_detail(app->snap, &app->snap->knobs[app->knobs.sel], &app->text);
		break;
	case APP_VIEW_PROG:
		progtext_detail(app->snap, app->text_prog, &app->text);
		break;
	case APP_VIEW_HISTORY:
		histtext_build(&app->history, app->opts.dry_run, &app->text);
		break;
	case APP_VIEW_MAIN:
		break;
	}
	app->text_list.scroll_only = true;
	list_resize(&app->text_list, app->text.nr, app->text_list.height);
}

static unsigned actions_move(struct list *l, enum keys_action action)
{
	switch (action) {
	case KEYS_UP:
		list_move(l, -1);
		break;
	case KEYS_DOWN:
		list_move(l, 1);
		break;
	case KEYS_PAGE_UP:
		list_page(l, -1);
		break;
	case KEYS_PAGE_DOWN:
		list_page(l, 1);
		break;
	case KEYS_HOME:
		list_home(l);
		break;
	case KEYS_END:
		list_end(l);
		break;
	default:
		return APP_NOTHING;
	}
	return APP_DRAW;
}

static unsigned actions_open_text(struct app *app, enum app_view view)
{
	if (view == APP_VIEW_HELP)
		app->help_from = app->view;
	app->view = view;
	list_home(&app->text_list);
	return APP_TEXT | APP_DRAW;
}

static unsigned actions_main(struct app *app, enum keys_action action)
{
	struct list *l = app->focus == APP_PANE_KNOBS ? &app->knobs : &app->progs;
	unsigned react;

	switch (action) {
	case KEYS_BACK:
		if (!app->filter[0])
			return APP_NOTHING;
		app->filter[0] = '\0';
		return APP_ROWS | APP_DRAW;
	case KEYS_HELP:
		return actions_open_text(app, APP_VIEW_HELP);
	case KEYS_NEXT_PANE:
	case KEYS_PREV_PANE:
		app->focus = app->focus == APP_PANE_KNOBS ? APP_PANE_PROGS : APP_PANE_KNOBS;
		return APP_DRAW;
	case KEYS_OPEN:
		/* a knob: change it; with --read-only, which never offers a
		 * change, its whole detail as before */
		if (app->focus == APP_PANE_KNOBS && !app->opts.read_only)
			return app->snap->nr_knobs ? dialog_change_open(app, 0) : APP_NOTHING;
		/* fall through */
	case KEYS_DETAIL:
		if (app->focus == APP_PANE_KNOBS)
			return app->snap->nr_knobs ? actions_open_text(app, APP_VIEW_KNOB)
						   : APP_NOTHING;
		if (!app->nr_rows)
			return APP_NOTHING;
		app->text_prog = app->sel_id;
		return actions_open_text(app, APP_VIEW_PROG);
	case KEYS_UNDO:
		return dialog_change_undo(app);
	case KEYS_SAVE:
		return dialog_save_open(app);
	case KEYS_HISTORY:
		return actions_open_text(app, APP_VIEW_HISTORY);
	case KEYS_FILTER:
		memcpy(app->filter_before, app->filter, sizeof(app->filter));
		app->prompt = true;
		app->focus = APP_PANE_PROGS;
		return APP_DRAW;
	case KEYS_SORT:
		app->sort = (app->sort + 1) % COLUMNS__COUNT;
		return APP_ROWS | APP_DRAW;
	case KEYS_REVERSE:
		app->descending = !app->descending;
		return APP_ROWS | APP_DRAW;
	default:
		react = actions_move(l, action);
		if (l == &app->progs)
			actions_track(app);
		return react;
	}
}

static unsigned actions_text_view(struct app *app, enum keys_action action)
{
	switch (action) {
	case KEYS_BACK:
		app->view = app->view == APP_VIEW_HELP ? app->help_from : APP_VIEW_MAIN;
		list_home(&app->text_list);
		return APP_TEXT | APP_DRAW;
	case KEYS_HELP:
		return app->view == APP_VIEW_HELP ? APP_NOTHING
						  : actions_open_text(app, APP_VIEW_HELP);
	default:
		return actions_move(&app->text_list, action);
	}
}

static unsigned actions_prompt(struct app *app, int key, enum keys_action action)
{
	size_t n = strlen(app->filter);

	switch (action) {
	case KEYS_NONE:
		/* a character (UTF-8 arrives a byte at a time) */
		if (key < 0x20 || key > 0xff || key == 0x7f || n + 1 >= sizeof(app->filter))
			return APP_NOTHING;
		app->filter[n] = (char)key;
		app->filter[n + 1] = '\0';
		return APP_ROWS | APP_DRAW;
	case KEYS_ACCEPT:
		app->prompt = false;
		return APP_DRAW;
	case KEYS_CANCEL:
		memcpy(app->filter, app->filter_before, sizeof(app->filter));
		app->prompt = false;
		return APP_ROWS | APP_DRAW;
	case KEYS_ERASE:
		filter_backspace(app->filter);
		return APP_ROWS | APP_DRAW;
	case KEYS_CLEAR:
		app->filter[0] = '\0';
		return APP_ROWS | APP_DRAW;
	default:
		return APP_NOTHING;
	}
}

/* A key in the open dialog: the box moves, and a choice or a yes goes on
 * to the flow it belongs to. */
static unsigned actions_dialog(struct app *app, int key, enum keys_action action)
{
	switch (dialog_key(&app->dialog, app->term_cols, key, action)) {
	case DIALOG_EVENT_NONE:
		return APP_NOTHING;
	case DIALOG_EVENT_DRAW:
		return APP_DRAW;
	case DIALOG_EVENT_CHOOSE:
		return dialog_change_choose(app);
	case DIALOG_EVENT_APPLY:
		return app->dialog.kind == DIALOG_SAVE ? dialog_save_apply(app)
						       : dialog_change_apply(app);
	}
	return APP_NOTHING;
}

static const struct {
	enum keys_context context;
	unsigned (*act)(struct app *app, enum keys_action action);
} actions_views[] = {
	[APP_VIEW_MAIN] = { KEYS_MAIN, actions_main },
	[APP_VIEW_HELP] = { KEYS_TEXT, actions_text_view },
	[APP_VIEW_KNOB] = { KEYS_TEXT, actions_text_view },
	[APP_VIEW_PROG] = { KEYS_TEXT, actions_text_view },
	[APP_VIEW_HISTORY] = { KEYS_TEXT, actions_text_view },
};

/* The actions that mean the same wherever they are bound: the one place
 * for them, ahead of every context's own. */
static bool actions_always(enum keys_action action, unsigned *react)
{
	switch (action) {
	case KEYS_QUIT:
		*react |= APP_QUIT;
		return true;
	case KEYS_REDRAW:
		*react |= APP_CLEAR | APP_DRAW;
		return true;
	default:
		return false;
	}
}

unsigned actions_key(struct app *app, int key)
{
	bool prompt = app->prompt && app->view == APP_VIEW_MAIN;
	enum keys_context context = app->dialog.kind != DIALOG_NONE ? dialog_context(&app->dialog)
				    : prompt ? KEYS_PROMPT : actions_views[app->view].context;
	const struct keys_binding *b = keys_lookup(key, context);
	enum keys_action action = b ? b->action : KEYS_NONE;
	unsigned react = APP_NOTHING;

	/* a status line lasts until the next key */
	if (app->dialog.status[0]) {
		app->dialog.status[0] = '\0';
		react = APP_DRAW;
	}
	if (actions_always(action, &react))
		return react;
	if (app->dialog.kind != DIALOG_NONE)
		return react | actions_dialog(app, key, action);
	if (prompt)
		return react | actions_prompt(app, key, action);
	/* a digit on a knob starts typing its new value */
	if (app->view == APP_VIEW_MAIN && app->focus == APP_PANE_KNOBS && key >= '0' &&
	    key <= '9')
		return react | dialog_change_open(app, key);
	return react | (b ? actions_views[app->view].act(app, action) : APP_NOTHING);
}
