/* The reach view (key w): what eBPF may do here, and for whom. Each
 * identity with what it loads and why the rest is refused, the gates
 * explained, then the table of every type against every identity: the
 * field lists --list renders too. The probes run in the background
 * (reach/reach_session.h): until they are done it says so. */
#include "views/view.h"

#include <stdio.h>

#include "out/fields.h"
#include "draw/pane.h"
#include "text/role.h"

#define VIEW_REACH_LABEL 14 /* the label column of --list: "Takes effect: " */

static void view_reach_build(const struct app *app, struct text_lines *t)
{
	struct fields f;

	fields_init(&f);
	fields_reach(app->snap, &f);
	text_lines_fields(t, &f, VIEW_REACH_LABEL);
	fields_free(&f);
	if (app->snap->reach.state != REACH_DONE)
		return;
	text_lines_blank(t);
	if (fields_reach_table_width(&app->snap->reach) > t->cols) {
		text_lines_wrap(t, ROLE_DIM, "", 0, "(The table of each type for each identity needs "
				"a wider terminal.)");
		return;
	}
	fields_init(&f);
	fields_reach_table(&app->snap->reach, &f);
	text_lines_fields(t, &f, 0);
	fields_free(&f);
}

static void view_reach_title(const struct app *app, char *buf, size_t size)
{
	const struct reach *r = &app->snap->reach;

	snprintf(buf, size, "What eBPF may do here, and for whom%s",
		 r->state == REACH_PROBING ? ": probing..."
		 : r->state == REACH_DONE && r->again ? ": probing again..." : "");
}

DEFINE_TEXT_VIEW(reach);
