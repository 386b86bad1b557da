/* Short forms for table cells and bars: a size, the refresh interval, the
 * owners, the symbol cell. No curses. */
#ifndef BPFKNOBS_TUI_TEXT_FORMAT_H
#define BPFKNOBS_TUI_TEXT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "refresh/prog_session.h"

/* A size for a table cell, rounded to fit at most 7 characters: "0 B",
 * "1023 B", "1.2 KiB", "12 KiB", "3.4 MiB". Sentences spell sizes out
 * instead, exact where they can be (units_format_bytes() in base/units.h). */
void format_size_cell(uint64_t bytes, char *buf, size_t size);

/* The interval for the header: "1 s", "0.5 s", "2.5 s", "10 min". */
void format_interval(double seconds, char *buf, size_t size);

/* "systemd(1)", "bpftrace(812) +2" for more holders; "kernel" when only
 * the kernel holds the program (attached to a hook, or pinned). */
void format_owner(const struct prog *p, char *buf, size_t size);
/* The same without pids, for a narrow column: "bpftrace +2". */
void format_owner_short(const struct prog *p, char *buf, size_t size);

/* The symbol cell: the main function's symbol ("... +1" with subprograms),
 * else why there is none. *is_reason tells which. */
void format_symbol(const struct prog_list *list, const struct prog *p, char *buf,
		   size_t size, bool *is_reason);

#endif
