/* One open file of one process that is a BPF object, or carries one: what
 * both ways of finding holders report (the kernel iterator, holders_iter.h;
 * the /proc scan, fdscan.h), and what the readers above take. */
#ifndef BPFKNOBS_HOLDERS_HOLDER_H
#define BPFKNOBS_HOLDERS_HOLDER_H

#include <stdint.h>
#include <sys/types.h>

enum holder_kind {
	HOLDER_OTHER,      /* a file, pipe, eventfd, ...: nothing of BPF's */
	HOLDER_PROG,       /* a program fd (anon_inode:bpf-prog): id and prog_id the program */
	HOLDER_LINK,       /* a link fd (bpf_link, bpf-link): id the link, prog_id its program */
	HOLDER_MAP,        /* a map fd (bpf-map): id the map */
	HOLDER_PERF_EVENT, /* a perf event ([perf_event]): prog_id its program, 0 none or not known */
	HOLDER_STATS,      /* a BPF_ENABLE_STATS fd (bpf-stats): the kernel counts runs while it is open */
	HOLDER_SOCKET,     /* a socket whose filter is an eBPF program: prog_id that program */
	/* no file: the process runs seccomp filters (classic BPF, JITed and
	 * charged like programs), id how many (task->seccomp.filter_count);
	 * only the iterator reports them, at the process's first file */
	HOLDER_SECCOMP,
	HOLDER__COUNT,
};

/* A set of kinds. */
#define HOLDER_BIT(kind) (1u << (kind))

struct holder {
	pid_t pid;        /* the process (its thread group), in this process's pid namespace */
	pid_t ppid;       /* its parent process, the same way; 0 when not known */
	int fd;
	enum holder_kind kind;
	uint32_t id;      /* the program, link or map id; 0 for the kinds without one */
	uint32_t prog_id; /* the program it holds or carries; 0 for none or not known */
	/* that program's exception table entries plus one, as the iterator
	 * read them (prog->aux->num_exentries + 1); 0 when not read */
	uint32_t prog_extable;
	/* which open file this is, for caches keyed by it: the perf event's
	 * id (perf_event.id) from the iterator, a number the /proc scan gives
	 * each classification; 0 when neither */
	uint64_t ident;
	char comm[16];    /* "" when not read */
};

#endif
