#include "actions.h"

#include <string.h>

#include "flows/dialog_change.h"
#include "flows/dialog_save.h"
#include "flows/dialog_stats.h"
#include "text/filter.h"
#include "views/view.h"

/* Typing a filter over the main view. */
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
		if (app->dialog.kind == DIALOG_STATS)
			return dialog_stats_apply(app);
		return app->dialog.kind == DIALOG_SAVE ? dialog_save_apply(app)
						       : dialog_change_apply(app);
	}
	return APP_NOTHING;
}

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
	/* the filter prompt belongs to the main view */
	bool prompt = app->prompt && app->view == APP_VIEW_MAIN;
	const struct view_ops *view = view_of(app);
	enum keys_context context = app->dialog.kind != DIALOG_NONE ? dialog_context(&app->dialog)
				    : prompt ? KEYS_PROMPT : view->context;
	const struct keys_binding *b = keys_lookup(key, context);
	enum keys_action action = b ? b->action : KEYS_NONE;
	unsigned react = APP_NOTHING;

	/* the line a dialog left in the key bar lasts until the next key */
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
	return react | view->on_key(app, key, action);
}
