/* bench_inspect: what inspecting costs ("make bench", as root; not part of
 * "make check"). Loads a socket filter of 4,096 instructions and creates a
 * hash map of 100,000 entries itself, and prints, measured in the same run
 * (medians of several runs):
 *   - the floor for code: one BPF_OBJ_GET_INFO_BY_FD fetching the
 *     program's translated and machine code, and the floor for a map: one
 *     BPF_MAP_LOOKUP_BATCH of a page;
 *   - opening the code view of the 4,096-instruction program (reading it,
 *     laying out its first page of translated instructions and of machine
 *     code) warm, with the kernel's symbols already read (goal: 50 ms), and
 *     cold, reading them too (/proc/kallsyms up to its [bpf] part, once a
 *     session), each as a ratio to the floor;
 *   - the first page of the 100,000-entry map (goal: 100 ms) and its ratio;
 *   - the memory of reading the whole map page by page against reading one
 *     page: bounded by the page, not the map.
 * The program and the map go when it exits (their fds close). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "base/procroot.h"
#include "inspect/code_page.h"
#include "inspect/kernel_syms.h"
#include "inspect/map_dump.h"
#include "inspect/prog_code.h"

#define BENCH_RUNS 9
#define BENCH_INSNS 4096
#define BENCH_ENTRIES 100000
#define BENCH_VALUE 64 /* bytes a value: 6.4 MB of values in all */
#define BENCH_PAGE 64  /* the browser's page of a map */
#define BENCH_ROWS 256 /* the code view's page */

static double bench_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int bench_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), bench_cmp);
	return v[n / 2];
}

/* resident memory now (/proc/self/statm), not the peak: the map's
 * creation above peaks higher than any reading could */
static long bench_rss_kib(void)
{
	long size = 0, resident = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f) {
		if (fscanf(f, "%ld %ld", &size, &resident) != 2)
			resident = 0;
		fclose(f);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

/* r0 = 0, then adds and a forward jump every 16, then exit */
static int bench_load_prog(void)
{
	struct bpf_insn *insns = calloc(BENCH_INSNS, sizeof(*insns));
	int fd;

	if (!insns)
		return -ENOMEM;
	insns[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0, .imm = 0 };
	for (int i = 1; i < BENCH_INSNS - 1; i++) {
		if (i % 16 == 0)
			insns[i] = (struct bpf_insn){ .code = BPF_JMP | BPF_JGT | BPF_K, .dst_reg = 0,
						      .off = 1, .imm = 1 << 20 };
		else
			insns[i] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_K, .dst_reg = 0,
						      .imm = i };
	}
	insns[BENCH_INSNS - 1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "bk_bench4k", "GPL", insns, BENCH_INSNS,
			   NULL);
	free(insns);
	return fd < 0 ? -errno : fd;
}

static int bench_make_map(void)
{
	uint32_t *keys = calloc(BENCH_ENTRIES, sizeof(*keys));
	uint8_t *values = calloc(BENCH_ENTRIES, BENCH_VALUE);
	uint32_t count = BENCH_ENTRIES;
	int fd = bpf_map_create(BPF_MAP_TYPE_HASH, "bk_bench100k", sizeof(uint32_t), BENCH_VALUE,
				BENCH_ENTRIES, NULL);

	if (fd < 0 || !keys || !values) {
		free(keys);
		free(values);
		return fd < 0 ? -errno : -ENOMEM;
	}
	for (uint32_t i = 0; i < BENCH_ENTRIES; i++) {
		keys[i] = i * 2654435761u;
		memset(values + (size_t)i * BENCH_VALUE, (int)(i & 0xff), BENCH_VALUE);
	}
	if (bpf_map_update_batch(fd, keys, values, &count, NULL) || count != BENCH_ENTRIES) {
		fprintf(stderr, "bench_inspect: filling the map: %s\n", strerror(errno));
		fd = -EIO;
	}
	free(keys);
	free(values);
	return fd;
}

static uint32_t bench_id(int fd, bool prog)
{
	struct bpf_prog_info pi;
	struct bpf_map_info mi;
	uint32_t len = prog ? sizeof(pi) : sizeof(mi);

	memset(&pi, 0, sizeof(pi));
	memset(&mi, 0, sizeof(mi));
	if (bpf_obj_get_info_by_fd(fd, prog ? (void *)&pi : (void *)&mi, &len))
		return 0;
	return prog ? pi.id : mi.id;
}

/* the floor: the kernel call that hands the code over, by id */
static double bench_code_floor(uint32_t id)
{
	static uint8_t xl[BENCH_INSNS * 8], jit[1 << 20];
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	double t = bench_now();
	int fd = bpf_prog_get_fd_by_id(id);

	memset(&info, 0, sizeof(info));
	info.xlated_prog_len = sizeof(xl);
	info.xlated_prog_insns = (uint64_t)(uintptr_t)xl;
	info.jited_prog_len = sizeof(jit);
	info.jited_prog_insns = (uint64_t)(uintptr_t)jit;
	bpf_obj_get_info_by_fd(fd, &info, &len);
	close(fd);
	return bench_now() - t;
}

/* what opening the code view does: read, lay out the first page of each */
static double bench_code_open(uint32_t id, const struct procroot *root, struct kernel_syms *ks,
			      bool cold, size_t *rows_out)
{
	static struct code_row rows[BENCH_ROWS];
	struct prog_code code;
	struct prog_code_env env = { .root = root, .ksyms = ks };
	char line[1024];
	uint32_t next;
	size_t n;
	double t = bench_now();

	if (cold && kernel_syms_read(root, false, ks))
		env.ksyms = NULL;
	if (prog_code_read(id, &env, &code))
		return -1;
	n = code_page_xlated(&code, 0, 0, BENCH_ROWS, rows, &next);
	for (size_t i = 0; i < n; i++)
		code_row_line(&code, &rows[i], line, sizeof(line));
	n += code_page_machine(&code, 0, 0, BENCH_ROWS, rows, &next);
	prog_code_free(&code);
	t = bench_now() - t;
	if (cold)
		kernel_syms_free(ks);
	*rows_out = n;
	return t;
}

static double bench_map_floor(int fd)
{
	static uint32_t keys[BENCH_PAGE];
	static uint8_t values[BENCH_PAGE * BENCH_VALUE];
	uint32_t out, count = BENCH_PAGE;
	double t = bench_now();

	bpf_map_lookup_batch(fd, NULL, &out, keys, values, &count, NULL);
	return bench_now() - t;
}

static double bench_map_first(uint32_t id, const struct procroot *root)
{
	struct map_dump d;
	double t = bench_now();

	if (map_dump_open(id, root, BENCH_PAGE, &d) || map_dump_page(&d, 0))
		return -1;
	for (size_t i = 0; i < d.nr; i++) {
		map_dump_key_text(&d, i);
		map_dump_value_text(&d, i, 0);
	}
	t = bench_now() - t;
	map_dump_close(&d);
	return t;
}

int main(void)
{
	double floor[BENCH_RUNS], warm[BENCH_RUNS], cold[BENCH_RUNS], mfloor[BENCH_RUNS],
		mfirst[BENCH_RUNS];
	struct kernel_syms ks;
	struct procroot root;
	struct map_dump d;
	size_t rows = 0, total = 0, pages = 0;
	long rss0, rss1, rss2;
	int pfd, mfd;
	uint32_t pid_, mid;

	procroot_init(&root, NULL);
	libbpf_set_print(NULL);
	pfd = bench_load_prog();
	mfd = bench_make_map();
	if (pfd < 0 || mfd < 0) {
		fprintf(stderr, "bench_inspect: cannot load the program or the map (as root?): %s\n",
			strerror(-(pfd < 0 ? pfd : mfd)));
		return 1;
	}
	pid_ = bench_id(pfd, true);
	mid = bench_id(mfd, false);
	if (kernel_syms_read(&root, false, &ks))
		memset(&ks, 0, sizeof(ks));
	for (int r = 0; r < BENCH_RUNS; r++) {
		floor[r] = bench_code_floor(pid_);
		warm[r] = bench_code_open(pid_, &root, &ks, false, &rows);
		mfloor[r] = bench_map_floor(mfd);
		mfirst[r] = bench_map_first(mid, &root);
	}
	for (int r = 0; r < 3; r++) {
		struct kernel_syms cold_ks;

		cold[r] = bench_code_open(pid_, &root, &cold_ks, true, &rows);
	}
	kernel_syms_free(&ks);
	double f = bench_median(floor, BENCH_RUNS), w = bench_median(warm, BENCH_RUNS),
	       c = bench_median(cold, 3), mf = bench_median(mfloor, BENCH_RUNS),
	       m = bench_median(mfirst, BENCH_RUNS);

	printf("code view of a %d-instruction program (%zu rows laid out):\n", BENCH_INSNS, rows);
	printf("  floor: BPF_OBJ_GET_INFO_BY_FD of its code   %8.2f ms\n", f);
	printf("  open, kernel symbols already read      %8.2f ms  %6.1fx the floor  (goal: 50 ms) %s\n",
	       w, w / f, w <= 50 ? "ok" : "OVER");
	printf("  open, reading the kernel symbols too   %8.2f ms  %6.1fx the floor  (once a session)\n",
	       c, c / f);
	printf("a %d-entry hash map, %d-byte values, pages of %d:\n", BENCH_ENTRIES, BENCH_VALUE,
	       BENCH_PAGE);
	printf("  floor: one BPF_MAP_LOOKUP_BATCH of a page %8.2f ms\n", mf);
	printf("  first page, opened and formatted       %8.2f ms  %6.1fx the floor  (goal: 100 ms) %s\n",
	       m, m / mf, m <= 100 ? "ok" : "OVER");

	/* memory: one page, then every page */
	rss0 = bench_rss_kib();
	if (map_dump_open(mid, &root, BENCH_PAGE, &d) || map_dump_page(&d, 0))
		return 1;
	rss1 = bench_rss_kib();
	for (size_t page = 1; !d.last; page++) {
		if (map_dump_page(&d, page))
			break;
		total += d.nr;
		pages++;
	}
	rss2 = bench_rss_kib();
	map_dump_close(&d);
	printf("  memory (resident): %ld KiB before, %ld KiB after the first page, %ld KiB after "
	       "all %zu pages (%zu more entries, %.1f MiB of keys and values): %s\n",
	       rss0, rss1, rss2, pages + 1, total,
	       (double)BENCH_ENTRIES * (4 + BENCH_VALUE) / (1 << 20),
	       rss2 - rss1 < 1024 ? "bounded by the page" : "GROWS WITH THE MAP");
	close(pfd);
	close(mfd);
	return (w <= 50 && m <= 100 && rss2 - rss1 < 1024) ? 0 : 1;
}
