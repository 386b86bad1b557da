/* JIT memory in use against net.core.bpf_jit_limit: one reading per
 * refresh, which the snapshot carries for the browser, --list, --json,
 * --prometheus and --check alike.
 *
 * Exact where the kernel allows it: its own counter, bpf_jit_current,
 * read by bpfknobs' BPF program (jit_counter.h), less what bpfknobs' own
 * programs are charged. Else an estimate, labelled with why: the charge of
 * every JIT image that can be seen by the kernel's rules (jit_charge.h):
 * each program's and subprogram's image, trampolines, struct_ops pages,
 * and the classic filters that can be counted (jit_classic.h). With an
 * exact reading the same parts are shown, and what none of them explains. */
#ifndef BPFKNOBS_JITMEM_JITMEM_H
#define BPFKNOBS_JITMEM_JITMEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/privs.h"
#include "base/procroot.h"
#include "jitmem/jit_charge.h"
#include "jitmem/jit_classic.h"
#include "jitmem/jit_counter.h"
#include "knobs/knob.h"
#include "progs/prog.h"

/* The share of the limit past which the browser's header and --list warn. */
#define JITMEM_WARN_PERCENT 80

enum jitmem_method {
	JITMEM_NONE,     /* not known: a --proc tree, no privileges */
	JITMEM_COUNTER,  /* exact: the kernel's bpf_jit_current */
	JITMEM_ESTIMATE, /* the charges of what can be seen */
};

/* One kind of JIT image: how many, and what they are charged. */
struct jitmem_part {
	uint64_t count;
	uint64_t bytes;
};

struct jitmem_reading {
	enum jitmem_method method;
	bool exact;              /* method == JITMEM_COUNTER */
	uint64_t used_bytes;     /* valid unless method is JITMEM_NONE */
	bool limit_known;        /* net.core.bpf_jit_limit could be read */
	uint64_t limit_bytes;
	/* Why the reading is not exact, one sentence; "" when exact. A copy
	 * of the struct carries it along. */
	char reason[256];

	/* exact: the counter as read (bytes), and the part of it that is
	 * bpfknobs' own programs' (the reader's among them) */
	uint64_t counter_bytes;
	uint64_t own_bytes;
	uint32_t reader_id;      /* the reader's program id, 0 when none */

	/* the visible parts (both methods), bpfknobs' own programs left out */
	bool progs_known;        /* the program list could be read */
	struct jitmem_part progs;      /* JITed programs, their images' charge */
	uint64_t nr_funcs;             /* their JITed functions (images) */
	bool progs_approximate;        /* a multi-function program's lengths were hidden */
	bool images_known;             /* /proc/kallsyms listed the other images */
	struct jitmem_part trampolines;
	struct jitmem_part struct_ops;  /* struct_ops maps, a page each where charged */
	uint64_t dispatchers;           /* bpf_dispatcher_* images: never charged */
	struct jit_classic_seccomp seccomp;
	struct jit_classic_packet packet;
	struct jitmem_part classic;     /* the classic filters counted, at least one unit each */
	uint64_t visible_bytes;         /* programs + trampolines + struct_ops + classic */
	/* exact only: counter - own - visible; negative when the visible parts
	 * are estimated above the counter */
	int64_t unexplained_bytes;

	struct jit_charge_rules rules;
	/* What happens past the limit on this kernel: the bpf_jit_limit row's
	 * fact that holds here (knob_table.c), "" when unknown. */
	char past_limit[256];
	char past_limit_brief[64];
};

/* Whether the header should warn: use known, limit known, above
 * JITMEM_WARN_PERCENT of it. */
bool jitmem_warns(const struct jitmem_reading *r);

/* Use in percent of the limit (may pass 100); -1 when either is unknown. */
double jitmem_percent(const struct jitmem_reading *r);

struct jitmem;

/* NULL when out of memory. */
struct jitmem *jitmem_new(void);
/* Unloads the counter's reader; NULL is fine. */
void jitmem_free(struct jitmem *jm);

/* Gets the counter's reader ready for the kernel below root, built with
 * kconfig, for a process with privs, the refresh's reading of them (see
 * jit_counter_prepare()): called at each refresh ahead of the programs'
 * enumeration (and of a /proc/kallsyms read that is to list the reader), so
 * that the first reading finds it settled; a no-op once done. */
void jitmem_prepare(struct jitmem *jm, const struct procroot *root, const struct privs *privs,
		    const struct kconfig *kconfig);

/* What the reading needs from the rest of the snapshot. */
struct jitmem_input {
	const struct procroot *root;
	const struct privs *privs;
	unsigned kver;
	const char *machine;
	const struct kconfig *kconfig;
	/* the knob JIT memory is charged against (knob_def.shows_jit_memory)
	 * and its reading; NULL when there is none */
	const struct knob_def *limit_def;
	const struct knob_reading *limit;
	/* /proc/kallsyms lists BPF images now (knob_values_list_symbols()), so
	 * the program list's other images are all of them */
	bool kallsyms_listed;
	/* the processes running seccomp filters, as a walk that met every
	 * process with a file open just read them (the holders iterator's);
	 * when not known, the /proc walk counts them */
	bool seccomp_known;
	struct jit_classic_proc *seccomp_procs; /* sorted here */
	size_t nr_seccomp_procs;
};

/* One reading; fills each program's jit_charge. Never fails as a whole:
 * what could not be read says why. progs is written only for that. */
void jitmem_read(struct jitmem *jm, const struct jitmem_input *in, struct prog_list *progs,
		 struct jitmem_reading *out);

/* How many /proc walks for seccomp counts the state has made. */
unsigned long jitmem_nr_walks(const struct jitmem *jm);

/* Whether the charge of p includes its exception table, and how many
 * entries (*entries): where bpfknobs' iterator read them, for a program of
 * one function (a multi-function program's table is split among its
 * functions in a way the kernel does not tell: left out). */
bool jitmem_prog_extable(const struct prog *p, uint32_t *entries);

/* The row of the knob list: "in use 1.2 MiB of 504 MiB, exact", "about
 * 1.2 MiB of 504 MiB, estimated"; "" when not known. */
void jitmem_row_text(const struct jitmem_reading *r, char *buf, size_t size);

/* The method as --json names it: "bpf_jit_current", "estimate", "none". */
const char *jitmem_method_name(enum jitmem_method method);

/* "[#####...............] 27 %" for a bar of cols cells; "" when unknown. */
void jitmem_gauge(const struct jitmem_reading *r, int cols, char *buf, size_t size);

/* What the estimate cannot see, one sentence. */
const char *jitmem_unseen_text(void);

/* How far the estimate was found from the counter on the kernels where
 * both can be read (make check-kernels), one sentence. */
const char *jitmem_accuracy_text(void);

#endif
