/* The names of enum bpf_prog_type, bpf_attach_type, bpf_map_type and
 * bpf_link_type. Numbers are the kernel's (include/uapi/linux/bpf.h, as of
 * Linux 6.18, checked against the running kernel's BTF); they are written
 * out rather than taken from <linux/bpf.h>, whose Debian 12 copy (6.1)
 * lacks the newer ones. Names are libbpf's (libbpf.c prog_type_name[],
 * attach_type_name[], map_type_name[], link_type_name[]), so they match
 * bpftool and libbpf_bpf_*_type_str() wherever those know the number. */
#include "progs/bpf_names.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BPF_NAMES_COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const char *const bpf_names_prog[] = {
	[0] = "unspec",
	[1] = "socket_filter",
	[2] = "kprobe",
	[3] = "sched_cls",
	[4] = "sched_act",
	[5] = "tracepoint",
	[6] = "xdp",
	[7] = "perf_event",
	[8] = "cgroup_skb",
	[9] = "cgroup_sock",
	[10] = "lwt_in",
	[11] = "lwt_out",
	[12] = "lwt_xmit",
	[13] = "sock_ops",
	[14] = "sk_skb",
	[15] = "cgroup_device",
	[16] = "sk_msg",
	[17] = "raw_tracepoint",
	[18] = "cgroup_sock_addr",
	[19] = "lwt_seg6local",
	[20] = "lirc_mode2",
	[21] = "sk_reuseport",
	[22] = "flow_dissector",
	[23] = "cgroup_sysctl",
	[24] = "raw_tracepoint_writable",
	[25] = "cgroup_sockopt",
	[26] = "tracing",
	[27] = "struct_ops",
	[28] = "ext",
	[29] = "lsm",
	[30] = "sk_lookup",
	[31] = "syscall",
	[32] = "netfilter", /* Linux 6.4 */
};

static const char *const bpf_names_attach[] = {
	[0] = "cgroup_inet_ingress",
	[1] = "cgroup_inet_egress",
	[2] = "cgroup_inet_sock_create",
	[3] = "cgroup_sock_ops",
	[4] = "sk_skb_stream_parser",
	[5] = "sk_skb_stream_verdict",
	[6] = "cgroup_device",
	[7] = "sk_msg_verdict",
	[8] = "cgroup_inet4_bind",
	[9] = "cgroup_inet6_bind",
	[10] = "cgroup_inet4_connect",
	[11] = "cgroup_inet6_connect",
	[12] = "cgroup_inet4_post_bind",
	[13] = "cgroup_inet6_post_bind",
	[14] = "cgroup_udp4_sendmsg",
	[15] = "cgroup_udp6_sendmsg",
	[16] = "lirc_mode2",
	[17] = "flow_dissector",
	[18] = "cgroup_sysctl",
	[19] = "cgroup_udp4_recvmsg",
	[20] = "cgroup_udp6_recvmsg",
	[21] = "cgroup_getsockopt",
	[22] = "cgroup_setsockopt",
	[23] = "trace_raw_tp",
	[24] = "trace_fentry",
	[25] = "trace_fexit",
	[26] = "modify_return",
	[27] = "lsm_mac",
	[28] = "trace_iter",
	[29] = "cgroup_inet4_getpeername",
	[30] = "cgroup_inet6_getpeername",
	[31] = "cgroup_inet4_getsockname",
	[32] = "cgroup_inet6_getsockname",
	[33] = "xdp_devmap",
	[34] = "cgroup_inet_sock_release",
	[35] = "xdp_cpumap",
	[36] = "sk_lookup",
	[37] = "xdp",
	[38] = "sk_skb_verdict",
	[39] = "sk_reuseport_select",
	[40] = "sk_reuseport_select_or_migrate",
	[41] = "perf_event",
	[42] = "trace_kprobe_multi",
	[43] = "lsm_cgroup",
	[44] = "struct_ops",           /* Linux 6.4 */
	[45] = "netfilter",            /* 6.4 */
	[46] = "tcx_ingress",          /* 6.6 */
	[47] = "tcx_egress",           /* 6.6 */
	[48] = "trace_uprobe_multi",   /* 6.6 */
	[49] = "cgroup_unix_connect",  /* 6.7 */
	[50] = "cgroup_unix_sendmsg",
	[51] = "cgroup_unix_recvmsg",
	[52] = "cgroup_unix_getpeername",
	[53] = "cgroup_unix_getsockname",
	[54] = "netkit_primary",       /* 6.7 */
	[55] = "netkit_peer",
	[56] = "trace_kprobe_session", /* 6.10 */
	[57] = "trace_uprobe_session", /* 6.13 */
};

static const char *const bpf_names_map[] = {
	[0] = "unspec",
	[1] = "hash",
	[2] = "array",
	[3] = "prog_array",
	[4] = "perf_event_array",
	[5] = "percpu_hash",
	[6] = "percpu_array",
	[7] = "stack_trace",
	[8] = "cgroup_array",
	[9] = "lru_hash",
	[10] = "lru_percpu_hash",
	[11] = "lpm_trie",
	[12] = "array_of_maps",
	[13] = "hash_of_maps",
	[14] = "devmap",
	[15] = "sockmap",
	[16] = "cpumap",
	[17] = "xskmap",
	[18] = "sockhash",
	[19] = "cgroup_storage",
	[20] = "reuseport_sockarray",
	[21] = "percpu_cgroup_storage",
	[22] = "queue",
	[23] = "stack",
	[24] = "sk_storage",
	[25] = "devmap_hash",
	[26] = "struct_ops",
	[27] = "ringbuf",
	[28] = "inode_storage",
	[29] = "task_storage",
	[30] = "bloom_filter",
	[31] = "user_ringbuf",
	[32] = "cgrp_storage", /* Linux 6.2 */
	[33] = "arena",        /* 6.9 */
};

static const char *const bpf_names_link[] = {
	[0] = "unspec",
	[1] = "raw_tracepoint",
	[2] = "tracing",
	[3] = "cgroup",
	[4] = "iter",
	[5] = "netns",
	[6] = "xdp",
	[7] = "perf_event",
	[8] = "kprobe_multi",
	[9] = "struct_ops",
	[10] = "netfilter",    /* Linux 6.4 */
	[11] = "tcx",          /* 6.6 */
	[12] = "uprobe_multi", /* 6.6 */
	[13] = "netkit",       /* 6.7 */
	[14] = "sockmap",      /* 6.10 */
};

_Static_assert(BPF_NAMES_COUNT(bpf_names_prog) == BPF_NAMES_LAST_PROG_TYPE + 1, "prog types");
_Static_assert(BPF_NAMES_COUNT(bpf_names_attach) == BPF_NAMES_LAST_ATTACH_TYPE + 1,
	       "attach types");
_Static_assert(BPF_NAMES_COUNT(bpf_names_map) == BPF_NAMES_LAST_MAP_TYPE + 1, "map types");
_Static_assert(BPF_NAMES_COUNT(bpf_names_link) == BPF_NAMES_LAST_LINK_TYPE + 1, "link types");

/* "type N" for a number no row names: made once per number and kept, so
 * the caller can hold the pointer like a table name. A newer kernel adds
 * a handful of numbers at most. */
struct bpf_names_numbered {
	struct bpf_names_numbered *next;
	unsigned int nr;
	char text[24];
};

static pthread_mutex_t bpf_names_lock = PTHREAD_MUTEX_INITIALIZER;
static struct bpf_names_numbered *bpf_names_numbered;

static const char *bpf_names_number(unsigned int nr)
{
	struct bpf_names_numbered *n;
	const char *text = "type (out of memory)";

	pthread_mutex_lock(&bpf_names_lock);
	for (n = bpf_names_numbered; n && n->nr != nr; n = n->next)
		;
	if (!n && (n = calloc(1, sizeof(*n)))) {
		n->nr = nr;
		snprintf(n->text, sizeof(n->text), "type %u", nr);
		n->next = bpf_names_numbered;
		bpf_names_numbered = n;
	}
	if (n)
		text = n->text;
	pthread_mutex_unlock(&bpf_names_lock);
	return text;
}

static const char *bpf_names_lookup(const char *const *table, size_t nr, unsigned int type)
{
	return type < nr && table[type] ? table[type] : bpf_names_number(type);
}

const char *bpf_names_prog_type(unsigned int type)
{
	return bpf_names_lookup(bpf_names_prog, BPF_NAMES_COUNT(bpf_names_prog), type);
}

const char *bpf_names_attach_type(unsigned int type)
{
	return bpf_names_lookup(bpf_names_attach, BPF_NAMES_COUNT(bpf_names_attach), type);
}

const char *bpf_names_map_type(unsigned int type)
{
	return bpf_names_lookup(bpf_names_map, BPF_NAMES_COUNT(bpf_names_map), type);
}

const char *bpf_names_link_type(unsigned int type)
{
	return bpf_names_lookup(bpf_names_link, BPF_NAMES_COUNT(bpf_names_link), type);
}

bool bpf_names_prog_type_known(unsigned int type)
{
	return type < BPF_NAMES_COUNT(bpf_names_prog);
}

bool bpf_names_map_type_known(unsigned int type)
{
	return type < BPF_NAMES_COUNT(bpf_names_map);
}
