/* The probes of a browser session, in a background thread with an eventfd
 * that turns readable when they are done, as the /proc/kallsyms reader
 * does: the first paint never waits for them (tens of milliseconds, each
 * identity a forked child). They run once per session and again after a
 * change of a knob. */
#ifndef BPFKNOBS_REACH_REACH_SESSION_H
#define BPFKNOBS_REACH_REACH_SESSION_H

#include <stdbool.h>

#include "base/procroot.h"
#include "reach/reach.h"

struct reach_session;

/* A session over root; kconfig and kver are copied (the build, read once).
 * NULL when out of memory or descriptors. */
struct reach_session *reach_session_new(const struct procroot *root, const struct kconfig *kconfig,
					unsigned kver);
/* Frees it, first waiting for probes in progress (bounded by their
 * timeouts). */
void reach_session_free(struct reach_session *s);

/* Starts the probes. 0, or -EBUSY while a run is not collected. Without a
 * thread to be had, probes before returning. */
int reach_session_start(struct reach_session *s);
bool reach_session_running(const struct reach_session *s);
/* Whether a started run has finished: collecting will not block. */
bool reach_session_ready(const struct reach_session *s);
/* Readable while reach_session_ready() is true, for poll(). */
int reach_session_fd(const struct reach_session *s);

/* Copies the finished run into *out, with the plain user's verdicts from
 * the last run of the session in which unprivileged_bpf_disabled was 0
 * (reach.user_open_*); with wait, waits for a run in progress. Returns
 * false, leaving *out alone, when there is none to collect. */
bool reach_session_collect(struct reach_session *s, bool wait, struct reach *out);

#endif
