/* --dump-prog ID: a program's code, as text or JSON (inspect/dump_prog.c). */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "inspect/dump_prog.h"
#include "inspect/kernel_syms.h"

int cli_dump_prog(const struct procroot *root, const struct cli_args *args)
{
	struct kernel_syms ksyms;
	struct prog_code code;
	struct prog_code_env env = { .root = root, .ksyms = &ksyms };
	int err;

	if (!root->live) {
		fputs("bpfknobs: --dump-prog reads the running kernel, not a --proc tree.\n", stderr);
		return 2;
	}
	/* the whole of kallsyms, programs' JIT symbols too, as bpftool reads it:
	 * calls name helpers, kfuncs and subprograms by it */
	if (kernel_syms_read(root, true, &ksyms))
		env.ksyms = NULL;
	err = prog_code_read(args->dump_id, &env, &code);
	if (err) {
		fprintf(stderr, "bpfknobs: program %u: %s\n", args->dump_id, prog_code_error_text(err));
		if (env.ksyms)
			kernel_syms_free(&ksyms);
		return 1;
	}
	err = args->json ? dump_prog_json(&code, stdout) : dump_prog_text(&code, stdout);
	prog_code_free(&code);
	if (env.ksyms)
		kernel_syms_free(&ksyms);
	if (err) {
		fprintf(stderr, "bpfknobs: could not write program %u: %s\n", args->dump_id,
			strerror(-err));
		return 1;
	}
	return 0;
}
