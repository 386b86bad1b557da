/* The program view: one program's details, followed by id across
 * refreshes (it says so when the program is gone). */
#include "views/view.h"

#include <stdio.h>

#include "text/prog_lines.h"
#include "text/stats_cells.h"

static void view_prog_build(const struct app *app, struct text_lines *t)
{
	const struct prog *p = prog_lines_find(&app->snap->progs, app->text_prog);
	struct prog_history h;

	/* while statistics are on, the rate and its last minute come first:
	 * what a person opens a busy program for */
	if (p && p->stats.rate.state != PROG_RATE_OFF) {
		prog_session_history(app->cache, p->id, &h);
		stats_cells_detail(p, &h, t->cols, t);
		text_lines_blank(t);
	}
	prog_lines_detail(app->snap, app->text_prog, t);
}

static void view_prog_title(const struct app *app, char *buf, size_t size)
{
	const struct prog *p = prog_lines_find(&app->snap->progs, app->text_prog);

	if (p)
		snprintf(buf, size, "Program %u: %s (%s)", p->id,
			 prog_full_name(p)[0] ? prog_full_name(p) : "no name",
			 p->type_name);
	else
		snprintf(buf, size, "Program %u", app->text_prog);
}

/* c: its code; m: its maps; the rest as every text view */
static unsigned view_prog_key(struct app *app, int key, enum keys_action action)
{
	switch (action) {
	case KEYS_CODE:
		return view_code_open(app, app->text_prog);
	case KEYS_MAPS:
		return view_maps_open(app, app->text_prog);
	default:
		return view_text_key(app, key, action);
	}
}

DEFINE_TEXT_VIEW_KEYS(prog, KEYS_PROG_VIEW);
