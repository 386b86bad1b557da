/* /proc/kallsyms by address (see kernel_syms.h). */
#include "inspect/kernel_syms.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/safe_read.h"
#include "base/vec.h"

/* far above any real kallsyms (about 6 MB with 10,000 programs) */
#define KERNEL_SYMS_MAX (256u << 20)

static int kernel_syms_cmp(const void *a, const void *b)
{
	const struct kernel_sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->name < y->name ? -1 : x->name > y->name;
}

static int kernel_syms_add(struct kernel_syms *ks, size_t *cap, size_t *pool_cap, uint64_t addr,
			   const char *name, size_t len)
{
	/* a kernel has tens of thousands of symbols: the first room is 4096
	 * of them and 1 MiB of names, not VEC_MIN_ROOM, so that the doubling
	 * starts near the end and leaves no trail of small blocks in the heap */
	if (VEC_RESERVE(ks->v, *cap, ks->nr < 4096 ? 4096 : ks->nr + 1) ||
	    VEC_RESERVE(ks->pool, *pool_cap,
			ks->pool_len + len + 1 < (1 << 20) ? (1 << 20) : ks->pool_len + len + 1))
		return -ENOMEM;
	memcpy(ks->pool + ks->pool_len, name, len);
	ks->pool[ks->pool_len + len] = '\0';
	ks->v[ks->nr].addr = addr;
	ks->v[ks->nr].name = (uint32_t)ks->pool_len;
	ks->pool_len += len + 1;
	ks->nr++;
	return 0;
}

int kernel_syms_parse(const char *text, size_t len, bool with_bpf, struct kernel_syms *out)
{
	const char *p = text, *end = text + len;
	size_t cap = 0, pool_cap = 0, lines = 0, zeros = 0;
	int err = 0;

	memset(out, 0, sizeof(*out));
	out->with_bpf = with_bpf;
	while (p < end && !err) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		const char *q, *name, *name_end;
		uint64_t addr = 0;
		int digits = 0;

		if (!eol)
			eol = end;
		/* "<hex> <type> <name>[\t[module]]" */
		for (q = p; q < eol && digits < 17; q++, digits++) {
			int v = *q >= '0' && *q <= '9' ? *q - '0' : *q >= 'a' && *q <= 'f' ? *q - 'a' + 10
				: *q >= 'A' && *q <= 'F' ? *q - 'A' + 10 : -1;

			if (v < 0)
				break;
			addr = addr << 4 | (uint64_t)v;
		}
		if (digits == 0 || digits > 16 || q + 3 > eol || q[0] != ' ' || q[2] != ' ') {
			p = eol + 1;
			continue;
		}
		name = q + 3;
		for (name_end = name; name_end < eol && *name_end != '\t' && *name_end != ' ';)
			name_end++;
		if (name_end < eol && !with_bpf && eol - name_end >= 6 &&
		    !memcmp(eol - 6, "\t[bpf]", 6))
			break; /* the programs' section: not wanted */
		lines++;
		if (!addr) {
			zeros++;
		} else if (name_end > name) {
			err = kernel_syms_add(out, &cap, &pool_cap, addr, name, (size_t)(name_end - name));
			if (!err && name_end - name == 15 && !memcmp(name, "__bpf_call_base", 15))
				out->call_base = addr;
		}
		p = eol + 1;
	}
	if (err) {
		kernel_syms_free(out);
		return err;
	}
	out->addrs_hidden = lines && zeros == lines;
	if (out->nr)
		qsort(out->v, out->nr, sizeof(*out->v), kernel_syms_cmp);
	return 0;
}

int kernel_syms_read(const struct procroot *root, bool with_bpf, struct kernel_syms *out)
{
	char path[PATH_MAX];
	char *text = NULL;
	size_t len = 0, room = 0;
	int fd, err;

	memset(out, 0, sizeof(*out));
	err = procroot_path(root, "kallsyms", path, sizeof(path));
	if (err)
		return err;
	fd = safe_open(path, 0, KERNEL_SYMS_MAX, NULL);
	if (fd < 0)
		return fd;
	/* read in big pieces, and stop at the [bpf] section when it is not
	 * wanted: the kernel prints that part in O(n^2) (bpf_get_kallsym()) */
	for (;;) {
		ssize_t n;

		/* room keeps a byte for the NUL */
		if (room < len + (1 << 16) + 1) {
			size_t want = room ? room * 2 : (8 << 20) + 1;

			if (want - 1 > KERNEL_SYMS_MAX) {
				err = -EFBIG;
				break;
			}
			if (VEC_RESERVE(text, room, want)) {
				err = -ENOMEM;
				break;
			}
		}
		n = read(fd, text + len, room - 1 - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = -errno;
			break;
		}
		if (!n)
			break;
		if (!with_bpf) {
			text[len + (size_t)n] = '\0';
			if (strstr(text + (len > 8 ? len - 8 : 0), "\t[bpf]")) {
				len += (size_t)n;
				break;
			}
		}
		len += (size_t)n;
	}
	close(fd);
	if (!err)
		err = kernel_syms_parse(text ? text : "", len, with_bpf, out);
	free(text);
	return err;
}

static size_t kernel_syms_first_at_or_after(const struct kernel_syms *ks, uint64_t addr)
{
	size_t lo = 0, hi = ks->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ks->v[mid].addr < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *kernel_syms_at(const struct kernel_syms *ks, uint64_t addr)
{
	size_t i;

	if (!addr || !ks || !ks->nr)
		return NULL;
	i = kernel_syms_first_at_or_after(ks, addr);
	return i < ks->nr && ks->v[i].addr == addr ? ks->pool + ks->v[i].name : NULL;
}

bool kernel_syms_near(const struct kernel_syms *ks, uint64_t addr, char *buf, size_t size)
{
	size_t i;

	if (!addr || !ks || !ks->nr)
		return false;
	i = kernel_syms_first_at_or_after(ks, addr);
	if (i < ks->nr && ks->v[i].addr == addr) {
		snprintf(buf, size, "%s", ks->pool + ks->v[i].name);
		return true;
	}
	if (!i)
		return false;
	/* the last of the symbols at the address below */
	snprintf(buf, size, "%s+0x%llx", ks->pool + ks->v[i - 1].name,
		 (unsigned long long)(addr - ks->v[i - 1].addr));
	return true;
}

void kernel_syms_free(struct kernel_syms *ks)
{
	free(ks->v);
	free(ks->pool);
	memset(ks, 0, sizeof(*ks));
}
