/* bpfknobs' own bpf_prog iterator (prog_ids_iter.bpf.c): the ids of the
 * programs loaded, in ascending order, in one read. A BPF_PROG_GET_NEXT_ID
 * system call per program was a fifth of an idle browser's refresh; cold,
 * each system call costs far more than the kernel's step from one id to
 * the next.
 *
 * Loaded only by a session that refreshes again (the browser: a report's
 * one refresh would spend more on the load, about 3 ms, than it saves),
 * and only through a loader the kernel runs (progs/own_load.h, Linux 5.17
 * and later): on older kernels libbpf would have to parse the kernel's BTF
 * in this process for it. Elsewhere the ids come from BPF_PROG_GET_NEXT_ID
 * as before. The program and
 * its link are registered in progs/own.h (listed as bpfknobs' own) and
 * held only by this process's fds, so they are gone when it exits. */
#ifndef BPFKNOBS_PROGS_PROG_IDS_ITER_H
#define BPFKNOBS_PROGS_PROG_IDS_ITER_H

#include <stddef.h>
#include <stdint.h>

struct prog_ids_iter;

/* Loads and attaches it. 0, or -errno (the caller walks the ids itself). */
int prog_ids_iter_open(struct prog_ids_iter **out);
/* Detaches and unloads it (NULL is fine). */
void prog_ids_iter_free(struct prog_ids_iter *it);

/* The ids of the programs loaded now, ascending: *ids (*nr of them) is
 * the iterator's own buffer, valid until the next read or
 * prog_ids_iter_free(). 0, or -errno with *ids NULL: -EIO when the
 * kernel's walk and what was read disagree. */
int prog_ids_iter_read(struct prog_ids_iter *it, const uint32_t **ids, size_t *nr);

#endif
