/* What the kernel charges to bpf_jit_current, the counter net.core.bpf_jit_limit
 * is compared with, for each kind of JIT image, on a given kernel version
 * and machine. Every number here is a fact of the kernel source, cited
 * where it is used (jit_charge.c); the kernel matrix checks them against
 * the counter itself (tests/kernels/vm-checks.sh). */
#ifndef BPFKNOBS_JITMEM_JIT_CHARGE_H
#define BPFKNOBS_JITMEM_JIT_CHARGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct jit_charge_rules {
	unsigned kver;        /* KVER(); 0 when unknown */
	uint32_t page;        /* the page size of the kernel read */
	/* The rules are known for this kernel: its version is known and its
	 * machine's JIT allocations are modelled (x86_64 only). */
	bool known;
	/* bpf_jit_current counts pages, not bytes (before Linux 5.18) */
	bool counter_in_pages;
	/* images come from bpf_jit_binary_pack_alloc(): 64-byte chunks
	 * (x86_64 from 5.18); else bpf_jit_binary_alloc(): whole pages */
	bool pack;
	/* what one trampoline image is charged: a page; from 6.8 its exact
	 * size, at most a page, which the kernel reports nowhere */
	bool trampoline_charged, trampoline_size_hidden;
	/* struct_ops trampoline pages are charged (from 6.8) */
	bool struct_ops_charged;
};

/* The rules for version kver (KVER(), 0 unknown) on machine ("x86_64", ""
 * unknown) with pages of page bytes (0: 4096). */
void jit_charge_rules(struct jit_charge_rules *rules, unsigned kver, const char *machine,
		      uint32_t page);

/* The charge of one JITed function of jited_len bytes (bpf_prog_info's
 * jited_func_lens[i], or jited_prog_len for a single function), in bytes;
 * 0 for 0. The exception table of a program that reads kernel memory
 * through BTF pointers is part of the image too, but is not reported:
 * jit_charge_image_extable() counts it where its entries are known. */
uint64_t jit_charge_image(const struct jit_charge_rules *rules, uint32_t jited_len);

/* The charge of a program's one JITed function of jited_len bytes with an
 * exception table of extable_entries entries (prog->aux->num_exentries). */
uint64_t jit_charge_image_extable(const struct jit_charge_rules *rules, uint32_t jited_len,
				  uint32_t extable_entries);

/* The unit of a charge: 64 (a chunk of a program pack) or a page. */
uint32_t jit_charge_unit(const struct jit_charge_rules *rules);

/* One trampoline (bpf_trampoline_<key>): a page, or 0 where not charged.
 * From 6.8 the charge is the trampoline's own size, up to a page; a page
 * is the bound given then (trampoline_size_hidden). */
uint64_t jit_charge_trampoline(const struct jit_charge_rules *rules);

/* One struct_ops map's trampoline page, or 0 where not charged. */
uint64_t jit_charge_struct_ops(const struct jit_charge_rules *rules);

/* The counter as the kernel keeps it, in bytes (pages times the page size
 * before 5.18). */
uint64_t jit_charge_counter_bytes(const struct jit_charge_rules *rules, uint64_t raw);

/* One sentence: how the kernel charges on this kernel, for the detail:
 * "each JIT image is charged in 64-byte chunks (bpf_prog_pack, Linux 5.18
 * and later on x86_64)". */
void jit_charge_describe(const struct jit_charge_rules *rules, char *buf, size_t size);

#endif
