/* bpfknobs_ksyms: a ksym iterator (Linux 6.0) that writes the [bpf]
 * entries of the kernel's symbol list as /proc/kallsyms prints them, and
 * nothing else.
 *
 * The list is the same one: the iterator steps through it with
 * /proc/kallsyms' own s_start() and s_next() (kernel/kallsyms.c), so the
 * same knobs decide which BPF symbols are in it (bpf_get_kallsym()), and
 * whether addresses show was decided for this process when the read
 * began, as an open of /proc/kallsyms decides it (kallsyms_show_value()
 * in bpf_iter_ksym_init()). What the iterator saves is the formatting and
 * copying of the ~120,000 core-kernel and module lines, which the reader
 * would scan and drop: the read takes about 60% of the time.
 *
 * Each line is s_show()'s for an entry with a module name, "%px %c
 * %s\t[%s]\n": the address (0 when not shown), the type in upper case for
 * an exported symbol and lower case otherwise, the name, "[bpf]".
 *
 * The types are declared here with the members read and relocated against
 * the running kernel's BTF (CO-RE). The iterator's context is ABI
 * (__bpf_md_ptr(), 8 bytes per pointer). */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

/* "%016lx %c ": the name starts at 19, and "\t[bpf]\n" ends the line */
#define KALLSYM_NAME_AT 19
#define KALLSYM_NAME_MAX 511 /* KSYM_NAME_LEN - 1 */
#define KALLSYM_LINE_MAX 1024 /* a power of two above 19 + 511 + 7 */

struct kallsym_iter {
	long long pos;
	long long pos_bpf_end;
	unsigned long value;
	char type;
	char name[512];        /* KSYM_NAME_LEN: 128 before Linux 6.1; relocated */
	char module_name[56];  /* MODULE_NAME_LEN on 64-bit */
	int exported;
	int show_value;
} __attribute__((preserve_access_index));

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
};

struct bpf_iter__ksym {
	struct bpf_iter_meta *meta;
	struct kallsym_iter *ksym;
};

/* The lines written by the last read, which user space checks its count
 * against; whether that read showed addresses (0 until its first entry,
 * then 1 hidden or 2 shown); the line being made. All in the object's one
 * map (.bss, as own_load.h loads them): no format string in a read-only
 * map, so the line is made here rather than by bpf_seq_printf(). One read
 * at a time uses line (bpfknobs has one reader). */
__u32 written;
__u32 addrs_shown;
char line[KALLSYM_LINE_MAX];

SEC("iter/ksym")
int bpfknobs_ksyms(struct bpf_iter__ksym *ctx)
{
	struct kallsym_iter *it = ctx->ksym;
	unsigned long value;
	long copied;
	__u32 len;
	char type;

	if (!it)
		return 0;
	if (!addrs_shown)
		addrs_shown = it->show_value ? 2 : 1;
	/* get_ksymbol_bpf() names the module "bpf"; the core kernel's
	 * entries have none. The walk's last call (ksym_prog_seq_show() from
	 * its stop) passes the entry after the list, whose module name the
	 * kprobes' stage set; and once the [bpf] part has ended
	 * (pos_bpf_end set, update_iter_mod()), nothing after it is one. */
	if (it->module_name[0] != 'b' || it->module_name[1] != 'p' ||
	    it->module_name[2] != 'f' || it->module_name[3])
		return 0;
	if (it->pos_bpf_end && it->pos >= it->pos_bpf_end)
		return 0;
	value = it->show_value ? it->value : 0;
	for (int i = 0; i < 16; i++) {
		char digit = (value >> (60 - 4 * i)) & 15;

		line[i] = digit < 10 ? '0' + digit : 'a' + digit - 10;
	}
	type = it->type;
	if (it->exported && type >= 'a' && type <= 'z')
		type -= 'a' - 'A';
	else if (!it->exported && type >= 'A' && type <= 'Z')
		type += 'a' - 'A';
	line[16] = ' ';
	line[17] = type;
	line[18] = ' ';
	/* one helper call: a loop of loads until the NUL would have the
	 * verifier walk the rest of the program once per length (35,000
	 * instructions, 50 ms to load) */
	copied = bpf_probe_read_kernel_str(line + KALLSYM_NAME_AT, KALLSYM_NAME_MAX + 1, it->name);
	if (copied <= 1)
		return 0; /* no name: nothing s_show() would print whole */
	len = KALLSYM_NAME_AT + (__u32)copied - 1;
	/* no string constant: it would need a read-only map */
	line[len++ & (KALLSYM_LINE_MAX - 1)] = '\t';
	line[len++ & (KALLSYM_LINE_MAX - 1)] = '[';
	line[len++ & (KALLSYM_LINE_MAX - 1)] = 'b';
	line[len++ & (KALLSYM_LINE_MAX - 1)] = 'p';
	line[len++ & (KALLSYM_LINE_MAX - 1)] = 'f';
	line[len++ & (KALLSYM_LINE_MAX - 1)] = ']';
	line[len++ & (KALLSYM_LINE_MAX - 1)] = '\n';
	if (!bpf_seq_write(ctx->meta->seq, line, len & (KALLSYM_LINE_MAX - 1)))
		written++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
