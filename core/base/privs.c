#include "base/privs.h"

#include <errno.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef CAP_BPF
#define CAP_BPF 39 /* since Linux 5.8; older libcap headers lack it */
#endif

static const struct {
	const char *name;
	cap_value_t value;
} privs_caps[PRIVS_CAP__COUNT] = {
	[PRIVS_CAP_SYS_ADMIN] = { "CAP_SYS_ADMIN", CAP_SYS_ADMIN },
	[PRIVS_CAP_BPF] = { "CAP_BPF", CAP_BPF },
	[PRIVS_CAP_SYSLOG] = { "CAP_SYSLOG", CAP_SYSLOG },
	[PRIVS_CAP_NET_ADMIN] = { "CAP_NET_ADMIN", CAP_NET_ADMIN },
};

const char *privs_cap_name(enum privs_cap cap)
{
	return cap < PRIVS_CAP__COUNT ? privs_caps[cap].name : "?";
}

/* The inode of the initial user namespace's nsfs file: PROC_USER_INIT_INO
 * (include/linux/proc_ns.h), the same on every kernel since 3.8. */
#define PRIVS_INIT_USER_NS_INO 0xEFFFFFFDU

bool privs_in_init_userns(void)
{
	struct stat st;

	/* No such file: a kernel without user namespaces (CONFIG_USER_NS
	 * unset), where every process is in the initial one. */
	if (stat("/proc/self/ns/user", &st))
		return errno == ENOENT;
	return st.st_ino == PRIVS_INIT_USER_NS_INO;
}

int privs_read(struct privs *privs)
{
	cap_t caps;

	memset(privs, 0, sizeof(*privs));
	privs->uid = getuid();
	privs->euid = geteuid();
	privs->init_userns = privs_in_init_userns();
	caps = cap_get_proc();
	if (!caps) {
		privs->error = -errno;
		return privs->error;
	}
	for (int i = 0; i < PRIVS_CAP__COUNT; i++) {
		cap_flag_value_t on = CAP_CLEAR;

		/* A kernel older than the capability reports it as not held. */
		if (cap_get_flag(caps, privs_caps[i].value, CAP_EFFECTIVE, &on) == 0)
			privs->cap[i] = on == CAP_SET;
	}
	cap_free(caps);
	return 0;
}

bool privs_can_admin(const struct privs *privs)
{
	/* capable() checks the initial user namespace for the knobs
	 * (proc_sys_permission(), the handlers' capable(CAP_SYS_ADMIN)):
	 * uid 0 with every capability inside a user namespace is no root */
	return privs->euid == 0 && privs->cap[PRIVS_CAP_SYS_ADMIN] && privs->init_userns;
}
