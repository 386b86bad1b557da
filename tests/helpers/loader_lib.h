/* What the test helpers that load BPF objects and hold them share
 * (progs_loader, attach_loader, objs_loader, stats_helper): libbpf's
 * warnings on stderr, a program's line on stdout, waiting to be told to
 * stop, and failing with the reason. */
#ifndef BPFKNOBS_TESTS_HELPERS_LOADER_LIB_H
#define BPFKNOBS_TESTS_HELPERS_LOADER_LIB_H

#include <stdint.h>

/* libbpf's warnings and errors go to stderr, its debug lines nowhere. */
void loader_libbpf_warnings(void);

/* The id of the program, or of the link, behind fd; 0 when it cannot be
 * read. */
uint32_t loader_prog_id(int fd);
uint32_t loader_link_id(int fd);

/* "id<TAB>name" of the program behind fd, as bpf_prog_info has them, on
 * stdout. 0, or -1 with "WHO: reading program info: ..." on stderr. */
int loader_print_prog(const char *who, int fd);

/* Waits until stdin reaches EOF, or SIGTERM or SIGINT arrives: what every
 * helper does once it holds what it was asked to, until the test lets go
 * (closing its end of the pipe, or a signal). */
void loader_wait(void);

/* "WHO: WHAT: <strerror of err>" on stderr (err an errno, or its negation);
 * returns 1, the helpers' exit status for it. */
int loader_fail(const char *who, const char *what, int err);

#endif
