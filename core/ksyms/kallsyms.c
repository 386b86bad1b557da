/* The [bpf] section of /proc/kallsyms, kept and looked up by address.
 *
 * Every line is printed by kernel/kallsyms.c s_show() as "%px %c %s" for
 * vmlinux and "%px %c %s\t[%s]" for everything else: modules, then
 * [__builtin__ftrace], [bpf] (registration order, not address order), and
 * [__builtin__kprobes]. Only [bpf] lines are stored, so memory follows the
 * number of BPF symbols, not the ~120k kernel ones. */
#include "ksyms/kallsyms.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/safe_read.h"
#include "base/sorted.h"

/* Large reads: seq_file fills the whole request, so few syscalls. */
#define KALLSYMS_BUF_SIZE (256 * 1024)
/* %px of a 64-bit pointer */
#define KALLSYMS_ADDR_DIGITS 16

static const char kallsyms_bpf_tail[] = "\t[bpf]";
#define KALLSYMS_BPF_TAIL_LEN (sizeof(kallsyms_bpf_tail) - 1)

struct kallsyms_state {
	struct kallsyms_bpf *out;
	size_t cap;        /* allocated entries in out->syms */
	bool seen_zero;    /* some valid line had address 0 */
	bool seen_nonzero; /* some valid line had a real address */
};

static int kallsyms_hex_digit(char ch)
{
	unsigned char c = (unsigned char)ch;

	if ((unsigned int)(c - '0') < 10)
		return c - '0';
	c |= 0x20;
	if ((unsigned int)(c - 'a') < 6)
		return c - 'a' + 10;
	return -1;
}

/* Symbol names and type letters never hold blanks or control bytes. */
static bool kallsyms_is_sym_char(char ch)
{
	unsigned char c = (unsigned char)ch;

	return c > ' ' && c != 0x7f;
}

static int kallsyms_add_sym(struct kallsyms_state *st, uint64_t addr, char type,
			   const char *name, size_t len)
{
	struct kallsyms_bpf *out = st->out;
	struct kallsyms_sym *sym;
	char *copy;

	if (out->nr_syms == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 64;
		struct kallsyms_sym *syms;

		if (cap > SIZE_MAX / sizeof(*syms))
			return -ENOMEM;
		syms = realloc(out->syms, cap * sizeof(*syms));
		if (!syms)
			return -ENOMEM;
		out->syms = syms;
		st->cap = cap;
	}
	copy = malloc(len + 1);
	if (!copy)
		return -ENOMEM;
	memcpy(copy, name, len);
	copy[len] = '\0';

	sym = &out->syms[out->nr_syms++];
	sym->addr = addr;
	sym->type = type;
	sym->name = copy;
	return 0;
}

/* One line without its '\n'. All lines get a cheap "<hex> <type> <x" check
 * (also what addrs_hidden is judged on); only lines ending in "[bpf]" are
 * parsed in full. */
static int kallsyms_parse_line(struct kallsyms_state *st, const char *p, size_t len)
{
	const char *end = p + len, *q = p, *name;
	uint64_t addr = 0;
	size_t name_len, i;
	int d;

	st->out->nr_lines++;

	while (q < end && q - p <= KALLSYMS_ADDR_DIGITS && (d = kallsyms_hex_digit(*q)) >= 0) {
		addr = addr << 4 | (uint64_t)d;
		q++;
	}
	if (q == p || q - p > KALLSYMS_ADDR_DIGITS || end - q < 4 || q[0] != ' ' ||
	    !kallsyms_is_sym_char(q[1]) || q[2] != ' ' || !kallsyms_is_sym_char(q[3]))
		goto bad;
	name = q + 3;

	if (memcmp(end - 5, "[bpf]", 5) != 0)
		goto good;

	/* "[bpf]" not preceded by the TAB of s_show() is not a [bpf] entry */
	if (end - name < (ptrdiff_t)KALLSYMS_BPF_TAIL_LEN + 1 ||
	    memcmp(end - KALLSYMS_BPF_TAIL_LEN, kallsyms_bpf_tail, KALLSYMS_BPF_TAIL_LEN) != 0)
		goto bad;
	name_len = (size_t)(end - KALLSYMS_BPF_TAIL_LEN - name);
	if (name_len > KALLSYMS_NAME_MAX)
		goto bad;
	for (i = 0; i < name_len; i++)
		if (!kallsyms_is_sym_char(name[i]))
			goto bad;
	if (kallsyms_add_sym(st, addr, q[1], name, name_len))
		return -ENOMEM;
good:
	if (addr)
		st->seen_nonzero = true;
	else
		st->seen_zero = true;
	return 0;
bad:
	st->out->nr_bad_lines++;
	return 0;
}

static int kallsyms_sym_cmp(const void *a, const void *b)
{
	const struct kallsyms_sym *x = a, *y = b;
	int r;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	r = strcmp(x->name, y->name);
	if (r)
		return r;
	return (unsigned char)x->type - (unsigned char)y->type;
}

static void kallsyms_sort(struct kallsyms_bpf *ks)
{
	size_t i, n = 0;

	for (i = 1; i < ks->nr_syms; i++)
		if (ks->syms[i].addr < ks->syms[i - 1].addr)
			break;
	/* qsort is not stable: only sort when needed, so ties keep file order */
	if (i < ks->nr_syms)
		sorted_qsort(ks->syms, ks->nr_syms, sizeof(*ks->syms), kallsyms_sym_cmp);

	/* A program loaded or unloaded mid-read can make bpf_get_kallsym()
	 * return an entry twice. Address 0 is exempt: with hidden addresses,
	 * identical programs print identical lines and are distinct entries. */
	for (i = 0; i < ks->nr_syms; i++) {
		struct kallsyms_sym *s = &ks->syms[i];

		if (n && s->addr && !kallsyms_sym_cmp(s, &ks->syms[n - 1])) {
			free(s->name);
			continue;
		}
		ks->syms[n++] = *s;
	}
	ks->nr_syms = n;
}

int kallsyms_bpf_parse(int fd, struct kallsyms_bpf *out)
{
	struct kallsyms_state st = { .out = out };
	/* inside a line longer than the buffer */
	bool skipping = false;
	/* a partial line kept at the start of buf */
	size_t len = 0;
	char *buf;
	int err = 0;

	memset(out, 0, sizeof(*out));
	buf = malloc(KALLSYMS_BUF_SIZE);
	if (!buf)
		return -ENOMEM;

	for (;;) {
		ssize_t n = read(fd, buf + len, KALLSYMS_BUF_SIZE - len);
		char *p = buf, *scan = buf + len, *end, *nl;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		end = scan + n;

		/* buf[0..len) holds no '\n': only the new bytes need scanning */
		while ((nl = memchr(scan, '\n', (size_t)(end - scan)))) {
			if (skipping)
				skipping = false;
			else if ((err = kallsyms_parse_line(&st, p, (size_t)(nl - p))))
				goto fail;
			p = scan = nl + 1;
		}
		len = (size_t)(end - p);
		if (len == KALLSYMS_BUF_SIZE || (skipping && len)) {
			/* no kallsyms line comes close: count it once, drop it */
			if (!skipping) {
				out->nr_lines++;
				out->nr_bad_lines++;
				skipping = true;
			}
			len = 0;
		} else if (len && p != buf) {
			memmove(buf, p, len);
		}
	}
	/* the last line may lack its '\n' */
	if (len && (err = kallsyms_parse_line(&st, buf, len)))
		goto fail;

	free(buf);
	kallsyms_sort(out);
	if (out->nr_syms < st.cap && out->nr_syms) {
		struct kallsyms_sym *syms;

		syms = realloc(out->syms, out->nr_syms * sizeof(*syms));
		if (syms)
			out->syms = syms;
	}
	/* kallsyms_show_value() zeroes every address for this opener, or none */
	out->addrs_hidden = st.seen_zero && !st.seen_nonzero;
	return 0;

fail:
	free(buf);
	kallsyms_bpf_free(out);
	return err;
}

int kallsyms_bpf_read(const char *path, struct kallsyms_bpf *out)
{
	int fd, err;

	memset(out, 0, sizeof(*out));
	/* /proc/kallsyms is a regular file of size 0; no size limit but memory */
	fd = safe_open(path, 0, SIZE_MAX, NULL);
	if (fd < 0)
		return fd;
	err = kallsyms_bpf_parse(fd, out);
	close(fd);
	return err;
}

const struct kallsyms_sym *kallsyms_bpf_find(const struct kallsyms_bpf *ks,
					     uint64_t addr)
{
	if (!ks || !addr)
		return NULL;
	/* the first of equal addresses */
	return SORTED_FIND(ks->syms, ks->nr_syms, addr, addr);
}

void kallsyms_bpf_free(struct kallsyms_bpf *ks)
{
	size_t i;

	if (!ks)
		return;
	for (i = 0; i < ks->nr_syms; i++)
		free(ks->syms[i].name);
	free(ks->syms);
	memset(ks, 0, sizeof(*ks));
}
