/* The reach in words: who each identity is, why a type is refused, and
 * each gate explained with the facts that hold on the running kernel, for
 * --list, --json's "text" members and the browser alike. */
#ifndef BPFKNOBS_REACH_REACH_TEXT_H
#define BPFKNOBS_REACH_REACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "reach/reach.h"

/* "EPERM", "ENOTSUPP (524, the kernel's own)", "errno 600". */
void reach_errno_name(int err, char *buf, size_t size);

/* Who an identity is: "uid 65534 with CAP_BPF alone". */
void reach_who_text(const struct reach *r, const struct reach_identity *id, char *buf, size_t size);

/* Why a refused type is refused, without the type's name:
 * "unprivileged_bpf_disabled=2 refuses ... (EPERM)". */
void reach_why_text(const struct reach *r, const struct reach_identity *id, bool prog, size_t i,
		    char *buf, size_t size);
/* Whether two refusals have the same reason (to list their types together). */
bool reach_same_why(const struct reach_verdict *a, const struct reach_verdict *b);

/* One REACH_CAP_* bit's name: "CAP_BPF" ..., "root's other capabilities"
 * for REACH_CAP_OTHERS; NULL for any other value. */
const char *reach_cap_name(unsigned bit);
/* "CAP_BPF and CAP_NET_ADMIN" for REACH_CAP_* bits. */
void reach_caps_text(unsigned caps, char *buf, size_t size);

/* How it was probed ("Probed live, ... while unprivileged_bpf_disabled was
 * 2."), or why nothing was; and when and how long ("2026-11-21 05:52:11
 * UTC, in 23 ms."; "" when not probed). */
void reach_state_text(const struct reach *r, char *buf, size_t size);
void reach_when_text(const struct reach *r, char *buf, size_t size);

/* Each gate, read and explained for this kernel. nr_lsm_progs is the
 * number of loaded programs of type lsm, -1 when unknown. */
void reach_lockdown_text(const struct reach *r, char *buf, size_t size);
void reach_paranoid_text(const struct reach *r, char *buf, size_t size);
void reach_bpf_lsm_text(const struct reach *r, long nr_lsm_progs, char *buf, size_t size);
void reach_kptr_text(const struct reach *r, char *buf, size_t size);
void reach_userns_text(const struct reach *r, char *buf, size_t size);
void reach_tokens_text(const struct reach *r, char *buf, size_t size);
void reach_delegation_text(const struct reach *r, size_t d, char *buf, size_t size);
/* The build options that matter: "CONFIG_BPF_LSM=y, ...". */
void reach_config_text(const struct reach *r, char *buf, size_t size);

/* What a plain user (uid 65534, no capabilities) could load once
 * unprivileged_bpf_disabled lets users without CAP_BPF load (users_load)
 * or not: seen in this session's probes where they were made at such a
 * value, else the types the kernel lets any user load among those root
 * loads here. */
void reach_user_after_text(const struct reach *r, bool users_load, char *buf, size_t size);
/* What a plain user loads now, from the probe: "nothing", or the types. */
void reach_user_now_text(const struct reach *r, char *buf, size_t size);

/* Where reach_user_at() has its answer from. */
enum reach_from {
	REACH_FROM_NONE,     /* nowhere: not probed */
	REACH_FROM_PROBE,    /* the plain user's probe, now */
	REACH_FROM_EARLIER,  /* the plain user's probe earlier in this session at such a value */
	REACH_FROM_EXPECTED, /* the kernel's unprivileged types among those root loads */
	REACH_FROM_KNOB,     /* the knob refuses every load without CAP_BPF: nothing */
};
/* The types a plain user loads now (now: from the probe), or at a value
 * that lets users load (users_load) or not; progs and maps get
 * REACH_MAX_TYPES flags. "probed", "probed_earlier", "expected", "knob". */
enum reach_from reach_user_at(const struct reach *r, bool users_load, bool now, bool *progs,
			      bool *maps);
const char *reach_from_name(enum reach_from from);

/* Whether the kernel lets a caller without CAP_BPF load program type (map
 * type) index i at all, once unprivileged_bpf_disabled is 0. */
bool reach_unpriv_prog(size_t i);
bool reach_unpriv_map(size_t i);

#endif
