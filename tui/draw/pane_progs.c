/* The program pane: a title with counts and the sort order, the column
 * heads, and one row per program as filtered and sorted (app->rows). */
#include "draw/pane.h"

#include <stdio.h>
#include <string.h>

#include "text/prog_lines.h"
#include "draw/screen.h"
#include "text/stats_cells.h"

struct pane_progs_ctx {
	const struct app *app;
	int widths[COLUMNS__COUNT];
	struct prog_cells cells;
};

static void pane_progs_row(void *arg, size_t row, int y, int x, int cols, bool selected)
{
	const struct pane_progs_ctx *c = arg;
	const struct prog_list *list = &c->app->snap->progs;
	const struct prog *p = &list->progs[c->app->rows[row]];
	bool focused = c->app->focus == APP_PANE_PROGS;
	enum role base = !selected ? ROLE_NORMAL : focused ? ROLE_SELECT : ROLE_SELECT_OFF;
	char cell[PROGTEXT_CELL];
	int at = x + 1;
	bool dim;

	screen_put_pad(y, x, cols, base, "", false);
	if (selected && focused)
		screen_put(y, x, 1, base, text_glyphs(c->app->utf8)->current);
	for (int i = 0; i < COLUMNS__COUNT && at < x + cols; i++) {
		int w = c->widths[i];
		enum role role = base;

		if (!w)
			continue; /* not shown at this width, or statistics while they are off */
		if (at + w > x + cols)
			w = x + cols - at;
		/* the cell is made for its column's width (columns.h) */
		prog_lines_cell(&c->cells, p, i, cell, sizeof(cell), &dim);
		if (!strcmp(cell, STATSTEXT_WAITING))
			snprintf(cell, sizeof(cell), "%s", text_glyphs(c->app->utf8)->ellipsis);
		if (dim && base == ROLE_NORMAL)
			role = ROLE_DIM;
		screen_put_pad(y, at, w, role, cell, columns_table[i].right);
		at += c->widths[i] + 1;
	}
}

static void pane_progs_heads(const struct pane_progs_ctx *c, int y, int x, int cols)
{
	const struct text_glyphs *g = text_glyphs(c->app->utf8);
	char head[64];
	int at = x + 1;

	for (int i = 0; i < COLUMNS__COUNT && at < x + cols; i++) {
		int w = c->widths[i];
		const char *title;

		if (!w)
			continue;
		if (at + w > x + cols)
			w = x + cols - at;
		title = columns_table[i].title;
		/* a head cut mid-word reads worse than its short form */
		if (columns_table[i].short_title &&
		    (int)strlen(title) + (c->app->sort == (enum columns_id)i) > w)
			title = columns_table[i].short_title;
		if (c->app->sort == (enum columns_id)i)
			snprintf(head, sizeof(head), "%s%s", title,
				 c->app->descending ? g->down : g->up);
		else
			snprintf(head, sizeof(head), "%s", title);
		screen_put_pad(y, at, w, ROLE_HEAD, head, columns_table[i].right);
		at += c->widths[i] + 1;
	}
}

/* What the OWNER column lacks, in a few words (the program's details say
 * it all): "holders 1,200/4,000 read; ", "holders from /proc; ". */
static void pane_progs_holders(const struct prog_list *list, char *buf, size_t size)
{
	const struct prog_holders *h = &list->holders;

	buf[0] = '\0';
	if (list->error || h->source == PROG_HOLDERS_NONE)
		return;
	if (!h->complete && h->nr_procs)
		snprintf(buf, size, "holders %zu/%zu read%s; ", h->nr_read, h->nr_procs,
			 h->source == PROG_HOLDERS_PROC ? " from /proc" : "");
	else if (h->source == PROG_HOLDERS_PROC)
		snprintf(buf, size, "holders from /proc; ");
}

static void pane_progs_title(const struct app *app, const struct layout_rect *r)
{
	const struct prog_list *list = &app->snap->progs;
	char title[256], right[192], totals[96], holders[64];

	stats_cells_totals(list, totals, sizeof(totals));
	if (list->error)
		snprintf(title, sizeof(title), "Programs: not available");
	else if (app->filter[0])
		snprintf(title, sizeof(title), "Programs: %zu of %zu match \"%s\"%s", app->nr_rows,
			 list->nr_progs, app->filter, totals);
	else
		snprintf(title, sizeof(title), "Programs: %zu%s", list->nr_progs, totals);
	pane_progs_holders(list, holders, sizeof(holders));
	snprintf(right, sizeof(right), "%s%ssorted by %s%s", holders,
		 list->symbols_pending ? "reading /proc/kallsyms; " : "",
		 columns_table[app->sort].sort_name, app->descending ? ", descending" : "");
	screen_title(r->y, r->x, r->w, app->focus == APP_PANE_PROGS ? ROLE_PANE : ROLE_HEAD, title,
		     right);
}

/* Why the table is empty, wrapped to cols. */
static enum role pane_progs_why(const struct app *app, int cols, struct text_lines *t)
{
	char text[512];
	enum role role = ROLE_WARN;

	prog_lines_unavailable(app->snap, text, sizeof(text));
	if (!text[0]) {
		role = ROLE_DIM;
		if (!app->snap->progs.nr_progs)
			snprintf(text, sizeof(text), "No BPF programs are loaded.");
		else
			snprintf(text, sizeof(text), "No program matches \"%s\". Esc clears the filter.",
				 app->filter);
	}
	text_lines_init(t, cols - 2, app->utf8);
	text_lines_wrap(t, role, "", 0, text);
	return role;
}

int pane_progs_lines(const struct app *app, int cols)
{
	struct text_lines t;
	int n;

	if (app->nr_rows && !app->snap->progs.error)
		return (int)app->nr_rows;
	pane_progs_why(app, cols, &t);
	n = (int)t.nr;
	text_lines_free(&t);
	return n;
}

static void pane_progs_empty(const struct app *app, const struct layout_rect *r)
{
	struct text_lines t;
	enum role role = pane_progs_why(app, r->w, &t);

	for (size_t i = 0; i < t.nr && (int)i < r->h - 2; i++)
		screen_put(r->y + 2 + (int)i, r->x + 1, r->w - 2, role, t.v[i].s);
	text_lines_free(&t);
}

void pane_progs_draw(struct app *app)
{
	const struct layout_rect *r = &app->layout.progs;
	struct pane_progs_ctx c = { .app = app };

	/* the selection mark takes the first column, the scroll mark the last */
	columns_widths(r->w - 2, prog_list_id_width(&app->snap->progs),
		       stats_cells_columns(&app->snap->progs), c.widths);
	c.cells = (struct prog_cells){ &app->snap->progs, c.widths, app->utf8, app->rows,
				       app->nr_rows };
	pane_progs_title(app, r);
	pane_progs_heads(&c, r->y + 1, r->x, r->w - 1);
	if (!app->nr_rows || app->snap->progs.error) {
		pane_progs_empty(app, r);
		return;
	}
	screen_list(&app->progs, r->y + 2, r->x, r->h - 2, r->w, pane_progs_row, &c);
}
