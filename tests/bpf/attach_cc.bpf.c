/* A TCP congestion control as struct_ops, registered by the attachment test
 * with bpftool struct_ops register (a map without a link): its three
 * programs are tied to the map through the map's value. vmlinux.h is the
 * running kernel's BTF, dumped by the build (tests/bpf/vmlinux.h). */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("struct_ops/bk_ssthresh")
__u32 BPF_PROG(bk_ssthresh, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/bk_undo_cwnd")
__u32 BPF_PROG(bk_undo_cwnd, struct sock *sk)
{
	return 10;
}

SEC("struct_ops/bk_cong_avoid")
void BPF_PROG(bk_cong_avoid, struct sock *sk, __u32 ack, __u32 acked)
{
}

SEC(".struct_ops")
struct tcp_congestion_ops bk_cc = {
	.ssthresh = (void *)bk_ssthresh,
	.undo_cwnd = (void *)bk_undo_cwnd,
	.cong_avoid = (void *)bk_cong_avoid,
	.name = "bk_cc",
};
