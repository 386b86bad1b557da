/* jit_bytes ID FILE: writes the machine code the JIT made for program ID,
 * jited_prog_insns as BPF_OBJ_GET_INFO_BY_FD hands it, to FILE: what
 * "bpftool prog dump jited id ID file FILE" writes, which Debian's bpftool
 * refuses ("No libbfd support") for want of a disassembler. The agreement
 * test disassembles it with objdump. Written apart from bpfknobs' own
 * reader on purpose. Exit status 0, or 1 with the reason on stderr. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

int main(int argc, char **argv)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info), jited_len;
	unsigned char *buf;
	FILE *f;
	int fd;

	if (argc != 3) {
		fputs("usage: jit_bytes ID FILE\n", stderr);
		return 2;
	}
	fd = bpf_prog_get_fd_by_id((__u32)strtoul(argv[1], NULL, 10));
	if (fd < 0) {
		fprintf(stderr, "jit_bytes: program %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	memset(&info, 0, sizeof(info));
	if (bpf_obj_get_info_by_fd(fd, &info, &len) || !info.jited_prog_len) {
		fprintf(stderr, "jit_bytes: program %s has no machine code\n", argv[1]);
		return 1;
	}
	jited_len = info.jited_prog_len;
	buf = malloc(jited_len);
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = jited_len;
	info.jited_prog_insns = (__u64)(unsigned long)buf;
	len = sizeof(info);
	if (!buf || bpf_obj_get_info_by_fd(fd, &info, &len) || !info.jited_prog_insns) {
		fprintf(stderr, "jit_bytes: the kernel gave no machine code for program %s\n", argv[1]);
		return 1;
	}
	f = fopen(argv[2], "wb");
	if (!f || fwrite(buf, 1, jited_len, f) != jited_len || fclose(f)) {
		fprintf(stderr, "jit_bytes: %s: %s\n", argv[2], strerror(errno));
		return 1;
	}
	close(fd);
	free(buf);
	return 0;
}
