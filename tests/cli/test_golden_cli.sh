# The whole --list and --json of every captured tree, byte for byte against
# tests/golden/cli/: layout, alignment, wrapping and every word, which the
# phrase checks of test_cli_fixtures.sh cannot see. --list at 80 columns
# (its width when the output is no terminal) and at 132 (a terminal that
# wide, through script(1)); --json once. "make update-golden" rewrites the
# files when a change is intended.
. "$srcdir/tests/lib/lib.sh"
golden_need_root
need_cmd script util-linux
need_cmd diff diffutils
golden_init cli
golden_cd

# The environment is pinned as in the screen tests; no COLUMNS, so that a
# terminal's width is what --list goes by.
run() {
	env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 TZ=UTC HOME="$TEST_TMP" "$@"
}

# On a terminal COLS wide (a pseudo-terminal of script(1), whose stdin is
# /dev/null here as in CI): stty sets the width, -onlcr keeps the newlines
# as they are written.
cat >"$TEST_TMP/tty.sh" <<'EOS'
cols=$1
shift
stty cols "$cols" rows 50 -onlcr || exit 125
exec "$@"
EOS
on_terminal() {
	cols=$1
	shift
	run script -q -e -c "sh '$TEST_TMP/tty.sh' $cols $*" /dev/null </dev/null
}

for tree in locked container garbage debian-5.10 debian-6.1 debian-7.3; do
	proc=$GOLDEN_TREES/$tree
	run "$GOLDEN_BIN" --list --proc "$proc" </dev/null >"$TEST_TMP/out" ||
		fail "--list --proc $proc exited $?"
	golden_pin <"$TEST_TMP/out" >"$TEST_TMP/list-$tree-80.txt"
	golden_check "list-$tree-80.txt" "$TEST_TMP/list-$tree-80.txt" \
		"bpfknobs --list --proc $proc (not a terminal: 80 columns)"

	on_terminal 132 "'$GOLDEN_BIN'" --list --proc "$proc" >"$TEST_TMP/out" ||
		fail "--list --proc $proc on a 132-column terminal exited $?"
	golden_pin <"$TEST_TMP/out" >"$TEST_TMP/list-$tree-132.txt"
	golden_check "list-$tree-132.txt" "$TEST_TMP/list-$tree-132.txt" \
		"bpfknobs --list --proc $proc on a 132-column terminal"

	run "$GOLDEN_BIN" --json --proc "$proc" </dev/null >"$TEST_TMP/out" ||
		fail "--json --proc $proc exited $?"
	golden_pin <"$TEST_TMP/out" >"$TEST_TMP/json-$tree.json"
	golden_check "json-$tree.json" "$TEST_TMP/json-$tree.json" "bpfknobs --json --proc $proc"
done
golden_done
exit 0
