# Sourced by the tests/cli/test_fleet_*.sh scripts after tests/lib/lib.sh.

# run STATUS ARGS...: bpfknobs with ARGS must exit STATUS; its standard
# output is then in $out, its standard error in $err.
run() {
	want=$1
	shift
	status=0
	"$BPFKNOBS" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || status=$?
	out=$(cat "$TEST_TMP/out") err=$(cat "$TEST_TMP/err")
	[ "$status" = "$want" ] || fail "bpfknobs $*: exit $status, want $want; out: $out; err: $err"
}
