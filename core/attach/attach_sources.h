/* The sources of attachments, one file each, and what they share: a
 * growing set of attachments, the names resolver (attach_names.c) and the
 * mounts they walk (base/mounts.h). The driver is attach.c. */
#ifndef BPFKNOBS_ATTACH_ATTACH_SOURCES_H
#define BPFKNOBS_ATTACH_ATTACH_SOURCES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "progs/attachment.h"
#include "attach/attach_linkinfo.h"
#include "holders/holders.h"
#include "base/mounts.h"
#include "base/procroot.h"

struct attach_set {
	struct attachment *v;
	size_t nr, cap;
};

/* Appends a (moved: the set owns what it owns); -ENOMEM frees a. */
int attach_set_push(struct attach_set *s, struct attachment *a);
void attach_set_clear(struct attach_set *s);

/* ---- names (attach_names.c): what attach_names' functions look up ---- */
struct attach_namer;
struct attach_namer *attach_namer_new(void);
void attach_namer_free(struct attach_namer *n);
/* Fills names with n's functions. */
void attach_namer_names(struct attach_namer *n, struct attach_names *names);
/* The interface names from a netlink dump (attach_netlink.c), replacing
 * if_indextoname() lookups for those ifindexes. */
int attach_namer_set_ifname(struct attach_namer *n, uint32_t ifindex, const char *name);
void attach_namer_forget_ifnames(struct attach_namer *n);
/* The cgroup paths found by the last walk (attach_query.c). */
int attach_namer_set_cgroup(struct attach_namer *n, uint64_t id, const char *path);
void attach_namer_forget_cgroups(struct attach_namer *n);
/* Forgets the names of maps, so that a struct_ops map re-registered under
 * the same id... (ids are never reused) -- maps that are gone. */
void attach_namer_forget_maps(struct attach_namer *n);

/* ---- links (attach_links.c) ---- */
/* The ids of every bpf_link the kernel has, ascending (malloc'd). Returns
 * 0 or -errno (-EPERM without CAP_SYS_ADMIN, -EINVAL before Linux 5.8:
 * no link ids). */
int attach_links_ids(uint32_t **ids, size_t *nr);
/* The links of ids, decoded, appended to out (a link gone meanwhile is
 * skipped). Returns 0 or -ENOMEM. */
int attach_links_read(const struct attach_names *names, const uint32_t *ids, size_t nr,
		      struct attach_set *out);

/* ---- netlink (attach_netlink.c) ---- */
/* XDP programs on every interface of this network namespace, with their
 * mode (one RTM_GETLINK dump), and every interface's name into namer. */
int attach_netlink_xdp(struct attach_namer *namer, struct attach_set *out);
/* Classic tc (cls_bpf) filters on the clsact and ingress hooks of every
 * interface of ifindexes. */
int attach_netlink_tc(const struct attach_names *names, const uint32_t *ifindexes, size_t nr,
		      struct attach_set *out);
/* The ifindexes of this network namespace's interfaces (malloc'd). */
int attach_netlink_ifindexes(uint32_t **out, size_t *nr);

/* ---- BPF_PROG_QUERY (attach_query.c) ---- */
/* Programs attached without a link to the cgroups below the cgroup2 mount
 * (walked, paths into namer) for the attach types in want (bit per
 * enum bpf_attach_type, 64 of them). At most ATTACH_QUERY_MAX_CGROUPS
 * cgroups are walked: -E2BIG after them, with what was found kept. */
#define ATTACH_QUERY_MAX_CGROUPS 4096
int attach_query_cgroups(const struct procroot *root, struct attach_namer *namer, uint64_t want,
			 bool walk_only, struct attach_set *out);
/* tcx programs on the interfaces of ifindexes, and flow_dissector and
 * sk_lookup programs of this network namespace. */
int attach_query_tcx(const struct attach_names *names, const uint32_t *ifindexes, size_t nr,
		     struct attach_set *out);
int attach_query_netns(const struct procroot *root, const struct attach_names *names,
		       struct attach_set *out);

/* ---- perf-event fds (attach_perf.c) ---- */
/* A process holding perf events (pid, its first such fd, how many). */
struct attach_holder {
	pid_t pid;
	int fd;          /* the first such fd */
	unsigned nr_fds; /* how many such fds (opaque perf events) */
	char comm[16];
};
/* BPF_TASK_FD_QUERY's answer for one perf-event fd, kept while the fd
 * holds the same file (holder.ident). */
struct attach_perf_known {
	pid_t pid;
	int fd;
	uint64_t ident;
	int err;              /* 0: a says what it runs; -EOPNOTSUPP: a perf_event program on a
			       * hardware or software event; else nothing to say */
	struct attachment a;  /* when err is 0 */
};
struct attach_perf_cache {
	struct attach_perf_known *v; /* by pid, fd, ident */
	size_t nr, cap;
};
void attach_perf_cache_clear(struct attach_perf_cache *c);
/* What the perf events held now run. */
struct attach_perf_out {
	struct attach_set found;        /* an attachment per event that says what it runs */
	struct attach_holder *holders;  /* parallel to found: who holds it */
	size_t holders_cap;
	struct attach_holder *opaque;   /* per process, the events of perf_event programs the
					 * kernel does not describe (without the iterator: which
					 * program, is not known) */
	size_t nr_opaque, opaque_cap;
	size_t nr_unasked;              /* perf-event fds not asked about yet (max_asks) */
};
void attach_perf_out_free(struct attach_perf_out *out);
/* Asks about the perf-event fds of the last update of holders: with the
 * iterator, those that carry a program; without, all of them when ask
 * (a program that attaches through perf events is loaded). At most
 * max_asks new questions; answers are kept in cache. Returns 0 or -ENOMEM. */
int attach_perf_read(struct attach_perf_cache *cache, const struct holders *holders, bool ask,
		     size_t max_asks, const struct attach_names *names, struct attach_perf_out *out);

/* ---- struct_ops maps (attach_struct_ops.c) ---- */
struct btf;
/* The programs of every struct_ops map, each as the member it fills, with
 * the link of its map from links. Returns 0 or -errno (-ENOENT without
 * kernel BTF). */
int attach_struct_ops_read(const struct btf *vmlinux, const struct attach_set *links,
			   struct attach_set *out);
/* The kernel's BTF, loaded once (NULL when it has none). */
const struct btf *attach_namer_vmlinux_btf(struct attach_namer *n);

/* ---- pins (attach_pins.c) ---- */
struct attach_pin {
	uint32_t prog_id; /* the program pinned, or the program of the link pinned */
	uint32_t link_id; /* 0: a program itself is pinned */
	char *path;
};
/* Every program and link pinned in the mounted BPF file systems. */
int attach_pins_read(const struct procroot *root, struct attach_pin **out, size_t *nr);
void attach_pins_free(struct attach_pin *v, size_t nr);

#endif
