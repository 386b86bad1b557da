/* The kernel's JIT charges by version and machine (see jit_charge.h). */
#include "jitmem/jit_charge.h"

#include <stdio.h>
#include <string.h>

#include "base/kver.h"

/* bpf_prog_pack's chunk, BPF_PROG_CHUNK_SIZE in kernel/bpf/core.c */
#define JIT_CHARGE_CHUNK 64u
/* sizeof(struct bpf_binary_header): a u32 and the image aligned to
 * BPF_IMAGE_ALIGNMENT (8) */
#define JIT_CHARGE_HEADER 8u
/* the random run of illegal instructions around an image:
 * bpf_jit_binary_pack_alloc() adds 16 bytes, bpf_jit_binary_alloc() 128 */
#define JIT_CHARGE_PACK_HOLE 16u
#define JIT_CHARGE_PAGE_HOLE 128u
/* the x86 JIT pads the image to __alignof__(struct exception_table_entry)
 * before the (unreported) exception table: bpf_int_jit_compile() in
 * arch/x86/net/bpf_jit_comp.c */
#define JIT_CHARGE_X86_ALIGN 4u
/* sizeof(struct exception_table_entry) on x86_64: three ints (insn, fixup,
 * and handler, data from 5.17), arch/x86/include/asm/extable.h */
#define JIT_CHARGE_X86_EXTABLE_ENTRY 12u

static uint64_t jit_charge_round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

void jit_charge_rules(struct jit_charge_rules *r, unsigned kver, const char *machine,
		      uint32_t page)
{
	bool x86_64 = machine && !strcmp(machine, "x86_64");

	memset(r, 0, sizeof(*r));
	r->kver = kver;
	r->page = page ? page : 4096;
	r->known = kver && x86_64;
	/* 3486bedd9919 ("bpf: use bytes instead of pages for
	 * bpf_jit_[charge|uncharge]_modmem"), with bpf_prog_pack in 5.18 */
	r->counter_in_pages = kver && kver < KVER(5, 18, 0);
	/* the x86_64 JIT allocates from bpf_prog_pack since 5.18 (1022a5498f6f) */
	r->pack = x86_64 && kver >= KVER(5, 18, 0);
	/* bpf_tramp_image_alloc() charges a page per trampoline image since the
	 * fix of fexit trampolines (e21aa341785c, 5.12, in 5.10's stable
	 * releases too); from 6.8 (Song Liu's trampolines in bpf_prog_pack)
	 * it charges arch_bpf_trampoline_size() */
	r->trampoline_charged = kver >= KVER(5, 10, 0);
	r->trampoline_size_hidden = kver >= KVER(6, 8, 0);
	/* bpf_struct_ops_map_alloc() charges its image page from 6.8; from 6.9
	 * bpf_struct_ops_image_alloc() charges each page of trampolines as
	 * bpf_struct_ops_map_update_elem() fills it (one page holds every
	 * trampoline of a congestion control) */
	r->struct_ops_charged = kver >= KVER(6, 8, 0);
}

uint32_t jit_charge_unit(const struct jit_charge_rules *r)
{
	return r->pack ? JIT_CHARGE_CHUNK : r->page;
}

uint64_t jit_charge_image(const struct jit_charge_rules *r, uint32_t jited_len)
{
	return jit_charge_image_extable(r, jited_len, 0);
}

uint64_t jit_charge_image_extable(const struct jit_charge_rules *r, uint32_t jited_len,
				  uint32_t extable_entries)
{
	/* bpf_int_jit_compile(): roundup(proglen, align) + extable_size */
	uint64_t len = jit_charge_round_up(jited_len, JIT_CHARGE_X86_ALIGN) +
		       (uint64_t)extable_entries * JIT_CHARGE_X86_EXTABLE_ENTRY;

	if (!jited_len)
		return 0;
	/* bpf_jit_binary_pack_alloc(): round_up(proglen + sizeof(*ro_header)
	 * + 16, BPF_PROG_CHUNK_SIZE); bpf_jit_binary_alloc():
	 * round_up(proglen + sizeof(*hdr) + 128, PAGE_SIZE) */
	if (r->pack)
		return jit_charge_round_up(len + JIT_CHARGE_HEADER + JIT_CHARGE_PACK_HOLE,
					   JIT_CHARGE_CHUNK);
	return jit_charge_round_up(len + JIT_CHARGE_HEADER + JIT_CHARGE_PAGE_HOLE, r->page);
}

uint64_t jit_charge_trampoline(const struct jit_charge_rules *r)
{
	return r->trampoline_charged ? r->page : 0;
}

uint64_t jit_charge_struct_ops(const struct jit_charge_rules *r)
{
	return r->struct_ops_charged ? r->page : 0;
}

uint64_t jit_charge_counter_bytes(const struct jit_charge_rules *r, uint64_t raw)
{
	return r->counter_in_pages ? raw * r->page : raw;
}

void jit_charge_describe(const struct jit_charge_rules *r, char *buf, size_t size)
{
	if (!r->kver) {
		snprintf(buf, size, "The kernel's version is not known, so neither are its "
				    "charges: whole pages per JIT image before Linux 5.18, 64-byte "
				    "chunks (bpf_prog_pack) on x86_64 from 5.18.");
		return;
	}
	if (!r->known) {
		snprintf(buf, size, "bpfknobs models the JIT's allocations on x86_64 only; on "
				    "this machine the charge of each image is not known.");
		return;
	}
	if (r->pack)
		snprintf(buf, size, "Each JIT image is charged in 64-byte chunks: its code, an "
				    "8-byte header and 16 bytes of padding, rounded up "
				    "(bpf_jit_binary_pack_alloc() in kernel/bpf/core.c, x86_64 from "
				    "Linux 5.18); the counter is in bytes.");
	else
		snprintf(buf, size, "Each JIT image is charged in whole pages: its code, an "
				    "8-byte header and 128 bytes of padding, rounded up to %u bytes "
				    "(bpf_jit_binary_alloc() in kernel/bpf/core.c); the counter "
				    "counts pages before Linux 5.18.", (unsigned)r->page);
}
