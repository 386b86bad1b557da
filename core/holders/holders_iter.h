/* bpfknobs' own task_file iterator (holders_iter.bpf.c), which finds the
 * processes holding BPF objects in the kernel, with no system call per fd
 * and nothing borrowed: as bpftool's and bpftop's pid_iter do, but telling
 * a file's kind on kernels without CONFIG_KALLSYMS_ALL too.
 *
 * The program and its link are loaded once (holders_iter_open()) and kept
 * while the caller runs; each walk creates an iterator fd from the link and
 * reads it. Only this process's fds hold them (nothing is pinned), so the
 * kernel frees them when it exits, SIGKILL included. Their ids are
 * registered in progs/own.h, so that every listing labels them as
 * bpfknobs' own.
 *
 * A walk costs about 0.17 us per open file on the host (the kernel's own
 * task_file_seq_get_next(), measured on Linux 6.18), whoever opened it, so
 * a walk is given a budget of files: the program stops there, and the next
 * walk goes on from the same file. Meanwhile the records are the walk
 * under way's, and the last whole walk's for the processes it has not
 * reached yet. */
#ifndef BPFKNOBS_HOLDERS_ITER_H
#define BPFKNOBS_HOLDERS_ITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "holders/holder.h"

struct holders_iter;

/* Loads and attaches the iterator, which walks this process's pid
 * namespace and names processes by their pids there, as getpid() does.
 * Returns 0, or -errno with a sentence in why (size bytes) saying what the
 * kernel refused and the likely cause. */
int holders_iter_open(struct holders_iter **out, char *why, size_t size);
/* Detaches and unloads it (NULL is fine). */
void holders_iter_free(struct holders_iter *it);

/* What one call of holders_iter_walk() did. */
struct holders_iter_walk {
	bool finished;     /* a whole walk ended in this call: the records are its own */
	bool covered;      /* a whole walk has ended, in this call or before */
	size_t nr_procs;   /* processes met by the walk that ended, or the one under way */
	uint64_t nr_files; /* open files looked at in this call */
};

/* Whether the kernel relocated it, through a loader it ran (own_load.h;
 * Linux 5.17 on), rather than libbpf reading the kernel's BTF here. */
bool holders_iter_in_kernel(const struct holders_iter *it);

/* Whether the records hold every process's seccomp filters (HOLDER_SECCOMP)
 * but those of a process with no file open: this kernel counts them
 * (task->seccomp.filter_count, 5.9) and a whole walk has ended. */
bool holders_iter_counts_seccomp(const struct holders_iter *it);

/* Goes on with the walk under way (or starts one), looking at no more than
 * budget open files. Returns 0 or -errno of the kernel (the records stay as
 * they were), -ENOMEM. */
int holders_iter_walk(struct holders_iter *it, uint64_t budget, struct holders_iter_walk *w);

/* The records of the kinds in the set (HOLDER_BIT()s), by pid then fd,
 * into a malloc'd *out: the walk that ended last, or while one is under
 * way, its records and the last whole walk's for the rest. Returns 0 or
 * -ENOMEM. */
int holders_iter_records(const struct holders_iter *it, unsigned kinds, struct holder **out,
			 size_t *nr);

#endif
