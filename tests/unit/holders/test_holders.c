/* Finding holders: the /proc scan's fdinfo parser and kinds of link
 * targets; the scan of a fake /proc tree, incremental updates and the
 * budget's carry-over included; and, as root, the scan of the real /proc
 * and bpfknobs' iterator while this process holds a program, a link, a
 * map, a perf event running a program, a statistics fd and a socket with
 * an eBPF filter: the same records both ways, where /proc can tell. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/perf_event.h>

#include <cmocka.h>

#include "holders/fdscan.h"
#include "holders/holders.h"
#include "holders/holders_iter.h"
#include "holders/iter_record.h" /* before the skeleton, whose globals use it */
#include "holders/holders_iter.skel.h"
#include "base/kver.h"
#include "progs/own.h"
#include "progs/own_load.h"
#include "lib/fixture.h"

#define ALL_KINDS (HOLDER_BIT(HOLDER__COUNT) - 1)

static void test_fdinfo(void **state)
{
	static const char prog[] = "pos:\t0\nflags:\t02000002\nmnt_id:\t15\nino:\t1057\n"
				   "prog_type:\t1\nprog_jited:\t1\nprog_tag:\t6fbade3397357240\n"
				   "memlock:\t4096\nprog_id:\t3028\nrun_time_ns:\t0\n";
	static const char link[] = "link_type:\traw_tracepoint\nlink_id:\t4\n"
				   "prog_tag:\t6fbade3397357240\nprog_id:\t17\ntp_name:\tx";
	static const char map[] = "pos:\t0\nmap_type:\t2\nkey_size:\t4\nmemlock:\t4096\n"
				  "map_id:\t3\nfrozen:\t0\n";
	static const struct {
		const char *text;
		uint32_t id;
	} ids[] = {
		{ "xprog_id:\t5\n", 0 },          { "prog_id:\tx\n", 0 },
		{ "prog_id:\t99999999999\n", 0 }, { "prog_id:\t12 \n", 0 },
		{ "prog_id: 4294967295", 4294967295u }, { "", 0 },
	};
	struct fdkind_fd f = { .kind = HOLDER_PROG };

	(void)state;
	fdkind_parse_fdinfo(&f, prog);
	assert_int_equal(f.id, 3028);
	assert_int_equal(f.prog_id, 3028);
	f.kind = HOLDER_LINK;
	fdkind_parse_fdinfo(&f, link);
	assert_int_equal(f.id, 4);
	assert_int_equal(f.prog_id, 17);
	f.kind = HOLDER_MAP;
	fdkind_parse_fdinfo(&f, map);
	assert_int_equal(f.id, 3);
	assert_int_equal(f.prog_id, 0);
	f.kind = HOLDER_MAP;
	fdkind_parse_fdinfo(&f, prog); /* a map's fdinfo without map_id */
	assert_int_equal(f.id, 0);
	/* a key only at the start of a line, a whole u32 only */
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		f.kind = HOLDER_PROG;
		fdkind_parse_fdinfo(&f, ids[i].text);
		assert_int_equal(f.id, ids[i].id);
	}
}

/* The kind of what this process's fd is linked to, as the kernel names it. */
static enum holder_kind kind_of_fd(int fd)
{
	char link[64], target[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		fail_msg("readlink %s: %s", link, strerror(errno));
	target[n < 0 ? 0 : n] = '\0';
	return fdkind_of_target(target);
}

/* The kinds are judged on the kernel's own names of real fds: a socket
 * (which /proc cannot tell a filter of) and a pipe here, each BPF kind in
 * test_live (it needs root), never on a copy of fdkind.c's table. What
 * follows is what no fd of this kernel can show: names close to a BPF
 * kind's that are none, and the link's other spelling, "bpf-link", which
 * other kernels give it. */
static void test_kind_of_target(void **state)
{
	static const char *const others[] = {
		"anon_inode:[eventfd]", "anon_inode:bpf-prog2", "pipe:[42]",
		"/sys/fs/bpf/anon_inode:bpf-prog", "",
	};
	int sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0), pipes[2];

	(void)state;
	assert_true(sock >= 0);
	assert_int_equal(pipe(pipes), 0);
	assert_int_equal(kind_of_fd(sock), HOLDER_OTHER);
	assert_int_equal(kind_of_fd(pipes[0]), HOLDER_OTHER);
	close(sock);
	close(pipes[0]);
	close(pipes[1]);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (fdkind_of_target(others[i]) != HOLDER_OTHER)
			fail_msg("\"%s\" is taken for a kind of BPF's", others[i]);
	assert_int_equal(fdkind_of_target("anon_inode:bpf-link"), HOLDER_LINK);
	assert_false(fdkind_is_bpf(HOLDER_OTHER));
	assert_true(fdkind_is_bpf(HOLDER_PERF_EVENT));
	assert_true(fdkind_has_ids(HOLDER_LINK));
	assert_false(fdkind_has_ids(HOLDER_STATS));
}

/* ---- a fake /proc ---- */

/* DIR/<pid>/fd/<fd> -> target, and its fdinfo when info is not NULL. */
static void fake_fd(struct fixture *fx, int pid, int fd, const char *target, const char *info)
{
	char rel[64], path[PATH_MAX];

	snprintf(rel, sizeof(rel), "%d/fdinfo/%d", pid, fd);
	fixture_write(fx, rel, info ? info : "pos:\t0\n", (size_t)-1);
	snprintf(rel, sizeof(rel), "%d/fd", pid);
	fixture_path(fx, rel, path, sizeof(path));
	if (mkdir(path, 0755) && errno != EEXIST)
		fail_msg("mkdir %s: %s", path, strerror(errno));
	snprintf(rel, sizeof(rel), "%d/fd/%d", pid, fd);
	fixture_path(fx, rel, path, sizeof(path));
	unlink(path);
	if (symlink(target, path))
		fail_msg("symlink %s: %s", path, strerror(errno));
}

static void fake_proc(struct fixture *fx)
{
	fixture_new_empty(fx);
	fixture_write(fx, "100/comm", "loader\n", (size_t)-1);
	fake_fd(fx, 100, 0, "/dev/null", NULL);
	fake_fd(fx, 100, 3, "anon_inode:bpf-prog", "prog_type:\t1\nprog_id:\t7\n");
	fake_fd(fx, 100, 4, "anon_inode:bpf_link", "link_type:\tnetns\nlink_id:\t2\nprog_id:\t7\n");
	fake_fd(fx, 100, 5, "anon_inode:bpf-map", "map_type:\t2\nmap_id:\t9\n");
	fake_fd(fx, 100, 6, "anon_inode:[perf_event]", NULL);
	fake_fd(fx, 100, 7, "anon_inode:bpf-stats", NULL);
	fake_fd(fx, 100, 12, "socket:[4242]", NULL);
	fixture_write(fx, "200/comm", "sockets only\n", (size_t)-1);
	fake_fd(fx, 200, 1, "socket:[1]", NULL);
	fixture_write(fx, "self/comm", "not a pid\n", (size_t)-1);
}

static void expect(const struct holder *r, pid_t pid, const char *comm, int fd,
		   enum holder_kind kind, uint32_t id, uint32_t prog_id)
{
	assert_int_equal(r->pid, pid);
	assert_string_equal(r->comm, comm);
	assert_int_equal(r->fd, fd);
	assert_int_equal(r->kind, kind);
	assert_int_equal(r->id, id);
	assert_int_equal(r->prog_id, prog_id);
}

static bool gone_prog_7(const struct holder *rec, const void *arg)
{
	(void)arg;
	return rec->prog_id == 7;
}

/* A budget large enough for the fake tree in one update. */
#define WHOLE 100000

static void test_fake_proc(void **state)
{
	struct fdscan *scan = fdscan_new();
	struct fdscan_progress p;
	struct holder *r;
	struct procroot root;
	struct fixture fx;
	size_t nr;

	(void)state;
	assert_non_null(scan);
	fake_proc(&fx);
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	assert_int_equal(fdscan_update(scan, &root, WHOLE, NULL, NULL, &p), 0);
	assert_true(p.complete);
	assert_int_equal(p.nr_procs, 2);
	assert_int_equal(p.nr_read, 2);
	assert_int_equal(fdscan_records(scan, ALL_KINDS & ~HOLDER_BIT(HOLDER_OTHER), &r, &nr), 0);
	assert_int_equal(nr, 5);
	expect(&r[0], 100, "loader", 3, HOLDER_PROG, 7, 7);
	expect(&r[1], 100, "loader", 4, HOLDER_LINK, 2, 7);
	expect(&r[2], 100, "loader", 5, HOLDER_MAP, 9, 0);
	expect(&r[3], 100, "loader", 6, HOLDER_PERF_EVENT, 0, 0);
	expect(&r[4], 100, "loader", 7, HOLDER_STATS, 0, 0);
	/* every fd has its own identity, for the caches keyed by it */
	assert_true(r[0].ident && r[1].ident && r[0].ident != r[1].ident);
	free(r);
	/* sockets are other files: /proc cannot tell their filters, and
	 * nothing is borrowed to ask */
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_OTHER), &r, &nr), 0);
	assert_int_equal(nr, 3);
	free(r);

	/* fd 3 now holds another program and fd 4 was closed: with no reason
	 * to read fd 3 again (the tree has no fd counts, so the fds are listed
	 * again, and what was known is kept), the scan keeps what it knew. The
	 * budget is what that costs, so that nothing is left to re-check: 2
	 * pids listed, 2 stats, 6 + 1 fds listed, 100's comm */
	fake_fd(&fx, 100, 3, "anon_inode:bpf-prog", "prog_id:\t8\n");
	fixture_remove(&fx, "100/fd/4");
	assert_int_equal(fdscan_update(scan, &root, 15, NULL, NULL, &p), 0);
	assert_true(p.complete);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_PROG) | HOLDER_BIT(HOLDER_LINK),
					&r, &nr), 0);
	assert_int_equal(nr, 1);
	expect(&r[0], 100, "loader", 3, HOLDER_PROG, 7, 7);
	free(r);
	/* the caller says program 7 is gone: fd 3 is read again at once */
	assert_int_equal(fdscan_update(scan, &root, 15, gone_prog_7, NULL, &p), 0);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_PROG), &r, &nr), 0);
	assert_int_equal(nr, 1);
	expect(&r[0], 100, "loader", 3, HOLDER_PROG, 8, 8);
	free(r);
	/* what is left of a budget re-checks the others, round robin */
	fake_fd(&fx, 100, 5, "anon_inode:bpf-map", "map_id:\t10\n");
	assert_int_equal(fdscan_update(scan, &root, WHOLE, NULL, NULL, &p), 0);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_MAP), &r, &nr), 0);
	assert_int_equal(nr, 1);
	expect(&r[0], 100, "loader", 5, HOLDER_MAP, 10, 0);
	free(r);
	/* kinds nobody holds: no records, no allocation */
	fixture_remove(&fx, "100/fd/3");
	fixture_remove(&fx, "100/fd/5");
	assert_int_equal(fdscan_update(scan, &root, WHOLE, NULL, NULL, &p), 0);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_PROG) | HOLDER_BIT(HOLDER_MAP),
					&r, &nr), 0);
	assert_int_equal(nr, 0);
	assert_null(r);
	/* an unreadable root keeps the last scan */
	assert_int_equal(procroot_init(&root, "/nonexistent/proc"), 0);
	assert_int_equal(fdscan_update(scan, &root, WHOLE, NULL, NULL, &p), -ENOENT);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_STATS), &r, &nr), 0);
	assert_int_equal(nr, 1);
	free(r);
	fdscan_free(scan);
	fixture_free(&fx);
}

/* A budget smaller than the processes' fds: each update reads its share
 * and says how far it got; the next goes on where it stopped, within a
 * process too, round robin; nothing is lost or read twice. */
static void test_budget(void **state)
{
	struct fdscan *scan = fdscan_new();
	struct fdscan_progress p;
	struct fixture fx;
	struct procroot root;
	struct holder *r;
	size_t nr, updates = 0;
	char info[64];

	(void)state;
	fixture_new_empty(&fx);
	/* three processes of 40 fds: a program at fd 39 of each */
	for (int pid = 300; pid <= 302; pid++) {
		char rel[32];

		snprintf(rel, sizeof(rel), "%d/comm", pid);
		fixture_write(&fx, rel, "many\n", (size_t)-1);
		for (int fd = 0; fd < 39; fd++)
			fake_fd(&fx, pid, fd, "/dev/null", NULL);
		snprintf(info, sizeof(info), "prog_id:\t%d\n", pid);
		fake_fd(&fx, pid, 39, "anon_inode:bpf-prog", info);
	}
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	/* 40 fds cost 40 * (LIST + LINK) + INFO: about two updates each */
	do {
		assert_int_equal(fdscan_update(scan, &root, 120, NULL, NULL, &p), 0);
		assert_int_equal(p.nr_procs, 3);
		assert_true(p.nr_read <= 3);
		assert_true(++updates < 20);
		if (updates == 1) {
			assert_false(p.complete);
			assert_int_equal(p.nr_read, 0);
		}
	} while (p.nr_read < 3);
	assert_true(updates >= 4);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_PROG), &r, &nr), 0);
	assert_int_equal(nr, 3);
	for (size_t i = 0; i < nr; i++)
		expect(&r[i], 300 + (pid_t)i, "many", 39, HOLDER_PROG, 300 + (uint32_t)i,
		       300 + (uint32_t)i);
	free(r);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_OTHER), &r, &nr), 0);
	assert_int_equal(nr, 3 * 39); /* each fd once */
	free(r);
	/* once read, a process is listed again but its fds keep what they
	 * were (no readlink): a whole round fits one budget */
	assert_int_equal(fdscan_update(scan, &root, 3 * 40 * FDKIND_COST_LIST + 100, NULL, NULL,
				       &p), 0);
	assert_true(p.complete);
	fdscan_free(scan);
	fixture_free(&fx);
}

/* ---- the real /proc ---- */

/* r0 = 0; exit */
static int load_prog(enum bpf_prog_type type)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(type, "bk_holders", "GPL", insns, 2, NULL);

	if (fd < 0)
		fail_msg("loading a program of type %d: %s", type, strerror(errno));
	return fd;
}

static void info_of(int fd, void *info, __u32 size)
{
	__u32 len = size;

	assert_int_equal(bpf_obj_get_info_by_fd(fd, info, &len), 0);
}

static const struct holder *find_fd(const struct holder *r, size_t nr, int fd)
{
	for (size_t i = 0; i < nr; i++)
		if (r[i].pid == getpid() && r[i].fd == fd)
			return &r[i];
	fail_msg("fd %d of this process was not found", fd);
	abort();
}

/* The records of this process, of the kinds in the set, from recs. */
static size_t mine(const struct holder *recs, size_t nr, unsigned kinds, struct holder *out,
		   size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++)
		if (recs[i].pid == getpid() && (kinds & HOLDER_BIT(recs[i].kind)) && n < max)
			out[n++] = recs[i];
	return n;
}

static void test_live(void **state)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
					.config = PERF_COUNT_SW_CPU_CLOCK, .disabled = 1,
					.sample_period = 1000000000 };
	struct perf_event_attr plain = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
					 .config = PERF_COUNT_SW_DUMMY, .disabled = 1 };
	int prog, filter, perf_prog, tp_prog, link, map, perf, bare, stats, sock, plain_sock, file;
	struct bpf_prog_info pinfo = { 0 }, finfo = { 0 }, eperf = { 0 };
	struct bpf_link_info linfo = { 0 };
	struct bpf_map_info minfo = { 0 };
	const unsigned same = HOLDER_BIT(HOLDER_PROG) | HOLDER_BIT(HOLDER_LINK) |
			      HOLDER_BIT(HOLDER_MAP) | HOLDER_BIT(HOLDER_STATS);
	struct holder a[16], b[16];
	struct holders_iter_walk w;
	struct fdscan *scan = fdscan_new();
	struct holders_iter *it;
	struct fdscan_progress p;
	struct holder *r, *q;
	struct procroot root;
	char comm[16] = "", why[256];
	size_t nr, nq, na, nb;
	uint32_t own_id, own_prog;
	FILE *cf;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_holders: the live search needs root\n");
		skip();
	}
	prog = load_prog(BPF_PROG_TYPE_SOCKET_FILTER);
	filter = load_prog(BPF_PROG_TYPE_SOCKET_FILTER);
	perf_prog = load_prog(BPF_PROG_TYPE_PERF_EVENT);
	/* a raw tracepoint on a rare event: a link that costs nothing */
	tp_prog = load_prog(BPF_PROG_TYPE_RAW_TRACEPOINT);
	link = bpf_raw_tracepoint_open("task_rename", tp_prog);
	assert_true(link >= 0);
	close(tp_prog); /* the link holds the program */
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_holders", 4, 4, 1, NULL);
	assert_true(map >= 0);
	/* a perf event that runs a program (disabled: it never fires), and a
	 * plain one, which the iterator leaves out */
	perf = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	assert_true(perf >= 0);
	assert_int_equal(ioctl(perf, PERF_EVENT_IOC_SET_BPF, perf_prog), 0);
	close(perf_prog); /* the event holds it */
	bare = (int)syscall(SYS_perf_event_open, &plain, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	assert_true(bare >= 0);
	/* a socket whose filter is an eBPF program, and a plain one */
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(sock >= 0);
	assert_int_equal(setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &filter, sizeof(filter)), 0);
	plain_sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(plain_sock >= 0);
	file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(file >= 0);
	info_of(prog, &pinfo, sizeof(pinfo));
	info_of(filter, &finfo, sizeof(finfo));
	close(filter); /* the socket holds it */
	info_of(link, &linfo, sizeof(linfo));
	info_of(map, &minfo, sizeof(minfo));
	assert_true(linfo.prog_id != 0);
	/* run-time statistics for every program while it is open: briefly */
	stats = bpf_enable_stats(BPF_STATS_RUN_TIME);
	assert_true(stats >= 0);

	/* the iterator (its own program, link and map are this process's
	 * fds too), then the /proc scan */
	assert_int_equal(procroot_init(&root, NULL), 0);
	assert_int_equal(holders_iter_open(&it, why, sizeof(why)), 0);
	assert_int_equal(holders_iter_walk(it, HOLDERS_ITER_WHOLE, &w), 0);
	assert_int_equal(fdscan_update(scan, &root, HOLDERS_PROC_WHOLE, NULL, NULL, &p), 0);
	assert_true(p.complete);
	assert_int_equal(kind_of_fd(stats), HOLDER_STATS);
	close(stats);
	assert_true(w.finished);
	/* this process at least; test_children shows the walk meets others
	 * (in a pid namespace of its own this test may be the only one) */
	assert_true(w.nr_procs >= 1);
	cf = fopen("/proc/self/comm", "re");
	assert_non_null(cf);
	assert_non_null(fgets(comm, sizeof(comm), cf));
	fclose(cf);
	comm[strcspn(comm, "\n")] = '\0';

	/* each kind from a real fd of that kind, and the scan agrees */
	assert_int_equal(kind_of_fd(prog), HOLDER_PROG);
	assert_int_equal(kind_of_fd(link), HOLDER_LINK);
	assert_int_equal(kind_of_fd(map), HOLDER_MAP);
	assert_int_equal(kind_of_fd(perf), HOLDER_PERF_EVENT);
	assert_int_equal(kind_of_fd(sock), HOLDER_OTHER);
	assert_int_equal(kind_of_fd(file), HOLDER_OTHER);
	assert_int_equal(fdscan_records(scan, ALL_KINDS, &r, &nr), 0);
	expect(find_fd(r, nr, prog), getpid(), comm, prog, HOLDER_PROG, pinfo.id, pinfo.id);
	expect(find_fd(r, nr, link), getpid(), comm, link, HOLDER_LINK, linfo.id, linfo.prog_id);
	expect(find_fd(r, nr, map), getpid(), comm, map, HOLDER_MAP, minfo.id, 0);
	/* /proc names the perf event, not its program, nor a socket's filter */
	expect(find_fd(r, nr, perf), getpid(), comm, perf, HOLDER_PERF_EVENT, 0, 0);
	expect(find_fd(r, nr, bare), getpid(), comm, bare, HOLDER_PERF_EVENT, 0, 0);
	expect(find_fd(r, nr, stats), getpid(), comm, stats, HOLDER_STATS, 0, 0);
	expect(find_fd(r, nr, sock), getpid(), comm, sock, HOLDER_OTHER, 0, 0);
	expect(find_fd(r, nr, file), getpid(), comm, file, HOLDER_OTHER, 0, 0);

	assert_int_equal(holders_iter_records(it, ALL_KINDS, &q, &nq), 0);
	expect(find_fd(q, nq, prog), getpid(), comm, prog, HOLDER_PROG, pinfo.id, pinfo.id);
	expect(find_fd(q, nq, link), getpid(), comm, link, HOLDER_LINK, linfo.id, linfo.prog_id);
	expect(find_fd(q, nq, map), getpid(), comm, map, HOLDER_MAP, minfo.id, 0);
	expect(find_fd(q, nq, stats), getpid(), comm, stats, HOLDER_STATS, 0, 0);
	/* the iterator reads into the perf event and the socket */
	eperf.id = find_fd(q, nq, perf)->prog_id;
	assert_true(eperf.id != 0);
	assert_true(find_fd(q, nq, perf)->ident != 0);
	expect(find_fd(q, nq, perf), getpid(), comm, perf, HOLDER_PERF_EVENT, 0, eperf.id);
	expect(find_fd(q, nq, sock), getpid(), comm, sock, HOLDER_SOCKET, 0, finfo.id);
	/* and into each program for its exception table (plus one): none in
	 * these, which read no kernel memory; the /proc scan reads none */
	assert_int_equal(find_fd(q, nq, prog)->prog_extable, 1);
	assert_int_equal(find_fd(q, nq, link)->prog_extable, 1);
	assert_int_equal(find_fd(q, nq, perf)->prog_extable, 1);
	assert_int_equal(find_fd(q, nq, sock)->prog_extable, 1);
	assert_int_equal(find_fd(q, nq, map)->prog_extable, 0);
	assert_int_equal(find_fd(r, nr, prog)->prog_extable, 0);
	/* and leaves out what carries no BPF: a plain perf event, a plain
	 * socket, a file */
	for (size_t i = 0; i < nq; i++)
		if (q[i].pid == getpid())
			assert_true(q[i].fd != bare && q[i].fd != plain_sock && q[i].fd != file);
	/* the same programs, links, maps and statistics fds both ways, the
	 * iterator's own program and link among them */
	na = mine(r, nr, same, a, 16);
	nb = mine(q, nq, same, b, 16);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++)
		expect(&b[i], a[i].pid, a[i].comm, a[i].fd, a[i].kind, a[i].id, a[i].prog_id);
	free(r);
	free(q);

	/* the iterator's program and link are bpfknobs' own while loaded */
	assert_int_equal(holders_iter_records(it, HOLDER_BIT(HOLDER_LINK), &q, &nq), 0);
	own_id = own_prog = 0;
	for (size_t i = 0; i < nq; i++) {
		if (q[i].pid == getpid() && q[i].id != linfo.id) {
			own_id = q[i].id;
			own_prog = q[i].prog_id;
			/* it reads the task and the file through BTF pointers
			 * (task->pid, file->f_op, ...): entries in its table */
			assert_true(q[i].prog_extable > 1);
		}
	}
	free(q);
	assert_true(own_id != 0);
	/* one function, whose exception table is the one it read: JIT memory's
	 * exact reading leaves the iterator's whole charge out with it */
	{
		struct bpf_prog_info oinfo = { 0 };
		int ofd = bpf_prog_get_fd_by_id(own_prog);

		assert_true(ofd >= 0);
		info_of(ofd, &oinfo, sizeof(oinfo));
		close(ofd);
		assert_int_equal(oinfo.nr_jited_func_lens, 1);
	}
	assert_true(own_has(OWN_LINK, own_id));
	holders_iter_free(it);
	assert_false(own_has(OWN_LINK, own_id));

	fdscan_free(scan);
	close(prog);
	close(link);
	close(map);
	close(perf);
	close(bare);
	close(sock);
	close(plain_sock);
	close(file);
}

/* A user may dup() a map's fd (a pinned one, opened) a million times: the
 * iterator keeps one record per process and object, the first fd, also
 * when other fds come in between. */
static void test_iter_dedupe(void **state)
{
	struct bpf_map_info minfo = { 0 };
	struct holders_iter_walk w;
	struct holders_iter *it;
	struct holder *r;
	size_t nr, maps = 0;
	char why[256];
	int map, prog, fds[200];

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_holders: the iterator needs root\n");
		skip();
	}
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_dupmap", 4, 4, 1, NULL);
	assert_true(map >= 0);
	info_of(map, &minfo, sizeof(minfo));
	for (int i = 0; i < 100; i++)
		assert_true((fds[i] = dup(map)) >= 0);
	prog = load_prog(BPF_PROG_TYPE_SOCKET_FILTER); /* another object in between */
	for (int i = 100; i < 200; i++)
		assert_true((fds[i] = dup(map)) >= 0);
	assert_int_equal(holders_iter_open(&it, why, sizeof(why)), 0);
	assert_int_equal(holders_iter_walk(it, HOLDERS_ITER_WHOLE, &w), 0);
	assert_true(w.finished);
	assert_int_equal(holders_iter_records(it, HOLDER_BIT(HOLDER_MAP) | HOLDER_BIT(HOLDER_PROG),
					      &r, &nr), 0);
	for (size_t i = 0; i < nr; i++)
		if (r[i].pid == getpid() && r[i].kind == HOLDER_MAP && r[i].id == minfo.id) {
			maps++;
			assert_int_equal(r[i].fd, map);
		}
	assert_int_equal(maps, 1);
	(void)find_fd(r, nr, prog);
	free(r);
	holders_iter_free(it);
	for (int i = 0; i < 200; i++)
		close(fds[i]);
	close(prog);
	close(map);
}

/* The count of seccomp filters /proc/<pid>/status gives, -1 when gone. */
static long status_filters(pid_t pid)
{
	char path[64], line[256];
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Seccomp_filters: %ld", &v) == 1)
			break;
	fclose(f);
	return v;
}

/* The walk reports each process that runs seccomp filters, with the count
 * /proc/<pid>/status gives and its parent (a child with two filters of its
 * own, a grandchild with one more: the counting rule needs the chain). */
static void test_iter_seccomp(void **state)
{
	struct holders_iter_walk w;
	struct holders_iter *it;
	struct holder *r;
	size_t nr, met = 0;
	char why[256];
	pid_t parent = getpid(), child, grandchild;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_holders: the iterator needs root\n");
		skip();
	}
	child = fixture_seccomp_chain(&grandchild);
	assert_int_equal(holders_iter_open(&it, why, sizeof(why)), 0);
	assert_false(holders_iter_counts_seccomp(it)); /* no whole walk yet */
	assert_int_equal(holders_iter_walk(it, HOLDERS_ITER_WHOLE, &w), 0);
	assert_true(w.finished);
	assert_true(holders_iter_counts_seccomp(it));
	assert_int_equal(holders_iter_records(it, HOLDER_BIT(HOLDER_SECCOMP), &r, &nr), 0);
	for (size_t i = 0; i < nr; i++) {
		long filters = status_filters(r[i].pid);

		assert_int_equal(r[i].kind, HOLDER_SECCOMP);
		if (r[i].pid == child) {
			assert_int_equal(r[i].id, 2);
			assert_int_equal(r[i].ppid, parent);
			met++;
		} else if (r[i].pid == grandchild) {
			assert_int_equal(r[i].id, 3);
			assert_int_equal(r[i].ppid, child);
			met++;
		}
		/* every process the walk named: as /proc tells, unless gone since */
		if (filters >= 0 && filters != r[i].id)
			fail_msg("pid %d: %u seccomp filters from the iterator, %ld in its status",
				 (int)r[i].pid, r[i].id, filters);
	}
	assert_int_equal(met, 2);
	free(r);
	holders_iter_free(it);
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	kill(grandchild, SIGKILL);
}

/* A walk with a budget goes on where it stopped, and the records meanwhile
 * are the walk under way's and the last whole walk's for the rest. */
static void test_iter_budget(void **state)
{
	struct holders_iter_walk w;
	struct holders_iter *it;
	struct holder *r, *whole;
	size_t nr, nr_whole, walks = 0;
	uint64_t budget;
	char why[256];
	int prog;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_holders: the iterator needs root\n");
		skip();
	}
	prog = load_prog(BPF_PROG_TYPE_SOCKET_FILTER);
	assert_int_equal(holders_iter_open(&it, why, sizeof(why)), 0);
	assert_int_equal(holders_iter_walk(it, HOLDERS_ITER_WHOLE, &w), 0);
	assert_true(w.finished && w.covered);
	assert_true(w.nr_files > 0);
	assert_int_equal(holders_iter_records(it, HOLDER_BIT(HOLDER_PROG), &whole, &nr_whole), 0);
	(void)find_fd(whole, nr_whole, prog);
	/* A quarter of the files the whole walk met at a time: walks that stop
	 * short, then end. The budget comes from that walk, not from a guess:
	 * a quiet machine's processes may hold fewer than 64 files in all (on
	 * CI's, a fixed 64 ended in one walk), as may a pid namespace's. */
	budget = w.nr_files / 4 + 1;
	do {
		assert_int_equal(holders_iter_walk(it, budget, &w), 0);
		assert_true(w.nr_files <= budget);
		assert_true(w.covered);
		assert_int_equal(holders_iter_records(it, HOLDER_BIT(HOLDER_PROG), &r, &nr), 0);
		/* this process's program is there all along: from this walk, or
		 * the last whole one */
		(void)find_fd(r, nr, prog);
		free(r);
		assert_true(++walks < 100000);
	} while (!w.finished);
	assert_true(walks > 1);
	free(whole);
	holders_iter_free(it);
	close(prog);
}

/* How many records of pid hold the map of id map_id; with ppid, each
 * must name that parent. */
static size_t map_records(const struct holder *r, size_t nr, pid_t pid, uint32_t map_id,
			  pid_t ppid)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++) {
		if (r[i].pid != pid || r[i].kind != HOLDER_MAP || r[i].id != map_id)
			continue;
		if (ppid)
			assert_int_equal(r[i].ppid, ppid);
		n++;
	}
	return n;
}

/* The holders of the map, found the way root says, through holders.h. */
static void holders_of_map(struct procroot *root, bool no_iterator, uint32_t map_id,
			   pid_t child, enum prog_holders_source source)
{
	struct prog_list list;
	struct holders *h;
	struct holder *r;
	size_t nr;

	memset(&list, 0, sizeof(list));
	root->no_iterator = no_iterator;
	h = holders_new(root);
	assert_non_null(h);
	assert_int_equal(holders_update(h, HOLDERS_WHOLE, &list), 0);
	assert_int_equal(holders_source(h), source);
	assert_true(list.holders.complete);
	assert_int_equal(holders_records(h, HOLDER_BIT(HOLDER_MAP), &r, &nr), 0);
	assert_int_equal(map_records(r, nr, getpid(), map_id, 0), 1);
	assert_int_equal(map_records(r, nr, child, map_id, 0), 0);
	free(r);
	holders_free(h);
}

/* A child this process forks holds a copy of every fd it has until it
 * closes them (bpfknobs' probes of what eBPF may do): both sources see the
 * child with this process as its parent, and holders_records() leaves its
 * records out, so that bpfknobs' own objects do not show a second holder. */
/* The instructions the kernel runs for a program (its xlated dump), with
 * each map's id, the one thing two loads of one object differ in, left
 * out (bpf_insn_prepare_dump() puts the id in a map load's imm). */
static void xlated_without_map_ids(int prog_fd, struct bpf_insn **insns, __u32 *nr)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	assert_int_equal(bpf_obj_get_info_by_fd(prog_fd, &info, &len), 0);
	*nr = info.xlated_prog_len / sizeof(**insns);
	*insns = calloc(*nr ? *nr : 1, sizeof(**insns));
	assert_non_null(*insns);
	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = *nr * sizeof(**insns);
	info.xlated_prog_insns = (__u64)(unsigned long)*insns;
	len = sizeof(info);
	assert_int_equal(bpf_obj_get_info_by_fd(prog_fd, &info, &len), 0);
	for (__u32 i = 0; i + 1 < *nr; i++)
		if ((*insns)[i].code == (BPF_LD | BPF_IMM | BPF_DW) &&
		    ((*insns)[i].src_reg == BPF_PSEUDO_MAP_FD ||
		     (*insns)[i].src_reg == BPF_PSEUDO_MAP_VALUE))
			(*insns)[i].imm = 0;
}

/* The iterator as the kernel relocates it (own_load.h) is the program
 * libbpf makes of it here: the same instructions after the verifier, but
 * for the id of its map, and a .bss of the skeleton's size, mapped and
 * writable; holders_iter_open() loads it so. Before Linux 5.17 the kernel
 * cannot relocate, the loader says so, and libbpf loads it. */
static void test_loaded_by_the_kernel(void **state)
{
	struct bpf_insn *ours, *libbpfs;
	__u32 nr_ours, nr_libbpfs;
	struct holders_iter_bpf *skel;
	struct holders_iter *it;
	struct own_loaded loaded;
	struct utsname uts;
	char why[256];
	bool in_kernel;
	size_t size;
	const void *elf = holders_iter_bpf__elf_bytes(&size);
	int err;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_holders: loading programs needs root\n");
		skip();
	}
	assert_int_equal(uname(&uts), 0);
	in_kernel = kver_holds(kver_parse(uts.release), KVER(5, 17, 0), 0);
	/* the iterator holders use is loaded this way where it can be */
	assert_int_equal(holders_iter_open(&it, why, sizeof(why)), 0);
	assert_int_equal(holders_iter_in_kernel(it), in_kernel);
	holders_iter_free(it);
	err = own_load_in_kernel(elf, size, "holders_iter_bpf", &loaded);
	if (!in_kernel) {
		assert_int_not_equal(err, 0);
		assert_int_equal(loaded.prog_fd, -1);
		return;
	}
	assert_int_equal(err, 0);
	skel = holders_iter_bpf__open_and_load();
	if (!skel) {
		own_loaded_close(&loaded);
		fail_msg("libbpf could not load the iterator: %s", strerror(errno));
		return;
	}
	xlated_without_map_ids(loaded.prog_fd, &ours, &nr_ours);
	xlated_without_map_ids(bpf_program__fd(skel->progs.bpfknobs_holders), &libbpfs,
			       &nr_libbpfs);
	assert_int_equal(nr_ours, nr_libbpfs);
	assert_memory_equal(ours, libbpfs, nr_ours * sizeof(*ours));
	free(ours);
	free(libbpfs);
	assert_int_equal(loaded.data_size, bpf_map__value_size(skel->maps.bss));
	assert_non_null(loaded.data);
	((struct holders_iter_bpf__bss *)loaded.data)->budget = 42; /* it is writable */
	holders_iter_bpf__destroy(skel);
	own_loaded_close(&loaded);
	assert_int_equal(loaded.prog_fd, -1);
	assert_null(loaded.data);
}

static void test_children(void **state)
{
	struct bpf_map_info minfo = { 0 };
	struct fdscan *scan = fdscan_new();
	struct holders_iter_walk w;
	struct fdscan_progress p;
	struct holders_iter *it;
	struct procroot root;
	struct fixture fx;
	char why[256], path[PATH_MAX], target[64], c;
	struct holder *r;
	int map, ready[2], status;
	size_t nr;
	pid_t parent, child;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_holders: the live search needs root\n");
		skip();
	}
	assert_non_null(scan);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_forked", 4, 4, 1, NULL);
	assert_true(map >= 0);
	info_of(map, &minfo, sizeof(minfo));
	assert_int_equal(pipe2(ready, O_CLOEXEC), 0);
	parent = getpid();
	child = fork();
	assert_true(child >= 0);
	if (!child) {
		/* holds its copy of map until killed, or until this test
		 * ends: a failed assertion leaves before the kill below */
		close(ready[0]);
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(1);
		if (write(ready[1], "", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);

	/* the iterator sees the child, with this process as its parent */
	assert_int_equal(procroot_init(&root, NULL), 0);
	assert_int_equal(holders_iter_open(&it, why, sizeof(why)), 0);
	assert_int_equal(holders_iter_walk(it, HOLDERS_ITER_WHOLE, &w), 0);
	assert_true(w.finished);
	assert_int_equal(holders_iter_records(it, HOLDER_BIT(HOLDER_MAP), &r, &nr), 0);
	assert_int_equal(map_records(r, nr, getpid(), minfo.id, getppid()), 1);
	assert_int_equal(map_records(r, nr, child, minfo.id, getpid()), 1);
	free(r);
	holders_iter_free(it);
	holders_of_map(&root, false, minfo.id, child, PROG_HOLDERS_ITERATOR);

	/* so does the /proc scan: of a /proc that lists the two processes
	 * alone, so that what other processes hold cannot use its budget up */
	fixture_new_empty(&fx);
	snprintf(target, sizeof(target), "/proc/%d", (int)getpid());
	fixture_path(&fx, target + strlen("/proc/"), path, sizeof(path));
	assert_int_equal(symlink(target, path), 0);
	snprintf(target, sizeof(target), "/proc/%d", (int)child);
	fixture_path(&fx, target + strlen("/proc/"), path, sizeof(path));
	assert_int_equal(symlink(target, path), 0);
	fixture_path(&fx, "self", path, sizeof(path));
	assert_int_equal(symlink("/proc/self", path), 0);
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	root.live = true; /* the processes are live ones */
	assert_int_equal(fdscan_update(scan, &root, HOLDERS_PROC_WHOLE, NULL, NULL, &p), 0);
	assert_true(p.complete);
	assert_int_equal(fdscan_records(scan, HOLDER_BIT(HOLDER_MAP), &r, &nr), 0);
	assert_int_equal(map_records(r, nr, getpid(), minfo.id, getppid()), 1);
	assert_int_equal(map_records(r, nr, child, minfo.id, getpid()), 1);
	free(r);
	fdscan_free(scan);
	holders_of_map(&root, true, minfo.id, child, PROG_HOLDERS_PROC);

	kill(child, SIGKILL); /* this process's own child */
	assert_int_equal(waitpid(child, &status, 0), child);
	fixture_free(&fx);
	close(map);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdinfo),
		cmocka_unit_test(test_kind_of_target),
		cmocka_unit_test(test_fake_proc),
		cmocka_unit_test(test_budget),
		cmocka_unit_test(test_live),
		cmocka_unit_test(test_iter_budget),
		cmocka_unit_test(test_iter_dedupe),
		cmocka_unit_test(test_iter_seccomp),
		cmocka_unit_test(test_children),
		cmocka_unit_test(test_loaded_by_the_kernel),
	};

	if (geteuid() != 0 && getenv("CI")) {
		fprintf(stderr, "test_holders: FAIL in CI: must run as root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
