/* The main view: the knob pane, the program pane and the dialog over them.
 * Its keys, the program rows it shows (filtered, sorted, the selection
 * followed by id), and its frame. */
#include "views/view.h"

#include <stdlib.h>
#include <string.h>

#include "base/vec.h"
#include "draw/bars.h"
#include "flows/dialog_change.h"
#include "flows/dialog_save.h"
#include "flows/dialog_stats.h"
#include "text/filter.h"
#include "text/knob_lines.h"
#include "draw/pane.h"
#include "text/stats_cells.h"

/* The program to keep selected across refreshes and sorts. */
static void view_main_follow(struct app *app)
{
	app->sel_valid = app->nr_rows > 0;
	if (app->sel_valid)
		app->sel_id = app->snap->progs.progs[app->rows[app->progs.sel]].id;
}

void view_main_rows(struct app *app)
{
	const struct prog_list *list = &app->snap->progs;

	/* statistics went off under a sort by one of their columns */
	if (!columns_shown(app->sort, stats_cells_columns(list)))
		app->sort = COLUMNS_ID;

	if (VEC_RESERVE(app->rows, app->rows_cap, list->nr_progs)) {
		/* show none rather than fail: the next refresh tries again */
		app->nr_rows = 0;
		list_resize(&app->progs, 0, app->progs.height);
		return;
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
	view_main_follow(app);
}

/* Enter or i: a knob's change dialog or detail, a program's detail. */
static unsigned view_main_open(struct app *app, enum keys_action action)
{
	/* with --read-only, which never offers a change, Enter is the detail */
	if (action == KEYS_OPEN && app->focus == APP_PANE_KNOBS && !app->opts.read_only)
		return app->snap->nr_knobs ? dialog_change_open(app, 0) : APP_NOTHING;
	if (app->focus == APP_PANE_KNOBS)
		return app->snap->nr_knobs ? view_open(app, APP_VIEW_KNOB) : APP_NOTHING;
	if (!app->nr_rows)
		return APP_NOTHING;
	app->text_prog = app->sel_id;
	return view_open(app, APP_VIEW_PROG);
}

static unsigned view_main_key(struct app *app, int key, enum keys_action action)
{
	struct list *l = app->focus == APP_PANE_KNOBS ? &app->knobs : &app->progs;
	unsigned react;

	/* a digit on a knob starts typing its new value */
	if (app->focus == APP_PANE_KNOBS && key >= '0' && key <= '9')
		return dialog_change_open(app, key);
	switch (action) {
	case KEYS_BACK:
		if (!app->filter[0])
			return APP_NOTHING;
		app->filter[0] = '\0';
		return APP_ROWS | APP_DRAW;
	case KEYS_HELP:
		return view_open(app, APP_VIEW_HELP);
	case KEYS_NEXT_PANE:
	case KEYS_PREV_PANE:
		/* zoomed, the knob pane comes back with the focus */
		app->focus = app->focus == APP_PANE_KNOBS && !app->zoomed ? APP_PANE_PROGS
									  : APP_PANE_KNOBS;
		app->zoomed = false;
		return APP_DRAW;
	case KEYS_ZOOM:
		app->zoomed = !app->zoomed;
		app->focus = APP_PANE_PROGS;
		return APP_DRAW;
	case KEYS_OPEN:
	case KEYS_DETAIL:
		return view_main_open(app, action);
	case KEYS_UNDO:
		return dialog_change_undo(app);
	case KEYS_SAVE:
		return dialog_save_open(app);
	case KEYS_HISTORY:
		return view_open(app, APP_VIEW_HISTORY);
	case KEYS_IMAGES:
		return view_open(app, APP_VIEW_IMAGES);
	case KEYS_REACH:
		return view_open(app, APP_VIEW_REACH);
	case KEYS_MAPS:
		return view_maps_open(app, 0);
	case KEYS_FILTER:
		memcpy(app->filter_before, app->filter, sizeof(app->filter));
		app->prompt = true;
		app->focus = APP_PANE_PROGS;
		return APP_DRAW;
	case KEYS_SORT: {
		/* the next column the table shows at this width (statistics
		 * columns only while they are on), as pane_progs_draw() lays it */
		int widths[COLUMNS__COUNT];

		columns_widths(app->term_cols - 2, prog_list_id_width(&app->snap->progs),
			       stats_cells_columns(&app->snap->progs), widths);
		do
			app->sort = (app->sort + 1) % COLUMNS__COUNT;
		while (!widths[app->sort]);
		return APP_ROWS | APP_DRAW;
	}
	case KEYS_REVERSE:
		app->descending = !app->descending;
		return APP_ROWS | APP_DRAW;
	case KEYS_STATS:
		return dialog_stats_toggle(app);
	default:
		react = list_key(l, action) ? APP_DRAW : APP_NOTHING;
		if (l == &app->progs)
			view_main_follow(app);
		return react;
	}
}

static void view_main_draw(struct app *app)
{
	const struct snapshot *s = app->snap;
	struct layout_want want;

	/* the detail's length decides the layout, so it is built first */
	text_lines_free(&app->detail);
	text_lines_init(&app->detail, layout_detail_cols(app->term_cols) - 2, app->utf8);
	if (app->knobs.sel < s->nr_knobs)
		knob_lines_detail(s, &s->knobs[app->knobs.sel], &app->detail);
	want.header_rows = bars_header_rows(app, app->term_cols);
	/* and the rule that sets the related knobs apart */
	want.nr_knobs = (int)s->nr_knobs + (pane_knobs_first_related(s) < s->nr_knobs);
	want.detail_lines = (int)app->detail.nr;
	want.prog_lines = pane_progs_lines(app, app->term_cols);
	want.progs_focused = app->focus == APP_PANE_PROGS;
	want.folded_knob_rows = pane_knobs_folded_rows(app, app->term_cols);
	want.zoomed = app->zoomed;
	layout_main(app->term_rows, app->term_cols, &want, &app->layout);
	if (app->layout.too_small) {
		bars_too_small();
		return;
	}
	list_resize(&app->knobs, s->nr_knobs, (int)s->nr_knobs);
	list_resize(&app->progs, app->nr_rows, layout_prog_rows(&app->layout));
	if (!app->layout.zoomed) {
		bars_header(app);
		pane_knobs_draw(app);
	}
	pane_progs_draw(app);
	if (app->dialog.kind != DIALOG_NONE) {
		pane_dialog_draw(app);
		bars_keys(app, dialog_context(&app->dialog));
	} else if (app->prompt) {
		bars_prompt(app);
	} else {
		bars_keys(app, KEYS_MAIN);
	}
}

const struct view_ops view_main_ops = {
	.context = KEYS_MAIN,
	.on_key = view_main_key,
	.draw = view_main_draw,
};
