#include "fleet/set.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

int set_parse(const char *text, const char *expect, struct set_request *req)
{
	const char *eq = strchr(text, '=');
	int err;

	memset(req, 0, sizeof(*req));
	req->text = text;
	if (!eq)
		return -EINVAL;
	req->def = knob_find_key(text, (size_t)(eq - text));
	if (!req->def)
		return -ENOENT;
	err = change_parse_value(req->def, eq + 1, &req->value);
	if (err)
		return err == -ERANGE ? -ERANGE : -EDOM;
	if (expect) {
		if (change_parse_value(req->def, expect, &req->expect))
			return -EBADMSG;
		req->has_expect = true;
	}
	return 0;
}

void set_parse_explain(const char *text, const char *expect, int err,
			  const struct knob_env *env, char *buf, size_t size)
{
	const struct knob_def *def;
	const char *eq = strchr(text, '=');
	struct change_outcome parse = { .stage = CHANGE_STAGE_PARSE };
	char names[512] = "", why[768];
	size_t used = 0;

	switch (err) {
	case -EINVAL:
		snprintf(buf, size, "--set '%s': give NAME=VALUE, such as "
				    "net.core.bpf_jit_harden=2; there is no '=' in it. Nothing was "
				    "written.", text);
		return;
	case -ENOENT:
		for (size_t i = 0; i < knob_count && used < sizeof(names); i++) {
			int n = snprintf(names + used, sizeof(names) - used, "%s%s", i ? ", " : "",
					 knob_table[i].name);
			used += n > 0 ? (size_t)n : 0;
		}
		snprintf(buf, size, "--set '%s': no knob is called '%.*s'. Give the full sysctl "
				    "name of one of %s. Nothing was written.",
			 text, (int)(eq - text), text, names);
		return;
	case -EEXIST:
		snprintf(buf, size, "--set '%s': an earlier --set names the same knob; give each "
				    "knob once. Nothing was written.", text);
		return;
	}
	def = eq ? knob_find_key(text, (size_t)(eq - text)) : NULL;
	if (!def) {
		snprintf(buf, size, "--set '%s': %s. Nothing was written.", text, strerror(-err));
		return;
	}
	change_explain(def, env, &parse, why, sizeof(why));
	if (err == -EBADMSG)
		snprintf(buf, size, "--expect '%s' (for %s): %s Nothing was written.", expect,
			 def->name, why);
	else
		snprintf(buf, size, "--set '%s': %s%s Nothing was written.", text,
			 err == -ERANGE ? "The number is too large. " : "", why);
}

size_t set_find_repeat(const struct set_request *req, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (req[i].def == req[j].def)
				return i;
	return n;
}

static bool set_one_way(const struct set_request *r)
{
	const struct knob_choice *c = knob_choice_of(r->def, r->value);

	return c && c->one_way;
}

/* Every check that needs no write; true when r may be written. */
static bool set_check(const struct commit_context *ctx, const struct set_options *opts,
			 struct set_request *r)
{
	struct commit_request cr = { .def = r->def, .value = r->value, .dry_run = opts->dry_run,
				     .undo_of = HISTORY_NONE };
	struct knob_reading now;
	int err;

	memset(&r->out, 0, sizeof(r->out));
	r->out.requested = r->value;
	r->out.dry_run = opts->dry_run;
	knob_read(r->def, ctx->root, ctx->env, &now);
	if (now.error) {
		r->result = SET_REFUSED_CHECK;
		r->out.stage = CHANGE_STAGE_REREAD;
		r->out.error = now.error;
		snprintf(r->out.raw, sizeof(r->out.raw), "%s", now.raw);
		return false;
	}
	if (r->has_expect && now.value != r->expect) {
		r->result = SET_REFUSED_EXPECT;
		r->out.stage = CHANGE_STAGE_REREAD;
		r->out.error = -ESTALE;
		r->out.shown = r->expect;
		r->out.before = now.value;
		return false;
	}
	cr.shown = now.value;
	err = commit_check(ctx->env, &now, &cr, &r->out);
	if (err == -EALREADY) {
		r->result = SET_ALREADY;
		return false;
	}
	if (err) {
		r->result = SET_REFUSED_CHECK;
		return false;
	}
	if (set_one_way(r) && !opts->allow_one_way) {
		r->result = SET_REFUSED_ONE_WAY;
		return false;
	}
	r->result = SET_NOT_TRIED;
	return true;
}

/* What boot gives each knob written, from one reading of the sysctl files:
 * whether the change outlives a reboot. Not with --save, whose own line says
 * what boot gets, nor for a dry run. */
static void set_boot(const struct commit_context *ctx, const struct set_options *opts,
		     struct set_request *req, size_t n)
{
	struct sysctld_setting settings[SET_MAX];
	const char *keys[SET_MAX] = { NULL };
	bool read;

	if (opts->save || opts->dry_run)
		return;
	for (size_t i = 0; i < n; i++)
		keys[i] = req[i].def->name;
	read = ctx->root->sysctl[0] && !sysctld_boot_settings(ctx->root->sysctl, keys, n, settings);
	for (size_t i = 0; i < n; i++) {
		const struct knob_reading now = { .value = req[i].out.after };

		if (req[i].result != SET_DONE)
			continue;
		drift_assess(req[i].def, ctx->env, &now, read ? &settings[i] : NULL, &req[i].boot);
		req[i].has_boot = true;
	}
}

/* The batch was refused before anything was written: a record for each
 * request on the running kernel, with its own refusal or the batch's. */
static void set_audit_refusal(const struct commit_context *ctx, struct set_request *req, size_t n,
			      const struct set_options *opts, struct set_save *save)
{
	for (size_t i = 0; i < n; i++) {
		struct set_request *r = &req[i];
		const char *why = NULL;
		enum audit_sink sink;

		switch (r->result) {
		case SET_ALREADY:
			continue;
		case SET_NOT_TRIED:
			why = "refused: another request of the batch was refused";
			break;
		case SET_REFUSED_ONE_WAY:
			why = "refused: one-way, not consented to (--allow-one-way)";
			break;
		case SET_REFUSED_EXPECT:
			why = "refused: the knob does not hold the --expect value";
			break;
		default:
			break;
		}
		sink = commit_audit_refused(ctx, r->def, &r->out, HISTORY_NONE, why);
		r->unrecorded = commit_audited(ctx) && !opts->dry_run && sink == AUDIT_SINK_NONE;
	}
	if (save->one_way_refused && !opts->dry_run)
		save->out.recorded = commit_save_refuse_one_way(ctx, &save->save);
}

int set_run(const struct commit_context *ctx, struct set_request *req, size_t n,
	       const struct set_options *opts, struct set_save *save)
{
	struct commit_save_value values[SET_MAX] = { { 0 } };
	bool refused = false, written = false;
	int status = SET_APPLIED;

	memset(save, 0, sizeof(*save));
	if (n > SET_MAX)
		return SET_USAGE;
	for (size_t i = 0; i < n; i++)
		if (!set_check(ctx, opts, &req[i]) && req[i].result != SET_ALREADY)
			refused = true;
	/* The save is prepared before anything is written, so that a file
	 * that cannot be written refuses the batch instead of half of it. A
	 * one-way value saved locks the knob at every boot: the same consent
	 * as writing it, whatever the knob holds now. */
	if (opts->save) {
		for (size_t i = 0; i < n; i++)
			values[i] = (struct commit_save_value){ req[i].def->id, req[i].value };
		save->tried = true;
		save->prepare_error = commit_save_prepare(ctx, opts->save_file, values, n,
							  &save->save);
		if (save->prepare_error)
			refused = true;
		else if (save->save.one_way && !opts->allow_one_way)
			refused = save->one_way_refused = true;
	}
	if (refused) {
		set_audit_refusal(ctx, req, n, opts, save);
		return SET_REFUSED;
	}

	for (size_t i = 0; i < n && status == SET_APPLIED; i++) {
		struct set_request *r = &req[i];
		struct commit_request cr = { .def = r->def, .shown = r->out.before,
					     .value = r->value, .dry_run = opts->dry_run,
					     .undo_of = HISTORY_NONE };
		struct commit_outcome co;

		if (r->result == SET_ALREADY)
			continue;
		commit_change(ctx, &cr, &co);
		r->out = co.change;
		r->unrecorded = co.audited && co.recorded == AUDIT_SINK_NONE;
		if (!co.change.error) {
			r->result = SET_DONE;
			written = written || co.change.written;
		} else if (!co.change.written) {
			/* Stopped before the write (changed meanwhile): refused,
			 * unless an earlier request of the batch is in place already. */
			r->result = SET_REFUSED_CHECK;
			status = written ? SET_FAILED : SET_REFUSED;
		} else {
			r->result = SET_FAILED_COMMIT;
			status = SET_FAILED;
		}
	}
	set_boot(ctx, opts, req, n);
	if (status != SET_APPLIED)
		return status;
	if (opts->save) {
		save->written = true;
		if (commit_save_write(ctx, &save->save, opts->dry_run, &save->out))
			return SET_FAILED;
	}
	return SET_APPLIED;
}

const char *set_result_word(const struct set_request *req)
{
	switch (req->result) {
	case SET_NOT_TRIED:
		return "not tried";
	case SET_REFUSED_EXPECT:
	case SET_REFUSED_ONE_WAY:
	case SET_REFUSED_CHECK:
		return "refused";
	case SET_ALREADY:
		return "unchanged";
	case SET_DONE:
		return req->out.dry_run ? "would apply" : "applied";
	case SET_FAILED_COMMIT:
		return "failed";
	}
	return "unknown";
}

void set_explain(const struct knob_env *env, const struct set_request *req, char *buf,
		    size_t size)
{
	char meaning[512];

	switch (req->result) {
	case SET_NOT_TRIED:
		snprintf(buf, size, "%s=%ld: not written, because another request of this run was "
				    "refused or failed (see its line).", req->def->name, req->value);
		return;
	case SET_REFUSED_EXPECT:
		snprintf(buf, size, "%s is %ld, not %ld as --expect says, so nothing was written. "
				    "Something else changed it: look at it, then run again with "
				    "--expect %ld if the change still stands.",
			 req->def->name, req->out.before, req->expect, req->out.before);
		return;
	case SET_REFUSED_ONE_WAY:
		knob_value_meaning(req->def, req->value, meaning, sizeof(meaning));
		snprintf(buf, size, "%s=%ld is one-way: once it is written, the kernel refuses any "
				    "other value until reboot. Nothing was written; give "
				    "--allow-one-way to write it anyway. The value means: %s",
			 req->def->name, req->value, meaning);
		return;
	default: {
		const struct commit_explain_more more = {
			.boot = req->has_boot ? &req->boot : NULL,
			.save_how = "--save saves it to a sysctl file",
			.between = " ",
		};

		commit_explain(req->def, env, &req->out, &more, buf, size);
	}
	}
}

void set_save_free(struct set_save *save)
{
	if (save->tried)
		commit_save_free(&save->save);
}
