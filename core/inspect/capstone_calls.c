/* The capstone disassembler, opened on first use (see capstone_calls.h). */
#include "inspect/capstone_calls.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* the library the headers were built against: its soname carries the API's
 * major version (libcapstone.so.4 in Debian's libcapstone4) */
#define CAPSTONE_CALLS_STR(x) #x
#define CAPSTONE_CALLS_XSTR(x) CAPSTONE_CALLS_STR(x)
#define CAPSTONE_CALLS_SONAME "libcapstone.so." CAPSTONE_CALLS_XSTR(CS_API_MAJOR)

static struct capstone_calls capstone_calls_table;
static const struct capstone_calls *capstone_calls_opened;
static char capstone_calls_why[320];

static void *capstone_calls_sym(void *lib, const char *name, int *missing)
{
	void *sym = dlsym(lib, name);

	if (!sym && !*missing) {
		snprintf(capstone_calls_why, sizeof(capstone_calls_why),
			 "%s has no %s: it is not the capstone %d the program was built with",
			 CAPSTONE_CALLS_SONAME, name, CS_API_MAJOR);
		*missing = 1;
	}
	return sym;
}

static void capstone_calls_open(void)
{
	struct capstone_calls *c = &capstone_calls_table;
	int missing = 0, major = 0, minor = 0;
	void *lib = dlopen(CAPSTONE_CALLS_SONAME, RTLD_NOW | RTLD_LOCAL);
	__typeof__(cs_version) *version;

	if (!lib) {
		const char *err = dlerror();

		snprintf(capstone_calls_why, sizeof(capstone_calls_why),
			 "the disassembler cannot be loaded (%s), so the bytes are shown as they "
			 "are; install capstone's library (Debian: apt install libcapstone%d)",
			 err ? err : CAPSTONE_CALLS_SONAME, CS_API_MAJOR);
		return;
	}
	/* dlsym returns an object pointer; POSIX makes it a function's too */
	version = (__typeof__(cs_version) *)capstone_calls_sym(lib, "cs_version", &missing);
	c->open = (__typeof__(cs_open) *)capstone_calls_sym(lib, "cs_open", &missing);
	c->option = (__typeof__(cs_option) *)capstone_calls_sym(lib, "cs_option", &missing);
	c->malloc = (__typeof__(cs_malloc) *)capstone_calls_sym(lib, "cs_malloc", &missing);
	c->disasm_iter =
		(__typeof__(cs_disasm_iter) *)capstone_calls_sym(lib, "cs_disasm_iter", &missing);
	c->insn_group =
		(__typeof__(cs_insn_group) *)capstone_calls_sym(lib, "cs_insn_group", &missing);
	c->free = (__typeof__(cs_free) *)capstone_calls_sym(lib, "cs_free", &missing);
	c->close = (__typeof__(cs_close) *)capstone_calls_sym(lib, "cs_close", &missing);
	if (!missing)
		version(&major, &minor);
	if (!missing && major != CS_API_MAJOR) {
		snprintf(capstone_calls_why, sizeof(capstone_calls_why),
			 "%s is capstone %d, not the capstone %d the program was built with",
			 CAPSTONE_CALLS_SONAME, major, CS_API_MAJOR);
		missing = 1;
	}
	if (missing) {
		dlclose(lib);
		return;
	}
	/* kept open until exit: the calls are used for the rest of the run */
	capstone_calls_opened = c;
}

static pthread_once_t capstone_calls_once = PTHREAD_ONCE_INIT;

const struct capstone_calls *capstone_calls(void)
{
	pthread_once(&capstone_calls_once, capstone_calls_open);
	return capstone_calls_opened;
}

const char *capstone_calls_problem(void)
{
	return capstone_calls() ? NULL : capstone_calls_why;
}
