/* The panes of the screen: each draws its part of the state through
 * screen.h, and only reads the state. */
#ifndef BPFKNOBS_TUI_DRAW_PANE_H
#define BPFKNOBS_TUI_DRAW_PANE_H

#include <stdbool.h>

#include "model/app.h"
#include "text/keys.h"
#include "text/text.h"

/* The knob list and the selected knob's detail (pane_knobs.c). */
void pane_knobs_draw(struct app *app);
/* The index of the first related knob (knob_def.related), which a rule sets
 * apart from the five; nr_knobs when there is none. */
size_t pane_knobs_first_related(const struct snapshot *snap);
/* The rows the knobs take folded to a width (names and values only), as
 * they are while the program pane has the focus. */
int pane_knobs_folded_rows(const struct app *app, int cols);
/* The program table (pane_progs.c). */
void pane_progs_draw(struct app *app);
/* The rows the program pane's body would fill at a width: one per program,
 * or the lines of the message saying why there are none. */
int pane_progs_lines(const struct app *app, int cols);
/* A full-screen text view: its title bar, its lines, the key bar
 * (pane_page.c); the draw of every view that builds a text. */
void pane_page_draw(struct app *app, const char *title, enum keys_context context);
/* One line of a text_lines: its label in the label's look, the rest in the
 * line's role (a selected or current line all in one look). */
void pane_page_line(const struct text_line *line, int y, int x, int cols, bool utf8);
/* The open dialog, over the main screen (pane_dialog.c). */
void pane_dialog_draw(struct app *app);

#endif
