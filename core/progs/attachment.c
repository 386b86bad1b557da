/* One attachment: its raw facts, its texts, copies (see attachment.h). */
#include "progs/attachment.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/vec.h"

static const char *const attachment_kind_names[ATTACH__COUNT] = {
	[ATTACH_XDP] = "xdp",
	[ATTACH_TC] = "tc",
	[ATTACH_TCX] = "tcx",
	[ATTACH_NETKIT] = "netkit",
	[ATTACH_CGROUP] = "cgroup",
	[ATTACH_NETNS] = "netns",
	[ATTACH_NETFILTER] = "netfilter",
	[ATTACH_SK_LOOKUP] = "sk_lookup",
	[ATTACH_TRACEPOINT] = "tracepoint",
	[ATTACH_RAW_TRACEPOINT] = "raw_tracepoint",
	[ATTACH_KPROBE] = "kprobe",
	[ATTACH_UPROBE] = "uprobe",
	[ATTACH_PERF_EVENT] = "perf_event",
	[ATTACH_TRACING] = "tracing",
	[ATTACH_LSM] = "lsm",
	[ATTACH_STRUCT_OPS] = "struct_ops",
	[ATTACH_ITER] = "iter",
	[ATTACH_SOCKMAP] = "sockmap",
	[ATTACH_SOCKET] = "socket",
	[ATTACH_UNKNOWN] = "unknown",
};

const char *attach_kind_name(enum attach_kind kind)
{
	return (unsigned)kind < ATTACH__COUNT ? attachment_kind_names[kind] : "unknown";
}

static struct attach_raw *attachment_next_raw(struct attachment *a, const char *key,
					      enum attach_raw_type type)
{
	struct attach_raw *r;

	if (a->nr_raw >= ATTACH_MAX_RAW)
		return NULL;
	r = &a->raw[a->nr_raw];
	memset(r, 0, sizeof(*r));
	r->key = key;
	r->type = type;
	return r;
}

bool attach_raw_u64(struct attachment *a, const char *key, uint64_t v)
{
	struct attach_raw *r = attachment_next_raw(a, key, ATTACH_RAW_U64);

	if (r) {
		r->u = v;
		a->nr_raw++;
	}
	return true;
}

bool attach_raw_s64(struct attachment *a, const char *key, int64_t v)
{
	struct attach_raw *r = attachment_next_raw(a, key, ATTACH_RAW_S64);

	if (r) {
		r->s = v;
		a->nr_raw++;
	}
	return true;
}

bool attach_raw_bool(struct attachment *a, const char *key, bool v)
{
	struct attach_raw *r = attachment_next_raw(a, key, ATTACH_RAW_BOOL);

	if (r) {
		r->u = v;
		a->nr_raw++;
	}
	return true;
}

bool attach_raw_str(struct attachment *a, const char *key, const char *v)
{
	struct attach_raw *r = attachment_next_raw(a, key, ATTACH_RAW_STR);

	if (!r)
		return true;
	r->str = strdup(v ? v : "");
	if (!r->str)
		return false;
	a->nr_raw++;
	return true;
}

const struct attach_raw *attach_raw_find(const struct attachment *a, const char *key)
{
	for (size_t i = 0; i < a->nr_raw; i++)
		if (!strcmp(a->raw[i].key, key))
			return &a->raw[i];
	return NULL;
}

static bool attachment_vset(char **dst, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static bool attachment_vset(char **dst, const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		return false;
	free(*dst);
	*dst = s;
	return true;
}

bool attach_set_target(struct attachment *a, const char *fmt, ...)
{
	va_list ap;
	bool ok;

	va_start(ap, fmt);
	ok = attachment_vset(&a->target, fmt, ap);
	va_end(ap);
	return ok;
}

bool attach_add_pinned(struct attachment *a, const char *path)
{
	char *copy = strdup(path), **slot = copy ? VEC_PUSH(a->pinned, a->nr_pinned, a->pinned_cap)
						   : NULL;

	if (!slot) {
		free(copy);
		return false;
	}
	*slot = copy;
	return true;
}

void attach_clear(struct attachment *a)
{
	free(a->target);
	for (size_t i = 0; i < a->nr_pinned; i++)
		free(a->pinned[i]);
	free(a->pinned);
	for (size_t i = 0; i < a->nr_raw; i++)
		free(a->raw[i].str);
	memset(a, 0, sizeof(*a));
}

struct attachment attach_none[1];

void attach_free_array(struct attachment *v, size_t nr)
{
	if (v == attach_none)
		return;
	for (size_t i = 0; i < nr; i++)
		attach_clear(&v[i]);
	free(v);
}

static char *attachment_dup(const char *s, bool *ok)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*ok = false;
	return d;
}

int attach_copy(struct attachment *dst, const struct attachment *src)
{
	bool ok = true;

	*dst = *src;
	dst->target = attachment_dup(src->target, &ok);
	dst->pinned = NULL;
	dst->nr_pinned = dst->pinned_cap = 0;
	for (size_t i = 0; i < src->nr_raw; i++)
		dst->raw[i].str = attachment_dup(src->raw[i].str, &ok);
	if (src->nr_pinned && VEC_RESERVE(dst->pinned, dst->pinned_cap, src->nr_pinned))
		ok = false;
	for (size_t i = 0; dst->pinned && i < src->nr_pinned; i++)
		dst->pinned[dst->nr_pinned++] = attachment_dup(src->pinned[i], &ok);
	if (!ok) {
		attach_clear(dst);
		return -ENOMEM;
	}
	return 0;
}
