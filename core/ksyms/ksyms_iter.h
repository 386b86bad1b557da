/* bpfknobs' ksym iterator (ksyms_iter.bpf.c): the [bpf] entries of the
 * kernel's symbol list, read as /proc/kallsyms would give them, without
 * the ~120,000 core-kernel lines that file formats and the reader drops.
 *
 * It loads where the kernel runs bpfknobs' loaders (own_load.h, Linux
 * 5.17) and has ksym iterators (6.0); ksyms_cache.c tries it only with
 * CAP_SYS_ADMIN, as the holders' iterator (what lists programs). Loaded, it is
 * registered as bpfknobs' own (progs/own.h) and held by no pin: it is gone
 * when bpfknobs exits. Elsewhere the reader reads /proc/kallsyms. */
#ifndef BPFKNOBS_KSYMS_KSYMS_ITER_H
#define BPFKNOBS_KSYMS_KSYMS_ITER_H

#include "ksyms/ksyms_table.h"

struct ksyms_iter;

/* Loads and attaches the iterator. Returns 0 with *out set, or -errno
 * (the kernel cannot load it here; nothing is left loaded). */
int ksyms_iter_open(struct ksyms_iter **out);
void ksyms_iter_free(struct ksyms_iter *it);

/* One walk of the list into *out, as ksyms_table_read() fills it from
 * /proc/kallsyms (addrs_hidden from the walk's own show_value). -errno on
 * a failed read, or -EIO when the lines do not add up to what the program
 * wrote; out is then left zeroed. Reads are not to run at the same time. */
int ksyms_iter_read(struct ksyms_iter *it, struct ksyms_table *out);

#endif
