/* Short forms of attachments (see attach_short.h). */
#include "attach/attach_short.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "attach/attach_words.h"
#include "base/textwrap.h"
#include "progs/bpf_names.h"

/* ---- the facts ---- */

static const char *short_str(const struct attachment *a, const char *key)
{
	const struct attach_raw *r = attach_raw_find(a, key);

	return r && r->type == ATTACH_RAW_STR && r->str && r->str[0] ? r->str : NULL;
}

static bool short_u64(const struct attachment *a, const char *key, uint64_t *v)
{
	const struct attach_raw *r = attach_raw_find(a, key);

	if (!r || r->type == ATTACH_RAW_STR)
		return false;
	*v = r->type == ATTACH_RAW_S64 ? (uint64_t)r->s : r->u;
	return true;
}

static bool short_bool(const struct attachment *a, const char *key)
{
	uint64_t v = 0;

	return short_u64(a, key, &v) && v;
}

/* The word of the attach type --json gives ("cgroup_inet_egress" or, for
 * a number this bpfknobs has no name for, the number): "egress". */
static const char *short_attach_word(const struct attachment *a)
{
	const struct attach_raw *r = attach_raw_find(a, "attach_type");

	if (!r)
		return NULL;
	if (r->type != ATTACH_RAW_STR)
		return attach_type_word((uint32_t)r->u);
	for (uint32_t t = 0; t <= BPF_NAMES_LAST_ATTACH_TYPE; t++)
		if (r->str && !strcmp(r->str, bpf_names_attach_type(t)))
			return attach_type_word(t);
	return NULL;
}

/* The command of the process pid among p's owners: a socket or a perf
 * event the kernel does not describe is that process's. */
static const char *short_comm(const struct prog *p, const struct attachment *a)
{
	uint64_t pid;

	if (!short_u64(a, "pid", &pid))
		return NULL;
	for (size_t i = 0; i < p->nr_owners; i++)
		if ((uint64_t)p->owners[i].pid == pid && p->owners[i].comm[0])
			return p->owners[i].comm;
	return NULL;
}

/* "ingress" is "in", as tc filter show and bpftool net write it shortest */
static const char *short_direction(const char *word)
{
	if (!word)
		return "?";
	if (!strcmp(word, "ingress"))
		return "in";
	if (!strcmp(word, "egress"))
		return "out";
	return word;
}

static void short_interface(const struct attachment *a, struct attach_short *out)
{
	const char *name = short_str(a, "ifname");
	uint64_t ifindex;

	if (name)
		snprintf(out->subject, sizeof(out->subject), "%s", name);
	else if (short_u64(a, "ifindex", &ifindex))
		snprintf(out->subject, sizeof(out->subject), "ifindex %" PRIu64, ifindex);
	else /* a link whose device was deleted: it reports ifindex 0 */
		snprintf(out->subject, sizeof(out->subject), "(deleted)");
}

/* The last part of a path: a uprobe's file, named by the file */
static const char *short_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* NF_INET_* hooks (include/uapi/linux/netfilter.h), as nft's chains say
 * them short: the packet's way in, through, out */
static const char *short_nf_hook(uint64_t hook)
{
	static const char *const words[] = { "pre", "in", "fwd", "out", "post", "ingress" };

	return hook < sizeof(words) / sizeof(words[0]) ? words[hook] : NULL;
}

/* XDP's modes by the kernel's flag names (XDP_FLAGS_DRV_MODE,
 * XDP_FLAGS_SKB_MODE, XDP_FLAGS_HW_MODE); netlink's word is in "mode" */
static const char *short_xdp_mode(const char *mode)
{
	if (!mode)
		return "";
	if (!strcmp(mode, "driver"))
		return "drv";
	if (!strcmp(mode, "generic"))
		return "skb";
	if (!strcmp(mode, "offload"))
		return "hw";
	return mode;
}

static void short_probe(const struct attachment *a, const char *name, const char *what,
			struct attach_short *out)
{
	uint64_t off = 0, cnt = 0, addr = 0;

	if (name)
		snprintf(out->subject, sizeof(out->subject), "%s", name);
	else if (short_u64(a, "func_cnt", &cnt))
		snprintf(out->subject, sizeof(out->subject), "%" PRIu64 " %s%s", cnt, what,
			 cnt == 1 ? "" : "s");
	else if (short_u64(a, "addr", &addr) && addr)
		snprintf(out->subject, sizeof(out->subject), "0x%" PRIx64, addr);
	else
		snprintf(out->subject, sizeof(out->subject), "?");
	if (name && short_u64(a, "offset", &off) && off)
		snprintf(out->suffix, sizeof(out->suffix), "+0x%" PRIx64, off);
	if (name && short_u64(a, "func_cnt", &cnt) && cnt > 1)
		snprintf(out->tail, sizeof(out->tail), "%" PRIu64 " %ss", cnt, what);
}

void attach_short_parts(const struct prog *p, const struct attachment *a,
			struct attach_short *out)
{
	const char *word = short_attach_word(a), *s;
	uint64_t v = 0;

	memset(out, 0, sizeof(*out));
	switch (a->kind) {
	case ATTACH_XDP:
		snprintf(out->head, sizeof(out->head), "xdp");
		short_interface(a, out);
		snprintf(out->tail, sizeof(out->tail), "%s", short_xdp_mode(short_str(a, "mode")));
		return;
	case ATTACH_TC:
		snprintf(out->head, sizeof(out->head), "tc %s",
			 short_direction(short_str(a, "direction")));
		short_interface(a, out);
		return;
	case ATTACH_TCX:
		snprintf(out->head, sizeof(out->head), "tcx %s", short_direction(word));
		short_interface(a, out);
		return;
	case ATTACH_NETKIT:
		snprintf(out->head, sizeof(out->head), "netkit %s", word ? word : "?");
		short_interface(a, out);
		return;
	case ATTACH_CGROUP:
		snprintf(out->head, sizeof(out->head), "cg");
		if ((s = short_str(a, "cgroup_path"))) {
			snprintf(out->subject, sizeof(out->subject), "%s", s);
			out->path = true;
		} else if (short_u64(a, "cgroup_id", &v)) {
			snprintf(out->subject, sizeof(out->subject), "id %" PRIu64, v);
		}
		snprintf(out->tail, sizeof(out->tail), "%s", word ? word : "?");
		return;
	case ATTACH_NETNS:
	case ATTACH_SK_LOOKUP:
		snprintf(out->head, sizeof(out->head), "%s",
			 word ? word : a->kind == ATTACH_SK_LOOKUP ? "sk_lookup" : "netns");
		if (short_u64(a, "netns_ino", &v))
			snprintf(out->subject, sizeof(out->subject), "net:[%" PRIu64 "]", v);
		return;
	case ATTACH_NETFILTER: {
		const char *fam = short_u64(a, "pf", &v) ? attach_nf_family((uint32_t)v) : NULL;
		const char *hook = short_u64(a, "hook", &v) ? short_nf_hook(v) : NULL;

		snprintf(out->head, sizeof(out->head), "nf");
		snprintf(out->subject, sizeof(out->subject), "%s", fam ? fam : "?");
		snprintf(out->tail, sizeof(out->tail), "%s", hook ? hook : "?");
		return;
	}
	case ATTACH_TRACEPOINT:
		/* the event's name says enough in a column; its category
		 * ("syscalls:") is in the target */
		s = short_str(a, "tracepoint");
		snprintf(out->head, sizeof(out->head), "tp");
		snprintf(out->subject, sizeof(out->subject), "%s",
			 !s ? "?" : strchr(s, ':') ? strchr(s, ':') + 1 : s);
		return;
	case ATTACH_RAW_TRACEPOINT:
		s = short_str(a, "tp_name");
		snprintf(out->head, sizeof(out->head), "raw_tp");
		snprintf(out->subject, sizeof(out->subject), "%s", s ? s : "?");
		return;
	case ATTACH_KPROBE:
		snprintf(out->head, sizeof(out->head), "%s", short_bool(a, "retprobe") ? "kretp" : "kp");
		short_probe(a, short_str(a, "func"), "func", out);
		return;
	case ATTACH_UPROBE:
		s = short_str(a, "file");
		if (!s)
			s = short_str(a, "path");
		snprintf(out->head, sizeof(out->head), "%s", short_bool(a, "retprobe") ? "uretp" : "up");
		short_probe(a, s ? short_basename(s) : NULL, "offset", out);
		out->path = s != NULL;
		return;
	case ATTACH_PERF_EVENT: {
		uint64_t type, config;
		const char *ev = NULL;

		snprintf(out->head, sizeof(out->head), "perf");
		if (short_u64(a, "event_type", &type) && short_u64(a, "event_config", &config))
			ev = attach_perf_config((uint32_t)type, config);
		/* an event the kernel does not describe: whose it is (inferred, or
		 * named by bpfknobs' iterator) */
		if (!ev)
			ev = short_comm(p, a);
		snprintf(out->subject, sizeof(out->subject), "%s", ev ? ev : "?");
		return;
	}
	case ATTACH_TRACING:
	case ATTACH_LSM:
		/* freplace's attach type is 0 (bpf_tracing_prog_attach()), which is
		 * cgroup_inet_ingress's number */
		s = short_str(a, "attach_type");
		snprintf(out->head, sizeof(out->head), "%s",
			 a->kind == ATTACH_LSM ? "lsm"
			 : !word || (s && !strcmp(s, bpf_names_attach_type(0))) ? "freplace" : word);
		if ((s = short_str(a, "target_name")))
			snprintf(out->subject, sizeof(out->subject), "%s", s);
		else if (short_u64(a, "target_btf_id", &v))
			snprintf(out->subject, sizeof(out->subject), "BTF type %" PRIu64, v);
		return;
	case ATTACH_STRUCT_OPS: {
		const char *name = short_str(a, "name"), *member = short_str(a, "member");

		if (!name)
			name = short_str(a, "map_name");
		snprintf(out->head, sizeof(out->head), "ops");
		if (name && member)
			snprintf(out->subject, sizeof(out->subject), "%s.%s", name, member);
		else if (short_u64(a, "map_id", &v))
			snprintf(out->subject, sizeof(out->subject), "map %" PRIu64, v);
		return;
	}
	case ATTACH_ITER:
		s = short_str(a, "target_name");
		snprintf(out->head, sizeof(out->head), "iter");
		snprintf(out->subject, sizeof(out->subject), "%s", s ? s : "?");
		return;
	case ATTACH_SOCKMAP:
		snprintf(out->head, sizeof(out->head), "sockmap %s", word ? word : "?");
		if (short_u64(a, "map_id", &v))
			snprintf(out->subject, sizeof(out->subject), "map %" PRIu64, v);
		return;
	case ATTACH_SOCKET:
		s = short_comm(p, a);
		snprintf(out->head, sizeof(out->head), "socket");
		snprintf(out->subject, sizeof(out->subject), "%s", s ? s : "?");
		return;
	case ATTACH_UNKNOWN:
	case ATTACH__COUNT:
		break;
	}
	s = attach_link_type_name(a->link_type);
	snprintf(out->head, sizeof(out->head), "link");
	snprintf(out->subject, sizeof(out->subject), "%s", s ? s : "?");
}

/* ---- the fitting ---- */

/* The bytes of s's longest end that fits in cols columns. */
static size_t short_end_bytes(const char *s, int cols, bool utf8)
{
	size_t len = strlen(s), at = 0;
	int total = textwrap_width(s, utf8), skipped = 0;

	/* the end fits once the characters skipped leave at most cols */
	while (at < len && total - skipped > cols) {
		const char *out;
		size_t out_len;
		int w;

		at += textwrap_char(s + at, utf8, &out, &out_len, &w);
		skipped += w;
	}
	return len - at;
}

struct short_shape {
	const char *subject; /* NULL: none */
	size_t subject_len;
	const char *before;  /* the ellipsis before it, or "" */
	const char *middle;  /* the ellipsis inside it, or "": subject then end */
	const char *end;     /* the subject's end after the middle ellipsis */
	bool suffix, tail;
};

static int short_put(const struct attach_short *s, const struct short_shape *sh, const char *more,
		     bool utf8, char *buf, size_t size)
{
	bool subject = sh->subject_len || sh->before[0] || sh->middle[0];
	int n = snprintf(buf, size, "%s%s%s%.*s%s%s%s%s%s%s", s->head,
			 s->head[0] && subject ? " " : "", sh->before,
			 (int)sh->subject_len, sh->subject ? sh->subject : "", sh->middle, sh->end,
			 sh->suffix ? s->suffix : "", sh->tail && s->tail[0] ? " " : "",
			 sh->tail ? s->tail : "", more);

	if (n < 0)
		buf[0] = '\0';
	return textwrap_width(buf, utf8);
}

int attach_short_fit(const struct attach_short *s, const char *more, int width, bool utf8,
		     char *buf, size_t size)
{
	const char *ell = utf8 ? "\xe2\x80\xa6" : "...", *subj = s->subject[0] ? s->subject : NULL;
	const char *leaf = subj && s->path ? strrchr(subj, '/') : NULL;
	int ell_cols = utf8 ? 1 : 3, w, room;
	struct short_shape sh = { subj, subj ? strlen(subj) : 0, "", "", "", true, true };
	size_t n;

	/* whole */
	w = short_put(s, &sh, more, utf8, buf, size);
	if (width <= 0 || w <= width)
		return w;
	/* a path's leaf: "…/sshd.service" (a leading '/' alone gains nothing) */
	if (leaf && leaf > subj) {
		sh.before = ell;
		sh.subject = leaf;
		sh.subject_len = strlen(leaf);
		if ((w = short_put(s, &sh, more, utf8, buf, size)) <= width)
			return w;
	}
	/* without the suffix ("+0x2df0") */
	if (s->suffix[0]) {
		sh.suffix = false;
		if ((w = short_put(s, &sh, more, utf8, buf, size)) <= width)
			return w;
	}
	/* the subject cut: a path keeps its end, a name both ends; without
	 * the tail only where not one character of the subject fits with it */
	for (int with_tail = 1; subj && with_tail >= 0; with_tail--) {
		struct short_shape bare = sh;

		bare.tail = with_tail;
		bare.subject_len = 0;
		bare.before = "";
		room = width - short_put(s, &bare, more, utf8, buf, size) - ell_cols -
		       (s->head[0] ? 1 : 0);
		if (room < 1)
			continue;
		if (s->path) {
			n = short_end_bytes(leaf ? leaf + 1 : subj, room, utf8);
			bare.before = ell;
			bare.subject = (leaf ? leaf + 1 : subj) + strlen(leaf ? leaf + 1 : subj) - n;
			bare.subject_len = n;
		} else {
			size_t head = textwrap_prefix(subj, room - room / 2, utf8);

			bare.subject = subj;
			bare.subject_len = head;
			bare.middle = ell;
			bare.end = subj + strlen(subj) - short_end_bytes(subj + head, room / 2, utf8);
		}
		if ((w = short_put(s, &bare, more, utf8, buf, size)) <= width)
			return w;
	}
	/* nothing shorter keeps the words: cut at the end */
	sh.tail = true;
	short_put(s, &sh, more, utf8, buf, size);
	if (width <= ell_cols) {
		buf[textwrap_prefix(buf, width, utf8)] = '\0';
		return textwrap_width(buf, utf8);
	}
	n = textwrap_prefix(buf, width - ell_cols, utf8);
	if (n + strlen(ell) < size)
		memcpy(buf + n, ell, strlen(ell) + 1);
	return textwrap_width(buf, utf8);
}

int attach_short_prog(const struct prog *p, int width, bool utf8, char *buf, size_t size,
		      bool *attached)
{
	struct attach_short s;
	char more[32] = "";

	*attached = false;
	if (!p->attachments || (!p->nr_attachments && p->holder_unknown)) {
		snprintf(buf, size, "?");
		return 1;
	}
	if (!p->nr_attachments) {
		snprintf(buf, size, "-");
		return 1;
	}
	*attached = true;
	if (p->nr_attachments > 1)
		snprintf(more, sizeof(more), " +%zu", p->nr_attachments - 1);
	attach_short_parts(p, &p->attachments[0], &s);
	return attach_short_fit(&s, more, width, utf8, buf, size);
}
