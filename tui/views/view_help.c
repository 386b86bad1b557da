/* The help view: every key of every context, from the key table. */
#include "views/view.h"

#include <stdio.h>

#include "text/help.h"

static void view_help_build(const struct app *app, struct text_lines *t)
{
	help_build(t, app->opts.interval);
}

static void view_help_title(const struct app *app, char *buf, size_t size)
{
	(void)app;
	snprintf(buf, size, "Help: the keys of %s", PACKAGE_STRING);
}

DEFINE_TEXT_VIEW(help);
