/* JIT memory in use in the detail lists (see fields_jitmem.h). */
#include "out/fields_jitmem.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "base/units.h"

#define FIELDS_JITMEM_GAUGE_COLS 40

/* "12 %", "2.5 %", "0.01 %", or "" when either side is unknown. */
static void fields_jitmem_percent(const struct jitmem_reading *r, char *buf, size_t size)
{
	double pct = jitmem_percent(r);

	if (pct < 0)
		buf[0] = '\0';
	else
		snprintf(buf, size, "%.*f %%", pct < 0.1 ? 2 : pct < 10 ? 1 : 0, pct);
}

void fields_jitmem_how(const struct jitmem_reading *r, char *buf, size_t size)
{
	char own[32];

	switch (r->method) {
	case JITMEM_COUNTER:
		units_format_bytes(r->own_bytes, own, sizeof(own));
		snprintf(buf, size, "exact: the kernel's own counter, bpf_jit_current, read "
				    "with bpfknobs' BPF program bpfknobs_jit_current (run with "
				    "BPF_PROG_TEST_RUN, attached nowhere), less the %s charged for "
				    "bpfknobs' own programs.", own);
		return;
	case JITMEM_ESTIMATE:
		snprintf(buf, size, "estimated: %s. The estimate is the sum of what the kernel "
				    "charges for each JIT image bpfknobs can see, by this kernel's "
				    "rules (below). %s", r->reason, jitmem_accuracy_text());
		return;
	case JITMEM_NONE:
		break;
	}
	snprintf(buf, size, "not known: %s.", r->reason[0] ? r->reason : "no kernel was read");
}

/* "about 1.2 MiB of 504 MiB, estimated (0.24 % of the limit)", a gauge,
 * and how it is known. */
static void fields_jitmem_in_use(const struct jitmem_reading *r, struct fields *out)
{
	enum field_role role = jitmem_warns(r) ? FIELD_WARN : FIELD_NORMAL;
	char row[256], pct[16], how[1024], gauge[96];

	fields_jitmem_how(r, how, sizeof(how));
	if (r->method == JITMEM_NONE) {
		fields_add(out, FIELD_DIM, "In use", NULL, "%s", how);
		return;
	}
	jitmem_row_text(r, row, sizeof(row));
	fields_jitmem_percent(r, pct, sizeof(pct));
	fields_add(out, role, "In use", NULL, "%s%s%s%s", row, pct[0] ? " (" : "", pct,
		   pct[0] ? " of the limit)" : "");
	jitmem_gauge(r, FIELDS_JITMEM_GAUGE_COLS, gauge, sizeof(gauge));
	if (gauge[0])
		fields_add(out, role, "In use", NULL, "%s", gauge);
	if (jitmem_warns(r) && r->past_limit[0])
		fields_add(out, FIELD_WARN, "In use", NULL, "More than %d %% of the limit is in "
			   "use. %s", JITMEM_WARN_PERCENT, r->past_limit);
	fields_add(out, FIELD_NORMAL, "How known", NULL, "%s", how);
}

static void fields_jitmem_progs(const struct jitmem_reading *r, struct fields *out)
{
	char bytes[32];

	if (!r->progs_known) {
		fields_add(out, FIELD_DIM, "Programs", NULL, "not known: the programs cannot be "
			   "listed");
		return;
	}
	if (!r->progs.count) {
		fields_add(out, FIELD_NORMAL, "Programs", NULL, "none JITed (bpfknobs' own left "
			   "out)");
		return;
	}
	units_format_bytes(r->progs.bytes, bytes, sizeof(bytes));
	fields_add(out, FIELD_NORMAL, "Programs", NULL,
		   "%s for %" PRIu64 " JITed program%s with %" PRIu64 " image%s (each "
		   "subprogram has its own), bpfknobs' own left out%s", bytes, r->progs.count,
		   r->progs.count == 1 ? "" : "s", r->nr_funcs, r->nr_funcs == 1 ? "" : "s",
		   r->progs_approximate ? "; the kernel hides the length of each function of a "
					  "program from this process, so a program's length is "
					  "split evenly between them" : "");
}

/* "3 trampolines: 12 KiB (a page each)", or "no trampolines". */
static void fields_jitmem_kind(char *buf, size_t size, const char *one, const char *many,
			       const struct jitmem_part *part, const char *each)
{
	char bytes[32];

	if (!part->count) {
		snprintf(buf, size, "no %s", many);
		return;
	}
	units_format_bytes(part->bytes, bytes, sizeof(bytes));
	snprintf(buf, size, "%" PRIu64 " %s: %s (%s)", part->count, part->count == 1 ? one : many,
		 bytes, each);
}

static void fields_jitmem_images(const struct jitmem_reading *r, struct fields *out)
{
	char tramp[256], ops[256];

	if (!r->images_known) {
		fields_add(out, FIELD_DIM, "Other images", NULL, "not known: /proc/kallsyms lists "
			   "no BPF images now (bpf_jit_kallsyms 0, bpf_jit_harden on, or "
			   "unreadable), so trampolines and struct_ops images cannot be counted");
		return;
	}
	fields_jitmem_kind(tramp, sizeof(tramp), "trampoline", "trampolines", &r->trampolines,
			   !r->rules.trampoline_charged ? "not charged by this kernel"
			   : r->rules.trampoline_size_hidden
				   ? "counted at a page each, the most each may be: the kernel "
				     "charges a trampoline's own size and reports it nowhere"
				   : "a page each");
	fields_jitmem_kind(ops, sizeof(ops), "struct_ops map", "struct_ops maps", &r->struct_ops,
			   r->rules.struct_ops_charged ? "a page of trampolines each"
						       : "not charged by this kernel");
	fields_add(out, FIELD_NORMAL, "Other images", NULL, "%s; %s%s", tramp, ops,
		   r->dispatchers ? "; the XDP dispatcher, which is never charged" : "");
}

void fields_jitmem_seccomp_text(const struct jitmem_reading *r, char *buf, size_t size)
{
	const struct jit_classic_seccomp *s = &r->seccomp;

	if (s->error == -ENODATA)
		snprintf(buf, size, "seccomp filters not counted: this kernel reports no "
			 "Seccomp_filters in /proc/<pid>/status (Linux 5.9)");
	else if (s->error)
		snprintf(buf, size, "seccomp filters not counted: /proc could not be read (%s)",
			 strerror(-s->error));
	else if (!s->filters)
		snprintf(buf, size, "no seccomp filters");
	else
		snprintf(buf, size, "%" PRIu32 " seccomp filter%s in %" PRIu32 " process%s (a "
			 "filter children share with their parent counted once)", s->filters,
			 s->filters == 1 ? "" : "s", s->processes, s->processes == 1 ? "" : "es");
}

void fields_jitmem_packet_text(const struct jitmem_reading *r, char *buf, size_t size)
{
	const struct jit_classic_packet *p = &r->packet;

	if (p->error == -ENOENT)
		snprintf(buf, size, "packet sockets not counted: this kernel has no packet_diag "
			 "(CONFIG_PACKET_DIAG)");
	else if (p->error == -EPERM)
		snprintf(buf, size, "packet sockets not counted: their filters are shown only to "
			 "CAP_NET_ADMIN");
	else if (p->error)
		snprintf(buf, size, "packet sockets not counted (sock_diag: %s)",
			 strerror(-p->error));
	else if (!p->filters)
		snprintf(buf, size, "no packet socket filters in this network namespace");
	else
		snprintf(buf, size, "%" PRIu32 " packet socket filter%s with %" PRIu64 " classic "
			 "instruction%s in this network namespace", p->filters,
			 p->filters == 1 ? "" : "s", p->insns, p->insns == 1 ? "" : "s");
}

static void fields_jitmem_classic(const struct jitmem_reading *r, struct fields *out)
{
	char least[32], bytes[32], seccomp[256], packet[256];

	units_format_bytes(jit_charge_image(&r->rules, 1), least, sizeof(least));
	units_format_bytes(r->classic.bytes, bytes, sizeof(bytes));
	fields_jitmem_seccomp_text(r, seccomp, sizeof(seccomp));
	fields_jitmem_packet_text(r, packet, sizeof(packet));
	if (!r->classic.count)
		fields_add(out, FIELD_NORMAL, "Classic BPF", NULL, "none counted: %s; %s", seccomp,
			   packet);
	else
		fields_add(out, FIELD_NORMAL, "Classic BPF", NULL,
			   "at least %s: %s; %s. Their sizes cannot be read, so each counts as the "
			   "smallest charge, %s", bytes, seccomp, packet, least);
}

void fields_jitmem_knob(const struct snapshot *snap, const struct knob_def *def,
			struct fields *out)
{
	const struct jitmem_reading *r = &snap->jitmem;
	char text[512], bytes[32];

	if (!def->shows_jit_memory)
		return;
	fields_jitmem_in_use(r, out);
	if (r->method == JITMEM_NONE && !r->progs_known)
		return;
	fields_jitmem_progs(r, out);
	fields_jitmem_images(r, out);
	if (r->progs_known)
		fields_jitmem_classic(r, out);
	if (r->exact && r->progs_known) {
		units_format_bytes((uint64_t)(r->unexplained_bytes < 0 ? -r->unexplained_bytes
									: r->unexplained_bytes),
				   bytes, sizeof(bytes));
		if (r->unexplained_bytes >= 0)
			fields_add(out, FIELD_NORMAL, "Unexplained", NULL, "%s of the counter that "
				   "none of the parts above explains: what cannot be seen (below)",
				   bytes);
		else
			fields_add(out, FIELD_NORMAL, "Unexplained", NULL, "none: the parts above "
				   "come to %s more than the counter (a page counted for a "
				   "trampoline or struct_ops map that is smaller, or freed meanwhile)",
				   bytes);
	}
	if (r->progs_known)
		fields_add(out, FIELD_NORMAL, "Not seen", NULL, "%s.", jitmem_unseen_text());
	jit_charge_describe(&r->rules, text, sizeof(text));
	fields_add(out, FIELD_NORMAL, "Charges", NULL, "%s", text);
}

bool fields_jitmem_warning(const struct snapshot *snap, char *buf, size_t size)
{
	const struct jitmem_reading *r = &snap->jitmem;
	char used[32], limit[32], pct[16];

	buf[0] = '\0';
	if (!jitmem_warns(r))
		return false;
	units_format_bytes(r->used_bytes, used, sizeof(used));
	units_format_bytes(r->limit_bytes, limit, sizeof(limit));
	fields_jitmem_percent(r, pct, sizeof(pct));
	snprintf(buf, size, "%s%s of %s in use (%s, %s): past the limit %s",
		 r->exact ? "" : "about ", used, limit, pct, r->exact ? "exact" : "estimated",
		 r->past_limit_brief[0] ? r->past_limit_brief
					: "unprivileged loads are refused or run interpreted");
	return true;
}
