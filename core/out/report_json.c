/* --json: the snapshot for programs, streamed by one writer (jsonw.c).
 * Field names and types only ever get added to, never renamed; program
 * fields use bpftool's names where bpftool has the field. */
#include "out/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "out/report_json_attach.h"
#include "progs/bpf_names.h"
#include "out/fields.h"
#include "ksyms/jit_images.h"
#include "jitmem/jitmem.h"
#include "out/jsonw.h"
#include "progs/prog_maps.h"

static void report_json_kernel(struct jsonw *w, const struct snapshot *snap)
{
	static const char *const netns_names[] = {
		[SNAPSHOT_NETNS_UNKNOWN] = NULL,
		[SNAPSHOT_NETNS_INITIAL] = "initial",
		[SNAPSHOT_NETNS_OTHER] = "other",
	};
	char why[512];

	jsonw_name(w, "kernel");
	jsonw_start_object(w);
	jsonw_text_field(w, "release", snap->release);
	jsonw_text_field(w, "machine", snap->machine);
	jsonw_text_field(w, "hostname", snap->hostname);
	jsonw_text_field(w, "unreadable", snap->unreadable); /* why any of the three is "" */
	jsonw_string_field(w, "network_namespace", netns_names[snap->netns]);
	jsonw_name(w, "config");
	jsonw_start_object(w);
	jsonw_text_field(w, "source", snap->kconfig.error ? NULL : snap->kconfig.source);
	report_kconfig_problem(snap, why, sizeof(why));
	jsonw_text_field(w, "error", why);
	jsonw_name(w, "options");
	jsonw_start_object(w);
	/* the knobs' options; the reach's are in "reach" */
	for (int i = 0; i < KCONFIG__KNOBS; i++)
		jsonw_string_field(w, kconfig_name(i), kconfig_state_name(snap->kconfig.opt[i]));
	jsonw_end_object(w);
	jsonw_end_object(w);
	jsonw_end_object(w);
}

static void report_json_privileges(struct jsonw *w, const struct snapshot *snap)
{
	char text[256];

	jsonw_name(w, "privileges");
	jsonw_start_object(w);
	jsonw_int_field(w, "uid", snap->privs.uid);
	jsonw_int_field(w, "euid", snap->privs.euid);
	jsonw_name(w, "capabilities");
	jsonw_start_object(w);
	for (int i = 0; i < PRIVS_CAP__COUNT; i++)
		jsonw_bool_field(w, privs_cap_name(i), snap->privs.cap[i]);
	jsonw_end_object(w);
	jsonw_bool_field(w, "can_change", privs_can_admin(&snap->privs));
	report_privs_summary(snap, text, sizeof(text));
	jsonw_string_field(w, "summary", text);
	jsonw_end_object(w);
}

/* The detail as the browser and --list show it: [{label, item, text, role}]. */
static void report_json_fields(struct jsonw *w, const struct fields *f)
{
	static const char *const roles[] = {
		[FIELD_NORMAL] = "normal", [FIELD_CURRENT] = "current", [FIELD_WARN] = "warning",
		[FIELD_ERROR] = "error",   [FIELD_DIM] = "minor",       [FIELD_HEAD] = "head",
	};

	jsonw_name(w, "fields");
	jsonw_start_array(w);
	for (size_t i = 0; i < f->nr; i++) {
		jsonw_start_object(w);
		jsonw_string_field(w, "label", f->v[i].label);
		if (f->v[i].item)
			jsonw_string_field(w, "item", f->v[i].item);
		jsonw_string_field(w, "text", f->v[i].text);
		jsonw_string_field(w, "role", roles[f->v[i].role]);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void report_json_allowed(struct jsonw *w, const struct knob_def *def,
				const struct knob_env *env, const struct knob_reading *reading)
{
	long min, max;

	jsonw_name(w, "allowed");
	if (def->kind == KNOB_BYTES) {
		int unknown_max = knob_range(def, env, &min, &max);

		jsonw_start_object(w);
		jsonw_int_field(w, "min", min);
		if (unknown_max)
			jsonw_null_field(w, "max");
		else
			jsonw_int_field(w, "max", max);
		jsonw_string_field(w, "unit", "bytes");
		jsonw_end_object(w);
		return;
	}
	jsonw_start_array(w);
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (knob_value_writable(def, env, reading, def->choices[i].value))
			jsonw_int(w, def->choices[i].value);
	jsonw_end_array(w);
}

static void report_json_values(struct jsonw *w, const struct knob_def *def,
			       const struct knob_env *env)
{
	jsonw_name(w, "values");
	jsonw_start_array(w);
	for (size_t i = 0; i < knob_nr_choices(def); i++) {
		const struct knob_choice *c = &def->choices[i];

		jsonw_start_object(w);
		jsonw_int_field(w, "value", c->value);
		jsonw_string_field(w, "label", c->label);
		jsonw_string_field(w, "meaning", c->meaning);
		jsonw_bool_field(w, "allowed_here", knob_value_allowed(def, env, c->value));
		jsonw_bool_field(w, "one_way", c->one_way);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* null when the sysctl files were not read */
static void report_json_boot(struct jsonw *w, const struct snapshot_knob *k)
{
	static const char *const sources[] = {
		[DRIFT_NOT_READ] = NULL, [DRIFT_FILE] = "file", [DRIFT_DEFAULT] = "default",
		[DRIFT_UNREADABLE] = "unreadable",
	};
	const struct drift *d = &k->drift;
	bool from_file = d->source == DRIFT_FILE;
	char text[1024];

	jsonw_name(w, "boot");
	if (d->source == DRIFT_NOT_READ) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	if (d->boot_known)
		jsonw_int_field(w, "value", d->boot_value);
	else
		jsonw_null_field(w, "value");
	jsonw_string_field(w, "source", sources[d->source]);
	jsonw_string_field(w, "file", from_file ? d->setting.file
				      : d->source == DRIFT_UNREADABLE ? d->setting.unreadable : NULL);
	if (from_file)
		jsonw_int_field(w, "line", d->setting.line);
	else
		jsonw_null_field(w, "line");
	jsonw_bool_field(w, "file_value_refused", d->file_refused);
	jsonw_bool_field(w, "drift", d->drifts);
	drift_describe(k->def, &k->reading, d, text, sizeof(text));
	jsonw_string_field(w, "text", text);
	jsonw_end_object(w);
}

/* A value the kernel gives, or null when it cannot be known here. */
static void report_json_known(struct jsonw *w, const char *name, int unknown, long value)
{
	if (unknown)
		jsonw_null_field(w, name);
	else
		jsonw_int_field(w, name, value);
}

static void report_json_knob(struct jsonw *w, const struct snapshot *snap,
			     const struct snapshot_knob *k)
{
	const struct knob_def *def = k->def;
	char text[1024], path[PATH_MAX + 64];
	struct knob_env env;
	struct fields f;
	int unknown;
	long v;

	snapshot_knob_env(snap, &env);
	jsonw_start_object(w);
	jsonw_string_field(w, "name", def->name);
	snprintf(path, sizeof(path), "%s/%s", snap->proc_dir, def->rel_path);
	jsonw_string_field(w, "path", path);
	jsonw_string_field(w, "summary", def->summary);
	report_json_known(w, "value", k->reading.error, k->reading.value);
	report_knob_problem(snap, k, text, sizeof(text));
	jsonw_text_field(w, "error", text);
	if (!k->reading.error)
		knob_value_meaning(def, k->reading.value, text, sizeof(text));
	jsonw_string_field(w, "meaning", k->reading.error ? NULL : text);
	report_json_allowed(w, def, &env, &k->reading);
	jsonw_bool_field(w, "locked", knob_locked_at(def, &k->reading) != NULL);
	knob_writable_summary(def, &env, &k->reading, text, sizeof(text));
	jsonw_string_field(w, "allowed_text", text);
	if (def->kind == KNOB_CHOICE)
		report_json_values(w, def, &env);

	jsonw_name(w, "default");
	jsonw_start_object(w);
	unknown = knob_default(def, &env, &v);
	report_json_known(w, "value", unknown, v);
	knob_default_origin(def, &env, text, sizeof(text));
	jsonw_string_field(w, "origin", text);
	jsonw_end_object(w);
	report_json_boot(w, k);

	jsonw_string_field(w, "read_access", def->read_who);
	jsonw_bool_field(w, "readable_by_anyone", def->read_access == KNOB_READ_ANYONE);
	jsonw_string_field(w, "write_access", def->write_who);
	jsonw_name(w, "one_way_values");
	jsonw_start_array(w);
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (def->choices[i].one_way)
			jsonw_int(w, def->choices[i].value);
	jsonw_end_array(w);

	jsonw_name(w, "recommended");
	jsonw_start_object(w);
	v = def->recommended;
	unknown = def->recommend_default && knob_default(def, &env, &v);
	report_json_known(w, "value", unknown, v);
	jsonw_string_field(w, "by", def->recommended_by);
	jsonw_string_field(w, "tradeoff", def->tradeoff);
	jsonw_end_object(w);
	jsonw_string_field(w, "takes_effect", def->takes_effect);
	knob_effects_text(def, &env, text, sizeof(text));
	jsonw_string_field(w, "effects", text);
	jsonw_string_field(w, "explanation", def->explanation);
	fields_init(&f);
	fields_knob(snap, k, &f);
	report_json_fields(w, &f);
	fields_free(&f);
	jsonw_end_object(w);
}

static void report_json_symbols(struct jsonw *w, const struct prog_symbol *syms, size_t nr,
				bool with_len)
{
	char addr[24];

	jsonw_start_array(w);
	for (size_t i = 0; i < nr; i++) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", syms[i].name);
		snprintf(addr, sizeof(addr), "0x%" PRIx64, syms[i].addr);
		jsonw_string_field(w, "addr", addr);
		if (with_len)
			jsonw_uint_field(w, "len", syms[i].len);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* "maps": bpftool map show's facts of each map the program uses (its
 * fields named as issue 11 asks: key_size, not bpftool's bytes_key); null
 * with "maps_error" when the kernel would not show them. */
static void report_json_maps(struct jsonw *w, const struct prog *p)
{
	jsonw_name(w, "maps");
	if (p->maps_error) {
		jsonw_null(w);
	} else {
		jsonw_start_array(w);
		for (size_t i = 0; i < p->nr_maps; i++) {
			const struct prog_map *m = &p->maps[i];

			jsonw_start_object(w);
			jsonw_uint_field(w, "id", m->id);
			jsonw_text_field(w, "name", m->name);
			if (bpf_names_map_type_known(m->type))
				jsonw_string_field(w, "type", m->type_name);
			else
				jsonw_uint_field(w, "type", m->type);
			jsonw_uint_field(w, "key_size", m->key_size);
			jsonw_uint_field(w, "value_size", m->value_size);
			jsonw_uint_field(w, "max_entries", m->max_entries);
			jsonw_uint_field(w, "flags", m->flags);
			if (m->memlock)
				jsonw_uint_field(w, "bytes_memlock", m->memlock);
			else
				jsonw_null_field(w, "bytes_memlock");
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
	}
	jsonw_string_field(w, "maps_error", prog_maps_error_text(p->maps_error));
}

void report_json_prog(struct jsonw *w, const struct prog *p)
{
	const char *name = prog_full_name(p);
	uint32_t extable;

	/* bpftool -j prog show: id, type (a number when libbpf has no name),
	 * name (absent when empty), tag, loaded_at (wall seconds), uid,
	 * bytes_xlated, jited, bytes_jited, bytes_memlock, map_ids, btf_id */
	jsonw_start_object(w);
	jsonw_uint_field(w, "id", p->id);
	if (bpf_names_prog_type_known(p->type))
		jsonw_string_field(w, "type", p->type_name);
	else
		jsonw_uint_field(w, "type", p->type);
	jsonw_text_field(w, "name", name);
	jsonw_string_field(w, "btf_name", p->btf_name);
	jsonw_string_field(w, "tag", p->tag);
	jsonw_bool_field(w, "gpl_compatible", p->gpl_compatible);
	jsonw_bool_field(w, "ours", p->ours);
	jsonw_int_field(w, "loaded_at", (int64_t)p->load_time.tv_sec);
	jsonw_uint_field(w, "uid", p->uid);
	jsonw_string_field(w, "user", p->user);
	jsonw_uint_field(w, "bytes_xlated", p->bytes_xlated);
	jsonw_bool_field(w, "jited", p->bytes_jited != 0);
	jsonw_uint_field(w, "bytes_jited", p->bytes_jited);
	/* what its JIT images are charged against bpf_jit_limit (jitmem.c) */
	jsonw_uint_field(w, "jit_charge_bytes", p->jit_charge);
	/* the exception table's entries that charge includes */
	if (jitmem_prog_extable(p, &extable))
		jsonw_uint_field(w, "jit_extable_entries", extable);
	else
		jsonw_null_field(w, "jit_extable_entries");
	if (p->memlock)
		jsonw_uint_field(w, "bytes_memlock", p->memlock);
	else
		jsonw_null_field(w, "bytes_memlock");
	jsonw_name(w, "map_ids");
	jsonw_start_array(w);
	for (size_t i = 0; i < p->nr_map_ids; i++)
		jsonw_uint(w, p->map_ids[i]);
	jsonw_end_array(w);
	report_json_maps(w, p);
	if (p->btf_id)
		jsonw_uint_field(w, "btf_id", p->btf_id);
	else
		jsonw_null_field(w, "btf_id");
	if (p->verified_insns_absent)
		jsonw_null_field(w, "verified_insns");
	else
		jsonw_uint_field(w, "verified_insns", p->verified_insns);
	report_json_prog_stats(w, p);
	jsonw_name(w, "owners");
	jsonw_start_array(w);
	for (size_t i = 0; i < p->nr_owners; i++) {
		jsonw_start_object(w);
		jsonw_int_field(w, "pid", p->owners[i].pid);
		jsonw_string_field(w, "comm", p->owners[i].comm);
		report_json_attach_owner(w, &p->owners[i]);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	report_json_attach_prog(w, p);
	jsonw_name(w, "symbols");
	report_json_symbols(w, p->syms, p->nr_syms, true);
	jsonw_string_field(w, "symbols_missing", p->symbols_missing);
	/* No "fields" here: its members are the data the detail is built from,
	 * and the field list would add a fifth to --json's cost per program
	 * (make bench: 0.89x of bpftool's time without it, 1.11x with it). */
	jsonw_end_object(w);
}

/* Each [bpf] kallsyms image of no program: name, addr, and what it serves
 * (jit_images.c). */
static void report_json_images(struct jsonw *w, const struct prog_list *list)
{
	char addr[24];

	jsonw_start_array(w);
	for (size_t i = 0; i < list->nr_others; i++) {
		const struct prog_image *im = list->images ? &list->images[i] : NULL;

		jsonw_start_object(w);
		jsonw_string_field(w, "name", list->others[i].name);
		snprintf(addr, sizeof(addr), "0x%" PRIx64, list->others[i].addr);
		jsonw_string_field(w, "addr", addr);
		jsonw_string_field(w, "kind",
				   jit_images_kind_name(im ? im->kind : PROG_IMAGE_OTHER));
		jsonw_string_field(w, "serves", im ? im->serves : NULL);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* The struct_ops maps registered now: what their trampolines serve. */
static void report_json_struct_ops(struct jsonw *w, const struct prog_list *list)
{
	jsonw_start_array(w);
	for (size_t i = 0; i < list->nr_struct_ops; i++) {
		const struct prog_struct_ops *o = &list->struct_ops[i];

		jsonw_start_object(w);
		jsonw_uint_field(w, "map_id", o->map_id);
		jsonw_text_field(w, "map_name", o->map_name);
		jsonw_string_field(w, "struct", o->struct_name);
		jsonw_string_field(w, "name", o->ops_name);
		jsonw_name(w, "members");
		jsonw_start_array(w);
		for (size_t m = 0; m < o->nr_members; m++) {
			jsonw_start_object(w);
			jsonw_string_field(w, "member", o->members[m].name);
			jsonw_uint_field(w, "prog_id", o->members[m].prog_id);
			jsonw_end_object(w);
		}
		jsonw_end_array(w);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

/* The programs go out one at a time, without a tree of 10,000 of them in
 * memory. */
static void report_json_programs(struct jsonw *w, const struct snapshot *snap)
{
	const struct prog_list *list = &snap->progs;

	jsonw_name(w, "programs");
	if (list->error) {
		jsonw_null(w);
	} else {
		jsonw_start_array(w);
		for (size_t i = 0; i < list->nr_progs; i++)
			report_json_prog(w, &list->progs[i]);
		jsonw_end_array(w);
	}
	jsonw_string_field(w, "programs_error", list->error_text);
	jsonw_name(w, "other_jit_images");
	if (list->error)
		jsonw_null(w);
	else
		report_json_images(w, list);
	jsonw_name(w, "struct_ops");
	if (list->error)
		jsonw_null(w);
	else
		report_json_struct_ops(w, list);
	jsonw_string_field(w, "kallsyms_error",
			   list->kallsyms_error ? strerror(-list->kallsyms_error) : NULL);
	/* where the [bpf] symbols were read: bpfknobs' ksym iterator walks the
	 * list /proc/kallsyms prints */
	jsonw_string_field(w, "kallsyms_source",
			   list->kallsyms_source == PROG_KALLSYMS_ITERATOR ? "iterator"
			   : list->kallsyms_source == PROG_KALLSYMS_FILE ? "proc"
			   : NULL);
	/* how the owners were found: the iterator, /proc, or not at all */
	jsonw_name(w, "holders");
	jsonw_start_object(w);
	jsonw_string_field(w, "source", report_holders_source(list->holders.source));
	jsonw_bool_field(w, "complete", list->holders.complete);
	jsonw_string_field(w, "reason", list->holders.reason[0] ? list->holders.reason : NULL);
	jsonw_end_object(w);
}

int report_json_write(const struct snapshot *snap, FILE *out)
{
	/* the writer goes a character at a time, and only this thread writes
	 * to out meanwhile: no lock per character (the kallsyms reader, another
	 * thread, makes stdio lock every call) */
	int locking = __fsetlocking(out, FSETLOCKING_BYCALLER);
	struct jsonw w;
	int err;

	jsonw_init(&w, out, true);
	jsonw_start_object(&w);
	jsonw_string_field(&w, "tool", PACKAGE_STRING);
	jsonw_name(&w, "source");
	jsonw_start_object(&w);
	jsonw_string_field(&w, "proc", snap->proc_dir);
	jsonw_bool_field(&w, "live", snap->live);
	jsonw_end_object(&w);
	report_json_kernel(&w, snap);
	report_json_privileges(&w, snap);
	jsonw_name(&w, "knobs");
	jsonw_start_array(&w);
	for (size_t i = 0; i < snap->nr_knobs; i++)
		report_json_knob(&w, snap, &snap->knobs[i]);
	jsonw_end_array(&w);
	report_json_programs(&w, snap);
	report_json_stats(&w, snap);
	report_json_jitmem(&w, snap);
	report_json_reach(&w, snap);
	jsonw_end_object(&w);
	err = fflush(out) || ferror(out) ? -EIO : 0;
	__fsetlocking(out, locking);
	return err;
}
