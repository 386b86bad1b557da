/* probe_type prog|map NAME: libbpf's probe of one program or map type
 * (libbpf_probe_bpf_prog_type(), libbpf_probe_bpf_map_type()) as whoever
 * runs it; prints "NAME loads=0|1 errno=NAME". The reach test runs it with
 * bpftool feature probe unprivileged's identity (root without CAP_SYS_ADMIN,
 * CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON) to tell the kernel's answer from
 * bpftool's reading of it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <bpf/libbpf.h>

static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

int main(int argc, char **argv)
{
	bool prog = argc == 3 && !strcmp(argv[1], "prog");
	int ret = -EINVAL, err;

	if (argc != 3 || (!prog && strcmp(argv[1], "map"))) {
		fputs("usage: probe_type prog|map NAME\n", stderr);
		return 2;
	}
	libbpf_set_print(quiet);
	for (int t = 1; t < 64; t++) {
		const char *name = prog ? libbpf_bpf_prog_type_str((enum bpf_prog_type)t)
					: libbpf_bpf_map_type_str((enum bpf_map_type)t);

		if (!name)
			break;
		if (strcmp(name, argv[2]))
			continue;
		errno = 0;
		ret = prog ? libbpf_probe_bpf_prog_type((enum bpf_prog_type)t, NULL)
			   : libbpf_probe_bpf_map_type((enum bpf_map_type)t, NULL);
		err = ret > 0 ? 0 : ret < 0 ? -ret : errno;
		printf("%s loads=%d errno=%s\n", name, ret > 0, err ? strerrorname_np(err) : "0");
		return 0;
	}
	fprintf(stderr, "probe_type: libbpf names no %s type %s\n", argv[1], argv[2]);
	return 2;
}
