/* BPF tokens and the probes made with one, through bpf(2) directly: see
 * reach_token.h for why libbpf cannot make these calls here. The attribute
 * layouts are the kernel's union bpf_attr (include/uapi/linux/bpf.h, 6.9
 * and later); Debian 12's <linux/bpf.h> (6.1) has neither BPF_TOKEN_CREATE
 * nor the token members, so the few members used are laid out here, and
 * checked against the offsets the uapi header gives them. */
#include "reach/reach_token.h"

#include <errno.h>
#include <linux/bpf.h>
#include <linux/btf.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#define REACH_BPF_TOKEN_CREATE 36  /* enum bpf_cmd, Linux 6.9 */
#define REACH_BPF_F_TOKEN_FD (1U << 16)
#define REACH_MAP_TYPE_CGRP_STORAGE 32 /* Linux 6.2; not in Debian 12's header */
#define REACH_ENOTSUPP 524 /* the kernel's internal ENOTSUPP, which reaches user space */

struct reach_attr_prog_load {
	uint32_t prog_type, insn_cnt;
	uint64_t insns, license;
	uint32_t log_level, log_size;
	uint64_t log_buf;
	uint32_t kern_version, prog_flags;
	char prog_name[16];
	uint32_t prog_ifindex, expected_attach_type, prog_btf_fd, func_info_rec_size;
	uint64_t func_info;
	uint32_t func_info_cnt, line_info_rec_size;
	uint64_t line_info;
	uint32_t line_info_cnt, attach_btf_id, attach_prog_fd, core_relo_cnt;
	uint64_t fd_array, core_relos;
	uint32_t core_relo_rec_size, log_true_size;
	int32_t prog_token_fd;
	uint32_t fd_array_cnt;
};
_Static_assert(offsetof(struct reach_attr_prog_load, expected_attach_type) == 68, "bpf_attr");
_Static_assert(offsetof(struct reach_attr_prog_load, attach_btf_id) == 108, "bpf_attr");
_Static_assert(offsetof(struct reach_attr_prog_load, prog_token_fd) == 144, "bpf_attr");

struct reach_attr_map_create {
	uint32_t map_type, key_size, value_size, max_entries, map_flags, inner_map_fd, numa_node;
	char map_name[16];
	uint32_t map_ifindex, btf_fd, btf_key_type_id, btf_value_type_id;
	uint32_t btf_vmlinux_value_type_id;
	uint64_t map_extra;
	int32_t value_type_btf_obj_fd, map_token_fd;
};
_Static_assert(offsetof(struct reach_attr_map_create, btf_vmlinux_value_type_id) == 60, "bpf_attr");
_Static_assert(offsetof(struct reach_attr_map_create, map_token_fd) == 76, "bpf_attr");

struct reach_attr_btf_load {
	uint64_t btf, btf_log_buf;
	uint32_t btf_size, btf_log_size, btf_log_level, btf_log_true_size, btf_flags;
	int32_t btf_token_fd;
};
_Static_assert(offsetof(struct reach_attr_btf_load, btf_token_fd) == 36, "bpf_attr");

struct reach_attr_token_create {
	uint32_t flags, bpffs_fd;
};

static int reach_sys_bpf(int cmd, void *attr, size_t size)
{
	long fd = syscall(__NR_bpf, cmd, attr, size);

	return fd < 0 ? -errno : (int)fd;
}

int reach_token_create(int bpffs_fd)
{
	struct reach_attr_token_create attr = { .bpffs_fd = (uint32_t)bpffs_fd };

	return reach_sys_bpf(REACH_BPF_TOKEN_CREATE, &attr, sizeof(attr));
}

uint32_t reach_token_probe_attach_type(uint32_t prog_type)
{
	switch (prog_type) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		return BPF_CGROUP_INET4_CONNECT;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return BPF_CGROUP_GETSOCKOPT;
	case BPF_PROG_TYPE_SK_LOOKUP:
		return BPF_SK_LOOKUP;
	case BPF_PROG_TYPE_LIRC_MODE2:
		return BPF_LIRC_MODE2;
	case BPF_PROG_TYPE_TRACING:
		return BPF_TRACE_FENTRY;
	case BPF_PROG_TYPE_LSM:
		return BPF_MODIFY_RETURN;
	default:
		return 0; /* unset: BPF_CGROUP_INET_INGRESS */
	}
}

/* The version probe_prog_load() passes for kprobes (get_kernel_version()). */
static uint32_t reach_token_kernel_version(void)
{
	int major = 0, minor = 0, patch = 0;
	struct utsname uts;

	if (uname(&uts) || sscanf(uts.release, "%d.%d.%d", &major, &minor, &patch) < 2)
		return 0;
	return (uint32_t)((major << 16) + (minor << 8) + (patch > 255 ? 255 : patch));
}

int reach_token_probe_prog(uint32_t prog_type, int token_fd, int *err)
{
	/* r0 = 0; exit */
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct reach_attr_prog_load attr;
	const char *expect_msg = NULL;
	char log[4096] = "";
	int fd, expect_err = 0;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = prog_type;
	attr.expected_attach_type = reach_token_probe_attach_type(prog_type);
	switch (prog_type) {
	case BPF_PROG_TYPE_KPROBE:
		attr.kern_version = reach_token_kernel_version();
		break;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_EXT:
		attr.log_buf = (uint64_t)(uintptr_t)log;
		attr.log_size = sizeof(log);
		attr.log_level = 1;
		attr.attach_btf_id = 1;
		expect_err = EINVAL;
		expect_msg = prog_type == BPF_PROG_TYPE_EXT ? "Cannot replace kernel functions"
							    : "attach_btf_id 1 is not a function";
		break;
	case BPF_PROG_TYPE_SYSCALL:
		attr.prog_flags = BPF_F_SLEEPABLE;
		break;
	case BPF_PROG_TYPE_STRUCT_OPS:
		expect_err = REACH_ENOTSUPP;
		break;
	default:
		if (prog_type == BPF_PROG_TYPE_UNSPEC || prog_type > BPF_PROG_TYPE_SYSCALL)
			return -EOPNOTSUPP; /* libbpf 1.1 probes none other */
		break;
	}
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.insn_cnt = sizeof(insns) / sizeof(insns[0]);
	attr.license = (uint64_t)(uintptr_t)"GPL";
	if (token_fd >= 0) {
		attr.prog_flags |= REACH_BPF_F_TOKEN_FD;
		attr.prog_token_fd = token_fd;
	}
	fd = reach_sys_bpf(BPF_PROG_LOAD, &attr, sizeof(attr));
	*err = fd < 0 ? -fd : 0;
	if (fd >= 0)
		close(fd);
	if (expect_err) /* as libbpf: the expected refusal means the type exists */
		return fd < 0 && *err == expect_err && (!expect_msg || strstr(log, expect_msg));
	return fd >= 0;
}

bool reach_token_probe_map_needs_btf(uint32_t map_type)
{
	return map_type == BPF_MAP_TYPE_SK_STORAGE || map_type == BPF_MAP_TYPE_INODE_STORAGE ||
	       map_type == BPF_MAP_TYPE_TASK_STORAGE || map_type == REACH_MAP_TYPE_CGRP_STORAGE;
}

/* libbpf's load_local_storage_btf(): an int, struct bpf_spin_lock { int
 * val; }, struct val { int cnt; struct bpf_spin_lock l; }. */
static int reach_token_storage_btf(int token_fd)
{
	static const char strs[] = "\0bpf_spin_lock\0val\0cnt\0l";
	static const uint32_t types[] = {
		/* [1] int */
		0, (uint32_t)BTF_KIND_INT << 24, 4, (1u << 24) | 32u,
		/* [2] struct bpf_spin_lock, one member */
		1, ((uint32_t)BTF_KIND_STRUCT << 24) | 1, 4, 15, 1, 0,
		/* [3] struct val, two members */
		15, ((uint32_t)BTF_KIND_STRUCT << 24) | 2, 8, 19, 1, 0, 23, 2, 32,
	};
	struct btf_header hdr = {
		.magic = BTF_MAGIC, .version = BTF_VERSION, .hdr_len = sizeof(hdr),
		.type_len = sizeof(types), .str_off = sizeof(types), .str_len = sizeof(strs),
	};
	unsigned char raw[sizeof(hdr) + sizeof(types) + sizeof(strs)];
	struct reach_attr_btf_load attr;

	memcpy(raw, &hdr, sizeof(hdr));
	memcpy(raw + sizeof(hdr), types, sizeof(types));
	memcpy(raw + sizeof(hdr) + sizeof(types), strs, sizeof(strs));
	memset(&attr, 0, sizeof(attr));
	attr.btf = (uint64_t)(uintptr_t)raw;
	attr.btf_size = sizeof(raw);
	if (token_fd >= 0) {
		attr.btf_flags = REACH_BPF_F_TOKEN_FD;
		attr.btf_token_fd = token_fd;
	}
	return reach_sys_bpf(BPF_BTF_LOAD, &attr, sizeof(attr));
}

static int reach_token_map(const struct reach_attr_map_create *want, int token_fd)
{
	struct reach_attr_map_create attr = *want;

	if (token_fd >= 0) {
		attr.map_flags |= REACH_BPF_F_TOKEN_FD;
		attr.map_token_fd = token_fd;
	}
	return reach_sys_bpf(BPF_MAP_CREATE, &attr, sizeof(attr));
}

int reach_token_probe_map(uint32_t map_type, int token_fd, int *err)
{
	struct reach_attr_map_create attr = {
		.map_type = map_type, .key_size = 4, .value_size = 4, .max_entries = 1,
	};
	int fd, inner = -1, btf = -1, expect_err = 0;

	switch (map_type) {
	case BPF_MAP_TYPE_STACK_TRACE:
		attr.value_size = 8;
		break;
	case BPF_MAP_TYPE_LPM_TRIE:
		attr.key_size = 8;
		attr.value_size = 8;
		attr.map_flags = BPF_F_NO_PREALLOC;
		break;
	case BPF_MAP_TYPE_CGROUP_STORAGE:
	case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
		attr.key_size = sizeof(struct bpf_cgroup_storage_key);
		attr.value_size = 8;
		attr.max_entries = 0;
		break;
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		attr.key_size = 0;
		break;
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		attr.key_size = 0;
		attr.value_size = 0;
		attr.max_entries = (uint32_t)sysconf(_SC_PAGE_SIZE);
		break;
	case BPF_MAP_TYPE_STRUCT_OPS:
		attr.btf_vmlinux_value_type_id = 1; /* an invalid type: ENOTSUPP */
		expect_err = REACH_ENOTSUPP;
		break;
	case BPF_MAP_TYPE_BLOOM_FILTER:
		attr.key_size = 0;
		break;
	default:
		if (reach_token_probe_map_needs_btf(map_type)) {
			btf = reach_token_storage_btf(token_fd);
			if (btf < 0) {
				*err = -btf;
				return 0;
			}
			attr.btf_fd = (uint32_t)btf;
			attr.btf_key_type_id = 1;
			attr.btf_value_type_id = 3;
			attr.value_size = 8;
			attr.max_entries = 0;
			attr.map_flags = BPF_F_NO_PREALLOC;
			break;
		}
		if (map_type == BPF_MAP_TYPE_UNSPEC || map_type > REACH_MAP_TYPE_CGRP_STORAGE)
			return -EOPNOTSUPP;
		break;
	}
	if (map_type == BPF_MAP_TYPE_ARRAY_OF_MAPS || map_type == BPF_MAP_TYPE_HASH_OF_MAPS) {
		struct reach_attr_map_create inner_attr = {
			.map_type = BPF_MAP_TYPE_HASH, .key_size = 4, .value_size = 4, .max_entries = 1,
		};

		inner = reach_token_map(&inner_attr, token_fd);
		if (inner < 0) {
			*err = -inner;
			return 0;
		}
		attr.inner_map_fd = (uint32_t)inner;
	}
	fd = reach_token_map(&attr, token_fd);
	*err = fd < 0 ? -fd : 0;
	if (fd >= 0)
		close(fd);
	if (inner >= 0)
		close(inner);
	if (btf >= 0)
		close(btf);
	if (expect_err)
		return fd < 0 && *err == expect_err;
	return fd >= 0;
}
