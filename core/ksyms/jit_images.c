/* What the other BPF JIT images serve (see jit_images.h). */
#include "ksyms/jit_images.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#include "base/vec.h"

/* enum bpf_map_type BPF_MAP_TYPE_STRUCT_OPS (Linux 5.6) */
#define JIT_IMAGES_MAP_STRUCT_OPS 26
/* bpf_struct_ops_ksym_init(): "bpf__%s_%s", struct and member */
#define JIT_IMAGES_STRUCT_OPS_PREFIX "bpf__"
/* the value type of a struct_ops map is "bpf_struct_ops_<struct>", whose
 * member "data" is the struct itself (BPF_STRUCT_OPS_TYPE() in the kernel) */
#define JIT_IMAGES_VALUE_PREFIX "bpf_struct_ops_"
#define JIT_IMAGES_PAGE 4096
/* members of one struct_ops image told apart (a struct has a few dozen) */
#define JIT_IMAGES_MAX_MEMBERS 128

struct jit_images {
	uint64_t signature;  /* of the others last described; 0: none yet */
	struct prog_list kept; /* images and struct_ops of that description */
	size_t nr_kept_images;
};

struct jit_images *jit_images_new(void)
{
	return calloc(1, sizeof(struct jit_images));
}

static void jit_images_clear(struct prog_list *list)
{
	prog_images_free(list->images, list->nr_others, list->struct_ops, list->nr_struct_ops);
	list->images = NULL;
	list->struct_ops = NULL;
	list->nr_struct_ops = 0;
}

void jit_images_free(struct jit_images *images)
{
	if (!images)
		return;
	prog_images_free(images->kept.images, images->nr_kept_images, images->kept.struct_ops,
			      images->kept.nr_struct_ops);
	free(images);
}

const char *jit_images_kind_name(enum prog_image_kind kind)
{
	switch (kind) {
	case PROG_IMAGE_TRAMPOLINE:
		return "trampoline";
	case PROG_IMAGE_DISPATCHER:
		return "dispatcher";
	case PROG_IMAGE_STRUCT_OPS:
		return "struct_ops";
	case PROG_IMAGE_OTHER:
		break;
	}
	return "other";
}

bool jit_images_trampoline_key(const char *name, uint32_t *object_id, uint32_t *btf_id)
{
	const char *digits = name + strlen("bpf_trampoline_");
	unsigned long long key;
	char *end;

	if (strncmp(name, "bpf_trampoline_", strlen("bpf_trampoline_")) || *digits < '0' ||
	    *digits > '9')
		return false;
	errno = 0;
	key = strtoull(digits, &end, 10);
	/* "bpf_trampoline_<key>_<image>" where bpf_tramp_image_alloc() took an
	 * image index (5.10's stable releases): the key is the same */
	if (!errno && *end == '_' && end[1] >= '0' && end[1] <= '9') {
		const char *idx = end + 1;

		strtoull(idx, &end, 10);
	}
	if (errno || *end)
		return false;
	*object_id = (uint32_t)(key >> 32);
	*btf_id = (uint32_t)key;
	return true;
}

enum prog_image_kind jit_images_kind_of(const char *name)
{
	uint32_t obj, btf_id;

	if (jit_images_trampoline_key(name, &obj, &btf_id))
		return PROG_IMAGE_TRAMPOLINE;
	if (!strncmp(name, "bpf_dispatcher_", strlen("bpf_dispatcher_")))
		return PROG_IMAGE_DISPATCHER;
	if (!strncmp(name, JIT_IMAGES_STRUCT_OPS_PREFIX, strlen(JIT_IMAGES_STRUCT_OPS_PREFIX)))
		return PROG_IMAGE_STRUCT_OPS;
	return PROG_IMAGE_OTHER;
}

/* FNV-1a over the addresses and names: the others are described again
 * only when this changes. */
static uint64_t jit_images_signature(const struct prog_list *list)
{
	uint64_t h = 14695981039346656037ull;

	for (size_t i = 0; i < list->nr_others; i++) {
		const unsigned char *p = (const unsigned char *)&list->others[i].addr;

		for (size_t b = 0; b < sizeof(list->others[i].addr); b++)
			h = (h ^ p[b]) * 1099511628211ull;
		for (p = (const unsigned char *)list->others[i].name; p && *p; p++)
			h = (h ^ *p) * 1099511628211ull;
	}
	return h ? h : 1;
}

/* ---- struct_ops maps ---- */

static const struct btf_type *jit_images_resolved(const struct btf *btf, __u32 id)
{
	int r = btf__resolve_type(btf, id);

	return r < 0 ? NULL : btf__type_by_id(btf, (__u32)r);
}

/* The member called name of struct t, NULL when none; *bit_off its offset. */
static const struct btf_member *jit_images_member(const struct btf *btf,
						  const struct btf_type *t, const char *name,
						  __u32 *bit_off)
{
	const struct btf_member *m = btf_members(t);

	for (__u16 i = 0; i < btf_vlen(t); i++, m++) {
		if (!strcmp(btf__name_by_offset(btf, m->name_off), name)) {
			*bit_off = btf_member_bit_offset(t, i);
			return m;
		}
	}
	return NULL;
}

/* The members of the struct at data that the kernel filled: each function
 * pointer holds the id of the program put there
 * (bpf_struct_ops_map_update_elem() stores prog->aux->id in the value it
 * gives back), and a char array called name is the ops' name. */
static int jit_images_ops_members(const struct btf *btf, const struct btf_type *st,
				  const unsigned char *data, size_t size, struct prog_struct_ops *o)
{
	const struct btf_member *m = btf_members(st);

	o->members = calloc(btf_vlen(st) ? btf_vlen(st) : 1, sizeof(*o->members));
	if (!o->members)
		return -ENOMEM;
	for (__u16 i = 0; i < btf_vlen(st); i++, m++) {
		const struct btf_type *t = jit_images_resolved(btf, m->type);
		const char *name = btf__name_by_offset(btf, m->name_off);
		size_t at = btf_member_bit_offset(st, i) / 8;

		if (!t || !name)
			continue;
		if (btf_is_ptr(t) && at + sizeof(uint64_t) <= size) {
			const struct btf_type *fn = jit_images_resolved(btf, t->type);
			uint64_t id;

			memcpy(&id, data + at, sizeof(id));
			if (!fn || !btf_is_func_proto(fn) || !id || id > UINT32_MAX)
				continue;
			o->members[o->nr_members].name = strdup(name);
			if (!o->members[o->nr_members].name)
				return -ENOMEM;
			o->members[o->nr_members++].prog_id = (uint32_t)id;
		} else if (btf_is_array(t) && !strcmp(name, "name")) {
			const struct btf_array *a = btf_array(t);

			if (at + a->nelems <= size && !o->ops_name &&
			    !(o->ops_name = strndup((const char *)data + at, a->nelems)))
				return -ENOMEM;
		}
	}
	return 0;
}

/* One struct_ops map by fd: its struct (from the kernel's BTF, named by
 * btf_vmlinux_value_type_id) and its value. */
static int jit_images_one_ops(int fd, const struct bpf_map_info *info, struct btf **vmlinux,
			      struct prog_struct_ops *o)
{
	const struct btf_type *vt, *st;
	const char *vname;
	unsigned char *value;
	__u32 zero = 0, bit_off;
	int err;

	o->map_id = info->id;
	memcpy(o->map_name, info->name, sizeof(o->map_name) - 1);
	if (!*vmlinux && !(*vmlinux = btf__load_vmlinux_btf()))
		return -errno;
	vt = btf__type_by_id(*vmlinux, info->btf_vmlinux_value_type_id);
	vname = vt ? btf__name_by_offset(*vmlinux, vt->name_off) : NULL;
	if (!vt || !btf_is_struct(vt) || !vname)
		return -ENOENT;
	if (!strncmp(vname, JIT_IMAGES_VALUE_PREFIX, strlen(JIT_IMAGES_VALUE_PREFIX)))
		vname += strlen(JIT_IMAGES_VALUE_PREFIX);
	if (!(o->struct_name = strdup(vname)))
		return -ENOMEM;
	if (!jit_images_member(*vmlinux, vt, "data", &bit_off))
		return 0;
	st = jit_images_resolved(*vmlinux, jit_images_member(*vmlinux, vt, "data", &bit_off)->type);
	if (!st || !btf_is_struct(st) || bit_off / 8 >= info->value_size)
		return 0;
	value = calloc(1, info->value_size);
	if (!value)
		return -ENOMEM;
	err = bpf_map_lookup_elem(fd, &zero, value) ? -errno : 0;
	if (!err)
		err = jit_images_ops_members(*vmlinux, st, value + bit_off / 8,
					     info->value_size - bit_off / 8, o);
	free(value);
	return err == -ENOMEM ? err : 0;
}

/* Every struct_ops map (BPF_MAP_GET_NEXT_ID over all maps). */
static int jit_images_struct_ops(struct prog_list *list)
{
	struct btf *vmlinux = NULL;
	size_t cap = 0;
	__u32 id = 0;
	int err = 0;

	while (!bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info;
		__u32 len = sizeof(info);
		struct prog_struct_ops *ops;
		int fd = bpf_map_get_fd_by_id(id);

		if (fd < 0) {
			if (errno == ENOENT)
				continue;
			err = -errno;
			break;
		}
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fd, &info, &len) || info.type != JIT_IMAGES_MAP_STRUCT_OPS) {
			close(fd);
			continue;
		}
		ops = VEC_PUSH(list->struct_ops, list->nr_struct_ops, cap);
		if (!ops) {
			close(fd);
			err = -ENOMEM;
			break;
		}
		err = jit_images_one_ops(fd, &info, &vmlinux, ops);
		close(fd);
		if (err == -ENOMEM)
			break;
		if (err)
			list->images_error = err;
		err = 0;
	}
	if (!err && errno != ENOENT)
		err = -errno;
	btf__free(vmlinux);
	return err;
}

/* ---- the sentences ---- */

/* What a trampoline's key names: a function of a kernel BTF object
 * (vmlinux or a module), else of a program's BTF (freplace, or fentry on
 * a BPF program). */
static char *jit_images_trampoline(const struct prog_list *list, const char *name)
{
	uint32_t obj, btf_id;
	struct bpf_btf_info info;
	char btf_name[64] = "";
	__u32 len = sizeof(info);
	const char *fn = NULL;
	struct btf *btf = NULL, *base = NULL;
	char *text = NULL;
	int fd;

	if (!jit_images_trampoline_key(name, &obj, &btf_id))
		return NULL;
	fd = bpf_btf_get_fd_by_id(obj);
	memset(&info, 0, sizeof(info));
	info.name = (__u64)(unsigned long)btf_name;
	info.name_len = sizeof(btf_name);
	if (fd >= 0 && !bpf_obj_get_info_by_fd(fd, &info, &len) && info.kernel_btf) {
		if (!strcmp(btf_name, "vmlinux"))
			btf = btf__load_from_kernel_by_id(obj);
		else if ((base = btf__load_vmlinux_btf()))
			btf = btf__load_from_kernel_by_id_split(obj, base);
		if (btf) {
			const struct btf_type *t = btf__type_by_id(btf, btf_id);

			fn = t && btf_is_func(t) ? btf__name_by_offset(btf, t->name_off) : NULL;
		}
		if (asprintf(&text, "the fentry, fexit, fmod_ret or lsm programs attached to %s%s "
			     "(BTF id %u in %s)", fn ? fn : "a kernel function", fn ? "()" : "",
			     btf_id, btf_name) < 0)
			text = NULL;
	} else {
		const struct prog *p = NULL;

		for (size_t i = 0; i < list->nr_progs && !p; i++)
			if (list->progs[i].id == obj)
				p = &list->progs[i];
		if (p && asprintf(&text, "the freplace, fentry or fexit programs attached to BPF "
				  "function %u (BTF id) of program %u %s", btf_id, obj,
				  prog_full_name(p)) < 0)
			text = NULL;
		else if (!p && asprintf(&text, "the programs attached to BTF id %u of object %u, "
					"which is no longer listed", btf_id, obj) < 0)
			text = NULL;
	}
	if (fd >= 0)
		close(fd);
	btf__free(btf);
	btf__free(base);
	return text;
}

void jit_images_ops_image(const struct prog_list *list, size_t at, size_t struct_len,
			  size_t *image, size_t *nr_images)
{
	size_t prefix = strlen(JIT_IMAGES_STRUCT_OPS_PREFIX) + struct_len + 1, nr_seen = 0;
	const char *seen[JIT_IMAGES_MAX_MEMBERS];
	uint64_t start = 0;

	*image = *nr_images = 0;
	/* One registration's trampolines lie one after the other in one
	 * allocation of at most a page, member after member
	 * (bpf_struct_ops_prepare_trampoline()); from 6.8 bpf_prog_pack places
	 * it at any 64-byte chunk, so a page boundary says nothing. An image
	 * begins where a member comes again, or a page past its start. */
	for (size_t i = 0; i < list->nr_others; i++) {
		const char *other = list->others[i].name;
		uint64_t addr = list->others[i].addr;
		bool again = false;

		if (strncmp(other, list->others[at].name, prefix))
			continue;
		for (size_t k = 0; k < nr_seen && !again; k++)
			again = !strcmp(seen[k], other);
		if (!*nr_images || again || nr_seen == JIT_IMAGES_MAX_MEMBERS ||
		    addr - start >= JIT_IMAGES_PAGE) {
			(*nr_images)++;
			nr_seen = 0;
			start = addr;
		}
		seen[nr_seen++] = other;
		if (i == at)
			*image = *nr_images;
	}
}

/* The struct_ops maps of struct and how many images their trampolines
 * take, for one struct_ops symbol. */
static char *jit_images_ops_symbol(const struct prog_list *list, size_t at)
{
	const char *name = list->others[at].name + strlen(JIT_IMAGES_STRUCT_OPS_PREFIX);
	const struct prog_struct_ops *match = NULL;
	char maps[512];
	size_t used = 0, nr_maps = 0, image = 0, nr_images = 0;
	const char *member;
	char *text;
	int err;

	for (size_t i = 0; i < list->nr_struct_ops; i++) {
		const struct prog_struct_ops *o = &list->struct_ops[i];
		size_t n = o->struct_name ? strlen(o->struct_name) : 0;

		if (!n || strncmp(name, o->struct_name, n) || name[n] != '_')
			continue;
		match = o;
		nr_maps++;
		if (used < sizeof(maps))
			used += (size_t)snprintf(maps + used, sizeof(maps) - used, "%s%u %s",
						 used ? ", " : "", o->map_id,
						 o->map_name[0] ? o->map_name : "(no name)");
	}
	if (!match)
		return strdup("a struct_ops trampoline of a struct no registered map implements now");
	jit_images_ops_image(list, at, strlen(match->struct_name), &image, &nr_images);
	member = name + strlen(match->struct_name) + 1;
	if (nr_maps == 1)
		err = asprintf(&text, "%s.%s of map %s", match->struct_name, member, maps);
	else
		err = asprintf(&text, "%s.%s, image %zu of %zu; one of maps %s (kallsyms does not "
			       "say which)", match->struct_name, member, image, nr_images, maps);
	return err < 0 ? NULL : text;
}

static char *jit_images_sentence(const struct prog_list *list, size_t i)
{
	const char *name = list->others[i].name;

	switch (jit_images_kind_of(name)) {
	case PROG_IMAGE_TRAMPOLINE:
		return jit_images_trampoline(list, name);
	case PROG_IMAGE_DISPATCHER:
		if (!strcmp(name, "bpf_dispatcher_xdp"))
			return strdup("the XDP dispatcher: drivers call the XDP programs attached "
				      "in driver mode through it (bpf_dispatcher_xdp_func), which "
				      "the kernel makes at the first XDP attach");
		return strdup("a BPF dispatcher (kernel/bpf/dispatcher.c)");
	case PROG_IMAGE_STRUCT_OPS:
		return jit_images_ops_symbol(list, i);
	case PROG_IMAGE_OTHER:
		break;
	}
	return NULL;
}

/* ---- the session ---- */

static int jit_images_copy(const struct prog_list *from, size_t nr_images, struct prog_list *to)
{
	to->images = calloc(nr_images ? nr_images : 1, sizeof(*to->images));
	to->struct_ops = calloc(from->nr_struct_ops ? from->nr_struct_ops : 1,
				sizeof(*to->struct_ops));
	if (!to->images || !to->struct_ops)
		return -ENOMEM;
	for (size_t i = 0; i < nr_images; i++) {
		to->images[i].kind = from->images[i].kind;
		if (from->images[i].serves &&
		    !(to->images[i].serves = strdup(from->images[i].serves)))
			return -ENOMEM;
	}
	for (size_t i = 0; i < from->nr_struct_ops; i++) {
		const struct prog_struct_ops *f = &from->struct_ops[i];
		struct prog_struct_ops *t = &to->struct_ops[to->nr_struct_ops++];

		t->map_id = f->map_id;
		memcpy(t->map_name, f->map_name, sizeof(t->map_name));
		if ((f->struct_name && !(t->struct_name = strdup(f->struct_name))) ||
		    (f->ops_name && !(t->ops_name = strdup(f->ops_name))) ||
		    !(t->members = calloc(f->nr_members ? f->nr_members : 1, sizeof(*t->members))))
			return -ENOMEM;
		for (size_t m = 0; m < f->nr_members; m++) {
			t->members[m].prog_id = f->members[m].prog_id;
			if (!(t->members[m].name = strdup(f->members[m].name)))
				return -ENOMEM;
			t->nr_members++;
		}
	}
	to->images_error = from->images_error;
	return 0;
}

int jit_images_describe(struct jit_images *c, struct prog_list *list)
{
	uint64_t signature;
	bool has_ops = false;
	int err = 0;

	if (!list->nr_others)
		return 0;
	signature = jit_images_signature(list);
	if (signature == c->signature && c->nr_kept_images == list->nr_others) {
		err = jit_images_copy(&c->kept, c->nr_kept_images, list);
		if (err)
			jit_images_clear(list);
		return err;
	}
	list->images = calloc(list->nr_others, sizeof(*list->images));
	if (!list->images)
		return -ENOMEM;
	for (size_t i = 0; i < list->nr_others; i++) {
		list->images[i].kind = jit_images_kind_of(list->others[i].name);
		has_ops |= list->images[i].kind == PROG_IMAGE_STRUCT_OPS;
	}
	if (has_ops) {
		err = jit_images_struct_ops(list);
		if (err == -ENOMEM)
			goto fail;
		if (err)
			list->images_error = err;
	}
	for (size_t i = 0; i < list->nr_others; i++) {
		list->images[i].serves = jit_images_sentence(list, i);
		if (!list->images[i].serves && list->images[i].kind != PROG_IMAGE_OTHER) {
			err = -ENOMEM;
			goto fail;
		}
	}
	/* keep it for the refreshes that see the same symbols */
	prog_images_free(c->kept.images, c->nr_kept_images, c->kept.struct_ops,
			      c->kept.nr_struct_ops);
	memset(&c->kept, 0, sizeof(c->kept));
	c->nr_kept_images = list->nr_others;
	c->signature = 0;
	if (jit_images_copy(list, list->nr_others, &c->kept)) {
		prog_images_free(c->kept.images, c->nr_kept_images, c->kept.struct_ops,
				      c->kept.nr_struct_ops);
		memset(&c->kept, 0, sizeof(c->kept));
		c->nr_kept_images = 0;
	} else {
		c->signature = signature;
	}
	return 0;
fail:
	jit_images_clear(list);
	return err;
}
