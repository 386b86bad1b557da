/* Throw-away /proc trees for unit tests: each test builds exactly the state
 * it needs in a fresh temporary directory. */
#ifndef BPFKNOBS_TESTS_LIB_FIXTURE_H
#define BPFKNOBS_TESTS_LIB_FIXTURE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fixture {
	char dir[256];
};

/* A tree as this project's reference machine shows it: every knob at its
 * default, sys/kernel/{osrelease,arch,hostname}, the net.core files of the
 * initial namespace, and a gzip config.gz with the BPF JIT always on. */
void fixture_new(struct fixture *fx);
void fixture_new_empty(struct fixture *fx);

/* Writes content (len bytes, or strlen when len is (size_t)-1) to DIR/rel,
 * creating parent directories. */
void fixture_write(struct fixture *fx, const char *rel, const char *content, size_t len);
void fixture_write_gz(struct fixture *fx, const char *rel, const char *content);
void fixture_remove(struct fixture *fx, const char *rel);
void fixture_path(const struct fixture *fx, const char *rel, char *buf, size_t size);

/* Removes the whole tree. */
void fixture_free(struct fixture *fx);

/* A kernel config with the given BPF options; the rest as on the reference. */
extern const char fixture_config_always_on[];
extern const char fixture_config_plain_jit[];



/* Tests that change a real knob hold this lock exclusively, and tests that
 * compare against real knobs hold it shared, so a parallel "make check"
 * never sees a knob mid-change. Returns the fd to pass to fixture_unlock. */
int fixture_lock_kernel(bool exclusive);
void fixture_unlock_kernel(int fd);

/* A child, named bk_seccomp, running two seccomp filters (allow all), and
 * its child one more: three in all, two of them shared. Both hold the files
 * they were forked with and live until killed, or until the caller exits.
 * Returns the child's pid, *grandchild the other's; dies on failure. The
 * command is not the caller's: bpfknobs leaves out the records of its own
 * forked children under its command (holders_drop_children()). */
pid_t fixture_seccomp_chain(pid_t *grandchild);
#endif
