/* What the test loaders share (see loader_lib.h). */
#include "helpers/loader_lib.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

static volatile sig_atomic_t loader_stop;

static void loader_on_signal(int sig)
{
	(void)sig;
	loader_stop = 1;
}

/* fmt comes from libbpf: a format string by contract */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int loader_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}
#pragma GCC diagnostic pop

void loader_libbpf_warnings(void)
{
	libbpf_set_print(loader_print);
}

uint32_t loader_prog_id(int fd)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

uint32_t loader_link_id(int fd)
{
	struct bpf_link_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

int loader_print_prog(const char *who, int fd)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);

	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
		fprintf(stderr, "%s: reading program info: %s\n", who, strerror(errno));
		return -1;
	}
	printf("%u\t%s\n", info.id, info.name);
	return 0;
}

void loader_wait(void)
{
	struct sigaction sa = { .sa_handler = loader_on_signal };
	char buf[256];

	/* no SA_RESTART: a signal ends the read() */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	while (!loader_stop) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));

		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
}

int loader_fail(const char *who, const char *what, int err)
{
	fprintf(stderr, "%s: %s: %s\n", who, what, strerror(err < 0 ? -err : err));
	return 1;
}
