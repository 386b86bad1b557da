/* The one list widget's state: a selection and a scroll position over nr
 * rows shown height at a time. The knob list, the program table and the
 * text screens (help, details) all move through here; the text screens
 * have no selection and only scroll. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_LIST_H
#define BPFKNOBS_TUI_TEXT_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "text/keys.h"

struct list {
	size_t nr;     /* rows */
	size_t sel;    /* the selected row, < nr (0 when empty) */
	size_t top;    /* the first row shown */
	int height;    /* rows shown at a time */
	bool scroll_only;
};

/* New row count or height: keeps sel and top inside and sel visible. */
void list_resize(struct list *l, size_t nr, int height);

/* Moves the selection (or, scroll_only, the view) by delta rows, clamped. */
void list_move(struct list *l, long delta);
void list_page(struct list *l, int direction); /* one screenful, -1 or +1 */
void list_home(struct list *l);
void list_end(struct list *l);

/* Up, down, a page, home or end on l: true when action is one of them
 * (the list has moved, or was already there), false for any other. */
bool list_key(struct list *l, enum keys_action action);

/* Selects row i and scrolls it into view. */
void list_select(struct list *l, size_t i);

/* Rows above and below the visible part. */
bool list_more_above(const struct list *l);
bool list_more_below(const struct list *l);

#endif
