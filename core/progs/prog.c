/* The program model's accessors and its one destructor (see prog.h). */
#include "progs/prog.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <bpf/libbpf.h>

#include "base/errno_text.h"

static int prog_silent_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

static void prog_quiet_libbpf_once(void)
{
	libbpf_set_print(prog_silent_print);
}

void prog_quiet_libbpf(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, prog_quiet_libbpf_once);
}

#define PROG_LIST_NEEDS_ADMIN                                                      \
	"Listing BPF programs needs CAP_SYS_ADMIN: the kernel refuses "            \
	"BPF_PROG_GET_NEXT_ID to everyone else, CAP_BPF holders included. "        \
	"Run bpfknobs as root to see them."

static const struct errno_text prog_list_errors[] = {
	{ .err = 0, .text = NULL },
	{ .err = -EPERM, .text = PROG_LIST_NEEDS_ADMIN },
	{ .err = -EACCES, .text = PROG_LIST_NEEDS_ADMIN },
	{ .err = -EOPNOTSUPP,
	  .text = "Programs are listed only for the running kernel, not for a --proc tree." },
	{ .err = -ENOSYS,
	  .text = "This kernel has no bpf() system call (CONFIG_BPF_SYSCALL is not set), so it "
		  "has no BPF programs." },
	{ .err = -ENOMEM, .text = "Out of memory while listing BPF programs." },
	{ .err = ERRNO_TEXT_OTHER, .text = "The kernel refused to list BPF programs." },
};

const char *prog_list_error_text(int error)
{
	return errno_text_row(prog_list_errors, error)->text;
}

const char *prog_full_name(const struct prog *prog)
{
	/* bpftool's get_prog_full_name(): the BTF name only when the
	 * program name was cut at BPF_OBJ_NAME_LEN - 1 characters */
	if (prog->btf_name && strlen(prog->name) == sizeof(prog->name) - 1)
		return prog->btf_name;
	return prog->name;
}

int prog_list_id_width(const struct prog_list *list)
{
	unsigned int largest = 0;
	int digits = 1;

	for (size_t i = 0; i < list->nr_progs; i++)
		if (list->progs[i].id > largest)
			largest = list->progs[i].id;
	while (largest >= 10) {
		largest /= 10;
		digits++;
	}
	return digits;
}

/* ---- freeing ---- */

void prog_symbols_free(struct prog_symbol *syms, size_t nr)
{
	for (size_t i = 0; syms && i < nr; i++)
		free(syms[i].name);
	free(syms);
}

void prog_clear_attachments(struct prog *p)
{
	attach_free_array(p->attachments, p->nr_attachments);
	p->attachments = NULL;
	p->nr_attachments = p->attachments_cap = 0;
	for (size_t i = 0; i < p->nr_pins; i++)
		free(p->pins[i]);
	free(p->pins);
	p->pins = NULL;
	p->nr_pins = p->pins_cap = 0;
}

void prog_clear(struct prog *p)
{
	prog_clear_attachments(p);
	free(p->btf_name);
	free(p->map_ids);
	free(p->maps);
	free(p->owners);
	prog_symbols_free(p->syms, p->nr_syms);
	memset(p, 0, sizeof(*p));
}

void prog_images_free(struct prog_image *images, size_t nr_images,
		      struct prog_struct_ops *struct_ops, size_t nr_struct_ops)
{
	for (size_t i = 0; images && i < nr_images; i++)
		free(images[i].serves);
	free(images);
	for (size_t i = 0; i < nr_struct_ops; i++) {
		for (size_t m = 0; m < struct_ops[i].nr_members; m++)
			free(struct_ops[i].members[m].name);
		free(struct_ops[i].members);
		free(struct_ops[i].struct_name);
		free(struct_ops[i].ops_name);
	}
	free(struct_ops);
}

void prog_list_free(struct prog_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->nr_progs; i++)
		prog_clear(&list->progs[i]);
	free(list->progs);
	prog_images_free(list->images, list->nr_others, list->struct_ops, list->nr_struct_ops);
	prog_symbols_free(list->others, list->nr_others);
	memset(list, 0, sizeof(*list));
}
