/* The audit trail of knob changes: every applied or refused change goes to
 * syslog (LOG_AUTHPRIV), saying who, which knob, old, new and the result. */
#ifndef BPFKNOBS_AUDIT_H
#define BPFKNOBS_AUDIT_H

#include <stddef.h>
#include <sys/types.h>

#include "change.h"

/* "net.core.bpf_jit_harden 0 -> 2 by uid 0 (root): applied" */
void audit_format(const struct knob_def *def, const struct change_outcome *out, uid_t uid,
		  char *buf, size_t size);

/* Sends the record to syslog. Dry runs are not changes and are not logged. */
void audit_log(const struct knob_def *def, const struct change_outcome *out, uid_t uid);

#endif
