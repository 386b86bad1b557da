/* The live probes: for each identity a child process is forked that
 * becomes it (setresuid, capabilities set with libcap, unshare or setns
 * into a user namespace, a token from a delegating bpffs) and asks the
 * kernel to load each program type and create each map type libbpf knows,
 * with libbpf_probe_bpf_prog_type() and libbpf_probe_bpf_map_type() (with
 * a token, reach_token.c's copies of them); it sends back what loaded and
 * each errno, and exits. Nothing is inferred from versions. The probes'
 * programs and maps live for the length of one bpf() call in that child:
 * they are the unnamed ones libbpf's probes load, as bpftool's are. */
#ifndef BPFKNOBS_REACH_REACH_PROBE_H
#define BPFKNOBS_REACH_REACH_PROBE_H

#include "base/procroot.h"
#include "reach/reach.h"

/* Probes every identity this process can become, reads the gates and the
 * delegations, and works out each refusal's gate (reach_attribute()); the
 * build (kconfig, kver) is copied in for the explanations. For a captured
 * tree (root->live false) nothing is probed: r->state is REACH_TREE and
 * only the gates the tree holds are read. Returns 0 or -ENOMEM; an
 * identity that cannot be become is recorded in it, with the reason. */
int reach_probe(struct reach *r, const struct procroot *root, const struct kconfig *kconfig,
		unsigned kver);

/* reach_attr.c: fills each refusal's gate from the evidence (see there). */
void reach_attribute(struct reach *r);

/* reach_attr.c: whether delegation d's token may be used for program type
 * (or map type) index i: delegate_cmds has the command and delegate_progs
 * (delegate_maps) the type, delegate_attachs the probe's attach type. */
int reach_delegates_prog(const struct reach_delegation *d, size_t i);
int reach_delegates_map(const struct reach_delegation *d, size_t i);

#endif
