/* The help view: every key of every context, from the key table. */
#include "views/view.h"

#include <stdio.h>

#include "text/help.h"
#include "draw/pane.h"

static void view_help_build(const struct app *app, struct text_lines *t)
{
	help_build(t, app->opts.interval);
}

static void view_help_title(const struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Help: the keys of %s", PACKAGE_STRING);
}

const struct view_ops view_help_ops = {
	.context = KEYS_TEXT,
	.on_key = view_text_key,
	.build = view_help_build,
	.title = view_help_title,
	.draw = view_text_draw,
};
