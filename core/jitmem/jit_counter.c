/* The kernel's JIT memory counter, read by bpfknobs' BPF program (see
 * jit_counter.h). */
#include "jitmem/jit_counter.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "base/safe_read.h"
#include "jitmem/jit_counter.skel.h"
#include "progs/own.h"

#define JIT_COUNTER_SYMBOL "bpf_jit_current"
#define JIT_COUNTER_CHUNK (64 * 1024)
/* securityfs: "none integrity [confidentiality]" (security/lockdown/lockdown.c) */
#define JIT_COUNTER_LOCKDOWN_FILE "/sys/kernel/security/lockdown"

/* ctx[1] of the reader (jit_counter.bpf.c): which 32 bits it returns */
#define JIT_COUNTER_ERROR 0
#define JIT_COUNTER_LOW 1
#define JIT_COUNTER_HIGH 2
/* libbpf's first BPF_PROG_LOAD or BPF_MAP_CREATE in a process loads and
 * closes a probe program of its own first (probe_memcg_account(), from
 * bump_rlimit_memlock()), and a closed program's JIT image stays charged
 * until an RCU grace period and a work item later (bpf_prog_put() in
 * kernel/bpf/syscall.c): some milliseconds, tens under emulation. The
 * first reading waits this long after the load, then until the counter
 * stops falling. */
#define JIT_COUNTER_SETTLE_MS 50
#define JIT_COUNTER_SETTLE_STEP_MS 10
#define JIT_COUNTER_SETTLE_STEPS 10

struct jit_counter {
	bool looked_up;          /* the address lookup was made (found or not) */
	enum jit_counter_why lookup_why;
	int lookup_err;
	uint64_t addr;
	bool load_tried;         /* one try per reader: a refusal does not change */
	int load_err;
	enum jit_counter_why load_why;
	int fd;                  /* the reader program, -1 when not loaded */
	uint32_t prog_id;
	uint32_t jited_len;
	struct timespec loaded;  /* CLOCK_MONOTONIC of the load */
	bool settled;            /* a reading has waited out the load's probe */
};

/* One reader per process, whatever the number of sessions: every listing
 * then shows the same one program of ours, and a second session neither
 * loads another nor sees the first one's as a stranger's. */
static pthread_mutex_t jit_counter_lock = PTHREAD_MUTEX_INITIALIZER;
static struct jit_counter jit_counter_shared = { .fd = -1 };
static unsigned jit_counter_refs;

struct jit_counter *jit_counter_new(void)
{
	pthread_mutex_lock(&jit_counter_lock);
	jit_counter_refs++;
	pthread_mutex_unlock(&jit_counter_lock);
	return &jit_counter_shared;
}

void jit_counter_free(struct jit_counter *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&jit_counter_lock);
	if (jit_counter_refs && !--jit_counter_refs) {
		/* the last session: the reader goes, and a next one starts over */
		if (c->fd >= 0) {
			if (c->prog_id)
				own_remove(OWN_PROG, c->prog_id);
			close(c->fd);
		}
		*c = (struct jit_counter){ .fd = -1 };
	}
	pthread_mutex_unlock(&jit_counter_lock);
}

/* ---- the address ---- */

/* One line of the vmlinux part: "ffffffff8a2b3c40 b bpf_jit_current". */
static bool jit_counter_line(const char *line, size_t len, const char *name, uint64_t *addr)
{
	size_t name_len = strlen(name);
	const char *sp = memchr(line, ' ', len);
	uint64_t v = 0;

	/* the name starts after "ADDR T " */
	if (!sp || (size_t)(sp - line) + 3 + name_len != len || sp[2] != ' ' ||
	    memcmp(sp + 3, name, name_len))
		return false;
	for (const char *p = line; p < sp; p++) {
		int digit = *p >= '0' && *p <= '9'   ? *p - '0'
			    : *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
			    : *p >= 'A' && *p <= 'F' ? *p - 'A' + 10 : -1;

		if (digit < 0 || v >> 60)
			return false;
		v = v << 4 | (uint64_t)digit;
	}
	*addr = v;
	return sp > line;
}

int jit_counter_find_symbol(int fd, const char *name, uint64_t *addr)
{
	char *buf = malloc(JIT_COUNTER_CHUNK);
	size_t used = 0;
	int err = -ENOENT;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t n = read(fd, buf + used, JIT_COUNTER_CHUNK - used);
		size_t start = 0, end;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		used += (size_t)n;
		for (;;) {
			char *nl = memchr(buf + start, '\n', used - start);

			if (!nl && n > 0)
				break;
			end = nl ? (size_t)(nl - buf) : used;
			/* a module's or a program's symbol: the vmlinux part is over
			 * (s_show() in kernel/kallsyms.c writes "\t[module]" only
			 * after those) */
			if (memchr(buf + start, '\t', end - start))
				goto out;
			if (jit_counter_line(buf + start, end - start, name, addr)) {
				err = 0;
				goto out;
			}
			if (!nl)
				goto out; /* the end of the file */
			start = end + 1;
		}
		if (start == 0 && used == JIT_COUNTER_CHUNK)
			start = used; /* a line longer than a chunk is no symbol: skip it */
		memmove(buf, buf + start, used - start);
		used -= start;
	}
out:
	free(buf);
	return err;
}

static void jit_counter_lookup(struct jit_counter *c, const struct procroot *root,
			       const struct kconfig *kconfig)
{
	char path[PATH_MAX];
	int fd, err;

	c->looked_up = true;
	/* kallsyms lists data symbols only with CONFIG_KALLSYMS_ALL
	 * (scripts/kallsyms.c): no need to read some 120,000 lines to see it */
	if (kconfig && kconfig->opt[KCONFIG_KALLSYMS_ALL] == KCONFIG_NOT_SET) {
		c->lookup_why = JIT_COUNTER_NOT_LISTED;
		return;
	}
	c->lookup_why = JIT_COUNTER_KALLSYMS;
	err = procroot_path(root, "kallsyms", path, sizeof(path));
	fd = err ? err : safe_open(path, 0, SIZE_MAX, NULL);
	if (fd < 0) {
		c->lookup_err = fd;
		return;
	}
	err = jit_counter_find_symbol(fd, JIT_COUNTER_SYMBOL, &c->addr);
	close(fd);
	if (err == -ENOENT) {
		c->lookup_why = JIT_COUNTER_NOT_LISTED;
	} else if (err) {
		c->lookup_err = err;
	} else if (!c->addr) {
		/* kallsyms_show_value(): zeros for readers without CAP_SYSLOG or
		 * with kptr_restrict 2, decided when the file was opened */
		c->lookup_why = JIT_COUNTER_ADDR_HIDDEN;
	} else {
		c->lookup_why = JIT_COUNTER_OK;
	}
}

/* ---- the reader ---- */

static bool jit_counter_locked_down(void)
{
	char buf[128];
	size_t len;

	return !safe_read_buf(JIT_COUNTER_LOCKDOWN_FILE, buf, sizeof(buf), &len, NULL) &&
	       strstr(buf, "[confidentiality]");
}

/* The reader's instructions come from its object (the skeleton embeds it)
 * and go to the kernel in one BPF_PROG_LOAD. bpf_object__load() would
 * first load and close a few probe programs of its own (libbpf's feature
 * probes), and a closed program's JIT image stays charged until an RCU
 * grace period and a work item later (bpf_prog_put() in
 * kernel/bpf/syscall.c): the first reading would count them. The reader
 * needs no relocation (no maps, no global data, no subprograms), so its
 * instructions are final as the object holds them. */
static int jit_counter_load_prog(void)
{
	struct jit_counter_bpf *skel = jit_counter_bpf__open();
	const struct bpf_program *prog;
	int fd;

	if (!skel)
		return errno ? -errno : -EINVAL;
	prog = skel->progs.bpfknobs_jitmem;
	fd = bpf_prog_load(BPF_PROG_TYPE_RAW_TRACEPOINT, bpf_program__name(prog), "GPL",
			   bpf_program__insns(prog), bpf_program__insn_cnt(prog), NULL);
	jit_counter_bpf__destroy(skel);
	return fd;
}

static void jit_counter_load(struct jit_counter *c)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int err;

	c->load_tried = true;
	c->load_why = JIT_COUNTER_LOAD;
	if (jit_counter_locked_down()) {
		c->load_why = JIT_COUNTER_LOCKDOWN;
		return;
	}
	c->fd = jit_counter_load_prog();
	if (c->fd < 0) {
		c->load_err = c->fd;
		c->fd = -1;
		return;
	}
	err = own_add_prog_fd(c->fd, &c->prog_id);
	memset(&info, 0, sizeof(info));
	if (!err && bpf_obj_get_info_by_fd(c->fd, &info, &len))
		err = -errno;
	if (err) {
		c->load_err = err;
		if (c->prog_id)
			own_remove(OWN_PROG, c->prog_id);
		c->prog_id = 0;
		close(c->fd);
		c->fd = -1;
		return;
	}
	c->jited_len = info.jited_prog_len;
	c->load_why = JIT_COUNTER_OK;
	clock_gettime(CLOCK_MONOTONIC, &c->loaded);
}

/* One run of the reader: 0 and its return value in *ret, or -errno. */
static int jit_counter_run(const struct jit_counter *c, uint64_t what, uint32_t *ret)
{
	uint64_t args[2] = { c->addr, what };
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = args, .ctx_size_in = sizeof(args));

	if (bpf_prog_test_run_opts(c->fd, &opts))
		return -errno;
	*ret = opts.retval;
	return 0;
}

static void jit_counter_sleep_ms(long ms)
{
	struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = ms % 1000 * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

static long jit_counter_ms_since(const struct timespec *then)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - then->tv_sec) * 1000 + (now.tv_nsec - then->tv_nsec) / 1000000;
}

/* One reading: 0 and *raw, or the reason. */
static int jit_counter_once(const struct jit_counter *c, uint64_t *raw,
			    enum jit_counter_why *why)
{
	uint32_t error = 0, low = 0, high = 0;
	int err = jit_counter_run(c, JIT_COUNTER_ERROR, &error);

	if (!err)
		err = jit_counter_run(c, JIT_COUNTER_LOW, &low);
	if (!err)
		err = jit_counter_run(c, JIT_COUNTER_HIGH, &high);
	if (err) {
		*why = JIT_COUNTER_RUN;
		return err;
	}
	if (error) {
		*why = JIT_COUNTER_READ;
		return (int32_t)error;
	}
	/* the counter stays far below 4 GiB (the JIT area is smaller), so the
	 * two halves come from the same value */
	*raw = (uint64_t)high << 32 | low;
	return 0;
}

/* The first reading after the load: past JIT_COUNTER_SETTLE_MS, and then
 * until it stops falling (the probe's image is freed then). */
static int jit_counter_settle(struct jit_counter *c, uint64_t *raw, enum jit_counter_why *why)
{
	long waited = jit_counter_ms_since(&c->loaded);
	uint64_t next;
	int err;

	if (waited < JIT_COUNTER_SETTLE_MS)
		jit_counter_sleep_ms(JIT_COUNTER_SETTLE_MS - waited);
	err = jit_counter_once(c, raw, why);
	for (int i = 0; !err && i < JIT_COUNTER_SETTLE_STEPS; i++) {
		jit_counter_sleep_ms(JIT_COUNTER_SETTLE_STEP_MS);
		err = jit_counter_once(c, &next, why);
		if (err || next >= *raw)
			break;
		*raw = next;
	}
	c->settled = !err;
	return err;
}

static void jit_counter_prepare_locked(struct jit_counter *c, const struct procroot *root,
				      const struct privs *privs, const struct kconfig *kconfig)
{
	if (!root->live || (!privs->cap[PRIVS_CAP_SYS_ADMIN] && !privs->cap[PRIVS_CAP_BPF]))
		return;
	if (!c->looked_up)
		jit_counter_lookup(c, root, kconfig);
	if (c->lookup_why == JIT_COUNTER_OK && !c->load_tried)
		jit_counter_load(c);
}

void jit_counter_prepare(struct jit_counter *c, const struct procroot *root,
			 const struct privs *privs, const struct kconfig *kconfig)
{
	pthread_mutex_lock(&jit_counter_lock);
	jit_counter_prepare_locked(c, root, privs, kconfig);
	pthread_mutex_unlock(&jit_counter_lock);
}

static void jit_counter_read_locked(struct jit_counter *c, const struct procroot *root,
				    const struct privs *privs, const struct kconfig *kconfig,
				    struct jit_counter_result *out)
{
	enum jit_counter_why why = JIT_COUNTER_OK;
	int err;

	memset(out, 0, sizeof(*out));
	if (!root->live) {
		out->why = JIT_COUNTER_NOT_LIVE;
		return;
	}
	/* bpf_probe_read_kernel() is for tracing programs: loading one needs
	 * CAP_BPF and CAP_PERFMON, or CAP_SYS_ADMIN (bpf_prog_load()) */
	if (!privs->cap[PRIVS_CAP_SYS_ADMIN] && !privs->cap[PRIVS_CAP_BPF]) {
		out->why = JIT_COUNTER_NO_PRIVS;
		return;
	}
	jit_counter_prepare_locked(c, root, privs, kconfig);
	if (c->lookup_why != JIT_COUNTER_OK) {
		out->why = c->lookup_why;
		out->err = c->lookup_err;
		return;
	}
	if (c->load_why != JIT_COUNTER_OK) {
		out->why = c->load_why;
		out->err = c->load_err;
		return;
	}
	out->reader_id = c->prog_id;
	out->reader_jited_len = c->jited_len;
	err = c->settled ? jit_counter_once(c, &out->raw, &why) : jit_counter_settle(c, &out->raw, &why);
	if (err) {
		out->why = why;
		out->err = err;
		out->raw = 0;
	}
}

void jit_counter_read(struct jit_counter *c, const struct procroot *root,
		      const struct privs *privs, const struct kconfig *kconfig,
		      struct jit_counter_result *out)
{
	pthread_mutex_lock(&jit_counter_lock);
	jit_counter_read_locked(c, root, privs, kconfig, out);
	pthread_mutex_unlock(&jit_counter_lock);
}
