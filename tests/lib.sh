# Sourced by the script tests: where things are, and how to fail or skip.
# Automake's harness reads the exit status: 0 pass, 77 skip, anything else fail.
set -u
: "${srcdir:=.}" "${builddir:=.}"
BPFKNOBS=$builddir/bpfknobs
TREES=$srcdir/tests/fixtures/trees
TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/bpfknobs-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT

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
