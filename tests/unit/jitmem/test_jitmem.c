/* JIT memory in use (core/jitmem/): the kernel's charges by version, the
 * seccomp walk's counting on a built /proc tree, the symbol lookup in a
 * /proc/kallsyms text, and the reading over a made-up program list; on the
 * real kernel: a seccomp filter of a child and a packet socket's classic
 * filter are counted, and the counter is read exactly exactly when
 * /proc/kallsyms names bpf_jit_current. */
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/seccomp.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "base/kver.h"
#include "jitmem/jitmem.h"
#include "lib/fixture.h"
#include "progs/own.h"

/* ---- the charges ---- */

static void test_charge_rules(void **state)
{
	struct jit_charge_rules r;

	(void)state;
	/* x86_64 from 5.18: bpf_prog_pack, 64-byte chunks, a byte counter */
	jit_charge_rules(&r, KVER(6, 18, 0), "x86_64", 4096);
	assert_true(r.known);
	assert_true(r.pack);
	assert_false(r.counter_in_pages);
	assert_int_equal(jit_charge_unit(&r), 64);
	assert_int_equal(jit_charge_image(&r, 0), 0);
	assert_int_equal(jit_charge_image(&r, 1), 64);   /* 4 + 8 + 16 = 28 */
	assert_int_equal(jit_charge_image(&r, 40), 64);  /* 40 + 24 = 64 */
	assert_int_equal(jit_charge_image(&r, 41), 128); /* padded to 44 */
	assert_int_equal(jit_charge_image(&r, 1523), 1600);
	/* with an exception table: 12 bytes an entry after the padded image
	 * (bpfknobs' holders iterator on Debian's 6.1: 3268 bytes and 6
	 * entries, 3292 + 72 past the 3328 chunks the image alone takes) */
	assert_int_equal(jit_charge_image_extable(&r, 3268, 0), 3328);
	assert_int_equal(jit_charge_image_extable(&r, 3268, 3), 3328);
	assert_int_equal(jit_charge_image_extable(&r, 3268, 6), 3392);
	assert_int_equal(jit_charge_image_extable(&r, 41, 1), 128); /* 44 + 12 + 24 */
	assert_int_equal(jit_charge_image_extable(&r, 0, 5), 0);
	assert_int_equal(jit_charge_counter_bytes(&r, 1600), 1600);
	/* trampolines: their own size from 6.8, a page the bound */
	assert_true(r.trampoline_size_hidden);
	assert_int_equal(jit_charge_trampoline(&r), 4096);
	assert_int_equal(jit_charge_struct_ops(&r), 4096);

	jit_charge_rules(&r, KVER(6, 1, 0), "x86_64", 4096);
	assert_true(r.pack);
	assert_false(r.trampoline_size_hidden);
	assert_int_equal(jit_charge_trampoline(&r), 4096);
	assert_int_equal(jit_charge_struct_ops(&r), 0); /* from 6.8 */

	/* before 5.18: whole pages, a counter of pages */
	jit_charge_rules(&r, KVER(5, 10, 0), "x86_64", 4096);
	assert_true(r.known);
	assert_false(r.pack);
	assert_true(r.counter_in_pages);
	assert_int_equal(jit_charge_unit(&r), 4096);
	assert_int_equal(jit_charge_image(&r, 1), 4096);
	assert_int_equal(jit_charge_image(&r, 3960), 4096); /* 3960 + 8 + 128 */
	assert_int_equal(jit_charge_image(&r, 3961), 8192);
	assert_int_equal(jit_charge_image_extable(&r, 3948, 1), 4096); /* 3960 */
	assert_int_equal(jit_charge_image_extable(&r, 3948, 2), 8192);
	assert_int_equal(jit_charge_counter_bytes(&r, 3), 12288);

	/* another machine, or no version: not known */
	jit_charge_rules(&r, KVER(6, 18, 0), "aarch64", 4096);
	assert_false(r.known);
	jit_charge_rules(&r, 0, "x86_64", 4096);
	assert_false(r.known);
}

/* ---- seccomp, counted once along the parent chain ---- */

static void test_classic_distinct(void **state)
{
	/* 1: a runtime with a filter; 2 and 3 its children, 3 adding one;
	 * 4: reparented to 1 (a subreaper) with its own; 5: no parent known */
	static const struct jit_classic_proc procs[] = {
		{ .pid = 1, .ppid = 0, .filters = 1 },
		{ .pid = 2, .ppid = 1, .filters = 1 },
		{ .pid = 3, .ppid = 1, .filters = 2 },
		{ .pid = 4, .ppid = 1, .filters = 1 },
		{ .pid = 5, .ppid = 99, .filters = 3 },
		{ .pid = 6, .ppid = 3, .filters = 1 }, /* forked before 3 added its second */
	};

	(void)state;
	assert_int_equal(jit_classic_distinct(procs, 6), 1 + 0 + 1 + 0 + 3 + 0);
	assert_int_equal(jit_classic_distinct(procs, 0), 0);
}

static void status(struct fixture *fx, int pid, int ppid, const char *seccomp_lines)
{
	char rel[64], text[512];

	snprintf(rel, sizeof(rel), "%d/status", pid);
	snprintf(text, sizeof(text), "Name:\tx\nPid:\t%d\nPPid:\t%d\nGroups:\t\n%s"
		 "Cpus_allowed:\t3\n", pid, ppid, seccomp_lines);
	fixture_write(fx, rel, text, (size_t)-1);
}

static void test_seccomp_walk(void **state)
{
	struct jit_classic_seccomp out;
	struct jit_classic *c = jit_classic_new();
	struct procroot root;
	struct fixture fx;

	(void)state;
	assert_non_null(c);
	fixture_new_empty(&fx);
	status(&fx, 1, 0, "Seccomp:\t0\nSeccomp_filters:\t0\n");
	status(&fx, 10, 1, "Seccomp:\t2\nSeccomp_filters:\t2\n");
	status(&fx, 11, 10, "Seccomp:\t2\nSeccomp_filters:\t2\n");
	status(&fx, 12, 10, "Seccomp:\t2\nSeccomp_filters:\t3\n");
	fixture_write(&fx, "self", "not a pid", (size_t)-1);
	fixture_write(&fx, "13/cmdline", "a process whose status went", (size_t)-1);
	assert_int_equal(procroot_init(&root, fx.dir), 0);
	assert_true(jit_classic_seccomp(c, &root, NULL, true, &out));
	assert_int_equal(out.error, 0);
	assert_int_equal(out.processes, 3);
	assert_int_equal(out.attached, 7);
	assert_int_equal(out.filters, 2 + 0 + 1);
	/* within JIT_CLASSIC_WALK_SECONDS the last walk serves */
	status(&fx, 14, 1, "Seccomp:\t2\nSeccomp_filters:\t5\n");
	assert_false(jit_classic_seccomp(c, &root, NULL, false, &out));
	assert_int_equal(out.filters, 3);
	assert_true(jit_classic_seccomp(c, &root, NULL, true, &out));
	assert_int_equal(out.filters, 8);
	assert_int_equal(jit_classic_nr_walks(c), 2);

	/* a walk JIT_CLASSIC_WALK_SECONDS later goes on a few processes per
	 * call, and the last complete walk is shown until it is done */
	for (int pid = 100; pid < 100 + 2 * JIT_CLASSIC_STATUS_PER_CALL; pid++)
		status(&fx, pid, 1, "Seccomp:\t2\nSeccomp_filters:\t1\n");
	{
		struct timespec t;
		int calls = 0;

		clock_gettime(CLOCK_MONOTONIC, &t);
		t.tv_sec += JIT_CLASSIC_WALK_SECONDS;
		while (!jit_classic_seccomp(c, &root, &t, false, &out)) {
			assert_int_equal(out.filters, 8);
			assert_true(++calls < 10);
		}
		/* 6 statuses above, 64 more, the pid "self" no process */
		assert_int_equal(calls, (6 + 2 * JIT_CLASSIC_STATUS_PER_CALL) /
					JIT_CLASSIC_STATUS_PER_CALL);
		assert_int_equal(out.filters, 8 + 2 * JIT_CLASSIC_STATUS_PER_CALL);
		/* and not again before another JIT_CLASSIC_WALK_SECONDS */
		assert_false(jit_classic_seccomp(c, &root, &t, false, &out));
	}

	/* a kernel before 5.9 has a Seccomp line and no count */
	status(&fx, 15, 1, "Seccomp:\t0\n");
	jit_classic_seccomp(c, &root, NULL, true, &out);
	assert_int_equal(out.error, -ENODATA);
	jit_classic_free(c);
	fixture_free(&fx);
}

/* ---- the address of bpf_jit_current ---- */

static int text_fd(const char *text)
{
	int fd = (int)syscall(SYS_memfd_create, "kallsyms", 0);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	return fd;
}

static int find(const char *text, uint64_t *addr)
{
	int fd = text_fd(text), err;

	*addr = 1;
	err = jit_counter_find_symbol(fd, "bpf_jit_current", addr);
	close(fd);
	return err;
}

static void test_find_symbol(void **state)
{
	char *big;
	uint64_t addr;
	size_t n = 0;

	(void)state;
	assert_int_equal(find("ffffffff81000000 T _stext\nffffffff8a2b3c40 b bpf_jit_current\n"
			      "ffffffff8a2b3c48 b bpf_jit_current_x\n", &addr), 0);
	assert_true(addr == 0xffffffff8a2b3c40ull);
	/* no newline at the end */
	assert_int_equal(find("ffffffff8a2b3c40 d bpf_jit_current", &addr), 0);
	assert_true(addr == 0xffffffff8a2b3c40ull);
	/* hidden from this reader: zeros */
	assert_int_equal(find("0000000000000000 b bpf_jit_current\n", &addr), 0);
	assert_true(addr == 0);
	/* absent: only a longer name, or only after the vmlinux part */
	assert_int_equal(find("ffffffff8a2b3c48 b bpf_jit_current_x\n", &addr), -ENOENT);
	assert_int_equal(find("ffffffffc0000000 t foo\t[mod]\nffffffff8a2b3c40 b bpf_jit_current\n",
			      &addr), -ENOENT);
	assert_int_equal(find("", &addr), -ENOENT);
	assert_int_equal(find("zzzz b bpf_jit_current\nffffffff8a2b3c40 bpf_jit_current\n", &addr),
			 -ENOENT);
	/* a line longer than the reader's chunk, then the symbol */
	big = malloc(200 * 1024);
	assert_non_null(big);
	memset(big, 'x', 150 * 1024);
	n = 150 * 1024;
	n += (size_t)snprintf(big + n, 200 * 1024 - n, "\nffffffff8a2b3c40 b bpf_jit_current\n");
	big[n] = '\0';
	assert_int_equal(find(big, &addr), 0);
	assert_true(addr == 0xffffffff8a2b3c40ull);
	free(big);
}

/* ---- the reading over a made-up list ---- */

static void prog(struct prog *p, uint32_t id, uint32_t jited, const uint32_t *lens, size_t nr,
		 bool ours)
{
	memset(p, 0, sizeof(*p));
	p->id = id;
	p->bytes_jited = jited;
	p->ours = ours;
	p->nr_syms = nr;
	p->syms = calloc(nr ? nr : 1, sizeof(*p->syms));
	assert_non_null(p->syms);
	for (size_t i = 0; i < nr; i++)
		p->syms[i].len = lens ? lens[i] : 0;
}

static void test_read_parts(void **state)
{
	static const uint32_t sub[] = { 100, 41 }, hidden[] = { 0, 0 };
	static const char *const others[] = { "bpf_trampoline_6442450944", "bpf_dispatcher_xdp",
					      "bpf__tcp_congestion_ops_ssthresh" };
	struct knob_reading limit = { .value = 1 << 20 };
	struct jitmem_reading r;
	struct prog_list list;
	struct procroot root;
	struct privs privs;
	struct kconfig kc;
	struct jitmem *jm = jitmem_new();

	(void)state;
	assert_non_null(jm);
	memset(&list, 0, sizeof(list));
	memset(&kc, 0, sizeof(kc));
	privs_read(&privs);
	list.progs = calloc(6, sizeof(*list.progs));
	assert_non_null(list.progs);
	prog(&list.progs[0], 1, 33, (const uint32_t[]){ 33 }, 1, false); /* 64 */
	prog(&list.progs[1], 2, 141, sub, 2, false);                     /* 128 + 128 */
	prog(&list.progs[2], 3, 0, NULL, 0, false);                      /* not JITed */
	prog(&list.progs[3], 4, 200, (const uint32_t[]){ 200 }, 1, true); /* ours: left out */
	prog(&list.progs[4], 5, 82, hidden, 2, false); /* lengths hidden: 41 + 41, 128 each */
	/* its exception table's 2 entries read by the iterator: 36 + 24 + 24 */
	prog(&list.progs[5], 6, 33, (const uint32_t[]){ 33 }, 1, false);
	list.progs[5].extable_entries = 2;
	list.progs[5].extable_known = true;
	list.nr_progs = 6;
	list.others = calloc(3, sizeof(*list.others));
	assert_non_null(list.others);
	for (size_t i = 0; i < 3; i++)
		list.others[i].name = strdup(others[i]);
	list.nr_others = 3;
	list.struct_ops = calloc(1, sizeof(*list.struct_ops));
	assert_non_null(list.struct_ops);
	list.nr_struct_ops = 1;

	/* a captured tree: nothing is read, and the outputs say why */
	assert_int_equal(procroot_init(&root, "/nonexistent-tree"), 0);
	{
		struct jitmem_input in = { .root = &root, .privs = &privs, .kver = KVER(6, 18, 0),
					   .machine = "x86_64", .kconfig = &kc,
					   .limit_def = &knob_table[KNOB_JIT_LIMIT],
					   .limit = &limit, .kallsyms_listed = true };

		jitmem_read(jm, &in, &list, &r);
	}
	assert_int_equal(r.method, JITMEM_NONE);
	assert_string_equal(r.reason, "a captured tree (--proc) has no running kernel to read");
	assert_true(r.limit_known);
	assert_true(jitmem_percent(&r) < 0);

	/* the running kernel, over this list */
	assert_int_equal(procroot_init(&root, NULL), 0);
	{
		struct jitmem_input in = { .root = &root, .privs = &privs, .kver = KVER(6, 18, 0),
					   .machine = "x86_64", .kconfig = &kc,
					   .limit_def = &knob_table[KNOB_JIT_LIMIT],
					   .limit = &limit, .kallsyms_listed = true };

		jitmem_read(jm, &in, &list, &r);
	}
	assert_true(r.progs_known);
	assert_int_equal(r.progs.count, 4);
	assert_int_equal(r.nr_funcs, 6);
	assert_int_equal(r.progs.bytes, 64 + 256 + 256 + 128);
	assert_true(r.progs_approximate);
	assert_int_equal(list.progs[0].jit_charge, 64);
	assert_int_equal(list.progs[5].jit_charge, 128);
	assert_int_equal(list.progs[1].jit_charge, 256);
	assert_int_equal(list.progs[3].jit_charge, 256); /* ours: charged, left out */
	assert_true(r.images_known);
	assert_int_equal(r.trampolines.count, 1);
	assert_int_equal(r.trampolines.bytes, 4096);
	assert_int_equal(r.dispatchers, 1);
	assert_int_equal(r.struct_ops.count, 1);
	assert_int_equal(r.struct_ops.bytes, 4096);
	assert_int_equal(r.visible_bytes, r.progs.bytes + 8192 + r.classic.bytes);
	assert_int_equal(r.classic.bytes, r.classic.count * 64);
	if (r.exact) {
		assert_string_equal(r.reason, "");
		assert_int_equal(r.unexplained_bytes, (int64_t)r.used_bytes - (int64_t)r.visible_bytes);
	} else {
		assert_int_equal(r.method, JITMEM_ESTIMATE);
		assert_int_equal(r.used_bytes, r.visible_bytes);
		assert_true(r.reason[0] != '\0');
	}
	/* with /proc/kallsyms not listing BPF images, they are not counted */
	{
		struct jitmem_input in = { .root = &root, .privs = &privs, .kver = KVER(6, 18, 0),
					   .machine = "x86_64", .kconfig = &kc,
					   .limit_def = &knob_table[KNOB_JIT_LIMIT],
					   .limit = &limit, .kallsyms_listed = false };

		jitmem_read(jm, &in, &list, &r);
	}
	assert_false(r.images_known);
	assert_int_equal(r.trampolines.count, 0);
	/* seccomp counts the holders' walk read (in any order) are taken as
	 * they are, with no /proc walk */
	{
		struct jit_classic_proc procs[] = { { .pid = 12, .ppid = 1, .filters = 1 },
						    { .pid = 11, .ppid = 10, .filters = 3 },
						    { .pid = 10, .ppid = 1, .filters = 2 } };
		struct jitmem_input in = { .root = &root, .privs = &privs, .kver = KVER(6, 18, 0),
					   .machine = "x86_64", .kconfig = &kc,
					   .limit_def = &knob_table[KNOB_JIT_LIMIT],
					   .limit = &limit, .kallsyms_listed = true,
					   .seccomp_known = true, .seccomp_procs = procs,
					   .nr_seccomp_procs = 3 };
		unsigned long walks = jitmem_nr_walks(jm);

		jitmem_read(jm, &in, &list, &r);
		assert_int_equal(jitmem_nr_walks(jm), walks);
		assert_int_equal(r.seccomp.error, 0);
		assert_int_equal(r.seccomp.processes, 3);
		assert_int_equal(r.seccomp.filters, 2 + 1 + 1);
		assert_int_equal(r.seccomp.attached, 6);
		assert_int_equal(r.classic.count, 4 + r.packet.filters);
	}
	prog_list_free(&list);
	jitmem_free(jm);
}

static void test_texts(void **state)
{
	struct jitmem_reading r;
	char buf[256];

	(void)state;
	memset(&r, 0, sizeof(r));
	jitmem_row_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, "");
	r.method = JITMEM_ESTIMATE;
	r.used_bytes = 1258291; /* 1.2 MiB */
	r.limit_known = true;
	r.limit_bytes = 528482304;
	jitmem_row_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, "about 1.2 MiB of 504 MiB, estimated");
	assert_false(jitmem_warns(&r));
	jitmem_gauge(&r, 10, buf, sizeof(buf));
	assert_string_equal(buf, "[#.........] 0.2 %");
	r.method = JITMEM_COUNTER;
	r.exact = true;
	r.used_bytes = 430ull << 20;
	jitmem_row_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, "in use 430 MiB of 504 MiB, exact");
	assert_true(jitmem_warns(&r));
	jitmem_gauge(&r, 10, buf, sizeof(buf));
	assert_string_equal(buf, "[#########.] 85 %");
	r.limit_known = false;
	assert_false(jitmem_warns(&r));
	jitmem_row_text(&r, buf, sizeof(buf));
	assert_string_equal(buf, "in use 430 MiB, exact");
}

/* ---- the real kernel ---- */

static void need_root(const char *why)
{
	if (geteuid() == 0)
		return;
	if (getenv("CI"))
		fail_msg("CI runs as root; this test must not skip there");
	print_message("SKIP: %s needs root\n", why);
	skip();
}

/* A child that runs one seccomp filter (allow everything) and waits. */
static pid_t seccomp_child(int *ready)
{
	int p[2];
	pid_t parent, pid;

	assert_int_equal(pipe(p), 0);
	parent = getpid();
	pid = fork();
	assert_true(pid >= 0);
	if (!pid) {
		struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
		struct sock_fprog prog = { .len = 1, .filter = &allow };
		char c = 1;

		/* gone with this test, should an assertion leave it early */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
			_exit(1);
		if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
		    prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0))
			c = 0;
		if (write(p[1], &c, 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	close(p[1]);
	*ready = p[0];
	return pid;
}

static void test_live_classic(void **state)
{
	struct sock_filter insns[3] = {
		BPF_STMT(BPF_LD | BPF_IMM, 1), BPF_STMT(BPF_LD | BPF_IMM, 2),
		BPF_STMT(BPF_RET | BPF_K, 0xffff),
	};
	struct sock_fprog fprog = { .len = 3, .filter = insns };
	struct jit_classic_seccomp before, after;
	struct jit_classic_packet pb, pa;
	struct jit_classic *c = jit_classic_new();
	struct procroot root;
	int ready, fd, tries;
	pid_t pid;
	char ok = 0;

	(void)state;
	need_root("a packet socket");
	assert_non_null(c);
	assert_int_equal(procroot_init(&root, NULL), 0);
	/* other processes may start and stop meanwhile: a few tries */
	for (tries = 0; tries < 5; tries++) {
		jit_classic_seccomp(c, &root, NULL, true, &before);
		pid = seccomp_child(&ready);
		assert_int_equal(read(ready, &ok, 1), 1);
		close(ready);
		assert_true(ok);
		jit_classic_seccomp(c, &root, NULL, true, &after);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		assert_int_equal(after.error, 0);
		if (after.processes == before.processes + 1 && after.filters == before.filters + 1)
			break;
	}
	assert_true(tries < 5);

	/* a packet socket with a classic filter of three instructions */
	for (tries = 0; tries < 5; tries++) {
		jit_classic_packet(&pb);
		fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
		assert_true(fd >= 0);
		assert_int_equal(setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog,
					    sizeof(fprog)), 0);
		jit_classic_packet(&pa);
		close(fd);
		if (pa.error == -ENOENT) {
			/* CONFIG_PACKET_DIAG off (or its module absent): .ci/deps cannot help */
			print_message("SKIP: this kernel has no packet_diag\n");
			skip();
		}
		assert_int_equal(pa.error, 0);
		if (pa.filters == pb.filters + 1 && pa.insns == pb.insns + 3)
			break;
	}
	assert_true(tries < 5);
	jit_classic_free(c);
}

/* Exact exactly where /proc/kallsyms names bpf_jit_current, with a reason
 * otherwise; the reader is ours and goes with the reader's state. */
static void test_live_counter(void **state)
{
	struct jit_counter_result res;
	struct jit_counter *c = jit_counter_new();
	struct procroot root;
	struct privs privs;
	uint64_t addr;
	uint32_t id;
	int fd, listed;

	(void)state;
	need_root("loading the reader");
	assert_non_null(c);
	fd = open("/proc/kallsyms", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	listed = jit_counter_find_symbol(fd, "bpf_jit_current", &addr) == 0;
	close(fd);
	assert_int_equal(procroot_init(&root, NULL), 0);
	privs_read(&privs);
	/* a config without CONFIG_KALLSYMS_ALL: not listed, nothing loaded */
	{
		struct kconfig kc = { .opt = { [KCONFIG_KALLSYMS_ALL] = KCONFIG_NOT_SET } };

		jit_counter_read(c, &root, &privs, &kc, &res);
		assert_int_equal(res.why, JIT_COUNTER_NOT_LISTED);
		assert_int_equal(res.reader_id, 0);
		jit_counter_free(c);
		c = jit_counter_new();
	}
	jit_counter_read(c, &root, &privs, NULL, &res);
	if (!listed) {
		assert_int_equal(res.why, JIT_COUNTER_NOT_LISTED);
		assert_int_equal(res.reader_id, 0);
	} else {
		assert_int_equal(res.why, JIT_COUNTER_OK);
		assert_true(res.raw > 0); /* the reader itself is charged */
		id = res.reader_id;
		assert_true(own_has(OWN_PROG, id));
		jit_counter_free(c);
		assert_false(own_has(OWN_PROG, id));
		return;
	}
	jit_counter_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_charge_rules),
		cmocka_unit_test(test_classic_distinct),
		cmocka_unit_test(test_seccomp_walk),
		cmocka_unit_test(test_find_symbol),
		cmocka_unit_test(test_read_parts),
		cmocka_unit_test(test_texts),
		cmocka_unit_test(test_live_classic),
		cmocka_unit_test(test_live_counter),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
