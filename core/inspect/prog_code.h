/* Inside one program: its translated instructions (xlated_prog_insns),
 * the machine code the JIT made, its functions (BTF func info, or the
 * BPF-to-BPF calls' targets), its source lines (BTF line info) and where
 * the JIT put each line (jited_line_info), read once by id with
 * BPF_OBJ_GET_INFO_BY_FD, on demand: when a code view opens or
 * --dump-prog runs, never on a refresh. What the kernel withholds is
 * said with the reason. The listing of a page of it is code_page.h. */
#ifndef BPFKNOBS_INSPECT_PROG_CODE_H
#define BPFKNOBS_INSPECT_PROG_CODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

#include "base/procroot.h"
#include "inspect/insn_text.h"
#include "inspect/kernel_syms.h"

struct btf;
struct bpf_prog_linfo;

/* One function: the main program (index 0) or a subprogram. */
struct prog_code_func {
	uint32_t first_insn, nr_insns; /* its translated instructions */
	char *name;                    /* its BTF name, NULL without BTF */
	char *proto;                   /* "int f(struct __sk_buff *skb)", NULL without BTF */
	uint64_t addr;                 /* where the JIT put it; 0 when hidden or not JITed */
	uint32_t jited_off, jited_len; /* its bytes in jited */
	char *symbol;                  /* the /proc/kallsyms name at addr, NULL when none */
};

/* A map the program uses, for naming map[id:N]. */
struct prog_code_map {
	uint32_t id;
	char name[16];
	const char *type_name;
};

struct prog_code {
	uint32_t id, type;
	const char *type_name;
	char name[16];
	char tag[17];
	bool blinded; /* its constants were blinded (bpf_jit_harden) */

	struct bpf_insn *insns; /* NULL with xlated_why */
	uint32_t nr_insns;
	const char *xlated_why;
	unsigned char *jited;   /* NULL with jited_why */
	uint32_t jited_len;
	const char *jited_why;
	const char *names_why;  /* why calls and functions have no names, NULL when they have */

	struct prog_code_func *funcs;
	size_t nr_funcs;
	uint64_t *func_addrs; /* jited_ksyms, for the call texts */

	struct bpf_line_info *lines; /* by insn_off; NULL without BTF */
	uint32_t nr_lines;
	uint64_t *jited_lines;       /* parallel to lines: the JIT's address of each, NULL when not given */
	struct btf *btf;

	struct prog_code_map *maps;
	size_t nr_maps;

	uint32_t *label_targets; /* the jump targets, sorted: label n is label_targets[n - 1] */
	size_t nr_labels;

	const struct kernel_syms *ksyms; /* borrowed, may be NULL */
	struct insn_names names;
};

/* What reading needs from the caller. */
struct prog_code_env {
	const struct procroot *root;
	/* kallsyms as read by the caller (kernel_syms_read()), kept by it;
	 * NULL: calls and functions are named by address only */
	const struct kernel_syms *ksyms;
	/* the names of the program's functions by address, when the caller
	 * already has them (the browser's snapshot), else NULL */
	const char *(*func_name)(const void *arg, uint64_t addr);
	const void *func_name_arg;
};

/* Reads program id. Returns 0 (out filled; parts the kernel withholds have
 * their *_why sentence) or -errno: -ENOENT no such program, -EPERM not
 * allowed (no CAP_SYS_ADMIN), -ENOMEM. */
int prog_code_read(uint32_t id, const struct prog_code_env *env, struct prog_code *out);

/* The sentence for prog_code_read()'s error. */
const char *prog_code_error_text(int err);

void prog_code_free(struct prog_code *code);

/* The function instruction insn belongs to. */
size_t prog_code_func_of(const struct prog_code *code, uint32_t insn);

/* The line record starting at exactly insn, or -1. */
long prog_code_line_at(const struct prog_code *code, uint32_t insn);

/* The source text, file, line and column of line record i: pointers into
 * the program's BTF ("" when it has none). */
const char *prog_code_line_src(const struct prog_code *code, size_t i);
const char *prog_code_line_file(const struct prog_code *code, size_t i);
uint32_t prog_code_line_num(const struct prog_code *code, size_t i);
uint32_t prog_code_line_col(const struct prog_code *code, size_t i);

/* The label number (1...) of instruction insn when a jump goes there, else 0. */
size_t prog_code_label(const struct prog_code *code, uint32_t insn);

/* The map with that id among the program's, NULL when not one of them. */
const struct prog_code_map *prog_code_map(const struct prog_code *code, uint32_t id);

#endif
