/* XDP and classic tc, the two hooks only netlink tells about
 * (BPF_PROG_QUERY does not cover them): RTM_GETLINK's IFLA_XDP for XDP
 * with its mode (rtnl_xdp_fill() in net/core/rtnetlink.c), and cls_bpf
 * filters (cls_bpf_dump() in net/sched/cls_bpf.c) on the clsact and
 * ingress qdiscs, found by one RTM_GETQDISC dump. Filters of classful
 * qdiscs (htb classes) and act_bpf actions are not read. */
#include "attach/attach_sources.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "base/vec.h"

#define NETLINK_BUF 65536

typedef int attach_netlink_fn(const struct nlmsghdr *h, void *arg);

/* Sends req (a dump request) and calls fn for every answer. */
static int attach_netlink_dump(void *req, size_t len, attach_netlink_fn *fn, void *arg)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct nlmsghdr *req_h = req;
	char *buf = malloc(NETLINK_BUF);
	int fd, err = 0;
	bool done = false;

	if (!buf)
		return -ENOMEM;
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0) {
		free(buf);
		return -errno;
	}
	req_h->nlmsg_len = (uint32_t)len;
	req_h->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req_h->nlmsg_seq = 1;
	if (sendto(fd, req, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		err = -errno;
	while (!err && !done) {
		ssize_t got = recv(fd, buf, NETLINK_BUF, 0);
		size_t n = got > 0 ? (size_t)got : 0; /* NLMSG_NEXT() counts it down */
		struct nlmsghdr *h;

		if (got < 0) {
			err = errno == EINTR ? 0 : -errno;
			continue;
		}
		for (h = (struct nlmsghdr *)buf; !err && NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_type == NLMSG_DONE) {
				done = true;
				break;
			}
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				err = e->error;
				break;
			}
			err = fn(h, arg);
		}
		if (got == 0)
			done = true;
	}
	close(fd);
	free(buf);
	return err;
}

/* The attributes of a message after a header of hdr bytes, by type. */
static void attach_netlink_attrs(const struct nlmsghdr *h, size_t hdr, const struct rtattr **tb,
				 int max)
{
	const struct rtattr *a = (const struct rtattr *)((const char *)NLMSG_DATA(h) +
							 NLMSG_ALIGN(hdr));
	int len = (int)h->nlmsg_len - (int)NLMSG_LENGTH(hdr);

	memset(tb, 0, (size_t)(max + 1) * sizeof(*tb));
	/* nested attributes carry NLA_F_NESTED in their type */
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) <= max)
			tb[a->rta_type & NLA_TYPE_MASK] = a;
}

static void attach_netlink_nested(const struct rtattr *nest, const struct rtattr **tb, int max)
{
	const struct rtattr *a = RTA_DATA(nest);
	int len = (int)RTA_PAYLOAD(nest);

	memset(tb, 0, (size_t)(max + 1) * sizeof(*tb));
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if ((a->rta_type & NLA_TYPE_MASK) <= max)
			tb[a->rta_type & NLA_TYPE_MASK] = a;
}

static uint32_t attach_netlink_u32(const struct rtattr *a)
{
	uint32_t v = 0;

	if (a && RTA_PAYLOAD(a) >= sizeof(v))
		memcpy(&v, RTA_DATA(a), sizeof(v));
	return v;
}

/* a string attribute, NUL-terminated within its payload or "" */
static const char *attach_netlink_str(const struct rtattr *a)
{
	if (!a || !RTA_PAYLOAD(a) || ((const char *)RTA_DATA(a))[RTA_PAYLOAD(a) - 1])
		return "";
	return RTA_DATA(a);
}

/* Dumps every interface of this network namespace (RTM_GETLINK) and calls
 * fn for each answer. */
static int attach_netlink_links(attach_netlink_fn *fn, void *arg)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
		struct rtattr ext;
		uint32_t ext_mask;
	} req;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = RTM_GETLINK;
	req.ifi.ifi_family = AF_UNSPEC;
	/* no statistics: a tenth of the bytes per interface */
	req.ext.rta_type = IFLA_EXT_MASK;
	req.ext.rta_len = RTA_LENGTH(sizeof(uint32_t));
	req.ext_mask = RTEXT_FILTER_SKIP_STATS;
	return attach_netlink_dump(&req, sizeof(req), fn, arg);
}

/* ---- XDP ---- */

struct attach_netlink_xdp_ctx {
	struct attach_namer *namer;
	struct attach_set *out;
};

static int attach_netlink_xdp_one(struct attach_set *out, uint32_t ifindex, const char *ifname,
				  uint32_t prog_id, const char *mode)
{
	struct attachment a = { .kind = ATTACH_XDP, .prog_id = prog_id };
	bool ok;

	/* bpftool net show's words: driver, generic, offload */
	ok = attach_set_target(&a, "%s (ifindex %" PRIu32 "), %s mode", ifname, ifindex,
			       !strcmp(mode, "generic") ? "generic" : !strcmp(mode, "offload")
									? "offloaded"
									: "driver") &&
	     attach_raw_u64(&a, "ifindex", ifindex) &&
	     attach_raw_str(&a, "ifname", ifname) && attach_raw_str(&a, "mode", mode);
	if (!ok) {
		attach_clear(&a);
		return -ENOMEM;
	}
	return attach_set_push(out, &a);
}

static int attach_netlink_xdp_msg(const struct nlmsghdr *h, void *arg)
{
	struct attach_netlink_xdp_ctx *c = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *tb[IFLA_MAX + 1], *xdp[IFLA_XDP_MAX + 1];
	const char *name;
	uint8_t attached = 0;
	uint32_t ifindex;
	int err;

	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	ifindex = (uint32_t)ifi->ifi_index;
	attach_netlink_attrs(h, sizeof(*ifi), tb, IFLA_MAX);
	name = attach_netlink_str(tb[IFLA_IFNAME]);
	err = attach_namer_set_ifname(c->namer, ifindex, name);
	if (err || !tb[IFLA_XDP])
		return err;
	attach_netlink_nested(tb[IFLA_XDP], xdp, IFLA_XDP_MAX);
	if (xdp[IFLA_XDP_ATTACHED] && RTA_PAYLOAD(xdp[IFLA_XDP_ATTACHED]) >= 1)
		attached = *(const uint8_t *)RTA_DATA(xdp[IFLA_XDP_ATTACHED]);
	switch (attached) {
	case XDP_ATTACHED_DRV:
		return attach_netlink_xdp_one(c->out, ifindex, name,
					      attach_netlink_u32(xdp[IFLA_XDP_PROG_ID]), "driver");
	case XDP_ATTACHED_SKB:
		return attach_netlink_xdp_one(c->out, ifindex, name,
					      attach_netlink_u32(xdp[IFLA_XDP_PROG_ID]), "generic");
	case XDP_ATTACHED_HW:
		return attach_netlink_xdp_one(c->out, ifindex, name,
					      attach_netlink_u32(xdp[IFLA_XDP_PROG_ID]), "offload");
	case XDP_ATTACHED_MULTI:
		/* one program per mode (rtnl_xdp_fill()) */
		if (xdp[IFLA_XDP_DRV_PROG_ID])
			err = attach_netlink_xdp_one(c->out, ifindex, name,
						     attach_netlink_u32(xdp[IFLA_XDP_DRV_PROG_ID]),
						     "driver");
		if (!err && xdp[IFLA_XDP_SKB_PROG_ID])
			err = attach_netlink_xdp_one(c->out, ifindex, name,
						     attach_netlink_u32(xdp[IFLA_XDP_SKB_PROG_ID]),
						     "generic");
		if (!err && xdp[IFLA_XDP_HW_PROG_ID])
			err = attach_netlink_xdp_one(c->out, ifindex, name,
						     attach_netlink_u32(xdp[IFLA_XDP_HW_PROG_ID]),
						     "offload");
		return err;
	default:
		return 0;
	}
}

int attach_netlink_xdp(struct attach_namer *namer, struct attach_set *out)
{
	struct attach_netlink_xdp_ctx c = { namer, out };

	attach_namer_forget_ifnames(namer);
	return attach_netlink_links(attach_netlink_xdp_msg, &c);
}

/* ---- classic tc ---- */

struct attach_netlink_qdisc {
	uint32_t ifindex;
	bool clsact; /* else the ingress qdisc */
};

struct attach_netlink_qdiscs {
	struct attach_netlink_qdisc *v;
	size_t nr, cap;
	const uint32_t *ifindexes;
	size_t nr_ifindexes;
};

static int attach_netlink_qdisc_msg(const struct nlmsghdr *h, void *arg)
{
	struct attach_netlink_qdiscs *q = arg;
	const struct tcmsg *t = NLMSG_DATA(h);
	const struct rtattr *tb[TCA_MAX + 1];
	struct attach_netlink_qdisc *qdisc;
	const char *kind;

	if (h->nlmsg_type != RTM_NEWQDISC || h->nlmsg_len < NLMSG_LENGTH(sizeof(*t)))
		return 0;
	attach_netlink_attrs(h, sizeof(*t), tb, TCA_MAX);
	kind = attach_netlink_str(tb[TCA_KIND]);
	if (strcmp(kind, "clsact") && strcmp(kind, "ingress"))
		return 0;
	qdisc = VEC_PUSH(q->v, q->nr, q->cap);
	if (!qdisc)
		return -ENOMEM;
	qdisc->ifindex = (uint32_t)t->tcm_ifindex;
	qdisc->clsact = !strcmp(kind, "clsact");
	return 0;
}

struct attach_netlink_tc_ctx {
	const struct attach_names *names;
	uint32_t ifindex;
	const char *dir, *qdisc;
	struct attach_set *out;
};

static int attach_netlink_filter_msg(const struct nlmsghdr *h, void *arg)
{
	struct attach_netlink_tc_ctx *c = arg;
	const struct tcmsg *t = NLMSG_DATA(h);
	const struct rtattr *tb[TCA_MAX + 1], *opt[TCA_BPF_MAX + 1];
	struct attachment a = { .kind = ATTACH_TC };
	char ifname[64], iftext[96];
	uint32_t prio, flags;
	bool ok, da;

	if (h->nlmsg_type != RTM_NEWTFILTER || h->nlmsg_len < NLMSG_LENGTH(sizeof(*t)))
		return 0;
	attach_netlink_attrs(h, sizeof(*t), tb, TCA_MAX);
	if (strcmp(attach_netlink_str(tb[TCA_KIND]), "bpf") || !tb[TCA_OPTIONS])
		return 0;
	attach_netlink_nested(tb[TCA_OPTIONS], opt, TCA_BPF_MAX);
	if (!opt[TCA_BPF_ID])
		return 0; /* a classic BPF filter (TCA_BPF_OPS): no program id */
	a.prog_id = attach_netlink_u32(opt[TCA_BPF_ID]);
	prio = TC_H_MAJ(t->tcm_info) >> 16;
	flags = attach_netlink_u32(opt[TCA_BPF_FLAGS]);
	da = flags & TCA_BPF_FLAG_ACT_DIRECT;
	if (!c->names->ifname || !c->names->ifname(c->names->ctx, c->ifindex, ifname,
						       sizeof(ifname)))
		snprintf(ifname, sizeof(ifname), "ifindex %" PRIu32, c->ifindex);
	snprintf(iftext, sizeof(iftext), "%s (ifindex %" PRIu32 ")", ifname, c->ifindex);
	ok = attach_set_target(&a, "%s, %s, priority %" PRIu32 ", handle 0x%" PRIx32 "%s", iftext,
			       c->dir, prio, t->tcm_handle, da ? ", direct-action" : "") &&
	     attach_raw_u64(&a, "ifindex", c->ifindex) && attach_raw_str(&a, "ifname", ifname) &&
	     attach_raw_str(&a, "qdisc", c->qdisc) && attach_raw_str(&a, "direction", c->dir) &&
	     attach_raw_u64(&a, "prio", prio) && attach_raw_u64(&a, "handle", t->tcm_handle) &&
	     attach_raw_bool(&a, "direct_action", da) &&
	     attach_raw_str(&a, "name", attach_netlink_str(opt[TCA_BPF_NAME]));
	if (!ok) {
		attach_clear(&a);
		return -ENOMEM;
	}
	return attach_set_push(c->out, &a);
}

static int attach_netlink_filters(struct attach_netlink_tc_ctx *c, uint32_t parent)
{
	struct {
		struct nlmsghdr h;
		struct tcmsg t;
	} req;
	int err;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = RTM_GETTFILTER;
	req.t.tcm_family = AF_UNSPEC;
	req.t.tcm_ifindex = (int)c->ifindex;
	req.t.tcm_parent = parent;
	err = attach_netlink_dump(&req, sizeof(req), attach_netlink_filter_msg, c);
	/* an interface gone meanwhile, or a hook without filters */
	return err == -ENOMEM ? err : 0;
}

int attach_netlink_tc(const struct attach_names *names, const uint32_t *ifindexes, size_t nr,
		      struct attach_set *out)
{
	struct {
		struct nlmsghdr h;
		struct tcmsg t;
	} req;
	struct attach_netlink_qdiscs q = { .ifindexes = ifindexes, .nr_ifindexes = nr };
	int err;

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_type = RTM_GETQDISC;
	req.t.tcm_family = AF_UNSPEC;
	err = attach_netlink_dump(&req, sizeof(req), attach_netlink_qdisc_msg, &q);
	for (size_t i = 0; !err && i < q.nr; i++) {
		struct attach_netlink_tc_ctx c = { names, q.v[i].ifindex, "ingress",
						   q.v[i].clsact ? "clsact" : "ingress", out };

		/* clsact's two blocks by minor (clsact_find()); the ingress
		 * qdisc has one block, whatever the minor */
		err = attach_netlink_filters(&c, TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS));
		if (!err && q.v[i].clsact) {
			c.dir = "egress";
			err = attach_netlink_filters(&c, TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_EGRESS));
		}
	}
	free(q.v);
	return err;
}

/* ---- the interfaces ---- */

struct attach_netlink_ifindexes {
	uint32_t *v;
	size_t nr, cap;
};

static int attach_netlink_index_msg(const struct nlmsghdr *h, void *arg)
{
	struct attach_netlink_ifindexes *l = arg;
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	uint32_t *ifindex;

	if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(*ifi)))
		return 0;
	ifindex = VEC_PUSH(l->v, l->nr, l->cap);
	if (!ifindex)
		return -ENOMEM;
	*ifindex = (uint32_t)ifi->ifi_index;
	return 0;
}

int attach_netlink_ifindexes(uint32_t **out, size_t *nr)
{
	struct attach_netlink_ifindexes l = { 0 };
	int err = attach_netlink_links(attach_netlink_index_msg, &l);

	if (err) {
		free(l.v);
		l = (struct attach_netlink_ifindexes){ 0 };
	}
	*out = l.v;
	*nr = l.nr;
	return err;
}
