/* Trees other users can write (security review, findings 2, 9, 13): every
 * write below a --proc tree, a sysctl root or the --prometheus directory
 * walks from / without following a symbolic link (openat2, and
 * openat(O_NOFOLLOW) where the kernel has none), refuses a directory
 * another user owns or may write, and keeps the directory's fd from the
 * read to the write: a directory swapped for a link between them changes
 * nothing. Saves write 0644 root:root, keep no looser old mode, and notice
 * a file changed between the diff and the yes. A knob file on procfs is
 * the running kernel's: audited. The garbage fixture's content is quoted.
 * A user namespace's root is no root. Fixture trees in a temporary
 * directory; the running kernel is only read. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/privs.h"
#include "base/safepath.h"
#include "change/commit.h"
#include "change/commit_save.h"
#include "knobs/kconfig.h"
#include "knobs/sysctld.h"
#include "lib/fixture.h"

#define HARDEN (&knob_table[KNOB_JIT_HARDEN])
#define NOBODY 65534

static bool need_root(void)
{
	if (geteuid() == 0)
		return true;
	if (getenv("CI"))
		fail_msg("CI runs as root; this test must not skip there");
	print_message("SKIP: changing owners needs root\n");
	return false;
}

static void path_of(const struct fixture *fx, const char *rel, char *buf, size_t size)
{
	fixture_path(fx, rel, buf, size);
}

static void must(int ok, const char *what)
{
	if (!ok)
		fail_msg("%s: %s", what, strerror(errno));
}

static char *read_file(const char *path)
{
	static char text[4096];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return text;
}

/* Saves bpf_jit_harden = value to the drop-in below fx. */
static int save_harden(struct fixture *fx, long value)
{
	const struct sysctld_assign a = { "net.core.bpf_jit_harden", value };

	return sysctld_save_many(fx->dir, SYSCTLD_DROPIN, &a, 1, false, NULL);
}

/* A symbolic link anywhere on the way is refused, and named. */
static void test_no_link_is_followed(void **state)
{
	struct safepath_problem p;
	struct fixture fx;
	char path[PATH_MAX], want[PATH_MAX];
	int fd;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "real/sub/file", "x\n", (size_t)-1);
	path_of(&fx, "link", path, sizeof(path));
	must(!symlink("real", path), "symlink");
	path_of(&fx, "link/sub", path, sizeof(path));
	assert_int_equal(safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p), -ELOOP);
	assert_int_equal(p.why, SAFEPATH_SYMLINK);
	path_of(&fx, "link", want, sizeof(want));
	assert_string_equal(p.path, want);
	/* the real path opens, and so does a path with "." in it */
	path_of(&fx, "real/./sub/", path, sizeof(path));
	fd = safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p);
	assert_true(fd >= 0);
	/* ".." is refused, below an open directory too */
	assert_int_equal(safepath_open_below(fd, path, "../sub", SAFEPATH_CHECK_ALL, &p), -EINVAL);
	assert_int_equal(p.why, SAFEPATH_DOTDOT);
	/* a link as the last name: opened never, read never */
	close(fd);
	path_of(&fx, "real/sub/link", path, sizeof(path));
	must(!symlink("/etc/passwd", path), "symlink");
	path_of(&fx, "real/sub", path, sizeof(path));
	fd = safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p);
	assert_true(fd >= 0);
	assert_int_equal(safepath_openat(fd, "link", O_RDONLY, 0), -ELOOP);
	assert_int_equal(safepath_openat(fd, "../sub/file", O_RDONLY, 0), -EINVAL);
	close(fd);
	fixture_free(&fx);
}

/* Without openat2 (a kernel before 5.6, here a seccomp filter answering
 * ENOSYS, in a child) the walk still follows no link. */
static void test_no_link_is_followed_without_openat2(void **state)
{
	struct sock_filter filter[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_openat2, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(filter) / sizeof(filter[0]), .filter = filter };
	struct fixture fx;
	char path[PATH_MAX];
	int status;
	pid_t pid;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "real/sub/file", "x\n", (size_t)-1);
	path_of(&fx, "real/link", path, sizeof(path));
	must(!symlink("sub", path), "symlink");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct safepath_problem p;
		int fd;

		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog))
			_exit(10);
		path_of(&fx, "real/sub", path, sizeof(path));
		fd = safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p);
		if (fd < 0)
			_exit(11);
		if (safepath_has_openat2())
			_exit(12); /* the filter did not reach it */
		if (safepath_openat(fd, "file", O_RDONLY, 0) < 0)
			_exit(13);
		path_of(&fx, "real/link", path, sizeof(path));
		if (safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p) != -ELOOP ||
		    p.why != SAFEPATH_SYMLINK)
			_exit(14);
		path_of(&fx, "real", path, sizeof(path));
		close(fd);
		fd = safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p);
		if (safepath_openat(fd, "link", O_RDONLY, 0) != -ELOOP)
			_exit(15);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	fixture_free(&fx);
}

/* Another user's directory, or one others may write without the sticky
 * bit, anywhere from / down: refused, naming it and why. */
static void test_owner_and_mode_are_checked(void **state)
{
	struct safepath_problem p;
	struct fixture fx;
	char path[PATH_MAX], a[PATH_MAX], text[PATH_MAX + 512];
	int fd;

	(void)state;
	if (!need_root())
		skip();
	fixture_new_empty(&fx);
	fixture_write(&fx, "a/b/file", "x\n", (size_t)-1);
	path_of(&fx, "a", a, sizeof(a));
	path_of(&fx, "a/b", path, sizeof(path));
	must(!chmod(fx.dir, 0755), "chmod");

	must(!chown(a, NOBODY, NOBODY), "chown");
	assert_int_equal(safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p), -EPERM);
	assert_int_equal(p.why, SAFEPATH_OWNER);
	assert_string_equal(p.path, a);
	assert_int_equal(p.owner, NOBODY);
	safepath_explain(&p, "the sysctl file", text, sizeof(text));
	assert_non_null(strstr(text, "is owned by uid 65534 (nobody), not by root"));
	/* only the last directory counts for SAFEPATH_CHECK_LAST */
	fd = safepath_open_dir(path, SAFEPATH_CHECK_LAST, &p);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(safepath_open_dir(a, SAFEPATH_CHECK_LAST, &p), -EPERM);
	must(!chown(a, 0, 0), "chown");

	must(!chmod(a, 0775), "chmod");
	assert_int_equal(safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p), -EPERM);
	assert_int_equal(p.why, SAFEPATH_WRITABLE);
	safepath_explain(&p, "the knob's file", text, sizeof(text));
	assert_non_null(strstr(text, "is writable by its group (mode 0775) without the sticky bit"));
	must(!chmod(a, 0757), "chmod");
	assert_int_equal(safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p), -EPERM);
	safepath_explain(&p, "the knob's file", text, sizeof(text));
	assert_non_null(strstr(text, "is writable by every user (mode 0757)"));
	/* the sticky bit (as /tmp has it): others cannot rename what is not theirs */
	must(!chmod(a, 01777), "chmod");
	fd = safepath_open_dir(path, SAFEPATH_CHECK_ALL, &p);
	assert_true(fd >= 0);
	close(fd);
	must(!chmod(a, 0755), "chmod");
	fixture_free(&fx);
}

/* The race of the review, made certain: the sysctl.d directory is swapped
 * for a link to another directory after the read and before the write.
 * The write still goes where the read was: the link's target gets
 * nothing. */
static void test_swap_between_read_and_write_changes_nothing(void **state)
{
	struct fixture fx, victim;
	struct sysctld_target t;
	char *text = NULL;
	size_t len;
	mode_t mode;
	char path[PATH_MAX], moved[PATH_MAX], victim_file[PATH_MAX + 32];

	(void)state;
	fixture_new_empty(&fx);
	fixture_new_empty(&victim);
	fixture_write(&fx, SYSCTLD_DROPIN, "# old\n", (size_t)-1);
	assert_int_equal(sysctld_target_open(fx.dir, SYSCTLD_DROPIN, &t), 0);
	assert_int_equal(sysctld_target_read(&t, &text, &len, &mode), 0);
	assert_string_equal(text, "# old\n");
	free(text);
	path_of(&fx, "etc/sysctl.d", path, sizeof(path));
	path_of(&fx, "etc/moved", moved, sizeof(moved));
	must(!rename(path, moved), "rename");
	must(!symlink(victim.dir, path), "symlink");
	assert_int_equal(sysctld_target_replace(&t, "# new\n", 6, mode), 0);
	sysctld_target_close(&t);
	snprintf(victim_file, sizeof(victim_file), "%s/60-bpfknobs.conf", victim.dir);
	assert_int_not_equal(access(victim_file, F_OK), 0);
	path_of(&fx, "etc/moved/60-bpfknobs.conf", path, sizeof(path));
	assert_string_equal(read_file(path), "# new\n");
	/* and a new walk refuses the link */
	assert_int_equal(save_harden(&fx, 2), -ELOOP);
	assert_int_not_equal(access(victim_file, F_OK), 0);
	fixture_free(&fx);
	fixture_free(&victim);
}

/* A new file is 0644 (root:root as root), whatever the umask or the
 * directory's group; an old file keeps no more than 0644 of its mode; no
 * temporary file is left; a link at the name is replaced, not followed. */
static void test_saved_file_mode_and_owner(void **state)
{
	struct fixture fx;
	char path[PATH_MAX], dir[PATH_MAX], target[PATH_MAX];
	struct stat st;
	mode_t old_umask;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "etc/sysctl.d/10-other.conf", "kernel.foo = 1\n", (size_t)-1);
	path_of(&fx, SYSCTLD_DROPIN, path, sizeof(path));
	path_of(&fx, "etc/sysctl.d", dir, sizeof(dir));
	if (geteuid() == 0)
		must(!chown(dir, 0, NOBODY) && !chmod(dir, 02755), "a set-group-id directory");
	old_umask = umask(077);
	assert_int_equal(save_harden(&fx, 2), 0);
	umask(old_umask);
	must(!stat(path, &st), "stat");
	assert_int_equal(st.st_mode & 07777, 0644);
	if (geteuid() == 0) {
		assert_int_equal(st.st_uid, 0);
		assert_int_equal(st.st_gid, 0);
		must(!chown(dir, 0, 0) && !chmod(dir, 0755), "chmod");
	}
	/* 0666: anyone could rewrite what boot applies; it stops being so */
	must(!chmod(path, 0666), "chmod");
	assert_int_equal(save_harden(&fx, 1), 0);
	must(!stat(path, &st), "stat");
	assert_int_equal(st.st_mode & 07777, 0644);
	/* a tighter mode is kept */
	must(!chmod(path, 0600), "chmod");
	assert_int_equal(save_harden(&fx, 2), 0);
	must(!stat(path, &st), "stat");
	assert_int_equal(st.st_mode & 07777, 0600);
	/* only the two files: no temporary one left */
	{
		char cmd[PATH_MAX + 64];
		FILE *ls;
		char line[256];
		int n = 0;

		snprintf(cmd, sizeof(cmd), "ls -A '%s'", dir);
		ls = popen(cmd, "r");
		assert_non_null(ls);
		while (fgets(line, sizeof(line), ls))
			n++;
		pclose(ls);
		assert_int_equal(n, 2);
	}
	/* safepath_replace() replaces a link at the name, never writes through it */
	path_of(&fx, "target", target, sizeof(target));
	fixture_write(&fx, "target", "keep\n", (size_t)-1);
	{
		struct safepath_problem p;
		int fd = safepath_open_dir(fx.dir, SAFEPATH_CHECK_ALL, &p);
		char link[PATH_MAX];

		assert_true(fd >= 0);
		path_of(&fx, "name", link, sizeof(link));
		must(!symlink(target, link), "symlink");
		assert_int_equal(safepath_replace(fd, "name", "new\n", 4, 0644), 0);
		close(fd);
		must(!lstat(link, &st), "lstat");
		assert_true(S_ISREG(st.st_mode));
		assert_string_equal(read_file(target), "keep\n");
	}
	fixture_free(&fx);
}

struct world {
	struct fixture fx, etc;
	struct procroot root;
	struct kconfig cfg;
	struct knob_env env;
	struct commit_context ctx;
};

static size_t records;

static enum audit_sink count_records(const struct audit_record *r, const struct audit_who *who)
{
	(void)r, (void)who;
	records++;
	return AUDIT_SINK_JOURNAL;
}

static int setup(void **state)
{
	struct world *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	fixture_new(&w->fx);
	fixture_new_empty(&w->etc);
	fixture_write(&w->etc, "etc/sysctl.d/10-other.conf", "kernel.foo = 1\n", (size_t)-1);
	assert_int_equal(procroot_init(&w->root, w->fx.dir), 0);
	assert_int_equal(procroot_set_sysctl(&w->root, w->etc.dir), 0);
	kconfig_load(&w->cfg, &w->root, "6.18.0-test");
	w->env = (struct knob_env){ .kconfig = &w->cfg, .machine = "x86_64" };
	w->ctx = (struct commit_context){ .root = &w->root, .env = &w->env,
					  .audit = count_records, .uid = 0 };
	records = 0;
	*state = w;
	return 0;
}

static int teardown(void **state)
{
	struct world *w = *state;

	fixture_free(&w->fx);
	fixture_free(&w->etc);
	free(w);
	return 0;
}

/* The diff shown at S and the file at y differ: nothing is written, the
 * new diff is there to show, and the next yes writes it. */
static void test_save_notices_a_file_changed_since_the_diff(void **state)
{
	struct world *w = *state;
	const struct commit_save_value harden_2 = { KNOB_JIT_HARDEN, 2 };
	struct commit_save save;
	struct commit_save_outcome out;
	char path[PATH_MAX], text[2048];

	fixture_write(&w->etc, SYSCTLD_DROPIN, "net.core.bpf_jit_harden = 0\n", (size_t)-1);
	path_of(&w->etc, SYSCTLD_DROPIN, path, sizeof(path));
	assert_int_equal(commit_save_prepare(&w->ctx, SYSCTLD_DROPIN, &harden_2, 1, &save), 0);
	assert_string_equal(save.diff, "-net.core.bpf_jit_harden = 0\n+net.core.bpf_jit_harden = 2\n");
	/* someone else edits the file while the box is open */
	fixture_write(&w->etc, SYSCTLD_DROPIN, "net.core.bpf_jit_harden = 1\n# theirs\n", (size_t)-1);
	assert_int_equal(commit_save_write(&w->ctx, &save, false, &out), -ESTALE);
	assert_true(save.changed);
	assert_string_equal(save.diff, "-net.core.bpf_jit_harden = 1\n+net.core.bpf_jit_harden = 2\n");
	assert_string_equal(read_file(path), "net.core.bpf_jit_harden = 1\n# theirs\n");
	commit_save_explain(&save, &out, text, sizeof(text));
	assert_non_null(strstr(text, "changed since its diff was shown, so nothing was written"));
	/* asked again, and confirmed: written over what was shown the second time */
	assert_int_equal(commit_save_write(&w->ctx, &save, false, &out), 0);
	assert_false(save.changed);
	assert_string_equal(read_file(path), "net.core.bpf_jit_harden = 2\n# theirs\n");
	/* a sysctl root in a temporary directory is not this host's: no record */
	assert_false(save.live);
	assert_int_equal(records, 0);
	commit_save_free(&save);
}

/* A one-way value for boot is marked, also when the knob holds it: the
 * caller asks for the consent a write of it needs. */
static void test_one_way_save_is_marked(void **state)
{
	struct world *w = *state;
	const struct commit_save_value unpriv_1 = { KNOB_UNPRIV_DISABLED, 1 };
	const struct commit_save_value unpriv_2 = { KNOB_UNPRIV_DISABLED, 2 };
	struct commit_save save;
	char text[1024];

	assert_int_equal(commit_save_prepare(&w->ctx, SYSCTLD_DROPIN, &unpriv_1, 1, &save), 0);
	assert_true(save.one_way);
	commit_save_explain_one_way(&save, text, sizeof(text));
	assert_string_equal(text, "kernel.unprivileged_bpf_disabled = 1 is one-way: saved, it "
				  "locks the knob at every boot, and only removing the line and "
				  "rebooting clears it.");
	commit_save_free(&save);
	assert_int_equal(commit_save_prepare(&w->ctx, SYSCTLD_DROPIN, &unpriv_2, 1, &save), 0);
	assert_false(save.one_way);
	commit_save_free(&save);
}

/* A knob below a tree: a link on the way, another user's directory and a
 * file with another hard link are refused before anything is written. */
static void test_knob_write_refuses_unsafe_trees(void **state)
{
	struct world *w = *state;
	struct change_outcome out;
	struct fixture victim;
	char path[PATH_MAX], victim_file[PATH_MAX + 32], text[PATH_MAX + 512];

	fixture_new_empty(&victim);
	fixture_write(&victim, "bpf_jit_harden", "0\n", (size_t)-1);
	path_of(&w->fx, "sys/net", path, sizeof(path));
	{
		char core[PATH_MAX], moved[PATH_MAX];

		path_of(&w->fx, "sys/net/core", core, sizeof(core));
		path_of(&w->fx, "sys/net/moved", moved, sizeof(moved));
		must(!rename(core, moved), "rename");
		must(!symlink(victim.dir, core), "symlink");
		assert_int_equal(change_apply(HARDEN, &w->root, &w->env, 0, 2, false, &out), -ELOOP);
		assert_int_equal(out.stage, CHANGE_STAGE_PATH);
		assert_false(out.written);
		change_explain(HARDEN, &w->env, &out, text, sizeof(text));
		snprintf(victim_file, sizeof(victim_file), "%s is a symbolic link", core);
		assert_non_null(strstr(text, victim_file));
		snprintf(victim_file, sizeof(victim_file), "%s/bpf_jit_harden", victim.dir);
		assert_string_equal(read_file(victim_file), "0\n");
		must(!unlink(core) && !rename(moved, core), "put back");
	}
	if (geteuid() == 0) {
		must(!chown(path, NOBODY, NOBODY), "chown");
		assert_int_equal(change_apply(HARDEN, &w->root, &w->env, 0, 2, false, &out), -EPERM);
		assert_int_equal(out.stage, CHANGE_STAGE_PATH);
		assert_int_equal(out.path.why, SAFEPATH_OWNER);
		must(!chown(path, 0, 0), "chown");
	}
	path_of(&w->fx, HARDEN->rel_path, path, sizeof(path));
	snprintf(victim_file, sizeof(victim_file), "%s/hardlink", victim.dir);
	must(!link(path, victim_file), "link");
	assert_int_equal(change_apply(HARDEN, &w->root, &w->env, 0, 2, false, &out), -EMLINK);
	assert_int_equal(out.stage, CHANGE_STAGE_WRITE);
	assert_string_equal(read_file(path), "0\n");
	must(!unlink(victim_file), "unlink");
	/* and a safe tree is written */
	assert_int_equal(change_apply(HARDEN, &w->root, &w->env, 0, 2, false, &out), 0);
	assert_false(out.live);
	assert_string_equal(read_file(path), "2\n");
	fixture_free(&victim);
}

/* The garbage tree's file: --set quotes what --list shows. */
static void test_refusal_quotes_the_file(void **state)
{
	struct world *w = *state;
	struct change_outcome out;
	struct knob_reading r;
	char set_text[1024], list_text[1024];

	fixture_write(&w->fx, HARDEN->rel_path, "5\n", (size_t)-1);
	assert_int_equal(change_apply(HARDEN, &w->root, &w->env, 0, 2, false, &out), -EDOM);
	assert_int_equal(out.stage, CHANGE_STAGE_REREAD);
	change_explain(HARDEN, &w->env, &out, set_text, sizeof(set_text));
	knob_read(HARDEN, &w->root, &w->env, &r);
	knob_reading_problem(HARDEN, &w->env, &r, false, list_text, sizeof(list_text));
	assert_string_equal(list_text, "Unreadable: the file holds 5, but this knob takes 0, 1 or 2.");
	assert_non_null(strstr(set_text, list_text));
}

/* --proc on procfs reads the running kernel: live, and a try there is
 * audited (a refused one here: nothing is written). */
static void test_procfs_is_live(void **state)
{
	struct world *w = *state;
	struct commit_request req = { .def = HARDEN, .value = 5, .undo_of = HISTORY_NONE };
	struct commit_outcome out;
	struct procroot proc;
	struct knob_reading now;
	int lock;

	assert_int_equal(procroot_init(&proc, "/proc"), 0);
	assert_true(proc.live);
	assert_string_equal(proc.sysctl, "/");
	assert_false(w->root.live);
	if (!need_root())
		skip();
	lock = fixture_lock_kernel(false);
	w->ctx.root = &proc;
	knob_read(HARDEN, &proc, &w->env, &now);
	assert_int_equal(now.error, 0);
	req.shown = now.value;
	/* 5 is no value of bpf_jit_harden: refused after the re-read */
	assert_int_equal(commit_change(&w->ctx, &req, &out), -EDOM);
	assert_true(out.change.live);
	assert_true(out.audited);
	assert_int_equal(records, 1);
	fixture_unlock_kernel(lock);
}

/* Root of a user namespace holds every capability there, none of which
 * counts for the knobs: not offered changes. */
static void test_user_namespace_root_is_no_root(void **state)
{
	int pipefd[2], status;
	char got[8] = "";
	pid_t pid;

	(void)state;
	if (!need_root())
		skip();
	assert_true(privs_in_init_userns());
	assert_int_equal(pipe(pipefd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct privs p;
		char c;

		FILE *map;

		if (unshare(CLONE_NEWUSER)) {
			c = 'E';
		} else {
			/* uid 0 inside, as unshare -r makes it: every capability
			 * there, none of which counts for the knobs */
			map = fopen("/proc/self/uid_map", "w");
			if (!map || fputs("0 0 1\n", map) < 0 || fclose(map))
				c = 'M';
			else {
				privs_read(&p);
				c = p.euid == 0 && p.cap[PRIVS_CAP_SYS_ADMIN] && !p.init_userns &&
				    !privs_can_admin(&p) ? 'Y' : 'N';
			}
		}
		if (write(pipefd[1], &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	close(pipefd[1]);
	assert_int_equal(read(pipefd[0], got, 1), 1);
	close(pipefd[0]);
	waitpid(pid, &status, 0);
	if (got[0] == 'E') {
		if (getenv("CI"))
			fail_msg("CI allows user namespaces; this test must not skip there");
		print_message("SKIP: this kernel allows no new user namespace\n");
		skip();
	}
	assert_string_equal(got, "Y");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_link_is_followed),
		cmocka_unit_test(test_no_link_is_followed_without_openat2),
		cmocka_unit_test(test_owner_and_mode_are_checked),
		cmocka_unit_test(test_swap_between_read_and_write_changes_nothing),
		cmocka_unit_test(test_saved_file_mode_and_owner),
		cmocka_unit_test_setup_teardown(test_save_notices_a_file_changed_since_the_diff, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_one_way_save_is_marked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_knob_write_refuses_unsafe_trees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_refusal_quotes_the_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_procfs_is_live, setup, teardown),
		cmocka_unit_test(test_user_namespace_root_is_no_root),
	};

	return cmocka_run_group_tests_name("security: paths", tests, NULL, NULL);
}
