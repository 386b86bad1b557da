/* The table of views, and what every text view shares: opening one,
 * building its text, and its keys. */
#include "views/view.h"

#include "draw/pane.h"

static const struct view_ops *const view_table[APP_VIEW__COUNT] = {
	[APP_VIEW_MAIN] = &view_main_ops,
	[APP_VIEW_HELP] = &view_help_ops,
	[APP_VIEW_KNOB] = &view_knob_ops,
	[APP_VIEW_PROG] = &view_prog_ops,
	[APP_VIEW_HISTORY] = &view_history_ops,
	[APP_VIEW_IMAGES] = &view_images_ops,
	[APP_VIEW_REACH] = &view_reach_ops,
	[APP_VIEW_CODE] = &view_code_ops,
	[APP_VIEW_MAPS] = &view_maps_ops,
	[APP_VIEW_MAP] = &view_map_ops,
};

const struct view_ops *view_of(const struct app *app)
{
	return view_table[app->view < APP_VIEW__COUNT ? app->view : APP_VIEW_MAIN];
}

unsigned view_open(struct app *app, enum app_view view)
{
	if (view == APP_VIEW_HELP)
		app->help_from = app->view;
	app->view = view;
	list_home(&app->text_list);
	return APP_TEXT | APP_DRAW;
}

void view_build(struct app *app)
{
	const struct view_ops *ops = view_of(app);
	int cols = app->term_cols > 4 ? app->term_cols - 3 : 1;

	text_lines_free(&app->text);
	text_lines_init(&app->text, cols, app->utf8);
	if (ops->build)
		ops->build(app, &app->text);
	app->text_list.scroll_only = !ops->select;
	list_resize(&app->text_list, app->text.nr, app->text_list.height);
}

unsigned view_text_key(struct app *app, int key, enum keys_action action)
{
	(void)key;
	switch (action) {
	case KEYS_BACK:
		app->view = app->view == APP_VIEW_HELP ? app->help_from : APP_VIEW_MAIN;
		list_home(&app->text_list);
		return APP_TEXT | APP_DRAW;
	case KEYS_HELP:
		return app->view == APP_VIEW_HELP ? APP_NOTHING : view_open(app, APP_VIEW_HELP);
	default:
		return list_key(&app->text_list, action) ? APP_DRAW : APP_NOTHING;
	}
}

void view_text_draw(struct app *app)
{
	const struct view_ops *view = view_of(app);
	char title[512] = "";

	if (view->title)
		view->title(app, title, sizeof(title));
	pane_page_draw(app, title, view->context);
}
