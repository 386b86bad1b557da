/* --json for attachments (see report_json_attach.h). Member names follow
 * bpftool's link show and net show where they have one. */
#include "out/report_json_attach.h"

#include "attach/attach.h"

void report_json_attach_owner(struct jsonw *w, const struct prog_owner *o)
{
	jsonw_string_field(w, "via", attach_via_name(o->via));
	if (o->fd >= 0)
		jsonw_int_field(w, "fd", o->fd);
	else
		jsonw_null_field(w, "fd");
	jsonw_bool_field(w, "inferred", o->inferred);
	if (o->via == PROG_VIA_LINK_FD)
		jsonw_uint_field(w, "link_id", o->link_id);
}

static void report_json_attach_one(struct jsonw *w, const struct attachment *a)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "kind", attach_kind_name(a->kind));
	jsonw_text_field(w, "target", a->target);
	if (a->link_id)
		jsonw_uint_field(w, "link_id", a->link_id);
	else
		jsonw_null_field(w, "link_id");
	for (size_t i = 0; i < a->nr_raw; i++) {
		const struct attach_raw *r = &a->raw[i];

		switch (r->type) {
		case ATTACH_RAW_U64:
			jsonw_uint_field(w, r->key, r->u);
			break;
		case ATTACH_RAW_S64:
			jsonw_int_field(w, r->key, r->s);
			break;
		case ATTACH_RAW_BOOL:
			jsonw_bool_field(w, r->key, r->u != 0);
			break;
		case ATTACH_RAW_STR:
			jsonw_text_field(w, r->key, r->str);
			break;
		}
	}
	if (a->link_id) {
		jsonw_name(w, "pinned");
		jsonw_start_array(w);
		for (size_t i = 0; i < a->nr_pinned; i++)
			jsonw_string(w, a->pinned[i]);
		jsonw_end_array(w);
	}
	jsonw_end_object(w);
}

void report_json_attach_prog(struct jsonw *w, const struct prog *p)
{
	if (p->nr_owners)
		jsonw_bool_field(w, "held_by_kernel_only", false);
	else if (p->holder_unknown || !p->attachments)
		jsonw_null_field(w, "held_by_kernel_only");
	else
		jsonw_bool_field(w, "held_by_kernel_only", true);
	jsonw_string_field(w, "holder_unknown", p->holder_unknown);
	jsonw_name(w, "attachments");
	if (p->attachments) {
		jsonw_start_array(w);
		for (size_t i = 0; i < p->nr_attachments; i++)
			report_json_attach_one(w, &p->attachments[i]);
		jsonw_end_array(w);
	} else {
		jsonw_null(w);
	}
	jsonw_string_field(w, "attachments_error",
			   p->attachments ? NULL
			   : p->attachments_error ? p->attachments_error
						  : "Attachments were not gathered.");
	jsonw_string_field(w, "attachments_incomplete", p->attachments_incomplete);
	jsonw_name(w, "pins");
	jsonw_start_array(w);
	for (size_t i = 0; i < p->nr_pins; i++)
		jsonw_string(w, p->pins[i]);
	jsonw_end_array(w);
}
