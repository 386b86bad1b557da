/* Strict parsing of the numbers the kernel prints in /proc and of what a
 * person types. */
#ifndef BPFKNOBS_BASE_PARSE_H
#define BPFKNOBS_BASE_PARSE_H

#include <stddef.h>

/* A decimal long, optionally signed, with nothing after it but one newline:
 * what proc_dointvec/proc_doulongvec print. Returns -ENODATA for an empty
 * file, -EINVAL for anything else that is not such a number, -ERANGE when it
 * does not fit a long. */
int parse_long_strict(const char *text, size_t len, long *out);

#endif
