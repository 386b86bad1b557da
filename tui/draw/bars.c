/* The bars around the panes: the header (host, kernel, privileges, JIT
 * symbols, and JIT memory when it nears bpf_jit_limit), the key bar generated from the key table, the filter prompt,
 * and the message for a terminal that is too small. */
#include "draw/bars.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "knobs/effects.h"
#include "text/format.h"
#include "out/fields_jitmem.h"
#include "out/report.h"
#include "draw/screen.h"

#define BARS_ACCESS "Access: "
#define BARS_SYMBOLS "JIT symbols: "
#define BARS_JITMEM "JIT memory: "
#define BARS_GAP 3

static void bars_texts(const struct app *app, char *access, size_t access_size, char *symbols,
		       size_t symbols_size, enum role *access_role, enum role *symbols_role)
{
	struct knob_values values;
	enum effects_symbols st;

	if (app->opts.read_only)
		snprintf(access, access_size, "read-only (--read-only): no change is offered");
	else
		report_privs_summary(app->snap, access, access_size);
	if (app_can_change(app) && app->opts.dry_run)
		snprintf(access, access_size, "root, dry run (--dry-run): nothing is written");
	*access_role = app_can_change(app) && !app->opts.dry_run ? ROLE_GOOD : ROLE_WARN;
	snapshot_knob_values(app->snap, &values);
	st = effects_symbols(&values, app->snap->kver, symbols, symbols_size);
	*symbols_role = st == EFFECTS_SYMBOLS_LISTED ? ROLE_GOOD
			: st == EFFECTS_SYMBOLS_HIDDEN ? ROLE_WARN : ROLE_DIM;
}

int bars_header_rows(const struct app *app, int cols)
{
	char access[256], symbols[256];
	enum role ar, sr;
	int w;

	bars_texts(app, access, sizeof(access), symbols, sizeof(symbols), &ar, &sr);
	w = (int)(strlen(BARS_ACCESS) + strlen(BARS_SYMBOLS)) + BARS_GAP +
	    text_width(access, app->utf8) + text_width(symbols, app->utf8);
	/* a row of its own when JIT memory passes JITMEM_WARN_PERCENT of the limit */
	return (w <= cols - 2 ? 2 : 3) + jitmem_warns(&app->snap->jitmem);
}

static int bars_field(int y, int x, int cols, const char *label, enum role role, const char *text)
{
	int w = screen_put(y, x, cols, ROLE_LABEL, label);

	return w + screen_put(y, x + w, cols - w, role, text);
}

/* The title's right part: "every 1 s", and while runtime statistics are
 * on who holds them, as far as it fits beside a title title_cols wide. */
static void bars_stats(const struct app *app, const char *every, char *buf, size_t size,
		       int title_cols)
{
	char state[768];

	snprintf(buf, size, "every %s ", every);
	if (app->snap->progs.stats.on != STATS_ON)
		return;
	stats_state_text(&app->snap->progs.stats, state, sizeof(state));
	snprintf(buf, size, "statistics %s   every %s ", state, every);
	if (app->term_cols - text_width(buf, app->utf8) > title_cols + 2)
		return;
	snprintf(buf, size, "stats on   every %s ", every);
	if (app->term_cols - text_width(buf, app->utf8) > title_cols + 2)
		return;
	snprintf(buf, size, "every %s ", every);
}

void bars_header(const struct app *app)
{
	const struct snapshot *s = app->snap;
	char title[PATH_MAX + 1024], right[1024], every[32], access[256], symbols[256];
	char jitmem[512];
	int cols = app->term_cols, rows = bars_header_rows(app, cols), x;
	enum role ar, sr;

	snprintf(title, sizeof(title), " %s on %s: Linux %s%s%s%s%s", PACKAGE_STRING,
		 s->hostname[0] ? s->hostname : "this host",
		 s->release[0] ? s->release : "(release unknown)", s->machine[0] ? " " : "",
		 s->machine, s->live ? "" : ", read from ", s->live ? "" : s->proc_dir);
	format_interval(app->opts.interval, every, sizeof(every));
	bars_stats(app, every, right, sizeof(right), text_width(title, app->utf8));
	screen_put_pad(0, 0, cols, ROLE_TITLE, title, false);
	x = cols - text_width(right, app->utf8);
	if (x > text_width(title, app->utf8) + 2)
		screen_put(0, x, cols - x, ROLE_TITLE, right);

	if (app->refresh_error[0]) {
		screen_put(1, 1, cols - 1, ROLE_ERROR, app->refresh_error);
		return;
	}
	bars_texts(app, access, sizeof(access), symbols, sizeof(symbols), &ar, &sr);
	if (fields_jitmem_warning(s, jitmem, sizeof(jitmem)))
		bars_field(--rows, 1, cols - 1, BARS_JITMEM, ROLE_WARN, jitmem);
	x = 1 + bars_field(1, 1, cols - 1, BARS_ACCESS, ar, access);
	if (rows == 2)
		bars_field(1, x + BARS_GAP, cols - x - BARS_GAP, BARS_SYMBOLS, sr, symbols);
	else
		bars_field(2, 1, cols - 1, BARS_SYMBOLS, sr, symbols);
}

/* "Tab Pane  Up/Dn Move ..." from the key table, as far as it fits;
 * returns the columns used (or, with draw false, that it would use).
 * opts->read_only: Enter on a knob opens its detail; can_change: u and S
 * work; opts->dry_run: y writes nothing, and the bar must not say it does;
 * spare: the items marked bar_spare too. */
static int bars_items(int y, int x, int cols, enum keys_context context,
		      enum keys_bar_pane pane, const struct app_options *opts, bool can_change,
		      bool draw, bool spare)
{
	int used = 0;

	for (size_t i = 0; i < keys_nr_bindings; i++) {
		const struct keys_binding *b = &keys_bindings[i];
		const char *key = b->bar_key ? b->bar_key : b->label;
		const char *word = opts->dry_run && b->bar_dry_run ? b->bar_dry_run
				   : pane == KEYS_BAR_KNOBS && b->bar_knobs && !opts->read_only
				   ? b->bar_knobs : b->bar;
		int kw = text_width(key, false), need;

		if (!b->bar || !(b->contexts & context) ||
		    (context == KEYS_MAIN && b->bar_pane && b->bar_pane != pane) ||
		    (b->changes && !can_change) || (b->bar_spare && !spare))
			continue;
		need = (used ? 2 : 0) + kw + 1 + text_width(word, false);
		if (used + need > cols)
			break;
		if (draw) {
			int at = x + used + (used ? 2 : 0);

			screen_put(y, at, kw, ROLE_KEY, key);
			screen_put(y, at + kw + 1, need, ROLE_NORMAL, word);
		}
		used += need;
	}
	return used;
}

void bars_keys(const struct app *app, enum keys_context context)
{
	enum keys_bar_pane pane = app->focus == APP_PANE_KNOBS ? KEYS_BAR_KNOBS : KEYS_BAR_PROGS;
	bool spare;

	if (app->dialog.status[0]) {
		/* a one-line outcome ("Cancelled: nothing was written") until the next key */
		screen_put(app->term_rows - 1, 0, app->term_cols, app->dialog.status_role,
			   app->dialog.status);
		return;
	}
	/* the spare items only where every item fits */
	spare = bars_items(0, 0, INT_MAX / 2, context, pane, &app->opts, app_can_change(app), false,
			   true) <= app->term_cols;

	bars_items(app->term_rows - 1, 0, app->term_cols, context, pane, &app->opts,
		   app_can_change(app), true, spare);
}

void bars_prompt(const struct app *app)
{
	int y = app->term_rows - 1, cols = app->term_cols, x, w, room;
	int hint = bars_items(0, 0, cols, KEYS_PROMPT, KEYS_BAR_BOTH, &app->opts, false, false,
			      true);

	x = screen_put(y, 0, cols, ROLE_KEY, "Filter:") + 1;
	w = text_width(app->filter, app->utf8);
	if (cols - x - w - 3 < hint)
		hint = 0;
	room = cols - x - (hint ? hint + 2 : 0);
	screen_put(y, x, room, ROLE_NORMAL, app->filter);
	screen_cursor(y, x + (w < room - 1 ? w : room - 1));
	if (hint)
		bars_items(y, cols - hint, hint, KEYS_PROMPT, KEYS_BAR_BOTH, &app->opts, false, true,
			   true);
}

void bars_too_small(void)
{
	char text[256];
	int rows = screen_rows(), cols = screen_cols();

	snprintf(text, sizeof(text), "Terminal too small: %dx%d.", cols, rows);
	screen_put(rows / 2 - 1, 0, cols, ROLE_WARN, text);
	snprintf(text, sizeof(text), "bpfknobs needs at least %dx%d.", LAYOUT_MIN_COLS,
		 LAYOUT_MIN_ROWS);
	screen_put(rows / 2, 0, cols, ROLE_NORMAL, text);
	screen_put(rows / 2 + 1, 0, cols, ROLE_NORMAL, "Enlarge it, or press q.");
}
