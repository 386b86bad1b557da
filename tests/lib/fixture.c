#include "lib/fixture.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

const char fixture_config_always_on[] =
	"#\n# Automatically generated file; DO NOT EDIT.\n#\n"
	"CONFIG_X86_64=y\n"
	"CONFIG_RANDOMIZE_BASE=y\n"
	"CONFIG_BPF=y\n"
	"CONFIG_HAVE_EBPF_JIT=y\n"
	"CONFIG_BPF_SYSCALL=y\n"
	"CONFIG_BPF_JIT=y\n"
	"CONFIG_BPF_JIT_ALWAYS_ON=y\n"
	"CONFIG_BPF_JIT_DEFAULT_ON=y\n"
	"CONFIG_BPF_UNPRIV_DEFAULT_OFF=y\n";

/* An older distribution build: interpreter kept, unprivileged BPF on by default. */
const char fixture_config_plain_jit[] =
	"CONFIG_X86_64=y\n"
	"# CONFIG_RANDOMIZE_BASE is not set\n"
	"CONFIG_BPF=y\n"
	"CONFIG_HAVE_EBPF_JIT=y\n"
	"CONFIG_BPF_SYSCALL=y\n"
	"CONFIG_BPF_JIT=y\n"
	"# CONFIG_BPF_JIT_ALWAYS_ON is not set\n"
	"CONFIG_BPF_JIT_DEFAULT_ON=y\n"
	"# CONFIG_BPF_UNPRIV_DEFAULT_OFF is not set\n";

static void fixture_die(const char *what, const char *path)
{
	fprintf(stderr, "fixture: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

void fixture_path(const struct fixture *fx, const char *rel, char *buf, size_t size)
{
	if ((size_t)snprintf(buf, size, "%s/%s", fx->dir, rel) >= size) {
		errno = ENAMETOOLONG;
		fixture_die("path", rel);
	}
}

static void fixture_mkdirs(const char *path)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = strchr(tmp + 1, '/'); p; p = strchr(p + 1, '/')) {
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			fixture_die("mkdir", tmp);
		*p = '/';
	}
}

void fixture_write(struct fixture *fx, const char *rel, const char *content, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	fixture_path(fx, rel, path, sizeof(path));
	fixture_mkdirs(path);
	f = fopen(path, "w");
	if (!f)
		fixture_die("open", path);
	if (len == (size_t)-1)
		len = strlen(content);
	if (fwrite(content, 1, len, f) != len || fclose(f))
		fixture_die("write", path);
}

void fixture_write_gz(struct fixture *fx, const char *rel, const char *content)
{
	char path[PATH_MAX];
	gzFile gz;

	fixture_path(fx, rel, path, sizeof(path));
	fixture_mkdirs(path);
	gz = gzopen(path, "wb");
	if (!gz || gzputs(gz, content) < 0 || gzclose(gz) != Z_OK)
		fixture_die("gzip", path);
}

void fixture_remove(struct fixture *fx, const char *rel)
{
	char path[PATH_MAX];

	fixture_path(fx, rel, path, sizeof(path));
	if (unlink(path) && errno != ENOENT)
		fixture_die("unlink", path);
}

void fixture_new_empty(struct fixture *fx)
{
	const char *tmp = getenv("TMPDIR");

	snprintf(fx->dir, sizeof(fx->dir), "%s/bpfknobs-fixture-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(fx->dir))
		fixture_die("mkdtemp", fx->dir);
}

void fixture_new(struct fixture *fx)
{
	fixture_new_empty(fx);
	fixture_write(fx, "sys/kernel/osrelease", "6.18.0-test\n", (size_t)-1);
	fixture_write(fx, "sys/kernel/arch", "x86_64\n", (size_t)-1);
	fixture_write(fx, "sys/kernel/hostname", "fixture\n", (size_t)-1);
	fixture_write(fx, "sys/kernel/unprivileged_bpf_disabled", "2\n", (size_t)-1);
	fixture_write(fx, "sys/net/core/somaxconn", "4096\n", (size_t)-1);
	fixture_write(fx, "sys/net/core/netdev_max_backlog", "1000\n", (size_t)-1);
	fixture_write(fx, "sys/net/core/bpf_jit_enable", "1\n", (size_t)-1);
	fixture_write(fx, "sys/net/core/bpf_jit_harden", "0\n", (size_t)-1);
	fixture_write(fx, "sys/net/core/bpf_jit_kallsyms", "1\n", (size_t)-1);
	fixture_write(fx, "sys/net/core/bpf_jit_limit", "528482304\n", (size_t)-1);
	fixture_write(fx, "sys/kernel/bpf_stats_enabled", "0\n", (size_t)-1);
	fixture_write_gz(fx, "config.gz", fixture_config_always_on);
}

static int fixture_unlink_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void fixture_free(struct fixture *fx)
{
	if (fx->dir[0])
		nftw(fx->dir, fixture_unlink_one, 16, FTW_DEPTH | FTW_PHYS);
	fx->dir[0] = '\0';
}

#define FIXTURE_KERNEL_LOCK "/tmp/bpfknobs-tests-kernel.lock"

/* The lock this process holds. A failed cmocka assertion jumps out of a
 * test before its fixture_unlock_kernel(); without this, the next test's
 * lock would wait forever on the one its own process left behind, and one
 * failure would hang the whole suite (and every other suite with it). */
static int fixture_kernel_lock_fd = -1;

int fixture_lock_kernel(bool exclusive)
{
	int fd;

	if (fixture_kernel_lock_fd >= 0)
		close(fixture_kernel_lock_fd);
	fixture_kernel_lock_fd = -1;
	fd = open(FIXTURE_KERNEL_LOCK, O_RDWR | O_CREAT | O_CLOEXEC, 0666);

	if (fd < 0 && errno == EACCES) /* root's file: flock needs only an open fd */
		fd = open(FIXTURE_KERNEL_LOCK, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fixture_die("open", FIXTURE_KERNEL_LOCK);
	while (flock(fd, exclusive ? LOCK_EX : LOCK_SH))
		if (errno != EINTR)
			fixture_die("flock", FIXTURE_KERNEL_LOCK);
	fixture_kernel_lock_fd = fd;
	return fd;
}

void fixture_unlock_kernel(int fd)
{
	if (fd < 0)
		return;
	if (fd == fixture_kernel_lock_fd)
		fixture_kernel_lock_fd = -1;
	close(fd);
}

pid_t fixture_seccomp_chain(pid_t *grandchild)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog fprog = { .len = 1, .filter = &allow };
	pid_t parent = getpid(), child;
	int ready[2];

	if (pipe(ready))
		fixture_die("pipe", "seccomp chain");
	child = fork();
	if (child < 0)
		fixture_die("fork", "seccomp chain");
	if (!child) {
		pid_t mine = getpid();

		close(ready[0]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent ||
		    prctl(PR_SET_NAME, "bk_seccomp") || prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0))
			_exit(1);
		if (!fork()) {
			pid_t me = getpid();

			if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != mine ||
			    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &fprog, 0, 0) ||
			    write(ready[1], &me, sizeof(me)) != sizeof(me))
				_exit(1);
			for (;;)
				pause();
		}
		for (;;)
			pause();
	}
	close(ready[1]);
	if (read(ready[0], grandchild, sizeof(*grandchild)) != sizeof(*grandchild))
		fixture_die("read", "seccomp chain: the child did not get its filters");
	close(ready[0]);
	return child;
}
