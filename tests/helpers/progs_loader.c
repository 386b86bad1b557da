/* progs_loader: loads test BPF programs and holds them until told to stop.
 *
 *   progs_loader [--count N] [--kind single|subprog|btf|nobtf|unnamed]
 *
 * Prints "id<TAB>name" per program (name as bpf_prog_info has it, possibly
 * empty), flushes, then waits until stdin reaches EOF or SIGTERM/SIGINT
 * arrives, and exits: closing the fds unloads the programs. Exit status 1
 * when a program cannot be loaded (the reason goes to stderr), 2 for usage. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpf/load.h"
#include "helpers/loader_lib.h"

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
			kind = testprogs_kind_parse(optarg);
			if (kind < 0) {
				fprintf(stderr, "progs_loader: unknown --kind '%s'\n", optarg);
				return 2;
			}
			break;
		default:
			fputs("usage: progs_loader [--count N] "
			      "[--kind single|subprog|btf|nobtf|unnamed]\n", stderr);
			return opt == 'h' ? 0 : 2;
		}
	}
	loader_libbpf_warnings();
	loader_raise_nofile(count);
	/* stdout may be a pipe: the reader must see every line before we wait */
	for (long i = 0; i < count; i++) {
		int fd = testprogs_load(kind);

		if (fd < 0) {
			fprintf(stderr, "progs_loader: loading %s program %ld: %s\n",
				testprogs_kinds[kind].kind, i + 1, strerror(-fd));
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
