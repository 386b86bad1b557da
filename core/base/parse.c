#include "base/parse.h"

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
	for (size_t d = i; d < len; d++)
		if (!parse_is_digit(text[d]))
			return -EINVAL;
	/* Leading zeros say nothing of the size: "000...051" is 51. */
	size_t zeros = 0;
	while (i + zeros + 1 < len && text[i + zeros] == '0')
		zeros++;
	if (len - zeros >= sizeof(buf))
		return -ERANGE;
	memcpy(buf, text, i); /* the sign */
	memcpy(buf + i, text + i + zeros, len - i - zeros);
	buf[len - zeros] = '\0';
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	*out = v;
	return 0;
}
