/* Short forms of the model's values for table cells and detail lines:
 * sizes, times, types, owners, the JIT and symbol cells, each narrowed to
 * its column the way columns.h's budget says. No curses. */
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

/* The programs a table shows: indexes into list->progs (rows NULL: all). */
struct format_shown {
	const struct prog_list *list;
	const size_t *rows;
	size_t nr_rows;
};

/* The part of p's main symbol a person reads: the name after
 * bpf_prog_<tag>_ ("sd_devices"), after the tag's first 8 digits
 * ("6deef735_sd_devices") where another program shown has a symbol that
 * would read the same with another tag; the tag alone for a program
 * without a name. "" without a symbol. */
void format_symbol_readable(const struct format_shown *shown, const struct prog *p, char *buf,
			    size_t size);

/* The symbol cell's shorter form, for where the whole symbol (or the
 * sentence of why there is none) is too wide: the readable part, " +N" for
 * N subprograms kept where cols cuts the name; the reason in a word
 * ("ksyms=0", "hardened"). */
void format_symbol_short(const struct format_shown *shown, const struct prog *p, int cols,
			 bool utf8, char *buf, size_t size);

/* The JIT cell. With compact (no SYMBOL column beside it) the state of
 * the program's JIT image: its size, " +N" for N subprograms, or the word
 * for why it has no symbol ("no JIT", "hardened"); without, the size or
 * "-". *is_reason is set for a reason. */
void format_jit(const struct prog_list *list, const struct prog *p, bool compact, char *buf,
		size_t size, bool *is_reason);
/* Its shorter form: the size alone, or the reason's word. */
void format_jit_short(const struct prog_list *list, const struct prog *p, char *buf,
		      size_t size);

/* A shorter form of a program type's name longer than TYPE's ideal width
 * (12): the kernel's sk_filter, "cg_" as in cg_skb, libbpf's raw_tp; the
 * name itself when it has none. */
const char *format_type_short(const char *name);

#endif
