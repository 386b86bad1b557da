# Sourced by the script tests: where things are, and how to fail or skip.
# Automake's harness reads the exit status: 0 pass, 77 skip, anything else fail.
set -u
: "${srcdir:=.}" "${builddir:=.}"
BPFKNOBS=$builddir/bpfknobs
TREES=$srcdir/tests/fixtures/trees
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bpfknobs-test.XXXXXX")
# A test that sets its own EXIT trap calls lib_cleanup (or screen_cleanup) from it.
lib_cleanup() {
	unload_programs
	rm -rf "$TEST_TMP"
}
trap lib_cleanup EXIT

fail() { echo "FAIL: $*" >&2; exit 1; }

# In CI nothing may skip: a missing tool or privilege there is a broken setup.
skip() {
	if [ -n "${CI:-}" ]; then
		echo "FAIL: would skip in CI, where every test must run: $*" >&2
		exit 1
	fi
	echo "SKIP: $*"
	exit 77
}

need_root() { [ "$(id -u)" = 0 ] || skip "needs root; run 'make check' as root"; }
need_cmd() { command -v "$1" >/dev/null 2>&1 || skip "needs $1 (apt-get install $2)"; }

# expect_eq WHAT GOT WANT
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }
# expect_match WHAT TEXT REGEX (grep -E)
expect_match() { printf '%s' "$2" | grep -Eq -- "$3" || fail "$1: '$2' does not match /$3/"; }

# Runs bpfknobs as uid/gid 65534 with no capabilities left.
as_nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all "$@"
}

# Holds the kernel-knob lock for the rest of the script (see tests/lib/fixture.h):
# "exclusive" for a test that changes a real knob or registers something
# kernel-wide that another test would see (a struct_ops congestion
# control), "shared" for one that compares against real knobs.
KERNEL_LOCK=/tmp/bpfknobs-tests-kernel.lock
lock_kernel() {
	if [ -e "$KERNEL_LOCK" ] && [ ! -w "$KERNEL_LOCK" ]; then
		exec 9<"$KERNEL_LOCK" # root's file: flock needs only an open descriptor
	else
		exec 9>>"$KERNEL_LOCK"
	fi
	if [ "$1" = exclusive ]; then flock -x 9; else flock -s 9; fi
}

# ---------------------------------------------------------------------------
# BPF programs for a test: tests/helpers/progs_loader loads them and holds them until
# its stdin, a fifo this shell keeps open on a descriptor of its own (3 to 8),
# reaches EOF. Should the test die outright, the kernel closes that descriptor
# and the loader unloads its programs and exits by itself.
LOADER_PIDS=     # every loader started, stopped by unload_programs
LOADER_NEXT_FD=3

# load_program KIND [COUNT]: starts progs_loader --kind KIND --count COUNT
# (default 1; LOADER=objs_loader for that loader's kinds) and waits until it
# printed the id of every program. Sets
# LOADER_PID, LOADED (its "id<TAB>name" lines, a file) and LOADED_IDS.
# The loader gets none of this shell's descriptors 3 to 9: not the kernel
# lock (9), whose holder would block the tests that change knobs, nor
# another loader's fifo, which would keep that one from seeing EOF.
load_program() {
	lp_loader=$(cd "$builddir" && pwd)/tests/helpers/${LOADER:-progs_loader}
	[ -x "$lp_loader" ] || skip "tests/helpers/${LOADER:-progs_loader} is not built"
	[ "$LOADER_NEXT_FD" -le 8 ] || fail "load_program: more than six loaders at once"
	lp_fd=$LOADER_NEXT_FD
	LOADER_NEXT_FD=$((LOADER_NEXT_FD + 1))
	lp_fifo=$TEST_TMP/loader.$lp_fd.in
	LOADED=$TEST_TMP/loader.$lp_fd.ids
	mkfifo "$lp_fifo" || fail "load_program: cannot make $lp_fifo"
	: >"$LOADED" # before the loader opens it, which may come after the fifo
	"$lp_loader" --kind "$1" --count "${2:-1}" <"$lp_fifo" >"$LOADED" \
		2>"$TEST_TMP/loader.$lp_fd.err" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	LOADER_PID=$!
	LOADER_PIDS="$LOADER_PIDS $LOADER_PID"
	eval "LOADER_FD_$LOADER_PID=$lp_fd"
	eval "exec $lp_fd>\"\$lp_fifo\""
	lp_i=0
	while [ "$(wc -l <"$LOADED")" -lt "${2:-1}" ]; do
		kill -0 "$LOADER_PID" 2>/dev/null ||
			fail "${LOADER:-progs_loader} --kind $1 failed: $(cat "$TEST_TMP/loader.$lp_fd.err")"
		lp_i=$((lp_i + 1))
		[ $lp_i -le 100 ] || fail "${LOADER:-progs_loader} --kind $1 printed no ids within 10 s"
		sleep 0.1
	done
	LOADED_IDS=$(cut -f1 "$LOADED" | tr '\n' ' ')
	LOADED_IDS=${LOADED_IDS% }
}

# unload_program PID: closes the loader's fifo (it unloads its programs and
# exits); one that is still there after 5 s is stopped with SIGTERM.
unload_program() {
	eval "up_fd=\${LOADER_FD_$1:-}"
	[ -n "$up_fd" ] || return 0
	eval "exec $up_fd>&-"
	eval "LOADER_FD_$1="
	up_i=0
	# a loader that exited and is not reaped yet is a zombie: gone too
	while [ "$(sed -n 's/.*) \([A-Z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ] &&
		kill -0 "$1" 2>/dev/null && [ $up_i -lt 50 ]; do
		sleep 0.1
		up_i=$((up_i + 1))
	done
	[ $up_i -lt 50 ] || kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}

unload_programs() {
	for ups_pid in $LOADER_PIDS; do
		unload_program "$ups_pid"
	done
	LOADER_PIDS=
}

# program_facts ID: what bpftool says of program ID, the expectation a test
# holds bpfknobs to: its tag in PROG_TAG, its JITed size in bytes in
# PROG_JITED.
program_facts() {
	pf_show=$(bpftool prog show id "$1") || fail "bpftool does not know program $1"
	PROG_TAG=$(printf '%s\n' "$pf_show" | sed -n 's/.* tag \([0-9a-f]\{16\}\).*/\1/p')
	PROG_JITED=$(printf '%s\n' "$pf_show" | sed -n 's/.* jited \([0-9]*\)B.*/\1/p')
	[ -n "$PROG_TAG" ] && [ -n "$PROG_JITED" ] ||
		fail "bpftool's output has no tag or size: $pf_show"
}

# ---------------------------------------------------------------------------
# Golden files: whole outputs on the captured trees, compared byte for byte
# with tests/golden/GROUP/NAME (tig's expected screens). What legitimately
# varies is pinned, never skipped over: the --proc path is the same relative
# path in every build (golden_cd), the version's digits are masked
# (golden_pin), and the privileges are root's (golden_need_root).
# "make update-golden" runs the same tests with GOLDEN_UPDATE=1, which writes
# the files instead of comparing them.

# golden_init GROUP: the golden files of this script are tests/golden/GROUP/*.
golden_init() {
	GOLDEN_GROUP=$1
	GOLDEN_DIR=$(cd "$srcdir" && pwd)/tests/golden/$1 # absolute: golden_cd moves
	GOLDEN_NAMES=
	GOLDEN_DIFFERS=
	GOLDEN_BUILDDIR=$(cd "$builddir" && pwd)
	GOLDEN_BIN=$GOLDEN_BUILDDIR/bpfknobs
	gi_name=$(sed -n 's/^#define PACKAGE_NAME "\(.*\)"$/\1/p' "$builddir/config.h")
	gi_version=$(sed -n 's/^#define PACKAGE_VERSION "\(.*\)"$/\1/p' "$builddir/config.h")
	[ -n "$gi_name" ] && [ -n "$gi_version" ] || fail "no PACKAGE_NAME or PACKAGE_VERSION in $builddir/config.h"
	# "bpfknobs 0.1.0" as a sed pattern, and its mask of the same width
	GOLDEN_VERSION_RE=$(printf '%s %s' "$gi_name" "$gi_version" | sed 's/[].[*^$\/]/\\&/g')
	GOLDEN_VERSION_MASK="$gi_name $(printf '%s' "$gi_version" | tr 0-9 N)"
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		mkdir -p "$GOLDEN_DIR" || fail "cannot make $GOLDEN_DIR"
	fi
}

# The golden files show what root sees: uid 0 with CAP_SYS_ADMIN, CAP_BPF,
# CAP_SYSLOG and CAP_NET_ADMIN (the Privileges and Access lines, the
# privileges of --json, the header of the browser).
golden_need_root() {
	[ "$(id -u)" = 0 ] ||
		skip "the golden files hold what root sees (uid 0, its capabilities); run 'make check' as root"
	gnr_caps=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
	for gnr_cap in 21:CAP_SYS_ADMIN 39:CAP_BPF 34:CAP_SYSLOG 12:CAP_NET_ADMIN; do
		[ $(((0x$gnr_caps >> ${gnr_cap%%:*}) & 1)) = 1 ] ||
			skip "the golden files hold what root with ${gnr_cap#*:} sees; this root lacks it"
	done
}

# golden_cd: runs in the source tree, so that --proc tests/fixtures/trees/NAME
# is the same path (and the same width on the page) in every build tree,
# distcheck's included. Only reads there.
golden_cd() {
	cd "$srcdir" || fail "cannot enter $srcdir"
	GOLDEN_TREES=tests/fixtures/trees
}

# golden_pin <OUTPUT >PINNED: "bpfknobs 0.1.0" becomes "bpfknobs N.N.N", so a
# new release of the same width changes no golden file.
golden_pin() {
	sed "s/$GOLDEN_VERSION_RE/$GOLDEN_VERSION_MASK/g"
}

# golden_check NAME FILE WHAT: FILE (pinned) is tests/golden/GROUP/NAME byte
# for byte; else the unified diff. WHAT says what FILE is, for the message.
golden_check() {
	GOLDEN_NAMES="$GOLDEN_NAMES $1"
	gc_want=$GOLDEN_DIR/$1
	gc_shown=tests/golden/$GOLDEN_GROUP/$1
	if [ -n "${GOLDEN_UPDATE:-}" ]; then
		if cmp -s "$2" "$gc_want"; then
			echo "unchanged: $gc_shown"
		else
			cp "$2" "$gc_want" || fail "cannot write $gc_want"
			echo "written:   $gc_shown"
		fi
		return 0
	fi
	if [ ! -f "$gc_want" ]; then
		echo "FAIL: $3: there is no golden file $gc_shown" >&2
	elif cmp -s "$gc_want" "$2"; then
		echo "same as $gc_shown: $3"
		return 0
	else
		echo "FAIL: $3 differs from $gc_shown (-: the golden file, +: now):" >&2
		diff -u --label "$gc_shown" --label "$3, now" "$gc_want" "$2" >&2
	fi
	GOLDEN_DIFFERS="$GOLDEN_DIFFERS $1"
}

# golden_done: every golden file of the group was compared (a file no test
# makes any more is stale); fails after showing every difference, with the
# command that updates the files if the change is intended.
golden_done() {
	for gd_file in "$GOLDEN_DIR"/*; do
		[ -e "$gd_file" ] || continue
		gd_name=${gd_file##*/}
		case " $GOLDEN_NAMES " in *" $gd_name "*) continue ;; esac
		if [ -n "${GOLDEN_UPDATE:-}" ]; then
			rm -f "$gd_file" || fail "cannot remove $gd_file"
			echo "removed:   tests/golden/$GOLDEN_GROUP/$gd_name (no test makes it any more)"
		else
			echo "FAIL: tests/golden/$GOLDEN_GROUP/$gd_name is compared by no test" >&2
			GOLDEN_DIFFERS="$GOLDEN_DIFFERS $gd_name"
		fi
	done
	[ -n "$GOLDEN_DIFFERS" ] || return 0
	cat >&2 <<EOM
FAIL: not as in tests/golden/$GOLDEN_GROUP:$GOLDEN_DIFFERS
If the change is intended, rewrite the golden files from this build with
    make -C $GOLDEN_BUILDDIR update-golden
then read "git diff tests/golden" and commit it with the change.
EOM
	exit 1
}
