/* What the perf-event fds processes hold have attached, as bpftool perf
 * list asks it: BPF_TASK_FD_QUERY per pid and fd (bpf_task_fd_query() in
 * kernel/bpf/syscall.c). It names tracepoints (without their category),
 * kprobes and uprobes; for a perf_event program on a hardware or software
 * event it answers EOPNOTSUPP (bpf_get_perf_event_info()), and ENOENT for
 * an event without a program. */
#include "attach/attach_sources.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/bpf.h>

#include "base/vec.h"

#define PERF_NAME 4096

static int attach_perf_one(const struct fdscan_record *r, const struct attach_names *names,
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

/* Counts an fd of r's process that holds a perf_event program. */
static int attach_perf_opaque(const struct fdscan_record *r, struct attach_holder **opaque,
			      size_t *nr, size_t *cap)
{
	struct attach_holder *h;

	if (*nr && (*opaque)[*nr - 1].pid == r->pid) {
		(*opaque)[*nr - 1].nr_fds++;
		return 0;
	}
	h = VEC_PUSH(*opaque, *nr, *cap);
	if (!h)
		return -ENOMEM;
	*h = (struct attach_holder){ .pid = r->pid, .fd = r->fd, .nr_fds = 1 };
	snprintf(h->comm, sizeof(h->comm), "%s", r->comm);
	return 0;
}

int attach_perf_read(const struct fdscan *scan, const struct attach_names *names,
		     struct attach_set *out, struct attach_holder **holders,
		     struct attach_holder **opaque, size_t *nr_opaque)
{
	struct fdscan_record *recs;
	size_t nr, holders_cap = 0, opaque_cap = 0;
	char *buf;
	int err = fdscan_records(scan, FDKIND_BIT(FDKIND_PERF_EVENT), &recs, &nr);

	*holders = NULL;
	*opaque = NULL;
	*nr_opaque = 0;
	if (err)
		return err;
	buf = malloc(PERF_NAME);
	if (!buf) {
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; !err && i < nr; i++) {
		struct attachment a;
		struct attach_holder *h;
		int qerr = attach_perf_one(&recs[i], names, buf, &a);

		if (qerr == -EOPNOTSUPP)
			err = attach_perf_opaque(&recs[i], opaque, nr_opaque, &opaque_cap);
		if (qerr)
			continue; /* no program, closed meanwhile, or not described */
		/* holders[k] is out->v[k]'s */
		if (VEC_RESERVE(*holders, holders_cap, out->nr + 1)) {
			attach_clear(&a);
			err = -ENOMEM;
			break;
		}
		h = &(*holders)[out->nr];
		*h = (struct attach_holder){ .pid = recs[i].pid, .fd = recs[i].fd, .nr_fds = 1 };
		snprintf(h->comm, sizeof(h->comm), "%s", recs[i].comm);
		err = attach_set_push(out, &a);
	}
	free(buf);
	free(recs);
	return err;
}
