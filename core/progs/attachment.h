/* One hook a program sits on, whatever told us (a bpf_link's info, netlink,
 * BPF_PROG_QUERY, BPF_TASK_FD_QUERY, the struct_ops map): the value type the
 * program model embeds (prog.h). The sources that find attachments and the
 * driver that merges them are in attach/. */
#ifndef BPFKNOBS_PROGS_ATTACHMENT_H
#define BPFKNOBS_PROGS_ATTACHMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The "kind" of --json, in this order (attach_kind_name()). */
enum attach_kind {
	ATTACH_XDP,
	ATTACH_TC,
	ATTACH_TCX,
	ATTACH_NETKIT,
	ATTACH_CGROUP,
	ATTACH_NETNS,
	ATTACH_NETFILTER,
	ATTACH_SK_LOOKUP,
	ATTACH_TRACEPOINT,
	ATTACH_RAW_TRACEPOINT,
	ATTACH_KPROBE,
	ATTACH_UPROBE,
	ATTACH_PERF_EVENT,
	ATTACH_TRACING,
	ATTACH_LSM,
	ATTACH_STRUCT_OPS,
	ATTACH_ITER,
	ATTACH_SOCKMAP,
	ATTACH_SOCKET,
	ATTACH_UNKNOWN, /* a link of a type this bpfknobs does not know: the target says so */
	ATTACH__COUNT,
};

/* One raw fact of an attachment, as --json prints it ("ifindex": 7). */
enum attach_raw_type { ATTACH_RAW_U64, ATTACH_RAW_S64, ATTACH_RAW_STR, ATTACH_RAW_BOOL };

struct attach_raw {
	const char *key;  /* static: "ifindex", bpftool's name where it has one */
	enum attach_raw_type type;
	uint64_t u;       /* U64, BOOL */
	int64_t s;        /* S64 */
	char *str;        /* STR, owned */
};

#define ATTACH_MAX_RAW 10

struct attachment {
	enum attach_kind kind;
	uint32_t prog_id;   /* the program on the hook; 0 for a struct_ops link */
	uint32_t link_id;   /* 0: none (attached without a link) */
	uint32_t link_type; /* enum bpf_link_type when link_id, else 0 */
	char *target;       /* "veth0 (ifindex 7), driver mode" (owned); the short
			     * form is made from the kind and raw facts (attach/attach_short.h) */
	char **pinned;      /* bpffs paths of the link (owned), bpftool's "pinned" */
	size_t nr_pinned, pinned_cap;
	struct attach_raw raw[ATTACH_MAX_RAW];
	size_t nr_raw;
};

/* "xdp", "cgroup", ... as --json has it. */
const char *attach_kind_name(enum attach_kind kind);

/* Adds a raw fact; a full attachment drops it (ATTACH_MAX_RAW is more than
 * any kind has). Strings are copied; false when out of memory. */
bool attach_raw_u64(struct attachment *a, const char *key, uint64_t v);
bool attach_raw_s64(struct attachment *a, const char *key, int64_t v);
bool attach_raw_bool(struct attachment *a, const char *key, bool v);
bool attach_raw_str(struct attachment *a, const char *key, const char *v);
/* The raw fact key, NULL when a has none. */
const struct attach_raw *attach_raw_find(const struct attachment *a, const char *key);

/* Sets a->target with a printf format; false when out of memory. */
bool attach_set_target(struct attachment *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Adds path to a->pinned; false when out of memory. */
bool attach_add_pinned(struct attachment *a, const char *path);

/* Deep copy; returns 0 or -ENOMEM (dst is then empty). */
int attach_copy(struct attachment *dst, const struct attachment *src);
/* Frees what a owns and zeroes it. */
void attach_clear(struct attachment *a);
/* The one empty array that every program attached nowhere shares (10,000
 * such programs would otherwise allocate 4.8 MB); attach_free_array()
 * leaves it alone. */
extern struct attachment attach_none[1];

void attach_free_array(struct attachment *v, size_t nr);

#endif
