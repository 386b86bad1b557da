#include "base/kver.h"

#include <stdio.h>

unsigned kver_parse(const char *release)
{
	unsigned major, minor, sub = 0;
	char dot;

	if (!release || sscanf(release, "%u.%u", &major, &minor) != 2 || major > 255 ||
	    minor > 255)
		return 0;
	/* "6.1.0-28": a sublevel follows when a dot and a digit follow the minor */
	if (sscanf(release, "%*u.%*u%c%u", &dot, &sub) != 2 || dot != '.')
		sub = 0;
	return major ? KVER(major, minor, sub) : 0;
}

int kver_holds(unsigned kver, unsigned since, unsigned until)
{
	if (!since && !until)
		return 1;
	if (!kver)
		return -1;
	return (!since || kver >= since) && (!until || kver < until);
}

void kver_format(unsigned kver, char *buf, size_t size)
{
	unsigned sub = kver & 0xff;

	if (sub)
		snprintf(buf, size, "%u.%u.%u", kver >> 16, (kver >> 8) & 0xff, sub);
	else
		snprintf(buf, size, "%u.%u", kver >> 16, (kver >> 8) & 0xff);
}

void kver_range_text(unsigned since, unsigned until, char *buf, size_t size)
{
	char a[16], b[16];

	kver_format(since, a, sizeof(a));
	kver_format(until, b, sizeof(b));
	if (since && until)
		snprintf(buf, size, "Linux %s and later, before %s", a, b);
	else if (since)
		snprintf(buf, size, "Linux %s and later", a);
	else if (until)
		snprintf(buf, size, "before Linux %s", b);
	else if (size)
		buf[0] = '\0';
}
