/* The [bpf] section of /proc/kallsyms, kept and looked up by address.
 *
 * Every line is printed by kernel/kallsyms.c s_show() as "%px %c %s" for
 * vmlinux and "%px %c %s\t[%s]" for everything else: modules, then
 * [__builtin__ftrace], [bpf] (registration order, not address order), and
 * [__builtin__kprobes]. Only [bpf] lines are stored, so memory follows the
 * number of BPF symbols, not the ~120k kernel ones. */
#include "ksyms/ksyms_table.h"

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/safe_read.h"
#include "base/sorted.h"
#include "base/vec.h"

/* Large reads: seq_file fills the whole request, so few syscalls. */
#define KSYMS_BUF_SIZE (256 * 1024)
/* %px of a 64-bit pointer */
#define KSYMS_ADDR_DIGITS 16

static const char ksyms_table_tail[] = "\t[bpf]";
#define KSYMS_BPF_TAIL_LEN (sizeof(ksyms_table_tail) - 1)

struct ksyms_parse_state {
	struct ksyms_table *out;
	size_t cap;        /* allocated entries in out->syms */
	bool seen_zero;    /* some valid line had address 0 */
	bool seen_nonzero; /* some valid line had a real address */
};

static int ksyms_hex_digit(char ch)
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
static bool ksyms_is_sym_char(char ch)
{
	unsigned char c = (unsigned char)ch;

	return c > ' ' && c != 0x7f;
}

static int ksyms_table_add(struct ksyms_parse_state *st, uint64_t addr, char type,
			  const char *name, size_t len)
{
	struct ksyms_table *out = st->out;
	struct ksyms_sym *sym;
	char *copy;

	if (VEC_RESERVE(out->syms, st->cap, out->nr_syms + 1))
		return -ENOMEM;
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

/* Whether a line is the common one: 16 hex digits (a 64-bit %px), " <type>
 * <x", not ending in "[bpf]"; *zero: its address is 0. The same verdict as
 * ksyms_parse_line()'s for such a line, without a branch per digit: all
 * but the ~1,000 [bpf] lines of ~120,000 take this path, and the read's
 * thread is what --json waits for. */
static bool ksyms_common_line(const char *p, size_t len, bool *zero)
{
	unsigned int not_hex = 0, nonzero = 0;

	if (len < KSYMS_ADDR_DIGITS + 4 || p[KSYMS_ADDR_DIGITS] != ' ' ||
	    !ksyms_is_sym_char(p[KSYMS_ADDR_DIGITS + 1]) || p[KSYMS_ADDR_DIGITS + 2] != ' ' ||
	    !ksyms_is_sym_char(p[KSYMS_ADDR_DIGITS + 3]))
		return false;
	if (p[len - 1] == ']' && !memcmp(p + len - 5, "[bpf]", 5))
		return false;
	for (size_t i = 0; i < KSYMS_ADDR_DIGITS; i++) {
		unsigned char c = (unsigned char)p[i];

		not_hex |= (unsigned char)(c - '0') > 9 && (unsigned char)((c | 0x20) - 'a') > 5;
		nonzero |= c ^ '0';
	}
	*zero = !nonzero;
	return !not_hex;
}

/* One line without its '\n'. All lines get a cheap "<hex> <type> <x" check
 * (also what addrs_hidden is judged on); only lines ending in "[bpf]" are
 * parsed in full. */
static int ksyms_parse_line(struct ksyms_parse_state *st, const char *p, size_t len)
{
	const char *end = p + len, *q = p, *name;
	uint64_t addr = 0;
	size_t name_len, i;
	bool zero;
	int d;

	st->out->nr_lines++;

	if (ksyms_common_line(p, len, &zero)) {
		if (zero)
			st->seen_zero = true;
		else
			st->seen_nonzero = true;
		return 0;
	}
	while (q < end && q - p <= KSYMS_ADDR_DIGITS && (d = ksyms_hex_digit(*q)) >= 0) {
		addr = addr << 4 | (uint64_t)d;
		q++;
	}
	if (q == p || q - p > KSYMS_ADDR_DIGITS || end - q < 4 || q[0] != ' ' ||
	    !ksyms_is_sym_char(q[1]) || q[2] != ' ' || !ksyms_is_sym_char(q[3]))
		goto bad;
	name = q + 3;

	if (memcmp(end - 5, "[bpf]", 5) != 0)
		goto good;

	/* "[bpf]" not preceded by the TAB of s_show() is not a [bpf] entry */
	if (end - name < (ptrdiff_t)KSYMS_BPF_TAIL_LEN + 1 ||
	    memcmp(end - KSYMS_BPF_TAIL_LEN, ksyms_table_tail, KSYMS_BPF_TAIL_LEN) != 0)
		goto bad;
	name_len = (size_t)(end - KSYMS_BPF_TAIL_LEN - name);
	if (name_len > KSYMS_NAME_MAX)
		goto bad;
	for (i = 0; i < name_len; i++)
		if (!ksyms_is_sym_char(name[i]))
			goto bad;
	if (ksyms_table_add(st, addr, q[1], name, name_len))
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

static int ksyms_sym_cmp(const void *a, const void *b)
{
	const struct ksyms_sym *x = a, *y = b;
	int r;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	r = strcmp(x->name, y->name);
	if (r)
		return r;
	return (unsigned char)x->type - (unsigned char)y->type;
}

static void ksyms_table_sort(struct ksyms_table *ks)
{
	size_t i, n = 0;

	for (i = 1; i < ks->nr_syms; i++)
		if (ks->syms[i].addr < ks->syms[i - 1].addr)
			break;
	/* qsort is not stable: only sort when needed, so ties keep file order */
	if (i < ks->nr_syms)
		sorted_qsort(ks->syms, ks->nr_syms, sizeof(*ks->syms), ksyms_sym_cmp);

	/* A program loaded or unloaded mid-read can make bpf_get_kallsym()
	 * return an entry twice. Address 0 is exempt: with hidden addresses,
	 * identical programs print identical lines and are distinct entries. */
	for (i = 0; i < ks->nr_syms; i++) {
		struct ksyms_sym *s = &ks->syms[i];

		if (n && s->addr && !ksyms_sym_cmp(s, &ks->syms[n - 1])) {
			free(s->name);
			continue;
		}
		ks->syms[n++] = *s;
	}
	ks->nr_syms = n;
}

int ksyms_table_parse(int fd, struct ksyms_table *out)
{
	struct ksyms_parse_state st = { .out = out };
	/* inside a line longer than the buffer */
	bool skipping = false;
	/* a partial line kept at the start of buf */
	size_t len = 0;
	char *buf;
	int err = 0;

	memset(out, 0, sizeof(*out));
	buf = malloc(KSYMS_BUF_SIZE);
	if (!buf)
		return -ENOMEM;

	for (;;) {
		ssize_t n = read(fd, buf + len, KSYMS_BUF_SIZE - len);
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
			else if ((err = ksyms_parse_line(&st, p, (size_t)(nl - p))))
				goto fail;
			p = scan = nl + 1;
		}
		len = (size_t)(end - p);
		if (len == KSYMS_BUF_SIZE || (skipping && len)) {
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
	if (len && (err = ksyms_parse_line(&st, buf, len)))
		goto fail;

	free(buf);
	ksyms_table_sort(out);
	/* the table is kept until the next read: give back the room */
	if (out->nr_syms < st.cap && out->nr_syms) {
		struct ksyms_sym *syms;

		syms = realloc(out->syms, out->nr_syms * sizeof(*syms));
		if (syms)
			out->syms = syms;
	}
	/* kallsyms_show_value() zeroes every address for this opener, or none */
	out->addrs_hidden = st.seen_zero && !st.seen_nonzero;
	return 0;

fail:
	free(buf);
	ksyms_table_free(out);
	return err;
}

int ksyms_table_read(const char *path, struct ksyms_table *out)
{
	int fd, err;

	memset(out, 0, sizeof(*out));
	/* /proc/kallsyms is a regular file of size 0; no size limit but memory */
	fd = safe_open(path, 0, SIZE_MAX, NULL);
	if (fd < 0)
		return fd;
	err = ksyms_table_parse(fd, out);
	close(fd);
	return err;
}

const struct ksyms_sym *ksyms_table_find(const struct ksyms_table *ks,
					 uint64_t addr)
{
	if (!ks || !addr)
		return NULL;
	/* the first of equal addresses */
	return SORTED_FIND(ks->syms, ks->nr_syms, addr, addr);
}

void ksyms_table_free(struct ksyms_table *ks)
{
	size_t i;

	if (!ks)
		return;
	for (i = 0; i < ks->nr_syms; i++)
		free(ks->syms[i].name);
	free(ks->syms);
	memset(ks, 0, sizeof(*ks));
}
