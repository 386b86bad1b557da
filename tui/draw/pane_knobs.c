/* The knob pane: one row per knob (name, value, short meaning) and, below
 * or beside it, the selected knob's detail as far as it fits; folded while
 * the programs have the focus: the names and values in a few lines, the
 * detail's title alone. */
#include "draw/pane.h"

#include <stdio.h>
#include <string.h>

#include "knobs/effects.h"
#include "text/knob_lines.h"
#include "draw/screen.h"

#define PANE_KNOBS_VALUE 10 /* "528482304" and a space */
#define PANE_KNOBS_FULL_NAMES 100 /* from this width "net.core.bpf_jit_harden" */

struct pane_knobs_ctx {
	const struct app *app;
	int name_cols;
	bool full_names;
	size_t first_related; /* the row a rule sets apart from the five; nr_knobs: none */
};

size_t pane_knobs_first_related(const struct snapshot *snap)
{
	size_t i = 0;

	while (i < snap->nr_knobs && !snap->knobs[i].def->related)
		i++;
	return i;
}

/* A dim rule over the related knobs: "── related ─────". */
static void pane_knobs_rule(const struct app *app, int y, int x, int cols)
{
	const struct text_glyphs *g = text_glyphs(app->utf8);
	char rule[1024];
	size_t used = 0;

	for (int i = 0; i < cols - 1 && used + 8 < sizeof(rule); i++) {
		const char *s = i == 2 ? " related " : g->hline;
		size_t n = strlen(s);

		memcpy(rule + used, s, n);
		used += n;
		if (i == 2)
			i += 8;
	}
	rule[used] = '\0';
	screen_put(y, x + 1, cols - 1, ROLE_DIM, rule);
}

static void pane_knobs_row(void *arg, size_t row, int y, int x, int cols, bool selected)
{
	const struct pane_knobs_ctx *c = arg;
	const struct snapshot_knob *k = &c->app->snap->knobs[row];
	bool focused = c->app->focus == APP_PANE_KNOBS;
	enum role base = !selected ? ROLE_NORMAL : focused ? ROLE_SELECT : ROLE_SELECT_OFF;
	const char *name = c->full_names ? k->def->name : effects_short_name(k->def->name);
	char value[64], meaning[512];
	int at = x + 1;

	if (row >= c->first_related)
		y++; /* below the rule */
	knob_lines_row(c->app->snap, k, value, sizeof(value), meaning, sizeof(meaning));
	screen_put_pad(y, x, cols, base, "", false);
	if (selected && focused)
		screen_put(y, x, 1, base, text_glyphs(c->app->utf8)->current);
	screen_put_pad(y, at, c->name_cols, base, name, false);
	at += c->name_cols + 1;
	screen_put_pad(y, at, PANE_KNOBS_VALUE, base == ROLE_NORMAL && k->reading.error ? ROLE_ERROR
							: base, value, true);
	/* the running value is not what boot sets: lost at reboot unless saved */
	if (k->drift.drifts)
		screen_put(y, at + PANE_KNOBS_VALUE, 1, base == ROLE_NORMAL ? ROLE_WARN : base, "*");
	at += PANE_KNOBS_VALUE + 2;
	screen_put(y, at, x + cols - at, base == ROLE_NORMAL && k->reading.error ? ROLE_DIM : base,
		   meaning);
}

/* The knobs folded: "name value" after one another as far as the width
 * goes, the related ones after a bar. Returns the rows they take; draws
 * them from row y when draw. */
static int pane_knobs_flow(const struct app *app, int y, int x, int cols, bool draw)
{
	const struct text_glyphs *g = text_glyphs(app->utf8);
	size_t related = pane_knobs_first_related(app->snap);
	char value[64], meaning[512], bar[16];
	int row = 0, at = 1;

	snprintf(bar, sizeof(bar), " %s ", g->vline);
	for (size_t i = 0; i < app->snap->nr_knobs; i++) {
		const struct snapshot_knob *k = &app->snap->knobs[i];
		const char *name = effects_short_name(k->def->name);
		const char *sep = !i ? "" : i == related ? bar : "   ";
		enum role base = i == app->knobs.sel ? ROLE_SELECT_OFF : ROLE_NORMAL;
		int w, nw;

		knob_lines_row(app->snap, k, value, sizeof(value), meaning, sizeof(meaning));
		nw = text_width(name, app->utf8);
		w = nw + 1 + text_width(value, app->utf8) + (k->drift.drifts ? 1 : 0);
		if (at > 1 && at + text_width(sep, app->utf8) + w > cols) {
			row++;
			at = 1;
			sep = i == related ? bar + 1 : "";
		}
		if (draw) {
			at += screen_put(y + row, x + at, cols - at, ROLE_DIM, sep);
			screen_put(y + row, x + at, cols - at, base, name);
			screen_put(y + row, x + at + nw, 1, base, " ");
			screen_put(y + row, x + at + nw + 1, cols - at - nw - 1,
				   base == ROLE_NORMAL && k->reading.error ? ROLE_ERROR : base, value);
			if (k->drift.drifts)
				screen_put(y + row, x + at + w - 1, 1,
					   base == ROLE_NORMAL ? ROLE_WARN : base, "*");
		} else {
			at += text_width(sep, app->utf8);
		}
		at += w;
	}
	return row + 1;
}

int pane_knobs_folded_rows(const struct app *app, int cols)
{
	return app->snap->nr_knobs ? pane_knobs_flow(app, 0, 0, cols, false) : 1;
}

static void pane_knobs_detail(const struct app *app)
{
	const struct layout_rect *r = &app->layout.detail;
	const struct text_glyphs *g = text_glyphs(app->utf8);
	char title[512], more[64];
	int shown = r->h - 1;

	if (app->knobs.sel >= app->snap->nr_knobs)
		return;
	knob_lines_title(&app->snap->knobs[app->knobs.sel], title, sizeof(title));
	more[0] = '\0';
	/* i is the program's while the programs have the focus */
	if (app->layout.folded || (app->focus == APP_PANE_PROGS && (size_t)shown < app->detail.nr))
		snprintf(more, sizeof(more), "Tab: more");
	else if ((size_t)shown < app->detail.nr)
		snprintf(more, sizeof(more), "%s i: more", g->more);
	screen_title(r->y, r->x, r->w, ROLE_HEAD, title, more);
	for (int i = 0; i < shown && (size_t)i < app->detail.nr; i++)
		pane_page_line(&app->detail.v[i], r->y + 1 + i, r->x + 1, r->w - 1, app->utf8);
}

void pane_knobs_draw(struct app *app)
{
	const struct layout_rect *r = &app->layout.knobs;
	struct pane_knobs_ctx c = { .app = app, .full_names = r->w >= PANE_KNOBS_FULL_NAMES,
				    .first_related = pane_knobs_first_related(app->snap) };
	bool focused = app->focus == APP_PANE_KNOBS;

	for (size_t i = 0; i < app->snap->nr_knobs; i++) {
		const char *n = app->snap->knobs[i].def->name;
		int w = (int)strlen(c.full_names ? n : effects_short_name(n));

		if (w > c.name_cols)
			c.name_cols = w;
	}
	screen_title(r->y, r->x, r->w, focused ? ROLE_PANE : ROLE_HEAD, "Knobs", NULL);
	if (!app->snap->nr_knobs)
		screen_put(r->y + 1, r->x + 1, r->w - 1, ROLE_ERROR, "No knobs could be read.");
	if (app->layout.folded) {
		pane_knobs_flow(app, r->y + 1, r->x, r->w - 1, true);
		pane_knobs_detail(app);
		return;
	}
	screen_list(&app->knobs, r->y + 1, r->x, r->h - 1, r->w, pane_knobs_row, &c);
	if (c.first_related < app->snap->nr_knobs)
		pane_knobs_rule(app, r->y + 1 + (int)c.first_related, r->x, r->w);
	if (app->layout.wide)
		screen_vline(r->y + 1, r->x + r->w, r->h - 1);
	pane_knobs_detail(app);
}
