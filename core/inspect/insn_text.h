/* One translated BPF instruction in the kernel's notation, as bpftool
 * prints `prog dump xlated` ("(b7) r0 = 0", "(85) call bpf_map_lookup_elem#
 * 12345", "(18) r1 = map[id:42]"): written for bpfknobs after the format of
 * kernel/bpf/disasm.c print_bpf_insn() and bpftool's xlated_dumper.c
 * callbacks, so that the two can be compared line by line. Nothing here
 * reads the kernel; the names come from the caller. */
#ifndef BPFKNOBS_INSPECT_INSN_TEXT_H
#define BPFKNOBS_INSPECT_INSN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/bpf.h>

/* BPF_REG_AX, the register the kernel's rewrites use (constant blinding in
 * bpf_jit_blind_insn(), kernel/bpf/core.c): r11, never a program's own. */
#define INSN_REG_AX 11

/* How calls are named, as bpftool's print_call() does it. */
struct insn_names {
	/* The kernel symbol at exactly addr, NULL when none (or unknown). */
	const char *(*kernel_sym)(const void *arg, uint64_t addr);
	const void *arg;
	/* __bpf_call_base: a helper or kfunc call's imm is its address minus
	 * this (BPF_CALL_IMM() in include/linux/filter.h); 0 when hidden */
	uint64_t call_base;
	/* the program's JITed functions (jited_ksyms): a BPF-to-BPF call's imm
	 * is the callee's index; nr 0 for an interpreted program */
	const uint64_t *func_addrs;
	size_t nr_funcs;
};

/* The name of helper id (bpf_map_lookup_elem), NULL when unknown. */
const char *insn_helper_name(int32_t id);

/* The instructions insn takes: 2 for a 64-bit immediate load, else 1. */
unsigned insn_width(const struct bpf_insn *insn);

/* Writes the text of insn (its opcode in parentheses, then the C-like
 * text, no newline) into buf. nr_left counts insn and the instructions
 * after it (a 64-bit load reads the next one). names may be NULL. Returns
 * the length written (cut to size). */
size_t insn_text(const struct bpf_insn *insn, size_t nr_left, const struct insn_names *names,
		 char *buf, size_t size);

/* A jump's target: the index of the instruction it may go to, or -1 when
 * insn is no jump within the function (calls, exit, gotox). */
long insn_jump_target(const struct bpf_insn *insn, size_t index);

/* A constant the JIT blinded (bpf_jit_harden): the kernel moves imm ^ rnd
 * into r11 and xors it with rnd (bpf_jit_blind_insn()). true when insn and
 * the one after it are that pair; *value gets the constant as the program
 * had it (the 32 bits the pair carries, sign-extended as the instruction
 * class does). */
bool insn_blinded_pair(const struct bpf_insn *insn, size_t nr_left, int64_t *value);

#endif
