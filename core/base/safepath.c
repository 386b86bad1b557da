#include "base/safepath.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

/* Set once openat2 answered ENOSYS (a kernel before 5.6, or a seccomp
 * filter that does not know it): the walks use openat(O_NOFOLLOW). */
static volatile int safepath_no_openat2;

bool safepath_has_openat2(void)
{
	return !safepath_no_openat2;
}

static int safepath_name_ok(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") && !strchr(name, '/');
}

int safepath_openat(int dir_fd, const char *name, int flags, mode_t mode)
{
	int fd;

	if (!safepath_name_ok(name))
		return -EINVAL;
#ifdef SYS_openat2
	if (!safepath_no_openat2) {
		struct open_how how = {
			.flags = (unsigned long long)(flags | O_CLOEXEC | O_NOFOLLOW),
			.mode = (flags & O_CREAT) ? mode : 0,
			/* name is one component: BENEATH refuses "..", and a
			 * link (even /proc's magic ones) is never followed */
			.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
		};

		fd = (int)syscall(SYS_openat2, dir_fd, name, &how, sizeof(how));
		if (fd >= 0)
			return fd;
		if (errno != ENOSYS)
			return -errno;
		safepath_no_openat2 = 1;
	}
#endif
	fd = openat(dir_fd, name, flags | O_CLOEXEC | O_NOFOLLOW, mode);
	return fd < 0 ? -errno : fd;
}

bool safepath_is_procfs(int fd)
{
	struct statfs sfs;

	return fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}

static int safepath_stop(struct safepath_problem *p, enum safepath_why why, int error)
{
	p->why = why;
	p->error = error;
	return error;
}

/* Appends a component to the path shown in messages. */
static void safepath_shown_add(char *shown, const char *name)
{
	size_t len = strlen(shown);

	snprintf(shown + len, PATH_MAX - len, "%s%s", len && shown[len - 1] == '/' ? "" : "/",
		 name);
}

/* The ownership rule, on an open directory. */
static int safepath_check_dir(int fd, struct safepath_problem *p)
{
	struct stat st;

	if (fstat(fd, &st))
		return safepath_stop(p, SAFEPATH_ERRNO, -errno);
	p->owner = st.st_uid;
	p->mode = st.st_mode;
	if (!S_ISDIR(st.st_mode))
		return safepath_stop(p, SAFEPATH_NOT_DIR, -ENOTDIR);
	if (st.st_uid != 0 && st.st_uid != geteuid())
		return safepath_stop(p, SAFEPATH_OWNER, -EPERM);
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		return safepath_stop(p, SAFEPATH_WRITABLE, -EPERM);
	return 0;
}

/* One step down: dir_fd/name as an O_PATH directory fd, never through a
 * link. On failure says why, looking at what is there. */
static int safepath_step(int dir_fd, const char *name, struct safepath_problem *p)
{
	struct stat st;
	int fd = safepath_openat(dir_fd, name, O_PATH | O_DIRECTORY, 0);

	if (fd >= 0)
		return fd;
	/* O_PATH|O_NOFOLLOW|O_DIRECTORY on a link gives ENOTDIR, openat2's
	 * RESOLVE_NO_SYMLINKS ELOOP: what is there decides the sentence */
	if (fstatat(dir_fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
		p->owner = st.st_uid;
		p->mode = st.st_mode;
		if (S_ISLNK(st.st_mode))
			return safepath_stop(p, SAFEPATH_SYMLINK, -ELOOP);
		if (!S_ISDIR(st.st_mode))
			return safepath_stop(p, SAFEPATH_NOT_DIR, -ENOTDIR);
	}
	return safepath_stop(p, SAFEPATH_ERRNO, fd);
}

/* Walks rel below start (an fd this function owns), one component at a
 * time, checking as asked; returns the last directory's fd. "." and empty
 * components are skipped; ".." is refused. */
static int safepath_walk(int start, const char *rel, enum safepath_check check,
			 struct safepath_problem *p)
{
	const char *s = rel;
	int fd = start, err;

	if (check == SAFEPATH_CHECK_ALL && (err = safepath_check_dir(fd, p)))
		goto fail;
	for (;;) {
		char comp[NAME_MAX + 1];
		size_t len;
		int next;

		while (*s == '/' || (s[0] == '.' && (s[1] == '/' || !s[1])))
			s++;
		if (!*s)
			break;
		len = strcspn(s, "/");
		if (len == 2 && s[0] == '.' && s[1] == '.') {
			err = safepath_stop(p, SAFEPATH_DOTDOT, -EINVAL);
			goto fail;
		}
		if (len > NAME_MAX) {
			err = safepath_stop(p, SAFEPATH_ERRNO, -ENAMETOOLONG);
			goto fail;
		}
		memcpy(comp, s, len);
		comp[len] = '\0';
		s += len;
		safepath_shown_add(p->path, comp);
		next = safepath_step(fd, comp, p);
		close(fd);
		if (next < 0)
			return next;
		fd = next;
		if (check == SAFEPATH_CHECK_ALL && (err = safepath_check_dir(fd, p)))
			goto fail;
	}
	if (check == SAFEPATH_CHECK_LAST && (err = safepath_check_dir(fd, p)))
		goto fail;
	return fd;
fail:
	close(fd);
	return err;
}

int safepath_open_dir(const char *path, enum safepath_check check,
		      struct safepath_problem *problem)
{
	char cwd[PATH_MAX], abs[PATH_MAX * 2];
	int fd;

	memset(problem, 0, sizeof(*problem));
	if (path[0] != '/') {
		/* getcwd() gives the real path, with no link in it */
		if (!getcwd(cwd, sizeof(cwd))) {
			snprintf(problem->path, sizeof(problem->path), "%s", path);
			return safepath_stop(problem, SAFEPATH_ERRNO, -errno);
		}
		snprintf(abs, sizeof(abs), "%s/%s", cwd, path);
		path = abs;
	}
	snprintf(problem->path, sizeof(problem->path), "/");
	fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return safepath_stop(problem, SAFEPATH_ERRNO, -errno);
	return safepath_walk(fd, path, check, problem);
}

int safepath_open_below(int dir_fd, const char *shown, const char *rel, enum safepath_check check,
			struct safepath_problem *problem)
{
	char start[PATH_MAX];
	int fd;

	/* shown may be problem->path itself, from the walk to dir_fd */
	snprintf(start, sizeof(start), "%s", shown);
	memset(problem, 0, sizeof(*problem));
	snprintf(problem->path, sizeof(problem->path), "%s", start);
	fd = openat(dir_fd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return safepath_stop(problem, SAFEPATH_ERRNO, -errno);
	return safepath_walk(fd, rel, check, problem);
}

/* "NAME.XXXXXX": never a *.conf or *.prom that a reader would take. */
static void safepath_temp_name(const char *name, char *buf, size_t size)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char rnd[6];
	char suffix[7];

	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) != (ssize_t)sizeof(rnd)) {
		struct timespec ts;
		unsigned long x;

		clock_gettime(CLOCK_MONOTONIC, &ts);
		x = (unsigned long)ts.tv_nsec ^ ((unsigned long)getpid() << 16);
		for (size_t i = 0; i < sizeof(rnd); i++, x >>= 5)
			rnd[i] = (unsigned char)x;
	}
	for (size_t i = 0; i < sizeof(rnd); i++)
		suffix[i] = chars[rnd[i] % (sizeof(chars) - 1)];
	suffix[6] = '\0';
	snprintf(buf, size, "%s.%s", name, suffix);
}

static int safepath_write_all(int fd, const char *text, size_t len)
{
	while (len) {
		ssize_t n = write(fd, text, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		text += n;
		len -= (size_t)n;
	}
	return 0;
}

int safepath_replace(int dir_fd, const char *name, const char *text, size_t len, mode_t mode)
{
	char tmp[NAME_MAX + 16];
	int fd = -EEXIST, dfd, err = 0;

	if (!safepath_name_ok(name) || strlen(name) > NAME_MAX - 7)
		return -EINVAL;
	for (int tries = 0; tries < 100 && fd == -EEXIST; tries++) {
		safepath_temp_name(name, tmp, sizeof(tmp));
		fd = safepath_openat(dir_fd, tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
	}
	if (fd < 0)
		return fd;
	/* the mode asked, whatever the umask; root's file belongs to root,
	 * also in a directory whose group would otherwise be inherited */
	if (fchmod(fd, mode) || (geteuid() == 0 && fchown(fd, 0, 0)))
		err = -errno;
	if (!err)
		err = safepath_write_all(fd, text, len);
	if (!err && fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	if (!err && renameat(dir_fd, tmp, dir_fd, name))
		err = -errno;
	if (err) {
		unlinkat(dir_fd, tmp, 0);
		return err;
	}
	/* The rename itself must reach the disk too. */
	dfd = openat(dir_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

static void safepath_owner_name(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		snprintf(buf, size, "uid %u (%s)", (unsigned)uid, pw->pw_name);
	else
		snprintf(buf, size, "uid %u", (unsigned)uid);
}

void safepath_explain(const struct safepath_problem *p, const char *what, char *buf, size_t size)
{
	char owner[96];

	switch (p->why) {
	case SAFEPATH_SYMLINK:
		snprintf(buf, size, "%s is a symbolic link, and bpfknobs follows none on the way to "
			 "%s: give the real path, in directories only root can change", p->path, what);
		return;
	case SAFEPATH_DOTDOT:
		snprintf(buf, size, "the path to %s has a \"..\" component: give it without one",
			 what);
		return;
	case SAFEPATH_NOT_DIR:
		snprintf(buf, size, "%s is not a directory", p->path);
		return;
	case SAFEPATH_OWNER:
		safepath_owner_name(p->owner, owner, sizeof(owner));
		snprintf(buf, size, "%s is owned by %s, not by root: that user could swap what is "
			 "below it between the read and the write, so nothing is written to %s. "
			 "Give a tree only root can change (chown -R root: it, or copy it)", p->path,
			 owner, what);
		return;
	case SAFEPATH_WRITABLE:
		snprintf(buf, size, "%s is writable by %s (mode %04o) without the sticky bit: "
			 "they could swap what is below it between the read and the write, so "
			 "nothing is written to %s. Give a tree only root can change (chmod go-w it)",
			 p->path, (p->mode & S_IWOTH) ? "every user" : "its group",
			 (unsigned)(p->mode & 07777), what);
		return;
	case SAFEPATH_ERRNO:
	case SAFEPATH_OK:
		break;
	}
	snprintf(buf, size, "%s: %s", p->path, strerror(-p->error));
}
