/* The gates beside the probes, read: kernel lockdown, the active LSMs (is
 * the BPF LSM one), kernel.perf_event_paranoid, kernel.kptr_restrict,
 * kernel.unprivileged_bpf_disabled; and every bpffs that delegates to BPF
 * tokens, in any mount namespace (reach_mountns.c). */
#ifndef BPFKNOBS_REACH_REACH_GATES_H
#define BPFKNOBS_REACH_REACH_GATES_H

#include <stdint.h>

#include "base/procroot.h"
#include "reach/reach.h"

/* Reads the gates below root. On the live system lockdown and the LSM list
 * come from /sys/kernel/security; where securityfs is not mounted and this
 * process may mount it, from a private mount of it in a short-lived child's
 * own mount namespace (no one else sees it). A captured tree holds them as
 * DIR/security/lockdown and DIR/security/lsm when it was captured so. What
 * cannot be read keeps its -errno. */
void reach_gates_read(struct reach_gates *g, const struct procroot *root);

/* Reads only unprivileged_bpf_disabled again (g->knob, g->knob_error). */
void reach_gates_read_knob(struct reach_gates *g, const struct procroot *root);

/* Parses lockdown's file ("none [integrity] confidentiality"). */
enum reach_lockdown reach_gates_parse_lockdown(const char *text);

/* Finds every bpffs with delegate_* options in every mount namespace the
 * processes below /proc live in, reading each namespace's mountinfo once
 * (through one of its processes), into g->delegations; counts the
 * namespaces read and the processes whose namespace could not be seen
 * (another user's, for a plain user). The live system only. */
void reach_mountns_scan(struct reach_gates *g);

enum reach_delegate {
	REACH_DELEGATE_CMDS,
	REACH_DELEGATE_MAPS,
	REACH_DELEGATE_PROGS,
	REACH_DELEGATE_ATTACHS,
};

/* The bits a delegate_* value names, as bpffs writes it (kernel/bpf/inode.c,
 * bpf_show_options()): names joined by ':' ("prog_load:map_create",
 * "xdp:socket_filter"), "any" for every bit, or a hex mask ("0x3"). A name
 * it does not know sets *unknown. */
uint64_t reach_delegate_mask(const char *value, enum reach_delegate kind, int *unknown);

/* Fills a delegation from a mount's super options: the delegate_* values
 * and their masks. Returns 1 when it has any delegate_* option, else 0. */
int reach_delegation_parse(struct reach_delegation *d, const char *super_options);

#endif
