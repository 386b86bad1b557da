#include "fleet/check.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "base/safe_read.h"
#include "change/change.h"
#include "knobs/effects.h"
#include "out/jsonw.h"
#include "out/report.h"
#include "knobs/sysctld.h"

#define CHECK_NR_EFFECTS 4

/* kernel-hardening-checker's sysctl checks for BPF, which follow KSPP's
 * recommended settings (kernel-facts.md section 4). KSPP also wants
 * CONFIG_BPF_JIT_ALWAYS_ON=y, a build option, not a knob. */
static const struct {
	enum knob_id id;
	long value;
} check_kspp[] = {
	{ KNOB_UNPRIV_DISABLED, 1 },
	{ KNOB_JIT_HARDEN, 2 },
};

/* The table's recommendations for the five: a related knob (the
 * statistics switch) has a recommendation for its cost alone, which no
 * hardening guide makes, so a profile of hardening does not judge it. */
static void check_recommended(struct check_profile *p)
{
	for (size_t i = 0; i < knob_count; i++) {
		if (knob_table[i].related)
			continue;
		p->want[i] = knob_table[i].recommend_default ? CHECK_WANT_DEFAULT
							     : CHECK_WANT_VALUE;
		p->value[i] = knob_table[i].recommended;
	}
}

static void check_kspp_fill(struct check_profile *p)
{
	for (size_t i = 0; i < sizeof(check_kspp) / sizeof(check_kspp[0]); i++) {
		p->want[check_kspp[i].id] = CHECK_WANT_VALUE;
		p->value[check_kspp[i].id] = check_kspp[i].value;
	}
}

const struct check_builtin check_builtins[] = {
	{ "recommended", "the recommendation of each knob (the default)", check_recommended },
	{ "kspp", "what KSPP and kernel-hardening-checker check", check_kspp_fill },
	{ 0 },
};

const char *check_builtin_names(void)
{
	static char names[64];

	if (!names[0]) {
		size_t n = 0;

		for (const struct check_builtin *b = check_builtins; b->name; b++)
			n += (size_t)snprintf(names + n, sizeof(names) - n, "%s%s",
					      n ? ", " : "", b->name);
	}
	return names;
}

/* The value a profile file may name: one the table has, whatever this
 * kernel's build allows (that is a verdict, not a broken profile). */
static bool check_value_known(const struct knob_def *def, long v)
{
	return def->kind == KNOB_BYTES ? v >= def->min : knob_choice_of(def, v) != NULL;
}

static void check_problem_at(struct check_problem *problem, int line, const char *s, size_t len)
{
	problem->line = line;
	snprintf(problem->text, sizeof(problem->text), "%.*s", (int)len, s);
}

/* CHECK_JIT_KEY, with '.' or '/' between its parts as sysctl keys. */
static bool check_is_jit_key(const char *key, size_t len)
{
	const char *want = CHECK_JIT_KEY;

	if (len != strlen(want))
		return false;
	for (size_t i = 0; i < len; i++)
		if (key[i] != want[i] && !(want[i] == '.' && key[i] == '/'))
			return false;
	return true;
}

/* "80" or "80%": a whole percentage of the limit, 1 to 100. */
static int check_parse_jit(struct check_profile *p, int lineno, const char *val, size_t vlen,
			   struct check_problem *problem)
{
	long v = 0;

	if (vlen && val[vlen - 1] == '%')
		vlen--;
	while (vlen && (val[vlen - 1] == ' ' || val[vlen - 1] == '\t'))
		vlen--;
	if (!vlen || vlen > 3)
		return -EDOM;
	for (size_t i = 0; i < vlen; i++) {
		if (val[i] < '0' || val[i] > '9')
			return -EDOM;
		v = v * 10 + (val[i] - '0');
	}
	if (v < 1 || v > 100)
		return -EDOM;
	if (p->jit_max_set) {
		problem->first_line = p->jit_line;
		return -EEXIST;
	}
	p->jit_max_set = true;
	p->jit_max_percent = v;
	p->jit_line = lineno;
	return 0;
}

/* One line of a profile file: sysctl.conf's "key = value", '#' and ';'
 * comments, a '-' before the key (systemd: ignore failures), '/' or '.'. */
static int check_parse_line(struct check_profile *p, int lineno, const char *raw,
			     struct check_problem *problem)
{
	const char *end = raw + strlen(raw), *line, *eq, *key, *val;
	const struct knob_def *def;
	size_t len, klen, vlen;
	char value[64];
	long v;

	line = sysctld_trim(raw, end, &len);
	if (!len || *line == '#' || *line == ';')
		return 0;
	check_problem_at(problem, lineno, line, len);
	eq = memchr(line, '=', len);
	if (!eq)
		return -EINVAL;
	key = sysctld_trim(line, eq, &klen);
	if (klen && *key == '-') {
		key++;
		klen--;
	}
	val = sysctld_trim(eq + 1, line + len, &vlen);
	if (!klen || !vlen)
		return -EINVAL;
	if (check_is_jit_key(key, klen))
		return check_parse_jit(p, lineno, val, vlen, problem);
	def = knob_find_key(key, klen);
	if (!def) {
		check_problem_at(problem, lineno, key, klen);
		return -ENOENT;
	}
	if (vlen >= sizeof(value))
		return -EDOM;
	memcpy(value, val, vlen);
	value[vlen] = '\0';
	if (change_parse_value(def, value, &v) || !check_value_known(def, v))
		return -EDOM;
	if (p->want[def->id] != CHECK_WANT_NONE) {
		problem->first_line = p->line[def->id];
		return -EEXIST;
	}
	p->want[def->id] = CHECK_WANT_VALUE;
	p->value[def->id] = v;
	p->line[def->id] = lineno;
	return 0;
}

static int check_load_file(const char *path, struct check_profile *p,
			    struct check_problem *problem)
{
	char line[1024];
	int lineno = 0, err = 0;
	size_t set = 0;
	FILE *f;
	int fd;

	/* a FIFO would block fopen() forever, a device never end: the
	 * bounded open every outside file gets */
	fd = safe_open(path, 0, SYSCTLD_MAX_BYTES, &problem->mode);
	if (fd < 0)
		return fd;
	f = fdopen(fd, "re");
	if (!f) {
		err = -errno;
		close(fd);
		return err;
	}
	while (!err && fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f)) {
			check_problem_at(problem, lineno, line, 40);
			err = -EINVAL;
			break;
		}
		err = check_parse_line(p, lineno, line, problem);
	}
	if (!err && ferror(f))
		err = errno ? -errno : -EIO;
	fclose(f);
	if (err)
		return err;
	for (size_t i = 0; i < knob_count; i++)
		set += p->want[i] != CHECK_WANT_NONE;
	set += p->jit_max_set;
	if (!set) {
		problem->line = 0;
		return -ENODATA;
	}
	return 0;
}

int check_load(const char *arg, struct check_profile *profile,
		struct check_problem *problem)
{
	memset(profile, 0, sizeof(*profile));
	memset(problem, 0, sizeof(*problem));
	snprintf(profile->name, sizeof(profile->name), "%s", arg);
	for (const struct check_builtin *b = check_builtins; b->name; b++) {
		if (!strcmp(arg, b->name)) {
			profile->builtin = true;
			b->fill(profile);
			return 0;
		}
	}
	return check_load_file(arg, profile, problem);
}

void check_load_explain(const char *arg, int err, const struct check_problem *problem,
			 char *buf, size_t size)
{
	char where[PATH_MAX + 32];

	snprintf(where, sizeof(where), "--check %s line %d", arg, problem->line);
	if (!problem->line) {
		if (err == -ENODATA) {
			snprintf(buf, size, "--check %s: the profile sets none of the eBPF knobs. Give "
					    "\"name = value\" lines, such as "
					    "\"net.core.bpf_jit_harden = 2\" or \"" CHECK_JIT_KEY
					    " = 80\".", arg);
		} else if (err == -SAFE_READ_ENOTREG || err == -EFBIG) {
			safe_read_explain(arg, "profile", err, problem->mode, SYSCTLD_MAX_BYTES, where,
					  sizeof(where));
			snprintf(buf, size, "--check %s. Give a built-in profile (%s) or a file of "
					    "\"name = value\" lines.", where, check_builtin_names());
		} else
			snprintf(buf, size, "--check %s: %s. Give a built-in profile (%s) or a file of "
					    "\"name = value\" lines.", arg, strerror(-err),
				 check_builtin_names());
		return;
	}
	switch (err) {
	case -ENOENT:
		snprintf(buf, size, "%s: '%s' is not one of the eBPF knobs bpfknobs checks "
				    "(kernel.unprivileged_bpf_disabled, net.core.bpf_jit_enable, "
				    "net.core.bpf_jit_harden, net.core.bpf_jit_kallsyms, "
				    "net.core.bpf_jit_limit), nor " CHECK_JIT_KEY ".", where,
			 problem->text);
		return;
	case -EDOM:
		snprintf(buf, size, "%s: '%s': not a value that knob takes (digits only; a size "
				    "may end in K, M or G; " CHECK_JIT_KEY " takes a whole "
				    "percentage, 1 to 100). 'bpfknobs --list' shows each knob's "
				    "values.", where, problem->text);
		return;
	case -EEXIST:
		snprintf(buf, size, "%s: '%s': line %d sets the same knob already; keep one of "
				    "the two.", where, problem->text, problem->first_line);
		return;
	}
	snprintf(buf, size, "%s: '%s' is not a \"name = value\" line (sysctl.conf syntax; "
			    "'#' or ';' start a comment).", where, problem->text);
}

int check_want(const struct check_profile *profile, const struct snapshot *snap,
		const struct knob_def *def, long *value)
{
	struct knob_env env;

	switch (profile->want[def->id]) {
	case CHECK_WANT_NONE:
		return -ENOENT;
	case CHECK_WANT_VALUE:
		*value = profile->value[def->id];
		return 0;
	case CHECK_WANT_DEFAULT:
		snapshot_knob_env(snap, &env);
		return knob_default(def, &env, value) ? -ENODATA : 0;
	}
	return -EINVAL;
}

/* JIT memory in use against the profile's maximum: judged on an estimate
 * too (the line says so), unreadable when neither is known. */
static void check_check_jit(const struct check_profile *profile, const struct snapshot *snap,
			    struct check_jit_row *row)
{
	memset(row, 0, sizeof(*row));
	if (!profile->jit_max_set)
		return;
	row->checked = true;
	row->percent = jitmem_percent(&snap->jitmem);
	if (row->percent < 0)
		row->verdict = CHECK_NO_VALUE;
	else
		row->verdict = row->percent <= (double)profile->jit_max_percent ? CHECK_OK
										  : CHECK_NOT_OK;
}

void check_check(const struct check_profile *profile, const struct snapshot *snap,
		  struct check_result *result)
{
	memset(result, 0, sizeof(*result));
	for (size_t i = 0; i < snap->nr_knobs && i < KNOB__COUNT; i++) {
		const struct snapshot_knob *k = &snap->knobs[i];
		struct check_row *row = &result->rows[result->nr_rows++];
		int err = check_want(profile, snap, k->def, &row->want);

		row->knob = k;
		row->want_known = !err;
		if (err == -ENOENT)
			row->verdict = CHECK_NOT_CHECKED;
		else if (k->reading.error)
			row->verdict = CHECK_NO_VALUE;
		else if (err)
			row->verdict = CHECK_NO_WANT;
		else
			row->verdict = k->reading.value == row->want ? CHECK_OK : CHECK_NOT_OK;
		result->nr[row->verdict]++;
	}
	check_check_jit(profile, snap, &result->jit);
	if (result->jit.checked)
		result->nr[result->jit.verdict]++;
}

int check_status(const struct check_result *result)
{
	if (result->nr[CHECK_NOT_OK])
		return CHECK_DIFFERS;
	if (result->nr[CHECK_NO_VALUE] || result->nr[CHECK_NO_WANT])
		return CHECK_UNREADABLE;
	return CHECK_COMPLIES;
}

static const char *const check_words[][2] = {
	[CHECK_OK] = { "ok", "ok" },
	[CHECK_NOT_OK] = { "differs", "differs" },
	[CHECK_NO_VALUE] = { "unreadable", "unreadable" },
	[CHECK_NO_WANT] = { "unknown", "unknown" },
	[CHECK_NOT_CHECKED] = { "not checked", "not_checked" },
};

const char *check_verdict_word(enum check_verdict verdict)
{
	return check_words[verdict][0];
}

/* Appends prefix and s at *used, never past size. */
static void check_add(char *buf, size_t size, size_t *used, const char *prefix, const char *s)
{
	int n;

	if (*used >= size)
		return;
	n = snprintf(buf + *used, size - *used, "%s%s", prefix, s);
	if (n > 0)
		*used += (size_t)n;
}

void check_cost(const struct snapshot *snap, const struct knob_def *def, long want, char *buf,
		 size_t size)
{
	struct knob_values values;
	struct effects_line effects[CHECK_NR_EFFECTS];
	const struct knob_choice *c = knob_choice_of(def, want);
	struct knob_env env;
	char text[512];
	size_t used = 0, n;

	snapshot_knob_env(snap, &env);
	buf[0] = '\0';
	knob_value_meaning(def, want, text, sizeof(text));
	check_add(buf, size, &used, "", text);
	if (!knob_value_allowed(def, &env, want)) {
		knob_allowed_summary(def, &env, text, sizeof(text));
		check_add(buf, size, &used, " This kernel does not take it: it takes ", text);
		check_add(buf, size, &used, "", ".");
	}
	if (c && c->one_way)
		check_add(buf, size, &used, " One-way: once written, the kernel refuses any other "
			   "value until reboot.", "");
	if (!def->recommend_default && want == def->recommended)
		check_add(buf, size, &used, " Cost: ", def->tradeoff);
	snapshot_knob_values(snap, &values);
	n = effects_preview(&values, snap->kver, def, want, effects, CHECK_NR_EFFECTS);
	for (size_t i = 0; i < n; i++)
		check_add(buf, size, &used, " ", effects[i].text);
}

/* The reason a row has no verdict of ok or differs. */
static void check_row_problem(const struct snapshot *snap, const struct check_row *row,
			       char *buf, size_t size)
{
	struct knob_env env;
	char origin[256];

	buf[0] = '\0';
	if (row->verdict == CHECK_NO_VALUE) {
		report_knob_problem(snap, row->knob, buf, size);
	} else if (row->verdict == CHECK_NO_WANT) {
		snapshot_knob_env(snap, &env);
		knob_default_origin(row->knob->def, &env, origin, sizeof(origin));
		snprintf(buf, size, "the profile wants the kernel's default, which cannot be known "
				    "here: %s.", origin);
	} else if (row->verdict == CHECK_NOT_CHECKED) {
		snprintf(buf, size, "the profile does not set it.");
	}
}

/* "0.01 % of net.core.bpf_jit_limit in use (about 62.5 KiB of 504 MiB, estimated)" */
static void check_jit_use(const struct snapshot *snap, double percent, char *buf, size_t size)
{
	char row[256];

	jitmem_row_text(&snap->jitmem, row, sizeof(row));
	snprintf(buf, size, "%.*f %% of net.core.bpf_jit_limit in use (%s)",
		 percent < 0.1 ? 2 : percent < 10 ? 1 : 0, percent, row);
}

/* The JIT memory line; buf is scratch space. */
static void check_jit_text(const struct check_profile *profile, const struct snapshot *snap,
			   const struct check_jit_row *row, char *buf, size_t size, FILE *out)
{
	const struct jitmem_reading *r = &snap->jitmem;
	char use[512];

	switch (row->verdict) {
	case CHECK_OK:
		check_jit_use(snap, row->percent, use, sizeof(use));
		fprintf(out, "%s: ok: %s, at most %ld %%\n", CHECK_JIT_KEY, use,
			profile->jit_max_percent);
		return;
	case CHECK_NOT_OK:
		check_jit_use(snap, row->percent, use, sizeof(use));
		fprintf(out, "%s: differs: %s, more than the %ld %% the profile allows.%s%s\n",
			CHECK_JIT_KEY, use, profile->jit_max_percent, r->past_limit[0] ? " " : "",
			r->past_limit);
		return;
	default:
		if (r->method == JITMEM_NONE)
			snprintf(buf, size, "JIT memory in use is not known: %s.",
				 r->reason[0] ? r->reason : "no kernel was read");
		else
			snprintf(buf, size, "net.core.bpf_jit_limit could not be read, so the share "
					    "of it in use is not known.");
		fprintf(out, "%s: %s: %s\n", CHECK_JIT_KEY, check_verdict_word(row->verdict), buf);
	}
}

int check_text_write(const struct check_profile *profile, const struct snapshot *snap,
		      const struct check_result *result, FILE *out)
{
	char now[128], want[128], text[4096];

	for (size_t i = 0; i < result->nr_rows; i++) {
		const struct check_row *row = &result->rows[i];
		const struct knob_def *def = row->knob->def;

		switch (row->verdict) {
		case CHECK_OK:
			knob_format_value(def, row->want, want, sizeof(want));
			fprintf(out, "%s: ok: %s\n", def->name, want);
			break;
		case CHECK_NOT_OK:
			knob_format_value(def, row->knob->reading.value, now, sizeof(now));
			knob_format_value(def, row->want, want, sizeof(want));
			check_cost(snap, def, row->want, text, sizeof(text));
			fprintf(out, "%s: differs: now %s, wants %s. Changing it: %s\n", def->name, now,
				want, text);
			break;
		default:
			check_row_problem(snap, row, text, sizeof(text));
			/* "unreadable: Unreadable: the file is empty" says it twice */
			fprintf(out, "%s: %s: %s\n", def->name, check_verdict_word(row->verdict),
				text + (strncmp(text, "Unreadable: ", 12) ? 0 : 12));
		}
	}
	if (result->jit.checked)
		check_jit_text(profile, snap, &result->jit, text, sizeof(text), out);
	fprintf(out, "Profile %s%s: %zu ok, %zu differ, %zu unreadable, %zu unknown, %zu not "
		     "checked.\n", profile->name, profile->builtin ? " (built in)" : "",
		result->nr[CHECK_OK], result->nr[CHECK_NOT_OK], result->nr[CHECK_NO_VALUE],
		result->nr[CHECK_NO_WANT], result->nr[CHECK_NOT_CHECKED]);
	return fflush(out) || ferror(out) ? -EIO : 0;
}

/* "jit_memory": null when the profile sets no maximum. */
static void check_jit_json(struct jsonw *w, const struct check_profile *profile,
			   const struct snapshot *snap, const struct check_jit_row *row)
{
	const struct jitmem_reading *r = &snap->jitmem;
	char text[512];

	jsonw_name(w, "jit_memory");
	if (!row->checked) {
		jsonw_null(w);
		return;
	}
	jsonw_start_object(w);
	jsonw_string_field(w, "verdict", check_words[row->verdict][1]);
	if (r->method == JITMEM_NONE)
		jsonw_null_field(w, "used_bytes");
	else
		jsonw_uint_field(w, "used_bytes", r->used_bytes);
	if (r->limit_known)
		jsonw_uint_field(w, "limit_bytes", r->limit_bytes);
	else
		jsonw_null_field(w, "limit_bytes");
	jsonw_bool_field(w, "exact", r->exact);
	jsonw_int_field(w, "max_percent", profile->jit_max_percent);
	if (profile->jit_line)
		jsonw_int_field(w, "profile_line", profile->jit_line);
	else
		jsonw_null_field(w, "profile_line");
	text[0] = '\0';
	if (row->verdict == CHECK_NO_VALUE)
		snprintf(text, sizeof(text), "%s", r->method == JITMEM_NONE && r->reason[0]
				 ? r->reason : "net.core.bpf_jit_limit could not be read");
	jsonw_text_field(w, "error", text);
	jsonw_end_object(w);
}

int check_json_write(const struct check_profile *profile, const struct snapshot *snap,
		      const struct check_result *result, FILE *out)
{
	static const char *const statuses[] = {
		[CHECK_COMPLIES] = "complies",
		[CHECK_DIFFERS] = "differs",
		[CHECK_USAGE] = "usage",
		[CHECK_UNREADABLE] = "unreadable",
	};
	int status = check_status(result);
	char text[4096];
	struct jsonw w;

	jsonw_init(&w, out, true);
	jsonw_start_object(&w);
	jsonw_name(&w, "profile");
	jsonw_start_object(&w);
	jsonw_string_field(&w, "name", profile->name);
	jsonw_bool_field(&w, "builtin", profile->builtin);
	jsonw_end_object(&w);
	jsonw_string_field(&w, "status", statuses[status]);
	jsonw_int_field(&w, "exit_status", status);
	jsonw_name(&w, "knobs");
	jsonw_start_array(&w);
	for (size_t i = 0; i < result->nr_rows; i++) {
		const struct check_row *row = &result->rows[i];
		const struct snapshot_knob *k = row->knob;

		jsonw_start_object(&w);
		jsonw_string_field(&w, "name", k->def->name);
		jsonw_string_field(&w, "verdict", check_words[row->verdict][1]);
		if (k->reading.error)
			jsonw_null_field(&w, "value");
		else
			jsonw_int_field(&w, "value", k->reading.value);
		if (row->want_known)
			jsonw_int_field(&w, "wanted", row->want);
		else
			jsonw_null_field(&w, "wanted");
		if (row->knob->def && profile->line[k->def->id])
			jsonw_int_field(&w, "profile_line", profile->line[k->def->id]);
		else
			jsonw_null_field(&w, "profile_line");
		check_row_problem(snap, row, text, sizeof(text));
		jsonw_text_field(&w, "error", row->verdict == CHECK_NOT_CHECKED ? NULL : text);
		if (row->verdict == CHECK_NOT_OK)
			check_cost(snap, k->def, row->want, text, sizeof(text));
		else
			text[0] = '\0';
		jsonw_text_field(&w, "cost", text);
		jsonw_end_object(&w);
	}
	jsonw_end_array(&w);
	check_jit_json(&w, profile, snap, &result->jit);
	jsonw_end_object(&w);
	fputc('\n', out);
	return fflush(out) || ferror(out) ? -EIO : 0;
}
