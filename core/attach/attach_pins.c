/* The programs and links pinned in the mounted BPF file systems: every
 * file below each bpffs mount (from /proc/self/mountinfo), opened with
 * BPF_OBJ_GET and asked for its id. Maps are skipped. */
#include "attach/attach_sources.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "base/vec.h"
#include "holders/fdkind.h"

struct attach_pins_walk {
	struct attach_pin *v;
	size_t nr, cap;
	int depth;
};

static int attach_pins_add(struct attach_pins_walk *w, uint32_t prog_id, uint32_t link_id,
			   const char *path)
{
	char *copy = strdup(path);
	struct attach_pin *pin = copy ? VEC_PUSH(w->v, w->nr, w->cap) : NULL;

	if (!pin) {
		free(copy);
		return -ENOMEM;
	}
	pin->prog_id = prog_id;
	pin->link_id = link_id;
	pin->path = copy;
	return 0;
}

/* What the pinned object at path is, by the anon inode its fd names. */
static int attach_pins_file(struct attach_pins_walk *w, const char *path)
{
	char link[64], target[64];
	ssize_t n;
	int fd = bpf_obj_get(path), err = 0;

	if (fd < 0)
		return 0; /* not a BPF object, or refused */
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n > 0) {
		target[n] = '\0';
		switch (fdkind_of_target(target)) {
		case HOLDER_PROG: {
			struct bpf_prog_info info;
			uint32_t len = sizeof(info);

			memset(&info, 0, sizeof(info));
			if (!bpf_obj_get_info_by_fd(fd, &info, &len))
				err = attach_pins_add(w, info.id, 0, path);
			break;
		}
		case HOLDER_LINK: {
			struct bpf_link_info info;
			uint32_t len = sizeof(info);

			memset(&info, 0, sizeof(info));
			if (!bpf_obj_get_info_by_fd(fd, &info, &len))
				err = attach_pins_add(w, info.prog_id, info.id, path);
			break;
		}
		default:
			break;
		}
	}
	close(fd);
	return err;
}

static int attach_pins_dir(struct attach_pins_walk *w, const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int err = 0;

	if (!d)
		return 0;
	while (!err && (e = readdir(d))) {
		char path[PATH_MAX];

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", e->d_name) >=
		    (int)sizeof(path))
			continue;
		if (e->d_type == DT_DIR && w->depth < 32) {
			w->depth++;
			err = attach_pins_dir(w, path);
			w->depth--;
		} else if (e->d_type == DT_REG) {
			err = attach_pins_file(w, path);
		}
	}
	closedir(d);
	return err;
}

void attach_pins_free(struct attach_pin *v, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(v[i].path);
	free(v);
}

int attach_pins_read(const struct procroot *root, struct attach_pin **out, size_t *nr)
{
	struct attach_pins_walk w = { 0 };
	char **mnts;
	size_t nr_mnts;
	int err = mounts_of_type(root, "bpf", &mnts, &nr_mnts);

	*out = NULL;
	*nr = 0;
	if (err)
		return err;
	for (size_t i = 0; !err && i < nr_mnts; i++) {
		/* the same bpffs mounted twice shows the same pins twice: both paths are real */
		err = attach_pins_dir(&w, mnts[i]);
	}
	mounts_free(mnts, nr_mnts);
	if (err) {
		attach_pins_free(w.v, w.nr);
		return err;
	}
	*out = w.v;
	*nr = w.nr;
	return 0;
}
