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
 *   vmhelper jit ID                 print program ID's JIT image in hex, 32
 *                                   bytes a line (what bpftool prog dump
 *                                   jited ... file writes, for the host's
 *                                   objdump)
 *   vmhelper as-nobody CMD...       run CMD as uid/gid 65534, no groups
 *   vmhelper no-sysadmin CMD...     run CMD as root without CAP_SYS_ADMIN
 *
 * Exit status: 0 when the helper itself worked (the kernel's answers are
 * in the output, not the status), 2 for usage, 1 for a failure of its own. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <signal.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

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
	if (hold) {
		signal(SIGTERM, helper_on_signal);
		signal(SIGINT, helper_on_signal);
		while (!helper_stop)
			pause();
	}
	close(fd);
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
	else if (argc >= 3 && !strcmp(argv[1], "jit"))
		rc = helper_jit(argv + 2);
	else if (argc >= 3 && !strcmp(argv[1], "as-nobody"))
		rc = helper_as_nobody(argv + 2);
	else if (argc >= 3 && !strcmp(argv[1], "no-sysadmin"))
		rc = helper_no_sysadmin(argv + 2);
	if (rc == 2)
		fprintf(stderr, "usage: vmhelper try PATH VALUE... | read PATH | "
				"load [--subprog] [--hold] | get PATH | jit ID | as-nobody CMD... | "
				"no-sysadmin CMD...\n");
	return rc;
}
