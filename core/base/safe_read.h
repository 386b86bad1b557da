/* Reading files bpfknobs does not control: a --proc tree someone captured,
 * the sysctl.d files any package may drop, a kernel config. Every such read
 * is bounded: it never blocks (a FIFO in place of a file would block an
 * open forever), refuses what is not a regular file (a /dev/zero link would
 * never end), and refuses a file larger than any real one could be. The
 * kernel's own /proc and /proc/sys files are regular files (of size 0), and
 * so is /proc/config.gz, so they pass. */
#ifndef BPFKNOBS_BASE_SAFE_READ_H
#define BPFKNOBS_BASE_SAFE_READ_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

/* The error of a path that is not a regular file (a FIFO, a device, a
 * directory...): -SAFE_READ_ENOTREG; the mode the call returns says what it
 * is. Linux has no EFTYPE; EMEDIUMTYPE is otherwise unused by bpfknobs. */
#define SAFE_READ_ENOTREG EMEDIUMTYPE

/* Opens path for reading with O_NONBLOCK, O_NOCTTY, O_CLOEXEC and extra
 * (O_NOFOLLOW), after checking what it is without opening it, and checks
 * again on the open file. *mode (if not NULL) gets st_mode of what was
 * found, 0 when nothing was. Returns the fd, or -errno: -SAFE_READ_ENOTREG
 * for anything but a regular file, -EFBIG when the file says it holds more
 * than max bytes. */
int safe_open(const char *path, int extra, size_t max, mode_t *mode);

/* safe_open() of name in the directory dir_fd: one component, never
 * through a symbolic link (-ELOOP), resolved with safepath_openat(). */
int safe_openat(int dir_fd, const char *name, size_t max, mode_t *mode);

/* Reads the whole file into buf, NUL-terminated: *len bytes. -EFBIG when
 * it holds size bytes or more; otherwise as safe_open(). */
int safe_read_buf(const char *path, char *buf, size_t size, size_t *len, mode_t *mode);

/* Reads what is left of fd into buf, NUL-terminated: *len bytes; -EFBIG
 * when it holds size bytes or more. fd stays open. */
int safe_read_fd_buf(int fd, char *buf, size_t size, size_t *len);

/* Reads all that is left of fd (at most max bytes) into a malloc'd,
 * NUL-terminated *text of *len bytes; -EFBIG beyond max. fd stays open. */
int safe_read_fd_alloc(int fd, size_t max, char **text, size_t *len);

/* safe_open() and safe_read_fd_alloc() in one. *text is NULL on failure. */
int safe_read_alloc(const char *path, int extra, size_t max, char **text, size_t *len,
		    mode_t *mode);

/* "a FIFO", "a character device", "a directory"... for a mode that is
 * not a regular file's. */
const char *safe_read_type_name(mode_t mode);

/* Why path could not be read, as a sentence without the final period:
 * "/x/osrelease is a FIFO, not a regular file", "/x/config.gz is larger
 * than any real kernel config could be (over 16 MiB)", or the error in
 * words. what names what the file should be ("kernel config"); max is the
 * limit that -EFBIG passed. */
void safe_read_explain(const char *path, const char *what, int err, mode_t mode, size_t max,
		       char *buf, size_t size);

#endif
