/* struct_ops programs by the map they are members of. A struct_ops link
 * names only its map (prog_id 0), and a map registered without a link
 * (bpftool struct_ops register, libbpf before 1.2) has no link at all; the
 * map's value does name its programs: the kernel keeps the value user space
 * gave with each function pointer replaced by its program's id
 * (bpf_struct_ops_map_update_elem(): "*(unsigned long *)(udata + moff) =
 * prog->aux->id"), and BPF_MAP_LOOKUP_ELEM returns it with the state
 * (bpf_struct_ops_map_sys_lookup_elem()). Which members are function
 * pointers, and where the struct's name is, comes from the kernel's BTF of
 * the value type (bpf_struct_ops_<struct>), never from a guessed layout. */
#include "attach/attach_sources.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>

#define STRUCT_OPS_MAP_TYPE 26 /* BPF_MAP_TYPE_STRUCT_OPS */
#define STRUCT_OPS_INUSE 1     /* BPF_STRUCT_OPS_STATE_INUSE: registered */

/* The member called name of struct type id (anonymous members searched),
 * its byte offset added to *off. */
static const struct btf_member *struct_ops_member(const struct btf *btf, uint32_t id,
						  const char *name, uint32_t *off)
{
	const struct btf_type *t = btf__type_by_id(btf, id);
	const struct btf_member *m;

	if (!t || !btf_is_composite(t))
		return NULL;
	m = btf_members(t);
	for (unsigned short k = 0; k < btf_vlen(t); k++, m++) {
		const char *n = btf__name_by_offset(btf, m->name_off);
		uint32_t here = btf_member_bit_offset(t, k) / 8;

		if (n && !strcmp(n, name)) {
			*off += here;
			return m;
		}
	}
	return NULL;
}

static bool struct_ops_is_func_ptr(const struct btf *btf, uint32_t type)
{
	const struct btf_type *t = btf__type_by_id(btf, type);

	while (t && (btf_is_typedef(t) || btf_is_const(t) || btf_is_volatile(t)))
		t = btf__type_by_id(btf, t->type);
	if (!t || !btf_is_ptr(t))
		return false;
	t = btf__type_by_id(btf, t->type);
	return t && btf_is_func_proto(t);
}

struct struct_ops_map {
	uint32_t id;
	char name[16];
	const char *sname;  /* the struct it implements */
	char impl[64];      /* its "name" member (tcp_congestion_ops.name), "" when none */
	uint32_t link_id;
	bool registered;
};

static int struct_ops_push(struct attach_set *out, const struct struct_ops_map *m, uint32_t prog_id,
			   const char *member)
{
	struct attachment a = { .kind = ATTACH_STRUCT_OPS, .prog_id = prog_id,
				.link_id = m->link_id, .link_type = m->link_id ? 9 : 0 };
	bool ok = attach_set_target(&a, "struct %s%s%s%s, map %s (id %" PRIu32 "), as %s%s",
				    m->sname, m->impl[0] ? " \"" : "", m->impl,
				    m->impl[0] ? "\"" : "", m->name[0] ? m->name : "(no name)", m->id,
				    member, m->registered || m->link_id ? "" : " (not registered)") &&
		  attach_raw_u64(&a, "map_id", m->id) && attach_raw_str(&a, "map_name", m->name) &&
		  attach_raw_str(&a, "struct", m->sname) && attach_raw_str(&a, "member", member) &&
		  (m->impl[0] ? attach_raw_str(&a, "name", m->impl) : true) &&
		  attach_raw_bool(&a, "registered", m->registered || m->link_id);

	if (!ok) {
		attach_clear(&a);
		return -ENOMEM;
	}
	return attach_set_push(out, &a);
}

/* The programs of one struct_ops map (fd, its info) into out. */
static int struct_ops_map(const struct btf *btf, int fd, const struct bpf_map_info *info,
			  const struct attach_set *links, struct attach_set *out)
{
	struct struct_ops_map m = { .id = info->id };
	const struct btf_type *vt = btf__type_by_id(btf, info->btf_vmlinux_value_type_id);
	const struct btf_member *data, *state, *nm;
	const struct btf_type *dt;
	const char *prefix = "bpf_struct_ops_", *vname;
	uint32_t data_off = 0, state_off = 0, name_off, key = 0;
	unsigned char *value;
	int err = 0;

	if (!vt)
		return 0;
	vname = btf__name_by_offset(btf, vt->name_off);
	if (!vname || strncmp(vname, prefix, strlen(prefix)))
		return 0;
	m.sname = vname + strlen(prefix);
	snprintf(m.name, sizeof(m.name), "%s", info->name);
	data = struct_ops_member(btf, info->btf_vmlinux_value_type_id, "data", &data_off);
	/* the state is common.state since 6.9, a member of its own before */
	state = struct_ops_member(btf, info->btf_vmlinux_value_type_id, "state", &state_off);
	if (!state) {
		const struct btf_member *common = struct_ops_member(
			btf, info->btf_vmlinux_value_type_id, "common", &state_off);

		state = common ? struct_ops_member(btf, common->type, "state", &state_off) : NULL;
	}
	if (!data)
		return 0;
	dt = btf__type_by_id(btf, data->type);
	value = calloc(1, info->value_size);
	if (!value)
		return -ENOMEM;
	if (bpf_map_lookup_elem(fd, &key, value) || !dt || !btf_is_composite(dt)) {
		free(value);
		return 0;
	}
	if (state && state_off + 4 <= info->value_size) {
		uint32_t s;

		memcpy(&s, value + state_off, sizeof(s));
		m.registered = s == STRUCT_OPS_INUSE;
	}
	name_off = data_off;
	nm = struct_ops_member(btf, data->type, "name", &name_off);
	if (nm && name_off + 1 < info->value_size) {
		size_t max = info->value_size - name_off;

		snprintf(m.impl, sizeof(m.impl), "%.*s", (int)(max < 63 ? max : 63),
			 (const char *)value + name_off);
	}
	for (size_t i = 0; i < links->nr; i++) {
		const struct attach_raw *r = attach_raw_find(&links->v[i], "map_id");

		if (links->v[i].kind == ATTACH_STRUCT_OPS && r && r->u == m.id)
			m.link_id = links->v[i].link_id;
	}
	{
		const struct btf_member *mb = btf_members(dt);

		for (unsigned short k = 0; k < btf_vlen(dt) && !err; k++, mb++) {
			uint32_t off = data_off + btf_member_bit_offset(dt, k) / 8;
			uint64_t prog_id;

			if (!struct_ops_is_func_ptr(btf, mb->type) ||
			    off + sizeof(prog_id) > info->value_size)
				continue;
			memcpy(&prog_id, value + off, sizeof(prog_id));
			if (prog_id && prog_id <= UINT32_MAX)
				err = struct_ops_push(out, &m, (uint32_t)prog_id,
						      btf__name_by_offset(btf, mb->name_off));
		}
	}
	free(value);
	return err;
}

int attach_struct_ops_read(const struct btf *vmlinux, const struct attach_set *links,
			   struct attach_set *out)
{
	uint32_t id = 0;
	int err = 0;

	if (!vmlinux)
		return -ENOENT;
	while (!err && !bpf_map_get_next_id(id, &id)) {
		struct bpf_map_info info;
		uint32_t len = sizeof(info);
		int fd = bpf_map_get_fd_by_id(id);

		if (fd < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (!bpf_obj_get_info_by_fd(fd, &info, &len) && info.type == STRUCT_OPS_MAP_TYPE)
			err = struct_ops_map(vmlinux, fd, &info, links, out);
		close(fd);
	}
	return err;
}
