/* bpfknobs' task_file iterator, loaded and read (see holders_iter.h). */
#include "holders/holders_iter.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "progs/own_load.h"
#include "holders/iter_record.h" /* before the skeleton, whose globals use it */
#include "holders/holders_iter.skel.h"
#include "base/errno_text.h"
#include "base/sorted.h"
#include "base/vec.h"
#include "progs/own.h"

_Static_assert(ITER_KIND_PROG == HOLDER_PROG && ITER_KIND_LINK == HOLDER_LINK &&
		       ITER_KIND_MAP == HOLDER_MAP && ITER_KIND_PERF_EVENT == HOLDER_PERF_EVENT &&
		       ITER_KIND_STATS == HOLDER_STATS && ITER_KIND_SOCKET == HOLDER_SOCKET &&
		       ITER_KIND_SECCOMP == HOLDER_SECCOMP,
	       "iter_record.h's kinds are holder.h's");

/* bpf_seq_read() hands out at most its buffer, 8 pages, per read */
#define HOLDERS_ITER_BUF (64 * 1024)

struct holders_records {
	struct holder *v;
	size_t nr, cap;
	/* an open-addressing index of v by (pid, kind, ids), to keep one
	 * record per process and object: 1 + the record's index, 0 empty */
	uint32_t *index;
	size_t index_cap; /* a power of two, at least twice nr */
};

struct holders_iter {
	/* loaded by a loader the kernel ran (loaded), or by libbpf here (skel,
	 * where the kernel cannot run one); the fds and globals are either's */
	struct own_loaded loaded;
	struct holders_iter_bpf *skel;
	int prog_fd, link_fd, map_fd;
	struct holders_iter_bpf__bss *bss;
	struct own_iter_ids own;           /* registered as ours */
	int iter_fd;                       /* the walk under way, -1: none */
	struct holders_records cur;        /* its records so far */
	struct holders_records done;       /* the last whole walk's */
	bool have_done;
	bool last_finished;                /* the last call ended a walk */
	uint32_t cursor_pid, cursor_fd;    /* where the walk under way stopped */
	char *buf;
	size_t buf_used;                   /* bytes of a record cut by a read */
};

/* The kernel's lockdown mode from securityfs ("none [integrity]
 * confidentiality"): whether it is confidentiality, which takes
 * bpf_probe_read_kernel() from BPF programs (LOCKDOWN_BPF_READ_KERNEL). */
static bool holders_iter_lockdown_confidential(void)
{
	char buf[128] = "";
	FILE *f = fopen("/sys/kernel/security/lockdown", "re");
	bool yes;

	if (!f)
		return false;
	yes = fgets(buf, sizeof(buf), f) && strstr(buf, "[confidentiality]");
	fclose(f);
	return yes;
}

#define HOLDERS_ITER_NEEDS_CAPS                                                          \
	"the kernel refused it (%s); it needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN), " \
	"and a security module may forbid it"

/* Why loading failed, the kernel's word for it the subject. */
static const struct errno_text holders_iter_errors[] = {
	{ .err = -EPERM, .text = HOLDERS_ITER_NEEDS_CAPS },
	{ .err = -EACCES, .text = HOLDERS_ITER_NEEDS_CAPS },
	{ .err = -ENOMEM, .text = "out of memory while loading it" },
	{ .err = ERRNO_TEXT_OTHER, .text = "the kernel refused it (%s); task_file iterators came "
					   "with Linux 5.8, and the kernel's BTF must describe "
					   "what it reads" },
};

static void holders_iter_why(int err, char *why, size_t size)
{
	if (holders_iter_lockdown_confidential())
		snprintf(why, size, "the kernel is locked down for confidentiality, which forbids "
			 "BPF programs to read kernel memory");
	else
		errno_text_write(holders_iter_errors, err, strerror(-err), NULL, why, size);
}

static uint64_t holders_records_hash(pid_t pid, enum holder_kind kind, uint32_t id,
				     uint32_t prog_id, uint64_t ident)
{
	uint64_t h = ((uint64_t)(uint32_t)pid << 32 | (uint64_t)kind) * 0x9e3779b97f4a7c15ull;

	h ^= ((uint64_t)id << 32 | prog_id) * 0xc2b2ae3d27d4eb4full;
	h ^= ident * 0x165667b19e3779f9ull;
	return h ^ (h >> 29);
}

static bool holders_records_same(const struct holder *h, const struct iter_record *rec)
{
	return h->pid == (pid_t)rec->pid && h->kind == (enum holder_kind)rec->kind &&
	       h->id == rec->id && h->prog_id == rec->prog_id && h->ident == rec->ident;
}

/* Makes the index twice as large, or its first size. */
static int holders_records_grow_index(struct holders_records *r)
{
	size_t cap = r->index_cap ? r->index_cap * 2 : 1024;
	uint32_t *index = calloc(cap, sizeof(*index));

	if (!index)
		return -ENOMEM;
	for (size_t i = 0; i < r->nr; i++) {
		const struct holder *h = &r->v[i];
		size_t at = holders_records_hash(h->pid, h->kind, h->id, h->prog_id, h->ident) &
			    (cap - 1);

		while (index[at])
			at = (at + 1) & (cap - 1);
		index[at] = (uint32_t)i + 1;
	}
	free(r->index);
	r->index = index;
	r->index_cap = cap;
	return 0;
}

static void holders_records_clear(struct holders_records *r)
{
	r->nr = 0;
	if (r->index)
		memset(r->index, 0, r->index_cap * sizeof(*r->index));
}

static void holders_records_free(struct holders_records *r)
{
	free(r->v);
	free(r->index);
	memset(r, 0, sizeof(*r));
}

void holders_iter_free(struct holders_iter *it)
{
	if (!it)
		return;
	if (it->iter_fd >= 0)
		close(it->iter_fd);
	own_iter_forget(&it->own);
	if (it->skel)
		holders_iter_bpf__destroy(it->skel);
	else if (it->link_fd >= 0)
		close(it->link_fd);
	own_loaded_close(&it->loaded);
	holders_records_free(&it->cur);
	holders_records_free(&it->done);
	free(it->buf);
	free(it);
}

/* Loads and attaches the iterator: through a loader the kernel runs, which
 * relocates it from the kernel's own BTF (own_load.h), or, on a kernel that
 * cannot, with libbpf reading that BTF here. */
static int holders_iter_load(struct holders_iter *it)
{
	size_t size;
	const void *elf = holders_iter_bpf__elf_bytes(&size);
	int err;

	/* the value ends at the last global; the struct has padding after */
	if (!own_load_in_kernel(elf, size, "holders_iter_bpf", &it->loaded) &&
	    it->loaded.data_size >= offsetof(struct holders_iter_bpf__bss, nr_fops_seen) +
					    sizeof(it->bss->nr_fops_seen)) {
		it->prog_fd = it->loaded.prog_fd;
		it->map_fd = it->loaded.map_fd;
		it->bss = it->loaded.data;
		it->link_fd = bpf_link_create(it->prog_fd, 0, BPF_TRACE_ITER, NULL);
		return it->link_fd < 0 ? -errno : 0;
	}
	own_loaded_close(&it->loaded);
	it->skel = holders_iter_bpf__open();
	if (!it->skel)
		return -errno;
	err = holders_iter_bpf__load(it->skel);
	if (!err)
		err = holders_iter_bpf__attach(it->skel);
	if (err)
		return err < 0 ? err : -EINVAL;
	it->prog_fd = bpf_program__fd(it->skel->progs.bpfknobs_holders);
	it->link_fd = bpf_link__fd(it->skel->links.bpfknobs_holders);
	it->map_fd = bpf_map__fd(it->skel->maps.bss);
	it->bss = it->skel->bss;
	return 0;
}

bool holders_iter_in_kernel(const struct holders_iter *it)
{
	return !it->skel;
}

int holders_iter_open(struct holders_iter **out, char *why, size_t size)
{
	struct holders_iter *it = calloc(1, sizeof(*it));
	int err;

	*out = NULL;
	why[0] = '\0';
	if (!it || !(it->buf = malloc(HOLDERS_ITER_BUF))) {
		free(it);
		holders_iter_why(-ENOMEM, why, size);
		return -ENOMEM;
	}
	it->iter_fd = it->prog_fd = it->link_fd = it->map_fd = -1;
	it->loaded.prog_fd = it->loaded.map_fd = -1;
	/* libbpf relocates the program against the kernel's BTF and finds the
	 * iterator's target there (bpf_iter_task_file) */
	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		snprintf(why, size, "the kernel has no BTF (/sys/kernel/btf/vmlinux, "
			 "CONFIG_DEBUG_INFO_BTF), which it needs to read the kernel's structures");
		holders_iter_free(it);
		return -ENOENT;
	}
	err = holders_iter_load(it);
	if (err) {
		holders_iter_why(err, why, size);
		holders_iter_free(it);
		return err;
	}
	err = own_iter_add(it->prog_fd, it->link_fd, it->map_fd, &it->own);
	if (err) {
		holders_iter_why(err, why, size);
		holders_iter_free(it);
		return err;
	}
	*out = it;
	return 0;
}

/* Appends rec unless its process's record of that object is there: the
 * program skips a dup() loop's fds, this the ones interleaved with others,
 * so that a user's million fds of one pinned map make one record. */
static int holders_records_push(struct holders_records *r, const struct iter_record *rec)
{
	struct holder *h;
	size_t at;

	if ((r->nr + 1) * 2 > r->index_cap && holders_records_grow_index(r))
		return -ENOMEM;
	at = holders_records_hash((pid_t)rec->pid, (enum holder_kind)rec->kind, rec->id,
				  rec->prog_id, rec->ident) & (r->index_cap - 1);
	for (; r->index[at]; at = (at + 1) & (r->index_cap - 1))
		if (holders_records_same(&r->v[r->index[at] - 1], rec))
			return 0;

	h = VEC_PUSH(r->v, r->nr, r->cap);
	if (!h)
		return -ENOMEM;
	r->index[at] = (uint32_t)r->nr; /* 1 + its index */
	*h = (struct holder){ .pid = (pid_t)rec->pid, .ppid = (pid_t)rec->ppid, .fd = (int)rec->fd,
			      .kind = (enum holder_kind)rec->kind, .id = rec->id,
			      .prog_id = rec->prog_id, .prog_extable = rec->prog_extable,
			      .ident = rec->ident };
	memcpy(h->comm, rec->comm, sizeof(h->comm));
	h->comm[sizeof(h->comm) - 1] = '\0';
	return 0;
}

/* Takes the whole records of it->buf; a cut one waits for the next read. */
static int holders_iter_take(struct holders_iter *it)
{
	size_t whole = it->buf_used / sizeof(struct iter_record) * sizeof(struct iter_record);

	for (size_t off = 0; off < whole; off += sizeof(struct iter_record)) {
		struct iter_record rec;
		int err;

		memcpy(&rec, it->buf + off, sizeof(rec));
		err = holders_records_push(&it->cur, &rec);
		if (err)
			return err;
	}
	memmove(it->buf, it->buf + whole, it->buf_used - whole);
	it->buf_used -= whole;
	return 0;
}

static void holders_iter_end_walk(struct holders_iter *it)
{
	close(it->iter_fd);
	it->iter_fd = -1;
	it->buf_used = 0;
}

bool holders_iter_counts_seccomp(const struct holders_iter *it)
{
	return it->have_done && it->bss->seccomp_counted;
}

int holders_iter_walk(struct holders_iter *it, uint64_t budget, struct holders_iter_walk *w)
{
	struct holders_iter_bpf__bss *bss = it->bss;
	uint64_t start;
	int err = 0;

	memset(w, 0, sizeof(*w));
	it->last_finished = false;
	if (it->iter_fd < 0) {
		it->iter_fd = bpf_iter_create(it->link_fd);
		if (it->iter_fd < 0)
			return -errno;
		holders_records_clear(&it->cur);
		bss->visited = 0;
		bss->tasks = 0;
		bss->last_tid = 0;
		memset(&bss->last_rec, 0, sizeof(bss->last_rec));
		bss->comm_tid = 0;
	}
	start = bss->visited;
	bss->budget = bss->visited + (budget ? budget : 1);
	for (;;) {
		ssize_t n = read(it->iter_fd, it->buf + it->buf_used, HOLDERS_ITER_BUF - it->buf_used);

		if (n > 0) {
			it->buf_used += (size_t)n;
			err = holders_iter_take(it);
			if (err)
				break;
			continue;
		}
		if (!n) {
			struct holders_records done = it->done;

			/* the walk is whole: its records replace the last one's */
			it->done = it->cur;
			it->cur = done;
			holders_records_clear(&it->cur);
			it->have_done = true;
			it->last_finished = w->finished = true;
			holders_iter_end_walk(it);
			break;
		}
		if (errno == EINTR)
			continue;
		/* EAGAIN: the program stopped at its budget, or the kernel at its
		 * cap of objects per read (MAX_ITER_OBJECTS in bpf_seq_read()),
		 * after which the next read goes on */
		if (errno == EAGAIN && bss->visited < bss->budget)
			continue;
		if (errno != EAGAIN) {
			err = -errno;
			holders_iter_end_walk(it); /* the records stay the last whole walk's */
			holders_records_clear(&it->cur);
		}
		break;
	}
	w->covered = it->have_done;
	w->nr_files = bss->visited - start;
	w->nr_procs = bss->tasks;
	it->cursor_pid = bss->cursor_pid;
	it->cursor_fd = bss->cursor_fd;
	return err;
}

static int holders_iter_cmp(const void *a, const void *b)
{
	const struct holder *x = a, *y = b;

	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	if (x->fd != y->fd)
		return (x->fd > y->fd) - (x->fd < y->fd);
	return (x->kind > y->kind) - (x->kind < y->kind);
}

/* Whether the walk under way has not reached h yet: the last whole walk's
 * record stands for it. Walks go by pid, each process's files by fd. */
static bool holders_iter_ahead(const struct holders_iter *it, const struct holder *h)
{
	return (uint32_t)h->pid > it->cursor_pid ||
	       ((uint32_t)h->pid == it->cursor_pid && (uint32_t)h->fd >= it->cursor_fd);
}

int holders_iter_records(const struct holders_iter *it, unsigned kinds, struct holder **out,
			 size_t *nr)
{
	const struct holders_records *now = it->last_finished ? &it->done : &it->cur;
	bool merge = !it->last_finished && it->have_done;
	size_t n = 0, cap = now->nr + (merge ? it->done.nr : 0);

	*out = NULL;
	*nr = 0;
	if (!cap)
		return 0;
	*out = malloc(cap * sizeof(**out));
	if (!*out)
		return -ENOMEM;
	for (size_t i = 0; i < now->nr; i++)
		if (kinds & HOLDER_BIT(now->v[i].kind))
			(*out)[n++] = now->v[i];
	for (size_t i = 0; merge && i < it->done.nr; i++)
		if ((kinds & HOLDER_BIT(it->done.v[i].kind)) && holders_iter_ahead(it, &it->done.v[i]))
			(*out)[n++] = it->done.v[i];
	if (n) {
		size_t i = 1;

		/* a walk goes by pid, then fd: sorted already, unless merged */
		while (i < n && holders_iter_cmp(&(*out)[i - 1], &(*out)[i]) <= 0)
			i++;
		if (i < n)
			sorted_qsort(*out, n, sizeof(**out), holders_iter_cmp);
	} else {
		free(*out);
		*out = NULL;
	}
	*nr = n;
	return 0;
}
