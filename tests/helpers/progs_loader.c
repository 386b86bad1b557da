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
#include "helpers/loader_lib.h"

#define LOADER_BIG_INSNS 250000

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
	loader_libbpf_warnings();
	loader_raise_nofile(count);
	/* stdout may be a pipe: the reader must see every line before we wait */
	for (long i = 0; i < count; i++) {
		int fd = big ? loader_load_big() : testprogs_load(kind);

		if (fd < 0) {
			fprintf(stderr, "progs_loader: loading %s program %ld: %s\n",
				big ? "big" : testprogs_kinds[kind].kind, i + 1, strerror(-fd));
			return 1;
		}
		if (loader_print_prog("progs_loader", fd))
			return 1;
	}
	if (fflush(stdout)) {
		perror("progs_loader: stdout");
		return 1;
	}
	loader_wait();
	return 0;
}
