/* Two TCP congestion controls as struct_ops maps (tests/helpers/objs_loader --kind
 * cc): the kernel names their trampolines alike (bpf__tcp_congestion_ops_
 * <member>), and only their maps tell the two registrations apart. They
 * are never selected for a socket; each does what reno does at its
 * simplest. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* The members used here of the kernel's struct tcp_congestion_ops
 * (include/net/tcp.h): libbpf matches them to the running kernel's BTF by
 * name (bpf_map__init_kern_struct_ops()), so a subset declared here is
 * enough. The programs see their arguments as the u64 array of a
 * trampoline's context. */
struct tcp_congestion_ops {
	__u32 (*ssthresh)(void *sk);
	void (*cong_avoid)(void *sk, __u32 ack, __u32 acked);
	__u32 (*undo_cwnd)(void *sk);
	char name[16];
};

SEC("struct_ops/bk_one_ssthresh")
__u32 bk_one_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops/bk_one_cong_avoid")
void bk_one_cong_avoid(unsigned long long *ctx)
{
}

SEC("struct_ops/bk_one_undo_cwnd")
__u32 bk_one_undo_cwnd(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops/bk_two_ssthresh")
__u32 bk_two_ssthresh(unsigned long long *ctx)
{
	return 2;
}

SEC("struct_ops/bk_two_cong_avoid")
void bk_two_cong_avoid(unsigned long long *ctx)
{
}

SEC("struct_ops/bk_two_undo_cwnd")
__u32 bk_two_undo_cwnd(unsigned long long *ctx)
{
	return 2;
}

SEC(".struct_ops")
struct tcp_congestion_ops bk_cc_one = {
	.ssthresh = (void *)bk_one_ssthresh,
	.cong_avoid = (void *)bk_one_cong_avoid,
	.undo_cwnd = (void *)bk_one_undo_cwnd,
	.name = "bk_cc_one",
};

SEC(".struct_ops")
struct tcp_congestion_ops bk_cc_two = {
	.ssthresh = (void *)bk_two_ssthresh,
	.cong_avoid = (void *)bk_two_cong_avoid,
	.undo_cwnd = (void *)bk_two_undo_cwnd,
	.name = "bk_cc_two",
};
