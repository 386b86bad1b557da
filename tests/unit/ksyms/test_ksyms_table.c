/* Unit tests for core/ksyms/ksyms_table.c. Fixtures live in
 * $srcdir/tests/fixtures/kallsyms/ (see the README there); the
 * buffer-boundary and overlong-line cases are generated into temp files. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ksyms/ksyms_table.h"
#include "base/safe_read.h"

/* the reader's buffer (KSYMS_BUF_SIZE in ksyms_table.c); generated files exceed it */
#define READ_BUF (256 * 1024)

struct want {
	uint64_t addr;
	const char *name;
};

/* normal.txt's [bpf] entries, in address order */
static const struct want normal_bpf[] = {
	{ 0xffffffffc0001000, "bpf_dispatcher_xdp" },
	{ 0xffffffffc0003000, "bpf_trampoline_4295019641" },
	{ 0xffffffffc0006000, "bpf__tcp_congestion_ops_init" },
	{ 0xffffffffc0022048, "bpf_prog_59f4a931744dcdc6_foo" },
	{ 0xffffffffc0022098, "bpf_prog_59f4a931744dcdc6_foo" },
	{ 0xffffffffc00220e4, "bpf_prog_59f4a931744dcdc6_foo" },
	{ 0xffffffffc0022124, "bpf_prog_c58fcbff6cd3e8c9_withsub" },
	{ 0xffffffffc0025b9c, "bpf_prog_b11459a0e11ca14c_F" },
	{ 0xffffffffc0027e50, "bpf_prog_6deef7357e7b4530" },
};
#define NR_NORMAL_BPF (sizeof(normal_bpf) / sizeof(normal_bpf[0]))
/* 14 vmlinux/module/ftrace + 9 bpf + 2 kprobes */
#define NR_NORMAL_LINES 25

static const char *fixture(const char *name)
{
	static char path[4096];
	const char *srcdir = getenv("srcdir");

	snprintf(path, sizeof(path), "%s/tests/fixtures/kallsyms/%s",
		 srcdir && *srcdir ? srcdir : ".", name);
	return path;
}

static void write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		assert_true(n > 0);
		p += n;
		len -= (size_t)n;
	}
}

/* Parse @len bytes of @text through a temp file and ksyms_table_parse(). */
static int parse_text(const char *text, size_t len, struct ksyms_table *ks)
{
	FILE *f = tmpfile();
	int err;

	assert_non_null(f);
	write_all(fileno(f), text, len);
	assert_int_equal(lseek(fileno(f), 0, SEEK_SET), 0);
	err = ksyms_table_parse(fileno(f), ks);
	fclose(f);
	return err;
}

static int parse_str(const char *text, struct ksyms_table *ks)
{
	return parse_text(text, strlen(text), ks);
}

/* Feed @len bytes through a pipe, @chunk bytes per write, from a child. */
static int parse_pipe(const char *text, size_t len, size_t chunk,
		      struct ksyms_table *ks)
{
	int fds[2], status, err;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		while (len) {
			size_t n = len < chunk ? len : chunk;
			ssize_t w = write(fds[1], text, n);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				_exit(1);
			text += w;
			len -= (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	err = ksyms_table_parse(fds[0], ks);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	return err;
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(64 * 1024);

	assert_non_null(f);
	assert_non_null(buf);
	*len = fread(buf, 1, 64 * 1024, f);
	assert_true(feof(f));
	fclose(f);
	return buf;
}

static void assert_zeroed(const struct ksyms_table *ks)
{
	static const struct ksyms_table zero;

	assert_memory_equal(ks, &zero, sizeof(zero));
}

static void assert_normal(const struct ksyms_table *ks)
{
	size_t i;

	assert_int_equal(ks->nr_lines, NR_NORMAL_LINES);
	assert_int_equal(ks->nr_bad_lines, 0);
	assert_false(ks->addrs_hidden);
	assert_int_equal(ks->nr_syms, NR_NORMAL_BPF);
	for (i = 0; i < NR_NORMAL_BPF; i++) {
		assert_true(ks->syms[i].addr == normal_bpf[i].addr);
		assert_string_equal(ks->syms[i].name, normal_bpf[i].name);
		assert_int_equal(ks->syms[i].type, 't');
	}
}

static void test_normal(void **state)
{
	struct ksyms_table ks;
	const struct ksyms_sym *s;
	size_t i;

	(void)state;
	assert_int_equal(ksyms_table_read(fixture("normal.txt"), &ks), 0);
	assert_normal(&ks);

	for (i = 0; i < NR_NORMAL_BPF; i++) {
		s = ksyms_table_find(&ks, normal_bpf[i].addr);
		assert_ptr_equal(s, &ks.syms[i]);
	}
	/* the three identical programs stay three entries */
	s = ksyms_table_find(&ks, 0xffffffffc0022098);
	assert_non_null(s);
	assert_string_equal(s->name, "bpf_prog_59f4a931744dcdc6_foo");
	assert_ptr_not_equal(s, ksyms_table_find(&ks, 0xffffffffc0022048));

	/* exact address only: inside a program is no match */
	assert_null(ksyms_table_find(&ks, 0xffffffffc002204c));
	assert_null(ksyms_table_find(&ks, 0xffffffffc0000fff));
	assert_null(ksyms_table_find(&ks, 0xffffffffc0027e51));
	assert_null(ksyms_table_find(&ks, UINT64_MAX));
	assert_null(ksyms_table_find(&ks, 0));
	/* vmlinux, module, ftrace and kprobes symbols are not kept */
	assert_null(ksyms_table_find(&ks, 0xffffffff81000000));
	assert_null(ksyms_table_find(&ks, 0xffffffff81e91550));
	assert_null(ksyms_table_find(&ks, 0xffffffffc0a10000));
	assert_null(ksyms_table_find(&ks, 0xffffffffc0201000));
	assert_null(ksyms_table_find(&ks, 0xffffffffc0204000));

	ksyms_table_free(&ks);
	assert_zeroed(&ks);
}

static void test_hidden(void **state)
{
	/* hidden.txt's [bpf] names, in file order */
	static const char *const names[] = {
		"bpf_prog_59f4a931744dcdc6_foo",
		"bpf_prog_59f4a931744dcdc6_foo",
		"bpf_prog_59f4a931744dcdc6_foo",
		"bpf_prog_b11459a0e11ca14c_F",
		"bpf_prog_c58fcbff6cd3e8c9_withsub",
		"bpf_trampoline_4295019641",
		"bpf_dispatcher_xdp",
		"bpf_prog_6deef7357e7b4530",
		"bpf__tcp_congestion_ops_init",
	};
	struct ksyms_table ks;
	size_t i;

	(void)state;
	assert_int_equal(ksyms_table_read(fixture("hidden.txt"), &ks), 0);
	assert_true(ks.addrs_hidden);
	assert_int_equal(ks.nr_lines, NR_NORMAL_LINES);
	assert_int_equal(ks.nr_bad_lines, 0);
	/* identical zero-address lines are distinct programs: all kept */
	assert_int_equal(ks.nr_syms, sizeof(names) / sizeof(names[0]));
	for (i = 0; i < ks.nr_syms; i++) {
		assert_true(ks.syms[i].addr == 0);
		assert_string_equal(ks.syms[i].name, names[i]);
	}
	assert_null(ksyms_table_find(&ks, 0));
	ksyms_table_free(&ks);
}

static void test_hidden_needs_all_zero(void **state)
{
	struct ksyms_table ks;

	(void)state;
	/* one real address: visible */
	assert_int_equal(parse_str("0000000000000000 T _stext\n"
				   "ffffffffc0001000 t bpf_dispatcher_xdp\t[bpf]\n"
				   "0000000000000000 t ftrace_trampoline\t[__builtin__ftrace]\n",
				   &ks), 0);
	assert_false(ks.addrs_hidden);
	assert_int_equal(ks.nr_syms, 1);
	ksyms_table_free(&ks);

	/* garbage has no address to judge by */
	assert_int_equal(parse_str("garbage\n\n", &ks), 0);
	assert_int_equal(ks.nr_lines, 2);
	assert_int_equal(ks.nr_bad_lines, 2);
	assert_false(ks.addrs_hidden);
	ksyms_table_free(&ks);

	/* zeros plus garbage: still hidden */
	assert_int_equal(parse_str("junk\n0000000000000000 T _stext\n", &ks), 0);
	assert_true(ks.addrs_hidden);
	assert_int_equal(ks.nr_bad_lines, 1);
	ksyms_table_free(&ks);
}

static void test_garbage(void **state)
{
	struct ksyms_table ks;

	(void)state;
	assert_int_equal(ksyms_table_read(fixture("garbage.txt"), &ks), 0);
	assert_int_equal(ks.nr_lines, 19);
	assert_int_equal(ks.nr_bad_lines, 15);
	assert_false(ks.addrs_hidden);
	assert_int_equal(ks.nr_syms, 2);
	/* short addresses are fine (%px of a 32-bit kernel is 8 digits) */
	assert_true(ks.syms[0].addr == 1);
	assert_string_equal(ks.syms[0].name, "bpf_prog_one_digit");
	assert_true(ks.syms[1].addr == 0xffffffffc0022048);
	assert_string_equal(ks.syms[1].name, "bpf_prog_59f4a931744dcdc6_foo");
	/* the malformed lines' addresses were not taken */
	assert_null(ksyms_table_find(&ks, 0xffffffffc0022098));
	assert_null(ksyms_table_find(&ks, 0xffffffffc00220e4));
	assert_null(ksyms_table_find(&ks, 0xffffffffc0022100));
	ksyms_table_free(&ks);
}

static void test_missing_tab(void **state)
{
	struct ksyms_table ks;

	(void)state;
	assert_int_equal(parse_str("ffffffffc0022098 t bpf_prog_59f4a931744dcdc6_foo [bpf]\n",
				   &ks), 0);
	assert_int_equal(ks.nr_lines, 1);
	assert_int_equal(ks.nr_bad_lines, 1);
	assert_int_equal(ks.nr_syms, 0);
	assert_null(ks.syms);
	assert_null(ksyms_table_find(&ks, 0xffffffffc0022098));
	ksyms_table_free(&ks);
}

/* Lines that are not [bpf] ones take a quicker check than the full parse
 * (ksyms_common_line()): it accepts and refuses exactly what the full
 * check would, the digits' edges included. */
static void test_common_lines(void **state)
{
	static const struct {
		const char *line;
		bool bad, zero;
	} cases[] = {
		{ "ffffffff81000000 T _stext", false, false },
		{ "FFFFFFFF81000000 T _stext", false, false },
		{ "0000000000000000 T _stext", false, true },
		{ "ffffffffc0a01000 t nf_hook\t[nf_tables]", false, false },
		{ "ffffffff8100000g T x", true, false },
		{ "ffffffff8100000G T x", true, false },
		{ "ffffffff8100000/ T x", true, false },
		{ "ffffffff8100000: T x", true, false },
		{ "ffffffff8100000` T x", true, false },
		{ "ffffffff8100000@ T x", true, false },
		{ "ffffffff81000000  T x", true, false },
		{ "ffffffff81000000 T  x", true, false },
		{ "ffffffff81000000 TT x", true, false },
		{ "ffffffff81000000\tT x", true, false },
		{ "ffffffff81000000 \x7f x", true, false },
		{ "ffffffff81000000 T", true, false },
		{ "ffffffff81000000 T ", true, false },
		{ "1ffffffff81000000 T x", true, false },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct ksyms_table ks;
		char text[128];

		snprintf(text, sizeof(text), "%s\n", cases[i].line);
		assert_int_equal(parse_str(text, &ks), 0);
		assert_int_equal(ks.nr_lines, 1);
		if (ks.nr_bad_lines != cases[i].bad || ks.addrs_hidden != cases[i].zero)
			fail_msg("\"%s\": %zu bad lines, addresses hidden %d", cases[i].line,
				 ks.nr_bad_lines, ks.addrs_hidden);
		assert_int_equal(ks.nr_syms, 0);
		ksyms_table_free(&ks);
	}
}

static void test_name_length(void **state)
{
	struct ksyms_table ks;
	size_t i;

	(void)state;
	assert_int_equal(ksyms_table_read(fixture("longname.txt"), &ks), 0);
	assert_int_equal(ks.nr_lines, 3);
	assert_int_equal(ks.nr_bad_lines, 1);
	assert_int_equal(ks.nr_syms, 2);

	assert_true(ks.syms[0].addr == 0xffffffffc0030000);
	assert_int_equal(strlen(ks.syms[0].name), KSYMS_NAME_MAX);
	assert_memory_equal(ks.syms[0].name, "bpf_prog_0123456789abcdef_", 26);
	for (i = 26; i < KSYMS_NAME_MAX; i++)
		assert_int_equal(ks.syms[0].name[i], 'a');

	/* 512 characters cannot come from the kernel: rejected */
	assert_null(ksyms_table_find(&ks, 0xffffffffc0031000));
	assert_true(ks.syms[1].addr == 0xffffffffc0032000);
	assert_string_equal(ks.syms[1].name, "bpf_prog_0123456789abcdef_short");
	ksyms_table_free(&ks);
}

static void test_empty(void **state)
{
	struct ksyms_table ks;

	(void)state;
	assert_int_equal(ksyms_table_read(fixture("empty.txt"), &ks), 0);
	assert_zeroed(&ks);
	assert_null(ksyms_table_find(&ks, 0xffffffffc0001000));
	ksyms_table_free(&ks);
	assert_zeroed(&ks);
}

static void test_missing_file(void **state)
{
	struct ksyms_table ks;

	(void)state;
	memset(&ks, 0xa5, sizeof(ks));
	assert_int_equal(ksyms_table_read(fixture("no-such-file.txt"), &ks),
			 -ENOENT);
	assert_zeroed(&ks);
}

static void test_read_error(void **state)
{
	const char *dir = getenv("srcdir");
	struct ksyms_table ks;

	(void)state;
	/* a directory is refused before any read: no regular file */
	memset(&ks, 0xa5, sizeof(ks));
	assert_int_equal(ksyms_table_read(dir && *dir ? dir : ".", &ks),
			 -SAFE_READ_ENOTREG);
	assert_zeroed(&ks);

	memset(&ks, 0xa5, sizeof(ks));
	assert_int_equal(ksyms_table_parse(-1, &ks), -EBADF);
	assert_zeroed(&ks);
}

static void test_error_after_data(void **state)
{
	static const char text[] =
		"ffffffffc0001000 t bpf_dispatcher_xdp\t[bpf]\n"
		"ffffffffc0022048 t bpf_prog_59f4a931744dcdc6_foo\t[bpf]\n";
	struct ksyms_table ks;
	int fds[2];

	(void)state;
	/* the data, then EAGAIN from an empty non-blocking pipe still open
	 * for writing: entries already stored must be freed */
	assert_int_equal(pipe(fds), 0);
	write_all(fds[1], text, sizeof(text) - 1);
	assert_int_equal(fcntl(fds[0], F_SETFL, O_NONBLOCK), 0);
	assert_int_equal(ksyms_table_parse(fds[0], &ks), -EAGAIN);
	assert_zeroed(&ks);
	close(fds[0]);
	close(fds[1]);
}

static void test_no_trailing_newline(void **state)
{
	struct ksyms_table ks;

	(void)state;
	assert_int_equal(ksyms_table_read(fixture("no-newline.txt"), &ks), 0);
	assert_int_equal(ks.nr_lines, 3);
	assert_int_equal(ks.nr_bad_lines, 0);
	assert_int_equal(ks.nr_syms, 1);
	assert_true(ks.syms[0].addr == 0xffffffffc0022048);
	assert_string_equal(ks.syms[0].name, "bpf_prog_59f4a931744dcdc6_last");
	ksyms_table_free(&ks);
}

static void test_repeated_entry(void **state)
{
	struct ksyms_table ks;
	const struct ksyms_sym *s;

	(void)state;
	/* a racing read printed the first entry twice; a name shared by
	 * two addresses and two names at one address are all kept */
	assert_int_equal(parse_str("ffffffffc0022048 t bpf_prog_59f4a931744dcdc6_foo\t[bpf]\n"
				   "ffffffffc0022098 t bpf_prog_59f4a931744dcdc6_foo\t[bpf]\n"
				   "ffffffffc0022048 t bpf_prog_59f4a931744dcdc6_foo\t[bpf]\n"
				   "ffffffffc0001000 t bpf_prog_b\t[bpf]\n"
				   "ffffffffc0001000 t bpf_prog_a\t[bpf]\n",
				   &ks), 0);
	assert_int_equal(ks.nr_lines, 5);
	assert_int_equal(ks.nr_syms, 4);
	assert_true(ks.syms[0].addr == 0xffffffffc0001000);
	assert_true(ks.syms[1].addr == 0xffffffffc0001000);
	assert_true(ks.syms[2].addr == 0xffffffffc0022048);
	assert_true(ks.syms[3].addr == 0xffffffffc0022098);
	s = ksyms_table_find(&ks, 0xffffffffc0001000);
	assert_ptr_equal(s, &ks.syms[0]);
	assert_string_equal(s->name, "bpf_prog_a");
	assert_string_equal(ks.syms[1].name, "bpf_prog_b");
	ksyms_table_free(&ks);
}

/* Only [bpf] lines of varying length, more than two buffers' worth and in
 * descending address order: every read boundary falls inside some [bpf]
 * line, whatever the exact buffer size. */
#define GEN_ADDR(i) (UINT64_C(0xffffffffc0000000) + (uint64_t)(i) * 0x40)

static char *gen_bpf_lines(size_t nr, size_t *len)
{
	size_t cap = nr * 200, off = 0, i;
	char *buf = malloc(cap);

	assert_non_null(buf);
	for (i = 0; i < nr; i++) {
		size_t k = nr - 1 - i;
		int n = snprintf(buf + off, cap - off,
				 "%016" PRIx64 " t bpf_prog_%016zx_%.*s\t[bpf]\n",
				 GEN_ADDR(k), k, (int)(k % 97),
				 "pppppppppppppppppppppppppppppppppppppppppppppppp"
				 "ppppppppppppppppppppppppppppppppppppppppppppppppp");
		assert_true(n > 0 && (size_t)n < cap - off);
		off += (size_t)n;
	}
	*len = off;
	return buf;
}

static void check_gen(const struct ksyms_table *ks, size_t nr)
{
	char name[128];
	size_t i;

	assert_int_equal(ks->nr_lines, nr);
	assert_int_equal(ks->nr_bad_lines, 0);
	assert_int_equal(ks->nr_syms, nr);
	for (i = 0; i < nr; i++) {
		const struct ksyms_sym *s = ksyms_table_find(ks, GEN_ADDR(i));

		assert_ptr_equal(s, &ks->syms[i]);
		snprintf(name, sizeof(name), "bpf_prog_%016zx_%.*s", i,
			 (int)(i % 97),
			 "pppppppppppppppppppppppppppppppppppppppppppppppp"
			 "ppppppppppppppppppppppppppppppppppppppppppppppppp");
		assert_string_equal(s->name, name);
	}
}

static void test_buffer_boundary(void **state)
{
	struct ksyms_table ks;
	size_t nr = 9000, len, start;
	char *text;
	const char *p;

	(void)state;
	text = gen_bpf_lines(nr, &len);
	assert_true(len > 2 * READ_BUF);
	/* the first read ends inside a [bpf] line */
	p = memchr(text + READ_BUF - 1, '\n', len - READ_BUF);
	assert_non_null(p);
	for (start = READ_BUF - 1; text[start - 1] != '\n'; start--)
		;
	assert_true(start < READ_BUF && (size_t)(p - text) >= READ_BUF);
	assert_memory_equal(p - 6, "\t[bpf]", 6);

	assert_int_equal(parse_text(text, len, &ks), 0);
	check_gen(&ks, nr);
	ksyms_table_free(&ks);

	/* a pipe gives short, unaligned reads */
	assert_int_equal(parse_pipe(text, len, 4093, &ks), 0);
	check_gen(&ks, nr);
	ksyms_table_free(&ks);
	free(text);
}

static void test_pipe_small_writes(void **state)
{
	struct ksyms_table ks;
	size_t len;
	char *text = slurp(fixture("normal.txt"), &len);

	(void)state;
	assert_int_equal(parse_pipe(text, len, 7, &ks), 0);
	assert_normal(&ks);
	ksyms_table_free(&ks);
	free(text);
}

static void test_overlong_lines(void **state)
{
	static const char l1[] = "ffffffffc0001000 t bpf_dispatcher_xdp\t[bpf]\n";
	static const char l2[] = "ffffffffc0003000 t bpf_trampoline_4295019641\t[bpf]\n";
	static const char l3[] = "ffffffffc0022048 t bpf_prog_59f4a931744dcdc6_foo\t[bpf]\n";
	size_t cap = 4 * READ_BUF + 1024, off = 0;
	char *text = malloc(cap);
	struct ksyms_table ks;

	(void)state;
	assert_non_null(text);
#define PUT(s, n) do { memcpy(text + off, s, n); off += n; } while (0)
#define FILL(c, n) do { memset(text + off, c, n); off += n; } while (0)
	PUT(l1, sizeof(l1) - 1);
	FILL('x', READ_BUF + 1000); /* longer than the buffer */
	PUT("\n", 1);
	PUT(l2, sizeof(l2) - 1);
	FILL('f', READ_BUF); /* exactly the buffer, hex */
	PUT("\t[bpf]\n", 7); /* its tail must not count */
	PUT(l3, sizeof(l3) - 1);
	FILL('y', READ_BUF + 5); /* overlong and last, no '\n' */
#undef PUT
#undef FILL
	assert_true(off <= cap);

	assert_int_equal(parse_text(text, off, &ks), 0);
	assert_int_equal(ks.nr_lines, 6);
	assert_int_equal(ks.nr_bad_lines, 3);
	assert_int_equal(ks.nr_syms, 3);
	assert_string_equal(ksyms_table_find(&ks, 0xffffffffc0001000)->name,
			    "bpf_dispatcher_xdp");
	assert_string_equal(ksyms_table_find(&ks, 0xffffffffc0003000)->name,
			    "bpf_trampoline_4295019641");
	assert_string_equal(ksyms_table_find(&ks, 0xffffffffc0022048)->name,
			    "bpf_prog_59f4a931744dcdc6_foo");
	ksyms_table_free(&ks);
	free(text);
}

static void test_free_zeroed(void **state)
{
	struct ksyms_table ks;

	(void)state;
	memset(&ks, 0, sizeof(ks));
	ksyms_table_free(&ks);
	assert_zeroed(&ks);
	ksyms_table_free(&ks);
	assert_zeroed(&ks);
	ksyms_table_free(NULL);
	assert_null(ksyms_table_find(NULL, 0xffffffffc0001000));
}

/* The real file must match the format assumed above; content varies. */
static void test_proc_kallsyms(void **state)
{
	struct ksyms_table ks;
	size_t i;
	int err;

	(void)state;
	err = ksyms_table_read("/proc/kallsyms", &ks);
	if (err == -ENOENT || err == -EACCES || err == -EPERM)
		skip();
	assert_int_equal(err, 0);
	assert_true(ks.nr_lines > 1000);
	assert_int_equal(ks.nr_bad_lines, 0);
	for (i = 0; i < ks.nr_syms; i++) {
		assert_true(strlen(ks.syms[i].name) > 0);
		if (i)
			assert_true(ks.syms[i - 1].addr <= ks.syms[i].addr);
		if (!ks.addrs_hidden) {
			const struct ksyms_sym *s = ksyms_table_find(&ks, ks.syms[i].addr);

			assert_non_null(s);
			assert_true(s->addr == ks.syms[i].addr);
		}
	}
	ksyms_table_free(&ks);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_hidden),
		cmocka_unit_test(test_hidden_needs_all_zero),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_missing_tab),
		cmocka_unit_test(test_common_lines),
		cmocka_unit_test(test_name_length),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_missing_file),
		cmocka_unit_test(test_read_error),
		cmocka_unit_test(test_error_after_data),
		cmocka_unit_test(test_no_trailing_newline),
		cmocka_unit_test(test_repeated_entry),
		cmocka_unit_test(test_buffer_boundary),
		cmocka_unit_test(test_pipe_small_writes),
		cmocka_unit_test(test_overlong_lines),
		cmocka_unit_test(test_free_zeroed),
		cmocka_unit_test(test_proc_kallsyms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
