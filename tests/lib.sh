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

# Holds the kernel-knob lock for the rest of the script (see tests/fixture.h):
# "exclusive" for a test that changes a real knob, "shared" for one that
# compares against real knobs.
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
# BPF programs for a test: tests/progs_loader loads them and holds them until
# its stdin, a fifo this shell keeps open on a descriptor of its own (3 to 8),
# reaches EOF. Should the test die outright, the kernel closes that descriptor
# and the loader unloads its programs and exits by itself.
LOADER_PIDS=     # every loader started, stopped by unload_programs
LOADER_NEXT_FD=3

# load_program KIND [COUNT]: starts progs_loader --kind KIND --count COUNT
# (default 1) and waits until it printed the id of every program. Sets
# LOADER_PID, LOADED (its "id<TAB>name" lines, a file) and LOADED_IDS.
# The loader gets none of this shell's descriptors 3 to 9: not the kernel
# lock (9), whose holder would block the tests that change knobs, nor
# another loader's fifo, which would keep that one from seeing EOF.
load_program() {
	lp_loader=$(cd "$builddir" && pwd)/tests/progs_loader
	[ -x "$lp_loader" ] || skip "tests/progs_loader is not built"
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
			fail "progs_loader --kind $1 failed: $(cat "$TEST_TMP/loader.$lp_fd.err")"
		lp_i=$((lp_i + 1))
		[ $lp_i -le 100 ] || fail "progs_loader --kind $1 printed no ids within 10 s"
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
