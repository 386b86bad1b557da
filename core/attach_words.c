/* The words for the numbers of an attachment (see attach_words.h). */
#include "attach_words.h"

#include <stddef.h>

#define ATTACH_WORDS_NR(a) (sizeof(a) / sizeof((a)[0]))

struct attach_words_type {
	const char *name; /* libbpf's attach_type_name[] */
	const char *word;
};

/* enum bpf_attach_type, include/uapi/linux/bpf.h (v6.18); the numbers
 * are the kernel's ABI and never change. */
static const struct attach_words_type attach_words_types[] = {
	[0] = { "cgroup_inet_ingress", "ingress" },
	[1] = { "cgroup_inet_egress", "egress" },
	[2] = { "cgroup_inet_sock_create", "sock_create" },
	[3] = { "cgroup_sock_ops", "sock_ops" },
	[4] = { "sk_skb_stream_parser", "stream_parser" },
	[5] = { "sk_skb_stream_verdict", "stream_verdict" },
	[6] = { "cgroup_device", "device" },
	[7] = { "sk_msg_verdict", "msg_verdict" },
	[8] = { "cgroup_inet4_bind", "bind4" },
	[9] = { "cgroup_inet6_bind", "bind6" },
	[10] = { "cgroup_inet4_connect", "connect4" },
	[11] = { "cgroup_inet6_connect", "connect6" },
	[12] = { "cgroup_inet4_post_bind", "post_bind4" },
	[13] = { "cgroup_inet6_post_bind", "post_bind6" },
	[14] = { "cgroup_udp4_sendmsg", "sendmsg4" },
	[15] = { "cgroup_udp6_sendmsg", "sendmsg6" },
	[16] = { "lirc_mode2", "lirc_mode2" },
	[17] = { "flow_dissector", "flow_dissector" },
	[18] = { "cgroup_sysctl", "sysctl" },
	[19] = { "cgroup_udp4_recvmsg", "recvmsg4" },
	[20] = { "cgroup_udp6_recvmsg", "recvmsg6" },
	[21] = { "cgroup_getsockopt", "getsockopt" },
	[22] = { "cgroup_setsockopt", "setsockopt" },
	[23] = { "trace_raw_tp", "raw_tp" },
	[24] = { "trace_fentry", "fentry" },
	[25] = { "trace_fexit", "fexit" },
	[26] = { "modify_return", "fmod_ret" },
	[27] = { "lsm_mac", "lsm" },
	[28] = { "trace_iter", "iter" },
	[29] = { "cgroup_inet4_getpeername", "getpeername4" },
	[30] = { "cgroup_inet6_getpeername", "getpeername6" },
	[31] = { "cgroup_inet4_getsockname", "getsockname4" },
	[32] = { "cgroup_inet6_getsockname", "getsockname6" },
	[33] = { "xdp_devmap", "devmap" },
	[34] = { "cgroup_inet_sock_release", "sock_release" },
	[35] = { "xdp_cpumap", "cpumap" },
	[36] = { "sk_lookup", "sk_lookup" },
	[37] = { "xdp", "xdp" },
	[38] = { "sk_skb_verdict", "skb_verdict" },
	[39] = { "sk_reuseport_select", "reuseport_select" },
	[40] = { "sk_reuseport_select_or_migrate", "reuseport_select_or_migrate" },
	[41] = { "perf_event", "perf_event" },
	[42] = { "trace_kprobe_multi", "kprobe_multi" },
	[43] = { "lsm_cgroup", "lsm_cgroup" },
	[44] = { "struct_ops", "struct_ops" },
	[45] = { "netfilter", "netfilter" },
	[46] = { "tcx_ingress", "ingress" },
	[47] = { "tcx_egress", "egress" },
	[48] = { "trace_uprobe_multi", "uprobe_multi" },
	[49] = { "cgroup_unix_connect", "unix_connect" },
	[50] = { "cgroup_unix_sendmsg", "unix_sendmsg" },
	[51] = { "cgroup_unix_recvmsg", "unix_recvmsg" },
	[52] = { "cgroup_unix_getpeername", "unix_getpeername" },
	[53] = { "cgroup_unix_getsockname", "unix_getsockname" },
	[54] = { "netkit_primary", "primary" },
	[55] = { "netkit_peer", "peer" },
	[56] = { "trace_kprobe_session", "kprobe_session" },
	[57] = { "trace_uprobe_session", "uprobe_session" },
};

const char *attach_type_name(uint32_t attach_type)
{
	return attach_type < ATTACH_WORDS_NR(attach_words_types)
		       ? attach_words_types[attach_type].name : NULL;
}

const char *attach_type_word(uint32_t attach_type)
{
	return attach_type < ATTACH_WORDS_NR(attach_words_types)
		       ? attach_words_types[attach_type].word : NULL;
}

/* enum bpf_link_type, include/uapi/linux/bpf.h (v6.18) */
static const char *const attach_words_links[] = {
	[1] = "raw_tracepoint", [2] = "tracing",      [3] = "cgroup",
	[4] = "iter",           [5] = "netns",        [6] = "xdp",
	[7] = "perf_event",     [8] = "kprobe_multi", [9] = "struct_ops",
	[10] = "netfilter",     [11] = "tcx",         [12] = "uprobe_multi",
	[13] = "netkit",        [14] = "sockmap",
};

const char *attach_link_type_name(uint32_t link_type)
{
	return link_type < ATTACH_WORDS_NR(attach_words_links) ? attach_words_links[link_type]
							       : NULL;
}

/* NFPROTO_*, include/uapi/linux/netfilter.h */
static const char *const attach_words_nf_families[] = {
	[1] = "inet", [2] = "ipv4", [3] = "arp", [5] = "netdev", [7] = "bridge", [10] = "ipv6",
};

const char *attach_nf_family(uint32_t pf)
{
	return pf < ATTACH_WORDS_NR(attach_words_nf_families) ? attach_words_nf_families[pf]
							      : NULL;
}

/* enum nf_inet_hooks, include/uapi/linux/netfilter.h */
static const char *const attach_words_nf_hooks[] = {
	"prerouting", "input", "forward", "output", "postrouting", "ingress",
};

const char *attach_nf_hook(uint32_t hooknum)
{
	return hooknum < ATTACH_WORDS_NR(attach_words_nf_hooks) ? attach_words_nf_hooks[hooknum]
								: NULL;
}

/* enum perf_type_id, include/uapi/linux/perf_event.h */
static const char *const attach_words_perf_types[] = {
	"hardware", "software", "tracepoint", "hw_cache", "raw", "breakpoint",
};

const char *attach_perf_type(uint32_t type)
{
	return type < ATTACH_WORDS_NR(attach_words_perf_types) ? attach_words_perf_types[type]
							       : NULL;
}

/* enum perf_hw_id and enum perf_sw_ids, as perf list names them */
static const char *const attach_words_perf_hw[] = {
	"cpu-cycles",         "instructions",         "cache-references", "cache-misses",
	"branch-instructions", "branch-misses",       "bus-cycles",
	"stalled-cycles-frontend", "stalled-cycles-backend", "ref-cycles",
};
static const char *const attach_words_perf_sw[] = {
	"cpu-clock",       "task-clock",       "page-faults",    "context-switches",
	"cpu-migrations",  "minor-faults",     "major-faults",   "alignment-faults",
	"emulation-faults", "dummy",           "bpf-output",     "cgroup-switches",
};

const char *attach_perf_config(uint32_t type, uint64_t config)
{
	if (type == 0 && config < ATTACH_WORDS_NR(attach_words_perf_hw))
		return attach_words_perf_hw[config];
	if (type == 1 && config < ATTACH_WORDS_NR(attach_words_perf_sw))
		return attach_words_perf_sw[config];
	return NULL;
}
