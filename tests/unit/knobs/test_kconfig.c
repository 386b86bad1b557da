/* The kernel config: gzip or plain, /proc/config.gz first, then /boot. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lib/fixture.h"
#include "knobs/kconfig.h"

static void test_reads_gzipped_proc_config(void **state)
{
	struct fixture fx;
	struct procroot root;
	struct kconfig cfg;
	char want[PATH_MAX];

	(void)state;
	fixture_new(&fx);
	procroot_init(&root, fx.dir);
	assert_int_equal(kconfig_load(&cfg, &root, "6.18.0-test"), 0);
	fixture_path(&fx, "config.gz", want, sizeof(want));
	assert_string_equal(cfg.source, want);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_BPF_UNPRIV_DEFAULT_OFF], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_RANDOMIZE_BASE], KCONFIG_YES);
	fixture_free(&fx);
}

static void test_falls_back_to_plain_boot_config_of_this_release(void **state)
{
	struct fixture fx;
	struct procroot root;
	struct kconfig cfg;
	char want[PATH_MAX];

	(void)state;
	fixture_new(&fx);
	fixture_remove(&fx, "config.gz");
	fixture_write(&fx, "boot/config-6.1.0-other", fixture_config_always_on, (size_t)-1);
	fixture_write(&fx, "boot/config-6.18.0-test", fixture_config_plain_jit, (size_t)-1);
	procroot_init(&root, fx.dir);
	assert_int_equal(kconfig_load(&cfg, &root, "6.18.0-test"), 0);
	fixture_path(&fx, "boot/config-6.18.0-test", want, sizeof(want));
	assert_string_equal(cfg.source, want);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_NOT_SET);
	assert_int_equal(cfg.opt[KCONFIG_BPF_UNPRIV_DEFAULT_OFF], KCONFIG_NOT_SET);
	assert_int_equal(cfg.opt[KCONFIG_RANDOMIZE_BASE], KCONFIG_NOT_SET);
	fixture_free(&fx);
}

static void test_option_missing_from_a_config_is_not_set(void **state)
{
	struct fixture fx;
	struct kconfig cfg = { 0 };
	char path[PATH_MAX];

	(void)state;
	fixture_new_empty(&fx);
	fixture_write(&fx, "config", "CONFIG_BPF_SYSCALL=y\nCONFIG_BPF_JIT=m\n", (size_t)-1);
	fixture_path(&fx, "config", path, sizeof(path));
	assert_int_equal(kconfig_load_file(&cfg, path), 0);
	assert_int_equal(cfg.opt[KCONFIG_BPF_SYSCALL], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_MODULE);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_NOT_SET);
	fixture_free(&fx);
}

static void test_no_config_leaves_everything_unknown(void **state)
{
	struct fixture fx;
	struct procroot root;
	struct kconfig cfg;

	(void)state;
	fixture_new(&fx);
	fixture_remove(&fx, "config.gz");
	procroot_init(&root, fx.dir);
	assert_int_equal(kconfig_load(&cfg, &root, "6.18.0-test"), -ENOENT);
	assert_int_equal(cfg.error, -ENOENT);
	assert_string_equal(cfg.source, "");
	for (int i = 0; i < KCONFIG__COUNT; i++)
		assert_int_equal(cfg.opt[i], KCONFIG_UNKNOWN);
	fixture_free(&fx);
}

static void test_damaged_or_foreign_files_are_not_a_config(void **state)
{
	struct fixture fx;
	struct procroot root;
	struct kconfig cfg;
	char gz[PATH_MAX], cut[4096];
	FILE *f;
	size_t n;

	(void)state;
	fixture_new(&fx);
	procroot_init(&root, fx.dir);
	/* A gzip stream cut in half. */
	fixture_path(&fx, "config.gz", gz, sizeof(gz));
	f = fopen(gz, "rb");
	assert_non_null(f);
	n = fread(cut, 1, sizeof(cut), f);
	fclose(f);
	fixture_write(&fx, "config.gz", cut, n / 2);
	assert_int_equal(kconfig_load(&cfg, &root, NULL), -EIO);
	for (int i = 0; i < KCONFIG__COUNT; i++)
		assert_int_equal(cfg.opt[i], KCONFIG_UNKNOWN);
	/* Text that is no kernel config at all. */
	fixture_write(&fx, "config.gz", "hello\n", (size_t)-1);
	assert_int_equal(kconfig_load(&cfg, &root, NULL), -ENODATA);
	fixture_write(&fx, "config.gz", "", 0);
	assert_int_equal(kconfig_load(&cfg, &root, NULL), -ENODATA);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_UNKNOWN);
	fixture_free(&fx);
}

static void test_line_forms(void **state)
{
	struct kconfig cfg = { 0 };

	(void)state;
	kconfig_parse_line(&cfg, "# CONFIG_BPF_JIT is not set\n");
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_NOT_SET);
	kconfig_parse_line(&cfg, "CONFIG_BPF_JIT=y\n");
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_YES);
	/* A longer name that starts the same is another option. */
	kconfig_parse_line(&cfg, "# CONFIG_BPF_JIT_ALWAYS_ON is not set\n");
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT], KCONFIG_YES);
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_NOT_SET);
	kconfig_parse_line(&cfg, "CONFIG_BPF_JITTER=y\n");
	assert_int_equal(cfg.opt[KCONFIG_BPF_JIT_ALWAYS_ON], KCONFIG_NOT_SET);
	assert_string_equal(kconfig_name(KCONFIG_BPF_JIT_DEFAULT_ON), "CONFIG_BPF_JIT_DEFAULT_ON");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reads_gzipped_proc_config),
		cmocka_unit_test(test_falls_back_to_plain_boot_config_of_this_release),
		cmocka_unit_test(test_option_missing_from_a_config_is_not_set),
		cmocka_unit_test(test_no_config_leaves_everything_unknown),
		cmocka_unit_test(test_damaged_or_foreign_files_are_not_a_config),
		cmocka_unit_test(test_line_forms),
	};

	return cmocka_run_group_tests_name("kconfig", tests, NULL, NULL);
}
