/* JIT memory in use against net.core.bpf_jit_limit (see jitmem.h). */
#include "jitmem/jitmem.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/units.h"
#include "ksyms/jit_images.h"

struct jitmem {
	struct jit_counter *counter;
	struct jit_classic *classic;
};

struct jitmem *jitmem_new(void)
{
	struct jitmem *jm = calloc(1, sizeof(*jm));

	if (!jm)
		return NULL;
	jm->counter = jit_counter_new();
	jm->classic = jit_classic_new();
	if (!jm->counter || !jm->classic) {
		jitmem_free(jm);
		return NULL;
	}
	return jm;
}

void jitmem_free(struct jitmem *jm)
{
	if (!jm)
		return;
	jit_counter_free(jm->counter);
	jit_classic_free(jm->classic);
	free(jm);
}

void jitmem_prepare(struct jitmem *jm, const struct procroot *root, const struct privs *privs,
		    const struct kconfig *kconfig)
{
	if (!root->live || privs->error)
		return;
	jit_counter_prepare(jm->counter, root, privs, kconfig);
}

unsigned long jitmem_nr_walks(const struct jitmem *jm)
{
	return jit_classic_nr_walks(jm->classic);
}

const char *jitmem_method_name(enum jitmem_method method)
{
	switch (method) {
	case JITMEM_COUNTER:
		return "bpf_jit_current";
	case JITMEM_ESTIMATE:
		return "estimate";
	case JITMEM_NONE:
		break;
	}
	return "none";
}

double jitmem_percent(const struct jitmem_reading *r)
{
	if (r->method == JITMEM_NONE || !r->limit_known || !r->limit_bytes)
		return -1;
	return 100.0 * (double)r->used_bytes / (double)r->limit_bytes;
}

bool jitmem_warns(const struct jitmem_reading *r)
{
	return jitmem_percent(r) > JITMEM_WARN_PERCENT;
}

const char *jitmem_unseen_text(void)
{
	return "the classic filters of other sockets than packet sockets (SO_ATTACH_FILTER "
	       "on UDP, TCP, netlink and unix sockets) and of packet sockets in other network "
	       "namespaces; xt_bpf rules, cls_bpf and act_bpf in classic mode; the kernel's "
	       "own classic programs (the PTP classifier); the exception tables of programs "
	       "that read kernel memory through BTF pointers, unless bpfknobs' iterator read "
	       "a file of one that a process holds and it has one function; and the sizes "
	       "of seccomp and "
	       "packet filters, each counted as the smallest charge";
}

const char *jitmem_accuracy_text(void)
{
	/* make check-kernels prints "estimate minus exact" on each kernel */
	return "On Debian's 5.10, 6.1, 6.12 and 7.3, where both can be read, the estimate of "
	       "programs matched the counter to the byte; the whole fell short by the one "
	       "image those kernels JIT for themselves at boot (1600 bytes from 6.1 on, a "
	       "page on 5.10; most likely the PTP classifier, a classic filter) and by each "
	       "classic filter it cannot see, and from 6.8 it counts a page for each "
	       "trampoline, which takes about 170 bytes.";
}

/* ---- the visible parts ---- */

/* A program's images: one per JITed function (jited_func_lens), or its
 * jited_prog_len as one image, with its exception table where bpfknobs'
 * iterator read its entries (a multi-function program's are split among
 * its functions in a way the kernel does not tell: left out). When the
 * kernel hid the functions' lengths (bpf_dump_raw_ok() false) a
 * multi-function program's total is split evenly: *approximate. */
bool jitmem_prog_extable(const struct prog *p, uint32_t *entries)
{
	bool known = p->extable_known && p->nr_syms <= 1;

	*entries = known ? p->extable_entries : 0;
	return known;
}

static uint64_t jitmem_prog_charge(const struct jit_charge_rules *rules, const struct prog *p,
				   uint64_t *funcs, bool *approximate)
{
	uint64_t bytes = 0, known = 0;
	uint32_t extable;

	if (!p->bytes_jited)
		return 0;
	if (p->nr_syms <= 1) {
		*funcs += 1;
		(void)jitmem_prog_extable(p, &extable);
		return jit_charge_image_extable(rules, p->bytes_jited, extable);
	}
	for (size_t i = 0; i < p->nr_syms; i++)
		known += p->syms[i].len;
	*funcs += p->nr_syms;
	if (known == p->bytes_jited) {
		for (size_t i = 0; i < p->nr_syms; i++)
			bytes += jit_charge_image(rules, p->syms[i].len);
		return bytes;
	}
	*approximate = true;
	for (size_t i = 0; i < p->nr_syms; i++)
		bytes += jit_charge_image(rules, (uint32_t)(p->bytes_jited / p->nr_syms +
							    (i < p->bytes_jited % p->nr_syms)));
	return bytes;
}

static void jitmem_progs(const struct jit_charge_rules *rules, struct prog_list *list,
			 struct jitmem_reading *out)
{
	uint64_t own_funcs = 0;
	bool ignored = false;

	out->progs_known = !list->error;
	for (size_t i = 0; i < list->nr_progs; i++) {
		struct prog *p = &list->progs[i];

		if (p->ours) {
			p->jit_charge = jitmem_prog_charge(rules, p, &own_funcs, &ignored);
			continue;
		}
		p->jit_charge = jitmem_prog_charge(rules, p, &out->nr_funcs,
						   &out->progs_approximate);
		out->progs.count += p->bytes_jited != 0;
		out->progs.bytes += p->jit_charge;
	}
}

/* Trampolines and dispatchers from /proc/kallsyms' [bpf] images of no
 * program, and the struct_ops maps registered now. */
static void jitmem_images(const struct jit_charge_rules *rules, const struct prog_list *list,
			  bool listed, struct jitmem_reading *out)
{
	out->images_known = listed && !list->error && !list->kallsyms_error &&
			    !list->symbols_pending;
	if (!out->images_known)
		return;
	for (size_t i = 0; i < list->nr_others; i++) {
		enum prog_image_kind kind = list->images ? list->images[i].kind
					    : jit_images_kind_of(list->others[i].name);

		if (kind == PROG_IMAGE_TRAMPOLINE)
			out->trampolines.count++;
		else if (kind == PROG_IMAGE_DISPATCHER)
			out->dispatchers++;
	}
	/* bpf_dispatcher_change_prog() takes its page from bpf_prog_pack_alloc()
	 * or bpf_jit_alloc_exec_page(), neither of which charges */
	out->trampolines.bytes = out->trampolines.count * jit_charge_trampoline(rules);
	out->struct_ops.count = list->nr_struct_ops;
	out->struct_ops.bytes = out->struct_ops.count * jit_charge_struct_ops(rules);
}

static void jitmem_classic(struct jitmem *jm, const struct jitmem_input *in,
			   struct jitmem_reading *out)
{
	uint64_t least = jit_charge_image(&out->rules, 1);

	/* the counts the holders' walk read costs nothing more; the /proc walk
	 * reads every process's status, spread over refreshes */
	if (in->seccomp_known)
		jit_classic_count(in->seccomp_procs, in->nr_seccomp_procs, &out->seccomp);
	else
		jit_classic_seccomp(jm->classic, in->root, NULL, false, &out->seccomp);
	/* packet_diag_dump() shows filters only to CAP_NET_ADMIN */
	if (in->privs->cap[PRIVS_CAP_NET_ADMIN])
		jit_classic_packet(&out->packet);
	else
		out->packet.error = -EPERM;
	out->classic.count = out->seccomp.filters + out->packet.filters;
	out->classic.bytes = out->classic.count * least;
}

/* ---- the counter ---- */

static void jitmem_reason(struct jitmem_reading *out, const struct jit_counter_result *res)
{
	const char *err = strerror(res->err < 0 ? -res->err : res->err);
	const char *text = NULL;

	switch (res->why) {
	case JIT_COUNTER_OK:
		out->reason[0] = '\0';
		return;
	case JIT_COUNTER_NOT_LIVE:
		text = "a captured tree (--proc) has no running kernel to read";
		break;
	case JIT_COUNTER_NO_PRIVS:
		text = "reading the kernel's counter takes a BPF program, which needs CAP_BPF and "
		       "CAP_PERFMON, and the estimate needs the program list (CAP_SYS_ADMIN): run "
		       "bpfknobs as root";
		break;
	case JIT_COUNTER_NOT_LISTED:
		text = "this kernel does not list bpf_jit_current in /proc/kallsyms: "
		       "CONFIG_KALLSYMS_ALL is not set";
		break;
	case JIT_COUNTER_ADDR_HIDDEN:
		text = "/proc/kallsyms hides kernel addresses from this process "
		       "(kernel.kptr_restrict is 2, or CAP_SYSLOG is missing), so bpf_jit_current "
		       "cannot be found";
		break;
	case JIT_COUNTER_LOCKDOWN:
		text = "the kernel is locked down for confidentiality "
		       "(/sys/kernel/security/lockdown), which takes bpf_probe_read_kernel() from "
		       "every BPF program";
		break;
	case JIT_COUNTER_KALLSYMS:
		snprintf(out->reason, sizeof(out->reason), "/proc/kallsyms could not be read (%s)",
			 err);
		return;
	case JIT_COUNTER_LOAD:
		snprintf(out->reason, sizeof(out->reason),
			 "the kernel refused to load bpfknobs' reader of bpf_jit_current (%s)%s",
			 err, res->err == -EPERM ? ": it needs CAP_BPF and CAP_PERFMON" : "");
		return;
	case JIT_COUNTER_RUN:
		snprintf(out->reason, sizeof(out->reason),
			 "the kernel refused to run bpfknobs' reader of bpf_jit_current "
			 "(BPF_PROG_TEST_RUN: %s)", err);
		return;
	case JIT_COUNTER_READ:
		snprintf(out->reason, sizeof(out->reason),
			 "bpf_probe_read_kernel() could not read bpf_jit_current (%s)", err);
		return;
	}
	snprintf(out->reason, sizeof(out->reason), "%s", text ? text : "");
}

/* What bpfknobs' own programs are charged: the reader (which may not be
 * in this refresh's list yet) and any other of ours in the list. */
static uint64_t jitmem_own(const struct jitmem_reading *out, const struct prog_list *list,
			   const struct jit_counter_result *res)
{
	uint64_t own = jit_charge_image(&out->rules, res->reader_jited_len);

	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].ours && list->progs[i].id != res->reader_id)
			own += list->progs[i].jit_charge;
	return own;
}

/* ---- the reading ---- */

static void jitmem_past_limit(const struct jitmem_input *in, struct jitmem_reading *out)
{
	struct knob_env env = { .kconfig = in->kconfig, .machine = in->machine, .kver = in->kver };
	const struct knob_fact *f = in->limit_def ? knob_fact_brief(in->limit_def, &env) : NULL;

	if (!f)
		return;
	snprintf(out->past_limit, sizeof(out->past_limit), "%s", f->text);
	snprintf(out->past_limit_brief, sizeof(out->past_limit_brief), "%s", f->brief);
}

void jitmem_read(struct jitmem *jm, const struct jitmem_input *in, struct prog_list *progs,
		 struct jitmem_reading *out)
{
	struct jit_counter_result res;
	long page = in->root->live ? sysconf(_SC_PAGESIZE) : 0;

	memset(out, 0, sizeof(*out));
	jit_charge_rules(&out->rules, in->kver, in->machine, page > 0 ? (uint32_t)page : 0);
	if (in->limit && !in->limit->error && in->limit->value > 0) {
		out->limit_known = true;
		out->limit_bytes = (uint64_t)in->limit->value;
	}
	jitmem_past_limit(in, out);
	if (!in->root->live) {
		res = (struct jit_counter_result){ .why = JIT_COUNTER_NOT_LIVE };
		jitmem_reason(out, &res);
		return;
	}
	jitmem_progs(&out->rules, progs, out);
	jitmem_images(&out->rules, progs, in->kallsyms_listed, out);
	if (out->progs_known)
		jitmem_classic(jm, in, out);
	out->visible_bytes = out->progs.bytes + out->trampolines.bytes + out->struct_ops.bytes +
			     out->classic.bytes;

	jit_counter_read(jm->counter, in->root, in->privs, in->kconfig, &res);
	jitmem_reason(out, &res);
	out->reader_id = res.reader_id;
	if (res.why == JIT_COUNTER_OK) {
		out->method = JITMEM_COUNTER;
		out->exact = true;
		out->counter_bytes = jit_charge_counter_bytes(&out->rules, res.raw);
		out->own_bytes = jitmem_own(out, progs, &res);
		out->used_bytes = out->counter_bytes > out->own_bytes
					  ? out->counter_bytes - out->own_bytes : 0;
		if (out->progs_known)
			out->unexplained_bytes = (int64_t)out->used_bytes -
						 (int64_t)out->visible_bytes;
		return;
	}
	if (out->progs_known && out->rules.known) {
		out->method = JITMEM_ESTIMATE;
		out->used_bytes = out->visible_bytes;
	}
}

/* ---- text ---- */

void jitmem_row_text(const struct jitmem_reading *r, char *buf, size_t size)
{
	char used[32], limit[32] = "";

	if (r->method == JITMEM_NONE) {
		buf[0] = '\0';
		return;
	}
	units_format_bytes(r->used_bytes, used, sizeof(used));
	if (r->limit_known)
		units_format_bytes(r->limit_bytes, limit, sizeof(limit));
	snprintf(buf, size, "%s%s%s%s, %s", r->exact ? "in use " : "about ", used,
		 r->limit_known ? " of " : r->exact ? "" : " in use", limit,
		 r->exact ? "exact" : "estimated");
}

void jitmem_gauge(const struct jitmem_reading *r, int cols, char *buf, size_t size)
{
	double pct = jitmem_percent(r);
	int filled;
	size_t used = 0;

	buf[0] = '\0';
	if (pct < 0 || cols < 1 || size < (size_t)cols + 16)
		return;
	filled = (int)(pct / 100.0 * cols + 0.5);
	if (filled > cols)
		filled = cols;
	if (!filled && r->used_bytes)
		filled = 1; /* some use is never an empty bar */
	buf[used++] = '[';
	for (int i = 0; i < cols; i++)
		buf[used++] = i < filled ? '#' : '.';
	snprintf(buf + used, size - used, "] %.*f %%", pct < 0.1 ? 2 : pct < 10 ? 1 : 0, pct);
}
