/* --json's "jit_memory": JIT memory in use against net.core.bpf_jit_limit,
 * how it is known, and the parts in sight (jitmem/jitmem.h). A number that
 * is not known is null, never 0. */
#include "out/report.h"

#include "out/fields_jitmem.h"
#include "out/jsonw.h"

static void report_json_known_uint(struct jsonw *w, const char *name, bool known, uint64_t v)
{
	if (known)
		jsonw_uint_field(w, name, v);
	else
		jsonw_null_field(w, name);
}

static void report_json_part(struct jsonw *w, const char *name, bool known,
			     const struct jitmem_part *part)
{
	jsonw_name(w, name);
	if (!known) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	jsonw_uint_field(w, "count", part->count);
	jsonw_uint_field(w, "bytes", part->bytes);
	jsonw_end_object(w);
}

static void report_json_classic(struct jsonw *w, const struct jitmem_reading *r)
{
	const struct jit_classic_seccomp *s = &r->seccomp;
	const struct jit_classic_packet *p = &r->packet;
	char text[256];

	jsonw_name(w, "classic");
	jsonw_start_object(w);
	/* each filter at the smallest charge: their sizes cannot be read */
	jsonw_uint_field(w, "bytes", r->classic.bytes);
	jsonw_bool_field(w, "bytes_at_least", true);
	report_json_known_uint(w, "seccomp_filters", !s->error, s->filters);
	report_json_known_uint(w, "seccomp_processes", !s->error, s->processes);
	fields_jitmem_seccomp_text(r, text, sizeof(text));
	jsonw_string_field(w, "seccomp_error", s->error ? text : NULL);
	report_json_known_uint(w, "packet_filters", !p->error, p->filters);
	report_json_known_uint(w, "packet_instructions", !p->error, p->insns);
	fields_jitmem_packet_text(r, text, sizeof(text));
	jsonw_string_field(w, "packet_error", p->error ? text : NULL);
	jsonw_end_object(w);
}

static void report_json_parts(struct jsonw *w, const struct jitmem_reading *r)
{
	jsonw_name(w, "parts");
	if (!r->progs_known) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	jsonw_name(w, "programs");
	jsonw_start_object(w);
	jsonw_uint_field(w, "count", r->progs.count);
	jsonw_uint_field(w, "images", r->nr_funcs);
	jsonw_uint_field(w, "bytes", r->progs.bytes);
	jsonw_bool_field(w, "approximate", r->progs_approximate);
	jsonw_end_object(w);
	report_json_part(w, "trampolines", r->images_known, &r->trampolines);
	report_json_part(w, "struct_ops", r->images_known, &r->struct_ops);
	jsonw_name(w, "dispatchers");
	if (r->images_known) {
		jsonw_start_object(w);
		jsonw_uint_field(w, "count", r->dispatchers);
		jsonw_uint_field(w, "bytes", 0);
		jsonw_end_object(w);
	} else {
		jsonw_null(w);
	}
	report_json_classic(w, r);
	jsonw_end_object(w);
}

void report_json_jitmem(struct jsonw *w, const struct snapshot *snap)
{
	const struct jitmem_reading *r = &snap->jitmem;
	bool known = r->method != JITMEM_NONE;
	char text[1024];

	jsonw_name(w, "jit_memory");
	jsonw_start_object(w);
	report_json_known_uint(w, "used_bytes", known, r->used_bytes);
	report_json_known_uint(w, "limit_bytes", r->limit_known, r->limit_bytes);
	jsonw_bool_field(w, "exact", r->exact);
	jsonw_string_field(w, "method", jitmem_method_name(r->method));
	jsonw_text_field(w, "reason", r->reason);
	fields_jitmem_how(r, text, sizeof(text));
	jsonw_string_field(w, "how", text);
	report_json_known_uint(w, "counter_bytes", r->exact, r->counter_bytes);
	report_json_known_uint(w, "own_bytes", r->exact, r->own_bytes);
	report_json_known_uint(w, "reader_prog_id", r->reader_id != 0, r->reader_id);
	/* the sum of the parts in sight: the estimate, also beside an exact
	 * reading, where used - estimate is what nothing in sight explains */
	report_json_known_uint(w, "estimate_bytes", r->progs_known && r->rules.known,
			       r->visible_bytes);
	if (r->exact && r->progs_known)
		jsonw_int_field(w, "unexplained_bytes", r->unexplained_bytes);
	else
		jsonw_null_field(w, "unexplained_bytes");
	report_json_parts(w, r);
	report_json_known_uint(w, "charge_unit_bytes", r->rules.kver != 0,
			       jit_charge_unit(&r->rules));
	jsonw_string_field(w, "counter_unit", !r->rules.kver ? NULL
					      : r->rules.counter_in_pages ? "pages" : "bytes");
	/* what the estimate (or the parts beside the counter) cannot see */
	jsonw_string_field(w, "unseen", r->progs_known ? jitmem_unseen_text() : NULL);
	jsonw_text_field(w, "past_limit", r->past_limit);
	jsonw_bool_field(w, "warning", jitmem_warns(r));
	fields_jitmem_warning(snap, text, sizeof(text));
	jsonw_text_field(w, "warning_text", text);
	jitmem_row_text(r, text, sizeof(text));
	jsonw_text_field(w, "text", text);
	jsonw_end_object(w);
}
