#include "load.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

/* The generated skeleton defines static helpers this file does not call. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-function"
#include "testprogs.skel.h"
#pragma GCC diagnostic pop

const struct testprogs_kind_info testprogs_kinds[TESTPROGS__COUNT] = {
	[TESTPROGS_SINGLE] = { "single", "bk_single", "bk_single", NULL, 1 },
	[TESTPROGS_SUBPROG] = { "subprog", "bk_subprog", "bk_subprog", "bk_helper", 2 },
	[TESTPROGS_BTF] = { "btf", "bk_btf_func_nam", "bk_btf_func_name_longer_than_fifteen",
			    NULL, 1 },
	[TESTPROGS_NOBTF] = { "nobtf", "bk_nobtf", NULL, NULL, 1 },
	[TESTPROGS_UNNAMED] = { "unnamed", "", NULL, NULL, 1 },
};

int testprogs_kind_parse(const char *name)
{
	for (int i = 0; i < TESTPROGS__COUNT; i++)
		if (!strcmp(name, testprogs_kinds[i].kind))
			return i;
	return -1;
}

/* r0 = 0; exit */
static int testprogs_load_raw(const char *name)
{
	static const struct bpf_insn insns[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, name, "GPL", insns,
			       sizeof(insns) / sizeof(insns[0]), NULL);

	return fd < 0 ? -errno : fd;
}

/* Opens the embedded object with only the wanted program set to load, keeps
 * a duplicate of its fd, and frees the object: the program stays loaded, and
 * the loader's memory does not grow with every copy. */
static int testprogs_load_obj(const char *func)
{
	struct bpf_object *obj;
	struct bpf_program *prog, *want = NULL;
	const void *bytes;
	size_t size;
	int fd, err;

	bytes = testprogs__elf_bytes(&size);
	obj = bpf_object__open_mem(bytes, size, NULL);
	if (!obj)
		return -errno;
	bpf_object__for_each_program(prog, obj) {
		bool mine = !strcmp(bpf_program__name(prog), func);

		bpf_program__set_autoload(prog, mine);
		if (mine)
			want = prog;
	}
	if (!want) {
		bpf_object__close(obj);
		return -ENOENT;
	}
	err = bpf_object__load(obj);
	if (err) {
		bpf_object__close(obj);
		return err < 0 ? err : -EINVAL;
	}
	fd = fcntl(bpf_program__fd(want), F_DUPFD_CLOEXEC, 3);
	err = fd < 0 ? -errno : fd;
	bpf_object__close(obj);
	return err;
}

int testprogs_load(enum testprogs_kind kind)
{
	const struct testprogs_kind_info *k;

	if ((unsigned)kind >= TESTPROGS__COUNT)
		return -EINVAL;
	k = &testprogs_kinds[kind];
	if (!k->btf_name)
		return testprogs_load_raw(k->prog_name[0] ? k->prog_name : NULL);
	return testprogs_load_obj(k->btf_name);
}
