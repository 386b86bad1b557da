/* The program list against the real kernel (root; in CI it must run):
 * programs loaded here with libbpf are checked against bpftool -j prog
 * show and every symbol against the /proc/kallsyms line at its address;
 * the cache reads /proc/kallsyms only on a change; bpf_jit_kallsyms and
 * bpf_jit_harden hide the symbols with a reason naming them, restored in
 * teardown whatever happens. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <json-c/json.h>

#include <cmocka.h>

#include "base/probe_fence.h"
#include "bpf/load.h"
#include "lib/fixture.h"
#include "ksyms/ksyms_iter.h"
#include "ksyms/ksyms_names.h"
#include "progs/own.h"
#include "progs/prog_ids_iter.h"
#include "progs/prog_info.h"
#include "reach/reach_session.h"
#include "stats/stats_session.h"
#include "refresh/snapshot.h"

#define NR_LOADED 5

static const char knob_kallsyms[] = "/proc/sys/net/core/bpf_jit_kallsyms";
static const char knob_harden[] = "/proc/sys/net/core/bpf_jit_harden";
/* no knob of ours, but it hides kallsyms addresses (kallsyms_show_value()) */
static const char knob_kptr[] = "/proc/sys/kernel/kptr_restrict";

static struct {
	int fds[NR_LOADED];
	uint32_t ids[NR_LOADED];
	enum testprogs_kind kinds[NR_LOADED];
	char saved_kallsyms[16], saved_harden[16], saved_kptr[16]; /* "" when not changed */
} g;

/* ---- knobs, restored whatever happens ---- */

static int read_text(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	close(fd);
	return n < 0 ? -errno : 0;
}

static void restore_knobs(void)
{
	if (g.saved_kallsyms[0] && write_text(knob_kallsyms, g.saved_kallsyms))
		fprintf(stderr, "test_progs: could not restore %s to %s", knob_kallsyms,
			g.saved_kallsyms);
	if (g.saved_harden[0] && write_text(knob_harden, g.saved_harden))
		fprintf(stderr, "test_progs: could not restore %s to %s", knob_harden,
			g.saved_harden);
	if (g.saved_kptr[0] && write_text(knob_kptr, g.saved_kptr))
		fprintf(stderr, "test_progs: could not restore %s to %s", knob_kptr, g.saved_kptr);
	g.saved_kallsyms[0] = g.saved_harden[0] = g.saved_kptr[0] = '\0';
}

static void restore_on_signal(int sig)
{
	restore_knobs();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void set_knob(const char *path, char *saved, const char *value)
{
	if (!saved[0])
		assert_int_equal(read_text(path, saved, 16), 0);
	assert_int_equal(write_text(path, value), 0);
}

/* ---- what the kernel says, independently of core/ ---- */

/* The /proc/kallsyms [bpf] line at addr, or "" when none. */
static void kallsyms_at(uint64_t addr, char *name, size_t size)
{
	FILE *f = fopen("/proc/kallsyms", "re");
	char line[1024];

	name[0] = '\0';
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char type, sym[600], mod[64] = "";
		uint64_t a;

		if (sscanf(line, "%" SCNx64 " %c %599s %63s", &a, &type, sym, mod) >= 3 &&
		    a == addr && !strcmp(mod, "[bpf]")) {
			snprintf(name, size, "%s", sym);
			break;
		}
	}
	fclose(f);
}

static json_object *bpftool_progs(void)
{
	FILE *p = popen("bpftool -j prog show", "r");
	char *buf = NULL;
	size_t len = 0, cap = 0;
	json_object *arr;

	assert_non_null(p);
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 1 << 20;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t n = fread(buf + len, 1, cap - len - 1, p);

		if (!n)
			break;
		len += n;
	}
	assert_int_equal(pclose(p), 0);
	buf[len] = '\0';
	arr = json_tokener_parse(buf);
	free(buf);
	assert_non_null(arr);
	return arr;
}

static json_object *bpftool_find(json_object *arr, uint32_t id)
{
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		json_object *o = json_object_array_get_idx(arr, i), *v;

		if (json_object_object_get_ex(o, "id", &v) && json_object_get_int64(v) == id)
			return o;
	}
	return NULL;
}

static int64_t jint(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		fail_msg("bpftool gave no \"%s\"", key);
	return json_object_get_int64(v);
}

static const char *jstr(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

/* ---- helpers over core/ ---- */

static void context_knob(struct prog_context *ctx, enum knob_id id, const char *path)
{
	char buf[16];

	assert_int_equal(read_text(path, buf, sizeof(buf)), 0);
	ctx->knobs.known[id] = true;
	ctx->knobs.value[id] = atol(buf);
}

static void context(struct prog_context *ctx)
{
	char buf[16];

	memset(ctx, 0, sizeof(*ctx));
	context_knob(ctx, KNOB_JIT_KALLSYMS, knob_kallsyms);
	context_knob(ctx, KNOB_JIT_HARDEN, knob_harden);
	context_knob(ctx, KNOB_JIT_ENABLE, "/proc/sys/net/core/bpf_jit_enable");
	assert_int_equal(read_text("/proc/sys/kernel/kptr_restrict", buf, sizeof(buf)), 0);
	ctx->kptr_restrict = atol(buf);
	ctx->cap_syslog = true;
}

static const struct prog *find(const struct prog_list *list, uint32_t id)
{
	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].id == id)
			return &list->progs[i];
	return NULL;
}

/* find() for a program that must be there (abort() also tells the
 * compiler that the result is not NULL) */
static const struct prog *get(const struct prog_list *list, uint32_t id)
{
	const struct prog *p = find(list, id);

	if (!p) {
		fail_msg("program %u is not in the list", (unsigned)id);
		abort();
	}
	return p;
}

static uint32_t id_of_map(int fd)
{
	struct bpf_map_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
	return info.id;
}

static uint32_t id_of(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	assert_int_equal(bpf_obj_get_info_by_fd(fd, &info, &len), 0);
	return info.id;
}

/* A snapshot of the live kernel; no_iterator: holders from /proc only. */
static struct snapshot *take_from(bool no_iterator)
{
	struct snapshot *snap = calloc(1, sizeof(*snap));
	struct procroot root;

	assert_non_null(snap);
	assert_int_equal(procroot_init(&root, NULL), 0);
	root.no_iterator = no_iterator;
	assert_int_equal(snapshot_take(snap, &root), 0);
	assert_int_equal(snap->progs.error, 0);
	return snap;
}

static struct snapshot *take(void)
{
	return take_from(false);
}

static void drop(struct snapshot *snap)
{
	snapshot_free(snap);
	free(snap);
}

/* The seccomp counts of JIT memory: from the iterator's walk, the same as
 * the /proc walk's (--no-iterator), a chain of three filters included. */
static void test_seccomp_counts(void **state)
{
	pid_t grandchild, child = fixture_seccomp_chain(&grandchild);
	int tries;

	(void)state;
	/* processes may start and stop between the two: a few tries */
	for (tries = 0; tries < 5; tries++) {
		struct snapshot *a = take(), *b = take_from(true);
		const struct jit_classic_seccomp *x = &a->jitmem.seccomp, *y = &b->jitmem.seccomp;
		bool same;

		assert_int_equal(a->progs.holders.source, PROG_HOLDERS_ITERATOR);
		assert_int_equal(b->progs.holders.source, PROG_HOLDERS_PROC);
		assert_int_equal(x->error, 0);
		assert_true(x->processes >= 2 && x->filters >= 3 && x->attached >= 5);
		same = x->error == y->error && x->processes == y->processes &&
		       x->filters == y->filters && x->attached == y->attached;
		if (!same)
			print_message("iterator %u processes, %u filters, %" PRIu64 " attached; "
				      "/proc %u, %u, %" PRIu64 "\n", x->processes, x->filters,
				      x->attached, y->processes, y->filters, y->attached);
		drop(a);
		drop(b);
		if (same)
			break;
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	kill(grandchild, SIGKILL);
	assert_true(tries < 5);
}

/* ---- setup ---- */

static int group_setup(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		if (getenv("CI")) {
			fprintf(stderr, "test_progs: must run as root in CI\n");
			return -1;
		}
		return 0; /* every test skips */
	}
	prog_quiet_libbpf();
	atexit(restore_knobs);
	signal(SIGINT, restore_on_signal);
	signal(SIGTERM, restore_on_signal);
	signal(SIGABRT, restore_on_signal);
	for (int i = 0; i < NR_LOADED; i++) {
		g.kinds[i] = (enum testprogs_kind)i; /* single, subprog, btf, nobtf, unnamed */
		g.fds[i] = testprogs_load(g.kinds[i]);
		if (g.fds[i] < 0) {
			fprintf(stderr, "test_progs: loading %s: %s\n", testprogs_kinds[i].kind,
				strerror(-g.fds[i]));
			return -1;
		}
		g.ids[i] = id_of(g.fds[i]);
	}
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	restore_knobs();
	for (int i = 0; i < NR_LOADED; i++)
		if (g.fds[i] > 0)
			close(g.fds[i]);
	return 0;
}

static int need_root(void **state)
{
	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_progs: needs root; run 'make check' as root\n");
		skip();
	}
	return 0;
}

/* The fence as a test holds it: let go by the teardown should an
 * assertion jump out while it is held (the rest of the tests would hang). */
static bool fence_probe_held, fence_listing_held;

static void fence_probe(bool hold)
{
	if (hold && !fence_probe_held)
		probe_fence_enter_probe();
	else if (!hold && fence_probe_held)
		probe_fence_leave_probe();
	fence_probe_held = hold;
}

static void fence_listing(bool hold)
{
	if (hold && !fence_listing_held) {
		fence_listing_held = probe_fence_enter_listing();
		assert_true(fence_listing_held);
	} else if (!hold && fence_listing_held) {
		probe_fence_leave_listing(true);
	}
	fence_listing_held = hold;
}

static int test_teardown(void **state)
{
	(void)state;
	fence_probe(false);
	fence_listing(false);
	restore_knobs();
	return 0;
}

/* ---- tests ---- */

static void test_matches_bpftool(void **state)
{
	int lock = fixture_lock_kernel(false);
	json_object *arr = bpftool_progs();
	struct snapshot *snap = take();

	(void)state;
	for (int i = 0; i < NR_LOADED; i++) {
		const struct prog *p = get(&snap->progs, g.ids[i]);
		json_object *b = bpftool_find(arr, g.ids[i]), *v;
		const struct testprogs_kind_info *k = &testprogs_kinds[g.kinds[i]];
		const char *bname;

		assert_non_null(p);
		assert_non_null(b);
		assert_string_equal(p->type_name, jstr(b, "type"));
		bname = jstr(b, "name");
		assert_string_equal(prog_full_name(p), bname ? bname : "");
		assert_string_equal(p->name, k->prog_name);
		if (k->btf_name) {
			assert_non_null(p->btf_name);
			assert_string_equal(p->btf_name, k->btf_name);
		} else {
			assert_null(p->btf_name);
		}
		assert_string_equal(p->tag, jstr(b, "tag"));
		assert_int_equal(p->bytes_jited, jint(b, "bytes_jited"));
		assert_int_equal(p->bytes_xlated, jint(b, "bytes_xlated"));
		assert_int_equal(p->uid, jint(b, "uid"));
		assert_int_equal(p->memlock, jint(b, "bytes_memlock"));
		assert_true(llabs((long long)p->load_time.tv_sec - jint(b, "loaded_at")) <= 1);
		assert_int_equal(p->btf_id, json_object_object_get_ex(b, "btf_id", &v)
						    ? json_object_get_int64(v) : 0);
		assert_int_equal(p->nr_map_ids, 0);
		assert_true(p->verified_insns > 0);
		assert_string_equal(p->user, "root");
	}
	drop(snap);
	json_object_put(arr);
	fixture_unlock_kernel(lock);
}

static void test_symbols_match_kallsyms(void **state)
{
	int lock = fixture_lock_kernel(false);
	struct snapshot *snap = take();
	char want[600], at[600];

	(void)state;
	for (int i = 0; i < NR_LOADED; i++) {
		const struct prog *p = get(&snap->progs, g.ids[i]);
		const struct testprogs_kind_info *k = &testprogs_kinds[g.kinds[i]];
		const char *tail = k->btf_name ? k->btf_name : k->prog_name;

		assert_non_null(p);
		assert_null(p->symbols_missing);
		assert_int_equal(p->nr_syms, k->nr_funcs);
		for (size_t j = 0; j < p->nr_syms; j++) {
			assert_true(p->syms[j].addr != 0);
			assert_true(p->syms[j].len > 0);
			assert_non_null(p->syms[j].name);
			kallsyms_at(p->syms[j].addr, at, sizeof(at));
			assert_string_equal(p->syms[j].name, at);
		}
		/* main first: bpf_prog_<tag>[_<BTF name or name>] (bpf_prog_ksym_set_name()) */
		snprintf(want, sizeof(want), "bpf_prog_%s%s%s", p->tag, tail[0] ? "_" : "", tail);
		assert_string_equal(p->syms[0].name, want);
		if (k->sub_name) {
			snprintf(want, sizeof(want), "_%s", k->sub_name);
			assert_string_equal(p->syms[1].name + strlen(p->syms[1].name) - strlen(want),
					    want);
		}
		/* held by this process's fd */
		assert_int_equal(p->nr_owners, 1);
		assert_int_equal(p->owners[0].pid, getpid());
	}
	assert_false(snap->progs.symbols_pending);
	assert_int_equal(snap->progs.kallsyms_error, 0);
	assert_int_equal(snap->progs.owners_error, 0);
	drop(snap);
	fixture_unlock_kernel(lock);
}

static void test_identical_programs(void **state)
{
	int lock = fixture_lock_kernel(false);
	int fds[3];
	struct snapshot *snap;

	(void)state;
	for (int i = 0; i < 3; i++)
		assert_true((fds[i] = testprogs_load(TESTPROGS_SINGLE)) >= 0);
	snap = take();
	for (int i = 0; i < 3; i++) {
		const struct prog *p = get(&snap->progs, id_of(fds[i]));

		assert_non_null(p);
		assert_non_null(p->syms[0].name);
		/* one name, three addresses, each found by address */
		assert_string_equal(p->syms[0].name, get(&snap->progs, g.ids[0])->syms[0].name);
		assert_true(p->syms[0].addr != get(&snap->progs, g.ids[0])->syms[0].addr);
	}
	drop(snap);
	for (int i = 0; i < 3; i++)
		close(fds[i]);
	fixture_unlock_kernel(lock);
}

static bool wait_ready(struct prog_session *cache)
{
	struct pollfd pfd = { .fd = prog_session_fd(cache), .events = POLLIN };

	assert_true(pfd.fd >= 0);
	return poll(&pfd, 1, 10000) == 1 && prog_session_ready(cache);
}

static bool same_ids(const struct prog_list *a, const struct prog_list *b)
{
	if (a->nr_progs != b->nr_progs)
		return false;
	for (size_t i = 0; i < a->nr_progs; i++)
		if (a->progs[i].id != b->progs[i].id)
			return false;
	return true;
}

/* Other tests may load programs meanwhile ("make -j check"): a read is
 * only required to be absent while the program set stayed the same. */
static void test_cache_reads_only_on_change(void **state)
{
	int lock = fixture_lock_kernel(false);
	struct prog_session *cache;
	struct prog_context ctx;
	struct prog_list list, prev;
	struct procroot root;
	unsigned long reads;
	const struct prog *p;
	int fd, steady = 0;

	(void)state;
	assert_int_equal(procroot_init(&root, NULL), 0);
	context(&ctx);
	cache = prog_session_new(&root);
	assert_non_null(cache);
	assert_int_equal(prog_session_refresh(cache, &ctx, true, &prev), 0);
	assert_false(prev.symbols_pending);

	/* nothing changed: no read, names from the cache (a refresh that
	 * began with a read under way, for a set that changed before, is no
	 * such refresh: it may still be waiting for that read) */
	for (int i = 0; i < 50 && steady < 3; i++) {
		bool was_reading = prog_session_probe(cache).kallsyms_reading;

		reads = prog_session_probe(cache).kallsyms_reads;
		assert_int_equal(prog_session_refresh(cache, &ctx, false, &list), 0);
		if (same_ids(&prev, &list) && !was_reading) {
			assert_int_equal(prog_session_probe(cache).kallsyms_reads, reads);
			assert_false(list.symbols_pending);
			p = get(&list, g.ids[1]);
			assert_non_null(p->syms[1].name);
			steady++;
		} else {
			steady = 0;
			if (prog_session_ready(cache) || prog_session_probe(cache).kallsyms_reading)
				usleep(100000);
		}
		prog_list_free(&prev);
		prev = list;
	}
	prog_list_free(&prev);
	assert_int_equal(steady, 3);

	/* a new program: a read in the background, which the refresh does not
	 * wait for (held back, so that it is unfinished however fast the
	 * machine): the new program's names are pending and said to be, the
	 * others keep theirs */
	reads = prog_session_probe(cache).kallsyms_reads;
	prog_session_probe_hold_kallsyms(cache, true);
	fd = testprogs_load(TESTPROGS_SUBPROG);
	assert_true(fd >= 0);
	assert_int_equal(prog_session_refresh(cache, &ctx, false, &list), 0);
	assert_true(prog_session_probe(cache).kallsyms_reads > reads);
	assert_true(list.symbols_pending);
	p = get(&list, id_of(fd));
	assert_null(p->syms[0].name);
	assert_string_equal(p->symbols_missing, ksyms_names_sentence(KSYMS_NAMES_PENDING));
	assert_non_null(get(&list, g.ids[0])->syms[0].name);
	prog_list_free(&list);
	/* the read let go and finished: a refresh names the new program */
	prog_session_probe_hold_kallsyms(cache, false);
	for (int i = 0; i < 20; i++) {
		if (prog_session_probe(cache).kallsyms_reading)
			assert_true(wait_ready(cache));
		assert_int_equal(prog_session_refresh(cache, &ctx, false, &list), 0);
		if (!list.symbols_pending)
			break;
		prog_list_free(&list);
	}
	assert_false(list.symbols_pending);
	p = get(&list, id_of(fd));
	assert_non_null(p->syms[0].name);
	assert_non_null(p->syms[1].name);
	assert_null(p->symbols_missing);
	prog_list_free(&list);

	/* unloading changes the set too: another read */
	reads = prog_session_probe(cache).kallsyms_reads;
	close(fd);
	for (int i = 0; i < 100 && prog_session_probe(cache).kallsyms_reads == reads; i++) {
		/* the kernel frees the program after an RCU grace period */
		assert_int_equal(prog_session_refresh(cache, &ctx, true, &list), 0);
		prog_list_free(&list);
		usleep(10000);
	}
	assert_true(prog_session_probe(cache).kallsyms_reads > reads);
	prog_session_free(cache);
	fixture_unlock_kernel(lock);
}

/* What a kept info call must give as the kernel would now. */
static void expect_same_info(const struct prog *kept, const struct prog *read)
{
	assert_int_equal(kept->id, read->id);
	assert_int_equal(kept->type, read->type);
	assert_string_equal(kept->type_name, read->type_name);
	assert_string_equal(kept->name, read->name);
	assert_string_equal(kept->tag, read->tag);
	assert_int_equal(kept->load_time.tv_sec, read->load_time.tv_sec);
	assert_int_equal(kept->uid, read->uid);
	assert_string_equal(kept->user, read->user);
	assert_int_equal(kept->ours, read->ours);
	assert_int_equal(kept->gpl_compatible, read->gpl_compatible);
	assert_int_equal(kept->verified_insns_absent, read->verified_insns_absent);
	assert_int_equal(kept->stats.recursion_misses_absent, read->stats.recursion_misses_absent);
	assert_int_equal(kept->bytes_xlated, read->bytes_xlated);
	assert_int_equal(kept->bytes_jited, read->bytes_jited);
	assert_int_equal(kept->btf_id, read->btf_id);
	assert_int_equal(kept->verified_insns, read->verified_insns);
	assert_int_equal(kept->memlock, read->memlock);
	assert_int_equal(kept->stats.run_cnt, read->stats.run_cnt);
	assert_int_equal(kept->nr_map_ids, read->nr_map_ids);
	assert_memory_equal(kept->map_ids, read->map_ids, read->nr_map_ids * sizeof(*read->map_ids));
	assert_int_equal(kept->nr_syms, read->nr_syms);
	for (size_t i = 0; i < read->nr_syms; i++) {
		assert_int_equal(kept->syms[i].addr, read->syms[i].addr);
		assert_int_equal(kept->syms[i].len, read->syms[i].len);
		assert_string_equal(kept->syms[i].name, read->syms[i].name);
	}
	if (read->btf_name)
		assert_string_equal(kept->btf_name, read->btf_name);
	else
		assert_null(kept->btf_name);
}

static enum audit_sink no_audit(bool on, int error, uid_t uid)
{
	(void)on, (void)error, (void)uid;
	return AUDIT_SINK_NONE;
}

static void refresh_again(struct prog_session *cache, const struct prog_context *ctx,
			  struct prog_list *list)
{
	prog_list_free(list);
	assert_int_equal(prog_session_refresh(cache, ctx, true, list), 0);
}

/* A steady refresh asks the kernel again only for what may have changed:
 * a program's info is read on its first refreshes and then in turns, and
 * what it keeps is what the kernel says; a map bound later shows within
 * PROG_INFO_REREAD refreshes; a change of what decides the addresses
 * reads every program, and so does every refresh without CAP_SYSLOG; statistics coming on read every program at the
 * refresh after the one that finds them on, whose counters moved, and
 * once they are off those counters stay (nothing kept from before). The lock is exclusive: statistics
 * are turned on here. */
/* prog_session_begin() starts the first refresh's /proc/kallsyms read ahead
 * of the refresh (a report does its other work beside it), once, and the
 * refresh takes that read: the names are there. */
static void test_begin_reads_ahead(void **state)
{
	int lock = fixture_lock_kernel(false);
	struct prog_session *cache;
	struct prog_context ctx;
	struct prog_list list;
	struct procroot root;
	const struct prog *p;

	(void)state;
	assert_int_equal(procroot_init(&root, NULL), 0);
	context(&ctx);
	cache = prog_session_new(&root);
	assert_non_null(cache);
	/* held back, so that it is under way however fast the machine */
	prog_session_probe_hold_kallsyms(cache, true);
	prog_session_begin(cache, &ctx);
	assert_int_equal(prog_session_probe(cache).kallsyms_reads, 1);
	assert_true(prog_session_probe(cache).kallsyms_reading);
	prog_session_begin(cache, &ctx);
	assert_int_equal(prog_session_probe(cache).kallsyms_reads, 1);
	prog_session_probe_hold_kallsyms(cache, false);
	assert_int_equal(prog_session_refresh(cache, &ctx, true, &list), 0);
	assert_false(list.symbols_pending);
	p = get(&list, g.ids[0]);
	assert_non_null(p);
	assert_non_null(p->syms[0].name);
	prog_list_free(&list);
	prog_session_free(cache);
	fixture_unlock_kernel(lock);
}

static void test_steady_refresh_reads_what_may_change(void **state)
{
	int lock = fixture_lock_kernel(true);
	LIBBPF_OPTS(bpf_test_run_opts, run, .data_in = (char[64]){ 0 }, .data_size_in = 64,
		    .repeat = 3);
	struct prog_session *cache;
	struct prog_context ctx;
	struct prog_list list = { 0 };
	struct snapshot *fresh;
	struct procroot root;
	const struct prog *p;
	struct stats_session stats;
	int fd, map_fd, round;
	uint32_t id, map_id;
	size_t nr_reused = 0;

	(void)state;
	assert_int_equal(procroot_init(&root, NULL), 0);
	context(&ctx);
	context_knob(&ctx, KNOB_STATS_ENABLED, "/proc/sys/kernel/bpf_stats_enabled");
	fd = testprogs_load(TESTPROGS_NOBTF);
	assert_true(fd >= 0);
	id = id_of(fd);
	cache = prog_session_new(&root);
	assert_non_null(cache);
	for (round = 0; round < 3; round++) {
		refresh_again(cache, &ctx, &list);
		assert_int_equal(prog_session_probe(cache).info_reads, list.nr_progs);
	}
	if (list.stats.on != STATS_OFF)
		fail_msg("statistics are on: a test turns them on without the kernel lock");

	/* steady: most programs come from the memo, and what they say is
	 * what a fresh read says */
	for (round = 0; round < PROG_INFO_REREAD; round++) {
		refresh_again(cache, &ctx, &list);
		nr_reused += list.nr_progs - prog_session_probe(cache).info_reads;
	}
	assert_true(nr_reused >= list.nr_progs * (PROG_INFO_REREAD - 2));
	fresh = take();
	for (int i = 0; i < NR_LOADED; i++)
		expect_same_info(get(&list, g.ids[i]), get(&fresh->progs, g.ids[i]));
	expect_same_info(get(&list, id), get(&fresh->progs, id));
	drop(fresh);

	/* a map bound to it later (BPF_PROG_BIND_MAP) shows within a turn */
	map_fd = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_bound", 4, 4, 1, NULL);
	assert_true(map_fd >= 0);
	assert_int_equal(bpf_prog_bind_map(fd, map_fd, NULL), 0);
	map_id = id_of_map(map_fd);
	close(map_fd); /* the program holds it now */
	for (round = 0; round <= PROG_INFO_REREAD; round++) {
		refresh_again(cache, &ctx, &list);
		p = get(&list, id);
		if (p->nr_map_ids == 1)
			break;
	}
	assert_int_equal(p->nr_map_ids, 1);
	assert_int_equal(p->map_ids[0], map_id);

	/* what decides the addresses changed: every program is read */
	ctx.kptr_restrict = ctx.kptr_restrict ? 0 : 1;
	refresh_again(cache, &ctx, &list);
	assert_int_equal(prog_session_probe(cache).info_reads, list.nr_progs);
	ctx.kptr_restrict = ctx.kptr_restrict ? 0 : 1;
	refresh_again(cache, &ctx, &list);
	/* without CAP_SYSLOG they also turn on kernel.perf_event_paranoid,
	 * which the context does not hold: every refresh reads everything */
	ctx.cap_syslog = false;
	for (round = 0; round < 3; round++) {
		refresh_again(cache, &ctx, &list);
		assert_int_equal(prog_session_probe(cache).info_reads, list.nr_progs);
	}
	ctx.cap_syslog = true;
	refresh_again(cache, &ctx, &list);

	/* statistics on, as the browser's t turns them on: the refresh that finds it makes no rate sample, the next
	 * reads every program, and the counters of runs made meanwhile are
	 * there */
	refresh_again(cache, &ctx, &list);
	assert_int_equal(get(&list, id)->stats.run_cnt, 0);
	stats_session_init(&stats);
	assert_int_equal(stats_session_start(&stats, no_audit, 0), 0);
	assert_int_equal(bpf_prog_test_run_opts(fd, &run), 0);
	refresh_again(cache, &ctx, &list);
	assert_int_equal(list.stats.on, STATS_ON);
	assert_int_not_equal(get(&list, id)->stats.rate.state, PROG_RATE_KNOWN);
	/* three runs more while they are on, after that refresh kept what it read */
	assert_int_equal(bpf_prog_test_run_opts(fd, &run), 0);
	refresh_again(cache, &ctx, &list);
	assert_int_equal(prog_session_probe(cache).info_reads, list.nr_progs);
	assert_int_equal(get(&list, id)->stats.run_cnt, 6);
	stats_session_stop(&stats, no_audit, 0);
	/* off again: the counters stay at 6 through the refreshes that take
	 * the memo's again, never what was kept while they were coming on */
	nr_reused = 0;
	for (round = 0; round < PROG_INFO_REREAD; round++) {
		refresh_again(cache, &ctx, &list);
		assert_int_equal(get(&list, id)->stats.run_cnt, 6);
		nr_reused += list.nr_progs - prog_session_probe(cache).info_reads;
	}
	assert_true(nr_reused > 0); /* the memo's path was taken */
	prog_list_free(&list);
	prog_session_free(cache);
	close(fd);
	fixture_unlock_kernel(lock);
}

static void *churn(void *arg)
{
	atomic_bool *stop = arg;

	while (!atomic_load(stop)) {
		int fd = testprogs_load(TESTPROGS_NOBTF);

		if (fd >= 0)
			close(fd);
	}
	return NULL;
}

static void test_vanishing_programs(void **state)
{
	int lock = fixture_lock_kernel(false);
	atomic_bool stop = false;
	struct prog_session *cache;
	struct prog_context ctx;
	struct procroot root;
	pthread_t t;

	(void)state;
	assert_int_equal(procroot_init(&root, NULL), 0);
	context(&ctx);
	cache = prog_session_new(&root);
	assert_non_null(cache);
	assert_int_equal(pthread_create(&t, NULL, churn, &stop), 0);
	for (int i = 0; i < 50; i++) {
		struct prog_list list;

		assert_int_equal(prog_session_refresh(cache, &ctx, i % 5 == 0, &list), 0);
		assert_int_equal(list.error, 0);
		assert_non_null(find(&list, g.ids[2]));
		prog_list_free(&list);
	}
	atomic_store(&stop, true);
	pthread_join(t, NULL);
	prog_session_free(cache);
	fixture_unlock_kernel(lock);
}

static void expect_hidden(const char *knob_word)
{
	struct snapshot *snap = take();

	for (int i = 0; i < NR_LOADED; i++) {
		const struct prog *p = get(&snap->progs, g.ids[i]);

		assert_non_null(p);
		assert_int_equal(p->nr_syms, testprogs_kinds[g.kinds[i]].nr_funcs);
		for (size_t j = 0; j < p->nr_syms; j++) {
			char at[600];

			assert_null(p->syms[j].name);
			assert_true(p->syms[j].addr != 0); /* still given by bpf_prog_info */
			kallsyms_at(p->syms[j].addr, at, sizeof(at));
			assert_string_equal(at, ""); /* and really not listed */
		}
		assert_non_null(p->symbols_missing);
		if (!strstr(p->symbols_missing, knob_word))
			fail_msg("\"%s\" does not name %s", p->symbols_missing, knob_word);
	}
	assert_int_equal(snap->progs.nr_others, 0);
	drop(snap);
}

static void expect_listed(void)
{
	struct snapshot *snap = take();

	for (int i = 0; i < NR_LOADED; i++) {
		const struct prog *p = get(&snap->progs, g.ids[i]);

		assert_null(p->symbols_missing);
		for (size_t j = 0; j < p->nr_syms; j++)
			assert_non_null(p->syms[j].name);
	}
	drop(snap);
}

/* With the listing off but a context that says it is on, every covered
 * program is missing from the read: exactly one re-read, then the reason
 * for a program the kernel never listed; later refreshes re-read nothing. */
static void expect_one_recheck(void)
{
	struct prog_session *cache;
	struct prog_context ctx;
	struct prog_list list, first;
	struct procroot root;
	const struct prog *p;

	assert_int_equal(procroot_init(&root, NULL), 0);
	context(&ctx);
	assert_int_equal(ctx.knobs.value[KNOB_JIT_KALLSYMS], 0);
	ctx.knobs.value[KNOB_JIT_KALLSYMS] = 1;
	cache = prog_session_new(&root);
	assert_non_null(cache);
	assert_int_equal(prog_session_refresh(cache, &ctx, true, &list), 0);
	assert_int_equal(prog_session_probe(cache).kallsyms_reads, 2);
	p = get(&list, g.ids[1]);
	assert_null(p->syms[0].name);
	assert_string_equal(p->symbols_missing, ksyms_names_sentence(KSYMS_NAMES_UNLISTED));
	assert_false(list.symbols_pending);
	first = list;
	assert_int_equal(prog_session_refresh(cache, &ctx, false, &list), 0);
	p = get(&list, g.ids[1]);
	assert_string_equal(p->symbols_missing, ksyms_names_sentence(KSYMS_NAMES_UNLISTED));
	if (same_ids(&first, &list)) /* else another test loaded a program */
		assert_int_equal(prog_session_probe(cache).kallsyms_reads, 2);
	prog_list_free(&list);
	prog_list_free(&first);
	prog_session_free(cache);
}

static void test_kallsyms_knob(void **state)
{
	int lock = fixture_lock_kernel(true);

	(void)state;
	set_knob(knob_kallsyms, g.saved_kallsyms, "1");
	expect_listed();
	set_knob(knob_kallsyms, g.saved_kallsyms, "0");
	expect_hidden("bpf_jit_kallsyms");
	expect_one_recheck();
	set_knob(knob_kallsyms, g.saved_kallsyms, "1");
	expect_listed();
	restore_knobs();
	fixture_unlock_kernel(lock);
}

static void test_harden_knob(void **state)
{
	int lock = fixture_lock_kernel(true);

	(void)state;
	set_knob(knob_harden, g.saved_harden, "0");
	expect_listed();
	set_knob(knob_harden, g.saved_harden, "1");
	expect_hidden("bpf_jit_harden");
	set_knob(knob_harden, g.saved_harden, "0");
	expect_listed();
	restore_knobs();
	fixture_unlock_kernel(lock);
}

static void test_held_by_kernel_only(void **state)
{
	int lock = fixture_lock_kernel(false);
	int prog = testprogs_load(TESTPROGS_SINGLE);
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	uint32_t id;
	struct snapshot *snap;
	const struct prog *p;

	(void)state;
	assert_true(prog >= 0 && sock >= 0);
	id = id_of(prog);
	/* the socket keeps the program; no process has an fd for it */
	assert_int_equal(setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &prog, sizeof(prog)), 0);
	close(prog);
	/* bpfknobs' iterator reads the socket's filter in the kernel: the
	 * holder is this process, through the socket, not inferred */
	snap = take();
	assert_int_equal(snap->progs.holders.source, PROG_HOLDERS_ITERATOR);
	assert_true(snap->progs.holders.complete);
	p = get(&snap->progs, id);
	assert_non_null(p);
	assert_int_equal(p->nr_owners, 1);
	assert_int_equal(p->owners[0].pid, getpid());
	assert_int_equal(p->owners[0].via, PROG_VIA_SOCKET);
	assert_int_equal(p->owners[0].fd, sock);
	assert_false(p->owners[0].inferred);
	assert_int_equal(p->nr_attachments, 1);
	assert_int_equal(p->attachments[0].kind, ATTACH_SOCKET);
	assert_null(p->holder_unknown);
	drop(snap);
	/* from /proc, nothing tells which program a socket carries (and no
	 * socket is borrowed to ask): held by the kernel only, never; the
	 * sentence says what most likely holds it */
	snap = take_from(true);
	assert_int_equal(snap->progs.holders.source, PROG_HOLDERS_PROC);
	p = get(&snap->progs, id);
	assert_non_null(p);
	assert_int_equal(p->nr_owners, 0);
	assert_int_equal(p->nr_attachments, 0);
	assert_non_null(p->holder_unknown);
	assert_non_null(strstr(p->holder_unknown, "socket"));
	assert_non_null(strstr(p->holder_unknown, "iterator"));
	drop(snap);
	close(sock);
	fixture_unlock_kernel(lock);
}

static void test_other_process_owner(void **state)
{
	const char *builddir = getenv("builddir");
	char path[4096], line[128];
	int in[2], out[2], status;
	struct snapshot *snap;
	const struct prog *p;
	unsigned id = 0;
	FILE *f;
	pid_t pid;

	(void)state;
	snprintf(path, sizeof(path), "%s/tests/helpers/progs_loader", builddir ? builddir : ".");
	assert_int_equal(pipe2(in, O_CLOEXEC), 0);
	assert_int_equal(pipe2(out, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execl(path, "progs_loader", "--kind", "btf", (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(out[1]);
	f = fdopen(out[0], "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof(line), f));
	assert_int_equal(sscanf(line, "%u", &id), 1);
	snap = take();
	p = get(&snap->progs, id);
	assert_non_null(p);
	assert_int_equal(p->nr_owners, 1);
	assert_int_equal(p->owners[0].pid, pid);
	assert_string_equal(p->owners[0].comm, "progs_loader");
	assert_string_equal(p->syms[0].name + strlen(p->syms[0].name) -
				    strlen(testprogs_kinds[TESTPROGS_BTF].btf_name),
			    testprogs_kinds[TESTPROGS_BTF].btf_name);
	drop(snap);
	close(in[1]); /* EOF: the loader exits and its program goes */
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	fclose(f);
}

static void test_unprivileged(void **state)
{
	int status;
	pid_t pid;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct prog_session *cache;
		/* no knob readable, as for a plain user */
		struct prog_context ctx = { .kptr_restrict = -1 };
		struct prog_list list;
		struct procroot root;

		/* leaving uid 0 clears every capability (setresuid()) */
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534))
			_exit(2);
		procroot_init(&root, NULL);
		cache = prog_session_new(&root);
		if (!cache || prog_session_refresh(cache, &ctx, true, &list))
			_exit(3);
		if (list.error != -EPERM || list.nr_progs || !list.error_text ||
		    !strstr(list.error_text, "CAP_SYS_ADMIN"))
			_exit(4);
		prog_list_free(&list);
		prog_session_free(cache);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

static void test_proc_tree(void **state)
{
	struct prog_session *cache;
	struct prog_context ctx = {
		.knobs = { .value = { [KNOB_JIT_KALLSYMS] = 1 },
			   .known = { [KNOB_JIT_KALLSYMS] = true, [KNOB_JIT_HARDEN] = true } },
		.cap_syslog = true,
	};
	struct prog_list list;
	struct procroot root;

	(void)state;
	assert_int_equal(procroot_init(&root, "/tmp"), 0);
	cache = prog_session_new(&root);
	assert_non_null(cache);
	assert_int_equal(prog_session_refresh(cache, &ctx, true, &list), 0);
	assert_int_equal(list.error, -EOPNOTSUPP);
	assert_non_null(strstr(list.error_text, "--proc"));
	assert_null(list.progs);
	prog_list_free(&list);
	prog_session_free(cache);
}

/* own.h: registering a program by its fd records the kernel's id for it
 * (bpf_prog_info begins with the type, not the id), and the listing labels
 * that program, and only it, as bpfknobs' own. */
static void test_own(void **state)
{
	struct snapshot *snap;
	uint32_t id = 0;

	(void)state;
	assert_int_equal(own_add_prog_fd(g.fds[3], &id), 0);
	assert_int_equal(id, g.ids[3]);
	assert_true(own_has(OWN_PROG, g.ids[3]));
	snap = take();
	for (int i = 0; i < NR_LOADED; i++)
		assert_int_equal(get(&snap->progs, g.ids[i])->ours, i == 3);
	own_remove(OWN_PROG, id);
	assert_false(own_has(OWN_PROG, g.ids[3]));
	drop(snap);
}

/* The ids BPF_PROG_GET_NEXT_ID walks to now, ascending, into ids (room
 * for cap); how many, or cap + 1 when they do not fit. */
static size_t walk_ids(uint32_t *ids, size_t cap)
{
	__u32 id = 0;
	size_t n = 0;

	while (!bpf_prog_get_next_id(id, &id))
		if (n++ < cap)
			ids[n - 1] = id;
	return n;
}

static bool has_id(const uint32_t *ids, size_t n, uint32_t id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

/* The programs of list named name that are bpfknobs' own. */
static int own_named(const struct prog_list *list, const char *name)
{
	int n = 0;

	for (size_t i = 0; i < list->nr_progs; i++)
		n += list->progs[i].ours && !strcmp(prog_full_name(&list->progs[i]), name);
	return n;
}

/* bpfknobs' bpf_prog iterator reads the ids the system calls walk (other
 * tests load and unload programs meanwhile: the two reads are taken again
 * until they agree), its own among them, ascending; a program loaded
 * later is in the next read and one unloaded is gone from it. A session
 * that refreshes again loads it and lists it as bpfknobs' own; a report,
 * which refreshes once, does not load it, nor does --no-iterator. */
static void test_ids_iterator(void **state)
{
	static uint32_t walked[65536];
	struct prog_ids_iter *it = NULL;
	struct prog_session *session;
	struct prog_context ctx;
	struct prog_list list = { 0 };
	struct procroot root;
	struct snapshot *snap;
	const uint32_t *ids = NULL;
	uint32_t own_id = 0;
	size_t nr = 0, nr_walked = 0;
	bool same = false;
	int fd, own = 0;

	(void)state;
	assert_int_equal(prog_ids_iter_open(&it), 0);
	for (int attempt = 0; attempt < 20 && !same; attempt++) {
		assert_int_equal(prog_ids_iter_read(it, &ids, &nr), 0);
		nr_walked = walk_ids(walked, sizeof(walked) / sizeof(walked[0]));
		assert_true(nr_walked <= sizeof(walked) / sizeof(walked[0]));
		same = nr == nr_walked && !memcmp(ids, walked, nr * sizeof(*ids));
	}
	assert_true(same);
	for (size_t i = 1; i < nr; i++)
		assert_true(ids[i] > ids[i - 1]);
	for (int i = 0; i < NR_LOADED; i++)
		assert_true(has_id(ids, nr, g.ids[i]));
	for (size_t i = 0; i < nr; i++)
		own += own_has(OWN_PROG, ids[i]);
	assert_int_equal(own, 2); /* the iterator itself, and the loader kept with it */

	fd = testprogs_load(TESTPROGS_SINGLE);
	assert_true(fd >= 0);
	assert_int_equal(own_add_prog_fd(fd, &own_id), 0);
	own_remove(OWN_PROG, own_id);
	assert_int_equal(prog_ids_iter_read(it, &ids, &nr), 0);
	assert_true(has_id(ids, nr, own_id));
	close(fd); /* the last reference: bpf_prog_put() takes its id now */
	assert_int_equal(prog_ids_iter_read(it, &ids, &nr), 0);
	assert_false(has_id(ids, nr, own_id));
	prog_ids_iter_free(it);

	assert_int_equal(procroot_init(&root, NULL), 0);
	context(&ctx);
	for (int no_iterator = 0; no_iterator < 2; no_iterator++) {
		root.no_iterator = no_iterator;
		session = prog_session_new(&root);
		assert_non_null(session);
		refresh_again(session, &ctx, &list);
		refresh_again(session, &ctx, &list);
		assert_int_equal(own_named(&list, "bpfknobs_prog_ids"), !no_iterator);
		assert_int_equal(own_named(&list, "bpfknobs_holders"), !no_iterator);
		for (int i = 0; i < NR_LOADED; i++)
			assert_non_null(get(&list, g.ids[i]));
		prog_list_free(&list);
		prog_session_free(session);
	}
	snap = take();
	assert_int_equal(own_named(&snap->progs, "bpfknobs_prog_ids"), 0);
	assert_int_equal(own_named(&snap->progs, "bpfknobs_holders"), 1);
	drop(snap);
}

/* Whether two tables hold the same entries, in the same order. */
static bool same_table(const struct ksyms_table *a, const struct ksyms_table *b)
{
	if (a->nr_syms != b->nr_syms || a->addrs_hidden != b->addrs_hidden)
		return false;
	for (size_t i = 0; i < a->nr_syms; i++)
		if (a->syms[i].addr != b->syms[i].addr || a->syms[i].type != b->syms[i].type ||
		    strcmp(a->syms[i].name, b->syms[i].name))
			return false;
	return true;
}

static size_t table_count(const struct ksyms_table *ks, const char *part)
{
	size_t n = 0;

	for (size_t i = 0; i < ks->nr_syms; i++)
		n += strstr(ks->syms[i].name, part) != NULL;
	return n;
}

/* The iterator's table and the file's, read until two in a row agree
 * (tests running beside this one load programs); returns the iterator's. */
static void read_both(struct ksyms_iter *it, struct ksyms_table *walked)
{
	struct ksyms_table file;
	bool same = false;

	for (int attempt = 0; attempt < 20 && !same; attempt++) {
		if (attempt)
			ksyms_table_free(walked);
		assert_int_equal(ksyms_iter_read(it, walked), 0);
		assert_true(walked->from_iterator);
		assert_int_equal(ksyms_table_read("/proc/kallsyms", &file), 0);
		assert_false(file.from_iterator);
		same = same_table(walked, &file);
		ksyms_table_free(&file);
	}
	assert_true(same);
}

/* bpfknobs' ksym iterator gives the [bpf] part of /proc/kallsyms entry for
 * entry, under what changes that part: the listing on and off, addresses
 * hidden (kptr_restrict 2); and a refresh reads through it, or from the
 * file with --no-iterator, naming the programs alike. */
static void test_ksyms_iterator(void **state)
{
	int lock = fixture_lock_kernel(true);
	struct snapshot *walked, *filed;
	struct ksyms_iter *it = NULL;
	struct ksyms_table ks;

	(void)state;
	assert_int_equal(ksyms_iter_open(&it), 0);
	set_knob(knob_kallsyms, g.saved_kallsyms, "1");
	read_both(it, &ks);
	assert_false(ks.addrs_hidden);
	assert_int_equal(table_count(&ks, "_bpfknobs_ksyms"), 1); /* itself, listed */
	assert_true(table_count(&ks, "bpf_prog_") >= NR_LOADED);
	ksyms_table_free(&ks);

	set_knob(knob_kallsyms, g.saved_kallsyms, "0");
	read_both(it, &ks);
	assert_int_equal(table_count(&ks, "bpf_prog_"), 0);
	ksyms_table_free(&ks);
	set_knob(knob_kallsyms, g.saved_kallsyms, "1");

	set_knob(knob_kptr, g.saved_kptr, "2");
	read_both(it, &ks);
	assert_true(ks.addrs_hidden);
	assert_true(ks.nr_syms > 0);
	for (size_t i = 0; i < ks.nr_syms; i++)
		assert_true(ks.syms[i].addr == 0);
	ksyms_table_free(&ks);
	restore_knobs();
	ksyms_iter_free(it);

	walked = take();
	filed = take_from(true);
	assert_int_equal(walked->progs.kallsyms_source, PROG_KALLSYMS_ITERATOR);
	assert_int_equal(filed->progs.kallsyms_source, PROG_KALLSYMS_FILE);
	assert_int_equal(own_named(&walked->progs, "bpfknobs_ksyms"), 1);
	assert_int_equal(own_named(&filed->progs, "bpfknobs_ksyms"), 0);
	for (int i = 0; i < NR_LOADED; i++) {
		const struct prog *a = get(&walked->progs, g.ids[i]);
		const struct prog *b = get(&filed->progs, g.ids[i]);

		assert_true(a->nr_syms > 0);
		assert_int_equal(a->nr_syms, b->nr_syms);
		for (size_t j = 0; j < a->nr_syms; j++) {
			assert_non_null(a->syms[j].name);
			assert_string_equal(a->syms[j].name, b->syms[j].name);
			assert_true(a->syms[j].addr == b->syms[j].addr);
		}
	}
	drop(walked);
	drop(filed);
	fixture_unlock_kernel(lock);
}

/* A listing run on a thread of its own, as the browser's refresh runs
 * beside its probes' thread (no cmocka assertion off the test's thread). */
struct listing_run {
	struct snapshot snap;
	int err;
	atomic_bool done;
};

static void *listing_thread(void *arg)
{
	struct listing_run *run = arg;
	struct procroot root;

	run->err = procroot_init(&root, NULL);
	if (!run->err)
		run->err = snapshot_take(&run->snap, &root);
	atomic_store(&run->done, true);
	return NULL;
}

/* A program that lives only while a probe child would (the fence held as
 * reach_probe.c holds it around each child) is in no listing: the listing
 * waits for it to go. And the wait is bounded: a child that never ends
 * keeps no listing from finishing. */
static void test_listing_waits_for_probes(void **state)
{
	struct listing_run *run = calloc(1, sizeof(*run));
	pthread_t thread;
	uint32_t probe_id;
	int fd;

	(void)state;
	assert_non_null(run);
	fence_probe(true);
	fd = testprogs_load(TESTPROGS_SINGLE);
	assert_true(fd >= 0);
	probe_id = id_of(fd);
	assert_int_equal(pthread_create(&thread, NULL, listing_thread, run), 0);
	/* long enough for a listing that does not wait to have seen it, short
	 * of the listing's own limit (PROBE_FENCE_LISTING_WAIT_MS) */
	usleep(300 * 1000);
	close(fd); /* the last reference: its id goes now (bpf_prog_put()) */
	fence_probe(false);
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(run->err, 0);
	assert_int_equal(run->snap.progs.error, 0);
	assert_null(find(&run->snap.progs, probe_id));
	for (int i = 0; i < NR_LOADED; i++)
		assert_non_null(find(&run->snap.progs, g.ids[i]));
	snapshot_free(&run->snap);

	memset(run, 0, sizeof(*run));
	fence_probe(true);
	assert_int_equal(pthread_create(&thread, NULL, listing_thread, run), 0);
	for (int waited = 0; waited < 100 && !atomic_load(&run->done); waited++)
		usleep(100 * 1000);
	fence_probe(false);
	assert_true(atomic_load(&run->done));
	assert_int_equal(pthread_join(thread, NULL), 0);
	assert_int_equal(run->err, 0);
	assert_non_null(find(&run->snap.progs, g.ids[0]));
	snapshot_free(&run->snap);
	free(run);
}

/* The probes wait while a listing is under way, and run when it ends. */
static void test_probes_wait_for_listing(void **state)
{
	struct reach_session *probes;
	struct reach *r = calloc(1, sizeof(*r));
	struct procroot root;

	(void)state;
	assert_non_null(r);
	assert_int_equal(procroot_init(&root, NULL), 0);
	fence_listing(true);
	probes = reach_session_new(&root, NULL, 0);
	assert_non_null(probes);
	assert_int_equal(reach_session_start(probes), 0);
	/* all of them take about 30 ms when nothing stops them */
	usleep(300 * 1000);
	assert_false(reach_session_ready(probes));
	fence_listing(false);
	assert_true(reach_session_collect(probes, true, r));
	assert_non_null(reach_find(r, REACH_ROOT));
	assert_true(reach_find(r, REACH_ROOT)->probed);
	reach_session_free(probes);
	free(r);
}

#define T(f) cmocka_unit_test_setup_teardown(f, need_root, test_teardown)

int main(void)
{
	/* automake: 77 is a skip; in CI nothing may skip */
	if (geteuid() != 0) {
		fprintf(stderr, "test_progs: %s: needs root to load BPF programs; run 'make check' "
				"as root\n", getenv("CI") ? "FAIL in CI" : "SKIP");
		return getenv("CI") ? 1 : 77;
	}

	const struct CMUnitTest tests[] = {
		T(test_matches_bpftool),
		T(test_symbols_match_kallsyms),
		T(test_identical_programs),
		T(test_cache_reads_only_on_change),
		T(test_begin_reads_ahead),
		T(test_steady_refresh_reads_what_may_change),
		T(test_vanishing_programs),
		T(test_kallsyms_knob),
		T(test_harden_knob),
		T(test_held_by_kernel_only),
		T(test_other_process_owner),
		T(test_unprivileged),
		T(test_proc_tree),
		T(test_own),
		T(test_ids_iterator),
		T(test_ksyms_iterator),
		T(test_listing_waits_for_probes),
		T(test_probes_wait_for_listing),
		T(test_seccomp_counts),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
