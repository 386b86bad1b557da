#include "knobs/kconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "base/safe_read.h"
#include "base/vec.h"

static const char *const kconfig_names[KCONFIG__COUNT] = {
	[KCONFIG_BPF_SYSCALL] = "CONFIG_BPF_SYSCALL",
	[KCONFIG_HAVE_EBPF_JIT] = "CONFIG_HAVE_EBPF_JIT",
	[KCONFIG_BPF_JIT] = "CONFIG_BPF_JIT",
	[KCONFIG_BPF_JIT_ALWAYS_ON] = "CONFIG_BPF_JIT_ALWAYS_ON",
	[KCONFIG_BPF_JIT_DEFAULT_ON] = "CONFIG_BPF_JIT_DEFAULT_ON",
	[KCONFIG_BPF_UNPRIV_DEFAULT_OFF] = "CONFIG_BPF_UNPRIV_DEFAULT_OFF",
	[KCONFIG_X86_64] = "CONFIG_X86_64",
	[KCONFIG_RANDOMIZE_BASE] = "CONFIG_RANDOMIZE_BASE",
	[KCONFIG_KALLSYMS_ALL] = "CONFIG_KALLSYMS_ALL",
	[KCONFIG_BPF_LSM] = "CONFIG_BPF_LSM",
	[KCONFIG_SECURITY_LOCKDOWN_LSM] = "CONFIG_SECURITY_LOCKDOWN_LSM",
	[KCONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY] = "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY",
	[KCONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY] =
		"CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY",
	[KCONFIG_BPF_EVENTS] = "CONFIG_BPF_EVENTS",
	[KCONFIG_KPROBES] = "CONFIG_KPROBES",
	[KCONFIG_CGROUP_BPF] = "CONFIG_CGROUP_BPF",
	[KCONFIG_BPF_LIRC_MODE2] = "CONFIG_BPF_LIRC_MODE2",
	[KCONFIG_XDP_SOCKETS] = "CONFIG_XDP_SOCKETS",
	[KCONFIG_USER_NS] = "CONFIG_USER_NS",
	[KCONFIG_DEBUG_INFO_BTF] = "CONFIG_DEBUG_INFO_BTF",
};

const char *kconfig_state_name(enum kconfig_state state)
{
	static const char *const names[] = {
		[KCONFIG_UNKNOWN] = NULL, [KCONFIG_NOT_SET] = "n",
		[KCONFIG_YES] = "y", [KCONFIG_MODULE] = "m",
	};

	return names[state];
}

const char *kconfig_name(enum kconfig_opt opt)
{
	return opt < KCONFIG__COUNT ? kconfig_names[opt] : "?";
}

static void kconfig_set(struct kconfig *cfg, const char *name, size_t len, enum kconfig_state st)
{
	for (int i = 0; i < KCONFIG__COUNT; i++)
		if (strlen(kconfig_names[i]) == len && !memcmp(kconfig_names[i], name, len))
			cfg->opt[i] = st;
}

void kconfig_parse_line(struct kconfig *cfg, const char *line)
{
	const char *eq;

	if (!strncmp(line, "# CONFIG_", 9)) {
		const char *name = line + 2, *sp = strchr(name, ' ');

		if (sp && !strncmp(sp, " is not set", 11))
			kconfig_set(cfg, name, (size_t)(sp - name), KCONFIG_NOT_SET);
		return;
	}
	if (strncmp(line, "CONFIG_", 7) || !(eq = strchr(line, '=')))
		return;
	if (eq[1] == 'y')
		kconfig_set(cfg, line, (size_t)(eq - line), KCONFIG_YES);
	else if (eq[1] == 'm')
		kconfig_set(cfg, line, (size_t)(eq - line), KCONFIG_MODULE);
	else if (eq[1] == 'n')
		kconfig_set(cfg, line, (size_t)(eq - line), KCONFIG_NOT_SET);
}

/* Applies every whole line of text (NUL-terminated, len bytes), however
 * long: a line cut at a buffer's size would read a long comment's tail as
 * an option. Returns how many lines name a CONFIG_ option. */
static size_t kconfig_parse_text(struct kconfig *cfg, char *text, size_t len)
{
	char *p = text, *end = text + len;
	size_t config_lines = 0;

	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (nl)
			*nl = '\0';
		config_lines += strstr(p, "CONFIG_") != NULL;
		kconfig_parse_line(cfg, p);
		p = nl ? nl + 1 : end;
	}
	return config_lines;
}

/* All of fd, gunzipped when it is gzip (zlib reads plain files through the
 * same calls, so one path serves both), at most KCONFIG_MAX_BYTES of text. */
static int kconfig_read_text(int fd, char **text, size_t *len)
{
	size_t room = 0, used = 0; /* room keeps a byte for the NUL */
	char *buf = NULL;
	int zerr = Z_OK, err = 0;
	gzFile gz;

	*text = NULL;
	gz = VEC_RESERVE(buf, room, 64 * 1024 + 1) ? NULL : gzdopen(fd, "rb");
	if (!gz) {
		free(buf);
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		int n;

		if (used + 1 == room) {
			/* a gzip bomb stops here, not when memory runs out */
			if (used > KCONFIG_MAX_BYTES) {
				err = -EFBIG;
				break;
			}
			if (VEC_RESERVE(buf, room, room + 1)) {
				err = -ENOMEM;
				break;
			}
		}
		n = gzread(gz, buf + used, (unsigned)(room - 1 - used));
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	/* Z_BUF_ERROR here means the gzip stream was cut short. */
	gzerror(gz, &zerr);
	gzclose(gz);
	if (!err && zerr != Z_OK)
		err = -EIO;
	if (!err && used > KCONFIG_MAX_BYTES)
		err = -EFBIG;
	if (err) {
		free(buf);
		return err;
	}
	buf[used] = '\0';
	*text = buf;
	*len = used;
	return 0;
}

int kconfig_load_fd(struct kconfig *cfg, int fd)
{
	size_t len, config_lines;
	char *text;
	int err;

	for (int i = 0; i < KCONFIG__COUNT; i++)
		cfg->opt[i] = KCONFIG_UNKNOWN;
	err = kconfig_read_text(fd, &text, &len);
	if (err)
		return err;
	for (int i = 0; i < KCONFIG__COUNT; i++)
		cfg->opt[i] = KCONFIG_NOT_SET; /* an option missing from a config is not set */
	config_lines = kconfig_parse_text(cfg, text, len);
	free(text);
	if (config_lines == 0) {
		for (int i = 0; i < KCONFIG__COUNT; i++)
			cfg->opt[i] = KCONFIG_UNKNOWN;
		return -ENODATA;
	}
	return 0;
}

int kconfig_load_file(struct kconfig *cfg, const char *path)
{
	int fd, err;

	snprintf(cfg->source, sizeof(cfg->source), "%s", path);
	for (int i = 0; i < KCONFIG__COUNT; i++)
		cfg->opt[i] = KCONFIG_UNKNOWN;
	fd = safe_open(path, 0, KCONFIG_MAX_BYTES, &cfg->source_mode);
	if (fd == -ENOENT)
		cfg->source[0] = '\0';
	if (fd < 0)
		return fd;
	err = kconfig_load_fd(cfg, fd);
	return err;
}

int kconfig_load(struct kconfig *cfg, const struct procroot *root, const char *release)
{
	char path[PATH_MAX + 64];
	int err;

	memset(cfg, 0, sizeof(*cfg));
	snprintf(path, sizeof(path), "%s/config.gz", root->proc);
	err = kconfig_load_file(cfg, path);
	if (err && release && release[0]) {
		snprintf(path, sizeof(path), "%s/config-%s", root->boot, release);
		char first[PATH_MAX];
		mode_t first_mode = cfg->source_mode;
		int boot_err;

		memcpy(first, cfg->source, sizeof(first));
		boot_err = kconfig_load_file(cfg, path);
		/* A damaged config.gz says more than a /boot that has none. */
		if (boot_err == -ENOENT && err != -ENOENT) {
			memcpy(cfg->source, first, sizeof(first));
			cfg->source_mode = first_mode;
		} else {
			err = boot_err;
		}
	}
	cfg->error = err;
	return err;
}
