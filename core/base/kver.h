/* The running kernel's version, parsed once from its release string
 * (kernel.osrelease: "6.1.0-28-amd64", "5.10.223-1", "7.3.1+deb14-amd64"),
 * and the version ranges facts carry: a fact holds on [since, until). */
#ifndef BPFKNOBS_BASE_KVER_H
#define BPFKNOBS_BASE_KVER_H

#include <stdbool.h>
#include <stddef.h>

/* As the kernel's KERNEL_VERSION(): the sublevel saturates at 255. */
#define KVER(major, minor, sub) (((unsigned)(major) << 16) + ((unsigned)(minor) << 8) + \
				 ((unsigned)(sub) > 255 ? 255u : (unsigned)(sub)))

/* The version of a release string; 0 when it does not start with
 * MAJOR.MINOR (a sublevel is optional and defaults to 0). */
unsigned kver_parse(const char *release);

/* Whether a fact for [since, until) holds on version kver; 0 bounds are
 * open. An unknown version (0) gives -1 for a bounded fact, since it may or
 * may not hold; 1 holds, 0 does not. */
int kver_holds(unsigned kver, unsigned since, unsigned until);

/* "6.5", "5.10.223": the shortest form that names the version. */
void kver_format(unsigned kver, char *buf, size_t size);

/* For a fact whose version is not known to hold: "Linux 6.5 and later",
 * "before Linux 6.4", "Linux 5.16 to 6.4"; "" for an unbounded one. */
void kver_range_text(unsigned since, unsigned until, char *buf, size_t size);

#endif
