#include "change/change.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/errno_text.h"
#include "base/parse.h"
#include "base/safe_read.h"

int change_parse_value(const struct knob_def *def, const char *text, long *value)
{
	static const char suffixes[] = "KMG";
	size_t len = strlen(text);
	const char *unit;
	long v, scale = 1;
	int err;

	if (def->kind == KNOB_BYTES && len > 1 &&
	    (unit = strchr(suffixes, text[len - 1] & ~0x20)) && *unit) {
		scale = 1L << (10 * (unit - suffixes + 1));
		len--;
	}
	/* parse_long_strict() would take a trailing newline; a person types none. */
	if (len == 0 || text[len - 1] == '\n' || text[0] == '-')
		return -EINVAL;
	err = parse_long_strict(text, len, &v);
	if (err)
		return err == -ENODATA ? -EINVAL : err;
	if (v > LONG_MAX / scale)
		return -ERANGE;
	*value = v * scale;
	return 0;
}

int change_validate(const struct knob_def *def, const struct knob_env *env,
		    const struct knob_reading *reading, long value)
{
	if (knob_locked_at(def, reading) && knob_locked_at(def, reading)->value != value)
		return -EPERM;
	if (knob_value_allowed(def, env, value))
		return 0;
	/* Allowed by the table but not by this build: the pin refuses it. */
	if (def->kind == KNOB_CHOICE && knob_choice_of(def, value))
		return -EINVAL;
	return -EDOM;
}

/* The knob's file for one transaction: its directory, walked once. */
struct change_file {
	int dir_fd;
	const char *name; /* the file's name in dir_fd */
	bool live;        /* the root is the running kernel's /proc */
};

static int change_open(const struct procroot *root, const struct knob_def *def,
		       struct change_file *f, struct safepath_problem *problem)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(def->rel_path, '/');
	int root_fd;

	f->dir_fd = -1;
	f->name = slash ? slash + 1 : def->rel_path;
	f->live = root->live;
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - def->rel_path) : 0, def->rel_path);
	/* every directory from / down: one another user may change could
	 * swap what is below it between the read and the write */
	root_fd = safepath_open_dir(root->proc, SAFEPATH_CHECK_ALL, problem);
	if (root_fd < 0)
		return root_fd;
	f->dir_fd = safepath_open_below(root_fd, problem->path, dir, SAFEPATH_CHECK_ALL, problem);
	close(root_fd);
	return f->dir_fd < 0 ? f->dir_fd : 0;
}

/* knob_read() through the open directory; *procfs: the file is on procfs. */
static void change_read(const struct change_file *f, const struct knob_def *def,
			const struct knob_env *env, struct knob_reading *reading, bool *procfs)
{
	char text[KNOB_READ_MAX];
	size_t len = 0;
	int fd;

	memset(reading, 0, sizeof(*reading));
	fd = safe_openat(f->dir_fd, f->name, sizeof(text) - 1, &reading->file_mode);
	if (fd < 0) {
		reading->error = fd;
		return;
	}
	*procfs = *procfs || safepath_is_procfs(fd);
	reading->error = safe_read_fd_buf(fd, text, sizeof(text), &len);
	close(fd);
	if (!reading->error)
		knob_read_text(def, env, text, len, reading);
}

static int change_write(const struct change_file *f, long value)
{
	char text[32];
	int fd, len, err = 0;
	struct stat st;
	ssize_t n;

	/* Never create a missing knob; never through a link. */
	fd = safepath_openat(f->dir_fd, f->name, O_WRONLY | O_NONBLOCK | O_NOCTTY, 0);
	if (fd < 0)
		return fd;
	/* A FIFO or a device in a captured tree is no knob (/proc/sys files
	 * are regular files): O_NONBLOCK kept the open from waiting for a
	 * reader, and nothing is written to it. A file with another hard
	 * link is someone else's file too. */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -SAFE_READ_ENOTREG;
	}
	if (st.st_nlink > 1) {
		close(fd);
		return -EMLINK;
	}
	/* A captured tree holds plain files, which need truncating; /proc/sys
	 * parses the one write whole (proc_sys_write()). */
	if (!f->live && !safepath_is_procfs(fd) && ftruncate(fd, 0)) {
		err = -errno;
		close(fd);
		return err;
	}
	len = snprintf(text, sizeof(text), "%ld\n", value);
	n = write(fd, text, (size_t)len);
	if (n < 0)
		err = -errno;
	else if (n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

static int change_stop(struct change_outcome *out, enum change_stage stage, int error)
{
	out->stage = stage;
	out->error = error;
	return error;
}

static int change_run(const struct change_file *f, const struct knob_def *def,
		      const struct knob_env *env, long shown, long value, bool dry_run,
		      struct change_outcome *out)
{
	struct knob_reading now;
	int err;

	change_read(f, def, env, &now, &out->live);
	if (now.error) {
		snprintf(out->raw, sizeof(out->raw), "%s", now.raw);
		return change_stop(out, CHANGE_STAGE_REREAD, now.error);
	}
	out->before = now.value;
	err = change_validate(def, env, &now, value);
	if (err)
		return change_stop(out, CHANGE_STAGE_VALIDATE, err);
	if (now.value != shown)
		return change_stop(out, CHANGE_STAGE_REREAD, -ESTALE);
	if (dry_run) {
		out->after = now.value;
		return change_stop(out, CHANGE_STAGE_DONE, 0);
	}

	out->written = true;
	err = change_write(f, value);
	if (err)
		return change_stop(out, CHANGE_STAGE_WRITE, err);

	change_read(f, def, env, &now, &out->live);
	if (now.error)
		return change_stop(out, CHANGE_STAGE_VERIFY, now.error);
	out->after = now.value;
	if (now.value != value)
		return change_stop(out, CHANGE_STAGE_VERIFY, -EIO);
	return change_stop(out, CHANGE_STAGE_DONE, 0);
}

int change_apply(const struct knob_def *def, const struct procroot *root,
		 const struct knob_env *env, long shown, long value, bool dry_run,
		 struct change_outcome *out)
{
	struct change_file f;
	int err;

	memset(out, 0, sizeof(*out));
	out->shown = shown;
	out->requested = value;
	out->dry_run = dry_run;
	out->live = root->live;

	err = change_open(root, def, &f, &out->path);
	if (err) {
		/* a knob that is not there is a reading problem, as before */
		if (out->path.why == SAFEPATH_ERRNO && err == -ENOENT)
			return change_stop(out, CHANGE_STAGE_REREAD, err);
		return change_stop(out, CHANGE_STAGE_PATH, err);
	}
	out->live = out->live || safepath_is_procfs(f.dir_fd);
	err = change_run(&f, def, env, shown, value, dry_run, out);
	close(f.dir_fd);
	return err;
}

void change_sysctl_command(const struct knob_def *def, long value, char *buf, size_t size)
{
	snprintf(buf, size, "sysctl -w %s=%ld", def->name, value);
}

static const struct knob_choice *change_one_way_choice(const struct knob_def *def)
{
	for (size_t i = 0; i < knob_nr_choices(def); i++)
		if (def->choices[i].one_way)
			return &def->choices[i];
	return NULL;
}

/* What the sentences of a refused write are about. */
struct change_refusal {
	const struct knob_def *def;
	const struct knob_env *env;
	const struct change_outcome *out;
};

static void change_refused_invalid(const void *ctx, char *buf, size_t size)
{
	const struct change_refusal *r = ctx;
	const struct knob_def *def = r->def;
	char allowed[256];
	int n;

	knob_allowed_summary(def, r->env, allowed, sizeof(allowed));
	n = snprintf(buf, size, "The kernel refused %s=%ld with EINVAL (invalid argument): "
				"the value is outside what this kernel accepts (%s).",
		     def->name, r->out->requested, allowed);
	if (def->pinned && r->env->kconfig->opt[def->pinned_by] == KCONFIG_UNKNOWN && n > 0 &&
	    (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " This kernel is probably built with %s, "
			 "which allows only %ld.", kconfig_name(def->pinned_by), def->pinned_value);
}

static void change_refused_perm(const void *ctx, char *buf, size_t size)
{
	const struct change_refusal *r = ctx;
	const struct knob_choice *one_way = change_one_way_choice(r->def);
	int n;

	n = snprintf(buf, size, "The kernel refused to change %s (EPERM, operation not "
				"permitted). Who may change it: %s.", r->def->name, r->def->write_who);
	if (one_way && n > 0 && (size_t)n < size)
		snprintf(buf + n, size - (size_t)n, " If it was set to %ld, it is locked since: "
			 "only a reboot clears it.", one_way->value);
}

static void change_refused_absent(const void *ctx, char *buf, size_t size)
{
	const struct change_refusal *r = ctx;
	const struct knob_reading absent = { .error = -ENOENT };
	char why[512];

	knob_reading_problem(r->def, r->env, &absent, false, why, sizeof(why));
	snprintf(buf, size, "Cannot change %s: it does not exist here. %s", r->def->name, why);
}

static void change_refused_other(const void *ctx, char *buf, size_t size)
{
	const struct change_refusal *r = ctx;

	snprintf(buf, size, "The kernel refused %s=%ld: %s.", r->def->name, r->out->requested,
		 strerror(-r->out->error));
}

/* Why the write itself failed, by its errno; "%s" is the knob's name. */
static const struct errno_text change_refusals[] = {
	{ .err = -EINVAL, .write = change_refused_invalid },
	{ .err = -EPERM, .write = change_refused_perm },
	{ .err = -EACCES,
	  .text = "Permission denied opening %s for writing: only root may write it. Run bpfknobs "
		  "as root." },
	{ .err = -SAFE_READ_ENOTREG,
	  .text = "Cannot change %s: its file is not a regular file (a FIFO or a device in a "
		  "captured tree?), so nothing was written to it." },
	{ .err = -EROFS,
	  .text = "Cannot change %s: /proc/sys is mounted read-only here (a container?). Change it "
		  "on the host." },
	{ .err = -EMLINK,
	  .text = "Cannot change %s: its file has other hard links, so writing it would change "
		  "another file too. Nothing was written." },
	{ .err = -ELOOP,
	  .text = "Cannot change %s: its file is a symbolic link, which bpfknobs never writes "
		  "through. Nothing was written." },
	{ .err = -ENOENT, .write = change_refused_absent },
	{ .err = ERRNO_TEXT_OTHER, .write = change_refused_other },
};

void change_explain_locked(const struct knob_def *def, long locked_at, char *buf, size_t size)
{
	snprintf(buf, size, "%s is locked at %ld until reboot: that value is one-way, and the kernel "
			    "refuses any other (bpf_unpriv_handler()). Only a reboot clears it.",
		 def->name, locked_at);
}

void change_explain(const struct knob_def *def, const struct knob_env *env,
		    const struct change_outcome *out, char *buf, size_t size)
{
	struct knob_reading reading = { .error = out->error, .value = out->before };
	char text[PATH_MAX + 512];

	switch (out->stage) {
	case CHANGE_STAGE_PARSE:
		knob_allowed_summary(def, env, text, sizeof(text));
		snprintf(buf, size, "Not a value for %s: type digits only%s, without a sign, blanks "
				    "or other characters. It takes %s.",
			 def->name, def->kind == KNOB_BYTES ? ", optionally followed by K, M or G" : "",
			 text);
		return;
	case CHANGE_STAGE_VALIDATE:
		if (out->error == -EPERM) {
			change_explain_locked(def, out->before, text, sizeof(text));
			snprintf(buf, size, "%s Nothing was written.", text);
			return;
		}
		if (out->error == -EALREADY) {
			snprintf(buf, size, "%s is %ld already: nothing to change.", def->name,
				 out->requested);
			return;
		}
		knob_allowed_summary(def, env, text, sizeof(text));
		snprintf(buf, size, "%s does not take %ld%s: it takes %s. Nothing was written.",
			 def->name, out->requested, out->error == -EINVAL ? " on this kernel" : "",
			 text);
		return;
	case CHANGE_STAGE_REREAD:
		if (out->error == -ESTALE) {
			snprintf(buf, size, "%s changed since it was shown: it was %ld and is now %ld. "
					    "Nothing was written; look at the new value and choose again.",
				 def->name, out->shown, out->before);
			return;
		}
		/* what the file held, as --list quotes it */
		snprintf(reading.raw, sizeof(reading.raw), "%s", out->raw);
		knob_reading_problem(def, env, &reading, false, text, sizeof(text));
		snprintf(buf, size, "Could not re-read %s before writing, so nothing was written. %s",
			 def->name, text);
		return;
	case CHANGE_STAGE_PATH:
		safepath_explain(&out->path, "the knob's file", text, sizeof(text));
		snprintf(buf, size, "Cannot change %s: %s. Nothing was written.", def->name, text);
		return;
	case CHANGE_STAGE_WRITE: {
		const struct change_refusal r = { def, env, out };

		errno_text_write(change_refusals, out->error, def->name, &r, buf, size);
		return;
	}
	case CHANGE_STAGE_VERIFY:
		if (out->error == -EIO)
			snprintf(buf, size, "%s was written as %ld but reads back as %ld: the kernel did "
					    "not keep the value.", def->name, out->requested, out->after);
		else
			snprintf(buf, size, "%s was written as %ld, but could not be read back (%s): "
					    "check its value before relying on it.",
				 def->name, out->requested, strerror(-out->error));
		return;
	case CHANGE_STAGE_DONE:
		if (out->dry_run)
			snprintf(buf, size, "Dry run: would write %ld to %s (now %ld). Nothing was "
					    "written.", out->requested, def->name, out->before);
		else
			snprintf(buf, size, "%s changed from %ld to %ld: written, then read back "
					    "from the kernel to be sure.",
				 def->name, out->before, out->after);
		return;
	}
	snprintf(buf, size, "Unknown outcome.");
}
