/* The XDP program the attachment tests attach with ip link set ... xdp obj. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("xdp")
int bk_xdp(struct xdp_md *ctx)
{
	return ctx->ingress_ifindex ? XDP_PASS : XDP_PASS;
}
