/* The scan of open BPF fds: the fdinfo parser and the kinds of link
 * targets; the scan of a fake /proc tree, incremental updates included;
 * and the scan of the real /proc (root) while this process holds a
 * program, a link, a map, a perf event, a statistics fd and a socket. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <linux/perf_event.h>

#include <cmocka.h>

#include "fdscan/fdscan.h"
#include "lib/fixture.h"

#define ALL_KINDS (FDKIND_BIT(FDKIND__COUNT) - 1)

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
	struct fdkind_fd f = { .kind = FDKIND_PROG };

	(void)state;
	fdkind_parse_fdinfo(&f, prog);
	assert_int_equal(f.id, 3028);
	assert_int_equal(f.prog_id, 3028);
	f.kind = FDKIND_LINK;
	fdkind_parse_fdinfo(&f, link);
	assert_int_equal(f.id, 4);
	assert_int_equal(f.prog_id, 17);
	f.kind = FDKIND_MAP;
	fdkind_parse_fdinfo(&f, map);
	assert_int_equal(f.id, 3);
	assert_int_equal(f.prog_id, 0);
	f.kind = FDKIND_MAP;
	fdkind_parse_fdinfo(&f, prog); /* a map's fdinfo without map_id */
	assert_int_equal(f.id, 0);
	/* a key only at the start of a line, a whole u32 only */
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		f.kind = FDKIND_PROG;
		fdkind_parse_fdinfo(&f, ids[i].text);
		assert_int_equal(f.id, ids[i].id);
	}
}

/* The kind of what this process's fd is linked to, as the kernel names it. */
static enum fdkind kind_of_fd(int fd)
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

/* The kinds are judged on the kernel's own names of real fds: a socket and
 * a pipe here, each BPF kind in test_live_proc (it needs root), never on
 * a copy of fdkind.c's table. What follows is what no fd of this kernel
 * can show: names close to a BPF kind's that are none, and the link's
 * other spelling, "bpf-link", which other kernels give it. */
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
	assert_int_equal(kind_of_fd(sock), FDKIND_SOCKET);
	assert_int_equal(kind_of_fd(pipes[0]), FDKIND_OTHER);
	close(sock);
	close(pipes[0]);
	close(pipes[1]);
	for (size_t i = 0; i < sizeof(others) / sizeof(others[0]); i++)
		if (fdkind_of_target(others[i]) != FDKIND_OTHER)
			fail_msg("\"%s\" is taken for a kind of BPF's", others[i]);
	assert_int_equal(fdkind_of_target("anon_inode:bpf-link"), FDKIND_LINK);
	assert_false(fdkind_is_bpf(FDKIND_SOCKET));
	assert_true(fdkind_is_bpf(FDKIND_PERF_EVENT));
	assert_true(fdkind_has_ids(FDKIND_LINK));
	assert_false(fdkind_has_ids(FDKIND_STATS));
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

static void expect(const struct fdscan_record *r, pid_t pid, const char *comm, int fd,
		   enum fdkind kind, uint32_t id, uint32_t prog_id)
{
	assert_int_equal(r->pid, pid);
	assert_string_equal(r->comm, comm);
	assert_int_equal(r->fd, fd);
	assert_int_equal(r->kind, kind);
	assert_int_equal(r->id, id);
	assert_int_equal(r->prog_id, prog_id);
}

static bool gone_prog_7(const struct fdscan_record *rec, const void *arg)
{
	(void)arg;
	return rec->prog_id == 7;
}

static void test_fake_proc(void **state)
{
	struct fdscan *scan = fdscan_new();
	struct fdscan_record *r;
	struct procroot root;
	struct fixture fx;
	size_t nr;

	(void)state;
	assert_non_null(scan);
	fake_proc(&fx);
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	assert_int_equal(fdscan_update(scan, &root, 0, NULL, NULL), 0);
	assert_int_equal(fdscan_records(scan, ALL_KINDS & ~FDKIND_BIT(FDKIND_OTHER), &r, &nr), 0);
	assert_int_equal(nr, 7);
	expect(&r[0], 100, "loader", 3, FDKIND_PROG, 7, 7);
	expect(&r[1], 100, "loader", 4, FDKIND_LINK, 2, 7);
	expect(&r[2], 100, "loader", 5, FDKIND_MAP, 9, 0);
	expect(&r[3], 100, "loader", 6, FDKIND_PERF_EVENT, 0, 0);
	expect(&r[4], 100, "loader", 7, FDKIND_STATS, 0, 0);
	expect(&r[5], 100, "loader", 12, FDKIND_SOCKET, 0, 0);
	expect(&r[6], 200, "", 1, FDKIND_SOCKET, 0, 0); /* comm is not read for sockets */
	free(r);

	/* fd 3 now holds another program and fd 4 was closed: without a
	 * reason to look (same count under a tree without fd counts, no
	 * budget) the scan still lists fds again, and keeps what it knew */
	fake_fd(&fx, 100, 3, "anon_inode:bpf-prog", "prog_id:\t8\n");
	fixture_remove(&fx, "100/fd/4");
	assert_int_equal(fdscan_update(scan, &root, 0, NULL, NULL), 0);
	assert_int_equal(fdscan_records(scan, FDKIND_BIT(FDKIND_PROG) | FDKIND_BIT(FDKIND_LINK),
					&r, &nr), 0);
	assert_int_equal(nr, 1);
	expect(&r[0], 100, "loader", 3, FDKIND_PROG, 7, 7);
	free(r);
	/* the caller says program 7 is gone: fd 3 is read again at once */
	assert_int_equal(fdscan_update(scan, &root, 0, gone_prog_7, NULL), 0);
	assert_int_equal(fdscan_records(scan, FDKIND_BIT(FDKIND_PROG), &r, &nr), 0);
	assert_int_equal(nr, 1);
	expect(&r[0], 100, "loader", 3, FDKIND_PROG, 8, 8);
	free(r);
	/* a budget re-checks the others, round robin */
	fake_fd(&fx, 100, 5, "anon_inode:bpf-map", "map_id:\t10\n");
	assert_int_equal(fdscan_update(scan, &root, 100, NULL, NULL), 0);
	assert_int_equal(fdscan_records(scan, FDKIND_BIT(FDKIND_MAP), &r, &nr), 0);
	assert_int_equal(nr, 1);
	expect(&r[0], 100, "loader", 5, FDKIND_MAP, 10, 0);
	free(r);
	/* kinds nobody holds: no records, no allocation */
	fixture_remove(&fx, "100/fd/3");
	fixture_remove(&fx, "100/fd/5");
	assert_int_equal(fdscan_update(scan, &root, 0, NULL, NULL), 0);
	assert_int_equal(fdscan_records(scan, FDKIND_BIT(FDKIND_PROG) | FDKIND_BIT(FDKIND_MAP),
					&r, &nr), 0);
	assert_int_equal(nr, 0);
	assert_null(r);
	/* an unreadable root keeps the last scan */
	assert_int_equal(procroot_init(&root, "/nonexistent/proc"), 0);
	assert_int_equal(fdscan_update(scan, &root, 0, NULL, NULL), -ENOENT);
	assert_int_equal(fdscan_records(scan, FDKIND_BIT(FDKIND_STATS), &r, &nr), 0);
	assert_int_equal(nr, 1);
	free(r);
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
	int fd = bpf_prog_load(type, "bk_fdscan", "GPL", insns, 2, NULL);

	if (fd < 0)
		fail_msg("loading a program of type %d: %s", type, strerror(errno));
	return fd;
}

static void info_of(int fd, void *info, __u32 size)
{
	__u32 len = size;

	assert_int_equal(bpf_obj_get_info_by_fd(fd, info, &len), 0);
}

static const struct fdscan_record *find_fd(const struct fdscan_record *r, size_t nr, int fd)
{
	for (size_t i = 0; i < nr; i++)
		if (r[i].pid == getpid() && r[i].fd == fd)
			return &r[i];
	fail_msg("fd %d of this process was not found", fd);
	abort();
}

static void test_live_proc(void **state)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
					.config = PERF_COUNT_SW_DUMMY, .disabled = 1 };
	int prog, tp_prog, link, map, perf, stats, sock, file;
	struct bpf_prog_info pinfo = { 0 };
	struct bpf_link_info linfo = { 0 };
	struct bpf_map_info minfo = { 0 };
	struct fdscan *scan = fdscan_new();
	struct fdscan_record *r;
	struct procroot root;
	char comm[16] = "";
	size_t nr;
	FILE *cf;

	(void)state;
	if (geteuid() != 0) {
		fprintf(stderr, "test_fdscan: the live scan needs root\n");
		skip();
	}
	prog = load_prog(BPF_PROG_TYPE_SOCKET_FILTER);
	/* a raw tracepoint on a rare event: a link that costs nothing */
	tp_prog = load_prog(BPF_PROG_TYPE_RAW_TRACEPOINT);
	link = bpf_raw_tracepoint_open("task_rename", tp_prog);
	assert_true(link >= 0);
	close(tp_prog); /* the link holds the program */
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_fdscan", 4, 4, 1, NULL);
	assert_true(map >= 0);
	perf = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	assert_true(perf >= 0);
	/* run-time statistics for every program while it is open: briefly */
	stats = bpf_enable_stats(BPF_STATS_RUN_TIME);
	assert_true(stats >= 0);
	sock = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	assert_true(sock >= 0);
	file = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(file >= 0);

	assert_int_equal(procroot_init(&root, NULL), 0);
	assert_int_equal(fdscan_update(scan, &root, 0, NULL, NULL), 0);
	assert_int_equal(kind_of_fd(stats), FDKIND_STATS);
	close(stats);
	assert_int_equal(fdscan_records(scan, ALL_KINDS, &r, &nr), 0);
	cf = fopen("/proc/self/comm", "re");
	assert_non_null(cf);
	assert_non_null(fgets(comm, sizeof(comm), cf));
	fclose(cf);
	comm[strcspn(comm, "\n")] = '\0';

	info_of(prog, &pinfo, sizeof(pinfo));
	info_of(link, &linfo, sizeof(linfo));
	info_of(map, &minfo, sizeof(minfo));
	assert_true(linfo.prog_id != 0);
	/* each kind from a real fd of that kind, and the scan agrees */
	assert_int_equal(kind_of_fd(prog), FDKIND_PROG);
	assert_int_equal(kind_of_fd(link), FDKIND_LINK);
	assert_int_equal(kind_of_fd(map), FDKIND_MAP);
	assert_int_equal(kind_of_fd(perf), FDKIND_PERF_EVENT);
	assert_int_equal(kind_of_fd(sock), FDKIND_SOCKET);
	assert_int_equal(kind_of_fd(file), FDKIND_OTHER);
	expect(find_fd(r, nr, prog), getpid(), comm, prog, FDKIND_PROG, pinfo.id, pinfo.id);
	expect(find_fd(r, nr, link), getpid(), comm, link, FDKIND_LINK, linfo.id, linfo.prog_id);
	expect(find_fd(r, nr, map), getpid(), comm, map, FDKIND_MAP, minfo.id, 0);
	expect(find_fd(r, nr, perf), getpid(), comm, perf, FDKIND_PERF_EVENT, 0, 0);
	expect(find_fd(r, nr, stats), getpid(), comm, stats, FDKIND_STATS, 0, 0);
	expect(find_fd(r, nr, sock), getpid(), comm, sock, FDKIND_SOCKET, 0, 0);
	expect(find_fd(r, nr, file), getpid(), comm, file, FDKIND_OTHER, 0, 0);
	free(r);
	fdscan_free(scan);
	close(prog);
	close(link);
	close(map);
	close(perf);
	close(sock);
	close(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fdinfo),
		cmocka_unit_test(test_kind_of_target),
		cmocka_unit_test(test_fake_proc),
		cmocka_unit_test(test_live_proc),
	};

	if (geteuid() != 0 && getenv("CI")) {
		fprintf(stderr, "test_fdscan: FAIL in CI: must run as root\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
