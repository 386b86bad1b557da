#include "parse.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int parse_is_digit(char c)
{
	return c >= '0' && c <= '9'; /* isdigit() would follow the locale */
}

int parse_long_strict(const char *text, size_t len, long *out)
{
	char buf[32];
	size_t i = 0;
	char *end;
	long v;

	if (len > 0 && text[len - 1] == '\n')
		len--;
	if (len == 0)
		return -ENODATA;
	/* The kernel prints neither blanks nor '+', so strtol's leniency is refused. */
	if (text[0] == '-')
		i++;
	if (i == len)
		return -EINVAL;
	for (; i < len; i++)
		if (!parse_is_digit(text[i]))
			return -EINVAL;
	if (len >= sizeof(buf))
		return -ERANGE;
	memcpy(buf, text, len);
	buf[len] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}
