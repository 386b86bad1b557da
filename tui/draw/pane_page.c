/* The full-screen texts: help, a knob's whole detail, a program's details,
 * the history. A title bar (the view's, views/view.c gives it), the lines
 * through the list widget, the key bar. */
#include "draw/pane.h"

#include <stdio.h>
#include <string.h>

#include "draw/bars.h"
#include "draw/screen.h"

void pane_page_line(const struct text_line *line, int y, int x, int cols, bool utf8)
{
	char label[256];
	size_t cut;
	int w;

	if (line->role == ROLE_CURRENT || line->role == ROLE_HEAD || !line->label_cols) {
		screen_put(y, x, cols, line->role, line->s);
		return;
	}
	cut = text_prefix(line->s, line->label_cols, utf8);
	if (cut >= sizeof(label))
		cut = sizeof(label) - 1;
	memcpy(label, line->s, cut);
	label[cut] = '\0';
	w = screen_put(y, x, cols, ROLE_LABEL, label);
	screen_put(y, x + w, cols - w, line->role, line->s + cut);
}

static void pane_page_row(void *arg, size_t row, int y, int x, int cols, bool selected)
{
	const struct app *app = arg;

	/* a view whose lines are rows (the map list) shows its selection */
	if (selected && !app->text_list.scroll_only) {
		struct text_line line = app->text.v[row];

		line.role = ROLE_SELECT;
		line.label_cols = 0;
		pane_page_line(&line, y, x + 1, cols - 1, app->utf8);
		return;
	}
	pane_page_line(&app->text.v[row], y, x + 1, cols - 1, app->utf8);
}

void pane_page_draw(struct app *app, const char *title, enum keys_context context)
{
	const struct list *l = &app->text_list;
	char pos[64];
	int h = app->term_rows - 2, w;

	if (app->term_rows < LAYOUT_MIN_ROWS || app->term_cols < LAYOUT_MIN_COLS) {
		bars_too_small();
		return;
	}
	list_resize(&app->text_list, app->text.nr, h);
	if (l->nr > (size_t)h)
		snprintf(pos, sizeof(pos), "lines %zu-%zu of %zu ", l->top + 1,
			 l->top + (size_t)h < l->nr ? l->top + (size_t)h : l->nr, l->nr);
	else
		pos[0] = '\0';
	screen_put_pad(0, 0, app->term_cols, ROLE_TITLE, "", false);
	w = text_width(pos, app->utf8);
	screen_put(0, 1, app->term_cols - 2 - w, ROLE_TITLE, title);
	screen_put(0, app->term_cols - w, w, ROLE_TITLE, pos);
	screen_list(l, 1, 0, h, app->term_cols, pane_page_row, app);
	bars_keys(app, context);
}
