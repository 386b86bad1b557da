/* bpfknobs_prog_ids: a bpf_prog iterator that writes the id of every
 * loaded BPF program, in ascending order (bpf_prog_seq_next() in
 * kernel/bpf/prog_iter.c walks prog_idr by id), so that a refresh gets
 * them in one read instead of a BPF_PROG_GET_NEXT_ID system call each.
 * Nothing else is read or written.
 *
 * The types are declared here with the one member read and relocated
 * against the running kernel's BTF (CO-RE). The iterator's context is ABI
 * (__bpf_md_ptr(), 8 bytes per pointer, since bpf_prog iterators came in
 * Linux 5.10). */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>

struct bpf_prog_aux {
	__u32 id;
} __attribute__((preserve_access_index));

struct bpf_prog {
	struct bpf_prog_aux *aux;
} __attribute__((preserve_access_index));

struct seq_file;

struct bpf_iter_meta {
	struct seq_file *seq;
};

struct bpf_iter__bpf_prog {
	struct bpf_iter_meta *meta;
	struct bpf_prog *prog;
};

/* The ids written by the last read: what user space checks the read's
 * length against (and the object's one map, as own_load.h loads them). */
__u32 written;

SEC("iter/bpf_prog")
int bpfknobs_prog_ids(struct bpf_iter__bpf_prog *ctx)
{
	struct bpf_prog *prog = ctx->prog;
	__u32 id;

	if (!prog)
		return 0; /* the walk's end */
	id = prog->aux->id;
	if (!bpf_seq_write(ctx->meta->seq, &id, sizeof(id)))
		written++;
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
