/* bpfknobs_holders: a task_file iterator that reports every open file that
 * is a BPF object, or carries one, with the process and fd holding it, and
 * each process's count of seccomp filters (classic BPF the kernel JITs and
 * charges like programs), at the first of its files. It reads the kernel's
 * structures and borrows nothing: no process's file is taken, copied or
 * closed.
 *
 * A file's kind: bpftool's pid_iter compares file->f_op with bpf_prog_fops
 * and friends, which needs those data symbols in kallsyms; kernels built
 * without CONFIG_KALLSYMS_ALL lack them (bpftop's issue #162). Instead, a
 * BPF object's file is an anonymous inode (ANON_INODE_FS_MAGIC) whose
 * dentry carries the name the kernel gave it, as /proc/<pid>/fd shows it:
 * "bpf-prog" (bpf_prog_new_fd()), "bpf_link" or "bpf-link"
 * (bpf_link_prime()), "bpf-map" (bpf_map_new_fd()), "bpf-stats"
 * (bpf_enable_runtime_stats()), "[perf_event]" (perf_event_open()). Only
 * the kernel names anonymous inodes, so a user cannot dress a file up as
 * one. The object is the file's private_data. A socket (SOCKFS_MAGIC) is
 * the file's private_data too; its filter is an eBPF program when the
 * program has an id (a classic filter never gets one: bpf_prog_alloc_id()
 * runs for BPF_PROG_LOAD only).
 *
 * Every function is inlined: one function's exception table is what the
 * kernel keeps where bpfknobs reads it (prog->aux->num_exentries; a
 * subprogram's table is its own), which JIT memory's exact reading needs
 * to leave this program's whole charge out.
 *
 * Every type is declared here with the few members read, and relocated by
 * libbpf against the running kernel's BTF (CO-RE). The iterator runs
 * under RCU with the task and file referenced (bpf_iter_run_prog(),
 * task_file_seq_get_next()). */
#include <linux/types.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

#include "holders/iter_record.h"

#define ANON_INODE_FS_MAGIC 0x09041934
#define SOCKFS_MAGIC 0x534F434B
#define NAME_LEN 16

struct super_block {
	unsigned long s_magic;
} __attribute__((preserve_access_index));

struct inode {
	struct super_block *i_sb;
} __attribute__((preserve_access_index));

struct qstr {
	const unsigned char *name;
} __attribute__((preserve_access_index));

struct dentry {
	struct qstr d_name;
} __attribute__((preserve_access_index));

struct path {
	struct dentry *dentry;
} __attribute__((preserve_access_index));

struct file_operations;

struct file {
	const struct file_operations *f_op;
	struct inode *f_inode;
	struct path f_path;
	void *private_data;
} __attribute__((preserve_access_index));

/* Not relocated: struct upid has been { int nr; struct pid_namespace *ns; }
 * since it came (2.6.24), and each type relocated costs the load a search
 * of the kernel's whole BTF (libbpf's bpf_core_find_cands(), about a
 * millisecond). */
struct upid {
	int nr;
	void *ns;
};

struct pid {
	unsigned int level;
	struct upid numbers[1];
} __attribute__((preserve_access_index));

/* atomic_t */
struct seccomp_count {
	int counter;
} __attribute__((preserve_access_index));

/* filter_count came with Seccomp_filters in /proc/<pid>/status (5.9) */
struct seccomp {
	struct seccomp_count filter_count;
} __attribute__((preserve_access_index));

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *group_leader;
	struct task_struct *real_parent;
	struct pid *thread_pid;
	struct seccomp seccomp;
} __attribute__((preserve_access_index));

struct bpf_prog_aux {
	__u32 id;
	__u32 num_exentries;
} __attribute__((preserve_access_index));

struct bpf_prog {
	struct bpf_prog_aux *aux;
} __attribute__((preserve_access_index));

struct bpf_link {
	__u32 id;
	struct bpf_prog *prog;
} __attribute__((preserve_access_index));

struct bpf_map {
	__u32 id;
} __attribute__((preserve_access_index));

struct perf_event {
	struct bpf_prog *prog;
	__u64 id;
} __attribute__((preserve_access_index));

struct sk_filter {
	struct bpf_prog *prog;
} __attribute__((preserve_access_index));

struct sock {
	struct sk_filter *sk_filter;
} __attribute__((preserve_access_index));

struct socket {
	struct sock *sk;
} __attribute__((preserve_access_index));

struct seq_file;

/* The iterator's context is ABI, laid out with __bpf_md_ptr() (8 bytes
 * per pointer) since task_file iterators came (5.8): not relocated, for
 * the reason struct upid is not. */
struct bpf_iter_meta {
	struct seq_file *seq;
};

struct bpf_iter__task_file {
	struct bpf_iter_meta *meta;
	struct task_struct *task;
	__u32 fd __attribute__((aligned(8)));
	struct file *file;
};

/* Shared with holders_iter.c (the skeleton maps them). A read stops, and
 * the next one retries the same file, once visited reaches budget: the
 * program returns 1 (bpf_iter_run_prog(): "retry the same object"). */
__u64 budget;     /* set before each read */
__u64 visited;    /* files looked at */
__u32 tasks;      /* tasks met */
__u32 pid_level;  /* the reader's pid namespace level, read at a walk's first task */
__u32 cursor_pid; /* the process and fd last met: where a stopped walk resumes */
__u32 cursor_ppid; /* that process's parent */
__u32 cursor_fd;
__u32 last_tid;
/* The last record written, and the task it was of: the next fds of a dup()
 * loop hold the same object, and one record per process and object is
 * enough (a user may dup() a pinned map's fd a million times). */
struct iter_record last_rec;
/* The seccomp filters of the task met last, to report at its first file
 * looked at (a walk stopped at its budget retries that file, not the task);
 * 0 when none, or the task is a thread with files of its own (the count
 * /proc/<pid>/status gives is the thread group leader's). */
__u32 task_filters;
/* Set at a walk's first task when this kernel counts seccomp filters */
__u32 seccomp_counted;
/* The thread group leader's command of the task met last, read once per
 * task (a process holding a thousand programs' fds is read for once) */
char comm[16];
__u32 comm_tid;
/* The file operations of the anonymous inodes met, and the kind each one
 * is (0: none of BPF's). A kind's files all share its file_operations
 * (bpf_prog_fops, perf_fops, eventfd_fops, ...), so once one file's name
 * told it, the next ones need no name read: a user's 19,000 dup()s of a
 * perf event, or of an eventfd, cost a pointer compare each. */
#define FOPS_SEEN 16
const void *fops_seen[FOPS_SEEN];
__u32 fops_kind[FOPS_SEEN];
__u32 nr_fops_seen;

/* The pid of task's thread group in the reader's pid namespace (as
 * task_tgid_nr_ns() finds it), 0 when it has none there. task is a
 * pointer the verifier knows the type of (the context's task, or a
 * task_struct member of one): plain loads, each a single instruction the
 * JIT guards, where bpf_probe_read_kernel() is a call that checks the
 * address and copies (a quarter of a walk's cost, at four per task). */
static __always_inline __u32 holders_pid(struct task_struct *task)
{
	struct task_struct *leader = task->group_leader;
	struct pid *pid;
	int nr = 0;

	if (!pid_level)
		return task->tgid;
	pid = leader->thread_pid;
	if (!pid || pid->level < pid_level)
		return 0;
	/* a variable index: the verifier takes no plain load at it */
	bpf_probe_read_kernel(&nr, sizeof(nr), &pid->numbers[pid_level].nr);
	return nr;
}

/* Sets r's program to prog: its id, 0 for none, and the entries of its
 * exception table (one per load through a BTF pointer), which the JIT
 * allocates after the image and charges to bpf_jit_current unreported. */
static __always_inline __u32 holders_prog(struct bpf_prog *prog, struct iter_record *r)
{
	struct bpf_prog_aux *aux = prog ? BPF_CORE_READ(prog, aux) : NULL;

	r->prog_id = aux ? BPF_CORE_READ(aux, id) : 0;
	if (r->prog_id && bpf_core_field_exists(aux->num_exentries))
		r->prog_extable = BPF_CORE_READ(aux, num_exentries) + 1;
	return r->prog_id;
}

/* Whether the NUL-terminated name is want (a literal, unrolled). */
static __always_inline int holders_name_is(const char *name, const char *want, int len)
{
	for (int i = 0; i <= len; i++)
		if (name[i] != want[i])
			return 0;
	return 1;
}

#define NAME_IS(name, lit) holders_name_is(name, lit, sizeof(lit) - 1)

/* The kind of an anonymous inode's file by the name the kernel gave it; 0
 * when none of BPF's. */
static __always_inline __u32 holders_anon_name(struct file *file)
{
	char name[NAME_LEN] = {};

	if (bpf_probe_read_kernel_str(name, sizeof(name), BPF_CORE_READ(file, f_path.dentry,
									 d_name.name)) < 0)
		return 0;
	if (name[0] == '[')
		return NAME_IS(name, "[perf_event]") ? ITER_KIND_PERF_EVENT : 0;
	if (name[0] != 'b' || name[1] != 'p' || name[2] != 'f')
		return 0;
	if (NAME_IS(name, "bpf-prog"))
		return ITER_KIND_PROG;
	if (NAME_IS(name, "bpf_link") || NAME_IS(name, "bpf-link"))
		return ITER_KIND_LINK;
	if (NAME_IS(name, "bpf-map"))
		return ITER_KIND_MAP;
	if (NAME_IS(name, "bpf-stats"))
		return ITER_KIND_STATS;
	return 0;
}

/* The kind of an anonymous inode's file: by its file operations when a
 * file of theirs was met, else by its name (and then remembered). */
static __always_inline __u32 holders_anon_kind(struct file *file)
{
	const void *fop = file->f_op;
	__u32 kind, n;

	/* a slot not filled yet is NULL, which no file's f_op is: no bound on
	 * the slots filled, so that the verifier walks one path per slot */
	for (int i = 0; i < FOPS_SEEN; i++)
		if (fops_seen[i] == fop)
			return fops_kind[i];
	kind = holders_anon_name(file);
	n = nr_fops_seen;
	if (n < FOPS_SEEN) {
		fops_seen[n] = fop;
		fops_kind[n] = kind;
		nr_fops_seen = n + 1;
	}
	return kind;
}

/* The kind and ids of an anonymous inode's file; 0 when not of BPF's. */
static __always_inline __u32 holders_anon(struct file *file, struct iter_record *r)
{
	__u32 kind = holders_anon_kind(file);
	void *obj;

	if (!kind)
		return 0;
	/* a void pointer: a number to the verifier, read through helpers */
	obj = file->private_data;
	switch (kind) {
	case ITER_KIND_PERF_EVENT: {
		struct perf_event *event = obj;

		/* only events that carry a program: a user's thousands of
		 * plain perf events cost no output */
		if (!holders_prog(BPF_CORE_READ(event, prog), r))
			return 0;
		r->ident = BPF_CORE_READ(event, id);
		break;
	}
	case ITER_KIND_PROG:
		r->id = holders_prog(obj, r);
		break;
	case ITER_KIND_LINK: {
		struct bpf_link *link = obj;

		r->id = BPF_CORE_READ(link, id);
		holders_prog(BPF_CORE_READ(link, prog), r);
		break;
	}
	case ITER_KIND_MAP: {
		struct bpf_map *map = obj;

		r->id = BPF_CORE_READ(map, id);
		break;
	}
	default:
		break;
	}
	return kind;
}

/* A socket whose filter is an eBPF program. */
static __always_inline __u32 holders_socket(struct file *file, struct iter_record *r)
{
	struct socket *sock = file->private_data;
	struct sk_filter *filter = BPF_CORE_READ(sock, sk, sk_filter);

	if (!filter)
		return 0;
	return holders_prog(BPF_CORE_READ(filter, prog), r) ? ITER_KIND_SOCKET : 0;
}

/* The thread group leader's command into out, read once per task. */
static __always_inline void holders_comm(struct task_struct *task, __u32 tid, char *out)
{
	if (comm_tid != tid) {
		BPF_CORE_READ_STR_INTO(&comm, task, group_leader, comm);
		comm_tid = tid;
	}
	__builtin_memcpy(out, comm, sizeof(comm));
}

SEC("iter/task_file")
int bpfknobs_holders(struct bpf_iter__task_file *ctx)
{
	struct task_struct *task = ctx->task;
	struct file *file = ctx->file;
	struct iter_record r = {};
	unsigned long magic;
	__u32 tid;

	if (!task || !file)
		return 0;
	tid = task->pid;
	if (tid != last_tid) {
		/* The walk's tasks are those of the pid namespace of the task
		 * that created the iterator, bpfknobs (task_seq_init() takes
		 * task_active_pid_ns(current)), which is also the reader: its
		 * own struct pid's level is that namespace's. Read here, not
		 * from /proc's NSpid line, which lists levels from the proc
		 * mount's namespace down and so says 0 in a container that
		 * mounted its own /proc (proc_pid_status()). */
		if (!tasks)
			pid_level = BPF_CORE_READ((struct task_struct *)bpf_get_current_task(),
						  thread_pid, level);
		last_tid = tid;
		tasks++;
		cursor_pid = holders_pid(task);
		cursor_ppid = holders_pid(task->real_parent);
		task_filters = 0;
		if (bpf_core_field_exists(task->seccomp.filter_count)) {
			seccomp_counted = 1;
			if (tid == task->tgid)
				task_filters = task->seccomp.filter_count.counter;
		}
	}
	cursor_fd = ctx->fd;
	if (visited >= budget)
		return 1; /* this file again at the next read */
	visited++;
	if (task_filters) {
		/* the process's filters, once, whatever its files are */
		struct iter_record s = { .pid = cursor_pid, .ppid = cursor_ppid, .fd = ctx->fd,
					 .kind = ITER_KIND_SECCOMP, .id = task_filters };

		task_filters = 0;
		holders_comm(task, tid, s.comm);
		bpf_seq_write(ctx->meta->seq, &s, sizeof(s));
	}
	/* most files are neither: three loads and out */
	magic = file->f_inode->i_sb->s_magic;
	if (magic == ANON_INODE_FS_MAGIC)
		r.kind = holders_anon(file, &r);
	else if (magic == SOCKFS_MAGIC)
		r.kind = holders_socket(file, &r);
	if (!r.kind)
		return 0;
	r.pid = cursor_pid;
	r.ppid = cursor_ppid;
	if (r.pid == last_rec.pid && r.kind == last_rec.kind && r.id == last_rec.id &&
	    r.prog_id == last_rec.prog_id && r.ident == last_rec.ident)
		return 0;
	r.fd = ctx->fd;
	holders_comm(task, tid, r.comm);
	last_rec = r;
	bpf_seq_write(ctx->meta->seq, &r, sizeof(r));
	return 0;
}

/* bpf_probe_read_kernel() and bpf_seq_write() are for GPL programs */
char LICENSE[] SEC("license") = "GPL";
