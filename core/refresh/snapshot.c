#include "refresh/snapshot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "base/parse.h"
#include "base/probe_fence.h"
#include "base/safe_read.h"
#include "holders/holders.h"
#include "reach/reach_probe.h"

/* The first line of a small file; when it cannot be read (other than by
 * being absent), buf is "" and a sentence saying why is added to why. */
static void snapshot_read_line(const struct procroot *root, const char *rel, const char *what,
			       char *buf, size_t size, char *why, size_t why_size)
{
	char path[PATH_MAX], explained[PATH_MAX + 128];
	size_t len = 0, used = strlen(why);
	mode_t mode;
	int err;

	err = procroot_read_mode(root, rel, buf, size, &len, &mode);
	if (!err) {
		buf[strcspn(buf, "\n")] = '\0';
		return;
	}
	buf[0] = '\0';
	if (err == -ENOENT || procroot_path(root, rel, path, sizeof(path)))
		return;
	safe_read_explain(path, what, err, mode, size - 1, explained, sizeof(explained));
	snprintf(why + used, why_size - used, "%s%s.", used ? " " : "", explained);
}

static bool snapshot_exists(const struct procroot *root, const char *rel)
{
	char path[PATH_MAX];

	return !procroot_path(root, rel, path, sizeof(path)) && access(path, F_OK) == 0;
}

/* net.core has files every namespace gets (netns_core_table) and files only
 * the initial one gets (net_core_table in net/core/sysctl_net_core.c). */
static enum snapshot_netns snapshot_detect_netns(const struct procroot *root)
{
	if (!snapshot_exists(root, "sys/net/core/somaxconn"))
		return SNAPSHOT_NETNS_UNKNOWN;
	return snapshot_exists(root, "sys/net/core/netdev_max_backlog") ? SNAPSHOT_NETNS_INITIAL
									 : SNAPSHOT_NETNS_OTHER;
}

void snapshot_knob_env(const struct snapshot *snap, struct knob_env *env)
{
	env->kconfig = &snap->kconfig;
	env->machine = snap->machine;
	env->kver = snap->kver;
}

void snapshot_knob_values(const struct snapshot *snap, struct knob_values *values)
{
	memset(values, 0, sizeof(*values));
	for (size_t i = 0; i < snap->nr_knobs; i++) {
		enum knob_id id = snap->knobs[i].def->id;

		values->known[id] = !snap->knobs[i].reading.error;
		values->value[id] = snap->knobs[i].reading.value;
	}
}

void snapshot_facts_read(struct snapshot_facts *facts, const struct procroot *root)
{
	struct utsname uts;

	memset(facts, 0, sizeof(*facts));
	snapshot_read_line(root, "sys/kernel/osrelease", "kernel release", facts->release,
			   sizeof(facts->release), facts->unreadable, sizeof(facts->unreadable));
	snapshot_read_line(root, "sys/kernel/arch", "machine name", facts->machine,
			   sizeof(facts->machine), facts->unreadable, sizeof(facts->unreadable));
	/* older kernels have no kernel.arch (Debian's 5.10): the running kernel tells
	 * uname(2) the same; a captured tree without it leaves it unknown */
	if (!facts->machine[0] && root->live && !uname(&uts)) {
		size_t len = strnlen(uts.machine, sizeof(facts->machine) - 1);

		memcpy(facts->machine, uts.machine, len);
		facts->machine[len] = '\0';
	}
	facts->kver = kver_parse(facts->release);
	kconfig_load(&facts->kconfig, root, facts->release);
	facts->netns = snapshot_detect_netns(root);
}

int snapshot_reach(struct snapshot *snap, const struct procroot *root)
{
	return reach_probe(&snap->reach, root, &snap->kconfig, snap->kver);
}

void snapshot_reach_adopt(struct snapshot *snap, const struct reach *r)
{
	snap->reach = *r;
	snap->reach.kconfig = snap->kconfig;
	snap->reach.kver = snap->kver;
	reach_attribute(&snap->reach);
}

long snapshot_lsm_programs(const struct snapshot *snap)
{
	long n = 0;

	if (snap->progs.error || !snap->live)
		return -1;
	for (size_t i = 0; i < snap->progs.nr_progs; i++)
		n += snap->progs.progs[i].type == BPF_PROG_TYPE_LSM;
	return n;
}

int snapshot_take(struct snapshot *snap, const struct procroot *root)
{
	return snapshot_refresh(snap, root, NULL, NULL, NULL, true);
}

void snapshot_free(struct snapshot *snap)
{
	prog_list_free(&snap->progs);
	memset(snap, 0, sizeof(*snap));
}

/* What decides whether the kernel lists BPF symbols and shows us their
 * addresses. kernel.kptr_restrict is no knob of ours, but it hides the
 * addresses (kallsyms_show_value()), so it is read here. */
static void snapshot_progs_context(const struct snapshot *snap, const struct procroot *root,
				   struct prog_context *ctx)
{
	char buf[32];
	size_t len;

	snapshot_knob_values(snap, &ctx->knobs);
	ctx->cap_syslog = snap->privs.cap[PRIVS_CAP_SYSLOG];
	if (procroot_read(root, "sys/kernel/kptr_restrict", buf, sizeof(buf), &len) ||
	    parse_long_strict(buf, len, &ctx->kptr_restrict))
		ctx->kptr_restrict = -1;
}

/* One pass over the sysctl files for all the knobs, or what boot kept of
 * the last one while they stay the same. A failed read (out of memory)
 * leaves the knobs as "not read" rather than guessing. */
static void snapshot_drift(struct snapshot *snap, const struct procroot *root,
			   const struct knob_env *env, struct sysctld_cache *boot)
{
	struct sysctld_setting settings[SNAPSHOT_MAX_KNOBS];
	const char *keys[SNAPSHOT_MAX_KNOBS];
	bool read = false;

	for (size_t i = 0; i < snap->nr_knobs; i++)
		keys[i] = snap->knobs[i].def->name;
	if (root->sysctl[0] && boot)
		read = !sysctld_cache_settings(boot, root->sysctl, keys, snap->nr_knobs, settings);
	else if (root->sysctl[0])
		read = !sysctld_boot_settings(root->sysctl, keys, snap->nr_knobs, settings);
	for (size_t i = 0; i < snap->nr_knobs; i++)
		drift_assess(snap->knobs[i].def, env, &snap->knobs[i].reading,
			     read ? &settings[i] : NULL, &snap->knobs[i].drift);
}

/* The processes running seccomp filters as the holders' walk just read
 * them, into in; nothing when it does not tell. 0 or -ENOMEM. */
static int snapshot_seccomp(const struct holders *holders, struct jitmem_input *in)
{
	struct holder *recs;
	size_t nr;
	int err = holders ? holders_seccomp(holders, &recs, &nr) : -ENODATA;

	if (err)
		return err == -ENODATA ? 0 : err;
	in->seccomp_known = true;
	if (nr && !(in->seccomp_procs = malloc(nr * sizeof(*in->seccomp_procs)))) {
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < nr; i++)
		in->seccomp_procs[i] = (struct jit_classic_proc){ .pid = recs[i].pid,
								  .ppid = recs[i].ppid,
								  .filters = recs[i].id };
	in->nr_seccomp_procs = nr;
	free(recs);
	return 0;
}

/* JIT memory in use against the knob that limits it, after the programs
 * (their images are part of it). 0 or -ENOMEM. */
static int snapshot_jitmem(struct snapshot *snap, const struct procroot *root,
			   const struct prog_context *ctx, struct prog_session *cache)
{
	int err;
	struct jitmem_input in = {
		.root = root,
		.privs = &snap->privs,
		.kver = snap->kver,
		.machine = snap->machine,
		.kconfig = &snap->kconfig,
		.kallsyms_listed = knob_values_list_symbols(&ctx->knobs) == 1,
	};

	for (size_t i = 0; i < snap->nr_knobs; i++) {
		if (snap->knobs[i].def->shows_jit_memory) {
			in.limit_def = snap->knobs[i].def;
			in.limit = &snap->knobs[i].reading;
		}
	}
	err = snapshot_seccomp(prog_session_holders(cache), &in);
	if (!err) {
		/* not while a probe child of ours has programs loaded, which the
		 * counter would take for somebody's (probe_fence.h) */
		bool fenced = probe_fence_enter_listing();

		jitmem_read(prog_session_jitmem(cache), &in, &snap->progs, &snap->jitmem);
		probe_fence_leave_listing(fenced);
	}
	free(in.seccomp_procs);
	return err;
}

int snapshot_refresh(struct snapshot *snap, const struct procroot *root,
		     const struct snapshot_facts *facts, struct prog_session *cache,
		     struct sysctld_cache *boot, bool wait)
{
	struct snapshot_facts read_now;
	struct prog_session *tmp = NULL;
	struct prog_context ctx;
	struct knob_env env;
	struct stat st;
	int err;

	snapshot_free(snap);
	if (stat(root->proc, &st))
		return -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	snprintf(snap->proc_dir, sizeof(snap->proc_dir), "%s", root->proc);
	snprintf(snap->boot_dir, sizeof(snap->boot_dir), "%s", root->boot);
	snprintf(snap->sysctl_dir, sizeof(snap->sysctl_dir), "%s", root->sysctl);
	snap->live = root->live;
	if (!facts) {
		snapshot_facts_read(&read_now, root);
		facts = &read_now;
	}
	memcpy(snap->release, facts->release, sizeof(snap->release));
	memcpy(snap->machine, facts->machine, sizeof(snap->machine));
	snap->kver = facts->kver;
	snap->kconfig = facts->kconfig;
	snap->netns = facts->netns;
	snprintf(snap->unreadable, sizeof(snap->unreadable), "%s", facts->unreadable);
	snapshot_read_line(root, "sys/kernel/hostname", "host name", snap->hostname,
			   sizeof(snap->hostname), snap->unreadable, sizeof(snap->unreadable));
	privs_read(&snap->privs);

	snapshot_knob_env(snap, &env);
	for (size_t i = 0; i < knob_count && i < SNAPSHOT_MAX_KNOBS; i++) {
		snap->knobs[i].def = &knob_table[i];
		knob_read(&knob_table[i], root, &env, &snap->knobs[i].reading);
		snap->nr_knobs++;
	}
	snapshot_drift(snap, root, &env, boot);

	snapshot_progs_context(snap, root, &ctx);
	if (!cache) {
		tmp = prog_session_new(root);
		if (!tmp)
			return -ENOMEM;
		prog_session_refreshes_once(tmp);
		cache = tmp;
	}
	/* The JIT memory counter's reader, loaded ahead of the enumeration so
	 * that what its load leaves behind is gone when it reads, and ahead
	 * of the first /proc/kallsyms read, which lists it; then that read,
	 * which a report waits for most. */
	jitmem_prepare(prog_session_jitmem(cache), root, &snap->privs, &snap->kconfig);
	prog_session_begin(cache, &ctx);
	err = prog_session_refresh(cache, &ctx, wait, &snap->progs);
	if (!err)
		err = snapshot_jitmem(snap, root, &ctx, cache);
	prog_session_free(tmp);
	return err;
}
