/* attach_loader: attaches the programs of tests/bpf/attachprogs.bpf.o the
 * ways the attachment tests check, then holds what keeps them until told
 * to stop.
 *
 *   attach_loader OBJECT [--tcx IFNAME] [--cgroup-link CGROUP_DIR]
 *                 [--tp-link] [--tp-perf TRACEFS] [--raw-tp] [--uprobe] [--perf-sw]
 *                 [--socket] [--iter] [--pin PATH] [--map-held] [--comm NAME]
 *
 * --tcx: bk_tcx on IFNAME's tcx ingress through a link (BPF_LINK_CREATE);
 * --cgroup-link: bk_cg_link on the cgroup's ingress through a link;
 * --tp-link: bk_tp_link on sched:sched_process_fork through a perf-event link;
 * --tp-perf: bk_tp_perf on sched:sched_process_exec through a bare
 *   perf-event fd (PERF_EVENT_IOC_SET_BPF), the id read below TRACEFS;
 * --raw-tp: bk_raw_tp on the raw tracepoint sched_process_exec through a link;
 * --uprobe: bk_uprobe on attach_loader_probe_here() of this program's own
 *   file (its path as /proc/self/exe names it) through a perf-event link;
 * --perf-sw: bk_perf_sw on a cpu-clock software event of CPU 0, 99 times a
 *   second (PERF_EVENT_IOC_SET_BPF);
 * --socket: bk_sockfilt on a UDP socket (SO_ATTACH_BPF);
 * --iter: bk_iter through an iterator link over every map;
 * --pin: bk_pinned pinned at PATH (a bpffs path; the caller removes it);
 * --map-held: bk_mapheld in a map of programs (BPF_MAP_TYPE_PROG_ARRAY)
 *   whose fd the loader keeps.
 * --comm: the process calls itself NAME (PR_SET_NAME), which is what
 *   listings show as its command: a test finds its own programs by it.
 * Then every program fd is closed: only the links, the perf-event fd, the
 * socket, the pin and the map keep the programs. Prints "name<TAB>prog_id<TAB>link_id"
 * per program kept (link_id 0 without a link), flushes, and waits until
 * stdin reaches EOF or SIGTERM/SIGINT arrives. Exit 1 when something
 * cannot be attached (the reason on stderr), 2 for usage. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <linux/perf_event.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "helpers/loader_lib.h"

/* BPF_TCX_INGRESS (include/uapi/linux/bpf.h, 6.6): newer than Debian 12's headers */
#define LOADER_TCX_INGRESS 46

static int attach_fail(const char *what, int err)
{
	return loader_fail("attach_loader", what, err);
}

/* What --uprobe probes: a function of this program's own file. */
__attribute__((noinline, used)) void attach_loader_probe_here(void);
__attribute__((noinline, used)) void attach_loader_probe_here(void)
{
	__asm__ volatile("" ::: "memory");
}

static void attach_print(const char *name, int prog_fd, int link_fd)
{
	printf("%s\t%u\t%u\n", name, loader_prog_id(prog_fd), link_fd >= 0 ? loader_link_id(link_fd) : 0);
}

/* The id of a tracepoint, from TRACEFS/events/CATEGORY/NAME/id. */
static long attach_tp_id(const char *tracefs, const char *tp)
{
	char path[512], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/events/%s/id", tracefs, tp);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

int main(int argc, char **argv)
{
	static const struct option options[] = {
		{ "tcx", required_argument, NULL, 'x' },
		{ "cgroup-link", required_argument, NULL, 'c' },
		{ "tp-link", no_argument, NULL, 'l' },
		{ "tp-perf", required_argument, NULL, 'p' },
		{ "perf-sw", no_argument, NULL, 'w' },
		{ "socket", no_argument, NULL, 's' },
		{ "map-held", no_argument, NULL, 'm' },
		{ "iter", no_argument, NULL, 'i' },
		{ "pin", required_argument, NULL, 'P' },
		{ "raw-tp", no_argument, NULL, 'r' },
		{ "uprobe", no_argument, NULL, 'u' },
		{ "comm", required_argument, NULL, 'C' },
		{ 0 },
	};
	const char *tcx = NULL, *cgroup = NULL, *tracefs = NULL, *pin = NULL, *comm = NULL;
	bool tp_link = false, sock = false, iter = false, perf_sw = false, raw_tp = false;
	bool uprobe = false, map_held = false;
	struct bpf_object *obj;
	struct bpf_program *prog;
	int opt, err;

	while ((opt = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (opt) {
		case 'x': tcx = optarg; break;
		case 'c': cgroup = optarg; break;
		case 'l': tp_link = true; break;
		case 'p': tracefs = optarg; break;
		case 'w': perf_sw = true; break;
		case 'm': map_held = true; break;
		case 's': sock = true; break;
		case 'i': iter = true; break;
		case 'P': pin = optarg; break;
		case 'r': raw_tp = true; break;
		case 'u': uprobe = true; break;
		case 'C': comm = optarg; break;
		default:
			fprintf(stderr, "usage: attach_loader OBJECT [--tcx IFNAME] [--cgroup-link DIR] "
				"[--tp-link] [--tp-perf TRACEFS] [--raw-tp] [--uprobe] [--perf-sw] "
				"[--socket] [--iter] [--pin PATH] [--map-held] [--comm NAME]\n");
			return 2;
		}
	}
	if (comm && prctl(PR_SET_NAME, comm, 0, 0, 0))
		return attach_fail("PR_SET_NAME", errno);
	if (optind + 1 != argc) {
		fprintf(stderr, "attach_loader: one OBJECT expected\n");
		return 2;
	}
	obj = bpf_object__open_file(argv[optind], NULL);
	if (!obj)
		return attach_fail("open", errno);
	/* only the programs asked for are loaded */
	bpf_object__for_each_program(prog, obj) {
		const char *name = bpf_program__name(prog);
		bool want = (!strcmp(name, "bk_tcx") && tcx) || (!strcmp(name, "bk_cg_link") && cgroup) ||
			    (!strcmp(name, "bk_tp_link") && tp_link) ||
			    (!strcmp(name, "bk_tp_perf") && tracefs) ||
			    (!strcmp(name, "bk_sockfilt") && sock) || (!strcmp(name, "bk_iter") && iter) ||
			    (!strcmp(name, "bk_pinned") && pin) ||
			    (!strcmp(name, "bk_perf_sw") && perf_sw) ||
			    (!strcmp(name, "bk_raw_tp") && raw_tp) || (!strcmp(name, "bk_uprobe") && uprobe) ||
			    (!strcmp(name, "bk_mapheld") && map_held);

		bpf_program__set_autoload(prog, want);
	}
	err = bpf_object__load(obj);
	if (err)
		return attach_fail("load", err);
	if (tcx) {
		int ifindex = (int)if_nametoindex(tcx), fd;

		prog = bpf_object__find_program_by_name(obj, "bk_tcx");
		if (!ifindex)
			return attach_fail(tcx, errno);
		fd = bpf_link_create(bpf_program__fd(prog), ifindex, LOADER_TCX_INGRESS, NULL);
		if (fd < 0)
			return attach_fail("tcx link", errno);
		attach_print("bk_tcx", bpf_program__fd(prog), fd);
	}
	if (cgroup) {
		int cgfd = open(cgroup, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		struct bpf_link *link;

		if (cgfd < 0)
			return attach_fail(cgroup, errno);
		prog = bpf_object__find_program_by_name(obj, "bk_cg_link");
		link = bpf_program__attach_cgroup(prog, cgfd);
		if (!link)
			return attach_fail("cgroup link", errno);
		close(cgfd);
		attach_print("bk_cg_link", bpf_program__fd(prog), bpf_link__fd(link));
	}
	if (tp_link) {
		struct bpf_link *link;

		prog = bpf_object__find_program_by_name(obj, "bk_tp_link");
		link = bpf_program__attach_tracepoint(prog, "sched", "sched_process_fork");
		if (!link)
			return attach_fail("tracepoint link", errno);
		attach_print("bk_tp_link", bpf_program__fd(prog), bpf_link__fd(link));
	}
	if (tracefs) {
		struct perf_event_attr attr;
		long id = attach_tp_id(tracefs, "sched/sched_process_exec");
		int pfd;

		if (id < 0)
			return attach_fail("tracepoint id", (int)id);
		memset(&attr, 0, sizeof(attr));
		attr.type = PERF_TYPE_TRACEPOINT;
		attr.size = sizeof(attr);
		attr.config = (uint64_t)id;
		attr.sample_period = 1;
		attr.wakeup_events = 1;
		pfd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
		if (pfd < 0)
			return attach_fail("perf_event_open", errno);
		prog = bpf_object__find_program_by_name(obj, "bk_tp_perf");
		if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, bpf_program__fd(prog)) ||
		    ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0))
			return attach_fail("PERF_EVENT_IOC_SET_BPF", errno);
		attach_print("bk_tp_perf", bpf_program__fd(prog), -1);
	}
	if (raw_tp) {
		struct bpf_link *link;

		prog = bpf_object__find_program_by_name(obj, "bk_raw_tp");
		link = bpf_program__attach_raw_tracepoint(prog, "sched_process_exec");
		if (!link)
			return attach_fail("raw tracepoint link", errno);
		attach_print("bk_raw_tp", bpf_program__fd(prog), bpf_link__fd(link));
	}
	if (uprobe) {
		LIBBPF_OPTS(bpf_uprobe_opts, uo, .func_name = "attach_loader_probe_here");
		char self[PATH_MAX];
		ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		struct bpf_link *link;

		if (n <= 0)
			return attach_fail("/proc/self/exe", errno);
		self[n] = '\0';
		prog = bpf_object__find_program_by_name(obj, "bk_uprobe");
		link = bpf_program__attach_uprobe_opts(prog, -1, self, 0, &uo);
		if (!link)
			return attach_fail("uprobe link", errno);
		attach_print("bk_uprobe", bpf_program__fd(prog), bpf_link__fd(link));
	}
	if (perf_sw) {
		struct perf_event_attr attr;
		int pfd;

		memset(&attr, 0, sizeof(attr));
		attr.type = PERF_TYPE_SOFTWARE;
		attr.size = sizeof(attr);
		attr.config = PERF_COUNT_SW_CPU_CLOCK;
		attr.freq = 1;
		attr.sample_freq = 99;
		pfd = (int)syscall(SYS_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
		if (pfd < 0)
			return attach_fail("perf_event_open (cpu-clock)", errno);
		prog = bpf_object__find_program_by_name(obj, "bk_perf_sw");
		if (ioctl(pfd, PERF_EVENT_IOC_SET_BPF, bpf_program__fd(prog)) ||
		    ioctl(pfd, PERF_EVENT_IOC_ENABLE, 0))
			return attach_fail("PERF_EVENT_IOC_SET_BPF (cpu-clock)", errno);
		attach_print("bk_perf_sw", bpf_program__fd(prog), -1);
	}
	if (sock) {
		int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), pfd;

		prog = bpf_object__find_program_by_name(obj, "bk_sockfilt");
		pfd = bpf_program__fd(prog);
		if (s < 0 || setsockopt(s, SOL_SOCKET, SO_ATTACH_BPF, &pfd, sizeof(pfd)))
			return attach_fail("SO_ATTACH_BPF", errno);
		attach_print("bk_sockfilt", pfd, -1);
	}
	if (iter) {
		struct bpf_link *link;

		prog = bpf_object__find_program_by_name(obj, "bk_iter");
		link = bpf_program__attach_iter(prog, NULL);
		if (!link)
			return attach_fail("iterator link", errno);
		attach_print("bk_iter", bpf_program__fd(prog), bpf_link__fd(link));
	}
	if (pin) {
		prog = bpf_object__find_program_by_name(obj, "bk_pinned");
		err = bpf_program__pin(prog, pin);
		if (err)
			return attach_fail(pin, err);
		attach_print("bk_pinned", bpf_program__fd(prog), -1);
	}
	if (map_held) {
		uint32_t key = 0;
		int map = bpf_map_create(BPF_MAP_TYPE_PROG_ARRAY, "bk_progarray", 4, 4, 1, NULL), pfd;

		prog = bpf_object__find_program_by_name(obj, "bk_mapheld");
		pfd = bpf_program__fd(prog);
		/* kept open: the kernel empties a map of programs when its last
		 * fd closes (prog_array_map_clear()) */
		if (map < 0 || bpf_map_update_elem(map, &key, &pfd, BPF_ANY))
			return attach_fail("map of programs", errno);
		attach_print("bk_mapheld", pfd, -1);
	}
	fflush(stdout);
	/* the program fds go: only links, the perf event, the socket, the pin and the map hold them
	 * (libbpf's links keep their own fds) */
	bpf_object__close(obj);
	loader_wait();
	return 0;
}
