/* The [bpf] section of /proc/kallsyms, looked up by address.
 *
 * Only JIT symbols of the [bpf] section are kept: the ~120k core-kernel
 * and module lines are scanned and dropped. Names are not unique (identical
 * programs share a tag, hence a name), so lookups are by address only. */
#ifndef BPFKNOBS_KSYMS_KSYMS_TABLE_H
#define BPFKNOBS_KSYMS_KSYMS_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* KSYM_NAME_LEN (include/linux/kallsyms.h) is 512 including the NUL */
#define KSYMS_NAME_MAX 511

struct ksyms_sym {
	uint64_t addr;
	char type;  /* 't' for every BPF symbol today */
	char *name; /* e.g. "bpf_prog_6deef7357e7b4530_foo" */
};

struct ksyms_table {
	struct ksyms_sym *syms; /* [bpf] entries, sorted by addr after a successful read */
	size_t nr_syms;
	size_t nr_lines;     /* all lines seen in the file */
	size_t nr_bad_lines; /* lines that could not be parsed (skipped, not fatal) */
	/* The file had lines but every address was 0: kallsyms_show_value()
	 * hides them from a reader without CAP_SYSLOG, or under kptr_restrict. */
	bool addrs_hidden;
	/* read through bpfknobs' ksym iterator (ksyms_iter.h), which passes
	 * on only the [bpf] lines, rather than from the kallsyms file */
	bool from_iterator;
};

/* Reads a kallsyms file and keeps its [bpf] entries. out is overwritten
 * (not freed first). Returns 0, or -errno from open/read, or -ENOMEM; on
 * error out is left zeroed.
 *
 * Non-[bpf] lines only get a cheap check of "<hex> <type> <name...>";
 * [bpf] lines are checked strictly. Malformed lines count in nr_bad_lines.
 * Entries with equal addresses keep file order when the file was already in
 * address order (always so when addresses are hidden); an exact repeat of a
 * non-zero address, type and name (a program loaded or unloaded during the
 * read can make the kernel print an entry twice) is kept once. */
int ksyms_table_read(const char *path, struct ksyms_table *out);

/* Same as ksyms_table_read(), from an open fd (pipes, tests); fd is not closed. */
int ksyms_table_parse(int fd, struct ksyms_table *out);

/* The entry at exactly addr (the first one if several), or NULL. Address 0
 * never matches: it is what every address reads as when they are hidden. */
const struct ksyms_sym *ksyms_table_find(const struct ksyms_table *ks,
					 uint64_t addr);

/* Frees everything; safe on a zeroed struct, leaves it zeroed. */
void ksyms_table_free(struct ksyms_table *ks);

#endif
