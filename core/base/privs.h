/* The process's privileges that decide what it may read and change. */
#ifndef BPFKNOBS_BASE_PRIVS_H
#define BPFKNOBS_BASE_PRIVS_H

#include <stdbool.h>
#include <sys/types.h>

enum privs_cap {
	PRIVS_CAP_SYS_ADMIN, /* read the 0600 knobs, write any knob, list programs */
	PRIVS_CAP_BPF,       /* load programs; not enough to list them */
	PRIVS_CAP_SYSLOG,    /* see real addresses in /proc/kallsyms */
	PRIVS_CAP_NET_ADMIN, /* open the net.core files without being uid 0 */
	PRIVS_CAP__COUNT,
};

struct privs {
	uid_t uid, euid;
	bool cap[PRIVS_CAP__COUNT]; /* in the effective set */
	bool init_userns;           /* in the initial user namespace, where the
				     * capabilities are the ones the knobs check */
	int error;                  /* -errno when the capability sets could not be read */
};

/* "CAP_SYS_ADMIN" */
const char *privs_cap_name(enum privs_cap cap);

/* Fills privs for the calling process. */
int privs_read(struct privs *privs);

/* Root with CAP_SYS_ADMIN in the initial user namespace: may read every
 * knob and write them. */
bool privs_can_admin(const struct privs *privs);

/* Whether this process is in the initial user namespace. */
bool privs_in_init_userns(void);

#endif
