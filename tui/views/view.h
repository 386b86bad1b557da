/* The views, tig-style: one table of operations per view, so that the key
 * dispatcher, the main loop and the drawing look the open view up instead
 * of switching on it. Two things still ask which view is open, on purpose:
 * the help view goes back to where it was opened from (view.c), and the
 * filter prompt belongs to the main view (actions.c). Adding a view
 * (attachments, maps) is an enum app_view value, a row in view.c's table
 * and a file with its operations. */
#ifndef BPFKNOBS_TUI_VIEWS_VIEW_H
#define BPFKNOBS_TUI_VIEWS_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/app.h"
#include "text/keys.h"
#include "text/text.h"

struct view_ops {
	/* the keys that act here, and the key bar's */
	enum keys_context context;
	/* A key with its action in context (KEYS_NONE for a key bound to
	 * nothing there, such as a digit); quit and redraw never get here.
	 * Returns reaction flags. */
	unsigned (*on_key)(struct app *app, int key, enum keys_action action);
	/* The view's full-screen text into t, which is set up at the width;
	 * NULL for a view that has none (the main view draws panes). */
	void (*build)(const struct app *app, struct text_lines *t);
	/* The title over that text; NULL when none. */
	void (*title)(const struct app *app, char *buf, size_t size);
	/* One frame, between screen_begin() and screen_finish(). */
	void (*draw)(struct app *app);
	/* the text's lines are rows to select (the map list), not only to scroll */
	bool select;
};

/* A full-screen text view, tig's DEFINE_VIEW: its text and title come from
 * view_<name>_build() and view_<name>_title() in its file, its keys and
 * its drawing are those every text view shares (below). */
#define DEFINE_TEXT_VIEW(name)                                                         \
	const struct view_ops view_##name##_ops = {                                    \
		TEXT_VIEW_OPS(name, KEYS_TEXT, view_text_key)                          \
	}

/* The same for a text view with keys of its own: view_<name>_key() takes
 * them, in the key context KEYS_TEXT | keys, and passes the others to
 * view_text_key(); further members may follow (.select = true). */
#define DEFINE_TEXT_VIEW_KEYS(name, keys, ...)                                         \
	const struct view_ops view_##name##_ops = {                                    \
		TEXT_VIEW_OPS(name, KEYS_TEXT | (keys), view_##name##_key), __VA_ARGS__ \
	}

#define TEXT_VIEW_OPS(name, keys, key_fn)                                              \
	.context = (keys), .on_key = (key_fn), .build = view_##name##_build,           \
	.title = view_##name##_title, .draw = view_text_draw

/* Each view's row, in its own file. */
extern const struct view_ops view_main_ops, view_help_ops, view_knob_ops, view_prog_ops,
	view_history_ops, view_images_ops, view_code_ops, view_maps_ops, view_map_ops,
	view_reach_ops;

/* Opening and closing the views that read the kernel when they open
 * (core/inspect/): a program's code, the maps (all with prog_id 0, else
 * the program's), a map's contents. */
unsigned view_code_open(struct app *app, uint32_t prog_id);
void view_code_close(struct app *app);
unsigned view_maps_open(struct app *app, uint32_t prog_id);
void view_maps_close(struct app *app);
unsigned view_map_open(struct app *app, uint32_t map_id);
void view_map_close(struct app *app);

/* The open view's operations. */
const struct view_ops *view_of(const struct app *app);

/* Opens a text view at its top; help remembers where Esc goes back to. */
unsigned view_open(struct app *app, enum app_view view);
/* Builds app->text, the open view's text (on APP_TEXT). */
void view_build(struct app *app);
/* Draws a text view: its title bar, app->text, the key bar (the draw of
 * every view but the main one). */
void view_text_draw(struct app *app);
/* The keys every text view shares: back, help, moving through the text. */
unsigned view_text_key(struct app *app, int key, enum keys_action action);

/* view_main.c: rebuilds the program rows after a refresh or a filter or
 * sort change, keeping the selected program selected (on APP_ROWS). */
void view_main_rows(struct app *app);

#endif
