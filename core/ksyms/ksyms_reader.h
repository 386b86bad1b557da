/* One read of /proc/kallsyms (or of bpfknobs' ksym iterator, which gives
 * its [bpf] lines) at a time, in a background thread, with an
 * eventfd that turns readable when it is done. A read costs 40-90 ms for
 * the core kernel's lines and grows quadratically with BPF symbols
 * (bpf_get_kallsym() walks the list from its head for every line: about a
 * second at 10,000 programs), so a screen must not wait for it. What to
 * read for, and when, is ksyms_cache.c's business. */
#ifndef BPFKNOBS_KSYMS_KSYMS_READER_H
#define BPFKNOBS_KSYMS_KSYMS_READER_H

#include <stdbool.h>

#include "ksyms/ksyms_iter.h"
#include "ksyms/ksyms_table.h"
#include "base/procroot.h"

struct ksyms_reader;

/* A reader of root's kallsyms; NULL when out of memory or descriptors. */
struct ksyms_reader *ksyms_reader_new(const struct procroot *root);

/* Frees the reader, first waiting for a read in progress: the kernel does
 * the slow part inside read(), which cannot be interrupted. */
void ksyms_reader_free(struct ksyms_reader *reader);

/* Reads through it (ksyms_iter.h) from the next read on, NULL: the file
 * again. Not while a read runs (-EBUSY). A read through it that fails is
 * made from the file at once, and later reads leave it alone: see
 * ksyms_reader_iter_failed(). */
int ksyms_reader_use_iter(struct ksyms_reader *reader, struct ksyms_iter *it);
/* Whether a collected read found the iterator failing (its caller may
 * free it then, after ksyms_reader_use_iter(reader, NULL)). */
bool ksyms_reader_iter_failed(const struct ksyms_reader *reader);

/* Starts a read. Returns 0, or -EBUSY while a read is not collected.
 * Without a thread to be had, reads before returning. */
int ksyms_reader_start(struct ksyms_reader *reader);

/* Whether a read was started and not collected yet. */
bool ksyms_reader_running(const struct ksyms_reader *reader);

/* Whether a started read has finished: collecting it will not block. */
bool ksyms_reader_ready(const struct ksyms_reader *reader);

/* Readable while ksyms_reader_ready() is true, for poll(). */
int ksyms_reader_fd(const struct ksyms_reader *reader);

/* How many reads were started, for tests and the benchmark. */
unsigned long ksyms_reader_nr_reads(const struct ksyms_reader *reader);

/* For tests: with hold, a read started from now on waits in its thread
 * before it reads, until the hold is let go (a refresh then finds it
 * unfinished, whatever the machine's speed). Freeing the reader lets go. */
void ksyms_reader_hold(struct ksyms_reader *reader, bool hold);

/* Moves a finished read into *ks (which the caller frees) and its -errno
 * into *error; with wait, waits for one that is running. Returns false,
 * leaving *ks alone, when there is none to collect. */
bool ksyms_reader_collect(struct ksyms_reader *reader, bool wait, struct ksyms_table *ks,
			  int *error);

#endif
