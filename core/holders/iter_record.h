/* What bpfknobs' holders iterator (holders_iter.bpf.c) writes for each open
 * file that is a BPF object or carries one, and the variables it shares
 * with holders_iter.c. Included by both the BPF program (clang -target bpf)
 * and the tool, so only kernel UAPI types. */
#ifndef BPFKNOBS_HOLDERS_ITER_RECORD_H
#define BPFKNOBS_HOLDERS_ITER_RECORD_H

#include <linux/types.h>

/* enum holder_kind's values (holder.h), which holders_iter.c checks */
#define ITER_KIND_PROG 1
#define ITER_KIND_LINK 2
#define ITER_KIND_MAP 3
#define ITER_KIND_PERF_EVENT 4
#define ITER_KIND_STATS 5
#define ITER_KIND_SOCKET 6
/* not a file: a process's seccomp filters, id their count (written at
 * the first of its files met, only when it runs some) */
#define ITER_KIND_SECCOMP 7

struct iter_record {
	__u32 pid;     /* the process (thread group), in the reader's pid namespace */
	__u32 fd;
	__u32 kind;    /* ITER_KIND_* */
	__u32 id;      /* program, link or map id; a seccomp record's count */
	__u32 prog_id; /* the program held or carried */
	/* that program's exception table entries plus one
	 * (prog->aux->num_exentries + 1), 0 when not read */
	__u32 prog_extable;
	__u32 ppid;    /* the process's parent (thread group), in the reader's pid namespace */
	__u32 pad;
	__u64 ident;   /* a perf event's id (perf_event.id), else 0 */
	char comm[16]; /* the thread group leader's */
};

#endif
