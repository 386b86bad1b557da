/* The knobs by id, in the order the tool shows them: one X-macro line per
 * row of knob_table[] (knob_table.c), so that code and tests name a knob as
 * KNOB_JIT_HARDEN, never by its sysctl string. The five eBPF knobs come
 * first; related knobs (knob_def.related) follow them. */
#ifndef BPFKNOBS_KNOBS_KNOB_IDS_H
#define BPFKNOBS_KNOBS_KNOB_IDS_H

#define KNOB_IDS(X)                                                      \
	X(KNOB_UNPRIV_DISABLED, "kernel.unprivileged_bpf_disabled") \
	X(KNOB_JIT_ENABLE, "net.core.bpf_jit_enable")                 \
	X(KNOB_JIT_HARDEN, "net.core.bpf_jit_harden")                 \
	X(KNOB_JIT_KALLSYMS, "net.core.bpf_jit_kallsyms")             \
	X(KNOB_JIT_LIMIT, "net.core.bpf_jit_limit")                   \
	X(KNOB_STATS_ENABLED, "kernel.bpf_stats_enabled")

enum knob_id {
#define KNOB_ID_ENUM(id, name) id,
	KNOB_IDS(KNOB_ID_ENUM)
#undef KNOB_ID_ENUM
	KNOB__COUNT
};

#endif
