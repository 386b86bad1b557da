/* The BPF objects this bpfknobs process created itself (an iterator that
 * finds holders, a reader of a kernel counter): their ids, so that every
 * listing labels them as bpfknobs' own (prog.ours) rather than as a
 * stranger's. Ids are registered when an object is created and dropped
 * when it is closed; the kernel frees them when the last fd closes, so
 * nothing of ours outlives the process, SIGKILL included. Thread-safe. */
#ifndef BPFKNOBS_PROGS_OWN_H
#define BPFKNOBS_PROGS_OWN_H

#include <stdbool.h>
#include <stdint.h>

enum own_kind {
	OWN_PROG,
	OWN_LINK,
	OWN_MAP,
	OWN__COUNT,
};

/* Registers id as ours; returns 0 or -ENOMEM. */
int own_add(enum own_kind kind, uint32_t id);
/* Forgets id (closed). */
void own_remove(enum own_kind kind, uint32_t id);
/* Whether id is one of ours now. */
bool own_has(enum own_kind kind, uint32_t id);

/* Registers the program of fd (BPF_OBJ_GET_INFO_BY_FD) and returns its id
 * in *id; 0 or -errno. The same for a link and a map. */
int own_add_prog_fd(int fd, uint32_t *id);
int own_add_link_fd(int fd, uint32_t *id);
int own_add_map_fd(int fd, uint32_t *id);

/* An iterator of ours: its program, its link and its global-data map,
 * registered and forgotten together; 0 where not registered. */
struct own_iter_ids {
	uint32_t prog, link, map;
};

/* Registers the three objects of the fds; 0 or -errno (what was registered
 * before the error is in ids, for own_iter_forget()). */
int own_iter_add(int prog_fd, int link_fd, int map_fd, struct own_iter_ids *ids);
/* Forgets what ids registered and zeroes it. */
void own_iter_forget(struct own_iter_ids *ids);

#endif
