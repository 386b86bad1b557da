/* Loads the test programs of tests/bpf/testprogs.bpf.c (embedded through the
 * bpftool skeleton, so no path is needed) and a few built from raw
 * instructions, one copy per call. Shared by tests/helpers/progs_loader,
 * tests/unit/progs/test_progs and tests/helpers/bench_progs. */
#ifndef BPFKNOBS_TESTS_BPF_LOAD_H
#define BPFKNOBS_TESTS_BPF_LOAD_H

#include <stddef.h>

enum testprogs_kind {
	TESTPROGS_SINGLE,  /* one function, BTF: bk_single */
	TESTPROGS_SUBPROG, /* bk_subprog calling the subprogram bk_helper, BTF */
	TESTPROGS_BTF,     /* BTF name longer than the 15-character program name */
	TESTPROGS_NOBTF,   /* raw instructions, name bk_nobtf, no BTF */
	TESTPROGS_UNNAMED, /* raw instructions, no name, no BTF */
	TESTPROGS__COUNT,
};

struct testprogs_kind_info {
	const char *kind;      /* "single", as progs_loader --kind takes it */
	const char *prog_name; /* bpf_prog_info.name: at most 15 characters */
	const char *btf_name;  /* the BTF name of the main function, NULL without BTF */
	const char *sub_name;  /* the BTF name of the subprogram, NULL when none */
	size_t nr_funcs;       /* JITed functions */
};

extern const struct testprogs_kind_info testprogs_kinds[TESTPROGS__COUNT];

/* -1 when name is no kind. */
int testprogs_kind_parse(const char *name);

/* Loads one copy. Returns the program fd (closing it unloads the program),
 * or -errno. libbpf's messages go wherever libbpf_set_print() sends them. */
int testprogs_load(enum testprogs_kind kind);

#endif
