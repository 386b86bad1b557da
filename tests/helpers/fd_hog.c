/* fd_hog: holds many file descriptors, as a user who wants to slow down
 * whoever reads every process's fds would (the hostile test and the
 * benchmark run it, often as uid 65534).
 *
 *   fd_hog COUNT [null|perf]
 *
 * Opens /dev/null, or a software perf event of this process (user space
 * only, which perf_event_paranoid 2 allows any user), and dup()s it until
 * COUNT fds hold it (the soft RLIMIT_NOFILE is raised to the hard one).
 * Prints "ready <COUNT>" and flushes, then waits until standard input
 * reaches EOF or SIGTERM arrives. Exit 1 when the fds cannot be had (the
 * reason on stderr), 2 for usage. */
#include <errno.h>
#include <fcntl.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

static volatile sig_atomic_t hog_stop;

static void hog_on_signal(int sig)
{
	(void)sig;
	hog_stop = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = hog_on_signal };
	struct rlimit rl;
	char *end, buf[64];
	long count;
	int fd;

	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "null") && strcmp(argv[2], "perf"))) {
		fputs("usage: fd_hog COUNT [null|perf]\n", stderr);
		return 2;
	}
	count = strtol(argv[1], &end, 10);
	if (*end || count < 1) {
		fputs("fd_hog: COUNT is a positive number\n", stderr);
		return 2;
	}
	if (!getrlimit(RLIMIT_NOFILE, &rl)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	if (argc == 3 && !strcmp(argv[2], "perf")) {
		struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
						.config = PERF_COUNT_SW_DUMMY, .disabled = 1,
						.exclude_kernel = 1, .exclude_hv = 1 };

		fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, 0);
	} else {
		fd = open("/dev/null", O_RDONLY);
	}
	if (fd < 0) {
		fprintf(stderr, "fd_hog: %s\n", strerror(errno));
		return 1;
	}
	for (long n = 1; n < count; n++) {
		if (dup(fd) < 0) {
			fprintf(stderr, "fd_hog: dup after %ld fds: %s\n", n, strerror(errno));
			return 1;
		}
	}
	printf("ready %ld\n", count);
	fflush(stdout);
	sigaction(SIGTERM, &sa, NULL);
	while (!hog_stop && read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	return 0;
}
