/* The model of the BPF programs the kernel has loaded: each program with
 * its JITed functions and their names, its maps, the processes and hooks
 * that hold it, its statistics; and the JIT images of no program. The
 * types, the one destructor and the accessors live here; filling them is
 * for the readers (prog_info.c, prog_maps.c, prog_owners.c, ksyms/,
 * attach/) and the refresh that drives them (refresh/prog_session.c). */
#ifndef BPFKNOBS_PROGS_PROG_H
#define BPFKNOBS_PROGS_PROG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "knobs/knob.h"
#include "progs/attachment.h"
#include "stats/prog_rates.h"
#include "stats/stats_state.h"

/* One JITed function: the main program or a subprogram. */
struct prog_symbol {
	uint64_t addr;  /* from bpf_prog_info.jited_ksyms; 0 when the kernel hides it */
	uint32_t len;   /* from bpf_prog_info.jited_func_lens */
	char *name;     /* the /proc/kallsyms name at addr, NULL when not resolvable */
};

/* How a process holds a program: --json's "via". */
enum prog_owner_via {
	PROG_VIA_PROG_FD,       /* a program fd */
	PROG_VIA_LINK_FD,       /* a link fd of the program */
	PROG_VIA_PERF_EVENT_FD, /* a perf event the program is attached to */
	PROG_VIA_SOCKET,        /* a socket filter on one of its sockets */
};

/* A process holding the program, once per way it holds it. */
struct prog_owner {
	pid_t pid;
	char comm[16];
	enum prog_owner_via via;
	int fd;           /* the first such fd; -1 when not known (a socket) */
	uint32_t link_id; /* the link of a link fd, else 0 */
	/* not told by the kernel but concluded: a socket with an eBPF filter
	 * in the one process that can hold this program (attach.c) */
	bool inferred;
};

/* A map a program uses, as bpf_map_info and the map's fdinfo describe it
 * (bpftool map show's fields). */
struct prog_map {
	uint32_t id;
	uint32_t type;          /* enum bpf_map_type */
	const char *type_name;  /* bpf_names_map_type(): "hash", or "type 99" */
	char name[16];          /* may be "" */
	uint32_t key_size, value_size, max_entries;
	uint32_t flags;         /* map_flags: BPF_F_NO_PREALLOC, BPF_F_RDONLY_PROG... */
	uint64_t memlock;       /* bytes, fdinfo's memlock; 0 when unknown */
	uint32_t btf_vmlinux_value_type_id; /* struct_ops: the kernel struct it implements */
};

struct prog {
	uint32_t id;
	uint32_t type;           /* enum bpf_prog_type */
	const char *type_name;   /* bpf_names_prog_type(): "netfilter", or "type 99" */
	char name[16];           /* bpf_prog_info.name: at most 15 characters, may be "" */
	char *btf_name;          /* the main function's BTF name (may be longer), NULL without BTF */
	char tag[17];            /* 16 hex digits, as bpftool prints it */
	struct timespec load_time; /* wall-clock (CLOCK_REALTIME) */
	uint32_t uid;
	char user[32];           /* user name of uid, or the number when it has none */
	uint32_t bytes_xlated, bytes_jited; /* bytes_jited 0: not JITed */
	/* what the kernel charges its JIT images against net.core.bpf_jit_limit,
	 * in bytes (jitmem/jitmem.c); 0 when not JITed or not known */
	uint64_t jit_charge;
	/* the entries of its exception table (prog->aux->num_exentries: one
	 * per load through a BTF pointer), which the JIT allocates after the
	 * image unreported; known when bpfknobs' iterator read a holder's
	 * file of it (holders/prog_owners.c) */
	uint32_t extable_entries;
	bool extable_known;
	bool gpl_compatible;
	/* loaded by this bpfknobs process (own.h): one of its own iterators
	 * or readers, gone when it exits */
	bool ours;
	uint64_t memlock;        /* bytes, from fdinfo; 0 when unknown */
	uint32_t *map_ids;
	uint32_t nr_map_ids;
	/* the maps of map_ids that could be read (prog_maps.c), in that order;
	 * maps_error is -errno when some could not be (-EPERM) */
	struct prog_map *maps;
	size_t nr_maps;
	int maps_error;
	uint32_t btf_id;         /* 0 when none */
	uint32_t verified_insns;
	/* the kernel has no such field (it came in 5.16): verified_insns means
	 * nothing, and the tool says "not reported by this kernel", never 0 */
	bool verified_insns_absent;
	struct prog_stats stats;  /* run_cnt, run_time_ns, recursion_misses, and the rate */
	struct prog_owner *owners; /* none: held only by the kernel (attached, pinned) */
	size_t nr_owners, owners_cap;
	/* Where it is attached and where it is pinned (attach.c): attachments
	 * is NULL with attachments_error (a static sentence) when they could
	 * not be gathered; attachments_incomplete names a source that failed. */
	struct attachment *attachments;
	size_t nr_attachments, attachments_cap;
	const char *attachments_error, *attachments_incomplete;
	char **pins;
	size_t nr_pins, pins_cap;
	/* holder_unknown: no process, pin or hook that bpfknobs can see holds
	 * it, yet it is loaded: a static sentence on what may (a socket, a map
	 * of programs); NULL otherwise */
	const char *holder_unknown;
	struct prog_symbol *syms; /* one per JITed function, main function first */
	size_t nr_syms;
	/* NULL when every symbol resolved, else one sentence saying why not,
	 * naming the knob involved (bpf_jit_kallsyms, bpf_jit_harden, ...);
	 * static storage. While a background read is pending it says so. */
	const char *symbols_missing;
};

/* What decides whether the kernel lists BPF symbols right now and shows
 * this process their addresses; filled by the caller from the knob snapshot. */
struct prog_context {
	/* as read: bpf_jit_kallsyms and bpf_jit_harden decide the listing
	 * (knob_values_list_symbols()) */
	struct knob_values knobs;
	long kptr_restrict; /* kernel.kptr_restrict, -1 unknown: 2 hides addresses even from CAP_SYSLOG */
	bool cap_syslog;    /* this process may see kernel addresses */
};

/* A struct_ops map registered with the kernel (a TCP congestion control,
 * a sched_ext scheduler...): what its trampolines serve (jit_images.c). */
struct prog_struct_ops_member {
	char *name;        /* the struct's member: "ssthresh" */
	uint32_t prog_id;  /* the program the kernel put there */
};

struct prog_struct_ops {
	uint32_t map_id;
	char map_name[16];
	char *struct_name;  /* "tcp_congestion_ops" */
	char *ops_name;     /* the value's name member (the congestion control's
			     * name), NULL when the struct has none */
	struct prog_struct_ops_member *members; /* the members set, in struct order */
	size_t nr_members;
};

/* What one of prog_list.others serves, as far as the kernel says. */
enum prog_image_kind {
	PROG_IMAGE_OTHER,
	PROG_IMAGE_TRAMPOLINE,  /* bpf_trampoline_<key>: fentry, fexit, lsm, freplace */
	PROG_IMAGE_DISPATCHER,  /* bpf_dispatcher_<name>: bpf_dispatcher_xdp */
	PROG_IMAGE_STRUCT_OPS,  /* bpf__<struct>_<member> */
};

struct prog_image {
	enum prog_image_kind kind;
	char *serves;  /* one sentence; NULL when nothing is known */
};

/* How the processes holding programs were found (holders/holders.c):
 * --json's "holders". */
enum prog_holders_source {
	PROG_HOLDERS_NONE,     /* not looked for: programs are not listed, or a --proc tree */
	PROG_HOLDERS_ITERATOR, /* bpfknobs' task_file iterator, in the kernel */
	PROG_HOLDERS_PROC,     /* the scan of /proc/<pid>/fd: the fallback */
};

struct prog_holders {
	enum prog_holders_source source;
	/* every process was read for this list: no holder is missing */
	bool complete;
	/* every process was read at least once, in this list or an earlier
	 * one (a walk the budget spreads over refreshes) */
	bool covered;
	/* when not complete: processes read (in this refresh, or so far when
	 * not covered), of how many */
	size_t nr_read, nr_procs;
	/* why not complete, or what the source cannot tell, in words; "" when
	 * there is nothing to say (complete, from the iterator) */
	char reason[768];
};

struct prog_list {
	int error;             /* 0, or -errno when programs cannot be listed (-EPERM: no CAP_SYS_ADMIN) */
	const char *error_text; /* the sentence for error, NULL when 0 */
	struct prog *progs; /* by id */
	size_t nr_progs;
	/* [bpf] entries of /proc/kallsyms that belong to no program: trampolines,
	 * the XDP dispatcher, struct_ops trampolines. Sorted by address; len is
	 * 0 (kallsyms gives no lengths). */
	struct prog_symbol *others;
	size_t nr_others;
	/* what each of others serves (parallel to it, NULL when not described)
	 * and the struct_ops maps registered now (jit_images.c) */
	struct prog_image *images;
	struct prog_struct_ops *struct_ops;
	size_t nr_struct_ops;
	int images_error;      /* -errno when they could not be described, 0 when fine */
	bool symbols_pending;  /* a /proc/kallsyms read is under way; names come later */
	int kallsyms_error;    /* -errno of the last /proc/kallsyms read (or of starting it), 0 when fine */
	/* where the symbols named were read: nowhere (none was needed, or
	 * none finished), /proc/kallsyms, or bpfknobs' ksym iterator, which
	 * walks the same list (ksyms/ksyms_iter.h) */
	enum prog_kallsyms_source {
		PROG_KALLSYMS_NONE,
		PROG_KALLSYMS_FILE,
		PROG_KALLSYMS_ITERATOR,
	} kallsyms_source;
	/* -errno of the last search for holders, 0 when fine. Owners are
	 * best effort: the list is still valid, but owners may be missing
	 * (out of memory) or as the previous search saw them (unreadable /proc). */
	int owners_error;
	/* How the owners were found, and whether every process was read. */
	struct prog_holders holders;
	/* Whether the kernel counts runs now (the sysctl, and the processes
	 * holding BPF_ENABLE_STATS fds); filled also when programs cannot be
	 * listed. */
	struct stats_state stats;
};

/* Silences libbpf (libbpf_set_print) so it never writes over a screen.
 * Idempotent; prog_session_new() and prog_session_refresh() call it too. */
void prog_quiet_libbpf(void);

/* The name bpftool shows: the BTF name when the 15 characters of the
 * program name were not enough for it (as bpftool's get_prog_full_name()
 * decides), else the program name; "" for an unnamed program. */
const char *prog_full_name(const struct prog *prog);

/* The digits of the largest id in list (1 when it is empty): the width a
 * table needs so that no id is cut. Ids are u32s the kernel never reuses
 * (idr_alloc_cyclic() in bpf_prog_alloc_id()), so a host that has loaded
 * many programs shows 7 digits and more. */
int prog_list_id_width(const struct prog_list *list);

/* The sentence for a prog_list error (-EPERM, -EOPNOTSUPP, ...). */
const char *prog_list_error_text(int error);

/* Frees a program's attachments and pins (the attachment sources refill
 * them at each walk). */
void prog_clear_attachments(struct prog *p);

/* Frees what one program owns (names, arrays, symbols, attachments, pins)
 * and zeroes it. */
void prog_clear(struct prog *p);

/* Frees an array of symbols and their names; NULL is fine. */
void prog_symbols_free(struct prog_symbol *syms, size_t nr);

/* Frees what describes the other JIT images: nr_images descriptions and
 * nr_struct_ops struct_ops maps; NULL is fine. */
void prog_images_free(struct prog_image *images, size_t nr_images,
		      struct prog_struct_ops *struct_ops, size_t nr_struct_ops);

/* Frees everything list holds and zeroes it: the one destructor of the
 * model. NULL is fine. */
void prog_list_free(struct prog_list *list);

#endif
