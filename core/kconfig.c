#include "kconfig.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static const char *const kconfig_names[KCONFIG__COUNT] = {
	[KCONFIG_BPF_SYSCALL] = "CONFIG_BPF_SYSCALL",
	[KCONFIG_HAVE_EBPF_JIT] = "CONFIG_HAVE_EBPF_JIT",
	[KCONFIG_BPF_JIT] = "CONFIG_BPF_JIT",
	[KCONFIG_BPF_JIT_ALWAYS_ON] = "CONFIG_BPF_JIT_ALWAYS_ON",
	[KCONFIG_BPF_JIT_DEFAULT_ON] = "CONFIG_BPF_JIT_DEFAULT_ON",
	[KCONFIG_BPF_UNPRIV_DEFAULT_OFF] = "CONFIG_BPF_UNPRIV_DEFAULT_OFF",
	[KCONFIG_X86_64] = "CONFIG_X86_64",
	[KCONFIG_RANDOMIZE_BASE] = "CONFIG_RANDOMIZE_BASE",
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

int kconfig_load_file(struct kconfig *cfg, const char *path)
{
	char line[4096];
	gzFile gz;

	/* zlib reads plain files through the same calls, so one path serves both. */
	cfg->source[0] = '\0';
	gz = gzopen(path, "rb");
	if (!gz)
		return errno ? -errno : -ENOMEM;
	for (int i = 0; i < KCONFIG__COUNT; i++)
		cfg->opt[i] = KCONFIG_NOT_SET; /* an option missing from a config is not set */
	size_t config_lines = 0;
	while (gzgets(gz, line, sizeof(line))) {
		config_lines += strstr(line, "CONFIG_") != NULL;
		kconfig_parse_line(cfg, line);
	}
	/* Z_BUF_ERROR here means the gzip stream was cut short. */
	int zerr = Z_OK;
	gzerror(gz, &zerr);
	gzclose(gz);
	if (zerr != Z_OK || config_lines == 0) {
		for (int i = 0; i < KCONFIG__COUNT; i++)
			cfg->opt[i] = KCONFIG_UNKNOWN;
		snprintf(cfg->source, sizeof(cfg->source), "%s", path);
		return zerr != Z_OK ? -EIO : -ENODATA;
	}
	snprintf(cfg->source, sizeof(cfg->source), "%s", path);
	return 0;
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
		int boot_err;

		memcpy(first, cfg->source, sizeof(first));
		boot_err = kconfig_load_file(cfg, path);
		/* A damaged config.gz says more than a /boot that has none. */
		if (boot_err == -ENOENT && err != -ENOENT)
			memcpy(cfg->source, first, sizeof(first));
		else
			err = boot_err;
	}
	cfg->error = err;
	return err;
}
