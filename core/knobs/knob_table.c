/* The five eBPF knobs and the related statistics switch, in the order the
 * tool shows them. Every statement here is checked against the kernel
 * source (v6.18, the functions each comment names) and the running kernel.
 * Where the kernel's own sysctl documentation disagrees (bpf_jit_kallsyms
 * "default 0", "root only"), it is out of date. */
#include "knobs/knob.h"

#define ROOT_AND_SYS_ADMIN "root with CAP_SYS_ADMIN"
#define ADMIN_READ "root with CAP_SYS_ADMIN: the file is mode 0600, and the kernel checks " \
		   "CAP_SYS_ADMIN on read too (the *_bpf_restricted handlers in " \
		   "net/core/sysctl_net_core.c)"

const struct knob_def knob_table[KNOB__COUNT] = {
	[KNOB_UNPRIV_DISABLED] = {
		.id = KNOB_UNPRIV_DISABLED,
		.name = "kernel.unprivileged_bpf_disabled",
		.rel_path = "sys/kernel/unprivileged_bpf_disabled",
		.summary = "whether users without CAP_BPF or CAP_SYS_ADMIN may load BPF programs",
		.kind = KNOB_CHOICE,
		.choices = {
			{ .value = 0, .label = "unprivileged BPF allowed",
			  /* the verifier still holds a loader without CAP_BPF to less:
			   * BPF-to-BPF calls are refused on 5.10 to 7.x (EPERM, make
			   * check-kernels) */
			  .meaning = "Any user may load socket-filter and cgroup-skb programs, as far "
			  "as the verifier allows a loader without CAP_BPF (no calls between "
			  "BPF functions, for one), and create the basic map types.",
			  .opens_to_users = true },
			{ .value = 1, .label = "disabled, locked until reboot",
			  .meaning = "Only holders of CAP_BPF or CAP_SYS_ADMIN may load programs or create "
			  "maps, and the kernel refuses every further change to this setting "
			  "until the next boot, even from root.",
			  .one_way = true },
			{ .value = 2, .label = "disabled, admin may change",
			  .meaning = "Only holders of CAP_BPF or CAP_SYS_ADMIN may load programs or create "
			  "maps; an administrator may still set 0 or 1." },
		},
		.default_rule = KNOB_DEFAULT_KCONFIG,
		.default_opt = KCONFIG_BPF_UNPRIV_DEFAULT_OFF,
		.default_if_set = 2,
		.default_value = 0,
		.read_access = KNOB_READ_ANYONE,
		.read_who = "anyone (mode 0644)",
		.write_who = ROOT_AND_SYS_ADMIN,
		.requires_opt = KCONFIG_BPF_SYSCALL,
		.recommended = 1,
		.recommended_by = "KSPP and kernel-hardening-checker",
		.tradeoff = "Unprivileged programs stop loading, which few systems need, and the "
			    "value cannot be changed again without a reboot. 2 blocks exactly the "
			    "same loads and keeps the choice open.",
		.takes_effect = "At once, for the next program load or map creation; programs "
				"and maps that exist already are not touched.",
		.facts = {
			/* bpf_prog_load() and map_create() check it since 6.5;
			 * before, __sys_bpf() refused every command. Debian's
			 * 6.1.176 has the change through a stable backport (a
			 * user's BPF_OBJ_GET works there at 2, make check-kernels),
			 * 5.10.223 does not. */
			{ .since = KVER(6, 5, 0),
			  .text = "It gates only loading programs and creating maps; other bpf() "
				  "commands keep their own checks." },
			{ .since = KVER(6, 1, 0), .until = KVER(6, 5, 0),
			  .text = "It gates only loading programs and creating maps; other bpf() "
				  "commands keep their own checks (measured on Debian's 6.1.176, "
				  "which has this change of 6.5; other builds before 6.5 may gate "
				  "every bpf() command)." },
			{ .until = KVER(6, 1, 0),
			  .text = "It gates every bpf() command for users without CAP_BPF or "
				  "CAP_SYS_ADMIN." },
			{ .text = "On x86 CPUs with eIBRS, setting 0 makes the kernel log a Spectre v2 "
				  "BHB warning and report unprivileged eBPF in "
				  "/sys/devices/system/cpu/vulnerabilities/spectre_v2." },
			{ .until = KVER(6, 4, 0),
			  .text = "On such CPUs merely reading the file logs the warning too." },
		},
		.explanation =
			"The gate for unprivileged eBPF. With it open, any local user can hand "
			"code to the kernel's verifier and JIT, which is how several "
			"privilege-escalation and Spectre-style bugs were reached, so most "
			"distributions build kernels that start with it closed (2). Value 1 "
			"closes the same gate and throws away the key: from then on the kernel "
			"answers every change with EPERM until reboot (bpf_unpriv_handler() in "
			"kernel/bpf/syscall.c). Writing a value outside 0..2 still fails with "
			"EINVAL first.",
	},
	[KNOB_JIT_ENABLE] = {
		.id = KNOB_JIT_ENABLE,
		.name = "net.core.bpf_jit_enable",
		.rel_path = "sys/net/core/bpf_jit_enable",
		.summary = "whether new BPF programs are compiled to machine code (JIT)",
		.kind = KNOB_CHOICE,
		.choices = {
			{ .value = 0, .label = "interpreter only",
			  .meaning = "Programs loaded from now on run in the in-kernel interpreter: slower, "
			  "more exposed to Spectre-style attacks, and without a JIT symbol." },
			{ .value = 1, .label = "JIT on",
			  .meaning = "Programs loaded from now on are compiled to native machine code." },
			{ .value = 2, .label = "JIT on, images dumped to the kernel log",
			  .meaning = "As 1, and every new JIT image is hex-dumped into the kernel log: for "
			  "debugging the JIT only, never on a production host." },
		},
		.pinned = true,
		.pinned_by = KCONFIG_BPF_JIT_ALWAYS_ON,
		.pinned_value = 1,
		.pinned_why = "this kernel is built with CONFIG_BPF_JIT_ALWAYS_ON: the interpreter "
			      "is compiled out and the kernel accepts only 1 (0 and 2 fail with EINVAL)",
		.default_rule = KNOB_DEFAULT_KCONFIG,
		.default_opt = KCONFIG_BPF_JIT_DEFAULT_ON,
		.default_if_set = 1,
		.default_value = 0,
		.read_access = KNOB_READ_ANYONE,
		.read_who = "anyone (mode 0644)",
		.write_who = ROOT_AND_SYS_ADMIN "; writing 2 also needs the right to see kernel "
			     "addresses (CAP_SYSLOG, kptr_restrict below 2), else EPERM",
		.requires_opt = KCONFIG_BPF_JIT,
		.init_netns_only = true,
		.recommended = 1,
		.recommended_by = "KSPP (through CONFIG_BPF_JIT_ALWAYS_ON=y, which pins it to 1)",
		.tradeoff = "None at run time: JITed programs are faster than interpreted ones and "
			    "the interpreter is the gadget Spectre v2 attacks on BPF relied on. "
			    "2 leaks JIT images and addresses into the kernel log.",
		.takes_effect = "Read when a program is loaded: a change affects only programs "
				"loaded afterwards; loaded programs keep running as they were loaded.",
		.effects = "A program loaded while the JIT is off has no JIT image, so it has no "
			   "symbol in /proc/kallsyms and no JIT size.",
		.explanation =
			"Chooses between compiling each new program to native code and "
			"interpreting it. Modern x86_64 and arm64 kernels start with the JIT on, "
			"and hardened builds remove the interpreter altogether "
			"(CONFIG_BPF_JIT_ALWAYS_ON), after which the file only ever reads 1 "
			"(proc_dointvec_minmax_bpf_enable() in net/core/sysctl_net_core.c).",
	},
	[KNOB_JIT_HARDEN] = {
		.id = KNOB_JIT_HARDEN,
		.name = "net.core.bpf_jit_harden",
		.rel_path = "sys/net/core/bpf_jit_harden",
		.summary = "constant blinding in the JIT, against JIT spraying",
		.kind = KNOB_CHOICE,
		.choices = {
			{ .value = 0, .label = "off",
			  .meaning = "The JIT emits the program's constants as they are." },
			{ .value = 1, .label = "blinding for unprivileged loaders",
			  .meaning = "Programs loaded without CAP_BPF get their constants blinded; every BPF "
			  "symbol disappears from /proc/kallsyms." },
			{ .value = 2, .label = "blinding for every loader",
			  .meaning = "Every program loaded from now on gets its constants blinded; every BPF "
			  "symbol disappears from /proc/kallsyms." },
		},
		.default_rule = KNOB_DEFAULT_CONSTANT,
		.default_value = 0,
		.read_access = KNOB_READ_ADMIN,
		.read_who = ADMIN_READ,
		.write_who = ROOT_AND_SYS_ADMIN,
		.requires_opt = KCONFIG_BPF_JIT,
		.init_netns_only = true,
		.recommended = 2,
		.recommended_by = "KSPP, kernel-hardening-checker, RHEL and Oracle Linux STIGs",
		.tradeoff = "Blinded JIT images are larger and a little slower, and /proc/kallsyms "
			    "stops naming BPF programs, so profilers that read it show bare "
			    "addresses.",
		.takes_effect = "Blinding applies to programs loaded afterwards. The /proc/kallsyms "
				"listing changes at once, for loaded programs too.",
		.effects = "Any non-zero value hides every BPF program's symbol from /proc/kallsyms, "
			   "whatever bpf_jit_kallsyms says (bpf_jit_kallsyms_enabled() in "
			   "include/linux/filter.h). Programs stay registered, so in-kernel stack "
			   "traces still name them.",
		.explanation =
			"JIT spraying plants attacker-chosen constants as executable bytes in "
			"kernel memory. Blinding XORs every constant with a random key at JIT "
			"time, so the emitted bytes are unpredictable. It costs a few extra "
			"instructions per constant, and while it is on the kernel does not list "
			"BPF symbols in /proc/kallsyms at all.",
	},
	[KNOB_JIT_KALLSYMS] = {
		.id = KNOB_JIT_KALLSYMS,
		.name = "net.core.bpf_jit_kallsyms",
		.rel_path = "sys/net/core/bpf_jit_kallsyms",
		.summary = "whether JITed programs are listed in /proc/kallsyms",
		.kind = KNOB_CHOICE,
		.choices = {
			{ .value = 0, .label = "not listed",
			  .meaning = "/proc/kallsyms shows no BPF program symbols." },
			{ .value = 1, .label = "listed",
			  .meaning = "JITed programs appear in /proc/kallsyms under [bpf], unless "
			  "bpf_jit_harden is non-zero." },
		},
		.default_rule = KNOB_DEFAULT_KCONFIG,
		.default_opt = KCONFIG_BPF_JIT_DEFAULT_ON,
		.default_if_set = 1,
		.default_value = 0,
		.read_access = KNOB_READ_ADMIN,
		.read_who = ADMIN_READ,
		.write_who = ROOT_AND_SYS_ADMIN,
		.requires_opt = KCONFIG_BPF_JIT,
		.init_netns_only = true,
		.recommended = 1,
		.recommended_by = "the kernel default (CONFIG_BPF_JIT_DEFAULT_ON); no hardening "
				  "guide asks for 0",
		.tradeoff = "Names give nothing away and addresses stay hidden from readers "
			    "without CAP_SYSLOG; 0 only leaves perf, bpftool and crash tools "
			    "without names for BPF code.",
		.takes_effect = "At once: the kernel checks it on every read of /proc/kallsyms, "
				"so loaded programs appear or vanish immediately.",
		.effects = "Only the listing changes: programs stay registered, so stack traces, "
			   "perf's ksymbol events and the addresses bpf() reports keep working. A "
			   "non-zero bpf_jit_harden hides the listing whatever this says. Every "
			   "reader sees the names; only readers allowed kernel pointers (CAP_SYSLOG, "
			   "kptr_restrict) see the addresses.",
		.explanation =
			"Decides whether /proc/kallsyms lists each JITed program and subprogram "
			"as bpf_prog_<tag>_<name>, so that profilers and stack dumps read from "
			"user space can name BPF code. The kernel documentation's \"default 0\" "
			"and \"privileged users only\" are out of date: kernels with "
			"CONFIG_BPF_JIT_DEFAULT_ON start at 1, and any reader sees the names.",
	},
	[KNOB_JIT_LIMIT] = {
		.id = KNOB_JIT_LIMIT,
		.name = "net.core.bpf_jit_limit",
		.rel_path = "sys/net/core/bpf_jit_limit",
		.summary = "the JIT memory beyond which the JIT refuses programs of unprivileged "
			   "loaders",
		.shows_jit_memory = true,
		.kind = KNOB_BYTES,
		.min = 1,
		.max_rule = KNOB_MAX_JIT_AREA,
		.range_meaning = "once all JIT images together use more than this, the kernel "
				 "refuses to JIT programs for loaders without CAP_BPF or "
				 "CAP_SYS_ADMIN",
		.default_rule = KNOB_DEFAULT_HALF_MAX,
		.read_access = KNOB_READ_ADMIN,
		.read_who = ADMIN_READ,
		.write_who = ROOT_AND_SYS_ADMIN,
		.requires_opt = KCONFIG_BPF_JIT,
		.init_netns_only = true,
		.recommend_default = true,
		.recommended_by = "the kernel default",
		.tradeoff = "A lower limit caps how much executable kernel memory unprivileged "
			    "users can make the kernel allocate, but past it their seccomp and "
			    "socket filters (browsers, container runtimes, sandboxed services) run "
			    "in the slower interpreter or fail to load, depending on the kernel.",
		.takes_effect = "At once, for the next JIT allocation. Lowering it frees nothing: "
				"it only refuses further unprivileged allocations.",
		.effects = "Every JIT image counts toward it, privileged or not, classic BPF from "
			   "seccomp and SO_ATTACH_FILTER included (bpf_jit_charge_modmem() in "
			   "kernel/bpf/core.c). The kernel keeps the sum in bpf_jit_current and "
			   "exports it nowhere. Where /proc/kallsyms lists that counter (kernels "
			   "built with CONFIG_KALLSYMS_ALL), bpfknobs reads it exactly with a BPF "
			   "program of its own, which needs CAP_BPF and CAP_PERFMON and is refused "
			   "under lockdown=confidentiality; elsewhere it adds up what the kernel "
			   "charges for each JIT image it can see, and says what it cannot.",
		/* What a load past the limit does was measured by booting Debian's
		 * kernels (make check-kernels, tests/kernels/); stable backports
		 * decide it, not the version alone, so the sentences say where it
		 * was measured. */
		.facts = {
			{ .if_opt = true, .opt = KCONFIG_BPF_JIT_ALWAYS_ON, .opt_set = true,
			  .text = "Past the limit an unprivileged load fails with ENOTSUPP (errno "
				  "524), classic filters (seccomp, SO_ATTACH_FILTER) included: a "
				  "kernel built with CONFIG_BPF_JIT_ALWAYS_ON has no interpreter to "
				  "fall back to.",
			  .brief = "unprivileged loads and classic filters then fail with errno 524" },
			{ .until = KVER(6, 1, 0), .if_opt = true,
			  .opt = KCONFIG_BPF_JIT_ALWAYS_ON, .opt_set = false,
			  .text = "Past the limit an unprivileged load runs in the interpreter, "
				  "classic filters (seccomp, SO_ATTACH_FILTER) included (measured on "
				  "Debian's 5.10.223; other builds may differ).",
			  .brief = "unprivileged loads and classic filters then run interpreted" },
			{ .since = KVER(6, 1, 0), .until = KVER(6, 2, 0), .if_opt = true,
			  .opt = KCONFIG_BPF_JIT_ALWAYS_ON, .opt_set = false,
			  .text = "Past the limit an unprivileged load fails with ENOTSUPP (errno "
				  "524), classic filters (seccomp, SO_ATTACH_FILTER) included, although "
				  "the interpreter is built in (measured on Debian's 6.1.176; other "
				  "builds may differ).",
			  .brief = "unprivileged loads and classic filters then fail with errno 524" },
			{ .since = KVER(6, 2, 0), .if_opt = true,
			  .opt = KCONFIG_BPF_JIT_ALWAYS_ON, .opt_set = false,
			  .text = "Past the limit an unprivileged load runs in the interpreter, "
				  "classic filters (seccomp, SO_ATTACH_FILTER) included (measured on "
				  "Debian's 6.12 and 7.x; other builds may differ).",
			  .brief = "unprivileged loads and classic filters then run interpreted" },
		},
		.explanation =
			"A ceiling on the executable memory the BPF JIT may take on behalf of "
			"unprivileged users, so they cannot exhaust the area the JIT shares with "
			"kernel modules. The kernel sets it at boot to half that area and refuses "
			"values above the area's size with EINVAL.",
	},
	[KNOB_STATS_ENABLED] = {
		/* Related, not one of the five: it protects nothing and decides
		 * nothing about the JIT; it decides what the kernel measures.
		 * bpf_stats_handler() (kernel/bpf/syscall.c): mode 0644, writes
		 * need CAP_SYS_ADMIN, 0..1 (else EINVAL). The file shows only its
		 * own vote on bpf_stats_enabled_key, which
		 * bpf_enable_runtime_stats() also raises while its fd is open. */
		.id = KNOB_STATS_ENABLED,
		.name = "kernel.bpf_stats_enabled",
		.rel_path = "sys/kernel/bpf_stats_enabled",
		.summary = "whether the kernel counts and times the runs of every BPF program",
		.related = true,
		.held_by_fds = true,
		.kind = KNOB_CHOICE,
		.choices = {
			{ .value = 0, .label = "off, unless a process holds statistics on",
			  .meaning = "The sysctl does not ask for statistics. The kernel still counts "
			  "runs and run time while any process holds a BPF_ENABLE_STATS file "
			  "descriptor (bpftop, bpfknobs --stats)." },
			{ .value = 1, .label = "on: every run counted and timed",
			  .meaning = "The kernel counts every run of every BPF program and adds up its "
			  "run time (run_cnt, run_time_ns), for everyone, until 0 is written." },
		},
		.default_rule = KNOB_DEFAULT_CONSTANT,
		.default_value = 0,
		.read_access = KNOB_READ_ANYONE,
		.read_who = "anyone (mode 0644)",
		.write_who = ROOT_AND_SYS_ADMIN,
		.requires_opt = KCONFIG_BPF_SYSCALL,
		/* No hardening guide names it (KSPP, kernel-hardening-checker,
		 * the STIGs): 0 is recommended for its cost alone, which is why
		 * --check's built-in profiles (fleet/check.c) do not check it. */
		.recommended = 0,
		.recommended_by = "bpfknobs, for the cost alone: no hardening guide names it, and "
				  "--check's built-in profiles leave it out",
		.tradeoff = "1 makes the kernel time every run of every program, for everyone, "
			    "until someone writes 0: tens of nanoseconds per run, which adds up on "
			    "a busy hook (XDP, tc, tracing). To look at costs, hold statistics with "
			    "a BPF_ENABLE_STATS file descriptor instead (bpfknobs --stats, "
			    "bpftop): they end when that process exits.",
		.takes_effect = "At once, for every loaded program: counting starts or stops at "
				"its next run. The counters are never reset; they stop moving.",
		.effects = "The file shows only its own setting: while a process holds a "
			   "BPF_ENABLE_STATS file descriptor, statistics are on and the file still "
			   "reads 0 (bpf_stats_handler() and bpf_enable_runtime_stats() in "
			   "kernel/bpf/syscall.c count votes on one switch).",
		.facts = {
			{ .until = KVER(5, 8, 0),
			  .text = "This kernel has no BPF_ENABLE_STATS command (it came in Linux "
				  "5.8): only the sysctl turns statistics on." },
		},
		.explanation =
			"bpftool prog show and bpftop can show how often a program ran and for "
			"how long only while statistics are on. Timing a run takes two clock "
			"reads around it (bpf_prog_run() while bpf_stats_enabled_key is on), so "
			"the kernel starts with statistics off. The counters (run_cnt, "
			"run_time_ns, and recursion_misses since Linux 5.12) count from the "
			"moment statistics were on for a program.",
	},
};

const size_t knob_count = KNOB__COUNT;

/* The names in knob_ids.h and the table agree (checked by test_knob). */
