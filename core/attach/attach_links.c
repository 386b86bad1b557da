/* Every bpf_link, as bpftool's link.c enumerates them: BPF_LINK_GET_NEXT_ID,
 * BPF_LINK_GET_FD_BY_ID, BPF_OBJ_GET_INFO_BY_FD (twice for the types with a
 * name: the first fills the type, and perf_event's sub-type, that say which
 * member the name goes to), close. Decoding is attach_linkinfo.c's. */
#include "attach/attach_sources.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "base/vec.h"

#define ATTACH_LINKS_NAME 4096 /* PATH_MAX: uprobe paths */

int attach_set_push(struct attach_set *s, struct attachment *a)
{
	if (VEC_RESERVE(s->v, s->cap, s->nr + 1)) {
		attach_clear(a);
		return -ENOMEM;
	}
	s->v[s->nr++] = *a;
	memset(a, 0, sizeof(*a));
	return 0;
}

void attach_set_clear(struct attach_set *s)
{
	attach_free_array(s->v, s->nr);
	memset(s, 0, sizeof(*s));
}

/* One link into out; -ENOENT when it went away meanwhile. */
static int attach_links_one(uint32_t id, const struct attach_names *names, char *name,
			    struct attach_set *out)
{
	struct attach_link_info info;
	struct attach_link_bytes bytes = { &info, 0, NULL };
	struct attachment a;
	uint32_t len = sizeof(info);
	int fd = bpf_link_get_fd_by_id(id), err;

	if (fd < 0)
		return -errno;
	memset(&info, 0, sizeof(info));
	err = bpf_obj_get_info_by_fd(fd, &info, &len) ? -errno : 0;
	if (!err && attach_link_name_member(&info, name, ATTACH_LINKS_NAME)) {
		name[0] = '\0';
		len = sizeof(info);
		/* a name that does not fit (-ENOSPC) comes cut, NUL-terminated */
		if (bpf_obj_get_info_by_fd(fd, &info, &len) && errno != ENOSPC)
			name[0] = '\0';
		bytes.str = name;
	}
	close(fd);
	if (err)
		return err;
	bytes.len = len;
	err = attach_link_decode(&bytes, names, &a);
	return err ? err : attach_set_push(out, &a);
}

int attach_links_ids(uint32_t **out, size_t *nr)
{
	size_t cap = 0;
	uint32_t id = 0, *slot;
	int err;

	*out = NULL;
	*nr = 0;
	for (;;) {
		if (bpf_link_get_next_id(id, &id)) {
			err = errno == ENOENT ? 0 : -errno;
			break;
		}
		slot = VEC_PUSH(*out, *nr, cap);
		if (!slot) {
			err = -ENOMEM;
			break;
		}
		*slot = id;
	}
	if (err) {
		free(*out);
		*out = NULL;
		*nr = 0;
	}
	return err;
}

int attach_links_read(const struct attach_names *names, const uint32_t *ids, size_t nr,
		      struct attach_set *out)
{
	char *name = malloc(ATTACH_LINKS_NAME);
	int err = 0;

	if (!name)
		return -ENOMEM;
	for (size_t i = 0; i < nr && err != -ENOMEM; i++) {
		err = attach_links_one(ids[i], names, name, out);
		/* gone meanwhile, or refused for this one link (an LSM): skipped */
	}
	free(name);
	return err == -ENOMEM ? err : 0;
}
