/* Unit tests of core/reach/ and the mountinfo parser it reads delegations
 * with: the gate each refusal is put down to, from made-up evidence (the
 * verdicts of each identity, the knob, lockdown, the build); the delegate_*
 * values bpffs writes; lockdown's file; what a plain user could load at a
 * value of the knob; and, as root on the running kernel, that the token
 * probes of reach_token.c load what libbpf's probes load. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "base/mounts.h"
#include "lib/fixture.h"
#include "reach/reach_gates.h"
#include "reach/reach_probe.h"
#include "reach/reach_text.h"
#include "reach/reach_token.h"

/* Index of a program or map type, as reach.h counts them (type - 1). */
#define P(t) ((size_t)(BPF_PROG_TYPE_##t) - 1)
#define M(t) ((size_t)(BPF_MAP_TYPE_##t) - 1)

static void test_mountinfo_line(void **state)
{
	char line[] = "68 47 0:40 / /run/my\\040bpf rw,relatime shared:7 - bpf none "
		      "rw,uid=3000000,delegate_cmds=prog_load:map_create,delegate_progs=xdp\n";
	char bad[] = "68 47 0:40 / /run/x rw,relatime\n";
	struct mount_entry e;
	char value[64];

	(void)state;
	assert_int_equal(mounts_parse_line(line, &e), 0);
	assert_string_equal(e.point, "/run/my bpf");
	assert_string_equal(e.options, "rw,relatime");
	assert_string_equal(e.fstype, "bpf");
	assert_string_equal(e.source, "none");
	assert_true(mounts_option(e.super_options, "delegate_cmds", value, sizeof(value)));
	assert_string_equal(value, "prog_load:map_create");
	assert_true(mounts_option(e.super_options, "rw", value, sizeof(value)));
	assert_string_equal(value, "");
	/* a name that only starts another's is not it */
	assert_false(mounts_option(e.super_options, "delegate", value, sizeof(value)));
	assert_false(mounts_option(e.super_options, "delegate_maps", value, sizeof(value)));
	assert_int_equal(mounts_parse_line(bad, &e), -EINVAL);
}

static void test_mountinfo_file(void **state)
{
	struct mount_entry *v;
	struct fixture fx;
	char path[PATH_MAX];
	size_t nr;

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "mountinfo",
		      "22 27 0:21 / /proc rw,relatime - proc proc rw\n"
		      "garbage without a separator\n"
		      "40 22 0:30 / /sys/fs/bpf rw,nosuid - bpf bpf rw,mode=700\n"
		      "41 22 0:31 / /c/bpf rw - bpf none rw,delegate_cmds=any\n", (size_t)-1);
	fixture_path(&fx, "mountinfo", path, sizeof(path));
	assert_int_equal(mounts_read(path, "bpf", &v, &nr), 0);
	assert_int_equal(nr, 2);
	assert_string_equal(v[0].point, "/sys/fs/bpf");
	assert_string_equal(v[1].super_options, "rw,delegate_cmds=any");
	mounts_entries_free(v, nr);
	assert_int_equal(mounts_read(path, NULL, &v, &nr), 0);
	assert_int_equal(nr, 3);
	mounts_entries_free(v, nr);
	fixture_path(&fx, "absent", path, sizeof(path));
	assert_int_equal(mounts_read(path, "bpf", &v, &nr), -ENOENT);
	fixture_free(&fx);
}

static void test_delegate_values(void **state)
{
	struct reach_delegation d;
	int unknown;

	(void)state;
	assert_int_equal(reach_delegate_mask("prog_load:map_create", REACH_DELEGATE_CMDS, &unknown),
			 (1ULL << BPF_PROG_LOAD) | (1ULL << BPF_MAP_CREATE));
	assert_int_equal(unknown, 0);
	assert_int_equal(reach_delegate_mask("xdp:socket_filter", REACH_DELEGATE_PROGS, &unknown),
			 (1ULL << BPF_PROG_TYPE_XDP) | (1ULL << BPF_PROG_TYPE_SOCKET_FILTER));
	assert_int_equal(reach_delegate_mask("hash", REACH_DELEGATE_MAPS, &unknown),
			 1ULL << BPF_MAP_TYPE_HASH);
	assert_int_equal(reach_delegate_mask("cgroup_inet_ingress", REACH_DELEGATE_ATTACHS, &unknown),
			 1ULL << BPF_CGROUP_INET_INGRESS);
	assert_true(reach_delegate_mask("any", REACH_DELEGATE_ATTACHS, &unknown) == ~0ULL);
	assert_int_equal(reach_delegate_mask("0x21", REACH_DELEGATE_CMDS, &unknown), 0x21);
	/* bits the kernel has no name for come as hex among the names */
	assert_int_equal(reach_delegate_mask("xdp:0x8000000000", REACH_DELEGATE_PROGS, &unknown),
			 (1ULL << BPF_PROG_TYPE_XDP) | 0x8000000000ULL);
	assert_int_equal(reach_delegate_mask("xdp:no_such_type", REACH_DELEGATE_PROGS, &unknown),
			 1ULL << BPF_PROG_TYPE_XDP);
	assert_int_equal(unknown, 1);

	memset(&d, 0, sizeof(d));
	assert_int_equal(reach_delegation_parse(&d, "rw,mode=700"), 0);
	assert_int_equal(reach_delegation_parse(&d, "rw,delegate_cmds=prog_load,delegate_progs=xdp,"
						    "delegate_attachs=any"), 1);
	assert_string_equal(d.cmds, "prog_load");
	assert_string_equal(d.maps, "");
	/* xdp loads with the token (any attach type), socket_filter does not;
	 * no map: map_create is not delegated */
	assert_true(reach_delegates_prog(&d, P(XDP)));
	assert_false(reach_delegates_prog(&d, P(SOCKET_FILTER)));
	assert_false(reach_delegates_map(&d, M(HASH)));
	/* the probe's attach type must be delegated too: socket_filter loads
	 * with BPF_CGROUP_INET_INGRESS (0), cgroup_sock_addr with INET4_CONNECT */
	reach_delegation_parse(&d, "delegate_cmds=prog_load:map_create,delegate_maps=hash:sk_storage,"
			       "delegate_progs=socket_filter:cgroup_sock_addr,"
			       "delegate_attachs=cgroup_inet_ingress");
	assert_true(reach_delegates_prog(&d, P(SOCKET_FILTER)));
	assert_false(reach_delegates_prog(&d, P(CGROUP_SOCK_ADDR)));
	assert_true(reach_delegates_map(&d, M(HASH)));
	/* sk_storage's probe loads BTF first: btf_load must be delegated */
	assert_false(reach_delegates_map(&d, M(SK_STORAGE)));
}

static void test_lockdown_file(void **state)
{
	(void)state;
	assert_int_equal(reach_gates_parse_lockdown("[none] integrity confidentiality\n"),
			 REACH_LOCKDOWN_NONE);
	assert_int_equal(reach_gates_parse_lockdown("none [integrity] confidentiality\n"),
			 REACH_LOCKDOWN_INTEGRITY);
	assert_int_equal(reach_gates_parse_lockdown("none integrity [confidentiality]\n"),
			 REACH_LOCKDOWN_CONFIDENTIALITY);
	assert_int_equal(reach_gates_parse_lockdown("garbage"), REACH_LOCKDOWN_UNKNOWN);
}

/* A made-up probe: every identity probed, every type loading, knob 2. */
static struct reach *reach_made_up(void)
{
	static const struct {
		enum reach_who who;
		unsigned caps;
	} ids[] = {
		{ REACH_SELF, REACH_CAP_ALL },
		{ REACH_ROOT, REACH_CAP_ALL },
		{ REACH_AGENT, REACH_CAP_BPF | REACH_CAP_PERFMON | REACH_CAP_NET_ADMIN },
		{ REACH_CAP_BPF_ONLY, REACH_CAP_BPF },
		{ REACH_USER, 0 },
		{ REACH_USERNS, 0 },
		{ REACH_AUX_NET_ADMIN, REACH_CAP_BPF | REACH_CAP_NET_ADMIN },
		{ REACH_AUX_PERFMON, REACH_CAP_BPF | REACH_CAP_PERFMON },
	};
	struct reach *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->state = REACH_DONE;
	r->nr_prog_types = (size_t)BPF_PROG_TYPE_SYSCALL;
	r->nr_map_types = (size_t)BPF_MAP_TYPE_USER_RINGBUF;
	r->gates.knob = 2;
	r->gates.lockdown = REACH_LOCKDOWN_NONE;
	for (int i = 0; i < KCONFIG__COUNT; i++)
		r->kconfig.opt[i] = KCONFIG_YES;
	for (size_t k = 0; k < sizeof(ids) / sizeof(ids[0]); k++) {
		struct reach_identity *id = &r->ids[r->nr_ids++];

		id->who = ids[k].who;
		id->caps = ids[k].caps;
		id->probed = true;
		id->delegation = -1;
		for (size_t i = 0; i < REACH_MAX_TYPES; i++)
			id->prog[i].loads = id->map[i].loads = 1;
	}
	r->nr_shown = 6;
	return r;
}

static struct reach_identity *who(struct reach *r, enum reach_who w)
{
	return (struct reach_identity *)reach_find(r, w);
}

static void refuse(struct reach_verdict *v, int err)
{
	v->loads = 0;
	v->err = (int16_t)err;
}

static void test_gates_of_root_refusals(void **state)
{
	struct reach *r = reach_made_up();

	(void)state;
	/* not built: root too gets EINVAL, and the build says so; a plain
	 * user meets the knob first (EPERM) */
	for (size_t k = 0; k < r->nr_ids; k++)
		refuse(&r->ids[k].prog[P(LIRC_MODE2)], EINVAL);
	refuse(&who(r, REACH_USER)->prog[P(LIRC_MODE2)], EPERM);
	r->kconfig.opt[KCONFIG_BPF_LIRC_MODE2] = KCONFIG_NOT_SET;
	/* the errno libbpf 1.1's probe takes for a tracing type that exists */
	for (size_t k = 0; k < r->nr_ids; k++)
		refuse(&r->ids[k].prog[P(TRACING)], EINVAL);
	/* root refused with EPERM: a policy, never lockdown (it refuses helpers) */
	for (size_t k = 0; k < r->nr_ids; k++)
		refuse(&r->ids[k].prog[P(LSM)], EPERM);
	/* an EINVAL with no build option to blame */
	for (size_t k = 0; k < r->nr_ids; k++)
		refuse(&r->ids[k].prog[P(SK_LOOKUP)], EINVAL);
	reach_attribute(r);

	assert_int_equal(who(r, REACH_ROOT)->prog[P(LIRC_MODE2)].gate, REACH_GATE_NOT_BUILT_IN);
	assert_int_equal(who(r, REACH_ROOT)->prog[P(LIRC_MODE2)].opt, KCONFIG_BPF_LIRC_MODE2);
	assert_false(who(r, REACH_ROOT)->prog[P(LIRC_MODE2)].ambiguous);
	/* an agent's EINVAL is root's: no capability check answers EINVAL */
	assert_int_equal(who(r, REACH_AGENT)->prog[P(LIRC_MODE2)].gate, REACH_GATE_NOT_BUILT_IN);
	assert_false(who(r, REACH_AGENT)->prog[P(LIRC_MODE2)].ambiguous);
	assert_int_equal(who(r, REACH_ROOT)->prog[P(TRACING)].gate, REACH_GATE_PROBE);
	assert_int_equal(who(r, REACH_ROOT)->prog[P(LSM)].gate, REACH_GATE_LSM);
	assert_true(who(r, REACH_ROOT)->prog[P(LSM)].ambiguous);
	/* cap_bpf lacks CAP_PERFMON, which the kernel checks before: either */
	assert_int_equal(who(r, REACH_CAP_BPF_ONLY)->prog[P(LSM)].gate, REACH_GATE_LSM);
	assert_true(who(r, REACH_CAP_BPF_ONLY)->prog[P(LSM)].ambiguous);
	assert_int_equal(who(r, REACH_ROOT)->prog[P(SK_LOOKUP)].gate, REACH_GATE_NOT_BUILT_IN);
	assert_true(who(r, REACH_ROOT)->prog[P(SK_LOOKUP)].ambiguous);
	/* the knob speaks first for a plain user */
	assert_int_equal(who(r, REACH_USER)->prog[P(LIRC_MODE2)].gate, REACH_GATE_KNOB);

	r->gates.lockdown = REACH_LOCKDOWN_INTEGRITY;
	reach_attribute(r);
	assert_int_equal(who(r, REACH_ROOT)->prog[P(LSM)].gate, REACH_GATE_LSM);
	assert_true(who(r, REACH_ROOT)->prog[P(LSM)].ambiguous);
	free(r);
}

static void test_gates_of_capabilities_and_knob(void **state)
{
	struct reach *r = reach_made_up();
	char text[512];

	(void)state;
	/* xdp: CAP_BPF and CAP_NET_ADMIN; kprobe: CAP_BPF and CAP_PERFMON */
	refuse(&who(r, REACH_CAP_BPF_ONLY)->prog[P(XDP)], EPERM);
	refuse(&who(r, REACH_AUX_PERFMON)->prog[P(XDP)], EPERM);
	refuse(&who(r, REACH_CAP_BPF_ONLY)->prog[P(KPROBE)], EPERM);
	refuse(&who(r, REACH_AUX_NET_ADMIN)->prog[P(KPROBE)], EPERM);
	for (size_t i = 0; i < REACH_MAX_TYPES; i++) {
		refuse(&who(r, REACH_USER)->prog[i], EPERM);
		refuse(&who(r, REACH_USERNS)->prog[i], EPERM);
	}
	reach_attribute(r);
	assert_int_equal(who(r, REACH_CAP_BPF_ONLY)->prog[P(XDP)].gate, REACH_GATE_CAPABILITY);
	assert_int_equal(who(r, REACH_CAP_BPF_ONLY)->prog[P(XDP)].needs, REACH_CAP_NET_ADMIN);
	assert_false(who(r, REACH_CAP_BPF_ONLY)->prog[P(XDP)].ambiguous);
	assert_int_equal(who(r, REACH_CAP_BPF_ONLY)->prog[P(KPROBE)].needs, REACH_CAP_PERFMON);
	reach_why_text(r, who(r, REACH_CAP_BPF_ONLY), true, P(XDP), text, sizeof(text));
	assert_string_equal(text, "needs CAP_NET_ADMIN (EPERM)");
	/* knob 2: the knob refuses a plain user everything */
	assert_int_equal(who(r, REACH_USER)->prog[P(SOCKET_FILTER)].gate, REACH_GATE_KNOB);
	assert_int_equal(who(r, REACH_USER)->prog[P(XDP)].gate, REACH_GATE_KNOB);
	assert_int_equal(who(r, REACH_USERNS)->prog[P(XDP)].gate, REACH_GATE_KNOB);
	reach_why_text(r, who(r, REACH_USER), true, P(XDP), text, sizeof(text));
	assert_string_equal(text, "unprivileged_bpf_disabled=2 refuses every program load and map "
			    "creation without CAP_BPF (EPERM)");

	/* knob 0: a plain user loads socket_filter; xdp then needs
	 * CAP_BPF and CAP_NET_ADMIN, the first identity with more that loads it */
	r->gates.knob = 0;
	who(r, REACH_USER)->prog[P(SOCKET_FILTER)].loads = 1;
	reach_attribute(r);
	assert_int_equal(who(r, REACH_USER)->prog[P(SOCKET_FILTER)].gate, REACH_GATE_NONE);
	assert_int_equal(who(r, REACH_USER)->prog[P(XDP)].gate, REACH_GATE_CAPABILITY);
	assert_int_equal(who(r, REACH_USER)->prog[P(XDP)].needs,
			 REACH_CAP_BPF | REACH_CAP_NET_ADMIN);
	assert_int_equal(who(r, REACH_USER)->prog[P(SYSCALL)].needs, REACH_CAP_BPF);

	/* the knob moved while probing: the verdicts are not to be trusted */
	r->gates.knob = 2;
	r->gates.knob_moved = true;
	reach_attribute(r);
	assert_true(who(r, REACH_USER)->prog[P(XDP)].ambiguous);

	/* root not probed: the knob still explains a plain user, a capability
	 * cap_bpf, but which one is not known */
	r->gates.knob_moved = false;
	who(r, REACH_ROOT)->probed = false;
	reach_attribute(r);
	assert_int_equal(who(r, REACH_USER)->prog[P(XDP)].gate, REACH_GATE_KNOB);
	assert_int_equal(who(r, REACH_CAP_BPF_ONLY)->prog[P(XDP)].gate, REACH_GATE_CAPABILITY);
	free(r);
}

static void test_gates_of_tokens(void **state)
{
	struct reach *r = reach_made_up();
	struct reach_identity *tok = &r->ids[r->nr_ids++], *bad = &r->ids[r->nr_ids++];
	char text[512];

	(void)state;
	memset(tok, 0, sizeof(*tok));
	tok->who = REACH_USERNS_TOKEN;
	tok->probed = true;
	tok->delegation = 0;
	*bad = *tok;
	bad->token_error = -EPERM;
	r->nr_shown = r->nr_ids;
	r->gates.nr_delegations = 1;
	reach_delegation_parse(&r->gates.delegations[0], "delegate_cmds=prog_load,"
			       "delegate_progs=xdp,delegate_attachs=any");
	snprintf(r->gates.delegations[0].mount_point, sizeof(r->gates.delegations[0].mount_point),
		 "/run/c/bpf");
	for (size_t i = 0; i < REACH_MAX_TYPES; i++) {
		refuse(&tok->prog[i], EPERM);
		refuse(&tok->map[i], EPERM);
		refuse(&bad->prog[i], EPERM);
		refuse(&who(r, REACH_USERNS)->prog[i], EPERM);
	}
	tok->prog[P(XDP)].loads = 1;
	reach_attribute(r);
	assert_int_equal(tok->prog[P(XDP)].gate, REACH_GATE_NONE);
	assert_int_equal(tok->prog[P(SOCKET_FILTER)].gate, REACH_GATE_TOKEN);
	assert_int_equal(tok->map[M(HASH)].gate, REACH_GATE_TOKEN);
	reach_why_text(r, tok, true, P(SOCKET_FILTER), text, sizeof(text));
	assert_string_equal(text, "the token does not delegate it (delegate_cmds=prog_load, "
			    "delegate_progs=xdp, delegate_attachs=any), so the host's checks apply "
			    "(EPERM)");
	assert_int_equal(bad->prog[P(XDP)].gate, REACH_GATE_TOKEN);
	reach_why_text(r, bad, true, P(XDP), text, sizeof(text));
	assert_string_equal(text, "no token: BPF_TOKEN_CREATE refused with EPERM: this process is "
			    "not in the user namespace the bpffs belongs to, or has no CAP_BPF there "
			    "(EPERM)");
	/* without a token, a user namespace's xdp is refused for want of one */
	assert_int_equal(who(r, REACH_USERNS)->prog[P(XDP)].gate, REACH_GATE_TOKEN);
	assert_int_equal(who(r, REACH_USERNS)->prog[P(SOCKET_FILTER)].gate, REACH_GATE_KNOB);
	free(r);
}

static void test_plain_user_after(void **state)
{
	struct reach *r = reach_made_up();
	bool progs[REACH_MAX_TYPES], maps[REACH_MAX_TYPES];
	char text[1024];

	(void)state;
	/* root has no cgroup_skb here: 0 would bring back socket_filter alone */
	refuse(&who(r, REACH_ROOT)->prog[P(CGROUP_SKB)], EINVAL);
	for (size_t i = 0; i < REACH_MAX_TYPES; i++) {
		refuse(&who(r, REACH_USER)->prog[i], EPERM);
		refuse(&who(r, REACH_USER)->map[i], EPERM);
	}
	reach_attribute(r);
	assert_int_equal(reach_user_at(r, true, false, progs, maps), REACH_FROM_EXPECTED);
	for (size_t i = 0; i < r->nr_prog_types; i++)
		assert_int_equal(progs[i], i == P(SOCKET_FILTER));
	assert_true(maps[M(HASH)]);
	assert_true(maps[M(RINGBUF)]);
	assert_false(maps[M(LRU_HASH)]);
	assert_false(maps[M(DEVMAP)]);
	assert_int_equal(reach_user_at(r, false, false, progs, maps), REACH_FROM_KNOB);
	reach_user_after_text(r, false, text, sizeof(text));
	assert_string_equal(text, "nothing: without CAP_BPF every program load and map creation "
			    "is refused (EPERM)");
	reach_user_now_text(r, text, sizeof(text));
	assert_string_equal(text, "nothing (probed)");
	/* once the session saw them at 0, that is what 0 brings back */
	r->user_open_seen = true;
	memset(r->user_open_prog, 0, sizeof(r->user_open_prog));
	memset(r->user_open_map, 0, sizeof(r->user_open_map));
	r->user_open_prog[P(SOCKET_FILTER)] = 1;
	r->user_open_map[M(ARRAY)] = 1;
	reach_user_after_text(r, true, text, sizeof(text));
	assert_string_equal(text, "socket_filter program; array map (probed earlier in this "
			    "session at 0)");
	free(r);
}

/* As root on the running kernel: reach_token.c's copies of libbpf's probes,
 * made without a token, load exactly what libbpf's own load. */
static void test_token_probes_are_libbpfs(void **state)
{
	int lock, err;

	(void)state;
	if (geteuid()) {
		fprintf(stderr, "test_reach: the token probes need root; run 'make check' as root\n");
		skip();
		return;
	}
	lock = fixture_lock_kernel(false);
	for (uint32_t t = 1; libbpf_bpf_prog_type_str((enum bpf_prog_type)t); t++) {
		int ours = reach_token_probe_prog(t, -1, &err);
		int theirs = libbpf_probe_bpf_prog_type((enum bpf_prog_type)t, NULL);

		if (ours == -EOPNOTSUPP || theirs == -EOPNOTSUPP) {
			assert_int_equal(ours, theirs);
			continue;
		}
		if ((ours > 0) != (theirs > 0))
			fail_msg("program type %s: reach_token %d, libbpf %d",
				 libbpf_bpf_prog_type_str((enum bpf_prog_type)t), ours, theirs);
	}
	for (uint32_t t = 1; libbpf_bpf_map_type_str((enum bpf_map_type)t); t++) {
		int ours = reach_token_probe_map(t, -1, &err);
		int theirs = libbpf_probe_bpf_map_type((enum bpf_map_type)t, NULL);

		if ((ours > 0) != (theirs > 0))
			fail_msg("map type %s: reach_token %d, libbpf %d",
				 libbpf_bpf_map_type_str((enum bpf_map_type)t), ours, theirs);
	}
	fixture_unlock_kernel(lock);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mountinfo_line),
		cmocka_unit_test(test_mountinfo_file),
		cmocka_unit_test(test_delegate_values),
		cmocka_unit_test(test_lockdown_file),
		cmocka_unit_test(test_gates_of_root_refusals),
		cmocka_unit_test(test_gates_of_capabilities_and_knob),
		cmocka_unit_test(test_gates_of_tokens),
		cmocka_unit_test(test_plain_user_after),
		cmocka_unit_test(test_token_probes_are_libbpfs),
	};

	libbpf_set_print(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
