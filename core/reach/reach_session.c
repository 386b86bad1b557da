/* The session's background probes (reach_session.h).
 *
 * Threading: the thread touches only result, finished and efd (and reads
 * root, kconfig and kver, which are not written while it runs). The main
 * thread reads result only after joining the thread. */
#include "reach/reach_session.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "reach/reach_probe.h"

struct reach_session {
	struct procroot root;
	struct kconfig kconfig;
	unsigned kver;
	int efd;

	/* main thread only */
	bool running, joinable;
	pthread_t thread;
	/* the plain user's verdicts in the last run with unprivileged_bpf_disabled 0 */
	int8_t open_prog[REACH_MAX_TYPES], open_map[REACH_MAX_TYPES];
	bool open_seen;

	/* written by the thread */
	atomic_bool finished;
	struct reach result;
};

struct reach_session *reach_session_new(const struct procroot *root, const struct kconfig *kconfig,
					unsigned kver)
{
	struct reach_session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->root = *root;
	if (kconfig)
		s->kconfig = *kconfig;
	s->kver = kver;
	atomic_init(&s->finished, false);
	s->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (s->efd < 0) {
		free(s);
		return NULL;
	}
	return s;
}

void reach_session_free(struct reach_session *s)
{
	struct reach *scratch;

	if (!s)
		return;
	scratch = malloc(sizeof(*scratch));
	if (s->running) {
		if (scratch)
			reach_session_collect(s, true, scratch);
		else if (s->joinable)
			pthread_join(s->thread, NULL);
	}
	free(scratch);
	close(s->efd);
	free(s);
}

static void *reach_session_thread(void *arg)
{
	struct reach_session *s = arg;
	uint64_t one = 1;

	reach_probe(&s->result, &s->root, &s->kconfig, s->kver);
	atomic_store_explicit(&s->finished, true, memory_order_release);
	if (write(s->efd, &one, sizeof(one)) < 0) {
		/* one write per run cannot overflow the counter */
	}
	return NULL;
}

int reach_session_start(struct reach_session *s)
{
	int err;

	if (s->running)
		return -EBUSY;
	atomic_store_explicit(&s->finished, false, memory_order_relaxed);
	err = pthread_create(&s->thread, NULL, reach_session_thread, s);
	s->joinable = !err;
	if (err)
		reach_session_thread(s); /* no thread to be had: probe here and now */
	s->running = true;
	return 0;
}

bool reach_session_running(const struct reach_session *s)
{
	return s->running;
}

bool reach_session_ready(const struct reach_session *s)
{
	return s->running && atomic_load_explicit(&s->finished, memory_order_acquire);
}

int reach_session_fd(const struct reach_session *s)
{
	return s->efd;
}

/* Keeps the plain user's verdicts of a run where the knob let users load. */
static void reach_session_remember(struct reach_session *s, struct reach *r)
{
	const struct reach_identity *user = reach_find(r, REACH_USER);

	if (user && user->probed && !r->gates.knob_error && r->gates.knob == 0 &&
	    !r->gates.knob_moved) {
		s->open_seen = true;
		for (size_t i = 0; i < REACH_MAX_TYPES; i++) {
			s->open_prog[i] = user->prog[i].loads;
			s->open_map[i] = user->map[i].loads;
		}
	}
	r->user_open_seen = s->open_seen;
	memcpy(r->user_open_prog, s->open_prog, sizeof(r->user_open_prog));
	memcpy(r->user_open_map, s->open_map, sizeof(r->user_open_map));
}

bool reach_session_collect(struct reach_session *s, bool wait, struct reach *out)
{
	uint64_t count;

	if (!s->running || (!wait && !reach_session_ready(s)))
		return false;
	if (s->joinable)
		pthread_join(s->thread, NULL);
	s->running = false;
	s->joinable = false;
	if (read(s->efd, &count, sizeof(count)) < 0) {
		/* EAGAIN: nothing was signalled, which cannot happen after a join */
	}
	reach_session_remember(s, &s->result);
	*out = s->result;
	return true;
}
