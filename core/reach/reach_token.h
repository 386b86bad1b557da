/* BPF tokens (Linux 6.9): creating one from a delegating bpffs, and the
 * probes of reach_probe.c made with one. Debian 12's libbpf is 1.1, which
 * has no token API: bpf_token_create() and the token_fd members of
 * bpf_prog_load_opts, bpf_map_create_opts and bpf_btf_load_opts came in
 * libbpf 1.4 (bookworm-backports has 1.4.6), and libbpf_probe_bpf_prog_type()
 * takes no token even there. So these few calls are made with bpf(2)
 * directly, here and nowhere else; with libbpf 1.4 as the floor,
 * reach_token_create() becomes bpf_token_create() and the loads below
 * bpf_prog_load()/bpf_map_create() with .token_fd. */
#ifndef BPFKNOBS_REACH_REACH_TOKEN_H
#define BPFKNOBS_REACH_REACH_TOKEN_H

#include <stdbool.h>
#include <stdint.h>

/* BPF_TOKEN_CREATE from the root of a bpffs (an fd opened on it): the
 * token's fd, or -errno (EPERM: another user namespace than the bpffs's,
 * or no CAP_BPF there; EOPNOTSUPP: the initial user namespace; ENOENT: the
 * bpffs delegates nothing; EINVAL: a kernel before 6.9, or not a bpffs root). */
int reach_token_create(int bpffs_fd);

/* The probes of libbpf 1.1's libbpf_probe_bpf_prog_type() and
 * libbpf_probe_bpf_map_type() (src/libbpf_probes.c), the same minimal
 * program or map of each type, loaded with the token (token_fd < 0: without
 * one, for the test that checks the two agree). 1 loads, 0 refused (*err
 * the errno), -EOPNOTSUPP for a type libbpf 1.1 does not probe. */
int reach_token_probe_prog(uint32_t prog_type, int token_fd, int *err);
int reach_token_probe_map(uint32_t map_type, int token_fd, int *err);

/* The attach type the probe of prog_type loads with: a token must delegate
 * it too (bpf_token_allow_prog_type() checks both). */
uint32_t reach_token_probe_attach_type(uint32_t prog_type);
/* Whether the probe of map_type loads BTF first (the local storage maps):
 * a token must delegate BPF_BTF_LOAD too. */
bool reach_token_probe_map_needs_btf(uint32_t map_type);

#endif
