/* Which processes hold BPF objects open: the iterator, or the /proc scan,
 * within a budget (see holders.h). */
#include "holders/holders.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "holders/fdscan.h"
#include "holders/holders_iter.h"
#include "base/parse.h"
#include "base/privs.h"
#include "base/sorted.h"
#include "base/units.h"

/* What the /proc scan re-checks per update of what it already read, on top
 * of what changed: about 5% of what the enumeration costs. */
#define HOLDERS_RECHECK(nr_progs) (128 + (nr_progs) / 4)

struct holders {
	struct procroot root;
	/* this process and its command: the records of its children that have
	 * not run another program since fork (the same command) are left out */
	pid_t self;
	char self_comm[16];
	struct holders_iter *iter;  /* loaded, or NULL */
	bool iter_tried;            /* loading was tried (once per session) */
	char iter_why[320];         /* why it is not loaded: a sentence, "" when it is */
	struct fdscan *scan;        /* the fallback's state, made on first use */
	enum prog_holders_source source;
};

struct holders *holders_new(const struct procroot *root)
{
	struct holders *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->root = *root;
	h->self = getpid();
	if (root->live) {
		char comm[64];
		size_t len = 0;

		/* the thread group leader's, as both sources report it */
		if (!procroot_read(root, "self/comm", comm, sizeof(comm), &len)) {
			comm[strcspn(comm, "\n")] = '\0';
			comm[sizeof(h->self_comm) - 1] = '\0'; /* TASK_COMM_LEN */
			memcpy(h->self_comm, comm, sizeof(h->self_comm));
		}
	}
	return h;
}

void holders_free(struct holders *h)
{
	if (!h)
		return;
	holders_iter_free(h->iter);
	fdscan_free(h->scan);
	free(h);
}

void holders_prepare(struct holders *h)
{
	char why[sizeof(h->iter_why) - 64];
	struct privs privs;

	if (h->iter_tried || !h->root.live)
		return;
	/* without CAP_SYS_ADMIN programs are not listed (BPF_PROG_GET_NEXT_ID),
	 * so their holders are not looked for: nothing to load for */
	if (privs_read(&privs) || !privs.cap[PRIVS_CAP_SYS_ADMIN])
		return;
	h->iter_tried = true;
	if (h->root.no_iterator) {
		snprintf(h->iter_why, sizeof(h->iter_why), "--no-iterator asks not to load "
			 "bpfknobs' iterator into the kernel");
		return;
	}
	if (holders_iter_open(&h->iter, why, sizeof(why)))
		snprintf(h->iter_why, sizeof(h->iter_why), "bpfknobs' iterator could not be "
			 "loaded: %s", why);
}

enum prog_holders_source holders_source(const struct holders *h)
{
	return h->source;
}

/* The processes below the root now: for "1,200 of 4,000", when the
 * iterator stopped short (it counts only the ones it met). */
static size_t holders_count_procs(const struct procroot *root)
{
	DIR *dir = opendir(root->proc);
	struct dirent *e;
	size_t n = 0;

	if (!dir)
		return 0;
	while ((e = readdir(dir))) {
		long v;

		n += !parse_long_strict(e->d_name, strlen(e->d_name), &v) && v > 0;
	}
	closedir(dir);
	return n;
}

/* "1,200 of 4,000 processes read so far" and what is left out; when
 * covered (every process was read before), round says where the count
 * comes from ("by the walk under way", "in this refresh"). */
static void holders_partial(struct prog_holders *st, size_t nr_read, size_t nr_procs,
			    const char *what, uint64_t budget, const char *unit, bool covered,
			    const char *round)
{
	char done[32], all[32], most[32];
	size_t used = strlen(st->reason);

	st->nr_read = nr_read;
	st->nr_procs = nr_procs > nr_read ? nr_procs : nr_read;
	units_format_count(nr_read, done, sizeof(done));
	units_format_count(nr_procs > nr_read ? nr_procs : nr_read, all, sizeof(all));
	units_format_count(budget, most, sizeof(most));
	snprintf(st->reason + used, sizeof(st->reason) - used,
		 "%s%s of %s processes read %s: %s reads at most %s %s at a time, and the "
		 "processes hold more%s", used ? " " : "", done, all,
		 covered ? round : "so far", what, most, unit,
		 covered ? "; the others as an earlier one found them."
			 : ", so holders may be missing.");
}

static uint64_t holders_budget(enum prog_holders_source source, enum holders_pace pace)
{
	if (source == PROG_HOLDERS_ITERATOR)
		return pace == HOLDERS_WHOLE ? HOLDERS_ITER_WHOLE : HOLDERS_ITER_STEP;
	return pace == HOLDERS_WHOLE ? HOLDERS_PROC_WHOLE : HOLDERS_PROC_STEP;
}

static int holders_update_iter(struct holders *h, enum holders_pace pace, struct prog_holders *st)
{
	struct holders_iter_walk w;
	uint64_t budget = holders_budget(PROG_HOLDERS_ITERATOR, pace);
	int err = holders_iter_walk(h->iter, budget, &w);

	if (err)
		return err;
	st->complete = w.finished;
	/* the records of a walk under way stand beside the last whole one's */
	st->covered = w.covered;
	if (!w.finished)
		holders_partial(st, w.nr_procs, holders_count_procs(&h->root), "bpfknobs' iterator",
				budget, "open files", st->covered, "by the walk under way");
	return 0;
}

static bool holders_prog_gone(const struct holder *rec, const void *arg)
{
	const struct prog_list *list = arg;

	return rec->prog_id && !SORTED_FIND(list->progs, list->nr_progs, id, rec->prog_id);
}

static int holders_update_proc(struct holders *h, enum holders_pace pace, struct prog_list *list,
			       struct prog_holders *st)
{
	struct fdscan_progress p;
	uint64_t budget = holders_budget(PROG_HOLDERS_PROC, pace) + HOLDERS_RECHECK(list->nr_progs);
	int err;

	if (!h->scan && !(h->scan = fdscan_new()))
		return -ENOMEM;
	err = fdscan_update(h->scan, &h->root, budget, holders_prog_gone, list, &p);
	if (err)
		return err;
	st->complete = p.complete;
	st->covered = p.nr_read == p.nr_procs;
	if (!p.complete)
		holders_partial(st, st->covered ? p.nr_checked : p.nr_read, p.nr_procs,
				"the /proc scan", holders_budget(PROG_HOLDERS_PROC, pace),
				"units of work (a readlink is 4)", st->covered, "in this refresh");
	return 0;
}

int holders_update(struct holders *h, enum holders_pace pace, struct prog_list *list)
{
	struct prog_holders *st = &list->holders;
	size_t used;
	int err;

	memset(st, 0, sizeof(*st));
	if (!h->root.live) {
		list->owners_error = -EOPNOTSUPP;
		snprintf(st->reason, sizeof(st->reason), "Not looked for: a captured tree (--proc) "
			 "has no processes to read.");
		return 0;
	}
	holders_prepare(h);
	if (h->iter) {
		h->source = st->source = PROG_HOLDERS_ITERATOR;
		err = holders_update_iter(h, pace, st);
		if (!err || err == -ENOMEM) {
			list->owners_error = err;
			return err == -ENOMEM ? err : 0;
		}
		/* the kernel refused a walk: the /proc scan takes over for good */
		snprintf(h->iter_why, sizeof(h->iter_why), "the kernel refused to run bpfknobs' "
			 "iterator (%s)", strerror(-err));
		holders_iter_free(h->iter);
		h->iter = NULL;
		memset(st, 0, sizeof(*st));
	}
	h->source = st->source = PROG_HOLDERS_PROC;
	snprintf(st->reason, sizeof(st->reason), "Read from /proc, because %s. A program held "
		 "only by a socket is not traced to its process, and which perf event runs which "
		 "program is asked of the kernel one fd at a time.", h->iter_why);
	used = strlen(st->reason);
	err = holders_update_proc(h, pace, list, st);
	if (err && err != -ENOMEM)
		snprintf(st->reason + used, sizeof(st->reason) - used, " /proc could not be read "
			 "(%s): holders are as an earlier refresh found them, or missing.",
			 strerror(-err));
	list->owners_error = err;
	return err == -ENOMEM ? err : 0;
}

/* Leaves out the records of this process's forked children: a child
 * bpfknobs forks (the probes of what eBPF may do, core/reach) has a copy
 * of every fd of this process, its own iterator's included, until it
 * closes them (copy_files() at fork), so a walk that met one would name it
 * as a second holder of bpfknobs' own objects, or of a program whose fd
 * this process had open a moment. A child that ran another program (its
 * command is another) holds what it opened itself, and stays. */
static void holders_drop_children(const struct holders *h, struct holder *v, size_t *nr)
{
	size_t n = 0;

	for (size_t i = 0; i < *nr; i++)
		if (!h->self_comm[0] || v[i].ppid != h->self ||
		    strncmp(v[i].comm, h->self_comm, sizeof(v[i].comm)))
			v[n++] = v[i];
	*nr = n;
}

int holders_seccomp(const struct holders *h, struct holder **out, size_t *nr)
{
	*out = NULL;
	*nr = 0;
	if (h->source != PROG_HOLDERS_ITERATOR || !h->iter || !holders_iter_counts_seccomp(h->iter))
		return -ENODATA;
	return holders_records(h, HOLDER_BIT(HOLDER_SECCOMP), out, nr);
}

int holders_records(const struct holders *h, unsigned kinds, struct holder **out, size_t *nr)
{
	int err = 0;

	*out = NULL;
	*nr = 0;
	if (h->source == PROG_HOLDERS_ITERATOR && h->iter)
		err = holders_iter_records(h->iter, kinds, out, nr);
	else if (h->source == PROG_HOLDERS_PROC && h->scan)
		err = fdscan_records(h->scan, kinds, out, nr);
	if (!err && *out)
		holders_drop_children(h, *out, nr);
	if (!*nr) {
		free(*out);
		*out = NULL;
	}
	return err;
}
