/* The background reader of /proc/kallsyms (see ksyms_reader.h).
 *
 * Threading: the thread touches only path and iter (neither written while
 * it runs; iter's mapped global data is the thread's while it reads),
 * result, error, iter_failed, finished and efd. The main thread reads
 * result, error and iter_failed only after joining the thread. */
#include "ksyms/ksyms_reader.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

struct ksyms_reader {
	char path[PATH_MAX];
	int efd;             /* eventfd, readable while finished is set */
	unsigned long nr_reads;

	/* main thread only */
	bool running;        /* a read was started and not collected */
	bool joinable;       /* ... in a thread that is to be joined */
	pthread_t thread;
	bool held;           /* the main thread holds gate (ksyms_reader_hold()) */

	pthread_mutex_t gate; /* a thread takes it once before it reads */
	struct ksyms_iter *iter; /* not the reader's; set while no read runs */

	/* written by the thread, read after it is joined or finished */
	bool iter_failed;     /* a read through iter failed: the file since */

	/* written by the thread */
	atomic_bool finished; /* set when result and error are complete */
	struct ksyms_table result;
	int error;
};

struct ksyms_reader *ksyms_reader_new(const struct procroot *root)
{
	struct ksyms_reader *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	atomic_init(&r->finished, false);
	pthread_mutex_init(&r->gate, NULL);
	if (procroot_path(root, "kallsyms", r->path, sizeof(r->path)))
		goto fail;
	r->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (r->efd < 0)
		goto fail;
	return r;
fail:
	free(r);
	return NULL;
}

void ksyms_reader_free(struct ksyms_reader *r)
{
	struct ksyms_table ks;
	int error;

	if (!r)
		return;
	ksyms_reader_hold(r, false);
	/* bounded by one read: about a second at 10,000 programs */
	if (ksyms_reader_collect(r, true, &ks, &error))
		ksyms_table_free(&ks);
	close(r->efd);
	pthread_mutex_destroy(&r->gate);
	free(r);
}

void ksyms_reader_hold(struct ksyms_reader *r, bool hold)
{
	if (hold && !r->held)
		pthread_mutex_lock(&r->gate);
	else if (!hold && r->held)
		pthread_mutex_unlock(&r->gate);
	r->held = hold;
}

static void *ksyms_reader_read(struct ksyms_reader *r)
{
	uint64_t one = 1;
	bool read = false;

	if (r->iter && !r->iter_failed) {
		r->error = ksyms_iter_read(r->iter, &r->result);
		read = !r->error;
		r->iter_failed = !read;
	}
	if (!read)
		r->error = ksyms_table_read(r->path, &r->result);
	atomic_store_explicit(&r->finished, true, memory_order_release);
	if (write(r->efd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow with one write per read */
	}
	return NULL;
}

static void *ksyms_reader_thread(void *arg)
{
	struct ksyms_reader *r = arg;

	/* held by a test (ksyms_reader_hold()): wait until let go */
	pthread_mutex_lock(&r->gate);
	pthread_mutex_unlock(&r->gate);
	return ksyms_reader_read(r);
}

int ksyms_reader_use_iter(struct ksyms_reader *r, struct ksyms_iter *it)
{
	if (r->running)
		return -EBUSY;
	r->iter = it;
	r->iter_failed = false;
	return 0;
}

bool ksyms_reader_iter_failed(const struct ksyms_reader *r)
{
	return !r->running && r->iter && r->iter_failed;
}

int ksyms_reader_start(struct ksyms_reader *r)
{
	int err;

	if (r->running)
		return -EBUSY;
	memset(&r->result, 0, sizeof(r->result));
	r->error = 0;
	atomic_store_explicit(&r->finished, false, memory_order_relaxed);
	err = pthread_create(&r->thread, NULL, ksyms_reader_thread, r);
	r->joinable = !err;
	if (err)
		ksyms_reader_read(r); /* no thread to be had: read here and now */
	r->running = true;
	r->nr_reads++;
	return 0;
}

bool ksyms_reader_running(const struct ksyms_reader *r)
{
	return r->running;
}

bool ksyms_reader_ready(const struct ksyms_reader *r)
{
	return r->running && atomic_load_explicit(&r->finished, memory_order_acquire);
}

int ksyms_reader_fd(const struct ksyms_reader *r)
{
	return r->efd;
}

unsigned long ksyms_reader_nr_reads(const struct ksyms_reader *r)
{
	return r->nr_reads;
}

bool ksyms_reader_collect(struct ksyms_reader *r, bool wait, struct ksyms_table *ks, int *error)
{
	uint64_t count;

	if (!r->running || (!wait && !ksyms_reader_ready(r)))
		return false;
	if (r->joinable)
		pthread_join(r->thread, NULL);
	r->running = false;
	r->joinable = false;
	if (read(r->efd, &count, sizeof(count)) < 0) {
		/* EAGAIN: nothing was signalled, which cannot happen after a join */
	}
	*ks = r->result; /* ownership moves */
	*error = r->error;
	memset(&r->result, 0, sizeof(r->result));
	return true;
}
