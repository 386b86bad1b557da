/* Decoding struct bpf_link_info (see attach_linkinfo.h). What each member
 * means is what the kernel's fill_link_info() of each link type writes
 * (bpf_raw_tp_link_fill_link_info(), bpf_tracing_link_fill_link_info(),
 * bpf_cgroup_link_fill_link_info(), bpf_iter_link_fill_link_info(),
 * bpf_netns_link_fill_info(), bpf_xdp_link_fill_link_info(),
 * bpf_perf_link_fill_link_info(), bpf_kprobe_multi_link_fill_link_info(),
 * bpf_struct_ops_map_link_fill_link_info(), bpf_nf_link_fill_link_info(),
 * tcx_link_fill_info(), bpf_uprobe_multi_link_fill_link_info(),
 * netkit_link_fill_info(), sock_map_link_fill_info()). */
#include "attach/attach_linkinfo.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach/attach_words.h"

#define LINKINFO_NAME 256
#define LINKINFO_TEXT 1024 /* a sentence of names: never cut */
/* where the union starts: the bytes before it are type, id, prog_id */
#define LINKINFO_UNION offsetof(struct attach_link_info, raw_tracepoint)
/* the bytes a member needs the kernel to have filled */
#define LINKINFO_NEEDS(member) (offsetof(struct attach_link_info, member) + \
				sizeof(((struct attach_link_info *)0)->member))

_Static_assert(LINKINFO_UNION == 16, "bpf_link_info's union starts at byte 16");
_Static_assert(sizeof(struct attach_link_info) == 64, "bpf_link_info is 64 bytes in v6.18");
_Static_assert(offsetof(struct attach_link_info, perf_event.event.type) == 32,
	       "perf_event.event.type at byte 32");
_Static_assert(offsetof(struct attach_link_info, uprobe_multi.pid) == 60,
	       "uprobe_multi.pid at byte 60");

struct linkinfo_ctx {
	const struct attach_link_info *info;
	const struct attach_names *names;
	const char *str;
	struct attachment *out;
	bool ok;
};

static void linkinfo_ifname(const struct attach_names *n, uint32_t ifindex, char *buf,
			    size_t size)
{
	if (!n || !n->ifname || !n->ifname(n->ctx, ifindex, buf, size))
		snprintf(buf, size, "ifindex %" PRIu32, ifindex);
}

/* "veth0 (ifindex 7)", or "ifindex 7" without a name; "a deleted
 * interface" for 0, which an XDP or tcx link reports once its device is
 * gone (the link stays, detached: dev_xdp_uninstall(), tcx_link_release()). */
static void linkinfo_iface(struct linkinfo_ctx *c, uint32_t ifindex, char *text, size_t size,
			   char *name, size_t name_size)
{
	if (!ifindex) {
		snprintf(text, size, "no interface (its device was deleted; the link stays)");
		snprintf(name, name_size, "(deleted)");
		return;
	}
	linkinfo_ifname(c->names, ifindex, name, name_size);
	if (strncmp(name, "ifindex ", 8))
		snprintf(text, size, "%s (ifindex %" PRIu32 ")", name, ifindex);
	else
		snprintf(text, size, "%s", name);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "ifindex", ifindex) &&
			(strncmp(name, "ifindex ", 8) ? attach_raw_str(c->out, "ifname", name) : true);
}

static const char *linkinfo_attach_word(uint32_t attach_type, char *buf, size_t size)
{
	const char *w = attach_type_word(attach_type);

	if (w)
		return w;
	snprintf(buf, size, "attach type %" PRIu32, attach_type);
	return buf;
}

static void linkinfo_attach_raw(struct linkinfo_ctx *c, uint32_t attach_type)
{
	const char *name = attach_type_name(attach_type);

	if (!c->ok)
		return;
	c->ok = name ? attach_raw_str(c->out, "attach_type", name)
		     : attach_raw_u64(c->out, "attach_type", attach_type);
}

/* "sched:sched_switch" when the category is known, else the name */
static void linkinfo_tracepoint(struct linkinfo_ctx *c, const char *name, char *buf, size_t size)
{
	char cat[128];

	if (c->names && c->names->tp_category &&
	    c->names->tp_category(c->names->ctx, name, cat, sizeof(cat)))
		snprintf(buf, size, "%s:%s", cat, name);
	else
		snprintf(buf, size, "%s", name);
}

static void linkinfo_set(struct linkinfo_ctx *c, enum attach_kind kind, const char *target)
{
	c->out->kind = kind;
	if (c->ok)
		c->ok = attach_set_target(c->out, "%s", target);
}

static void linkinfo_raw_tp(struct linkinfo_ctx *c)
{
	const char *tp = c->str && *c->str ? c->str : "(name not given)";

	linkinfo_set(c, ATTACH_RAW_TRACEPOINT, tp);
	if (c->ok)
		c->ok = attach_raw_str(c->out, "tp_name", tp);
}

static void linkinfo_tracing(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	uint32_t at = i->tracing.attach_type;
	char func[LINKINFO_NAME], text[LINKINFO_TEXT], w[32];
	const char *word = linkinfo_attach_word(at, w, sizeof(w));
	bool lsm = at == 27 || at == 43; /* BPF_LSM_MAC, BPF_LSM_CGROUP */
	bool known = c->names && c->names->btf_name &&
		     c->names->btf_name(c->names->ctx, at ? 0 : i->tracing.target_obj_id,
					i->tracing.target_btf_id, func, sizeof(func));

	if (!known)
		snprintf(func, sizeof(func), "BTF type %" PRIu32, i->tracing.target_btf_id);
	if (!at) /* freplace: the target is a function of another program */
		snprintf(text, sizeof(text), "freplace of %s in program %" PRIu32, func,
			 i->tracing.target_obj_id);
	else if (lsm)
		snprintf(text, sizeof(text), "LSM hook %s", func);
	else
		snprintf(text, sizeof(text), "%s %s", word, func);
	linkinfo_set(c, lsm ? ATTACH_LSM : ATTACH_TRACING, text);
	linkinfo_attach_raw(c, at);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "target_obj_id", i->tracing.target_obj_id) &&
			attach_raw_u64(c->out, "target_btf_id", i->tracing.target_btf_id) &&
			(known ? attach_raw_str(c->out, "target_name", func) : true);
}

static void linkinfo_cgroup(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	char path[LINKINFO_NAME], text[LINKINFO_TEXT], w[32];
	const char *word = linkinfo_attach_word(i->cgroup.attach_type, w, sizeof(w));
	bool known = c->names && c->names->cgroup_path &&
		     c->names->cgroup_path(c->names->ctx, i->cgroup.cgroup_id, path, sizeof(path));

	if (!known)
		snprintf(path, sizeof(path), "cgroup id %" PRIu64, i->cgroup.cgroup_id);
	snprintf(text, sizeof(text), "%s %s", path, word);
	linkinfo_set(c, ATTACH_CGROUP, text);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "cgroup_id", i->cgroup.cgroup_id) &&
			(known ? attach_raw_str(c->out, "cgroup_path", path) : true);
	linkinfo_attach_raw(c, i->cgroup.attach_type);
}

static void linkinfo_iter(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	const char *t = c->str && *c->str ? c->str : "(target not given)";
	char text[LINKINFO_TEXT], map[LINKINFO_NAME];

	snprintf(text, sizeof(text), "iterator %s", t);
	/* which member of the iter unions is set depends on the target
	 * (bpf_iter_map_fill_link_info(), bpf_iter_cgroup_fill_link_info(),
	 * bpf_iter_fill_link_info() of task iterators) */
	if (i->iter.map_id) {
		if (!c->names || !c->names->map_name ||
		    !c->names->map_name(c->names->ctx, i->iter.map_id, map, sizeof(map)))
			snprintf(map, sizeof(map), "id %" PRIu32, i->iter.map_id);
		else {
			char id[24];

			snprintf(id, sizeof(id), " (id %" PRIu32 ")", i->iter.map_id);
			strncat(map, id, sizeof(map) - strlen(map) - 1);
		}
		snprintf(text, sizeof(text), "iterator %s over map %s", t, map);
	} else if (!strcmp(t, "cgroup") && i->iter.cgroup.cgroup_id) {
		snprintf(text, sizeof(text), "iterator cgroup from cgroup id %" PRIu64, i->iter.cgroup.cgroup_id);
	} else if (!strncmp(t, "task", 4) && (i->iter.task.tid || i->iter.task.pid)) {
		snprintf(text, sizeof(text), "iterator %s of %s %" PRIu32, t,
			 i->iter.task.tid ? "thread" : "process",
			 i->iter.task.tid ? i->iter.task.tid : i->iter.task.pid);
	}
	linkinfo_set(c, ATTACH_ITER, text);
	if (c->ok)
		c->ok = attach_raw_str(c->out, "target_name", t);
	if (c->ok && i->iter.map_id)
		c->ok = attach_raw_u64(c->out, "map_id", i->iter.map_id);
	else if (c->ok && !strcmp(t, "cgroup") && i->iter.cgroup.cgroup_id)
		c->ok = attach_raw_u64(c->out, "cgroup_id", i->iter.cgroup.cgroup_id) &&
			attach_raw_u64(c->out, "order", i->iter.cgroup.order);
	else if (c->ok && !strncmp(t, "task", 4) && (i->iter.task.tid || i->iter.task.pid))
		c->ok = attach_raw_u64(c->out, "tid", i->iter.task.tid) &&
			attach_raw_u64(c->out, "pid", i->iter.task.pid);
}

static void linkinfo_netns(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	char text[LINKINFO_TEXT], w[32];
	const char *word = linkinfo_attach_word(i->netns.attach_type, w, sizeof(w));
	bool own = c->names && c->names->own_netns && c->names->own_netns == i->netns.netns_ino;

	snprintf(text, sizeof(text), "network namespace net:[%" PRIu32 "]%s, %s",
		 i->netns.netns_ino, own ? " (this one)" : "", word);
	/* BPF_SK_LOOKUP (36) has its own kind; flow_dissector is the other */
	linkinfo_set(c, i->netns.attach_type == 36 ? ATTACH_SK_LOOKUP : ATTACH_NETNS, text);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "netns_ino", i->netns.netns_ino);
	linkinfo_attach_raw(c, i->netns.attach_type);
}

static void linkinfo_xdp(struct linkinfo_ctx *c)
{
	char text[LINKINFO_TEXT], name[64];

	linkinfo_iface(c, c->info->xdp.ifindex, text, sizeof(text), name, sizeof(name));
	/* the link does not say the mode (bpf_xdp_link_fill_link_info());
	 * netlink does, and attach.c adds it where it matches */
	linkinfo_set(c, ATTACH_XDP, text);
}

static void linkinfo_perf_event(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	const char *name = c->str && *c->str ? c->str : NULL;
	char text[LINKINFO_TEXT];
	uint32_t pt = i->perf_event.type;

	switch (pt) {
	case ATTACH_PERF_UPROBE:
	case ATTACH_PERF_URETPROBE:
		snprintf(text, sizeof(text), "%s %s+0x%" PRIx32, pt == ATTACH_PERF_UPROBE
			 ? "uprobe" : "uretprobe", name ? name : "(file not given)",
			 i->perf_event.uprobe.offset);
		linkinfo_set(c, ATTACH_UPROBE, text);
		if (c->ok)
			c->ok = attach_raw_str(c->out, "file", name) &&
				attach_raw_u64(c->out, "offset", i->perf_event.uprobe.offset) &&
				attach_raw_u64(c->out, "ref_ctr_offset",
					       i->perf_event.uprobe.ref_ctr_offset) &&
				attach_raw_bool(c->out, "retprobe", pt == ATTACH_PERF_URETPROBE) &&
				attach_raw_u64(c->out, "cookie", i->perf_event.uprobe.cookie);
		return;
	case ATTACH_PERF_KPROBE:
	case ATTACH_PERF_KRETPROBE:
		if (name)
			snprintf(text, sizeof(text), "%s %s+0x%" PRIx32, pt == ATTACH_PERF_KPROBE
				 ? "kprobe" : "kretprobe", name, i->perf_event.kprobe.offset);
		else
			snprintf(text, sizeof(text), "%s at 0x%" PRIx64, pt == ATTACH_PERF_KPROBE
				 ? "kprobe" : "kretprobe", i->perf_event.kprobe.addr);
		linkinfo_set(c, ATTACH_KPROBE, text);
		if (c->ok)
			c->ok = attach_raw_str(c->out, "func", name) &&
				attach_raw_u64(c->out, "offset", i->perf_event.kprobe.offset) &&
				attach_raw_u64(c->out, "addr", i->perf_event.kprobe.addr) &&
				attach_raw_bool(c->out, "retprobe", pt == ATTACH_PERF_KRETPROBE) &&
				attach_raw_u64(c->out, "missed", i->perf_event.kprobe.missed) &&
				attach_raw_u64(c->out, "cookie", i->perf_event.kprobe.cookie);
		return;
	case ATTACH_PERF_TRACEPOINT: {
		char tp[LINKINFO_NAME + 64];

		/* tp_name comes without its category (bpf_perf_link_fill_tracepoint()) */
		linkinfo_tracepoint(c, name ? name : "(name not given)", tp, sizeof(tp));
		linkinfo_set(c, ATTACH_TRACEPOINT, tp);
		if (c->ok)
			c->ok = attach_raw_str(c->out, "tracepoint", tp) &&
				attach_raw_u64(c->out, "cookie", i->perf_event.tracepoint.cookie);
		return;
	}
	case ATTACH_PERF_EVENT_EVENT: {
		const char *type = attach_perf_type(i->perf_event.event.type);
		const char *ev = attach_perf_config(i->perf_event.event.type,
						    i->perf_event.event.config);
		char num[64];

		if (!ev) {
			snprintf(num, sizeof(num), "config 0x%" PRIx64, i->perf_event.event.config);
			ev = num;
		}
		if (type)
			snprintf(text, sizeof(text), "%s event %s", type, ev);
		else
			snprintf(text, sizeof(text), "perf event of type %" PRIu32 ", %s",
				 i->perf_event.event.type, ev);
		linkinfo_set(c, ATTACH_PERF_EVENT, text);
		if (c->ok)
			c->ok = attach_raw_u64(c->out, "event_type", i->perf_event.event.type) &&
				attach_raw_u64(c->out, "event_config", i->perf_event.event.config) &&
				attach_raw_u64(c->out, "cookie", i->perf_event.event.cookie);
		return;
	}
	default:
		snprintf(text, sizeof(text),
			 "a perf event link of sub-type %" PRIu32 ", which the kernel did not "
			 "describe or this bpfknobs does not know", pt);
		linkinfo_set(c, ATTACH_PERF_EVENT, text);
		if (c->ok)
			c->ok = attach_raw_u64(c->out, "perf_event_type", pt);
	}
}

static void linkinfo_kprobe_multi(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	bool ret = i->kprobe_multi.flags & 1; /* BPF_F_KPROBE_MULTI_RETURN */
	char text[LINKINFO_TEXT];

	snprintf(text, sizeof(text), "%s on %" PRIu32 " kernel function%s (kprobe_multi)",
		 ret ? "kretprobe" : "kprobe", i->kprobe_multi.count,
		 i->kprobe_multi.count == 1 ? "" : "s");
	linkinfo_set(c, ATTACH_KPROBE, text);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "func_cnt", i->kprobe_multi.count) &&
			attach_raw_bool(c->out, "retprobe", ret) &&
			attach_raw_u64(c->out, "missed", i->kprobe_multi.missed);
}

static void linkinfo_struct_ops(struct linkinfo_ctx *c)
{
	uint32_t id = c->info->struct_ops.map_id;
	char map[LINKINFO_NAME], text[LINKINFO_TEXT];

	if (!c->names || !c->names->map_name ||
	    !c->names->map_name(c->names->ctx, id, map, sizeof(map)))
		snprintf(map, sizeof(map), "(name unknown)");
	snprintf(text, sizeof(text), "struct_ops map %s, id %" PRIu32, map, id);
	linkinfo_set(c, ATTACH_STRUCT_OPS, text);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "map_id", id);
}

static void linkinfo_netfilter(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	const char *fam = attach_nf_family(i->netfilter.pf);
	const char *hook = attach_nf_hook(i->netfilter.hooknum);
	char f[24], h[24], text[LINKINFO_TEXT];

	if (!fam)
		snprintf(f, sizeof(f), "family %" PRIu32, i->netfilter.pf), fam = f;
	if (!hook)
		snprintf(h, sizeof(h), "hook %" PRIu32, i->netfilter.hooknum), hook = h;
	/* the link names no network namespace (bpf_nf_link_fill_link_info()) */
	snprintf(text, sizeof(text), "netfilter %s %s, priority %" PRId32 "%s", fam, hook,
		 i->netfilter.priority, i->netfilter.flags & 1 ? ", with IP defragmentation" : "");
	linkinfo_set(c, ATTACH_NETFILTER, text);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "pf", i->netfilter.pf) &&
			attach_raw_u64(c->out, "hook", i->netfilter.hooknum) &&
			attach_raw_s64(c->out, "prio", i->netfilter.priority) &&
			attach_raw_u64(c->out, "flags", i->netfilter.flags);
}

static void linkinfo_dev(struct linkinfo_ctx *c, enum attach_kind kind)
{
	const struct attach_link_info *i = c->info;
	char text[LINKINFO_TEXT], name[64], w[32];
	const char *word = linkinfo_attach_word(i->tcx.attach_type, w, sizeof(w));

	linkinfo_iface(c, i->tcx.ifindex, text, sizeof(text), name, sizeof(name));
	strncat(text, ", ", sizeof(text) - strlen(text) - 1);
	strncat(text, word, sizeof(text) - strlen(text) - 1);
	linkinfo_set(c, kind, text);
	linkinfo_attach_raw(c, i->tcx.attach_type);
}

static void linkinfo_uprobe_multi(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	const char *path = c->str && *c->str ? c->str : "(file not given)";
	bool ret = i->uprobe_multi.flags & 1; /* BPF_F_UPROBE_MULTI_RETURN */
	char text[LINKINFO_TEXT], pid[32] = "";

	if (i->uprobe_multi.pid)
		snprintf(pid, sizeof(pid), ", pid %" PRIu32, i->uprobe_multi.pid);
	/* the offsets are file offsets: naming them needs the file's symbols */
	snprintf(text, sizeof(text), "%s %s at %" PRIu32 " offset%s%s", ret ? "uretprobe" : "uprobe",
		 path, i->uprobe_multi.count, i->uprobe_multi.count == 1 ? "" : "s", pid);
	linkinfo_set(c, ATTACH_UPROBE, text);
	if (c->ok)
		c->ok = attach_raw_str(c->out, "path", path) &&
			attach_raw_u64(c->out, "func_cnt", i->uprobe_multi.count) &&
			attach_raw_bool(c->out, "retprobe", ret) &&
			attach_raw_u64(c->out, "pid", i->uprobe_multi.pid);
}

static void linkinfo_sockmap(struct linkinfo_ctx *c)
{
	const struct attach_link_info *i = c->info;
	char map[LINKINFO_NAME], text[LINKINFO_TEXT], w[32];
	const char *word = linkinfo_attach_word(i->sockmap.attach_type, w, sizeof(w));

	if (!c->names || !c->names->map_name ||
	    !c->names->map_name(c->names->ctx, i->sockmap.map_id, map, sizeof(map)))
		snprintf(map, sizeof(map), "(name unknown)");
	snprintf(text, sizeof(text), "sockmap %s, id %" PRIu32 ", %s", map, i->sockmap.map_id,
		 word);
	linkinfo_set(c, ATTACH_SOCKMAP, text);
	if (c->ok)
		c->ok = attach_raw_u64(c->out, "map_id", i->sockmap.map_id);
	linkinfo_attach_raw(c, i->sockmap.attach_type);
}

/* The bytes each type's members need: a shorter info_len means a kernel
 * that has the type but not all of its members. */
static size_t linkinfo_needs(uint32_t type)
{
	switch (type) {
	case ATTACH_LINK_RAW_TRACEPOINT: return LINKINFO_NEEDS(raw_tracepoint.tp_name_len);
	case ATTACH_LINK_TRACING: return LINKINFO_NEEDS(tracing.target_btf_id);
	case ATTACH_LINK_CGROUP: return LINKINFO_NEEDS(cgroup.attach_type);
	case ATTACH_LINK_ITER: return LINKINFO_NEEDS(iter.target_name_len);
	case ATTACH_LINK_NETNS: return LINKINFO_NEEDS(netns.attach_type);
	case ATTACH_LINK_XDP: return LINKINFO_NEEDS(xdp.ifindex);
	case ATTACH_LINK_PERF_EVENT: return LINKINFO_NEEDS(perf_event.type);
	case ATTACH_LINK_KPROBE_MULTI: return LINKINFO_NEEDS(kprobe_multi.flags);
	case ATTACH_LINK_STRUCT_OPS: return LINKINFO_NEEDS(struct_ops.map_id);
	case ATTACH_LINK_NETFILTER: return LINKINFO_NEEDS(netfilter.flags);
	case ATTACH_LINK_TCX: return LINKINFO_NEEDS(tcx.attach_type);
	case ATTACH_LINK_UPROBE_MULTI: return LINKINFO_NEEDS(uprobe_multi.pid);
	case ATTACH_LINK_NETKIT: return LINKINFO_NEEDS(netkit.attach_type);
	case ATTACH_LINK_SOCKMAP: return LINKINFO_NEEDS(sockmap.attach_type);
	default: return 0;
	}
}

int attach_link_decode(const struct attach_link_bytes *b, const struct attach_names *names,
		       struct attachment *out)
{
	struct attach_link_info info;
	struct linkinfo_ctx c = { &info, names, b->str, out, true };
	size_t len = b->len < sizeof(info) ? b->len : sizeof(info);
	const char *tname;

	memset(out, 0, sizeof(*out));
	memset(&info, 0, sizeof(info));
	memcpy(&info, b->info, len);
	out->link_id = info.id;
	out->prog_id = info.prog_id;
	out->link_type = info.type;
	tname = attach_link_type_name(info.type);
	if (!tname || len < linkinfo_needs(info.type)) {
		out->kind = ATTACH_UNKNOWN;
		if (!tname)
			c.ok = attach_set_target(out, "a link of type %" PRIu32 ", which this bpfknobs "
						 "does not know: its details are not shown", info.type);
		else
			c.ok = attach_set_target(out, "a %s link, whose details this kernel does not "
						 "report (it gave %zu bytes of link info)", tname,
						 b->len);
		return c.ok ? 0 : -ENOMEM;
	}
	switch (info.type) {
	case ATTACH_LINK_RAW_TRACEPOINT: linkinfo_raw_tp(&c); break;
	case ATTACH_LINK_TRACING: linkinfo_tracing(&c); break;
	case ATTACH_LINK_CGROUP: linkinfo_cgroup(&c); break;
	case ATTACH_LINK_ITER: linkinfo_iter(&c); break;
	case ATTACH_LINK_NETNS: linkinfo_netns(&c); break;
	case ATTACH_LINK_XDP: linkinfo_xdp(&c); break;
	case ATTACH_LINK_PERF_EVENT: linkinfo_perf_event(&c); break;
	case ATTACH_LINK_KPROBE_MULTI: linkinfo_kprobe_multi(&c); break;
	case ATTACH_LINK_STRUCT_OPS: linkinfo_struct_ops(&c); break;
	case ATTACH_LINK_NETFILTER: linkinfo_netfilter(&c); break;
	case ATTACH_LINK_TCX: linkinfo_dev(&c, ATTACH_TCX); break;
	case ATTACH_LINK_UPROBE_MULTI: linkinfo_uprobe_multi(&c); break;
	case ATTACH_LINK_NETKIT: linkinfo_dev(&c, ATTACH_NETKIT); break;
	case ATTACH_LINK_SOCKMAP: linkinfo_sockmap(&c); break;
	}
	if (!c.ok) {
		attach_clear(out);
		return -ENOMEM;
	}
	return 0;
}

bool attach_link_name_member(struct attach_link_info *info, char *buf, uint32_t size)
{
	uint64_t p = (uint64_t)(uintptr_t)buf;

	switch (info->type) {
	case ATTACH_LINK_RAW_TRACEPOINT:
		info->raw_tracepoint.tp_name = p;
		info->raw_tracepoint.tp_name_len = size;
		return true;
	case ATTACH_LINK_ITER:
		info->iter.target_name = p;
		info->iter.target_name_len = size;
		return true;
	case ATTACH_LINK_UPROBE_MULTI:
		/* path_size in, the path's size out; count 0 asks for no offsets */
		info->uprobe_multi.path = p;
		info->uprobe_multi.path_size = size;
		info->uprobe_multi.count = 0;
		return true;
	case ATTACH_LINK_KPROBE_MULTI:
		info->kprobe_multi.count = 0; /* no addresses asked for */
		return false;
	case ATTACH_LINK_PERF_EVENT:
		switch (info->perf_event.type) {
		case ATTACH_PERF_UPROBE:
		case ATTACH_PERF_URETPROBE:
			info->perf_event.uprobe.file_name = p;
			info->perf_event.uprobe.name_len = size;
			return true;
		case ATTACH_PERF_KPROBE:
		case ATTACH_PERF_KRETPROBE:
			info->perf_event.kprobe.func_name = p;
			info->perf_event.kprobe.name_len = size;
			return true;
		case ATTACH_PERF_TRACEPOINT:
			info->perf_event.tracepoint.tp_name = p;
			info->perf_event.tracepoint.name_len = size;
			return true;
		default:
			return false;
		}
	default:
		return false;
	}
}
