/* BPF_PROG_QUERY: the programs attached to each cgroup (one call per
 * cgroup and attach type: cgroup_bpf_query() answers for one type), to
 * each interface's tcx hooks (tcx_prog_query()) and to this network
 * namespace (netns_bpf_prog_query()). Link-attached programs are listed
 * too, with no link id for cgroups; attach.c keeps the link's entry. */
#include "attach/attach_sources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "attach/attach_words.h"
#include "base/vec.h"

#define QUERY_IDS 64

/* The programs on target for attach type at: *ids (malloc'd), *nr, and
 * the attach flags. -EINVAL: the kernel has no such hook. */
static int attach_query_one(int target, uint32_t at, uint32_t **ids, uint32_t *nr,
			    uint32_t *flags)
{
	uint32_t want = QUERY_IDS, cnt;
	size_t cap = 0;

	*ids = NULL;
	*nr = 0;
	for (int tries = 0; tries < 4; tries++) {
		if (VEC_RESERVE(*ids, cap, want))
			return -ENOMEM;
		cnt = want;
		*flags = 0;
		if (!bpf_prog_query(target, (enum bpf_attach_type)at, 0, flags, *ids, &cnt)) {
			*nr = cnt;
			return 0;
		}
		if (errno != ENOSPC)
			return -errno;
		want = cnt > want ? cnt + 16 : want * 2; /* attached meanwhile */
	}
	return -ENOSPC;
}

/* ---- cgroups ---- */

struct attach_query_walk {
	struct attach_namer *namer;
	uint64_t want;
	bool walk_only;
	struct attach_set *out;
	uint64_t refused; /* attach types the kernel does not know */
	int depth;
	size_t nr_cgroups; /* walked so far */
};

static int attach_query_cgroup_at(struct attach_query_walk *w, int fd, const char *path,
				  uint64_t id)
{
	for (uint32_t at = 0; at < 64; at++) {
		uint32_t *ids, nr, flags;
		int err;

		if (!(w->want & (1ull << at)) || (w->refused & (1ull << at)))
			continue;
		err = attach_query_one(fd, at, &ids, &nr, &flags);
		if (err == -EINVAL || err == -EOPNOTSUPP)
			w->refused |= 1ull << at;
		if (err) {
			free(ids);
			if (err == -ENOMEM)
				return err;
			continue;
		}
		for (uint32_t i = 0; i < nr; i++) {
			const char *word = attach_type_word(at), *name = attach_type_name(at);
			struct attachment a = { .kind = ATTACH_CGROUP, .prog_id = ids[i] };
			bool ok = attach_set_target(&a, "%s %s", path, word) &&
				  attach_raw_u64(&a, "cgroup_id", id) &&
				  attach_raw_str(&a, "cgroup_path", path) &&
				  attach_raw_str(&a, "attach_type", name) &&
				  attach_raw_str(&a, "attach_flags",
						 flags & BPF_F_ALLOW_MULTI ? "multi"
						 : flags & BPF_F_ALLOW_OVERRIDE ? "override"
										: "exclusive");

			if (!ok || attach_set_push(w->out, &a)) {
				attach_clear(&a);
				free(ids);
				return -ENOMEM;
			}
		}
		free(ids);
	}
	return 0;
}

/* One cgroup directory (fd, owned) and its children. */
static int attach_query_cgroup_dir(struct attach_query_walk *w, int fd, const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	int err = 0;

	if (fstat(fd, &st)) {
		close(fd);
		return 0;
	}
	/* users may make cgroups where they are delegated a subtree */
	if (w->nr_cgroups++ == ATTACH_QUERY_MAX_CGROUPS) {
		close(fd);
		return -E2BIG;
	}
	err = attach_namer_set_cgroup(w->namer, (uint64_t)st.st_ino, path);
	if (!err && !w->walk_only)
		err = attach_query_cgroup_at(w, fd, path, (uint64_t)st.st_ino);
	if (err || w->depth > 64) {
		close(fd);
		return err;
	}
	d = fdopendir(fd);
	if (!d) {
		close(fd);
		return 0;
	}
	while (!err && (e = readdir(d))) {
		char sub[PATH_MAX];
		int cfd;

		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s%s%s", path, strcmp(path, "/") ? "/" : "",
			     e->d_name) >= (int)sizeof(sub))
			continue;
		cfd = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (cfd < 0)
			continue; /* removed meanwhile */
		w->depth++;
		err = attach_query_cgroup_dir(w, cfd, sub);
		w->depth--;
	}
	closedir(d);
	return err;
}

int attach_query_cgroups(const struct procroot *root, struct attach_namer *namer, uint64_t want,
			 bool walk_only, struct attach_set *out)
{
	struct attach_query_walk w = { namer, want, walk_only, out, 0, 0, 0 };
	char **mnts;
	size_t nr;
	int err = mounts_of_type(root, "cgroup2", &mnts, &nr);

	if (err)
		return err;
	attach_namer_forget_cgroups(namer);
	if (!nr)
		err = -ENOENT;
	/* one cgroup2 hierarchy, whichever mount shows it: the first */
	if (nr) {
		int fd = open(mnts[0], O_RDONLY | O_DIRECTORY | O_CLOEXEC);

		err = fd < 0 ? -errno : attach_query_cgroup_dir(&w, fd, "/");
	}
	mounts_free(mnts, nr);
	return err;
}

/* ---- tcx and the network namespace ---- */

int attach_query_tcx(const struct attach_names *names, const uint32_t *ifindexes, size_t nr,
		     struct attach_set *out)
{
	/* BPF_TCX_INGRESS, BPF_TCX_EGRESS (since 6.6) */
	static const uint32_t types[] = { 46, 47 };

	for (size_t i = 0; i < nr; i++) {
		for (size_t t = 0; t < 2; t++) {
			uint32_t *ids, n, flags;
			char ifname[64];
			int err = attach_query_one((int)ifindexes[i], types[t], &ids, &n, &flags);

			if (err == -EINVAL && !i)
				return 0; /* a kernel without tcx */
			if (err) {
				free(ids);
				if (err == -ENOMEM)
					return err;
				continue;
			}
			if (n && (!names->ifname || !names->ifname(names->ctx, ifindexes[i], ifname,
								   sizeof(ifname))))
				snprintf(ifname, sizeof(ifname), "ifindex %" PRIu32, ifindexes[i]);
			for (uint32_t k = 0; k < n; k++) {
				const char *word = attach_type_word(types[t]);
				struct attachment a = { .kind = ATTACH_TCX, .prog_id = ids[k] };
				bool ok = attach_set_target(&a, "%s (ifindex %" PRIu32 "), %s", ifname,
							    ifindexes[i], word) &&
					  attach_raw_u64(&a, "ifindex", ifindexes[i]) &&
					  attach_raw_str(&a, "ifname", ifname) &&
					  attach_raw_str(&a, "attach_type", attach_type_name(types[t]));

				if (!ok || attach_set_push(out, &a)) {
					attach_clear(&a);
					free(ids);
					return -ENOMEM;
				}
			}
			free(ids);
		}
	}
	return 0;
}

int attach_query_netns(const struct procroot *root, const struct attach_names *names,
		       struct attach_set *out)
{
	/* BPF_FLOW_DISSECTOR, BPF_SK_LOOKUP */
	static const uint32_t types[] = { 17, 36 };
	char path[PATH_MAX];
	struct stat st;
	int fd, err = procroot_path(root, "self/ns/net", path, sizeof(path));

	(void)names;
	if (err)
		return err;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st)) {
		close(fd);
		return -errno;
	}
	for (size_t t = 0; !err && t < 2; t++) {
		uint32_t *ids, n, flags;
		int qerr = attach_query_one(fd, types[t], &ids, &n, &flags);

		for (uint32_t k = 0; !qerr && k < n && !err; k++) {
			const char *word = attach_type_word(types[t]);
			struct attachment a = { .kind = types[t] == 36 ? ATTACH_SK_LOOKUP : ATTACH_NETNS,
						.prog_id = ids[k] };
			bool ok = attach_set_target(&a, "network namespace net:[%" PRIu64 "] (this one), %s",
						    (uint64_t)st.st_ino, word) &&
				  attach_raw_u64(&a, "netns_ino", (uint64_t)st.st_ino) &&
				  attach_raw_str(&a, "attach_type", attach_type_name(types[t]));

			if (!ok) {
				attach_clear(&a);
				err = -ENOMEM;
			} else {
				err = attach_set_push(out, &a);
			}
		}
		free(ids);
		if (qerr == -ENOMEM)
			err = qerr;
	}
	close(fd);
	return err;
}
