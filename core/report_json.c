#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <json-c/json.h>

#include "units.h"

static json_object *report_json_string(const char *s)
{
	return s && s[0] ? json_object_new_string(s) : NULL;
}

static json_object *report_json_kernel(const struct snapshot *snap)
{
	static const char *const netns_names[] = {
		[SNAPSHOT_NETNS_UNKNOWN] = NULL,
		[SNAPSHOT_NETNS_INITIAL] = "initial",
		[SNAPSHOT_NETNS_OTHER] = "other",
	};
	static const char *const states[] = {
		[KCONFIG_UNKNOWN] = NULL, [KCONFIG_NOT_SET] = "n",
		[KCONFIG_YES] = "y", [KCONFIG_MODULE] = "m",
	};
	json_object *kernel = json_object_new_object();
	json_object *config = json_object_new_object();
	json_object *options = json_object_new_object();
	char why[256];

	json_object_object_add(kernel, "release", report_json_string(snap->release));
	json_object_object_add(kernel, "machine", report_json_string(snap->machine));
	json_object_object_add(kernel, "hostname", report_json_string(snap->hostname));
	json_object_object_add(kernel, "network_namespace",
			       report_json_string(netns_names[snap->netns]));
	for (int i = 0; i < KCONFIG__COUNT; i++)
		json_object_object_add(options, kconfig_name(i),
				       report_json_string(states[snap->kconfig.opt[i]]));
	json_object_object_add(config, "source", snap->kconfig.error ? NULL
					 : report_json_string(snap->kconfig.source));
	report_kconfig_problem(snap, why, sizeof(why));
	json_object_object_add(config, "error", report_json_string(why));
	json_object_object_add(config, "options", options);
	json_object_object_add(kernel, "config", config);
	return kernel;
}

static json_object *report_json_privileges(const struct snapshot *snap)
{
	json_object *privs = json_object_new_object();
	json_object *caps = json_object_new_object();
	char text[256];

	json_object_object_add(privs, "uid", json_object_new_int64(snap->privs.uid));
	json_object_object_add(privs, "euid", json_object_new_int64(snap->privs.euid));
	for (int i = 0; i < PRIVS_CAP__COUNT; i++)
		json_object_object_add(caps, privs_cap_name(i),
				       json_object_new_boolean(snap->privs.cap[i]));
	json_object_object_add(privs, "capabilities", caps);
	json_object_object_add(privs, "can_change", json_object_new_boolean(
							    privs_can_admin(&snap->privs)));
	report_privs_summary(snap, text, sizeof(text));
	json_object_object_add(privs, "summary", json_object_new_string(text));
	return privs;
}

static json_object *report_json_allowed(const struct knob_def *def, const struct knob_env *env,
					const struct knob_reading *reading)
{
	json_object *allowed;
	long min, max;

	if (def->kind == KNOB_BYTES) {
		allowed = json_object_new_object();
		int unknown_max = knob_range(def, env, &min, &max);

		json_object_object_add(allowed, "min", json_object_new_int64(min));
		json_object_object_add(allowed, "max",
				       unknown_max ? NULL : json_object_new_int64(max));
		json_object_object_add(allowed, "unit", json_object_new_string("bytes"));
		return allowed;
	}
	allowed = json_object_new_array();
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (knob_value_writable(def, env, reading, def->choices[i].value))
			json_object_array_add(allowed, json_object_new_int64(def->choices[i].value));
	return allowed;
}

static json_object *report_json_values(const struct knob_def *def, const struct knob_env *env)
{
	json_object *values = json_object_new_array();

	for (size_t i = 0; i < knob_nr_choices(def); i++) {
		const struct knob_choice *c = &def->choices[i];
		json_object *v = json_object_new_object();

		json_object_object_add(v, "value", json_object_new_int64(c->value));
		json_object_object_add(v, "label", json_object_new_string(c->label));
		json_object_object_add(v, "meaning", json_object_new_string(c->meaning));
		json_object_object_add(v, "allowed_here", json_object_new_boolean(
								  knob_value_allowed(def, env, c->value)));
		json_object_object_add(v, "one_way", json_object_new_boolean(c->one_way));
		json_object_array_add(values, v);
	}
	return values;
}

/* null when the sysctl files were not read */
static json_object *report_json_boot(const struct snapshot_knob *k)
{
	static const char *const sources[] = {
		[DRIFT_NOT_READ] = NULL, [DRIFT_FILE] = "file", [DRIFT_DEFAULT] = "default",
	};
	const struct drift *d = &k->drift;
	json_object *o;
	char text[1024];

	if (d->source == DRIFT_NOT_READ)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "value", d->boot_known ? json_object_new_int64(d->boot_value)
							 : NULL);
	json_object_object_add(o, "source", json_object_new_string(sources[d->source]));
	json_object_object_add(o, "file", d->source == DRIFT_FILE
					  ? json_object_new_string(d->setting.file) : NULL);
	json_object_object_add(o, "line", d->source == DRIFT_FILE
					  ? json_object_new_int(d->setting.line) : NULL);
	json_object_object_add(o, "file_value_refused", json_object_new_boolean(d->file_refused));
	json_object_object_add(o, "drift", json_object_new_boolean(d->drifts));
	drift_describe(k->def, &k->reading, d, text, sizeof(text));
	json_object_object_add(o, "text", json_object_new_string(text));
	return o;
}

static json_object *report_json_knob(const struct snapshot *snap, const struct snapshot_knob *k)
{
	const struct knob_def *def = k->def;
	json_object *o = json_object_new_object(), *dflt = json_object_new_object();
	json_object *rec = json_object_new_object(), *one_way = json_object_new_array();
	struct knob_env env;
	char text[1024], path[PATH_MAX + 64];
	long v;

	snapshot_knob_env(snap, &env);
	snprintf(path, sizeof(path), "%s/%s", snap->proc_dir, def->rel_path);
	json_object_object_add(o, "name", json_object_new_string(def->name));
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "summary", json_object_new_string(def->summary));
	json_object_object_add(o, "value",
			       k->reading.error ? NULL : json_object_new_int64(k->reading.value));
	report_knob_problem(snap, k, text, sizeof(text));
	json_object_object_add(o, "error", report_json_string(text));
	if (!k->reading.error) {
		knob_value_meaning(def, k->reading.value, text, sizeof(text));
		json_object_object_add(o, "meaning", json_object_new_string(text));
	} else {
		json_object_object_add(o, "meaning", NULL);
	}
	json_object_object_add(o, "allowed", report_json_allowed(def, &env, &k->reading));
	json_object_object_add(o, "locked",
			       json_object_new_boolean(knob_locked_at(def, &k->reading) != NULL));
	knob_writable_summary(def, &env, &k->reading, text, sizeof(text));
	json_object_object_add(o, "allowed_text", json_object_new_string(text));
	if (def->kind == KNOB_CHOICE)
		json_object_object_add(o, "values", report_json_values(def, &env));

	json_object_object_add(dflt, "value",
			       knob_default(def, &env, &v) ? NULL : json_object_new_int64(v));
	knob_default_origin(def, &env, text, sizeof(text));
	json_object_object_add(dflt, "origin", json_object_new_string(text));
	json_object_object_add(o, "default", dflt);
	json_object_object_add(o, "boot", report_json_boot(k));

	json_object_object_add(o, "read_access", json_object_new_string(def->read_who));
	json_object_object_add(o, "readable_by_anyone",
			       json_object_new_boolean(def->read_access == KNOB_READ_ANYONE));
	json_object_object_add(o, "write_access", json_object_new_string(def->write_who));
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (def->choices[i].one_way)
			json_object_array_add(one_way, json_object_new_int64(def->choices[i].value));
	json_object_object_add(o, "one_way_values", one_way);

	if (def->recommend_default)
		json_object_object_add(rec, "value", knob_default(def, &env, &v)
							     ? NULL : json_object_new_int64(v));
	else
		json_object_object_add(rec, "value", json_object_new_int64(def->recommended));
	json_object_object_add(rec, "by", json_object_new_string(def->recommended_by));
	json_object_object_add(rec, "tradeoff", json_object_new_string(def->tradeoff));
	json_object_object_add(o, "recommended", rec);
	json_object_object_add(o, "takes_effect", json_object_new_string(def->takes_effect));
	json_object_object_add(o, "effects", json_object_new_string(def->effects));
	json_object_object_add(o, "explanation", json_object_new_string(def->explanation));
	return o;
}

static void report_json_member(FILE *out, const char *key, json_object *value)
{
	fprintf(out, ",\n  \"%s\": %s", key, json_object_to_json_string_ext(
		value, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(value);
}

/* The programs go out one at a time, without a JSON tree of 10,000 of
 * them in memory. */
static void report_json_programs(const struct snapshot *snap, FILE *out)
{
	const struct progs_list *list = &snap->progs;

	fputs(",\n  \"programs\": ", out);
	if (list->error) {
		fputs("null", out);
	} else {
		fputs(list->nr_progs ? "[\n    " : "[]", out);
		for (size_t i = 0; i < list->nr_progs; i++) {
			report_progs_json_prog(out, &list->progs[i], 4);
			fputs(i + 1 < list->nr_progs ? ",\n    " : "\n  ]", out);
		}
	}
	report_json_member(out, "programs_error", report_json_string(list->error_text));
	fputs(",\n  \"other_jit_images\": ", out);
	if (list->error)
		fputs("null", out);
	else
		report_progs_json_others(out, list, 2);
	report_json_member(out, "kallsyms_error", list->kallsyms_error
					? json_object_new_string(strerror(-list->kallsyms_error)) : NULL);
}

int report_json_write(const struct snapshot *snap, FILE *out)
{
	json_object *root = json_object_new_object(), *knobs = json_object_new_array();
	json_object *source = json_object_new_object();
	const char *text;
	size_t len;
	int err = 0;

	json_object_object_add(root, "tool", json_object_new_string(PACKAGE_STRING));
	json_object_object_add(source, "proc", json_object_new_string(snap->proc_dir));
	json_object_object_add(source, "live", json_object_new_boolean(snap->live));
	json_object_object_add(root, "source", source);
	json_object_object_add(root, "kernel", report_json_kernel(snap));
	json_object_object_add(root, "privileges", report_json_privileges(snap));
	for (size_t i = 0; i < snap->nr_knobs; i++)
		json_object_array_add(knobs, report_json_knob(snap, &snap->knobs[i]));
	json_object_object_add(root, "knobs", knobs);

	/* everything but the programs, without its closing "\n}" */
	text = json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							    JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(text);
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	if (len && text[len - 1] == '}')
		len--;
	while (len && (text[len - 1] == '\n' || text[len - 1] == ' '))
		len--;
	fwrite(text, 1, len, out);
	json_object_put(root);
	report_json_programs(snap, out);
	fputs("\n}\n", out);
	if (fflush(out) || ferror(out))
		err = -EIO;
	return err;
}
