/* What the perf-event fds processes hold have attached, as bpftool perf
 * list asks it: BPF_TASK_FD_QUERY per pid and fd (bpf_task_fd_query() in
 * kernel/bpf/syscall.c). It names tracepoints (without their category),
 * kprobes and uprobes; for a perf_event program on a hardware or software
 * event it answers EOPNOTSUPP (bpf_get_perf_event_info()), and ENOENT for
 * an event without a program.
 *
 * Users may hold perf events by the hundred thousand (dup() of one software
 * event), so each fd is asked once: the answer is kept per (pid, fd, which
 * file), for as long as the fd holds that file. With the iterator, only the
 * events that carry a program are asked, once per event however many fds
 * share it; without, every perf-event fd, and only while a program of a
 * type that attaches through perf events is loaded. Either way a refresh
 * asks a bounded number of new ones; the rest wait for the next. */
#include "attach/attach_sources.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "base/sorted.h"
#include "base/vec.h"

#define PERF_NAME 4096

static int attach_perf_one(const struct holder *r, const struct attach_names *names,
			   char *buf, struct attachment *a)
{
	uint32_t len = PERF_NAME, prog_id = 0, type = 0;
	__u64 off = 0, addr = 0; /* libbpf's type */
	char tp[512];
	bool ok = true;

	memset(a, 0, sizeof(*a));
	buf[0] = '\0';
	if (bpf_task_fd_query(r->pid, r->fd, 0, buf, &len, &prog_id, &type, &off, &addr))
		return -errno;
	a->prog_id = prog_id;
	switch (type) {
	case BPF_FD_TYPE_RAW_TRACEPOINT:
		a->kind = ATTACH_RAW_TRACEPOINT;
		ok = attach_set_target(a, "%s", buf) &&
		     attach_raw_str(a, "tp_name", buf);
		break;
	case BPF_FD_TYPE_TRACEPOINT:
		a->kind = ATTACH_TRACEPOINT;
		if (names->tp_category && names->tp_category(names->ctx, buf, tp, sizeof(tp))) {
			size_t n = strlen(tp);

			snprintf(tp + n, sizeof(tp) - n, ":%s", buf);
		} else {
			snprintf(tp, sizeof(tp), "%s", buf);
		}
		ok = attach_set_target(a, "%s", tp) &&
		     attach_raw_str(a, "tracepoint", tp);
		break;
	case BPF_FD_TYPE_KPROBE:
	case BPF_FD_TYPE_KRETPROBE:
		a->kind = ATTACH_KPROBE;
		if (buf[0])
			ok = attach_set_target(a, "%s %s+0x%" PRIx64,
					       type == BPF_FD_TYPE_KPROBE ? "kprobe" : "kretprobe",
					       buf, (uint64_t)off);
		else
			ok = attach_set_target(a, "%s at 0x%" PRIx64,
					       type == BPF_FD_TYPE_KPROBE ? "kprobe" : "kretprobe",
					       (uint64_t)addr);
		ok = ok && attach_raw_str(a, "func", buf) && attach_raw_u64(a, "offset", off) &&
		     attach_raw_u64(a, "addr", addr) &&
		     attach_raw_bool(a, "retprobe", type == BPF_FD_TYPE_KRETPROBE);
		break;
	case BPF_FD_TYPE_UPROBE:
	case BPF_FD_TYPE_URETPROBE:
		a->kind = ATTACH_UPROBE;
		ok = attach_set_target(a, "%s %s+0x%" PRIx64,
				       type == BPF_FD_TYPE_UPROBE ? "uprobe" : "uretprobe", buf,
				       (uint64_t)off) &&
		     attach_raw_str(a, "file", buf) && attach_raw_u64(a, "offset", off) &&
		     attach_raw_bool(a, "retprobe", type == BPF_FD_TYPE_URETPROBE);
		break;
	default:
		a->kind = ATTACH_PERF_EVENT;
		ok = attach_set_target(a, "a perf event of fd type %" PRIu32 ", which this bpfknobs "
				       "does not know", type);
	}
	ok = ok && attach_raw_u64(a, "pid", (uint64_t)r->pid) && attach_raw_u64(a, "fd", (uint64_t)r->fd);
	if (!ok) {
		attach_clear(a);
		return -ENOMEM;
	}
	return 0;
}

/* A perf_event program on a hardware or software event, which the kernel
 * does not describe: the iterator names the program. */
static int attach_perf_opaque_named(const struct holder *r, struct attachment *a)
{
	memset(a, 0, sizeof(*a));
	a->kind = ATTACH_PERF_EVENT;
	a->prog_id = r->prog_id;
	if (!attach_set_target(a, "a hardware or software perf event, fd %d of %s (pid %d) (the "
			       "kernel does not describe perf_event programs' events)", r->fd,
			       r->comm, (int)r->pid) ||
	    !attach_raw_u64(a, "pid", (uint64_t)r->pid) ||
	    !attach_raw_u64(a, "fd", (uint64_t)r->fd)) {
		attach_clear(a);
		return -ENOMEM;
	}
	return 0;
}

void attach_perf_cache_clear(struct attach_perf_cache *c)
{
	for (size_t i = 0; i < c->nr; i++)
		attach_clear(&c->v[i].a);
	free(c->v);
	memset(c, 0, sizeof(*c));
}

static int attach_perf_key_cmp(const void *a, const void *b)
{
	const struct attach_perf_known *x = a, *y = b;

	if (x->pid != y->pid)
		return (x->pid > y->pid) - (x->pid < y->pid);
	if (x->fd != y->fd)
		return (x->fd > y->fd) - (x->fd < y->fd);
	return (x->ident > y->ident) - (x->ident < y->ident);
}

/* Counts an fd of r's process that holds a perf_event program. */
static int attach_perf_opaque(const struct holder *r, struct attach_perf_out *out)
{
	struct attach_holder *h;

	if (out->nr_opaque && out->opaque[out->nr_opaque - 1].pid == r->pid) {
		out->opaque[out->nr_opaque - 1].nr_fds++;
		return 0;
	}
	h = VEC_PUSH(out->opaque, out->nr_opaque, out->opaque_cap);
	if (!h)
		return -ENOMEM;
	*h = (struct attach_holder){ .pid = r->pid, .fd = r->fd, .nr_fds = 1 };
	snprintf(h->comm, sizeof(h->comm), "%s", r->comm);
	return 0;
}

/* Appends a copy of a to out, and its holder. */
static int attach_perf_found(const struct attachment *a, const struct holder *r,
			     struct attach_perf_out *out)
{
	struct attachment copy;
	struct attach_holder *h;
	int err;

	if (VEC_RESERVE(out->holders, out->holders_cap, out->found.nr + 1))
		return -ENOMEM;
	h = out->holders;
	h[out->found.nr] = (struct attach_holder){ .pid = r->pid, .fd = r->fd, .nr_fds = 1 };
	snprintf(h[out->found.nr].comm, sizeof(h[out->found.nr].comm), "%s", r->comm);
	err = attach_copy(&copy, a);
	return err ? err : attach_set_push(&out->found, &copy);
}

/* The answer for r: kept from an earlier refresh, else asked now (when
 * *asks allows). NULL when not asked yet; -ENOMEM in *err. */
static struct attach_perf_known *attach_perf_answer(struct attach_perf_cache *old,
						    struct attach_perf_cache *now,
						    const struct holder *r,
						    const struct attach_names *names, char *buf,
						    size_t *asks, int *err)
{
	struct attach_perf_known key = { .pid = r->pid, .fd = r->fd, .ident = r->ident };
	struct attach_perf_known *k = old->nr ? bsearch(&key, old->v, old->nr, sizeof(key),
							  attach_perf_key_cmp) : NULL;

	*err = 0;
	if (VEC_RESERVE(now->v, now->cap, now->nr + 1)) {
		*err = -ENOMEM;
		return NULL;
	}
	if (k && r->ident) {
		now->v[now->nr] = *k;
		memset(&k->a, 0, sizeof(k->a)); /* moved: each (pid, fd, file) is met once */
		return &now->v[now->nr++];
	}
	if (!*asks)
		return NULL;
	(*asks)--;
	key.err = attach_perf_one(r, names, buf, &key.a);
	if (key.err == -ENOMEM) {
		*err = -ENOMEM;
		return NULL;
	}
	now->v[now->nr] = key;
	return &now->v[now->nr++];
}

int attach_perf_read(struct attach_perf_cache *cache, const struct holders *holders, bool ask,
		     size_t max_asks, const struct attach_names *names, struct attach_perf_out *out)
{
	bool iterator = holders_source(holders) == PROG_HOLDERS_ITERATOR;
	struct attach_perf_cache now = { 0 };
	struct holder *recs = NULL;
	size_t nr = 0;
	char *buf = NULL;
	int err = 0;

	memset(out, 0, sizeof(*out));
	/* without the iterator, no perf event is asked about while no program
	 * that attaches through one is loaded */
	if (iterator || ask)
		err = holders_records(holders, HOLDER_BIT(HOLDER_PERF_EVENT), &recs, &nr);
	if (!err && nr && !(buf = malloc(PERF_NAME)))
		err = -ENOMEM;
	for (size_t i = 0; !err && i < nr; i++) {
		const struct holder *r = &recs[i];
		struct attach_perf_known *k;

		/* the iterator reports only events that carry a program, with
		 * the event's id: dup()s of one event are asked about once */
		if (iterator && i && recs[i - 1].pid == r->pid && recs[i - 1].ident == r->ident &&
		    r->ident)
			continue;
		k = attach_perf_answer(cache, &now, r, names, buf, &max_asks, &err);
		if (!k) {
			out->nr_unasked += !err;
			continue;
		}
		if (!k->err) {
			err = attach_perf_found(&k->a, r, out);
		} else if (k->err == -EOPNOTSUPP && iterator && r->prog_id) {
			struct attachment a;

			err = attach_perf_opaque_named(r, &a);
			if (!err) {
				err = attach_perf_found(&a, r, out);
				attach_clear(&a);
			}
		} else if (k->err == -EOPNOTSUPP) {
			err = attach_perf_opaque(r, out);
		}
		/* else no program, or closed meanwhile */
	}
	free(buf);
	free(recs);
	attach_perf_cache_clear(cache);
	if (now.nr)
		sorted_qsort(now.v, now.nr, sizeof(*now.v), attach_perf_key_cmp);
	*cache = now;
	if (err) {
		attach_perf_out_free(out);
		return err;
	}
	return 0;
}

void attach_perf_out_free(struct attach_perf_out *out)
{
	attach_set_clear(&out->found);
	free(out->holders);
	free(out->opaque);
	memset(out, 0, sizeof(*out));
}
