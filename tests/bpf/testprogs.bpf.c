/* Test programs for bpfknobs: small socket filters whose JITed symbols the
 * tests check against /proc/kallsyms. Built with clang -target bpf -g -O2,
 * so every function has BTF func info. Socket filters need no vmlinux.h and
 * no attachment: they stay loaded as long as a file descriptor holds them. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

/* One function: the symbol is bpf_prog_<tag>_bk_single. */
SEC("socket")
int bk_single(struct __sk_buff *skb)
{
	return skb->len > 0 ? 0 : 1;
}

/* A BPF-to-BPF call: two JITed functions, the subprogram listed first in
 * /proc/kallsyms as bpf_prog_<subprog tag>_bk_helper. */
static __attribute__((noinline)) int bk_helper(struct __sk_buff *skb)
{
	return skb->len & 0x7 ? 1 : 0;
}

SEC("socket")
int bk_subprog(struct __sk_buff *skb)
{
	return bk_helper(skb) + 1;
}

/* A BTF name longer than the 15 characters of bpf_prog_info.name: the
 * program is named "bk_btf_func_nam", its symbol ends in the full name. */
SEC("socket")
int bk_btf_func_name_longer_than_fifteen(struct __sk_buff *skb)
{
	return skb->protocol ? 0 : 1;
}
