/* The capstone disassembler, opened when machine code is first shown.
 * Linked at start, libcapstone's 84,000 relocations would cost every run
 * of bpfknobs (each --prometheus of a timer, each --json) 3 MiB of memory
 * and the time to apply them, for a disassembler few runs use. */
#ifndef BPFKNOBS_INSPECT_CAPSTONE_CALLS_H
#define BPFKNOBS_INSPECT_CAPSTONE_CALLS_H

#include <capstone/capstone.h>

struct capstone_calls {
	__typeof__(cs_open) *open;
	__typeof__(cs_option) *option;
	__typeof__(cs_malloc) *malloc;
	__typeof__(cs_disasm_iter) *disasm_iter;
	__typeof__(cs_insn_group) *insn_group;
	__typeof__(cs_free) *free;
	__typeof__(cs_close) *close;
};

/* The library's calls, opened once (thread-safe), or NULL when it cannot
 * be opened; capstone_calls_problem() then says why and what to install. */
const struct capstone_calls *capstone_calls(void);
const char *capstone_calls_problem(void);

#endif
