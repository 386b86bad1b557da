/* A container with a delegating bpffs (delegate.h). The steps follow the
 * kernel's own test (tools/testing/selftests/bpf/prog_tests/token.c): the
 * bpffs must be created in the container's user namespace (fsopen there,
 * so that its s_user_ns is that namespace, which BPF_TOKEN_CREATE
 * requires), while only CAP_SYS_ADMIN in the initial one may set the
 * delegate_* options (bpf_parse_param()); so the child opens it and passes
 * the fd here, this process configures and mounts it and passes the mount
 * back, and the child attaches it in its mount namespace. */
#include "lib/delegate.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define DELEGATE_ROOT_UID 3000000 /* the container's root on the host: no one's */

static int delegate_send_fd(int sock, int fd)
{
	char byte = 'F', ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;

	memset(ctl, 0, sizeof(ctl));
	c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, 0) == 1 ? 0 : -errno;
}

static int delegate_recv_fd(int sock)
{
	char byte, ctl[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl,
			      .msg_controllen = sizeof(ctl) };
	struct cmsghdr *c;
	int fd;

	if (recvmsg(sock, &msg, 0) != 1)
		return -EIO;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -EIO;
	memcpy(&fd, CMSG_DATA(c), sizeof(int));
	return fd;
}

/* One byte: a step done (0) or the errno it failed with. */
static int delegate_say(int sock, int err)
{
	char byte = (char)err;

	return write(sock, &byte, 1) == 1 ? 0 : -EIO;
}

static int delegate_hear(int sock)
{
	char byte;

	return read(sock, &byte, 1) == 1 ? -(int)(unsigned char)byte : -EIO;
}

static void delegate_child(int sock, const char *dir)
{
	int fs_fd, mnt_fd;
	char byte;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
		delegate_say(sock, errno);
		_exit(1);
	}
	delegate_say(sock, 0);
	if (delegate_hear(sock)) /* the parent wrote the id maps */
		_exit(1);
	if (setresgid(0, 0, 0) || setresuid(0, 0, 0) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)) {
		delegate_say(sock, errno);
		_exit(1);
	}
	fs_fd = fsopen("bpf", FSOPEN_CLOEXEC);
	if (fs_fd < 0) {
		delegate_say(sock, errno);
		_exit(1);
	}
	delegate_say(sock, 0);
	if (delegate_send_fd(sock, fs_fd))
		_exit(1);
	close(fs_fd);
	mnt_fd = delegate_recv_fd(sock);
	if (mnt_fd < 0)
		_exit(1);
	if (move_mount(mnt_fd, "", AT_FDCWD, dir, MOVE_MOUNT_F_EMPTY_PATH)) {
		delegate_say(sock, errno);
		_exit(1);
	}
	close(mnt_fd);
	delegate_say(sock, 0);
	/* live until the parent closes its end */
	while (read(sock, &byte, 1) > 0)
		;
	_exit(0);
}

static int delegate_write(pid_t pid, const char *file, const char *text)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -errno;
}

static int delegate_fail(struct delegation *d, const char **step, const char *what, int err)
{
	*step = what;
	stop_delegation(d);
	return err ? err : -EIO;
}

int start_delegation(const char *dir, const char *cmds, const char *maps, const char *progs,
		     const char *attachs, struct delegation *d, const char **step)
{
	const char *keys[] = { "delegate_cmds", "delegate_maps", "delegate_progs",
			       "delegate_attachs" };
	const char *values[] = { cmds, maps, progs, attachs };
	char map[64];
	int pair[2], fs_fd, mnt_fd, err;

	d->pid = -1;
	d->sock = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair))
		return delegate_fail(d, step, "socketpair", -errno);
	d->pid = fork();
	if (d->pid < 0) {
		err = -errno;
		close(pair[0]);
		close(pair[1]);
		return delegate_fail(d, step, "fork", err);
	}
	if (d->pid == 0) {
		close(pair[0]);
		delegate_child(pair[1], dir);
	}
	close(pair[1]);
	d->sock = pair[0];
	if ((err = delegate_hear(d->sock)))
		return delegate_fail(d, step, "unshare(CLONE_NEWUSER | CLONE_NEWNS)", err);
	snprintf(map, sizeof(map), "0 %d 1\n", DELEGATE_ROOT_UID);
	if ((err = delegate_write(d->pid, "uid_map", map)) ||
	    (err = delegate_write(d->pid, "setgroups", "deny\n")) ||
	    (err = delegate_write(d->pid, "gid_map", map)))
		return delegate_fail(d, step, "writing the id maps", err);
	delegate_say(d->sock, 0);
	if ((err = delegate_hear(d->sock)))
		return delegate_fail(d, step, "fsopen(\"bpf\") in the user namespace", err);
	fs_fd = delegate_recv_fd(d->sock);
	if (fs_fd < 0)
		return delegate_fail(d, step, "receiving the bpffs", fs_fd);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (!values[i])
			continue;
		if (fsconfig(fs_fd, FSCONFIG_SET_STRING, keys[i], values[i], 0)) {
			err = -errno;
			close(fs_fd);
			return delegate_fail(d, step, keys[i], err);
		}
	}
	if (fsconfig(fs_fd, FSCONFIG_CMD_CREATE, NULL, NULL, 0)) {
		err = -errno;
		close(fs_fd);
		return delegate_fail(d, step, "fsconfig(FSCONFIG_CMD_CREATE)", err);
	}
	mnt_fd = fsmount(fs_fd, FSMOUNT_CLOEXEC, 0);
	err = mnt_fd < 0 ? -errno : 0;
	close(fs_fd);
	if (err)
		return delegate_fail(d, step, "fsmount", err);
	err = delegate_send_fd(d->sock, mnt_fd);
	close(mnt_fd);
	if (err)
		return delegate_fail(d, step, "sending the mount", err);
	if ((err = delegate_hear(d->sock)))
		return delegate_fail(d, step, "move_mount in the container", err);
	return 0;
}

void stop_delegation(struct delegation *d)
{
	if (d->sock >= 0)
		close(d->sock);
	d->sock = -1;
	if (d->pid > 0) {
		kill(d->pid, SIGKILL); /* our own child */
		while (waitpid(d->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	d->pid = -1;
}
