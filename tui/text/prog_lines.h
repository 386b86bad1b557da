/* What the program screens say: the cells of a program's table row and the
 * lines of its detail screen. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_PROG_LINES_H
#define BPFKNOBS_TUI_TEXT_PROG_LINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/columns.h"
#include "refresh/snapshot.h"
#include "text/text.h"

#define PROGTEXT_CELL 512

/* What a cell needs besides its program: the list (reading kallsyms), the
 * rows shown (symbols that would look alike), the columns' widths and the
 * locale's mode. */
struct prog_cells {
	const struct prog_list *list;
	const int *widths; /* COLUMNS__COUNT (columns_widths()); NULL: every cell whole */
	bool utf8;
	const size_t *rows; /* the programs shown, indexes into list; NULL: all */
	size_t nr_rows;
};

/* The text of one cell, made narrow enough for its column the way its
 * budget says (columns.h); *dim is set for a reason instead of a value. */
void prog_lines_cell(const struct prog_cells *c, const struct prog *p, enum columns_id col,
		     char *buf, size_t size, bool *dim);

/* The program with this id, NULL when the list has none (it was unloaded). */
const struct prog *prog_lines_find(const struct prog_list *list, uint32_t id);

/* The detail screen of program id: names, type, tag, load time and user,
 * sizes, maps, BTF, owners, and every JITed function with its address,
 * length and symbol (or why it has none). When the program is gone, says
 * so. */
void prog_lines_detail(const struct snapshot *snap, uint32_t id, struct text_lines *t);

/* Why the program pane is empty or has no list: the core's sentence when
 * programs cannot be listed, else "" (the caller says "no programs"). */
void prog_lines_unavailable(const struct snapshot *snap, char *buf, size_t size);

#endif
