/* The words for the numbers of an attachment (see attach_words.h). */
#include "attach/attach_words.h"

#include <stddef.h>

#include "progs/bpf_names.h"

#define ATTACH_WORDS_NR(a) (sizeof(a) / sizeof((a)[0]))

/* The short word of each enum bpf_attach_type value (bpf_names.c has
 * libbpf's names, include/uapi/linux/bpf.h v6.18 the numbers, which are
 * the kernel's ABI and never change). */
static const char *const attach_words_types[] = {
	[0] = "ingress", /* cgroup_inet_ingress */
	[1] = "egress", /* cgroup_inet_egress */
	[2] = "sock_create", /* cgroup_inet_sock_create */
	[3] = "sock_ops", /* cgroup_sock_ops */
	[4] = "stream_parser", /* sk_skb_stream_parser */
	[5] = "stream_verdict", /* sk_skb_stream_verdict */
	[6] = "device", /* cgroup_device */
	[7] = "msg_verdict", /* sk_msg_verdict */
	[8] = "bind4", /* cgroup_inet4_bind */
	[9] = "bind6", /* cgroup_inet6_bind */
	[10] = "connect4", /* cgroup_inet4_connect */
	[11] = "connect6", /* cgroup_inet6_connect */
	[12] = "post_bind4", /* cgroup_inet4_post_bind */
	[13] = "post_bind6", /* cgroup_inet6_post_bind */
	[14] = "sendmsg4", /* cgroup_udp4_sendmsg */
	[15] = "sendmsg6", /* cgroup_udp6_sendmsg */
	[16] = "lirc_mode2", /* lirc_mode2 */
	[17] = "flow_dissector", /* flow_dissector */
	[18] = "sysctl", /* cgroup_sysctl */
	[19] = "recvmsg4", /* cgroup_udp4_recvmsg */
	[20] = "recvmsg6", /* cgroup_udp6_recvmsg */
	[21] = "getsockopt", /* cgroup_getsockopt */
	[22] = "setsockopt", /* cgroup_setsockopt */
	[23] = "raw_tp", /* trace_raw_tp */
	[24] = "fentry", /* trace_fentry */
	[25] = "fexit", /* trace_fexit */
	[26] = "fmod_ret", /* modify_return */
	[27] = "lsm", /* lsm_mac */
	[28] = "iter", /* trace_iter */
	[29] = "getpeername4", /* cgroup_inet4_getpeername */
	[30] = "getpeername6", /* cgroup_inet6_getpeername */
	[31] = "getsockname4", /* cgroup_inet4_getsockname */
	[32] = "getsockname6", /* cgroup_inet6_getsockname */
	[33] = "devmap", /* xdp_devmap */
	[34] = "sock_release", /* cgroup_inet_sock_release */
	[35] = "cpumap", /* xdp_cpumap */
	[36] = "sk_lookup", /* sk_lookup */
	[37] = "xdp", /* xdp */
	[38] = "skb_verdict", /* sk_skb_verdict */
	[39] = "reuseport_select", /* sk_reuseport_select */
	[40] = "reuseport_select_or_migrate", /* sk_reuseport_select_or_migrate */
	[41] = "perf_event", /* perf_event */
	[42] = "kprobe_multi", /* trace_kprobe_multi */
	[43] = "lsm_cgroup", /* lsm_cgroup */
	[44] = "struct_ops", /* struct_ops */
	[45] = "netfilter", /* netfilter */
	[46] = "ingress", /* tcx_ingress */
	[47] = "egress", /* tcx_egress */
	[48] = "uprobe_multi", /* trace_uprobe_multi */
	[49] = "unix_connect", /* cgroup_unix_connect */
	[50] = "unix_sendmsg", /* cgroup_unix_sendmsg */
	[51] = "unix_recvmsg", /* cgroup_unix_recvmsg */
	[52] = "unix_getpeername", /* cgroup_unix_getpeername */
	[53] = "unix_getsockname", /* cgroup_unix_getsockname */
	[54] = "primary", /* netkit_primary */
	[55] = "peer", /* netkit_peer */
	[56] = "kprobe_session", /* trace_kprobe_session */
	[57] = "uprobe_session", /* trace_uprobe_session */
};

const char *attach_type_name(uint32_t attach_type)
{
	return attach_type <= BPF_NAMES_LAST_ATTACH_TYPE ? bpf_names_attach_type(attach_type)
							  : NULL;
}

const char *attach_type_word(uint32_t attach_type)
{
	return attach_type < ATTACH_WORDS_NR(attach_words_types) ? attach_words_types[attach_type]
								 : NULL;
}

const char *attach_link_type_name(uint32_t link_type)
{
	return link_type >= 1 && link_type <= BPF_NAMES_LAST_LINK_TYPE
		       ? bpf_names_link_type(link_type) : NULL;
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
