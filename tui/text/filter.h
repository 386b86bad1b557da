/* Which programs the table shows and in what order: the / filter and the
 * sort column. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_FILTER_H
#define BPFKNOBS_TUI_TEXT_FILTER_H

#include <stdbool.h>
#include <stddef.h>

#include "text/columns.h"
#include "refresh/prog_session.h"

/* True when every whitespace-separated term of filter occurs, ignoring
 * case, in one of the program's fields: name, BTF name, type, id, an
 * owner's command or pid, the loading user, the symbol. "" matches all. */
bool filter_match(const struct prog *p, const char *filter);

/* Compares two programs by a column; ties go by id. */
int filter_compare(const struct prog *a, const struct prog *b, enum columns_id col);

/* Fills rows with the indexes into list->progs of the matching programs,
 * sorted by col (descending reverses it). rows has room for
 * list->nr_progs. Returns how many matched. */
size_t filter_rows(const struct prog_list *list, const char *filter, enum columns_id col,
		   bool descending, size_t *rows);

/* Removes the last character (a whole UTF-8 sequence) of s. */
void filter_backspace(char *s);

#endif
