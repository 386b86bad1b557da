/* The field list of the other BPF JIT images (see fields.h), which --list
 * and the browser's view of them render. */
#include "out/fields.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <linux/bpf.h>

static const struct prog *fields_images_prog(const struct prog_list *list, uint32_t id)
{
	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].id == id)
			return &list->progs[i];
	return NULL;
}

/* "map 1904 bk_cc_one implements tcp_congestion_ops as bk_cc_one:
 * ssthresh: program 975074 bk_one_ssthresh, ..." */
static void fields_images_ops(const struct prog_list *list, const struct prog_struct_ops *o,
			      struct fields *out)
{
	char members[1024];
	size_t used = 0;

	members[0] = '\0';
	for (size_t m = 0; m < o->nr_members && used < sizeof(members); m++) {
		const struct prog *p = fields_images_prog(list, o->members[m].prog_id);
		const char *name = p ? prog_full_name(p) : "";

		used += (size_t)snprintf(members + used, sizeof(members) - used,
					 "%s%s: program %u%s%s", m ? ", " : "", o->members[m].name,
					 (unsigned)o->members[m].prog_id, name[0] ? " " : "", name);
	}
	fields_add(out, FIELD_NORMAL, "Registered", NULL,
		   "map %u %s implements struct %s%s%s%s%s%s", (unsigned)o->map_id,
		   o->map_name[0] ? o->map_name : "(no name)",
		   o->struct_name ? o->struct_name : "(unknown)",
		   o->ops_name && o->ops_name[0] ? " as \"" : "",
		   o->ops_name && o->ops_name[0] ? o->ops_name : "",
		   o->ops_name && o->ops_name[0] ? "\"" : "", o->nr_members ? ": " : "", members);
}

/* Why a struct registered more than once is told apart by its maps. */
static void fields_images_alike(const struct prog_list *list, struct fields *out)
{
	for (size_t i = 0; i < list->nr_struct_ops; i++) {
		const char *name = list->struct_ops[i].struct_name;
		size_t nr = 0;
		bool first = true;

		for (size_t j = 0; j < list->nr_struct_ops && name; j++) {
			const char *other = list->struct_ops[j].struct_name;

			if (other && !strcmp(other, name)) {
				first &= j >= i;
				nr++;
			}
		}
		if (nr > 1 && first)
			fields_add(out, FIELD_DIM, "Registered", NULL,
				   "%zu maps implement struct %s: the kernel names every "
				   "registration's trampolines alike (bpf__%s_<member>, "
				   "bpf_struct_ops_ksym_init()), so their maps tell them apart, "
				   "and the trampolines of one registration share an image",
				   nr, name, name);
	}
}

/* The XDP programs loaded now, for the dispatcher's line. */
static void fields_images_xdp(const struct prog_list *list, struct fields *out)
{
	char ids[512];
	size_t used = 0, nr = 0;

	ids[0] = '\0';
	for (size_t i = 0; i < list->nr_progs && used < sizeof(ids); i++) {
		const struct prog *p = &list->progs[i];

		if (p->type != BPF_PROG_TYPE_XDP)
			continue;
		used += (size_t)snprintf(ids + used, sizeof(ids) - used, "%s%u %s", nr++ ? ", " : "",
					 (unsigned)p->id, prog_full_name(p));
	}
	fields_add(out, FIELD_DIM, "Dispatchers", NULL, "XDP programs loaded now: %s",
		   nr ? ids : "none");
}

void fields_jit_images(const struct prog_list *list, struct fields *out)
{
	static const struct {
		enum prog_image_kind kind;
		const char *label;
	} groups[] = {
		{ PROG_IMAGE_TRAMPOLINE, "Trampolines" },
		{ PROG_IMAGE_DISPATCHER, "Dispatchers" },
		{ PROG_IMAGE_STRUCT_OPS, "struct_ops" },
		{ PROG_IMAGE_OTHER, "Other" },
	};

	if (!list->nr_others) {
		fields_add(out, FIELD_NORMAL, "", NULL, "none listed");
		return;
	}
	for (size_t i = 0; i < list->nr_struct_ops; i++)
		fields_images_ops(list, &list->struct_ops[i], out);
	fields_images_alike(list, out);
	for (size_t g = 0; g < sizeof(groups) / sizeof(groups[0]); g++) {
		bool any = false, xdp = false;

		for (size_t i = 0; i < list->nr_others; i++) {
			const struct prog_symbol *s = &list->others[i];
			const struct prog_image *im = list->images ? &list->images[i] : NULL;
			enum prog_image_kind kind = im ? im->kind : PROG_IMAGE_OTHER;

			if (kind != groups[g].kind)
				continue;
			any = true;
			xdp |= !strcmp(s->name, "bpf_dispatcher_xdp");
			fields_add(out, FIELD_NORMAL, groups[g].label, NULL, "%016" PRIx64 " %s%s%s",
				   s->addr, s->name, im && im->serves ? ": " : "",
				   im && im->serves ? im->serves : "");
		}
		if (any && xdp)
			fields_images_xdp(list, out);
	}
	if (list->images_error)
		fields_add(out, FIELD_WARN, "Not all known", NULL,
			   "Some of what these images serve could not be read: %s.",
			   strerror(-list->images_error));
}
