/* The kernel's own symbols from /proc/kallsyms, by address: what a
 * translated program's helper and kfunc calls and the machine code's call
 * targets are named by (bpftool's kernel_syms_load() does the same). The
 * kernel formats the file line by line, over 100,000 lines, so it costs
 * about 100 ms to read: a session reads it once, on the first code view,
 * and keeps it. The [bpf] section (programs' JIT symbols, O(n^2) for the
 * kernel to print) is read only when asked for. */
#ifndef BPFKNOBS_INSPECT_KERNEL_SYMS_H
#define BPFKNOBS_INSPECT_KERNEL_SYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/procroot.h"

struct kernel_sym {
	uint64_t addr;
	uint32_t name; /* offset into the pool */
};

struct kernel_syms {
	struct kernel_sym *v; /* by address; equal addresses keep file order */
	size_t nr;
	char *pool;
	size_t pool_len;
	uint64_t call_base;   /* __bpf_call_base, 0 when not found or hidden */
	bool addrs_hidden;    /* every address read as 0 (kptr_restrict, no CAP_SYSLOG) */
	bool with_bpf;        /* the [bpf] section was read too */
};

/* Reads root's kallsyms: the kernel's and modules' symbols, and with
 * with_bpf the programs' JIT symbols too. 0 or -errno; out is zeroed on
 * failure. */
int kernel_syms_read(const struct procroot *root, bool with_bpf, struct kernel_syms *out);

/* Parses kallsyms text (tests, and the reader above). */
int kernel_syms_parse(const char *text, size_t len, bool with_bpf, struct kernel_syms *out);

/* The first name at exactly addr, NULL when none (address 0 never). */
const char *kernel_syms_at(const struct kernel_syms *ks, uint64_t addr);

/* The name of the symbol addr falls in and addr's offset into it: "name+0x1c"
 * into buf; false when addr is before every symbol. */
bool kernel_syms_near(const struct kernel_syms *ks, uint64_t addr, char *buf, size_t size);

void kernel_syms_free(struct kernel_syms *ks);

#endif
