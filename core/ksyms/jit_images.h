/* The BPF JIT images of /proc/kallsyms that belong to no program, tied to
 * what they serve where the kernel says so (the names are made in
 * kernel/bpf/trampoline.c, dispatcher.c and bpf_struct_ops.c):
 *   - bpf_trampoline_<key>: key = (object id << 32) | BTF id of the target
 *     function (bpf_trampoline_compute_key()); the object is a kernel BTF
 *     object (vmlinux, a module) or, for freplace and fentry on a program,
 *     the target program;
 *   - bpf_dispatcher_xdp: the XDP dispatcher drivers call the XDP programs
 *     through (bpf_dispatcher_xdp_func);
 *   - bpf__<struct>_<member>: a struct_ops trampoline (bpf_struct_ops_
 *     ksym_init()). Every registration of a struct gets the same names and
 *     nothing in kallsyms ties one to its map, so the registered struct_ops
 *     maps are listed with them (map id, name, struct, the congestion
 *     control's name, the program of each member, from the map's value),
 *     and images are told apart by their members (jit_images_ops_image()).
 * Described again only when the set of those symbols changes. */
#ifndef BPFKNOBS_KSYMS_JIT_IMAGES_H
#define BPFKNOBS_KSYMS_JIT_IMAGES_H

#include "progs/prog.h"

struct jit_images;

/* NULL when out of memory. */
struct jit_images *jit_images_new(void);
void jit_images_free(struct jit_images *images);

/* Fills list->images (parallel to list->others) and list->struct_ops.
 * Best effort: what cannot be read is left undescribed and
 * list->images_error keeps why (-EPERM). Returns 0 or -ENOMEM. */
int jit_images_describe(struct jit_images *images, struct prog_list *list);

/* "trampoline", "dispatcher", "struct_ops", "other": for --json. */
const char *jit_images_kind_name(enum prog_image_kind kind);

/* The kind of a [bpf] kallsyms name that belongs to no program. */
enum prog_image_kind jit_images_kind_of(const char *name);

/* Which of its struct's images the struct_ops symbol others[at] is in,
 * and how many there are (list->others in address order; struct_len the
 * length of the struct's name): 1-based, 0 when none. */
void jit_images_ops_image(const struct prog_list *list, size_t at, size_t struct_len,
			  size_t *image, size_t *nr_images);

/* Decodes a trampoline's key: false for a name that is none. */
bool jit_images_trampoline_key(const char *name, uint32_t *object_id, uint32_t *btf_id);

#endif
