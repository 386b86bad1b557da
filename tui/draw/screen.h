/* The terminal: curses set-up and tear-down on every exit path, the look of
 * each role with colors, without (has_colors() false, or NO_COLOR set),
 * and the few drawing primitives the panes use. The only file besides the
 * panes that calls curses. */
#ifndef BPFKNOBS_TUI_DRAW_SCREEN_H
#define BPFKNOBS_TUI_DRAW_SCREEN_H

#include <stdbool.h>
#include <stddef.h>

#include "text/list.h"
#include "text/role.h"

/* Run as root, before screen_start(): drops the terminal descriptions
 * ncurses would read from places root does not own ($TERMINFO,
 * $TERMINFO_DIRS, ~/.terminfo, $TERMCAP), as kept by sudo -E or su -m.
 * note gets what was ignored ("TERMINFO=/home/eve/ti, ..."), "" for
 * nothing. */
void screen_distrust_env(char *note, size_t size);

/* Takes over the terminal. Returns 0, or -1 with a sentence in err (the
 * terminal is left as it was). Registers screen_end() with atexit(), and
 * sends stderr to /dev/null until screen_end() so that no library prints
 * over the screen. */
int screen_start(char *err, size_t err_size);

/* Gives the terminal back; safe to call more than once, and from atexit. */
void screen_end(void);

/* After a fatal signal: restores the terminal as well as can be done from
 * a signal handler. */
void screen_emergency_end(void);

bool screen_utf8(void);
int screen_rows(void);
int screen_cols(void);

/* Reads the terminal's size again after SIGWINCH. */
void screen_resize(void);

/* The next key, or -1 when none is waiting (never blocks). */
int screen_key(void);

/* Starts a frame: blank screen; clear_all also repaints every cell. */
void screen_begin(bool clear_all);
/* Ends a frame: sends the changed cells to the terminal. */
void screen_finish(void);

/* Text at y,x, cut to cols columns (with an ellipsis), in the role's look.
 * Returns the columns used. */
int screen_put(int y, int x, int cols, enum role role, const char *s);
/* The same, padded to exactly cols columns, right-aligned when right. */
void screen_put_pad(int y, int x, int cols, enum role role, const char *s, bool right);
/* A pane title across cols: "── Title ──────── right ─". */
void screen_title(int y, int x, int cols, enum role role, const char *title, const char *right);
/* A box of h rows and cols columns, blank inside, with title on its top
 * edge in the role's look. */
void screen_box(int y, int x, int h, int cols, enum role role, const char *title);
/* A vertical line of h rows. */
void screen_vline(int y, int x, int h);
/* Where the cursor is left after the frame, or hidden when y < 0. */
void screen_cursor(int y, int x);

/* Draws the visible rows of l (top to top + h) through row(): the one list
 * widget every pane uses. Marks more rows above or below in the last
 * column. */
typedef void screen_row_fn(void *ctx, size_t row, int y, int x, int cols, bool selected);
void screen_list(const struct list *l, int y, int x, int h, int cols, screen_row_fn *row,
		 void *ctx);

#endif
