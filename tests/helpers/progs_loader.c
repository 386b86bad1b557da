/* progs_loader: loads test BPF programs and holds them until told to stop.
 *
 *   progs_loader [--count N] [--kind single|subprog|btf|nobtf|unnamed|big]
 *
 * big: a raw socket filter of LOADER_BIG_INSNS instructions, about 1 MiB
 * JITed, so that a few of them make the JIT memory in use a known bulk
 * (tests/screen/test_screen_jitmem.sh); not among the kinds bench_progs
 * loads.
 *
 * Prints "id<TAB>name" per program (name as bpf_prog_info has it, possibly
 * empty), flushes, then waits until stdin reaches EOF or SIGTERM/SIGINT
 * arrives, and exits: closing the fds unloads the programs. Exit status 1
 * when a program cannot be loaded (the reason goes to stderr), 2 for usage. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/load.h"

#define LOADER_BIG_INSNS 250000

static volatile sig_atomic_t loader_stop;

/* r0 = 0, then r0 += 1 LOADER_BIG_INSNS - 2 times, exit. */
static int loader_load_big(void)
{
	struct bpf_insn *insns = calloc(LOADER_BIG_INSNS, sizeof(*insns));
	int fd;

	if (!insns)
		return -ENOMEM;
	insns[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0 };
	for (size_t i = 1; i + 1 < LOADER_BIG_INSNS; i++)
		insns[i] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K,
					      .dst_reg = BPF_REG_0, .imm = 1 };
	insns[LOADER_BIG_INSNS - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bk_big", "GPL", insns, LOADER_BIG_INSNS,
			   NULL);
	free(insns);
	return fd;
}

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

/* Every program is one open fd: lift the soft limit for large counts. */
static void loader_raise_nofile(long count)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) || rl.rlim_cur >= (rlim_t)count + 64)
		return;
	rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > (rlim_t)count + 64
			      ? (rlim_t)count + 64 : rl.rlim_max;
	setrlimit(RLIMIT_NOFILE, &rl);
}

static void loader_wait(void)
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

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "count", required_argument, NULL, 'n' },
		{ "kind", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	long count = 1;
	int kind = TESTPROGS_SINGLE, opt;
	bool big = false;
	char *end;

	while ((opt = getopt_long(argc, argv, "n:k:h", options, NULL)) != -1) {
		switch (opt) {
		case 'n':
			errno = 0;
			count = strtol(optarg, &end, 10);
			if (errno || *end || count < 0 || count > 1000000) {
				fprintf(stderr, "progs_loader: --count wants 0..1000000, not '%s'\n",
					optarg);
				return 2;
			}
			break;
		case 'k':
			big = !strcmp(optarg, "big");
			kind = big ? TESTPROGS_SINGLE : testprogs_kind_parse(optarg);
			if (kind < 0) {
				fprintf(stderr, "progs_loader: unknown --kind '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fputs("usage: progs_loader [--count N] "
			      "[--kind single|subprog|btf|nobtf|unnamed|big]\n", stderr);
			return opt == 'h' ? 0 : 2;
		}
	}
	libbpf_set_print(loader_print);
	loader_raise_nofile(count);
	/* stdout may be a pipe: the reader must see every line before we wait */
	for (long i = 0; i < count; i++) {
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		int fd = big ? loader_load_big() : testprogs_load(kind);

		if (fd < 0) {
			fprintf(stderr, "progs_loader: loading %s program %ld: %s\n",
				big ? "big" : testprogs_kinds[kind].kind, i + 1, strerror(-fd));
			return 1;
		}
		memset(&info, 0, sizeof(info));
		if (bpf_obj_get_info_by_fd(fd, &info, &len)) {
			fprintf(stderr, "progs_loader: reading program info: %s\n", strerror(errno));
			return 1;
		}
		printf("%u\t%s\n", info.id, info.name);
	}
	if (fflush(stdout)) {
		perror("progs_loader: stdout");
		return 1;
	}
	loader_wait();
	return 0;
}
