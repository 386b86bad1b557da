/* The history view: every change tried in this session, newest last. */
#include "views/view.h"

#include <stdio.h>

#include "text/history_lines.h"

static void view_history_build(const struct app *app, struct text_lines *t)
{
	history_lines_build(&app->history, app->opts.dry_run, t);
}

static void view_history_title(const struct app *app, char *buf, size_t size)
{
	snprintf(buf, size, "Changes tried in this session (%zu)", app->history.nr);
}

DEFINE_TEXT_VIEW(history);
