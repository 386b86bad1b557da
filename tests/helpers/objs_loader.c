/* objs_loader: loads the BPF objects of the program-metadata tests and
 * holds them until told to stop, like progs_loader.
 *
 *   objs_loader --kind maps|netfilter|cc|xdp [--count 1]
 *
 * maps: a socket filter using a hash map, an array and a ring buffer
 * (tests/bpf/mapprogs.bpf.c). netfilter: a program of type 32,
 * BPF_PROG_TYPE_NETFILTER (Linux 6.4), which Debian 12's libbpf cannot
 * name; loaded, not attached. cc: two TCP congestion controls, bk_cc_one
 * and bk_cc_two, as struct_ops maps registered through links (BPF_F_LINK,
 * Linux 6.4), so that closing them, or the loader's death, unregisters
 * them (tests/bpf/ccprogs.bpf.c). xdp: an XDP program passing every packet,
 * attached in driver mode to the interface named by $OBJS_XDP_DEV (a veth
 * the test made) and detached on exit; the kernel makes its XDP dispatcher
 * (bpf_dispatcher_xdp) at the first such attach.
 *
 * Prints "id<TAB>name" per program, flushes, then waits until stdin reaches
 * EOF or SIGTERM/SIGINT arrives, and exits: closing the fds unloads all.
 * Exit status 1 when something cannot be loaded (the reason goes to
 * stderr), 2 for usage. */
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <linux/if_link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* The generated skeletons define static helpers this file does not call. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "ccprogs.skel.h"
#include "mapprogs.skel.h"
#pragma GCC diagnostic pop

#include "helpers/loader_lib.h"

/* Newer than Debian 12's linux/bpf.h (6.1), from include/uapi/linux/bpf.h. */
#define OBJS_PROG_TYPE_NETFILTER 32 /* enum bpf_prog_type, Linux 6.4 */
#define OBJS_ATTACH_NETFILTER 45    /* enum bpf_attach_type BPF_NETFILTER */
#define OBJS_ATTACH_STRUCT_OPS 44   /* enum bpf_attach_type BPF_STRUCT_OPS */
#define OBJS_F_LINK (1U << 13)      /* BPF_F_LINK: a struct_ops map registered by a link */

static int objs_print_prog(int fd)
{
	return loader_print_prog("objs_loader", fd);
}

static int objs_load_maps(void)
{
	struct mapprogs *skel = mapprogs__open_and_load();

	if (!skel) {
		fprintf(stderr, "objs_loader: loading the maps program: %s\n", strerror(errno));
		return -1;
	}
	/* the skeleton stays open: it holds the program and its maps */
	return objs_print_prog(bpf_program__fd(skel->progs.bk_maps_reader));
}

/* r0 = 1 (NF_ACCEPT); exit */
static int objs_load_netfilter(void)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	LIBBPF_OPTS(bpf_prog_load_opts, opts,
		    .expected_attach_type = (enum bpf_attach_type)OBJS_ATTACH_NETFILTER);
	int fd = bpf_prog_load((enum bpf_prog_type)OBJS_PROG_TYPE_NETFILTER, "bk_netfilter", "GPL",
			       insns, sizeof(insns) / sizeof(insns[0]), &opts);

	if (fd < 0) {
		fprintf(stderr, "objs_loader: loading a netfilter program: %s\n", strerror(errno));
		return -1;
	}
	return objs_print_prog(fd);
}

/* libbpf 1.1 stores the programs in the map (BPF_MAP_UPDATE_ELEM, which
 * does not register a BPF_F_LINK map); the link registers it
 * (bpf_struct_ops_link_create()), and its last close unregisters it. */
static int objs_register_cc(struct bpf_map *map)
{
	struct bpf_link *stored = bpf_map__attach_struct_ops(map);
	int link;

	if (!stored) {
		fprintf(stderr, "objs_loader: storing %s: %s\n", bpf_map__name(map),
			strerror(errno));
		return -1;
	}
	link = bpf_link_create(bpf_map__fd(map), 0, (enum bpf_attach_type)OBJS_ATTACH_STRUCT_OPS,
			       NULL);
	if (link < 0) {
		fprintf(stderr, "objs_loader: registering %s: %s\n", bpf_map__name(map),
			strerror(errno));
		return -1;
	}
	/* stored is kept (never destroyed): its detach would delete the value */
	return 0;
}

static int objs_load_cc(void)
{
	struct ccprogs *skel = ccprogs__open();
	struct bpf_program *prog;

	if (!skel) {
		fprintf(stderr, "objs_loader: opening the cc object: %s\n", strerror(errno));
		return -1;
	}
	if (bpf_map__set_map_flags(skel->maps.bk_cc_one, OBJS_F_LINK) ||
	    bpf_map__set_map_flags(skel->maps.bk_cc_two, OBJS_F_LINK) || ccprogs__load(skel)) {
		fprintf(stderr, "objs_loader: loading the cc object: %s\n", strerror(errno));
		return -1;
	}
	if (objs_register_cc(skel->maps.bk_cc_one) || objs_register_cc(skel->maps.bk_cc_two))
		return -1;
	bpf_object__for_each_program(prog, skel->obj)
		if (objs_print_prog(bpf_program__fd(prog)))
			return -1;
	return 0;
}

/* r0 = 2 (XDP_PASS); exit */
static int objs_load_xdp(int *ifindex)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 2 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const char *dev = getenv("OBJS_XDP_DEV");
	int fd;

	*ifindex = dev ? (int)if_nametoindex(dev) : 0;
	if (!*ifindex) {
		fprintf(stderr, "objs_loader: --kind xdp needs OBJS_XDP_DEV, an interface\n");
		return -1;
	}
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "bk_xdp_pass", "GPL", insns,
			   sizeof(insns) / sizeof(insns[0]), NULL);
	if (fd < 0) {
		fprintf(stderr, "objs_loader: loading an XDP program: %s\n", strerror(errno));
		return -1;
	}
	if (bpf_xdp_attach(*ifindex, fd, XDP_FLAGS_DRV_MODE, NULL)) {
		fprintf(stderr, "objs_loader: attaching XDP to %s: %s\n", dev, strerror(errno));
		*ifindex = 0;
		return -1;
	}
	return objs_print_prog(fd);
}

int main(int argc, char **argv)
{
	const char *kind = NULL;
	int err, xdp_ifindex = 0;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--kind") && i + 1 < argc)
			kind = argv[++i];
		else if (!strcmp(argv[i], "--count") && i + 1 < argc && !strcmp(argv[i + 1], "1"))
			i++;
		else
			kind = NULL, i = argc;
	}
	if (!kind) {
		fputs("usage: objs_loader --kind maps|netfilter|cc|xdp [--count 1]\n", stderr);
		return 2;
	}
	loader_libbpf_warnings();
	if (!strcmp(kind, "maps"))
		err = objs_load_maps();
	else if (!strcmp(kind, "netfilter"))
		err = objs_load_netfilter();
	else if (!strcmp(kind, "cc"))
		err = objs_load_cc();
	else if (!strcmp(kind, "xdp"))
		err = objs_load_xdp(&xdp_ifindex);
	else {
		fprintf(stderr, "objs_loader: unknown --kind '%s'\n", kind);
		return 2;
	}
	if (err)
		return 1;
	if (fflush(stdout)) {
		perror("objs_loader: stdout");
		return 1;
	}
	loader_wait();
	if (xdp_ifindex)
		bpf_xdp_detach(xdp_ifindex, XDP_FLAGS_DRV_MODE, NULL);
	return 0;
}
