/* Each loaded BPF program as the kernel describes it in bpf_prog_info,
 * enumerated the way bpftool's prog.c does. */
#ifndef BPFKNOBS_PROGS_PROG_INFO_H
#define BPFKNOBS_PROGS_PROG_INFO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "progs/prog_memo.h"
#include "base/procroot.h"
#include "progs/prog.h"
#include "base/uid_names.h"

/* Every this many refreshes a program's info is read again even when the
 * memo may stand for it (prog_info_reusable()). What it catches is rare (a
 * map bound late, a recursion miss) and each read is three system calls:
 * at 1,000 programs, every 16 rather than every 8 refreshes took about 8%
 * off an idle browser's refresh. */
#define PROG_INFO_REREAD 16

/* Whether this enumeration may take a program's info from the memo (see
 * prog_info_reusable()): allowed when nothing that changes a loaded
 * program's info changed since the last refresh (statistics off then and
 * now, the same knobs and visibility); round counts the refreshes. */
struct prog_info_reuse {
	bool allowed;
	unsigned long round;
};

/* Arrays parallel to out->progs, malloc'd (free both). */
struct prog_info_read {
	bool *hidden;    /* see prog_info_enumerate() */
	bool *from_memo; /* its info is the memo's, not asked again */
};

/* The ids to list, ascending, when the caller has them already (bpfknobs'
 * bpf_prog iterator read them: progs/prog_ids_iter.h); NULL ids: the
 * enumeration asks BPF_PROG_GET_NEXT_ID for each. */
struct prog_info_ids {
	const uint32_t *ids;
	size_t nr;
};

/* Fills out->progs (sorted by id, nr_progs) with every program loaded now:
 * BPF_PROG_GET_NEXT_ID (or the ids given), BPF_PROG_GET_FD_BY_ID, one BPF_OBJ_GET_INFO_BY_FD
 * with arrays sized from memo (a second only when they were too small),
 * close; or, where reuse allows, what the memo kept of a program's last
 * info call (read->from_memo says which). A program unloaded meanwhile is
 * skipped. Facts memo holds for an id (memlock, BTF name) are not read
 * again; user names come from users. read->hidden is true where the
 * kernel withheld the function addresses from this process (it clears the
 * jited_ksyms pointer, bpf_prog_get_info_by_fd(); the count stays), which
 * means "addresses hidden", not "no functions". Returns 0 or -errno: -EPERM
 * without CAP_SYS_ADMIN (CAP_BPF is not enough for the ID calls), -ENOSYS,
 * -ENOMEM; on error out holds the programs filled so far. */
int prog_info_enumerate(const struct procroot *root, const struct prog_memo *memo,
			const struct prog_info_reuse *reuse, const struct prog_info_ids *given,
			struct uid_names *users, struct prog_list *out,
			struct prog_info_read *read);

#endif
