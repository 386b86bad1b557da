/* The cgroup_skb program the attachment tests attach with bpftool cgroup
 * attach. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("cgroup_skb/egress")
int bk_cg_egress(struct __sk_buff *skb)
{
	return skb->len ? 1 : 1;
}
