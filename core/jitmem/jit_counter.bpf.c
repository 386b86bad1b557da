/* bpfknobs' reader of the kernel's JIT memory counter: bpf_jit_current in
 * kernel/bpf/core.c, a static atomic_long_t that the kernel exports
 * nowhere. User space finds its address in /proc/kallsyms (listed only on
 * kernels built with CONFIG_KALLSYMS_ALL) and runs this program with
 * BPF_PROG_TEST_RUN, which a raw tracepoint program supports from Linux
 * 5.10, passing the address as ctx[0]; nothing is attached and nothing in
 * the kernel is written. bpf_probe_read_kernel() (5.5) needs CAP_BPF and
 * CAP_PERFMON, is GPL-only, and is refused under lockdown=confidentiality.
 *
 * No maps and no global data: the answer is the return value, 32 bits at a
 * time, picked by ctx[1] (JIT_COUNTER_ERROR, _LOW, _HIGH). So the program
 * needs no relocation and user space loads its instructions with one
 * BPF_PROG_LOAD, without libbpf's feature probes (jit_counter.c says why). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define JIT_COUNTER_ERROR 0 /* bpf_probe_read_kernel()'s result: 0 or -errno */
#define JIT_COUNTER_LOW 1
#define JIT_COUNTER_HIGH 2

SEC("raw_tp")
int bpfknobs_jitmem(__u64 *ctx)
{
	__u64 value = 0;
	long err = bpf_probe_read_kernel(&value, sizeof(value), (const void *)ctx[0]);

	if (ctx[1] == JIT_COUNTER_ERROR)
		return (int)err;
	return ctx[1] == JIT_COUNTER_HIGH ? (int)(value >> 32) : (int)value;
}

char LICENSE[] SEC("license") = "GPL";
