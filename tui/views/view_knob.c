/* The knob view: the selected knob's whole detail. */
#include "views/view.h"

#include "text/knob_lines.h"

static const struct snapshot_knob *view_knob_selected(const struct app *app)
{
	return app->knobs.sel < app->snap->nr_knobs ? &app->snap->knobs[app->knobs.sel] : NULL;
}

static void view_knob_build(const struct app *app, struct text_lines *t)
{
	const struct snapshot_knob *k = view_knob_selected(app);

	if (k)
		knob_lines_detail(app->snap, k, t);
}

static void view_knob_title(const struct app *app, char *buf, size_t size)
{
	const struct snapshot_knob *k = view_knob_selected(app);

	if (k)
		knob_lines_title(k, buf, size);
	else if (size)
		buf[0] = '\0';
}

DEFINE_TEXT_VIEW(knob);
