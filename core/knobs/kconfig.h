/* The kernel build options that decide what the knobs allow and default to,
 * read from /proc/config.gz or /boot/config-<release> as bpftool does. */
#ifndef BPFKNOBS_KNOBS_KCONFIG_H
#define BPFKNOBS_KNOBS_KCONFIG_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#include "base/procroot.h"

enum kconfig_opt {
	KCONFIG_BPF_SYSCALL,
	KCONFIG_HAVE_EBPF_JIT,
	KCONFIG_BPF_JIT,
	KCONFIG_BPF_JIT_ALWAYS_ON,
	KCONFIG_BPF_JIT_DEFAULT_ON,
	KCONFIG_BPF_UNPRIV_DEFAULT_OFF,
	KCONFIG_X86_64,
	KCONFIG_RANDOMIZE_BASE, /* with X86_64, sizes the JIT area and so bpf_jit_limit's maximum */
	KCONFIG_KALLSYMS_ALL,   /* data symbols in /proc/kallsyms: bpf_jit_current, read exactly */
	KCONFIG__KNOBS, /* the options above decide the knobs; the header's Config line */
	/* What decides who may do what with eBPF beside the knobs (reach/) */
	KCONFIG_BPF_LSM = KCONFIG__KNOBS, /* BPF_PROG_TYPE_LSM and the bpf LSM */
	KCONFIG_SECURITY_LOCKDOWN_LSM,
	KCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY,
	KCONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY,
	KCONFIG_BPF_EVENTS,      /* kprobe, tracepoint, perf_event, raw_tracepoint, tracing */
	KCONFIG_KPROBES,
	KCONFIG_CGROUP_BPF,      /* the cgroup_* program types */
	KCONFIG_BPF_LIRC_MODE2,  /* lirc_mode2 */
	KCONFIG_XDP_SOCKETS,     /* xskmap */
	KCONFIG_USER_NS,         /* user namespaces, so BPF tokens */
	KCONFIG_DEBUG_INFO_BTF,  /* the kernel's BTF: tracing, lsm and struct_ops need it */
	KCONFIG__COUNT,
};

enum kconfig_state {
	KCONFIG_UNKNOWN, /* no config file was found */
	KCONFIG_NOT_SET,
	KCONFIG_YES,
	KCONFIG_MODULE,
};

struct kconfig {
	int error;              /* 0, or -errno of the last place tried */
	char source[PATH_MAX];  /* the file read (or found unusable), "" when none */
	mode_t source_mode;     /* what source is, when error is -SAFE_READ_ENOTREG */
	enum kconfig_state opt[KCONFIG__COUNT];
};

/* "CONFIG_BPF_JIT" */
const char *kconfig_name(enum kconfig_opt opt);

/* As a config file writes it: "y", "m", "n"; NULL when unknown. */
const char *kconfig_state_name(enum kconfig_state state);

/* Tries <proc>/config.gz, then <boot>/config-<release> (either may be plain
 * or gzip). When neither is readable every option is KCONFIG_UNKNOWN and
 * cfg->error says why; the return value is that error. */
int kconfig_load(struct kconfig *cfg, const struct procroot *root, const char *release);

/* A config is about 300 KB (60 KB gzipped); this is far more than any real
 * one holds, plain or once unpacked. */
#define KCONFIG_MAX_BYTES (16u << 20)

/* Reads one config file, gzip or plain: a regular file of at most
 * KCONFIG_MAX_BYTES (see safe_read.h), -EFBIG when it or its unpacked text
 * is larger, -EIO for a damaged gzip stream, -ENODATA for no CONFIG_ line. */
int kconfig_load_file(struct kconfig *cfg, const char *path);
/* The same from an open fd, which is closed. cfg->source is left alone. */
int kconfig_load_fd(struct kconfig *cfg, int fd);

/* Applies one line of a config file ("CONFIG_X=y", "# CONFIG_X is not set"). */
void kconfig_parse_line(struct kconfig *cfg, const char *line);

static inline bool kconfig_is_set(const struct kconfig *cfg, enum kconfig_opt opt)
{
	return cfg->opt[opt] == KCONFIG_YES || cfg->opt[opt] == KCONFIG_MODULE;
}

#endif
