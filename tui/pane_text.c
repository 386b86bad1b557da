/* The full-screen texts: help, a knob's whole detail, a program's details.
 * A title bar, the lines through the list widget, the key bar. */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "knobtext.h"
#include "progtext.h"
#include "screen.h"

void pane_text_line(const struct text_line *line, int y, int x, int cols, bool utf8)
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

static void pane_text_row(void *arg, size_t row, int y, int x, int cols, bool selected)
{
	const struct app *app = arg;

	(void)selected;
	pane_text_line(&app->text.v[row], y, x + 1, cols - 1, app->utf8);
}

static void pane_text_title(const struct app *app, char *buf, size_t size)
{
	const struct progs_prog *p;

	switch (app->view) {
	case APP_VIEW_KNOB:
		if (app->knobs.sel < app->snap->nr_knobs) {
			knobtext_title(&app->snap->knobs[app->knobs.sel], buf, size);
			return;
		}
		break;
	case APP_VIEW_PROG:
		p = progtext_find(&app->snap->progs, app->text_prog);
		if (p)
			snprintf(buf, size, "Program %u: %s (%s)", p->id,
				 p->name[0] ? p->name : "no name", p->type_name);
		else
			snprintf(buf, size, "Program %u", app->text_prog);
		return;
	case APP_VIEW_HELP:
		snprintf(buf, size, "Help: the keys of %s", PACKAGE_STRING);
		return;
	case APP_VIEW_HISTORY:
		snprintf(buf, size, "Changes tried in this session (%zu)", app->history.nr);
		return;
	case APP_VIEW_MAIN:
		break;
	}
	buf[0] = '\0';
}

void pane_text_draw(struct app *app)
{
	const struct list *l = &app->text_list;
	char title[512], pos[64];
	int h = app->term_rows - 2, w;

	pane_text_title(app, title, sizeof(title));
	if (l->nr > (size_t)h)
		snprintf(pos, sizeof(pos), "lines %zu-%zu of %zu ", l->top + 1,
			 l->top + (size_t)h < l->nr ? l->top + (size_t)h : l->nr, l->nr);
	else
		pos[0] = '\0';
	screen_put_pad(0, 0, app->term_cols, ROLE_TITLE, "", false);
	w = text_width(pos, app->utf8);
	screen_put(0, 1, app->term_cols - 2 - w, ROLE_TITLE, title);
	screen_put(0, app->term_cols - w, w, ROLE_TITLE, pos);
	screen_list(l, 1, 0, h, app->term_cols, pane_text_row, app);
}
