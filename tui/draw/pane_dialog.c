/* The dialog box over the main screen: centred, as wide as reads well, as
 * tall as its text. When the text is taller than the terminal, its start
 * and the part from the input (or the question) on are kept, since that is
 * where the keys act. */
#include "draw/pane.h"

#include <stdio.h>

#include "draw/screen.h"

#define PANE_DIALOG_MAX_COLS 78

void pane_dialog_draw(struct app *app)
{
	int cols = app->term_cols - 4 < PANE_DIALOG_MAX_COLS ? app->term_cols - 4
							      : PANE_DIALOG_MAX_COLS;
	int max_lines = app->term_rows - 4, cursor_line, cursor_col, lines, y, x, keep_from, head, tail;
	struct text_lines t;
	char title[256];

	if (cols < 20 || max_lines < 3)
		return;
	text_lines_init(&t, cols - 4, app->utf8);
	dialog_lines(&app->dialog, app->snap, app->opts.dry_run, title, sizeof(title), &t,
		     &cursor_line, &cursor_col);
	lines = (int)t.nr < max_lines ? (int)t.nr : max_lines;
	/* the part the keys act on: from the input line, else the last line */
	keep_from = cursor_line >= 0 ? cursor_line : (int)t.nr - 1;
	if (keep_from < 0)
		keep_from = 0;
	y = (app->term_rows - lines - 2) / 2;
	x = (app->term_cols - cols) / 2;
	screen_box(y, x, lines + 2, cols, app->dialog.kind == DIALOG_NOTICE
		   ? app->dialog.notice_role : ROLE_HEAD, title);
	tail = (int)t.nr - keep_from < lines ? (int)t.nr - keep_from : lines;
	head = (int)t.nr > lines ? lines - tail : lines;
	for (int i = 0; i < lines; i++) {
		/* too tall: the top, then the tail from keep_from */
		int line = i < head ? i : keep_from + (i - head);

		if ((size_t)line >= t.nr)
			continue;
		pane_page_line(&t.v[line], y + 1 + i, x + 2, cols - 4, app->utf8);
		if (line == cursor_line)
			screen_cursor(y + 1 + i, x + 2 + cursor_col);
	}
	text_lines_free(&t);
}
