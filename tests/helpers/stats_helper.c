/* stats_helper: the other processes of the runtime statistics tests.
 *
 *   stats_helper hold
 *       holds a BPF_ENABLE_STATS fd (as bpftop does), prints "holding<TAB>pid"
 *       and waits until stdin reaches EOF (or SIGTERM): statistics are on meanwhile,
 *       while kernel.bpf_stats_enabled keeps reading what it did.
 *   stats_helper traffic RATE SECONDS
 *       loads two socket filters, attaches "busy" (bk_single) to a UDP
 *       socket on 127.0.0.1 and leaves "idle" (bk_nobtf) attached to
 *       nothing, prints "busy<TAB>id" and "idle<TAB>id", waits for a line
 *       on stdin, then sends RATE datagrams a second to that socket for
 *       SECONDS seconds (the filter runs once per datagram received),
 *       prints "sent<TAB>count<TAB>seconds taken", and waits for EOF.
 *
 * Exits 0, 1 when the kernel refuses something (the reason on stderr), 2
 * for usage. Closing its fds (any exit) unloads the programs and lets go
 * of the statistics. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/load.h"
#include "helpers/loader_lib.h"

static int helper_die(const char *what, int err)
{
	return loader_fail("stats_helper", what, err);
}

static int helper_hold(void)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);

	if (fd < 0)
		return helper_die("BPF_ENABLE_STATS", errno);
	printf("holding\t%d\n", (int)getpid());
	fflush(stdout);
	loader_wait();
	close(fd);
	return 0;
}

static double helper_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int helper_traffic(long rate, double seconds)
{
	struct sockaddr_in addr = { .sin_family = AF_INET };
	socklen_t len = sizeof(addr);
	int busy = testprogs_load(TESTPROGS_SINGLE), idle = testprogs_load(TESTPROGS_NOBTF);
	int rx = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK, 0), tx = socket(AF_INET, SOCK_DGRAM, 0);
	long sent = 0;
	char line[64], buf[64] = "x";
	double t0, took;

	if (busy < 0 || idle < 0)
		return helper_die("loading the socket filters", busy < 0 ? busy : idle);
	if (rx < 0 || tx < 0)
		return helper_die("socket", errno);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(rx, (struct sockaddr *)&addr, sizeof(addr)) ||
	    getsockname(rx, (struct sockaddr *)&addr, &len))
		return helper_die("bind 127.0.0.1", errno);
	if (setsockopt(rx, SOL_SOCKET, SO_ATTACH_BPF, &busy, sizeof(busy)))
		return helper_die("SO_ATTACH_BPF", errno);
	printf("busy\t%u\nidle\t%u\n", loader_prog_id(busy), loader_prog_id(idle));
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		return 0;
	t0 = helper_now();
	/* paced in steps of 10 ms: the count sent matches the time taken */
	while ((took = helper_now() - t0) < seconds) {
		long due = (long)(took * (double)rate);
		struct timespec step = { 0, 10 * 1000 * 1000 };

		for (; sent < due; sent++)
			if (sendto(tx, buf, 1, 0, (struct sockaddr *)&addr, sizeof(addr)) < 0)
				return helper_die("sendto", errno);
		while (recv(rx, buf, sizeof(buf), 0) > 0)
			; /* the filter ran on receipt already; keep the queue short */
		nanosleep(&step, NULL);
	}
	printf("sent\t%ld\t%.3f\n", sent, helper_now() - t0);
	fflush(stdout);
	loader_wait();
	return 0;
}

int main(int argc, char **argv)
{
	libbpf_set_strict_mode(LIBBPF_STRICT_ALL);
	if (argc == 2 && !strcmp(argv[1], "hold"))
		return helper_hold();
	if (argc == 4 && !strcmp(argv[1], "traffic") && atol(argv[2]) > 0 && atof(argv[3]) > 0)
		return helper_traffic(atol(argv[2]), atof(argv[3]));
	fputs("usage: stats_helper hold | stats_helper traffic RATE SECONDS\n", stderr);
	return 2;
}
