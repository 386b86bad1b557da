/* The link-info decoding of every link type from bytes (attach_linkinfo.c),
 * kinds this machine cannot make included, with the short form each gets
 * (attach_short.c) and the shapes that form takes in a narrow column; the
 * declared layout against the running kernel's BTF; the words of every
 * attach type. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "attach/attach_linkinfo.h"
#include "attach/attach_short.h"
#include "attach/attach_words.h"

/* ---- a names resolver with fixed answers ---- */

static bool fake_ifname(void *ctx, uint32_t ifindex, char *buf, size_t size)
{
	(void)ctx;
	if (ifindex == 7)
		snprintf(buf, size, "veth0");
	else if (ifindex == 9)
		snprintf(buf, size, "nk0");
	else
		return false;
	return true;
}

static bool fake_cgroup(void *ctx, uint64_t id, char *buf, size_t size)
{
	(void)ctx;
	if (id != 4242)
		return false;
	snprintf(buf, size, "/system.slice/sshd.service");
	return true;
}

static bool fake_btf(void *ctx, uint32_t obj, uint32_t id, char *buf, size_t size)
{
	(void)ctx, (void)obj;
	snprintf(buf, size, "%s", id == 1234 ? "tcp_v4_connect" : id == 77 ? "file_open" : "handler");
	return true;
}

static bool fake_tp(void *ctx, const char *name, char *buf, size_t size)
{
	(void)ctx;
	if (strcmp(name, "sched_switch"))
		return false;
	snprintf(buf, size, "sched");
	return true;
}

static bool fake_map(void *ctx, uint32_t id, char *buf, size_t size)
{
	(void)ctx;
	if (id == 12)
		snprintf(buf, size, "tcp_bk (struct tcp_congestion_ops)");
	else if (id == 5)
		snprintf(buf, size, "sock_map");
	else
		return false;
	return true;
}

static const struct attach_names names = {
	.ifname = fake_ifname, .cgroup_path = fake_cgroup, .btf_name = fake_btf,
	.tp_category = fake_tp, .map_name = fake_map, .own_netns = 4026531840u,
};

/* The whole short form of a. */
static const char *short_form(const struct prog *p, const struct attachment *a)
{
	static char buf[512];
	struct attach_short s;

	attach_short_parts(p, a, &s);
	attach_short_fit(&s, "", 0, true, buf, sizeof(buf));
	return buf;
}

/* Decodes info (len bytes, str as the name the kernel copied) and checks
 * the kind, the target, the short form and the link and program ids. */
static void check(const struct attach_link_info *info, size_t len, const char *str,
		  enum attach_kind kind, const char *target, const char *brief,
		  struct attachment *out)
{
	static const struct prog no_owners;
	struct attach_link_bytes b = { info, len, str };

	assert_int_equal(attach_link_decode(&b, &names, out), 0);
	assert_int_equal(out->kind, kind);
	assert_string_equal(out->target, target);
	assert_string_equal(short_form(&no_owners, out), brief);
	assert_int_equal(out->link_id, info->id);
	assert_int_equal(out->prog_id, info->prog_id);
	assert_int_equal(out->link_type, info->type);
}

static const char *raw_str(const struct attachment *a, const char *key)
{
	const struct attach_raw *r = attach_raw_find(a, key);

	assert_non_null(r);
	assert_int_equal(r->type, ATTACH_RAW_STR);
	return r->str;
}

static uint64_t raw_u64(const struct attachment *a, const char *key)
{
	const struct attach_raw *r = attach_raw_find(a, key);

	assert_non_null(r);
	return r->type == ATTACH_RAW_S64 ? (uint64_t)r->s : r->u;
}

#define INFO(t) struct attach_link_info i = { .type = (t), .id = 31, .prog_id = 900 }

static void test_raw_tracepoint(void **state)
{
	struct attachment a;
	INFO(1);

	(void)state;
	check(&i, sizeof(i), "sched_switch", ATTACH_RAW_TRACEPOINT, "sched_switch",
	      "raw_tp sched_switch", &a);
	assert_string_equal(raw_str(&a, "tp_name"), "sched_switch");
	attach_clear(&a);
}

static void test_tracing(void **state)
{
	struct attachment a;
	INFO(2);

	(void)state;
	i.tracing.attach_type = 24; /* fentry */
	i.tracing.target_obj_id = 1;
	i.tracing.target_btf_id = 1234;
	check(&i, sizeof(i), NULL, ATTACH_TRACING, "fentry tcp_v4_connect", "fentry tcp_v4_connect", &a);
	assert_string_equal(raw_str(&a, "attach_type"), "trace_fentry");
	assert_int_equal(raw_u64(&a, "target_btf_id"), 1234);
	assert_string_equal(raw_str(&a, "target_name"), "tcp_v4_connect");
	attach_clear(&a);
	i.tracing.attach_type = 27; /* lsm */
	i.tracing.target_btf_id = 77;
	check(&i, sizeof(i), NULL, ATTACH_LSM, "LSM hook file_open", "lsm file_open", &a);
	attach_clear(&a);
	i.tracing.attach_type = 0; /* freplace: target_obj_id is a program */
	i.tracing.target_obj_id = 55;
	i.tracing.target_btf_id = 9;
	check(&i, sizeof(i), NULL, ATTACH_TRACING, "freplace of handler in program 55",
	      "freplace handler", &a);
	attach_clear(&a);
}

static void test_cgroup(void **state)
{
	struct attachment a;
	INFO(3);

	(void)state;
	i.cgroup.cgroup_id = 4242;
	i.cgroup.attach_type = 1;
	check(&i, sizeof(i), NULL, ATTACH_CGROUP, "/system.slice/sshd.service egress",
	      "cg /system.slice/sshd.service egress", &a);
	assert_string_equal(raw_str(&a, "cgroup_path"), "/system.slice/sshd.service");
	assert_int_equal(raw_u64(&a, "cgroup_id"), 4242);
	assert_string_equal(raw_str(&a, "attach_type"), "cgroup_inet_egress");
	attach_clear(&a);
	/* a cgroup the walk did not see: its id, and no path */
	i.cgroup.cgroup_id = 99;
	i.cgroup.attach_type = 6;
	check(&i, sizeof(i), NULL, ATTACH_CGROUP, "cgroup id 99 device", "cg id 99 device", &a);
	assert_null(attach_raw_find(&a, "cgroup_path"));
	attach_clear(&a);
}

static void test_iter(void **state)
{
	struct attachment a;
	INFO(4);

	(void)state;
	check(&i, sizeof(i), "bpf_map", ATTACH_ITER, "iterator bpf_map", "iter bpf_map", &a);
	attach_clear(&a);
	i.iter.map_id = 12;
	check(&i, sizeof(i), "bpf_map_elem", ATTACH_ITER,
	      "iterator bpf_map_elem over map tcp_bk (struct tcp_congestion_ops) (id 12)",
	      "iter bpf_map_elem", &a);
	assert_int_equal(raw_u64(&a, "map_id"), 12);
	attach_clear(&a);
	i.iter.map_id = 0;
	i.iter.task.pid = 42;
	check(&i, sizeof(i), "task", ATTACH_ITER, "iterator task of process 42", "iter task", &a);
	assert_int_equal(raw_u64(&a, "pid"), 42);
	attach_clear(&a);
}

static void test_netns(void **state)
{
	struct attachment a;
	INFO(5);

	(void)state;
	i.netns.netns_ino = 4026531840u;
	i.netns.attach_type = 36;
	check(&i, sizeof(i), NULL, ATTACH_SK_LOOKUP,
	      "network namespace net:[4026531840] (this one), sk_lookup",
	      "sk_lookup net:[4026531840]", &a);
	attach_clear(&a);
	i.netns.netns_ino = 4026532000u;
	i.netns.attach_type = 17;
	check(&i, sizeof(i), NULL, ATTACH_NETNS, "network namespace net:[4026532000], flow_dissector",
	      "flow_dissector net:[4026532000]", &a);
	attach_clear(&a);
}

static void test_xdp(void **state)
{
	struct attachment a;
	INFO(6);

	(void)state;
	i.xdp.ifindex = 7;
	check(&i, sizeof(i), NULL, ATTACH_XDP, "veth0 (ifindex 7)", "xdp veth0", &a);
	assert_string_equal(raw_str(&a, "ifname"), "veth0");
	attach_clear(&a);
	i.xdp.ifindex = 3; /* no name known */
	check(&i, sizeof(i), NULL, ATTACH_XDP, "ifindex 3", "xdp ifindex 3", &a);
	assert_null(attach_raw_find(&a, "ifname"));
	attach_clear(&a);
	i.xdp.ifindex = 0; /* the device went, the link stays */
	check(&i, sizeof(i), NULL, ATTACH_XDP, "no interface (its device was deleted; the link stays)",
	      "xdp (deleted)", &a);
	attach_clear(&a);
}

static void test_perf_event(void **state)
{
	struct attachment a;
	INFO(7);

	(void)state;
	i.perf_event.type = 1;
	i.perf_event.uprobe.offset = 0x1234;
	check(&i, sizeof(i), "/usr/bin/bash", ATTACH_UPROBE, "uprobe /usr/bin/bash+0x1234",
	      "up bash+0x1234", &a);
	assert_string_equal(raw_str(&a, "file"), "/usr/bin/bash");
	attach_clear(&a);
	memset(&i.perf_event, 0, sizeof(i.perf_event));
	i.perf_event.type = 4;
	check(&i, sizeof(i), "tcp_sendmsg", ATTACH_KPROBE, "kretprobe tcp_sendmsg+0x0",
	      "kretp tcp_sendmsg", &a);
	attach_clear(&a);
	memset(&i.perf_event, 0, sizeof(i.perf_event));
	i.perf_event.type = 5;
	check(&i, sizeof(i), "sched_switch", ATTACH_TRACEPOINT, "sched:sched_switch",
	      "tp sched_switch", &a);
	attach_clear(&a);
	check(&i, sizeof(i), "some_tp", ATTACH_TRACEPOINT, "some_tp", "tp some_tp", &a);
	attach_clear(&a);
	memset(&i.perf_event, 0, sizeof(i.perf_event));
	i.perf_event.type = 6;
	i.perf_event.event.type = 1; /* PERF_TYPE_SOFTWARE */
	i.perf_event.event.config = 0;
	check(&i, sizeof(i), NULL, ATTACH_PERF_EVENT, "software event cpu-clock", "perf cpu-clock", &a);
	attach_clear(&a);
	i.perf_event.event.type = 0;
	i.perf_event.event.config = 1;
	check(&i, sizeof(i), NULL, ATTACH_PERF_EVENT, "hardware event instructions",
	      "perf instructions", &a);
	attach_clear(&a);
	i.perf_event.type = 9; /* a sub-type of a later kernel */
	check(&i, sizeof(i), NULL, ATTACH_PERF_EVENT,
	      "a perf event link of sub-type 9, which the kernel did not describe or this "
	      "bpfknobs does not know", "perf ?", &a);
	attach_clear(&a);
}

static void test_kprobe_multi(void **state)
{
	struct attachment a;
	INFO(8);

	(void)state;
	i.kprobe_multi.count = 3;
	i.kprobe_multi.flags = 1;
	check(&i, sizeof(i), NULL, ATTACH_KPROBE, "kretprobe on 3 kernel functions (kprobe_multi)",
	      "kretp 3 funcs", &a);
	attach_clear(&a);
}

static void test_struct_ops(void **state)
{
	struct attachment a;
	INFO(9);

	(void)state;
	i.prog_id = 0; /* a struct_ops link holds a map, not a program */
	i.struct_ops.map_id = 12;
	check(&i, sizeof(i), NULL, ATTACH_STRUCT_OPS,
	      "struct_ops map tcp_bk (struct tcp_congestion_ops), id 12", "ops map 12", &a);
	assert_int_equal(raw_u64(&a, "map_id"), 12);
	attach_clear(&a);
}

static void test_netfilter(void **state)
{
	struct attachment a;
	INFO(10);

	(void)state;
	i.netfilter.pf = 2;
	i.netfilter.hooknum = 1;
	i.netfilter.priority = -128;
	i.netfilter.flags = 1;
	check(&i, sizeof(i), NULL, ATTACH_NETFILTER,
	      "netfilter ipv4 input, priority -128, with IP defragmentation", "nf ipv4 in", &a);
	assert_int_equal((int64_t)raw_u64(&a, "prio"), -128);
	attach_clear(&a);
}

static void test_tcx_netkit(void **state)
{
	struct attachment a;
	INFO(11);

	(void)state;
	i.tcx.ifindex = 7;
	i.tcx.attach_type = 47;
	check(&i, sizeof(i), NULL, ATTACH_TCX, "veth0 (ifindex 7), egress", "tcx out veth0", &a);
	assert_string_equal(raw_str(&a, "attach_type"), "tcx_egress");
	attach_clear(&a);
	i.type = 13;
	i.netkit.ifindex = 9;
	i.netkit.attach_type = 55;
	check(&i, sizeof(i), NULL, ATTACH_NETKIT, "nk0 (ifindex 9), peer", "netkit peer nk0", &a);
	attach_clear(&a);
}

static void test_uprobe_multi(void **state)
{
	struct attachment a;
	INFO(12);

	(void)state;
	i.uprobe_multi.count = 2;
	i.uprobe_multi.pid = 42;
	check(&i, sizeof(i), "/usr/lib/libc.so.6", ATTACH_UPROBE,
	      "uprobe /usr/lib/libc.so.6 at 2 offsets, pid 42", "up libc.so.6 2 offsets", &a);
	attach_clear(&a);
}

static void test_sockmap(void **state)
{
	struct attachment a;
	INFO(14);

	(void)state;
	i.sockmap.map_id = 5;
	i.sockmap.attach_type = 38;
	check(&i, sizeof(i), NULL, ATTACH_SOCKMAP, "sockmap sock_map, id 5, skb_verdict",
	      "sockmap skb_verdict map 5", &a);
	attach_clear(&a);
}

/* Never a field from a layout the kernel did not fill. */
static void test_unknown_and_short(void **state)
{
	struct attachment a;
	INFO(15);

	(void)state;
	check(&i, sizeof(i), NULL, ATTACH_UNKNOWN,
	      "a link of type 15, which this bpfknobs does not know: its details are not shown",
	      "link ?", &a);
	assert_int_equal(a.nr_raw, 0);
	attach_clear(&a);
	/* a kernel that knows tcx links but gave only the bytes before the union */
	i.type = 11;
	i.tcx.ifindex = 7;
	check(&i, 16, NULL, ATTACH_UNKNOWN,
	      "a tcx link, whose details this kernel does not report (it gave 16 bytes of link info)",
	      "link tcx", &a);
	assert_int_equal(a.nr_raw, 0);
	attach_clear(&a);
}

/* The short forms of the sources without a link: netlink's XDP with its
 * mode and classic tc, an inferred socket named by its process; and the
 * program's cell: "-", "?", "+N". */
static void test_short_sources(void **state)
{
	struct prog_owner nginx = { .pid = 42, .comm = "nginx" };
	struct attachment v[2];
	struct prog p = { .owners = &nginx, .nr_owners = 1 };
	char buf[256];
	bool attached;

	(void)state;
	memset(v, 0, sizeof(v));
	v[0].kind = ATTACH_XDP;
	assert_true(attach_raw_u64(&v[0], "ifindex", 7) && attach_raw_str(&v[0], "ifname", "rl_veth0") &&
		    attach_raw_str(&v[0], "mode", "driver"));
	assert_string_equal(short_form(&p, &v[0]), "xdp rl_veth0 drv");
	attach_clear(&v[0]);
	v[0].kind = ATTACH_TC;
	assert_true(attach_raw_u64(&v[0], "ifindex", 7) && attach_raw_str(&v[0], "ifname", "rl_veth0") &&
		    attach_raw_str(&v[0], "direction", "ingress"));
	assert_string_equal(short_form(&p, &v[0]), "tc in rl_veth0");
	v[1].kind = ATTACH_SOCKET;
	assert_true(attach_raw_u64(&v[1], "pid", 42) && attach_raw_u64(&v[1], "fd", 3));
	assert_string_equal(short_form(&p, &v[1]), "socket nginx");
	attach_clear(&v[1]);
	v[1].kind = ATTACH_RAW_TRACEPOINT;
	assert_true(attach_raw_str(&v[1], "tp_name", "sched_process_exec"));
	assert_string_equal(short_form(&p, &v[1]), "raw_tp sched_process_exec");

	/* the program's cell */
	p.attachments = v;
	p.nr_attachments = 2;
	attach_short_prog(&p, 0, true, buf, sizeof(buf), &attached);
	assert_string_equal(buf, "tc in rl_veth0 +1");
	assert_true(attached);
	/* narrower: the name cut, the count kept */
	attach_short_prog(&p, 14, true, buf, sizeof(buf), &attached);
	assert_string_equal(buf, "tc in rl\u2026h0 +1");
	p.nr_attachments = 0;
	attach_short_prog(&p, 0, true, buf, sizeof(buf), &attached);
	assert_string_equal(buf, "-");
	assert_false(attached);
	p.holder_unknown = "a socket may hold it";
	attach_short_prog(&p, 0, true, buf, sizeof(buf), &attached);
	assert_string_equal(buf, "?");
	p.attachments = NULL;
	p.holder_unknown = NULL;
	attach_short_prog(&p, 0, true, buf, sizeof(buf), &attached);
	assert_string_equal(buf, "?");
	attach_clear(&v[0]);
	attach_clear(&v[1]);
}

/* fit checks the shape of s at a width */
static void fit(const struct attach_short *s, int width, bool utf8, const char *want)
{
	char buf[256];
	int w = attach_short_fit(s, "", width, utf8, buf, sizeof(buf));

	assert_string_equal(buf, want);
	assert_true(w <= width);
}

/* A word is never cut where a shorter shape exists: the path's leaf, then
 * without the offset, then the subject cut (a path from the left, a name
 * in the middle), the head and tail kept. */
static void test_short_shapes(void **state)
{
	struct attach_short cg = { .head = "cg", .subject = "/system.slice/sshd.service",
				   .tail = "egress", .path = true };
	struct attach_short up = { .head = "up", .subject = "attach_loader", .suffix = "+0x2df0",
				   .path = true };
	struct attach_short tp = { .head = "raw_tp", .subject = "sched_process_exec" };
	struct attach_short root = { .head = "cg", .subject = "/rl_test", .tail = "egress",
				     .path = true };

	(void)state;
	fit(&cg, 36, true, "cg /system.slice/sshd.service egress");
	fit(&cg, 24, true, "cg \u2026/sshd.service egress");
	fit(&cg, 20, true, "cg \u2026d.service egress");
	fit(&cg, 26, false, "cg .../sshd.service egress");
	/* too narrow for the tail with a character of the path: the tail goes */
	fit(&cg, 6, true, "cg \u2026ce");
	fit(&cg, 3, true, "cg\u2026");
	fit(&up, 23, true, "up attach_loader+0x2df0");
	fit(&up, 22, true, "up attach_loader");
	fit(&up, 12, true, "up \u2026h_loader");
	fit(&tp, 25, true, "raw_tp sched_process_exec");
	fit(&tp, 22, true, "raw_tp sched_p\u2026ss_exec");
	/* "/rl_test" has no shorter leaf: whole, or cut */
	fit(&root, 18, true, "cg /rl_test egress");
	fit(&root, 16, true, "cg \u2026_test egress");
}

static void test_name_member(void **state)
{
	struct attach_link_info i;
	char buf[16];

	(void)state;
	memset(&i, 0, sizeof(i));
	i.type = 7;
	i.perf_event.type = 5;
	assert_true(attach_link_name_member(&i, buf, sizeof(buf)));
	assert_true(i.perf_event.tracepoint.tp_name == (uint64_t)(uintptr_t)buf);
	assert_int_equal(i.perf_event.tracepoint.name_len, sizeof(buf));
	i.perf_event.type = 6; /* an event has no name */
	memset(&i.perf_event.event, 0, sizeof(i.perf_event.event));
	assert_false(attach_link_name_member(&i, buf, sizeof(buf)));
	memset(&i, 0, sizeof(i));
	i.type = 12;
	assert_true(attach_link_name_member(&i, buf, sizeof(buf)));
	assert_true(i.uprobe_multi.path == (uint64_t)(uintptr_t)buf);
	assert_int_equal(i.uprobe_multi.count, 0);
	i.type = 11;
	assert_false(attach_link_name_member(&i, buf, sizeof(buf)));
}

/* ---- the layout against the running kernel's BTF ---- */

/* The byte offset of member path ("perf_event.event.type") in type id. */
static long btf_offset(const struct btf *btf, uint32_t id, const char *path)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const char *dot = strchr(path, '.');
	size_t len = dot ? (size_t)(dot - path) : strlen(path);
	const struct btf_member *m = btf_members(t);

	for (unsigned short k = 0; k < btf_vlen(t); k++, m++) {
		const char *name = btf__name_by_offset(btf, m->name_off);
		long off = (long)(btf_member_bit_offset(t, k) / 8);
		uint32_t mt = btf__resolve_type(btf, m->type) > 0 ? (uint32_t)btf__resolve_type(btf, m->type) : m->type;

		if (name && *name && strlen(name) == len && !strncmp(name, path, len))
			return dot ? (btf_offset(btf, mt, dot + 1) < 0 ? -1
								       : off + btf_offset(btf, mt, dot + 1))
				   : off;
		if (!name || !*name) { /* an anonymous union or struct: look inside */
			long inner = btf_offset(btf, mt, path);

			if (inner >= 0)
				return off + inner;
		}
	}
	return -1;
}

#define LAYOUT(path) { #path, offsetof(struct attach_link_info, path) }

static void test_layout_matches_kernel(void **state)
{
	static const struct { const char *path; size_t off; } members[] = {
		LAYOUT(type), LAYOUT(id), LAYOUT(prog_id),
		LAYOUT(raw_tracepoint.tp_name), LAYOUT(raw_tracepoint.tp_name_len),
		LAYOUT(raw_tracepoint.cookie),
		LAYOUT(tracing.attach_type), LAYOUT(tracing.target_obj_id),
		LAYOUT(tracing.target_btf_id), LAYOUT(tracing.cookie),
		LAYOUT(cgroup.cgroup_id), LAYOUT(cgroup.attach_type),
		LAYOUT(iter.target_name), LAYOUT(iter.target_name_len),
		/* the kernel's iter.map.map_id, in a union of one */
		{ "iter.map.map_id", offsetof(struct attach_link_info, iter.map_id) },
		LAYOUT(iter.cgroup.cgroup_id), LAYOUT(iter.cgroup.order), LAYOUT(iter.task.tid),
		LAYOUT(iter.task.pid),
		LAYOUT(netns.netns_ino), LAYOUT(netns.attach_type), LAYOUT(xdp.ifindex),
		LAYOUT(struct_ops.map_id),
		LAYOUT(netfilter.pf), LAYOUT(netfilter.hooknum), LAYOUT(netfilter.priority),
		LAYOUT(netfilter.flags),
		LAYOUT(kprobe_multi.addrs), LAYOUT(kprobe_multi.count), LAYOUT(kprobe_multi.flags),
		LAYOUT(kprobe_multi.missed), LAYOUT(kprobe_multi.cookies),
		LAYOUT(uprobe_multi.path), LAYOUT(uprobe_multi.offsets),
		LAYOUT(uprobe_multi.ref_ctr_offsets), LAYOUT(uprobe_multi.cookies),
		LAYOUT(uprobe_multi.path_size), LAYOUT(uprobe_multi.count),
		LAYOUT(uprobe_multi.flags), LAYOUT(uprobe_multi.pid),
		LAYOUT(perf_event.type),
		LAYOUT(perf_event.uprobe.file_name), LAYOUT(perf_event.uprobe.name_len),
		LAYOUT(perf_event.uprobe.offset), LAYOUT(perf_event.uprobe.cookie),
		LAYOUT(perf_event.uprobe.ref_ctr_offset),
		LAYOUT(perf_event.kprobe.func_name), LAYOUT(perf_event.kprobe.name_len),
		LAYOUT(perf_event.kprobe.offset), LAYOUT(perf_event.kprobe.addr),
		LAYOUT(perf_event.kprobe.missed), LAYOUT(perf_event.kprobe.cookie),
		LAYOUT(perf_event.tracepoint.tp_name), LAYOUT(perf_event.tracepoint.name_len),
		LAYOUT(perf_event.tracepoint.cookie),
		LAYOUT(perf_event.event.config), LAYOUT(perf_event.event.type),
		LAYOUT(perf_event.event.cookie),
		LAYOUT(tcx.ifindex), LAYOUT(tcx.attach_type),
		LAYOUT(netkit.ifindex), LAYOUT(netkit.attach_type),
		LAYOUT(sockmap.map_id), LAYOUT(sockmap.attach_type),
	};
	struct btf *btf = btf__load_vmlinux_btf();
	size_t found = 0;
	int id;

	(void)state;
	if (libbpf_get_error(btf)) {
		/* a kernel without CONFIG_DEBUG_INFO_BTF: nothing to compare with */
		if (getenv("CI"))
			fail_msg("no kernel BTF (/sys/kernel/btf/vmlinux) to check the layout against");
		skip();
	}
	id = btf__find_by_name_kind(btf, "bpf_link_info", BTF_KIND_STRUCT);
	assert_true(id > 0);
	for (size_t k = 0; k < sizeof(members) / sizeof(members[0]); k++) {
		long off = btf_offset(btf, (uint32_t)id, members[k].path);

		/* a member this kernel does not have yet is never read on it */
		if (off < 0)
			continue;
		found++;
		if ((size_t)off != members[k].off)
			fail_msg("bpf_link_info.%s: the kernel has it at byte %ld, we at %zu",
				 members[k].path, off, members[k].off);
	}
	/* every kernel with BTF has the members Linux 5.10 had (type to xdp) */
	assert_true(found >= 20);
	printf("compared %zu of %zu members with the kernel's BTF\n", found,
	       sizeof(members) / sizeof(members[0]));
	btf__free(btf);
}

static void test_words(void **state)
{
	(void)state;
	/* every attach type and link type of v6.18 has its words */
	for (uint32_t t = 0; t <= 57; t++) {
		assert_non_null(attach_type_name(t));
		assert_non_null(attach_type_word(t));
	}
	assert_null(attach_type_name(58));
	for (uint32_t t = 1; t <= 14; t++)
		assert_non_null(attach_link_type_name(t));
	assert_null(attach_link_type_name(15));
	assert_string_equal(attach_type_word(2), "sock_create");
	assert_string_equal(attach_type_word(6), "device");
	assert_string_equal(attach_type_name(46), "tcx_ingress");
	assert_string_equal(attach_nf_hook(4), "postrouting");
	assert_string_equal(attach_nf_family(10), "ipv6");
	assert_string_equal(attach_perf_config(1, 0), "cpu-clock");
	assert_null(attach_perf_config(1, 99));
	assert_string_equal(attach_kind_name(ATTACH_RAW_TRACEPOINT), "raw_tracepoint");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_tracepoint), cmocka_unit_test(test_tracing),
		cmocka_unit_test(test_cgroup), cmocka_unit_test(test_iter),
		cmocka_unit_test(test_netns), cmocka_unit_test(test_xdp),
		cmocka_unit_test(test_perf_event), cmocka_unit_test(test_kprobe_multi),
		cmocka_unit_test(test_struct_ops), cmocka_unit_test(test_netfilter),
		cmocka_unit_test(test_tcx_netkit), cmocka_unit_test(test_uprobe_multi),
		cmocka_unit_test(test_sockmap), cmocka_unit_test(test_unknown_and_short),
		cmocka_unit_test(test_short_sources), cmocka_unit_test(test_short_shapes),
		cmocka_unit_test(test_name_member), cmocka_unit_test(test_layout_matches_kernel),
		cmocka_unit_test(test_words),
	};

	libbpf_set_print(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
