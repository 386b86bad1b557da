/* Names for the numbers attachments carry: interfaces (a netlink dump, else
 * if_indextoname()), cgroup ids (the last walk of the cgroup2 mount: a
 * cgroup's id is its directory's inode, cgroup_ino() in
 * include/linux/cgroup.h), tracepoint categories (tracefs's events
 * directory), BTF type names (the kernel's BTF, loaded once, when first
 * needed) and map names (BPF_OBJ_GET_INFO_BY_FD, kept by id: a map id is
 * never reused). */
#include "attach/attach_sources.h"

#include <errno.h>
#include <glob.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "base/sorted.h"
#include "base/vec.h"

struct attach_namer_if {
	uint32_t ifindex;
	char name[IF_NAMESIZE];
};

struct attach_namer_cg {
	uint64_t id;
	char *path;
};

struct attach_namer_map {
	uint32_t id;
	char *text; /* NULL: the map is gone or unreadable */
};

struct attach_namer_tp {
	char *name, *category; /* category NULL: not found */
};

struct attach_namer {
	struct attach_namer_if *ifs; /* by ifindex */
	size_t nr_ifs, ifs_cap;
	struct attach_namer_cg *cgs; /* by id once sorted */
	size_t nr_cgs, cgs_cap;
	bool cgs_sorted;
	struct attach_namer_map *maps; /* in the order asked */
	size_t nr_maps, maps_cap;
	struct attach_namer_tp *tps;
	size_t nr_tps, tps_cap;
	struct btf *vmlinux;
	bool vmlinux_tried;
	char tracefs[PATH_MAX]; /* "" until looked for */
	bool tracefs_tried;
	uint32_t own_netns;
};

struct attach_namer *attach_namer_new(void)
{
	struct attach_namer *n = calloc(1, sizeof(*n));
	struct stat st;

	if (n && !stat("/proc/self/ns/net", &st))
		n->own_netns = (uint32_t)st.st_ino;
	return n;
}

void attach_namer_forget_ifnames(struct attach_namer *n)
{
	free(n->ifs);
	n->ifs = NULL;
	n->nr_ifs = n->ifs_cap = 0;
}

void attach_namer_forget_cgroups(struct attach_namer *n)
{
	for (size_t i = 0; i < n->nr_cgs; i++)
		free(n->cgs[i].path);
	free(n->cgs);
	n->cgs = NULL;
	n->nr_cgs = n->cgs_cap = 0;
}

void attach_namer_forget_maps(struct attach_namer *n)
{
	for (size_t i = 0; i < n->nr_maps; i++)
		free(n->maps[i].text);
	free(n->maps);
	n->maps = NULL;
	n->nr_maps = n->maps_cap = 0;
}

void attach_namer_free(struct attach_namer *n)
{
	if (!n)
		return;
	attach_namer_forget_ifnames(n);
	attach_namer_forget_cgroups(n);
	attach_namer_forget_maps(n);
	for (size_t i = 0; i < n->nr_tps; i++) {
		free(n->tps[i].name);
		free(n->tps[i].category);
	}
	free(n->tps);
	btf__free(n->vmlinux);
	free(n);
}

int attach_namer_set_ifname(struct attach_namer *n, uint32_t ifindex, const char *name)
{
	struct attach_namer_if *f;
	size_t at = SORTED_LOWER_BOUND(n->ifs, n->nr_ifs, ifindex, ifindex);

	if (at < n->nr_ifs && n->ifs[at].ifindex == ifindex) {
		f = &n->ifs[at];
	} else {
		f = VEC_INSERT(n->ifs, n->nr_ifs, n->ifs_cap, at);
		if (!f)
			return -ENOMEM;
		f->ifindex = ifindex;
	}
	snprintf(f->name, sizeof(f->name), "%s", name);
	return 0;
}

int attach_namer_set_cgroup(struct attach_namer *n, uint64_t id, const char *path)
{
	char *copy = strdup(path);
	struct attach_namer_cg *cg = copy ? VEC_PUSH(n->cgs, n->nr_cgs, n->cgs_cap) : NULL;

	if (!cg) {
		free(copy);
		return -ENOMEM;
	}
	cg->id = id;
	cg->path = copy;
	n->cgs_sorted = false;
	return 0;
}

static bool attach_namer_ifname(void *ctx, uint32_t ifindex, char *buf, size_t size)
{
	struct attach_namer *n = ctx;
	const struct attach_namer_if *f = SORTED_FIND(n->ifs, n->nr_ifs, ifindex, ifindex);
	char name[IF_NAMESIZE];

	if (f) {
		snprintf(buf, size, "%s", f->name);
		return true;
	}
	if (!if_indextoname(ifindex, name))
		return false;
	snprintf(buf, size, "%s", name);
	return true;
}

static int attach_namer_cg_cmp(const void *a, const void *b)
{
	const struct attach_namer_cg *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

static bool attach_namer_cgroup(void *ctx, uint64_t id, char *buf, size_t size)
{
	struct attach_namer *n = ctx;
	const struct attach_namer_cg *c;

	if (!n->cgs_sorted) {
		sorted_qsort(n->cgs, n->nr_cgs, sizeof(*n->cgs), attach_namer_cg_cmp);
		n->cgs_sorted = true;
	}
	c = SORTED_FIND(n->cgs, n->nr_cgs, id, id);
	if (!c)
		return false;
	snprintf(buf, size, "%s", c->path);
	return true;
}

static const struct btf *attach_namer_vmlinux(struct attach_namer *n)
{
	if (!n->vmlinux_tried) {
		n->vmlinux_tried = true;
		n->vmlinux = btf__load_vmlinux_btf();
		if (libbpf_get_error(n->vmlinux))
			n->vmlinux = NULL;
	}
	return n->vmlinux;
}

const struct btf *attach_namer_vmlinux_btf(struct attach_namer *n)
{
	return attach_namer_vmlinux(n);
}

/* The name of BTF type id in the BTF object obj_id (0: vmlinux). */
static bool attach_namer_btf(void *ctx, uint32_t obj_id, uint32_t id, char *buf, size_t size)
{
	struct attach_namer *n = ctx;
	const struct btf *vmlinux = attach_namer_vmlinux(n);
	struct btf *mod = NULL;
	const struct btf_type *t;
	const char *name = NULL;

	if (!vmlinux)
		return false;
	if (obj_id) {
		/* a module's BTF is split over vmlinux's; vmlinux's own object
		 * has no types beyond them (btf__type_cnt() tells the two apart) */
		mod = btf__load_from_kernel_by_id_split(obj_id, (struct btf *)vmlinux);
		if (libbpf_get_error(mod))
			mod = NULL;
	}
	t = btf__type_by_id(mod && btf__type_cnt(mod) > btf__type_cnt(vmlinux) ? mod : vmlinux, id);
	if (t)
		name = btf__name_by_offset(mod && btf__type_cnt(mod) > btf__type_cnt(vmlinux) ? mod
											     : vmlinux,
					   t->name_off);
	if (name && *name)
		snprintf(buf, size, "%s", name);
	btf__free(mod);
	return name && *name;
}

static const char *attach_namer_tracefs(struct attach_namer *n)
{
	static const char *const guesses[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	struct procroot self;
	char **mnts;
	size_t nr;

	if (n->tracefs_tried)
		return n->tracefs[0] ? n->tracefs : NULL;
	n->tracefs_tried = true;
	if (!procroot_init(&self, NULL) && !mounts_of_type(&self, "tracefs", &mnts, &nr)) {
		if (nr)
			snprintf(n->tracefs, sizeof(n->tracefs), "%s", mnts[0]);
		mounts_free(mnts, nr);
	}
	for (size_t i = 0; !n->tracefs[0] && i < sizeof(guesses) / sizeof(guesses[0]); i++) {
		char events[PATH_MAX];
		struct stat st;

		snprintf(events, sizeof(events), "%s/events", guesses[i]);
		if (!stat(events, &st))
			snprintf(n->tracefs, sizeof(n->tracefs), "%s", guesses[i]);
	}
	return n->tracefs[0] ? n->tracefs : NULL;
}

/* The category of tracepoint name: the directory of tracefs's events that
 * holds it (perf_event links and BPF_TASK_FD_QUERY give the name alone). */
static bool attach_namer_tp(void *ctx, const char *name, char *buf, size_t size)
{
	struct attach_namer *n = ctx;
	struct attach_namer_tp *tp;
	const char *tracefs;
	char pattern[PATH_MAX];
	char *category = NULL, *copy;
	glob_t g;

	for (size_t i = 0; i < n->nr_tps; i++) {
		if (strcmp(n->tps[i].name, name))
			continue;
		if (!n->tps[i].category)
			return false;
		snprintf(buf, size, "%s", n->tps[i].category);
		return true;
	}
	if (strchr(name, '/') || strchr(name, '*') || strchr(name, '?') || strchr(name, '['))
		return false;
	tracefs = attach_namer_tracefs(n);
	if (!tracefs)
		return false;
	if (snprintf(pattern, sizeof(pattern), "%s/events/*/%s", tracefs, name) >=
	    (int)sizeof(pattern))
		return false;
	if (!glob(pattern, GLOB_ONLYDIR | GLOB_NOSORT, NULL, &g)) {
		/* a name in two categories would be a guess: not named */
		if (g.gl_pathc == 1) {
			char *end = strrchr(g.gl_pathv[0], '/');

			if (end) {
				char *start;

				*end = '\0';
				start = strrchr(g.gl_pathv[0], '/');
				category = strdup(start ? start + 1 : g.gl_pathv[0]);
			}
		}
		globfree(&g);
	}
	/* kept, found or not, so that a name is looked for once */
	copy = strdup(name);
	tp = copy ? VEC_PUSH(n->tps, n->nr_tps, n->tps_cap) : NULL;
	if (!tp) {
		free(copy);
		free(category);
		return false;
	}
	tp->name = copy;
	tp->category = category;
	if (!category)
		return false;
	snprintf(buf, size, "%s", category);
	return true;
}

/* "tcp_ca (struct tcp_congestion_ops)" for a struct_ops map, else its name */
static char *attach_namer_read_map(struct attach_namer *n, uint32_t id)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);
	char *text = NULL;
	int fd = bpf_map_get_fd_by_id(id);

	if (fd < 0)
		return NULL;
	memset(&info, 0, sizeof(info));
	if (!bpf_obj_get_info_by_fd(fd, &info, &len)) {
		const struct btf *vmlinux = info.btf_vmlinux_value_type_id ? attach_namer_vmlinux(n)
									    : NULL;
		const struct btf_type *t = vmlinux ? btf__type_by_id(vmlinux,
								     info.btf_vmlinux_value_type_id)
						   : NULL;
		const char *vname = t ? btf__name_by_offset(vmlinux, t->name_off) : NULL;
		const char *prefix = "bpf_struct_ops_";

		if (vname && !strncmp(vname, prefix, strlen(prefix)))
			vname += strlen(prefix);
		if (vname && *vname) {
			if (asprintf(&text, "%s (struct %s)", info.name[0] ? info.name : "(no name)",
				     vname) < 0)
				text = NULL;
		} else {
			text = strdup(info.name[0] ? info.name : "(no name)");
		}
	}
	close(fd);
	return text;
}

static bool attach_namer_map(void *ctx, uint32_t id, char *buf, size_t size)
{
	struct attach_namer *n = ctx;
	struct attach_namer_map *m;
	char *text;

	for (size_t i = 0; i < n->nr_maps; i++) {
		if (n->maps[i].id != id)
			continue;
		if (!n->maps[i].text)
			return false;
		snprintf(buf, size, "%s", n->maps[i].text);
		return true;
	}
	text = attach_namer_read_map(n, id);
	m = VEC_PUSH(n->maps, n->nr_maps, n->maps_cap);
	if (!m) {
		free(text);
		return false;
	}
	m->id = id;
	m->text = text;
	if (!text)
		return false;
	snprintf(buf, size, "%s", text);
	return true;
}

void attach_namer_names(struct attach_namer *n, struct attach_names *names)
{
	*names = (struct attach_names){
		.ctx = n,
		.ifname = attach_namer_ifname,
		.cgroup_path = attach_namer_cgroup,
		.btf_name = attach_namer_btf,
		.tp_category = attach_namer_tp,
		.map_name = attach_namer_map,
		.own_netns = n->own_netns,
	};
}
