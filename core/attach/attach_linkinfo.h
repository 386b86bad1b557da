/* struct bpf_link_info as the running kernel fills it, declared here
 * because Debian 12's linux/bpf.h (6.1) stops at the xdp member and link
 * type 9, and the link-info decoding as a pure function of the bytes the
 * kernel gave, so that tests can feed captured bytes of every link kind,
 * the ones this machine cannot make included. */
#ifndef BPFKNOBS_ATTACH_ATTACH_LINKINFO_H
#define BPFKNOBS_ATTACH_ATTACH_LINKINFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progs/attachment.h"

/* include/uapi/linux/bpf.h, struct bpf_link_info, as of v6.18 (the layout
 * only ever grows: members are appended to the union, never moved; checked
 * against the running kernel's BTF by tests/unit/attach/test_attach). Pointers are
 * u64 (__aligned_u64). A member of a type the running kernel does not have
 * is never read: the decoder keys on the type the kernel reported. */
struct attach_link_info {
	uint32_t type; /* enum bpf_link_type */
	uint32_t id;
	uint32_t prog_id;
	uint32_t pad_union; /* the union is 8-aligned */
	union {
		struct {
			uint64_t tp_name;
			uint32_t tp_name_len;
			uint32_t pad;
			uint64_t cookie;
		} raw_tracepoint;
		struct {
			uint32_t attach_type;
			uint32_t target_obj_id; /* prog_id for freplace, else a BTF object id */
			uint32_t target_btf_id;
			uint32_t pad;
			uint64_t cookie;
		} tracing;
		struct {
			uint64_t cgroup_id;
			uint32_t attach_type;
		} cgroup;
		struct {
			uint64_t target_name;
			uint32_t target_name_len;
			uint32_t map_id; /* union map */
			union {
				struct {
					uint64_t cgroup_id;
					uint32_t order;
				} cgroup;
				struct {
					uint32_t tid;
					uint32_t pid;
				} task;
			};
		} iter;
		struct {
			uint32_t netns_ino;
			uint32_t attach_type;
		} netns;
		struct {
			uint32_t ifindex;
		} xdp;
		struct {
			uint32_t map_id;
		} struct_ops;
		struct {
			uint32_t pf;
			uint32_t hooknum;
			int32_t priority;
			uint32_t flags;
		} netfilter;
		struct {
			uint64_t addrs;
			uint32_t count;
			uint32_t flags;
			uint64_t missed;
			uint64_t cookies;
		} kprobe_multi;
		struct {
			uint64_t path;
			uint64_t offsets;
			uint64_t ref_ctr_offsets;
			uint64_t cookies;
			uint32_t path_size;
			uint32_t count;
			uint32_t flags;
			uint32_t pid;
		} uprobe_multi;
		struct {
			uint32_t type; /* enum bpf_perf_event_type */
			uint32_t pad;
			union {
				struct {
					uint64_t file_name;
					uint32_t name_len;
					uint32_t offset;
					uint64_t cookie;
					uint64_t ref_ctr_offset;
				} uprobe;
				struct {
					uint64_t func_name;
					uint32_t name_len;
					uint32_t offset;
					uint64_t addr;
					uint64_t missed;
					uint64_t cookie;
				} kprobe;
				struct {
					uint64_t tp_name;
					uint32_t name_len;
					uint32_t pad;
					uint64_t cookie;
				} tracepoint;
				struct {
					uint64_t config;
					uint32_t type;
					uint32_t pad;
					uint64_t cookie;
				} event;
			};
		} perf_event;
		struct {
			uint32_t ifindex;
			uint32_t attach_type;
		} tcx, netkit;
		struct {
			uint32_t map_id;
			uint32_t attach_type;
		} sockmap;
	};
} __attribute__((aligned(8)));

/* enum bpf_link_type (include/uapi/linux/bpf.h) */
enum attach_link_type {
	ATTACH_LINK_RAW_TRACEPOINT = 1,
	ATTACH_LINK_TRACING = 2,
	ATTACH_LINK_CGROUP = 3,
	ATTACH_LINK_ITER = 4,
	ATTACH_LINK_NETNS = 5,
	ATTACH_LINK_XDP = 6,
	ATTACH_LINK_PERF_EVENT = 7,
	ATTACH_LINK_KPROBE_MULTI = 8,
	ATTACH_LINK_STRUCT_OPS = 9,
	ATTACH_LINK_NETFILTER = 10,
	ATTACH_LINK_TCX = 11,
	ATTACH_LINK_UPROBE_MULTI = 12,
	ATTACH_LINK_NETKIT = 13,
	ATTACH_LINK_SOCKMAP = 14,
};

/* enum bpf_perf_event_type (include/uapi/linux/bpf.h, since 6.6) */
enum attach_perf_event_type {
	ATTACH_PERF_UPROBE = 1,
	ATTACH_PERF_URETPROBE = 2,
	ATTACH_PERF_KPROBE = 3,
	ATTACH_PERF_KRETPROBE = 4,
	ATTACH_PERF_TRACEPOINT = 5,
	ATTACH_PERF_EVENT_EVENT = 6,
};

/* How a name is put into words; every function may be NULL, and each
 * returns false when it does not know (the number is shown instead). */
struct attach_names {
	void *ctx;
	bool (*ifname)(void *ctx, uint32_t ifindex, char *buf, size_t size);
	/* the path below the cgroup2 mount, "/" for its root */
	bool (*cgroup_path)(void *ctx, uint64_t cgroup_id, char *buf, size_t size);
	/* the name of BTF type btf_id in BTF object obj_id (0: vmlinux) */
	bool (*btf_name)(void *ctx, uint32_t obj_id, uint32_t btf_id, char *buf, size_t size);
	/* the category of a tracepoint: "sched" for "sched_switch" */
	bool (*tp_category)(void *ctx, const char *name, char *buf, size_t size);
	/* a map in words: "tcp_ca (struct tcp_congestion_ops)" */
	bool (*map_name)(void *ctx, uint32_t map_id, char *buf, size_t size);
	/* this process's network namespace inode, to call a netns "this one" */
	uint32_t own_netns;
};

/* What the kernel gave for one link: the info bytes (len is the info_len
 * it returned: an older kernel fills fewer), and the string it copied for
 * the link type's name member (attach_link_name_member()), NULL when none.
 * prog_type tells fentry from lsm where attach types alone do not. */
struct attach_link_bytes {
	const void *info;
	size_t len;
	const char *str;
};

/* Decodes one link into out (zeroed first): kind, target, link and
 * program ids, raw facts. A type it does not know, or bytes too short for
 * the type's members, give ATTACH_UNKNOWN and a sentence as the target.
 * Returns 0 or -ENOMEM. */
int attach_link_decode(const struct attach_link_bytes *b, const struct attach_names *names,
		       struct attachment *out);

/* Points the name member of info's type (raw_tracepoint.tp_name,
 * iter.target_name, perf_event's file, function or tracepoint name,
 * uprobe_multi.path) at buf for a second BPF_OBJ_GET_INFO_BY_FD, after a
 * first one filled type (and perf_event.type). False when the type has
 * no name member: no second call is needed. */
bool attach_link_name_member(struct attach_link_info *info, char *buf, uint32_t size);

#endif
