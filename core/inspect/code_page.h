/* A page of a program's code as rows: the translated instructions of one
 * function (its prototype, the source lines from BTF, jump labels, each
 * instruction in the kernel's notation with what bpfknobs adds), or its
 * machine code disassembled by capstone at the function's kallsyms
 * address, with the source lines the JIT placed there. A page is built
 * from what prog_code_read() read, on demand, and holds at most the rows
 * asked for: a program of a million instructions is never rendered
 * whole. The browser's code view and --dump-prog render the same rows. */
#ifndef BPFKNOBS_INSPECT_CODE_PAGE_H
#define BPFKNOBS_INSPECT_CODE_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inspect/prog_code.h"

enum code_row_kind {
	CODE_ROW_FUNC,    /* a function starts: text is its prototype ("" without BTF) */
	CODE_ROW_LABEL,   /* a jump target: label */
	CODE_ROW_SOURCE,  /* a source line (line: the record) */
	CODE_ROW_INSN,    /* a translated instruction (insn) */
	CODE_ROW_MACHINE, /* a machine instruction (addr, bytes) */
};

#define CODE_ROW_TEXT 192
#define CODE_ROW_NOTE 160

struct code_row {
	enum code_row_kind kind;
	uint32_t insn;        /* INSN, LABEL: the instruction; SOURCE: its first instruction */
	uint32_t insn_end;    /* SOURCE: the instruction after its last one */
	size_t line;          /* SOURCE: the line record */
	size_t label;         /* LABEL: its number; INSN: the label it jumps to, 0 when none */
	uint64_t addr;        /* MACHINE: where it is */
	uint8_t bytes[16];    /* MACHINE */
	uint8_t nr_bytes;
	bool blinded;         /* part of a constant the JIT blinded (bpf_jit_harden) */
	int64_t blinded_value; /* the constant, on the pair's first row */
	bool blinded_first;
	uint32_t map_id;      /* INSN: the map it refers to, 0 when none */
	char text[CODE_ROW_TEXT]; /* INSN: bpftool's text "(b7) r0 = 0"; MACHINE: the instruction */
	char note[CODE_ROW_NOTE]; /* what bpfknobs adds, "" when nothing */
};

/* The translated instructions of function f from instruction first (an
 * index into the program) on, as at most max rows into rows; *next gets
 * the first instruction not shown (the function's end when all were).
 * Returns the rows written. */
size_t code_page_xlated(const struct prog_code *code, size_t f, uint32_t first, size_t max,
			struct code_row *rows, uint32_t *next);

/* The machine code of function f from byte offset off (into the
 * function, at an instruction boundary) on, at most max rows; *next gets
 * the offset after the last instruction shown (the function's length at
 * its end). Returns the rows written, 0 when there is no machine code. */
size_t code_page_machine(const struct prog_code *code, size_t f, uint32_t off, size_t max,
			 struct code_row *rows, uint32_t *next);

/* The name of the syntax the machine code is in ("x86-64, AT&T syntax as
 * objdump prints it"), or why it cannot be disassembled here. */
const char *code_page_machine_arch(bool *supported);

/* One row as a line of text: "   12: (b7) r0 = 0", "L3:", "; src [file:..
 * line_num:.. line_col:..]", "ffffffffc0001234: movl %eax, %ebx", with the
 * note after "  # ". */
void code_row_line(const struct prog_code *code, const struct code_row *row, char *buf,
		   size_t size);

#endif
