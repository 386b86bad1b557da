/* The kernel's own JIT memory counter, bpf_jit_current (kernel/bpf/core.c),
 * read exactly where the kernel allows it: its address from /proc/kallsyms
 * (a data symbol: listed only on kernels built with CONFIG_KALLSYMS_ALL),
 * then one run of bpfknobs' BPF program jit_counter.bpf.c with
 * BPF_PROG_TEST_RUN, which copies the value with bpf_probe_read_kernel().
 * Nothing is attached and nothing in the kernel is written.
 *
 * One reader serves every session of a process: the address is looked up
 * once, in the vmlinux part of /proc/kallsyms (the program symbols after it
 * are never read); the program is loaded when first needed, registered in
 * progs/own.h, and unloaded when the last session lets go of it (or when
 * the process exits, however it exits). Thread-safe. */
#ifndef BPFKNOBS_JITMEM_JIT_COUNTER_H
#define BPFKNOBS_JITMEM_JIT_COUNTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/privs.h"
#include "base/procroot.h"
#include "knobs/kconfig.h"

/* Why the counter could not be read. */
enum jit_counter_why {
	JIT_COUNTER_OK,
	JIT_COUNTER_NOT_LIVE,      /* a --proc tree: no kernel to read */
	JIT_COUNTER_NO_PRIVS,      /* neither CAP_BPF nor CAP_SYS_ADMIN */
	JIT_COUNTER_KALLSYMS,      /* /proc/kallsyms could not be read (err) */
	JIT_COUNTER_NOT_LISTED,    /* no bpf_jit_current in /proc/kallsyms */
	JIT_COUNTER_ADDR_HIDDEN,   /* listed with a zero address (kptr_restrict, CAP_SYSLOG) */
	JIT_COUNTER_LOCKDOWN,      /* lockdown=confidentiality refuses bpf_probe_read_kernel() */
	JIT_COUNTER_LOAD,          /* the reader did not load (err) */
	JIT_COUNTER_RUN,           /* BPF_PROG_TEST_RUN failed (err) */
	JIT_COUNTER_READ,          /* bpf_probe_read_kernel() failed (err) */
};

struct jit_counter_result {
	enum jit_counter_why why;
	int err;                  /* -errno behind why, 0 when none */
	uint64_t raw;             /* the counter as kept: pages before 5.18, else bytes */
	uint32_t reader_id;       /* the reader program's id, 0 when not loaded */
	uint32_t reader_jited_len; /* its JIT image's length, 0 when not JITed */
};

struct jit_counter;

/* A reference to the process's reader; never NULL. */
struct jit_counter *jit_counter_new(void);
/* Drops a reference; the last unloads the reader (unregistering it).
 * NULL is fine. */
void jit_counter_free(struct jit_counter *c);

/* Looks the address up and loads the reader now, where it will be needed
 * (the running kernel, CAP_BPF or CAP_SYS_ADMIN), so that what loading
 * leaves behind has gone by the first reading; nothing otherwise. A
 * kernel whose config (kconfig, may be NULL) says CONFIG_KALLSYMS_ALL is
 * not set lists no bpf_jit_current: /proc/kallsyms is not read then. */
void jit_counter_prepare(struct jit_counter *c, const struct procroot *root,
			 const struct privs *privs, const struct kconfig *kconfig);

/* Reads the counter of the kernel below root: *out says what came of it.
 * The first reading after the load waits until what the load left behind
 * is freed (at least 50 ms after it; see jit_counter.c).
 * Decisions that cannot change (the symbol absent, its address hidden,
 * the reader refused) are kept and not retried. */
void jit_counter_read(struct jit_counter *c, const struct procroot *root,
		      const struct privs *privs, const struct kconfig *kconfig,
		      struct jit_counter_result *out);

/* Finds a symbol's address in the vmlinux part of a /proc/kallsyms text
 * (lines "ADDR TYPE NAME", the vmlinux part ending at the first line with a
 * module column): 0 and *addr (which may be 0: hidden), or -ENOENT. For
 * the tests and the fuzzer; fd is read to its end or the vmlinux part's. */
int jit_counter_find_symbol(int fd, const char *name, uint64_t *addr);

#endif
