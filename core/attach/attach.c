/* The driver of the attachments (see attach.h): which source runs
 * when, how their answers are merged (a hook seen through a link and
 * through a query is one attachment, the link's), and each program's own
 * copy of its attachments, pins and perf-event owners. */
#include "attach/attach.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attach/attach_sources.h"
#include "base/errno_text.h"
#include "base/sorted.h"
#include "base/vec.h"

/* enum bpf_prog_type (include/uapi/linux/bpf.h) of the types whose hooks
 * only a walk finds */
enum {
	ATTACH_PT_SOCKET_FILTER = 1,
	ATTACH_PT_KPROBE = 2,
	ATTACH_PT_SCHED_CLS = 3,
	ATTACH_PT_SCHED_ACT = 4,
	ATTACH_PT_TRACEPOINT = 5,
	ATTACH_PT_XDP = 6,
	ATTACH_PT_PERF_EVENT = 7,
	ATTACH_PT_CGROUP_SKB = 8,
	ATTACH_PT_CGROUP_SOCK = 9,
	ATTACH_PT_SOCK_OPS = 13,
	ATTACH_PT_SK_SKB = 14,
	ATTACH_PT_CGROUP_DEVICE = 15,
	ATTACH_PT_SK_MSG = 16,
	ATTACH_PT_CGROUP_SOCK_ADDR = 18,
	ATTACH_PT_SK_REUSEPORT = 21,
	ATTACH_PT_FLOW_DISSECTOR = 22,
	ATTACH_PT_CGROUP_SYSCTL = 23,
	ATTACH_PT_CGROUP_SOCKOPT = 25,
	ATTACH_PT_STRUCT_OPS = 27,
	ATTACH_PT_LSM = 29,
	ATTACH_PT_SK_LOOKUP = 30,
};

#define BIT(n) (1ull << (n))

/* BPF_TASK_FD_QUERYs a refresh may ask of new perf-event fds (~1.5 us
 * each): the first refresh (a report) and the next ones */
#define ATTACH_PERF_ASKS_WHOLE 65536
#define ATTACH_PERF_ASKS_STEP 4096

struct attach_cache {
	struct attach_namer *namer;
	struct attach_set links;  /* by link id */
	struct attach_set slow;   /* what the last walks found */
	struct attach_pin *pins;
	size_t nr_pins;
	uint64_t prog_key, link_key;
	struct timespec last_walk;
	unsigned long nr_walks;
	const char *incomplete;   /* a walk source that failed, static */
	struct attach_perf_cache perf; /* what each perf-event fd was found to run */
	unsigned long nr_refreshes;
};

struct attach_cache *attach_cache_new(void)
{
	struct attach_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->namer = attach_namer_new();
	if (!c->namer) {
		free(c);
		return NULL;
	}
	return c;
}

void attach_cache_free(struct attach_cache *c)
{
	if (!c)
		return;
	attach_namer_free(c->namer);
	attach_set_clear(&c->links);
	attach_set_clear(&c->slow);
	attach_pins_free(c->pins, c->nr_pins);
	attach_perf_cache_clear(&c->perf);
	free(c);
}

unsigned long attach_cache_nr_walks(const struct attach_cache *c)
{
	return c->nr_walks;
}

void attach_cache_expire(struct attach_cache *c)
{
	c->last_walk.tv_sec -= ATTACH_SLOW_SECONDS + 1;
}

#define ATTACH_NEEDS_ADMIN                                                         \
	"Where programs are attached needs CAP_SYS_ADMIN: the kernel refuses "     \
	"BPF_LINK_GET_NEXT_ID to everyone else."

static const struct errno_text attach_errors[] = {
	{ .err = -EPERM, .text = ATTACH_NEEDS_ADMIN },
	{ .err = -EACCES, .text = ATTACH_NEEDS_ADMIN },
	{ .err = -EINVAL,
	  .text = "This kernel lists no BPF links (BPF_LINK_GET_NEXT_ID came with Linux 5.8), so "
		  "where programs are attached is not known." },
	{ .err = -ENOMEM, .text = "Out of memory while finding where programs are attached." },
	{ .err = ERRNO_TEXT_OTHER,
	  .text = "The kernel refused to list BPF links, so where programs are attached is not "
		  "known." },
};

const char *attach_error_text(int err)
{
	return errno_text_row(attach_errors, err)->text;
}

const char *attach_via_words(enum prog_owner_via via)
{
	switch (via) {
	case PROG_VIA_PROG_FD: return "program fd";
	case PROG_VIA_LINK_FD: return "link fd";
	case PROG_VIA_PERF_EVENT_FD: return "perf-event fd";
	case PROG_VIA_SOCKET: return "socket";
	}
	return "fd";
}

const char *attach_via_name(enum prog_owner_via via)
{
	switch (via) {
	case PROG_VIA_PROG_FD: return "prog_fd";
	case PROG_VIA_LINK_FD: return "link_fd";
	case PROG_VIA_PERF_EVENT_FD: return "perf_event_fd";
	case PROG_VIA_SOCKET: return "socket";
	}
	return "fd";
}

/* ---- when to walk ---- */

static uint64_t attach_hash(uint64_t h, uint32_t v)
{
	h ^= v;
	return h * 0x100000001b3ull; /* FNV-1a's prime */
}

static uint64_t attach_prog_key(const struct prog_list *list)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (size_t i = 0; i < list->nr_progs; i++)
		h = attach_hash(h, list->progs[i].id);
	return attach_hash(h, (uint32_t)list->nr_progs);
}

static double attach_since(const struct timespec *then)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - then->tv_sec) + (double)(now.tv_nsec - then->tv_nsec) / 1e9;
}

/* The cgroup attach types the loaded program types can be attached with
 * (bpf_prog_attach_check_attach_type(), attach_type_to_prog_type()). */
static uint64_t attach_cgroup_types(uint32_t prog_type)
{
	switch (prog_type) {
	case ATTACH_PT_CGROUP_SKB: return BIT(0) | BIT(1);
	case ATTACH_PT_CGROUP_SOCK: return BIT(2) | BIT(12) | BIT(13) | BIT(34);
	case ATTACH_PT_SOCK_OPS: return BIT(3);
	case ATTACH_PT_CGROUP_DEVICE: return BIT(6);
	case ATTACH_PT_CGROUP_SOCK_ADDR:
		return BIT(8) | BIT(9) | BIT(10) | BIT(11) | BIT(14) | BIT(15) | BIT(19) | BIT(20) |
		       BIT(29) | BIT(30) | BIT(31) | BIT(32) | BIT(49) | BIT(50) | BIT(51) |
		       BIT(52) | BIT(53);
	case ATTACH_PT_CGROUP_SYSCTL: return BIT(18);
	case ATTACH_PT_CGROUP_SOCKOPT: return BIT(21) | BIT(22);
	case ATTACH_PT_LSM: return BIT(43); /* BPF_LSM_CGROUP */
	default: return 0;
	}
}

static bool attach_has_link_kind(const struct attach_set *links, enum attach_kind kind)
{
	for (size_t i = 0; i < links->nr; i++)
		if (links->v[i].kind == kind)
			return true;
	return false;
}

/* The walks, for the program types present; a source that fails leaves
 * c->incomplete saying so (its hooks are missing, the others are there). */
static int attach_walk(struct attach_cache *c, const struct procroot *root,
		       const struct prog_list *list)
{
	struct attach_names names;
	uint64_t want = 0;
	bool xdp = false, tc = false, netns = false, ops = false;
	int err = 0, e;

	attach_set_clear(&c->slow);
	attach_pins_free(c->pins, c->nr_pins);
	c->pins = NULL;
	c->nr_pins = 0;
	c->incomplete = NULL;
	attach_namer_forget_maps(c->namer);
	for (size_t i = 0; i < list->nr_progs; i++) {
		uint32_t t = list->progs[i].type;

		want |= attach_cgroup_types(t);
		xdp |= t == ATTACH_PT_XDP;
		tc |= t == ATTACH_PT_SCHED_CLS || t == ATTACH_PT_SCHED_ACT;
		netns |= t == ATTACH_PT_FLOW_DISSECTOR || t == ATTACH_PT_SK_LOOKUP;
		ops |= t == ATTACH_PT_STRUCT_OPS;
	}
	attach_namer_names(c->namer, &names);
	e = attach_pins_read(root, &c->pins, &c->nr_pins);
	if (e == -ENOMEM)
		return e;
	if (e)
		c->incomplete = "The BPF file systems could not be read: pins are missing.";
	/* the interface names come with the XDP dump */
	if (xdp || tc || attach_has_link_kind(&c->links, ATTACH_XDP) ||
	    attach_has_link_kind(&c->links, ATTACH_TCX)) {
		e = attach_netlink_xdp(c->namer, &c->slow);
		if (e == -ENOMEM)
			return e;
		if (e)
			c->incomplete = "Netlink refused the interface dump: XDP attachments made "
					"without a link are missing.";
	}
	if (want || attach_has_link_kind(&c->links, ATTACH_CGROUP) ||
	    attach_has_link_kind(&c->slow, ATTACH_CGROUP)) {
		e = attach_query_cgroups(root, c->namer, want, !want, &c->slow);
		if (e == -ENOMEM)
			return e;
		if (e == -E2BIG)
			c->incomplete = "The cgroup2 hierarchy has more cgroups than bpfknobs walks "
					"(4,096): cgroup attachments made without a link below the "
					"others are missing, and their paths show as ids.";
		else if (e)
			c->incomplete = "The cgroup2 hierarchy could not be walked (none is mounted, "
					"or it is unreadable): cgroup attachments made without a "
					"link are missing and cgroup paths show as ids.";
	}
	if (tc) {
		uint32_t *ifindexes;
		size_t nr;

		e = attach_netlink_ifindexes(&ifindexes, &nr);
		if (!e)
			e = attach_netlink_tc(&names, ifindexes, nr, &c->slow);
		if (!e)
			e = attach_query_tcx(&names, ifindexes, nr, &c->slow);
		free(ifindexes);
		if (e == -ENOMEM)
			return e;
		if (e)
			c->incomplete = "Netlink or BPF_PROG_QUERY refused the tc hooks: tc and tcx "
					"attachments made without a link are missing.";
	}
	if (netns) {
		e = attach_query_netns(root, &names, &c->slow);
		if (e == -ENOMEM)
			return e;
		if (e)
			c->incomplete = "BPF_PROG_QUERY refused this network namespace: "
					"flow_dissector and sk_lookup attachments made without a link "
					"are missing.";
	}
	if (ops) {
		e = attach_struct_ops_read(attach_namer_vmlinux_btf(c->namer), &c->links, &c->slow);
		if (e == -ENOMEM)
			return e;
		if (e)
			c->incomplete = "Without the kernel's BTF, struct_ops maps cannot be read: "
					"struct_ops programs show no struct.";
	}
	c->nr_walks++;
	clock_gettime(CLOCK_MONOTONIC, &c->last_walk);
	return err;
}

/* ---- links: the new ones every refresh, all of them after a walk ---- */

/* Brings c->links up to the kernel's links: a link seen before keeps its
 * decoding (a link's hook does not change; its program may, by
 * BPF_LINK_UPDATE, and an XDP link loses its device: the walks' re-read
 * catches those), a new one is read. all: read every link again. */
static int attach_links_update(struct attach_cache *c, bool all, bool *changed)
{
	struct attach_names names;
	struct attach_set fresh = { 0 };
	uint64_t key = 0xcbf29ce484222325ull;
	uint32_t *ids, *want = NULL;
	size_t nr, nr_want = 0, old = 0;
	int err = attach_links_ids(&ids, &nr);

	if (err)
		return err;
	for (size_t i = 0; i < nr; i++)
		key = attach_hash(key, ids[i]);
	*changed = key != c->link_key;
	c->link_key = key;
	attach_namer_names(c->namer, &names);
	want = malloc((nr + 1) * sizeof(*want));
	if (!want) {
		free(ids);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nr && !err; i++) {
		/* c->links is by link id, as the kernel hands them out */
		while (old < c->links.nr && c->links.v[old].link_id < ids[i])
			old++;
		if (!all && old < c->links.nr && c->links.v[old].link_id == ids[i]) {
			/* flush the new ones first, so that fresh stays by id */
			err = attach_links_read(&names, want, nr_want, &fresh);
			nr_want = 0;
			if (!err)
				err = attach_set_push(&fresh, &c->links.v[old]); /* moved */
			continue;
		}
		want[nr_want++] = ids[i];
	}
	if (!err)
		err = attach_links_read(&names, want, nr_want, &fresh);
	free(want);
	free(ids);
	attach_set_clear(&c->links); /* what was kept has moved to fresh */
	if (err) {
		attach_set_clear(&fresh);
		return err;
	}
	c->links = fresh;
	return 0;
}

/* ---- the merge ---- */

static const char *const attach_same_keys[] = {
	"ifindex", "cgroup_id", "netns_ino", "attach_type", "tracepoint", "tp_name",
	"file", "func", "offset",
};

static bool attach_raw_equal(const struct attach_raw *x, const struct attach_raw *y)
{
	if (x->type != y->type)
		return false;
	if (x->type == ATTACH_RAW_STR)
		return !strcmp(x->str, y->str);
	return x->u == y->u && x->s == y->s;
}

/* Whether a (found without a link) is the hook the link l holds. */
static bool attach_same_hook(const struct attachment *l, const struct attachment *a)
{
	if (l->prog_id != a->prog_id || l->kind != a->kind)
		return false;
	for (size_t i = 0; i < sizeof(attach_same_keys) / sizeof(attach_same_keys[0]); i++) {
		const struct attach_raw *x = attach_raw_find(l, attach_same_keys[i]);
		const struct attach_raw *y = attach_raw_find(a, attach_same_keys[i]);

		if (x && y && !attach_raw_equal(x, y))
			return false;
	}
	return true;
}

struct attach_ref {
	uint32_t prog_id;
	const struct attachment *a;
	size_t order;
};

static int attach_ref_cmp(const void *x, const void *y)
{
	const struct attach_ref *a = x, *b = y;

	if (a->prog_id != b->prog_id)
		return a->prog_id < b->prog_id ? -1 : 1;
	return (a->order > b->order) - (a->order < b->order);
}

/* A link's XDP attachment gets the mode netlink reports for its hook. */
static int attach_take_mode(struct attachment *link, const struct attachment *nl)
{
	const struct attach_raw *mode = attach_raw_find(nl, "mode");

	if (!mode || attach_raw_find(link, "mode"))
		return 0;
	if (!attach_set_target(link, "%s", nl->target) || !attach_raw_str(link, "mode", mode->str))
		return -ENOMEM;
	return 0;
}

static int attach_add_owner(struct prog *p, const struct attach_holder *h,
			    enum prog_owner_via via)
{
	struct prog_owner *o;

	for (size_t i = 0; i < p->nr_owners; i++)
		if (p->owners[i].pid == h->pid && p->owners[i].via == via)
			return 0;
	o = VEC_PUSH(p->owners, p->nr_owners, p->owners_cap);
	if (!o)
		return -ENOMEM;
	*o = (struct prog_owner){ .pid = h->pid, .via = via, .fd = h->fd };
	snprintf(o->comm, sizeof(o->comm), "%s", h->comm);
	return 0;
}

static int attach_owner_cmp(const void *x, const void *y)
{
	const struct prog_owner *a = x, *b = y;

	if (a->pid != b->pid)
		return (a->pid > b->pid) - (a->pid < b->pid);
	return (a->via > b->via) - (a->via < b->via);
}

static int attach_give_pins(const struct attach_cache *c, struct prog *p)
{
	for (size_t i = 0; i < c->nr_pins; i++) {
		char *copy, **slot;

		if (c->pins[i].prog_id != p->id || c->pins[i].link_id)
			continue;
		copy = strdup(c->pins[i].path);
		slot = copy ? VEC_PUSH(p->pins, p->nr_pins, p->pins_cap) : NULL;
		if (!slot) {
			free(copy);
			return -ENOMEM;
		}
		*slot = copy;
	}
	return 0;
}

/* The sentence for a loaded program nothing visible holds; iterator: the
 * holders were found by bpfknobs' iterator, which sees sockets' filters. */
static const char *attach_holder_unknown(const struct prog *p, bool iterator)
{
	switch (p->type) {
	case ATTACH_PT_SOCKET_FILTER:
		if (!iterator)
			return "no process, pin or hook that the kernel reports: most likely held "
			       "by a socket (SO_ATTACH_BPF); the process is not known without "
			       "bpfknobs' iterator, which reads sockets' filters in the kernel. "
			       "Else a map of programs (tail calls).";
		return "no process, pin or hook, and no socket any process holds: most likely a "
		       "socket that is in no process's file table (one in flight between "
		       "processes, or the kernel's), or a map of programs (tail calls).";
	case ATTACH_PT_SK_REUSEPORT:
		return "no process, pin or hook that the kernel reports: most likely a "
		       "reuseport group of sockets (SO_ATTACH_REUSEPORT_EBPF), which bpfknobs "
		       "does not trace to their processes, or a map of programs (tail calls).";
	case ATTACH_PT_SK_SKB:
	case ATTACH_PT_SK_MSG:
		return "no process, pin or hook that bpfknobs reads: most likely a sockmap it "
		       "was attached to without a link, or a map of programs (tail calls).";
	case ATTACH_PT_STRUCT_OPS:
		return "no process, pin or link: most likely a struct_ops map it is a member "
		       "of, registered without a link.";
	case ATTACH_PT_SCHED_ACT:
		return "no process, pin or hook that bpfknobs reads: most likely a tc action "
		       "(act_bpf), which bpfknobs does not list, or a map of programs.";
	case ATTACH_PT_PERF_EVENT:
		if (iterator)
			return "no process, pin or link: most likely a perf event that no "
			       "process holds any more (a BPF link holds it, or the event "
			       "was closed while the program ran), or a map of programs.";
		return "no process, pin or link that the kernel describes: most likely a "
		       "perf event it was attached to (the kernel does not describe perf_event "
		       "programs on hardware or software events), or a map of programs.";
	default:
		return "no process, pin or hook that the kernel reports: most likely a map of "
		       "programs (tail calls), a map entry (devmap, cpumap) or another program "
		       "that uses it (freplace, extension).";
	}
}

/* Appends a to p's attachments (never to the shared empty array,
 * attach_none); on failure a is freed, and p unchanged. */
static int attach_push(struct prog *p, struct attachment *a)
{
	struct attachment *v = p->attachments == attach_none ? NULL : p->attachments;

	if (VEC_RESERVE(v, p->attachments_cap, p->nr_attachments + 1)) {
		attach_clear(a);
		return -ENOMEM;
	}
	p->attachments = v;
	v[p->nr_attachments++] = *a;
	return 0;
}

/* A perf_event program on a hardware or software event: the kernel answers
 * BPF_TASK_FD_QUERY with EOPNOTSUPP for it (bpf_get_perf_event_info()),
 * which says that a perf_event program runs there, not which. A process
 * holding such perf events holds a perf_event program that no link or
 * query explains when that program is the only one (by elimination, as
 * for sockets), or when it holds that program's fd too. */
static int attach_perf_owners(const struct attach_holder *opaque, size_t nr,
			      struct prog_list *list)
{
	struct prog *only = NULL;
	size_t unexplained = 0;
	int err = 0;

	if (!nr)
		return 0;
	for (size_t i = 0; i < list->nr_progs; i++) {
		struct prog *p = &list->progs[i];

		if (p->type == ATTACH_PT_PERF_EVENT && p->attachments && !p->nr_attachments) {
			only = p;
			unexplained++;
		}
	}
	for (size_t i = 0; i < list->nr_progs && !err; i++) {
		struct prog *p = &list->progs[i];

		if (p->type != ATTACH_PT_PERF_EVENT || !p->attachments || p->nr_attachments)
			continue;
		for (size_t k = 0; k < nr && !err; k++) {
			bool holds = false;
			struct attachment a = { .kind = ATTACH_PERF_EVENT, .prog_id = p->id };

			for (size_t o = 0; o < p->nr_owners; o++)
				holds |= p->owners[o].pid == opaque[k].pid;
			if (!holds && !(unexplained == 1 && p == only))
				continue;
			if (!attach_set_target(&a, "%u perf event%s of %s (pid %d), hardware or "
					       "software (inferred: the kernel does not describe "
					       "perf_event programs' events)", opaque[k].nr_fds,
					       opaque[k].nr_fds == 1 ? "" : "s", opaque[k].comm,
					       (int)opaque[k].pid) ||
			    !attach_raw_u64(&a, "pid", (uint64_t)opaque[k].pid) ||
			    !attach_raw_u64(&a, "nr_fds", opaque[k].nr_fds) ||
			    !attach_raw_bool(&a, "inferred", true)) {
				attach_clear(&a);
				return -ENOMEM;
			}
			if (attach_push(p, &a))
				return -ENOMEM;
			if (!holds) {
				err = attach_add_owner(p, &opaque[k], PROG_VIA_PERF_EVENT_FD);
				if (!err)
					p->owners[p->nr_owners - 1].inferred = true;
			}
		}
	}
	return err;
}

/* The sockets that carry p as their filter, as the iterator found them:
 * one attachment per process, with its first such fd and how many. recs
 * are by pid, then fd. */
static int attach_sockets(struct prog *p, const struct holder *recs, size_t nr)
{
	for (size_t i = 0, j; i < nr; i = j) {
		struct attachment a = { .kind = ATTACH_SOCKET, .prog_id = p->id };
		size_t n = 0;

		for (j = i; j < nr && recs[j].pid == recs[i].pid; j++)
			n += recs[j].prog_id == p->id;
		if (!n)
			continue;
		for (size_t k = i; k < j; k++) {
			const struct holder *r = &recs[k];

			if (r->prog_id != p->id)
				continue;
			if (!attach_set_target(&a, "fd %d of %s (pid %d)%s%.0zu%s", r->fd, r->comm,
					       (int)r->pid, n > 1 ? " and " : "", n > 1 ? n - 1 : 0,
					       n > 2 ? " other sockets" : n > 1 ? " other socket" : "") ||
			    !attach_raw_u64(&a, "pid", (uint64_t)r->pid) ||
			    !attach_raw_u64(&a, "fd", (uint64_t)r->fd) ||
			    !attach_raw_u64(&a, "nr_fds", n)) {
				attach_clear(&a);
				return -ENOMEM;
			}
			break;
		}
		if (attach_push(p, &a))
			return -ENOMEM;
	}
	return 0;
}

/* The sockets whose filters the iterator found, on their programs. */
static int attach_socket_filters(const struct holders *holders, struct prog_list *list)
{
	struct holder *recs;
	size_t nr;
	int err = holders_records(holders, HOLDER_BIT(HOLDER_SOCKET), &recs, &nr);

	for (size_t i = 0; !err && i < list->nr_progs; i++) {
		struct prog *p = &list->progs[i];
		bool any = false;

		for (size_t k = 0; k < nr && !any; k++)
			any = recs[k].prog_id == p->id;
		if (any && p->attachments)
			err = attach_sockets(p, recs, nr);
	}
	free(recs);
	return err;
}

/* Whether a program of a type that attaches through perf events is loaded
 * (kprobe and uprobe, tracepoint, perf_event): only then does a process's
 * perf event run one, and only then is the /proc scan's asked about. */
static bool attach_perf_types_loaded(const struct prog_list *list)
{
	for (size_t i = 0; i < list->nr_progs; i++) {
		uint32_t t = list->progs[i].type;

		if (t == ATTACH_PT_KPROBE || t == ATTACH_PT_TRACEPOINT || t == ATTACH_PT_PERF_EVENT)
			return true;
	}
	return false;
}

int attach_refresh(struct attach_cache *c, const struct procroot *root,
		   const struct holders *holders, struct prog_list *list)
{
	struct attach_perf_out perf = { 0 };
	struct attach_ref *refs = NULL;
	struct attach_names names;
	size_t nr_refs = 0, j = 0;
	uint64_t prog_key = attach_prog_key(list);
	bool links_changed = false;
	bool iterator = holders_source(holders) == PROG_HOLDERS_ITERATOR;
	int links_err, err = 0;

	links_err = attach_links_update(c, false, &links_changed);
	if (links_err == -ENOMEM)
		return links_err;
	if (!c->nr_walks || prog_key != c->prog_key || links_changed ||
	    attach_since(&c->last_walk) >= ATTACH_SLOW_SECONDS) {
		err = attach_walk(c, root, list);
		if (err)
			return err;
		c->prog_key = prog_key;
		/* read the links again with the names the walk found */
		if (!links_err)
			links_err = attach_links_update(c, true, &links_changed);
		if (links_err == -ENOMEM)
			return links_err;
	}
	attach_namer_names(c->namer, &names);
	err = attach_perf_read(&c->perf, holders, attach_perf_types_loaded(list),
			       c->nr_refreshes++ ? ATTACH_PERF_ASKS_STEP : ATTACH_PERF_ASKS_WHOLE,
			       &names, &perf);
	if (err == -ENOMEM)
		goto out;
	err = 0;

	/* every attachment by program: links first, then what a walk or a
	 * perf fd found that no link already holds */
	refs = calloc(c->links.nr + c->slow.nr + perf.found.nr + 1, sizeof(*refs));
	if (!refs) {
		err = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < c->links.nr; i++, nr_refs++)
		refs[nr_refs] = (struct attach_ref){ c->links.v[i].prog_id, &c->links.v[i], nr_refs };
	for (int src = 0; src < 2; src++) {
		struct attach_set *s = src ? &perf.found : &c->slow;

		for (size_t i = 0; i < s->nr; i++) {
			bool dup = false;

			for (size_t k = 0; k < c->links.nr && !dup; k++) {
				if (!attach_same_hook(&c->links.v[k], &s->v[i]))
					continue;
				dup = true;
				if (s->v[i].kind == ATTACH_XDP &&
				    attach_take_mode(&c->links.v[k], &s->v[i])) {
					err = -ENOMEM;
					goto out;
				}
			}
			if (!dup) {
				refs[nr_refs] = (struct attach_ref){ s->v[i].prog_id, &s->v[i], nr_refs };
				nr_refs++;
			}
		}
	}
	sorted_qsort(refs, nr_refs, sizeof(*refs), attach_ref_cmp);

	for (size_t i = 0; i < list->nr_progs && !err; i++) {
		struct prog *p = &list->progs[i];
		size_t n = 0;

		prog_clear_attachments(p);
		p->attachments_error = NULL;
		p->attachments_incomplete = c->incomplete;
		if (perf.nr_unasked && (p->type == ATTACH_PT_KPROBE || p->type == ATTACH_PT_TRACEPOINT ||
					p->type == ATTACH_PT_PERF_EVENT))
			p->attachments_incomplete = "Some perf-event fds were not asked about yet "
						    "(bpfknobs asks the kernel about a bounded "
						    "number each refresh): attachments through "
						    "them, and their holders, may be missing.";
		p->holder_unknown = NULL;
		if (links_err) {
			p->attachments_error = attach_error_text(links_err);
			continue;
		}
		while (j < nr_refs && refs[j].prog_id < p->id)
			j++;
		while (j + n < nr_refs && refs[j + n].prog_id == p->id)
			n++;
		if (n) {
			if (VEC_RESERVE(p->attachments, p->attachments_cap, n)) {
				err = -ENOMEM;
				break;
			}
			for (size_t k = 0; k < n && !err; k++) {
				err = attach_copy(&p->attachments[k], refs[j + k].a);
				if (!err) {
					p->nr_attachments++;
					/* link pins go with their link */
					for (size_t q = 0; q < c->nr_pins && !err; q++)
						if (c->pins[q].link_id &&
						    c->pins[q].link_id == refs[j + k].a->link_id &&
						    !attach_add_pinned(&p->attachments[k], c->pins[q].path))
							err = -ENOMEM;
				}
			}
		} else {
			p->attachments = attach_none;
		}
		if (!err)
			err = attach_give_pins(c, p);
	}
	/* the processes holding a program through a perf event */
	for (size_t i = 0; i < perf.found.nr && !err; i++) {
		struct prog *p = SORTED_FIND(list->progs, list->nr_progs, id, perf.found.v[i].prog_id);

		if (p)
			err = attach_add_owner(p, &perf.holders[i], PROG_VIA_PERF_EVENT_FD);
	}
	if (!err && iterator && !links_err)
		err = attach_socket_filters(holders, list);
	if (!err)
		err = attach_perf_owners(perf.opaque, perf.nr_opaque, list);
	for (size_t i = 0; i < list->nr_progs && !err; i++) {
		struct prog *p = &list->progs[i];

		if (p->nr_owners > 1)
			sorted_qsort(p->owners, p->nr_owners, sizeof(*p->owners), attach_owner_cmp);
		if (!p->attachments_error && !p->nr_owners && !p->nr_pins && !p->nr_attachments)
			p->holder_unknown = attach_holder_unknown(p, iterator);
	}
out:
	free(refs);
	attach_perf_out_free(&perf);
	return err;
}
