/* The classifier the attachment tests attach with tc filter add ... bpf. */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("classifier")
int bk_tc(struct __sk_buff *skb)
{
	return skb->len ? TC_ACT_OK : TC_ACT_OK;
}
