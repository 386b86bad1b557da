/* The session of a program list and its refresh (see prog_session.h): the
 * readers run over the model in the order the data needs: enumeration
 * (prog_info.c), the per-id memory (prog_memo.c), the maps (prog_maps.c),
 * the kallsyms read (ksyms_cache.c), the holders (holders/), the
 * attachments (attach/), the names (ksyms_cache.c), the other JIT images
 * (jit_images.c), then the statistics (prog_session_stats.c). */
#include "refresh/prog_session.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attach/attach.h"
#include "base/probe_fence.h"
#include "holders/holders.h"
#include "jitmem/jitmem.h"
#include "ksyms/jit_images.h"
#include "ksyms/ksyms_cache.h"
#include "progs/prog_ids_iter.h"
#include "progs/prog_info.h"
#include "progs/prog_maps.h"
#include "progs/prog_memo.h"
#include "holders/prog_owners.h"
#include "refresh/prog_session_stats.h"
#include "ksyms/ksyms_names.h"
#include "base/privs.h"
#include "base/uid_names.h"

struct prog_session {
	struct procroot root;
	struct ksyms_cache *ksyms;
	struct prog_memo memo;
	struct uid_names users;
	struct holders *holders;
	unsigned long nr_refreshes;
	/* what the last refresh saw that decides whether a program's info may
	 * come from the memo (prog_session_reuse()) */
	struct prog_context last_ctx;
	bool last_stats_off;
	bool listed_from_memo; /* this refresh took some program's info from the memo */
	size_t info_reads;     /* programs whose info this refresh asked the kernel */
	struct attach_cache *attach;
	struct prog_maps *maps; /* the maps programs use, kept per map id */
	struct jit_images *images; /* what the other JIT images serve */
	struct jitmem *jitmem; /* JIT memory in use: the counter's reader, the seccomp walk */
	struct prog_ids_iter *ids; /* bpfknobs' bpf_prog iterator, or NULL */
	bool ids_tried;            /* its load was tried (once per session) */
	bool once;                 /* prog_session_refreshes_once() */
};

/* ---- the session ---- */

struct prog_session *prog_session_new(const struct procroot *root)
{
	struct prog_session *session;

	prog_quiet_libbpf();
	session = calloc(1, sizeof(*session));
	if (!session)
		return NULL;
	session->root = *root;
	session->ksyms = ksyms_cache_new(root);
	session->holders = holders_new(root);
	session->attach = attach_cache_new();
	session->maps = prog_maps_new(root);
	session->images = jit_images_new();
	session->jitmem = jitmem_new();
	if (!session->ksyms || !session->holders || !session->attach || !session->maps ||
	    !session->images || !session->jitmem) {
		prog_session_free(session);
		return NULL;
	}
	return session;
}

void prog_session_free(struct prog_session *session)
{
	if (!session)
		return;
	ksyms_cache_free(session->ksyms);
	prog_memo_free(&session->memo);
	uid_names_free(&session->users);
	holders_free(session->holders);
	attach_cache_free(session->attach);
	prog_maps_free(session->maps);
	jit_images_free(session->images);
	jitmem_free(session->jitmem);
	prog_ids_iter_free(session->ids);
	free(session);
}

void prog_session_refreshes_once(struct prog_session *session)
{
	session->once = true;
}

bool prog_session_ready(struct prog_session *session)
{
	return session && ksyms_cache_ready(session->ksyms);
}

int prog_session_fd(struct prog_session *session)
{
	return session ? ksyms_cache_fd(session->ksyms) : -1;
}

struct prog_session_probe prog_session_probe(const struct prog_session *session)
{
	return (struct prog_session_probe){
		.kallsyms_reads = ksyms_cache_nr_reads(session->ksyms),
		.kallsyms_reading = ksyms_cache_reading(session->ksyms),
		.attach_walks = attach_cache_nr_walks(session->attach),
		.info_reads = session->info_reads,
	};
}

void prog_session_probe_expire_walks(struct prog_session *session)
{
	attach_cache_expire(session->attach);
}

void prog_session_probe_hold_kallsyms(struct prog_session *session, bool hold)
{
	ksyms_cache_hold(session->ksyms, hold);
}

/* ---- the refresh ---- */

static int prog_session_owners(struct prog_session *session, struct prog_list *out)
{
	/* Best effort: who holds a program is a detail of the list, so a search
	 * that fails does not fail the refresh; it is kept for the caller
	 * (owners_error). The first refresh reads every process, the next ones
	 * go on within a step's budget. */
	int err = holders_update(session->holders,
				 session->nr_refreshes ? HOLDERS_STEP : HOLDERS_WHOLE, out);

	return err ? err : prog_owners_fill(session->holders, out);
}

/* bpfknobs' bpf_prog iterator, loaded once per session that refreshes
 * again, where the holders' iterator may be (a live tree, CAP_SYS_ADMIN, no
 * --no-iterator); a kernel that cannot load it leaves the ids to
 * BPF_PROG_GET_NEXT_ID. */
static void prog_session_prepare_ids(struct prog_session *session)
{
	struct privs privs;

	if (session->ids_tried || session->once || session->root.no_iterator)
		return;
	session->ids_tried = true;
	if (!privs_read(&privs) && privs.cap[PRIVS_CAP_SYS_ADMIN])
		(void)prog_ids_iter_open(&session->ids);
}

/* The ids the iterator reads now into *given (the iterator's buffer), or
 * none: the enumeration walks them itself. A read the kernel refuses, or
 * that does not add up, drops the iterator for the rest of the session. */
static void prog_session_read_ids(struct prog_session *session, struct prog_info_ids *given)
{
	const uint32_t *ids;
	size_t nr;

	*given = (struct prog_info_ids){ 0 };
	if (!session->ids)
		return;
	if (prog_ids_iter_read(session->ids, &ids, &nr)) {
		prog_ids_iter_free(session->ids);
		session->ids = NULL;
		return;
	}
	*given = (struct prog_info_ids){ .ids = ids, .nr = nr };
}

/* The holders status of a list for which none are looked for. */
static void prog_session_no_holders(struct prog_list *out, const char *why)
{
	out->holders.source = PROG_HOLDERS_NONE;
	out->holders.complete = out->holders.covered = false;
	snprintf(out->holders.reason, sizeof(out->holders.reason), "%s", why);
}

static void prog_list_fail(struct prog_list *out, int err)
{
	prog_list_free(out);
	out->error = err;
	out->error_text = prog_list_error_text(err);
}

/* Whether nothing that changes a loaded program's info changed since the
 * last refresh: statistics were off then (so the counters stood still and
 * were read after they stopped) and their sysctl still is, and the knobs
 * and this process's view of addresses are as they were. A stats fd opened
 * since shows in the holders, and the next refresh reads again (this one's
 * counters make no rate sample). */
static struct prog_info_reuse prog_session_reuse(const struct prog_session *session,
						 const struct prog_context *ctx)
{
	const struct prog_context *last = &session->last_ctx;
	/* without CAP_SYSLOG whether the addresses show also turns on
	 * kernel.perf_event_paranoid (kallsyms_show_value()), which is not
	 * read here: every refresh asks then */
	bool same = session->nr_refreshes > 0 && session->last_stats_off && ctx->cap_syslog &&
		    last->kptr_restrict == ctx->kptr_restrict && last->cap_syslog == ctx->cap_syslog;

	for (int i = 0; same && i < KNOB__COUNT; i++)
		same = last->knobs.known[i] == ctx->knobs.known[i] &&
		       last->knobs.value[i] == ctx->knobs.value[i];
	return (struct prog_info_reuse){ .allowed = same, .round = session->nr_refreshes };
}

static int prog_session_list(struct prog_session *session, const struct prog_context *ctx,
			      bool wait, struct prog_list *out)
{
	struct prog_info_reuse reuse = prog_session_reuse(session, ctx);
	struct prog_info_read read = { 0 };
	struct prog_info_ids given;
	bool fenced;
	int err;

	prog_quiet_libbpf();
	memset(out, 0, sizeof(*out));
	session->listed_from_memo = false;
	session->info_reads = 0;
	if (!session->root.live) {
		prog_list_fail(out, -EOPNOTSUPP);
		prog_session_no_holders(out, "Not looked for: a captured tree (--proc) has no "
					"processes to read.");
		return 0;
	}
	/* Best effort: this early read only gets ahead of the one the program
	 * set needs, which ksyms_cache_schedule() starts (and fails on) anyway.
	 * A table read later replaces this error. */
	out->kallsyms_error = ksyms_cache_begin(session->ksyms, ctx);
	/* bpfknobs' own iterators, loaded once, before the enumeration that
	 * lists them (as bpfknobs' own) and while the early read is still on
	 * the kernel's symbols, far from the [bpf] ones at the end */
	holders_prepare(session->holders);
	prog_session_prepare_ids(session);
	/* not while a probe child of ours has programs loaded (probe_fence.h) */
	fenced = probe_fence_enter_listing();
	prog_session_read_ids(session, &given);
	err = prog_info_enumerate(&session->root, &session->memo, &reuse, &given, &session->users,
				  out, &read);
	probe_fence_leave_listing(fenced);
	for (size_t i = 0; read.from_memo && i < out->nr_progs; i++) {
		session->listed_from_memo |= read.from_memo[i];
		session->info_reads += !read.from_memo[i];
	}
	if (err && err != -ENOMEM) {
		prog_list_fail(out, err);
		prog_session_no_holders(out, "Not looked for, since programs cannot be listed.");
		free(read.hidden);
		free(read.from_memo);
		return 0;
	}
	if (!err)
		err = prog_memo_update(&session->memo, out);
	/* A session that refreshes again keeps what the info calls said, while
	 * statistics are off (a report's one refresh, or one that reads every
	 * program anyway, has no use for it); one not kept is read again.
	 * While they are not off, what was kept stops being true (the counters
	 * move): it goes, and once they are off again every program is read
	 * on its first two refreshes as if new. */
	if (!err && session->nr_refreshes > 0 && session->last_stats_off)
		(void)prog_memo_keep_info(&session->memo, out, read.from_memo, read.hidden);
	else if (!err)
		prog_memo_drop_info(&session->memo);
	if (!err)
		err = prog_maps_fill(session->maps, out);
	if (!err)
		err = ksyms_cache_schedule(session->ksyms, ctx, out, read.hidden);
	if (!err)
		err = prog_session_owners(session, out);
	if (!err)
		err = attach_refresh(session->attach, &session->root, session->holders, out);
	if (!err)
		err = ksyms_cache_resolve(session->ksyms, ctx, wait, read.hidden, &session->memo, out);
	if (!err)
		err = jit_images_describe(session->images, out);
	free(read.hidden);
	free(read.from_memo);
	if (err)
		prog_list_fail(out, err);
	return err == -ENOMEM ? err : 0;
}

void prog_session_begin(struct prog_session *session, const struct prog_context *ctx)
{
	if (session->root.live)
		(void)ksyms_cache_begin(session->ksyms, ctx);
}

int prog_session_refresh(struct prog_session *session, const struct prog_context *ctx, bool wait,
		  struct prog_list *out)
{
	/* the rates' clock: as close to the counters' reading as one read of
	 * the clock for all programs gets */
	uint64_t now = prog_session_stats_now();
	int err = prog_session_list(session, ctx, wait, out);

	if (prog_session_stats_update(&session->memo, session->holders, ctx, now,
				      !session->listed_from_memo, out) && !err)
		err = -ENOMEM;
	session->last_ctx = *ctx;
	session->last_stats_off = !out->error && out->stats.on == STATS_OFF;
	session->nr_refreshes++;
	return err;
}

const struct holders *prog_session_holders(const struct prog_session *session)
{
	return session ? session->holders : NULL;
}

struct jitmem *prog_session_jitmem(struct prog_session *session)
{
	return session->jitmem;
}

void prog_session_history(const struct prog_session *session, uint32_t id,
			 struct prog_history *out)
{
	prog_memo_history(&session->memo, id, out);
}
