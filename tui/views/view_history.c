/* The history view: every change tried in this session, newest last. */
#include "views/view.h"

#include <stdio.h>

#include "text/history_lines.h"
#include "draw/pane.h"

static void view_history_build(const struct app *app, struct text_lines *t)
{
	history_lines_build(&app->history, app->opts.dry_run, t);
}

static void view_history_title(const struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Changes tried in this session (%zu)", app->history.nr);
}

const struct view_ops view_history_ops = {
	.context = KEYS_TEXT,
	.on_key = view_text_key,
	.build = view_history_build,
	.title = view_history_title,
	.draw = view_text_draw,
};
