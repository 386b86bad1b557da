/* log_catcher SOCKET [FILE]: a stand-in syslog daemon for the tests.
 *
 * Binds a SOCK_DGRAM unix socket at SOCKET (/dev/log in a private mount
 * namespace, see tests/screen/test_screen_audit.sh) and writes each datagram
 * received as one line to FILE, or to stdout, flushed at once so that a
 * test can read what has arrived while it runs. A trailing NUL or newline
 * is dropped; any other control character (a newline inside a record)
 * becomes '?', so that one datagram is always one line (a datagram longer
 * than 8 KiB is cut; syslog(3)'s are far shorter). SIGTERM or SIGINT ends it
 * with status 0, after writing what was already queued (nothing sent before
 * the signal is lost) and removing SOCKET; any error ends it with a message
 * and status 1. It never removes a SOCKET it did not create. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* Writes every datagram queued now; 0 when the queue is empty. */
static int drain(int fd, FILE *out)
{
	char buf[8192];
	ssize_t n;

	while ((n = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT)) >= 0) {
		while (n > 0 && (buf[n - 1] == '\0' || buf[n - 1] == '\n'))
			n--;
		for (ssize_t i = 0; i < n; i++)
			if ((unsigned char)buf[i] < ' ' || buf[i] == 0x7f)
				buf[i] = '?';
		buf[n] = '\0';
		if (fprintf(out, "%s\n", buf) < 0 || fflush(out))
			return -1;
	}
	return errno == EAGAIN || errno == EINTR ? 0 : -1;
}

int main(int argc, char **argv)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd = { .events = POLLIN };
	sigset_t block, wait_mask;
	FILE *out = stdout;
	int err = 0;

	if (argc < 2 || argc > 3 || strlen(argv[1]) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "usage: log_catcher SOCKET [FILE]\n");
		return 1;
	}
	if (argc == 3 && !(out = fopen(argv[2], "a"))) {
		fprintf(stderr, "log_catcher: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	/* The signals are blocked except inside ppoll(), so that one arriving
	 * between the check of stop and the wait cannot be missed. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGTERM);
	sigdelset(&wait_mask, SIGINT);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	strcpy(addr.sun_path, argv[1]);
	pfd.fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (pfd.fd < 0 || bind(pfd.fd, (struct sockaddr *)&addr, sizeof(addr))) {
		fprintf(stderr, "log_catcher: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	while (!err && !stop) {
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0 && errno != EINTR)
			err = -1;
		else
			err = drain(pfd.fd, out); /* after a signal too: the last ones */
	}
	if (err)
		fprintf(stderr, "log_catcher: %s\n", strerror(errno));
	unlink(argv[1]);
	return err ? 1 : 0;
}
