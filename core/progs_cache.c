/* What one refresh of the program list leaves for the next: the [bpf] part
 * of the last /proc/kallsyms read, the conditions it was read under, and the
 * thread that reads it. Reading costs 40-90 ms for the core kernel's lines
 * and grows quadratically with BPF symbols (bpf_get_kallsym() walks the
 * list from its head for every line), so it runs in the background and only
 * when the program set or the listing knobs changed.
 *
 * Threading: the reader thread touches only kallsyms_path (read-only while
 * it runs), job_result, job_error, finished and efd. The main thread reads
 * job_result only after joining the thread. */
#include "progs_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "sorted.h"

void progs_cache_key_free(struct progs_cache_key *key)
{
	free(key->ids);
	memset(key, 0, sizeof(*key));
}

int progs_cache_key_copy(struct progs_cache_key *dst, const struct progs_cache_key *src)
{
	uint32_t *ids = NULL;

	if (src->nr_ids) {
		ids = malloc(src->nr_ids * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		memcpy(ids, src->ids, src->nr_ids * sizeof(*ids));
	}
	progs_cache_key_free(dst);
	*dst = *src;
	dst->ids = ids;
	return 0;
}

bool progs_cache_key_equal(const struct progs_cache_key *a, const struct progs_cache_key *b)
{
	return a->nr_ids == b->nr_ids && a->jit_kallsyms == b->jit_kallsyms &&
	       a->jit_harden == b->jit_harden && a->kptr_restrict == b->kptr_restrict &&
	       a->cap_syslog == b->cap_syslog &&
	       (!a->nr_ids || !memcmp(a->ids, b->ids, a->nr_ids * sizeof(*a->ids)));
}

bool progs_cache_key_has(const struct progs_cache_key *key, uint32_t id)
{
	return sorted_u32_has(key->ids, key->nr_ids, id);
}

static void progs_cache_table_free(struct progs_cache_table *table)
{
	kallsyms_bpf_free(&table->ks);
	progs_cache_key_free(&table->key);
	progs_symbols_free(table->others, table->nr_others);
	memset(table, 0, sizeof(*table));
}

static void *progs_cache_reader(void *arg)
{
	struct progs_cache *cache = arg;
	uint64_t one = 1;

	cache->job_error = kallsyms_bpf_read(cache->kallsyms_path, &cache->job_result);
	atomic_store_explicit(&cache->finished, true, memory_order_release);
	if (cache->efd >= 0 && write(cache->efd, &one, sizeof(one)) < 0) {
		/* the counter cannot overflow with one write per read */
	}
	return NULL;
}

int progs_cache_start(struct progs_cache *cache, const struct progs_cache_key *key)
{
	int err;

	if (cache->running)
		return -EBUSY;
	progs_cache_key_free(&cache->job_key);
	cache->job_key_set = false;
	if (key) {
		err = progs_cache_key_copy(&cache->job_key, key);
		if (err)
			return err;
		cache->job_key_set = true;
	}
	memset(&cache->job_result, 0, sizeof(cache->job_result));
	cache->job_error = 0;
	atomic_store_explicit(&cache->finished, false, memory_order_relaxed);
	err = pthread_create(&cache->thread, NULL, progs_cache_reader, cache);
	cache->joinable = !err;
	if (err)
		progs_cache_reader(cache); /* no thread to be had: read here and now */
	cache->running = true;
	cache->nr_reads++;
	return 0;
}

int progs_cache_set_job_key(struct progs_cache *cache, const struct progs_cache_key *key)
{
	int err = progs_cache_key_copy(&cache->job_key, key);

	if (!err)
		cache->job_key_set = true;
	return err;
}

bool progs_cache_collect(struct progs_cache *cache, bool wait)
{
	uint64_t count;

	if (!cache->running)
		return false;
	if (!wait && !atomic_load_explicit(&cache->finished, memory_order_acquire))
		return false;
	if (cache->joinable)
		pthread_join(cache->thread, NULL);
	cache->running = false;
	cache->joinable = false;
	if (cache->efd >= 0 && read(cache->efd, &count, sizeof(count)) < 0) {
		/* EAGAIN: nothing was signalled, which cannot happen after a join */
	}
	progs_cache_table_free(&cache->table);
	cache->table.ks = cache->job_result;
	cache->table.error = cache->job_error;
	cache->table.key = cache->job_key; /* ownership moves */
	memset(&cache->job_result, 0, sizeof(cache->job_result));
	memset(&cache->job_key, 0, sizeof(cache->job_key));
	cache->job_key_set = false;
	cache->have_table = true;
	return true;
}

static int progs_cache_addr_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int progs_cache_others(struct progs_cache *cache, const struct progs_list *list)
{
	struct progs_cache_table *t = &cache->table;
	uint64_t *addrs;
	size_t n = 0;
	int err;

	if (t->others_done)
		return 0;
	for (size_t i = 0; i < list->nr_progs; i++)
		n += list->progs[i].nr_syms;
	addrs = malloc((n ? n : 1) * sizeof(*addrs));
	if (!addrs)
		return -ENOMEM;
	n = 0;
	for (size_t i = 0; i < list->nr_progs; i++)
		for (size_t j = 0; j < list->progs[i].nr_syms; j++)
			addrs[n++] = list->progs[i].syms[j].addr;
	qsort(addrs, n, sizeof(*addrs), progs_cache_addr_cmp);
	err = progs_symbols_others(&t->ks, addrs, n, &t->others, &t->nr_others);
	free(addrs);
	if (!err)
		t->others_done = true;
	return err;
}

struct progs_cache *progs_cache_new(const struct procroot *root)
{
	struct progs_cache *cache;

	progs_init();
	cache = calloc(1, sizeof(*cache));
	if (!cache)
		return NULL;
	cache->root = *root;
	if (procroot_path(root, "kallsyms", cache->kallsyms_path, sizeof(cache->kallsyms_path)))
		goto fail;
	cache->owners = progs_owners_new();
	if (!cache->owners)
		goto fail;
	atomic_init(&cache->finished, false);
	cache->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (cache->efd < 0)
		goto fail;
	return cache;
fail:
	progs_owners_free(cache->owners);
	free(cache);
	return NULL;
}

void progs_cache_free(struct progs_cache *cache)
{
	if (!cache)
		return;
	/* A read cannot be interrupted (the kernel does the slow part inside
	 * read()); waiting for it is bounded by one read, about a second at
	 * 10,000 programs. */
	if (cache->running) {
		progs_cache_collect(cache, true);
	}
	progs_cache_table_free(&cache->table);
	progs_cache_key_free(&cache->job_key);
	prog_memo_free(&cache->memo);
	uid_names_free(&cache->users);
	progs_owners_free(cache->owners);
	if (cache->efd >= 0)
		close(cache->efd);
	free(cache);
}

bool progs_cache_ready(struct progs_cache *cache)
{
	return cache && cache->running &&
	       atomic_load_explicit(&cache->finished, memory_order_acquire);
}

int progs_cache_fd(struct progs_cache *cache)
{
	return cache ? cache->efd : -1;
}
