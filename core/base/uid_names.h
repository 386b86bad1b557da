/* User names by uid, each looked up once: getpwuid_r() may read
 * /etc/passwd or ask NSS, too slow to repeat for every program on every
 * refresh, and a handful of uids load programs. */
#ifndef BPFKNOBS_BASE_UID_NAMES_H
#define BPFKNOBS_BASE_UID_NAMES_H

#include <stddef.h>
#include <stdint.h>

struct uid_names_entry {
	uint32_t uid;
	char name[32];
};

struct uid_names {
	struct uid_names_entry *entries;
	size_t nr, cap;
};

/* The user name of uid into buf, or the number when it has none. Out of
 * memory, the name is still given, only not kept. */
void uid_names_get(struct uid_names *names, uint32_t uid, char *buf, size_t size);

/* Frees the names and zeroes names; a zeroed struct is an empty one. */
void uid_names_free(struct uid_names *names);

#endif
