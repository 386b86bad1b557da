/* vmhelper: what the kernel-matrix checks need inside a VM and busybox
 * lacks. Built static (libbpf.a, libelf.a, libz.a) so it runs in any
 * initramfs. Every line it prints is "key=value" words, for the shell.
 *
 *   vmhelper try PATH VALUE...      write each VALUE to PATH (one write(2)
 *                                   each), read back, restore the first value
 *   vmhelper read PATH              read PATH once, report errno
 *   vmhelper load [--subprog] [--hold]
 *                                   load a minimal socket filter through
 *                                   libbpf (--subprog: with a BPF-to-BPF
 *                                   call); --hold keeps it until SIGTERM
 *   vmhelper get PATH               BPF_OBJ_GET a pinned object, report errno
 *   vmhelper holders                hold BPF objects every way the holders
 *                                   checks know, until SIGTERM: a program fd,
 *                                   a socket with an eBPF filter, a perf event
 *                                   running a program, a link, a map
 *   vmhelper cbpf N [--hold]        attach a classic filter of N instructions
 *                                   to a UDP socket (SO_ATTACH_FILTER, which
 *                                   any user may); --hold keeps it until SIGTERM
 *   vmhelper fentry [--hold]        load an fentry program on bpf_fentry_test1
 *                                   and attach it: the kernel makes a trampoline
 *   vmhelper counter [MS N]         read bpf_jit_current N times (1), MS ms
 *                                   apart, from 200 ms after loading a reader
 *                                   of its own: bare instructions, no libbpf
 *                                   object (no feature probes), independent
 *                                   of bpfknobs
 *   vmhelper jit ID                 print program ID's JIT image in hex, 32
 *                                   bytes a line (what bpftool prog dump
 *                                   jited ... file writes, for the host's
 *                                   objdump)
 *   vmhelper as-nobody CMD...       run CMD as uid/gid 65534, no groups
 *   vmhelper no-sysadmin CMD...     run CMD as root without CAP_SYS_ADMIN
 *   vmhelper delegate DIR CMDS MAPS PROGS ATTACHS
 *                                   a container with a bpffs at DIR that
 *                                   delegates those ("-": none) to BPF
 *                                   tokens (tests/lib/delegate.h), until
 *                                   SIGTERM
 *
 * Exit status: 0 when the helper itself worked (the kernel's answers are
 * in the output, not the status), 2 for usage, 1 for a failure of its own. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/perf_event.h>
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/filter.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "lib/delegate.h"

#define NOBODY 65534

static const char *helper_errname(int err)
{
	switch (err) {
	case 0: return "OK";
	case EPERM: return "EPERM";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case ENOENT: return "ENOENT";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	case 524: return "ENOTSUPP";
	default: return "other";
	}
}

/* The file's content up to the first newline; -errno on failure. */
static int helper_read(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	close(fd);
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int helper_write(const char *path, const char *value)
{
	char line[64];
	int fd = open(path, O_WRONLY);
	int len = snprintf(line, sizeof(line), "%s\n", value);

	if (fd < 0)
		return -errno;
	if (write(fd, line, (size_t)len) < 0) {
		int err = -errno;

		close(fd);
		return err;
	}
	return close(fd) ? -errno : 0;
}

static int helper_try(int argc, char **argv)
{
	char orig[64], back[64];
	int err;

	if (argc < 2)
		return 2;
	err = helper_read(argv[0], orig, sizeof(orig));
	if (err) {
		printf("try path=%s read_errno=%d (%s)\n", argv[0], -err, helper_errname(-err));
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		err = helper_write(argv[0], argv[i]);
		if (helper_read(argv[0], back, sizeof(back)))
			snprintf(back, sizeof(back), "?");
		printf("try path=%s value=%s errno=%d name=%s readback=%s\n", argv[0], argv[i], -err,
		       helper_errname(-err), back);
		if (strcmp(back, orig))
			helper_write(argv[0], orig);
	}
	if (helper_read(argv[0], back, sizeof(back)) || strcmp(back, orig))
		printf("try path=%s restore_failed=1 now=%s was=%s\n", argv[0], back, orig);
	return 0;
}

static int helper_read_cmd(int argc, char **argv)
{
	char buf[64];
	int err;

	if (argc != 1)
		return 2;
	err = helper_read(argv[0], buf, sizeof(buf));
	printf("read path=%s errno=%d name=%s value=%s\n", argv[0], -err, helper_errname(-err),
	       err ? "" : buf);
	return 0;
}

/* BPF_OBJ_GET of a pinned object: which bpf() commands a user without
 * CAP_BPF may call (every one is gated by unprivileged_bpf_disabled before
 * 6.5, only loads and map creation after) */
static int helper_get(int argc, char **argv)
{
	int fd;

	if (argc != 1)
		return 2;
	fd = bpf_obj_get(argv[0]);
	printf("get path=%s errno=%d name=%s\n", argv[0], fd < 0 ? -fd : 0,
	       helper_errname(fd < 0 ? -fd : 0));
	if (fd >= 0)
		close(fd);
	return 0;
}

static volatile sig_atomic_t helper_stop;

static void helper_on_signal(int sig)
{
	(void)sig;
	helper_stop = 1;
}

static void helper_hold(void)
{
	signal(SIGTERM, helper_on_signal);
	signal(SIGINT, helper_on_signal);
	while (!helper_stop)
		pause();
}

/* r0 = 0; exit. With --subprog the main function calls a second one
 * (BPF_PSEUDO_CALL), which needs CAP_BPF: a multi-function program. */
static int helper_load(int argc, char **argv)
{
	struct bpf_insn single[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct bpf_insn subprog[] = {
		{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_CALL, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	static char log[65536];
	bool want_subprog = false, hold = false;
	struct bpf_prog_info info;
	__u32 info_len = sizeof(info);
	int fd;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--subprog"))
			want_subprog = true;
		else if (!strcmp(argv[i], "--hold"))
			hold = true;
		else
			return 2;
	}
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .log_buf = log, .log_size = sizeof(log),
		    .log_level = 0);
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, want_subprog ? "bk_subprog" : "bk_single",
			   "GPL", want_subprog ? subprog : single,
			   want_subprog ? 4 : 2, &opts);
	if (fd < 0) {
		printf("load errno=%d name=%s\n", -fd, helper_errname(-fd));
		if (log[0])
			printf("load log=%.200s\n", log);
		fflush(stdout);
		return 0;
	}
	memset(&info, 0, sizeof(info));
	/* the kernel shortens info_len to the bpf_prog_info it knows: a field
	 * past it is one this kernel does not report (verified_insns: 5.16) */
	if (bpf_obj_get_info_by_fd(fd, &info, &info_len))
		printf("load errno=0 name=OK id=? info_errno=%d\n", errno);
	else
		printf("load errno=0 name=OK id=%u jited=%u verified_insns=%s\n", info.id,
		       info.jited_prog_len,
		       info_len >= offsetof(struct bpf_prog_info, verified_insns) + sizeof(__u32)
			       ? "reported" : "absent");
	fflush(stdout);
	if (hold)
		helper_hold();
	close(fd);
	return 0;
}

/* N-1 loads of a constant and a return: a classic filter whose JIT image
 * grows with N. The kernel migrates it to eBPF and JITs it, charging
 * bpf_jit_current like any program, but it gets no id and no symbol. */
static int helper_cbpf(int argc, char **argv)
{
	struct sock_filter insns[4096];
	struct sock_fprog prog = { .filter = insns };
	bool hold = argc > 1 && !strcmp(argv[1], "--hold");
	long n = argc > 0 ? strtol(argv[0], NULL, 10) : 0;
	int fd, err = 0;

	if (n < 1 || n > (long)(sizeof(insns) / sizeof(insns[0])) || argc > 2)
		return 2;
	for (long i = 0; i + 1 < n; i++)
		insns[i] = (struct sock_filter)BPF_STMT(BPF_LD | BPF_IMM, (__u32)i);
	insns[n - 1] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, 0xffff);
	prog.len = (unsigned short)n;
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof(prog)))
		err = errno;
	printf("load cbpf insns=%ld errno=%d name=%s uid=%u\n", n, err, helper_errname(err),
	       (unsigned)getuid());
	fflush(stdout);
	if (hold && !err)
		helper_hold();
	if (fd >= 0)
		close(fd);
	return 0;
}

/* r0 = 0; exit, as fentry on bpf_fentry_test1 (net/bpf/test_run.c, there
 * for tests like this one), attached: the kernel builds a trampoline. */
static int helper_fentry(int argc, char **argv)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	bool hold = argc > 0 && !strcmp(argv[0], "--hold");
	struct btf *vmlinux = btf__load_vmlinux_btf();
	int id = vmlinux ? btf__find_by_name_kind(vmlinux, "bpf_fentry_test1", BTF_KIND_FUNC) : -1;
	int fd = -1, link = -1, err = 0;

	if (id > 0) {
		LIBBPF_OPTS(bpf_prog_load_opts, opts, .expected_attach_type = BPF_TRACE_FENTRY,
			    .attach_btf_id = (__u32)id);
		fd = bpf_prog_load(BPF_PROG_TYPE_TRACING, "bk_fentry", "GPL", insns, 2, &opts);
		if (fd < 0)
			err = -fd;
		else if ((link = bpf_raw_tracepoint_open(NULL, fd)) < 0)
			err = -link;
	} else {
		err = ENOENT;
	}
	printf("load fentry errno=%d name=%s btf_id=%d\n", err, helper_errname(err), id);
	fflush(stdout);
	if (hold && !err)
		helper_hold();
	if (link >= 0)
		close(link);
	if (fd >= 0)
		close(fd);
	btf__free(vmlinux);
	return 0;
}

/* The address of a vmlinux symbol in /proc/kallsyms, 0 when absent. */
static unsigned long long helper_ksym(const char *name)
{
	char line[512], sym[256], type;
	unsigned long long addr, found = 0;
	FILE *f = fopen("/proc/kallsyms", "re");

	while (f && !found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) == 3 && !strcmp(sym, name))
			found = addr;
	if (f)
		fclose(f);
	return found;
}

/* bpf_jit_current by a raw tracepoint program of bare instructions:
 *   value = map[0]; value[1] = bpf_probe_read_kernel(&value[0], 8, ADDR)
 * run with BPF_PROG_TEST_RUN. Prints "counter raw=V jited=L" per read. */
static int helper_counter(int argc, char **argv)
{
	unsigned long long addr = helper_ksym("bpf_jit_current");
	long ms = argc > 0 ? strtol(argv[0], NULL, 10) : 0;
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1;
	struct bpf_prog_info info;
	__u32 info_len = sizeof(info), key = 0;
	__u64 value[2];
	int map, fd;

	if (!addr) {
		printf("counter errno=%d name=ENOENT (no bpf_jit_current in /proc/kallsyms)\n",
		       ENOENT);
		return 0;
	}
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_counter", 4, sizeof(value), 1, NULL);
	if (map < 0) {
		printf("counter errno=%d name=%s (map)\n", -map, helper_errname(-map));
		return 0;
	}
	{
		struct bpf_insn insns[] = {
			/* *(u32 *)(r10 - 4) = 0; r2 = r10 - 4; r1 = map; call lookup */
			{ .code = BPF_ST | BPF_MEM | BPF_W, .dst_reg = BPF_REG_10, .off = -4 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_2, .src_reg = BPF_REG_10 },
			{ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = BPF_REG_2, .imm = -4 },
			{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_1,
			  .src_reg = BPF_PSEUDO_MAP_FD, .imm = map },
			{ 0 },
			{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_map_lookup_elem },
			/* if r0 == 0 goto out; r6 = r0 */
			{ .code = BPF_JMP | BPF_JEQ | BPF_K, .dst_reg = BPF_REG_0, .off = 7 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_6, .src_reg = BPF_REG_0 },
			/* r1 = r6; r2 = 8; r3 = addr; call probe_read_kernel */
			{ .code = BPF_ALU64 | BPF_MOV | BPF_X, .dst_reg = BPF_REG_1, .src_reg = BPF_REG_6 },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_2, .imm = 8 },
			{ .code = BPF_LD | BPF_DW | BPF_IMM, .dst_reg = BPF_REG_3, .imm = (__s32)addr },
			{ .imm = (__s32)(addr >> 32) },
			{ .code = BPF_JMP | BPF_CALL, .imm = BPF_FUNC_probe_read_kernel },
			/* *(u64 *)(r6 + 8) = r0 */
			{ .code = BPF_STX | BPF_MEM | BPF_DW, .dst_reg = BPF_REG_6, .src_reg = BPF_REG_0,
			  .off = 8 },
			/* out: r0 = 0; exit */
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		LIBBPF_OPTS(bpf_prog_load_opts, opts);
		fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, "bk_counter", "GPL", insns,
				   sizeof(insns) / sizeof(insns[0]), &opts);
	}
	if (fd < 0) {
		printf("counter errno=%d name=%s (load)\n", -fd, helper_errname(-fd));
		close(map);
		return 0;
	}
	memset(&info, 0, sizeof(info));
	bpf_obj_get_info_by_fd(fd, &info, &info_len);
	/* libbpf's first map or program of a process comes after a probe
	 * program of its own (probe_memcg_account()), whose image stays
	 * charged until an RCU grace period later: let it go first */
	usleep(200 * 1000);
	for (long i = 0; i < n; i++) {
		LIBBPF_OPTS(bpf_test_run_opts, run);
		int err = bpf_prog_test_run_opts(fd, &run);

		memset(value, 0, sizeof(value));
		if (!err)
			err = bpf_map_lookup_elem(map, &key, value);
		printf("counter errno=%d raw=%llu read_error=%lld jited=%u\n", err ? errno : 0,
		       (unsigned long long)value[0], (long long)value[1], info.jited_prog_len);
		if (i + 1 < n)
			usleep((useconds_t)ms * 1000);
	}
	close(fd);
	close(map);
	return 0;
}

/* r0 = 0; exit, of type, named name; -errno on failure (printed). */
static int helper_tiny(enum bpf_prog_type type, const char *name)
{
	struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(type, name, "GPL", insns, 2, NULL);

	if (fd < 0)
		printf("holders errno=%d name=%s what=%s\n", -fd, helper_errname(-fd), name);
	return fd;
}

static unsigned helper_prog_id(int fd)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);

	memset(&info, 0, sizeof(info));
	return bpf_obj_get_info_by_fd(fd, &info, &len) ? 0 : info.id;
}

/* Holds a program fd (bk_hprog), a UDP socket whose filter is bk_hsock, a
 * disabled cpu-clock perf event running bk_hperf, a raw tracepoint link of
 * bk_hlink and a map (bk_hmap); only the first program keeps its own fd.
 * Prints "holders pid=... KEY=ID KEY_fd=FD ..." and waits for SIGTERM. */
static int helper_holders(void)
{
	struct perf_event_attr attr = { .type = PERF_TYPE_SOFTWARE, .size = sizeof(attr),
					.config = PERF_COUNT_SW_CPU_CLOCK, .disabled = 1,
					.sample_period = 1000000000 };
	int prog = helper_tiny(BPF_PROG_TYPE_SOCKET_FILTER, "bk_hprog");
	int sprog = helper_tiny(BPF_PROG_TYPE_SOCKET_FILTER, "bk_hsock");
	int pprog = helper_tiny(BPF_PROG_TYPE_PERF_EVENT, "bk_hperf");
	int lprog = helper_tiny(BPF_PROG_TYPE_RAW_TRACEPOINT, "bk_hlink");
	struct bpf_link_info linfo;
	struct bpf_map_info minfo;
	__u32 len;
	int sock, perf, link, map;

	if (prog < 0 || sprog < 0 || pprog < 0 || lprog < 0)
		return 0;
	sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	perf = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	link = bpf_raw_tracepoint_open("task_rename", lprog);
	map = bpf_map_create(BPF_MAP_TYPE_ARRAY, "bk_hmap", 4, 4, 1, NULL);
	if (sock < 0 || setsockopt(sock, SOL_SOCKET, SO_ATTACH_BPF, &sprog, sizeof(sprog)) ||
	    perf < 0 || ioctl(perf, PERF_EVENT_IOC_SET_BPF, pprog) || link < 0 || map < 0) {
		printf("holders errno=%d name=%s what=attach\n", errno, helper_errname(errno));
		return 0;
	}
	memset(&linfo, 0, sizeof(linfo));
	len = sizeof(linfo);
	bpf_obj_get_info_by_fd(link, &linfo, &len);
	memset(&minfo, 0, sizeof(minfo));
	len = sizeof(minfo);
	bpf_obj_get_info_by_fd(map, &minfo, &len);
	printf("holders pid=%d prog=%u prog_fd=%d sock=%u sock_fd=%d perf=%u perf_fd=%d "
	       "link=%u link_prog=%u link_fd=%d map=%u map_fd=%d\n", (int)getpid(),
	       helper_prog_id(prog), prog, helper_prog_id(sprog), sock, helper_prog_id(pprog),
	       perf, linfo.id, linfo.prog_id, link, minfo.id, map);
	close(sprog);
	close(pprog);
	close(lprog);
	fflush(stdout);
	signal(SIGTERM, helper_on_signal);
	signal(SIGINT, helper_on_signal);
	while (!helper_stop)
		pause();
	return 0;
}

static int helper_as_nobody(char **argv)
{
	if (setgroups(0, NULL) || setgid(NOBODY) || setuid(NOBODY)) {
		perror("vmhelper: dropping to uid 65534");
		return 1;
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	return 1;
}

/* Drops CAP_SYS_ADMIN from the bounding set (so execve() as root does not
 * regain it) and from the current sets, raw capget/capset: no libcap here. */
static int helper_no_sysadmin(char **argv)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[2];
	unsigned idx = CAP_SYS_ADMIN / 32, bit = 1u << (CAP_SYS_ADMIN % 32);

	if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) ||
	    syscall(SYS_capget, &hdr, data)) {
		perror("vmhelper: dropping CAP_SYS_ADMIN");
		return 1;
	}
	data[idx].effective &= ~bit;
	data[idx].permitted &= ~bit;
	data[idx].inheritable &= ~bit;
	if (syscall(SYS_capset, &hdr, data)) {
		perror("vmhelper: capset");
		return 1;
	}
	execvp(argv[0], argv);
	perror(argv[0]);
	return 1;
}

static int helper_delegate(char **argv)
{
	const char *values[4], *step = "";
	struct delegation d;
	int err;

	for (int i = 0; i < 4; i++)
		values[i] = strcmp(argv[i + 1], "-") ? argv[i + 1] : NULL;
	err = start_delegation(argv[0], values[0], values[1], values[2], values[3], &d, &step);
	if (err) {
		printf("delegate error step=%s errno=%d name=%s\n", step, -err, helper_errname(-err));
		return 0;
	}
	printf("delegate pid=%d\n", (int)d.pid);
	signal(SIGTERM, helper_on_signal);
	signal(SIGINT, helper_on_signal);
	while (!helper_stop)
		pause();
	stop_delegation(&d);
	return 0;
}

static int helper_jit(char **argv)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info), jited_len;
	unsigned char *buf;
	int fd = bpf_prog_get_fd_by_id((__u32)strtoul(argv[0], NULL, 10));

	memset(&info, 0, sizeof(info));
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len) || !info.jited_prog_len) {
		fprintf(stderr, "vmhelper: program %s: no machine code\n", argv[0]);
		return 1;
	}
	jited_len = info.jited_prog_len;
	buf = malloc(jited_len);
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = jited_len;
	info.jited_prog_insns = (__u64)(unsigned long)buf;
	len = sizeof(info);
	if (!buf || bpf_obj_get_info_by_fd(fd, &info, &len) || !info.jited_prog_insns) {
		fprintf(stderr, "vmhelper: program %s: the kernel gave no machine code\n", argv[0]);
		return 1;
	}
	for (__u32 i = 0; i < jited_len; i++)
		printf("%02x%s", buf[i], i % 32 == 31 || i + 1 == jited_len ? "\n" : "");
	free(buf);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 2;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "try"))
		rc = helper_try(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "read"))
		rc = helper_read_cmd(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "get"))
		rc = helper_get(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "load"))
		rc = helper_load(argc - 2, argv + 2);
	else if (argc == 2 && !strcmp(argv[1], "holders"))
		rc = helper_holders();
	else if (argc >= 3 && !strcmp(argv[1], "cbpf"))
		rc = helper_cbpf(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "counter"))
		rc = helper_counter(argc - 2, argv + 2);
	else if (argc >= 2 && !strcmp(argv[1], "fentry"))
		rc = helper_fentry(argc - 2, argv + 2);
	else if (argc >= 3 && !strcmp(argv[1], "jit"))
		rc = helper_jit(argv + 2);
	else if (argc >= 3 && !strcmp(argv[1], "as-nobody"))
		rc = helper_as_nobody(argv + 2);
	else if (argc >= 3 && !strcmp(argv[1], "no-sysadmin"))
		rc = helper_no_sysadmin(argv + 2);
	else if (argc == 7 && !strcmp(argv[1], "delegate"))
		rc = helper_delegate(argv + 2);
	if (rc == 2)
		fprintf(stderr, "usage: vmhelper try PATH VALUE... | read PATH | "
				"load [--subprog] [--hold] | get PATH | holders | cbpf N [--hold] | "
				"fentry [--hold] | counter [MS N] | jit ID | as-nobody CMD... | "
				"no-sysadmin CMD... | delegate DIR CMDS MAPS PROGS ATTACHS\n");
	return rc;
}
