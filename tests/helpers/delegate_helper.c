/* delegate_helper DIR CMDS MAPS PROGS ATTACHS: a container with a bpffs at
 * DIR that delegates CMDS, MAPS, PROGS and ATTACHS ("-": none) to BPF
 * tokens (tests/lib/delegate.h). Prints "pid=N" (the container's process)
 * once it is mounted, and keeps it until standard input reaches EOF. On a
 * failure prints "error step=... errno=NAME" and exits 1. As root. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/delegate.h"

static const char *arg(const char *s)
{
	return strcmp(s, "-") ? s : NULL;
}

int main(int argc, char **argv)
{
	struct delegation d;
	const char *step = "";
	char buf[64];
	int err;

	if (argc != 6) {
		fputs("usage: delegate_helper DIR CMDS MAPS PROGS ATTACHS\n", stderr);
		return 2;
	}
	err = start_delegation(argv[1], arg(argv[2]), arg(argv[3]), arg(argv[4]), arg(argv[5]),
			       &d, &step);
	if (err) {
		printf("error step=%s errno=%s\n", step, strerrorname_np(-err));
		return 1;
	}
	printf("pid=%d\n", (int)d.pid);
	fflush(stdout);
	while (read(STDIN_FILENO, buf, sizeof(buf)) > 0)
		;
	stop_delegation(&d);
	return 0;
}
