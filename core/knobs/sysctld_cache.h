/* What the sysctl files set, read again only when they may have changed:
 * the browser refreshes every second, and parsing every *.conf of five
 * directories each time is work for nothing. A read keeps a stamp of what
 * it read: the directories and the files it applied (device, inode, size,
 * modification and change times). The next call stats them, a few dozen
 * stats, and reads the files again only when the stamp differs, when this
 * process saved a sysctl file since (sysctld_writes()), or while the files'
 * times are too recent to tell a second change within the same clock tick
 * from none (the time stamps are as coarse as the kernel's tick). */
#ifndef BPFKNOBS_KNOBS_SYSCTLD_CACHE_H
#define BPFKNOBS_KNOBS_SYSCTLD_CACHE_H

#include <stddef.h>

#include "knobs/sysctld.h"

struct sysctld_cache;

/* NULL when out of memory. */
struct sysctld_cache *sysctld_cache_new(void);
void sysctld_cache_free(struct sysctld_cache *cache);

/* sysctld_boot_settings(), from what cache kept when nothing changed.
 * keys are the same strings from call to call (another set is read anew).
 * 0 or -ENOMEM. */
int sysctld_cache_settings(struct sysctld_cache *cache, const char *root, const char *const *keys,
			   size_t nr_keys, struct sysctld_setting *out);

/* How many times the files were read: for tests. */
unsigned long sysctld_cache_nr_reads(const struct sysctld_cache *cache);

#endif
