/* A container with a delegating bpffs, for the tests of BPF tokens: a
 * child in new user and mount namespaces (its root mapped to an unused
 * uid), a bpffs it opens there (fsopen), the delegate_* options set by this
 * process as root in the initial namespace (fsconfig, as LXD and systemd
 * do), mounted back in the child's mount namespace at a directory. The
 * child lives until stop_delegation() or this process's death
 * (PR_SET_PDEATHSIG); its namespaces, and the mount, go with it. */
#ifndef BPFKNOBS_TESTS_LIB_DELEGATE_H
#define BPFKNOBS_TESTS_LIB_DELEGATE_H

#include <sys/types.h>

struct delegation {
	pid_t pid;  /* the child */
	int sock;   /* closing it ends the child */
};

/* Starts the container with bpffs at dir (an existing directory) mounted
 * with the delegate_* values given (NULL: not set). Returns 0, or -errno
 * with *step naming what failed ("fsconfig delegate_cmds": a kernel before
 * 6.9 has no such option). */
int start_delegation(const char *dir, const char *cmds, const char *maps, const char *progs,
		     const char *attachs, struct delegation *d, const char **step);
void stop_delegation(struct delegation *d);

#endif
