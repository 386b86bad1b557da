/* User names by uid, looked up once (see uid_names.h). */
#include "base/uid_names.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "base/vec.h"

/* name into buf as snprintf("%s") puts it, without the formatting: a
 * refresh asks this for every program. */
static void uid_names_copy(char *buf, size_t size, const char *name)
{
	size_t len = strnlen(name, size ? size - 1 : 0);

	if (!size)
		return;
	memcpy(buf, name, len);
	buf[len] = '\0';
}

void uid_names_get(struct uid_names *names, uint32_t uid, char *buf, size_t size)
{
	struct uid_names_entry *e;
	struct passwd pw, *res = NULL;
	char tmp[1024];

	for (size_t i = 0; i < names->nr; i++)
		if (names->entries[i].uid == uid) {
			uid_names_copy(buf, size, names->entries[i].name);
			return;
		}
	if (getpwuid_r((uid_t)uid, &pw, tmp, sizeof(tmp), &res) || !res)
		snprintf(buf, size, "%u", (unsigned)uid);
	else
		snprintf(buf, size, "%s", res->pw_name);
	e = VEC_PUSH(names->entries, names->nr, names->cap);
	if (!e)
		return;
	e->uid = uid;
	snprintf(e->name, sizeof(e->name), "%s", buf);
}

void uid_names_free(struct uid_names *names)
{
	free(names->entries);
	memset(names, 0, sizeof(*names));
}
