/* Programs tests/helpers/attach_loader attaches: tcx, a cgroup link, tracepoints
 * through a perf-event link and a bare perf-event fd, a raw tracepoint, a
 * uprobe, a perf_event program on a software event, a socket filter, an
 * iterator link, a pin, a program held only by a map of programs. (ip, tc
 * and bpftool load attach_xdp.bpf.c,
 * attach_tc.bpf.c and attach_cgskb.bpf.c.) No
 * vmlinux.h: the iterator's context is declared with the members it
 * reads, relocated by CO-RE. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int bk_tcx(struct __sk_buff *skb)
{
	return skb->len ? TC_ACT_OK : TC_ACT_OK;
}

SEC("cgroup_skb/ingress")
int bk_cg_link(struct __sk_buff *skb)
{
	return skb->len ? 1 : 1;
}

SEC("socket")
int bk_sockfilt(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("tracepoint/sched/sched_process_fork")
int bk_tp_link(void *ctx)
{
	return ctx ? 0 : 0;
}

SEC("tracepoint/sched/sched_process_exec")
int bk_tp_perf(void *ctx)
{
	return ctx ? 0 : 0;
}

SEC("raw_tp/sched_process_exec")
int bk_raw_tp(void *ctx)
{
	return ctx ? 0 : 0;
}

SEC("uprobe")
int bk_uprobe(void *ctx)
{
	return ctx ? 0 : 0;
}

SEC("socket")
int bk_pinned(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("socket")
int bk_mapheld(struct __sk_buff *skb)
{
	return skb->len;
}

SEC("perf_event")
int bk_perf_sw(void *ctx)
{
	return ctx ? 0 : 0;
}

struct bpf_iter_meta {
	void *seq;
} __attribute__((preserve_access_index));

struct bpf_iter__bpf_map {
	struct bpf_iter_meta *meta;
	void *map;
} __attribute__((preserve_access_index));

SEC("iter/bpf_map")
int bk_iter(struct bpf_iter__bpf_map *ctx)
{
	return ctx->map ? 0 : 0;
}
