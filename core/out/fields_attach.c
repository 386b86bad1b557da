/* "Attached to" and "Kept alive by" (see fields_attach.h). */
#include "out/fields_attach.h"

#include <stdio.h>

#include "attach/attach.h"
#include "attach/attach_words.h"

static void fields_attach_attached(const struct prog *p, struct fields *out)
{
	if (!p->attachments) {
		fields_add(out, FIELD_WARN, "Attached to", NULL, "%s",
			   p->attachments_error ? p->attachments_error
						: "not known: attachments were not gathered.");
		return;
	}
	if (!p->nr_attachments && p->holder_unknown)
		fields_add(out, FIELD_DIM, "Attached to", NULL,
			   "no hook that the kernel reports (see below for what may hold it)");
	else if (!p->nr_attachments)
		fields_add(out, FIELD_DIM, "Attached to", NULL, "Not attached");
	for (size_t i = 0; i < p->nr_attachments; i++) {
		const struct attachment *a = &p->attachments[i];

		if (a->link_id)
			fields_add(out, FIELD_NORMAL, "Attached to", NULL, "%s %s (link %u)",
				   attach_kind_name(a->kind), a->target, (unsigned)a->link_id);
		else
			fields_add(out, FIELD_NORMAL, "Attached to", NULL, "%s %s",
				   attach_kind_name(a->kind), a->target);
	}
	if (p->attachments_incomplete)
		fields_add(out, FIELD_WARN, "Attached to", NULL, "%s", p->attachments_incomplete);
}

static void fields_attach_kept(const struct prog *p, struct fields *out)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nr_attachments; i++) {
		const struct attachment *a = &p->attachments[i];
		const char *type = attach_link_type_name(a->link_type);

		if (!a->link_id)
			continue;
		n++;
		if (!a->nr_pinned)
			fields_add(out, FIELD_NORMAL, "Kept alive by", NULL, "link %u (%s)",
				   (unsigned)a->link_id, type ? type : "unknown type");
		for (size_t k = 0; k < a->nr_pinned; k++)
			fields_add(out, FIELD_NORMAL, "Kept alive by", NULL,
				   "link %u (%s), pinned at %s", (unsigned)a->link_id,
				   type ? type : "unknown type", a->pinned[k]);
	}
	for (size_t i = 0; i < p->nr_pins; i++, n++)
		fields_add(out, FIELD_NORMAL, "Kept alive by", NULL, "the pin %s", p->pins[i]);
	for (size_t i = 0; i < p->nr_owners; i++, n++) {
		const struct prog_owner *o = &p->owners[i];

		if (o->via == PROG_VIA_LINK_FD)
			fields_add(out, FIELD_NORMAL, "Kept alive by", NULL,
				   "%s (pid %d), link fd %d of link %u", o->comm, (int)o->pid, o->fd,
				   (unsigned)o->link_id);
		else if (o->via == PROG_VIA_SOCKET)
			fields_add(out, FIELD_NORMAL, "Kept alive by", NULL,
				   "%s (pid %d), socket fd %d with an eBPF filter%s", o->comm,
				   (int)o->pid, o->fd,
				   o->inferred ? " (inferred: the kernel does not say which program "
						 "a socket holds, and this is the one socket filter "
						 "nothing else holds)" : "");
		else
			fields_add(out, FIELD_NORMAL, "Kept alive by", NULL, "%s (pid %d), %s %d%s",
				   o->comm, (int)o->pid, attach_via_words(o->via), o->fd,
				   o->inferred ? " (inferred: the kernel does not say which "
						 "program such a perf event runs)" : "");
	}
	for (size_t i = 0; i < p->nr_attachments; i++, n++) {
		const struct attachment *a = &p->attachments[i];

		/* a perf event's hook is held by the fd its owner is listed for */
		if (a->link_id || (a->kind != ATTACH_XDP && a->kind != ATTACH_TC &&
				   a->kind != ATTACH_TCX && a->kind != ATTACH_CGROUP &&
				   a->kind != ATTACH_NETNS && a->kind != ATTACH_SK_LOOKUP &&
				   a->kind != ATTACH_STRUCT_OPS))
			continue;
		fields_add(out, FIELD_NORMAL, "Kept alive by", NULL, "the kernel's %s hook itself "
			   "(attached without a link): %s", attach_kind_name(a->kind), a->target);
	}
	if (n)
		return;
	if (p->holder_unknown)
		fields_add(out, FIELD_WARN, "Kept alive by", NULL, "%s", p->holder_unknown);
	else if (!p->attachments)
		fields_add(out, FIELD_WARN, "Kept alive by", NULL,
			   "not known: no process holds it, and its attachments and pins could "
			   "not be read");
}

void fields_attach_prog(const struct prog *p, struct fields *out)
{
	fields_attach_attached(p, out);
	fields_attach_kept(p, out);
}
