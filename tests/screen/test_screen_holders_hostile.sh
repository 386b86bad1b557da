# A host whose users hold many fds, to slow down whoever reads them all: as
# uid 65534, 40 processes of 10,000 fds (/dev/null) and 20 of 19,000
# duplicated perf-event fds (tests/helpers/fd_hog). While they are there,
# --json finishes with holders complete through bpfknobs' iterator; read from
# /proc it finishes too and says how far its budget went; and the browser
# keeps refreshing and answering keys while each refresh reads its share
# (the title and the details say how far), with the iterator and without.
# Nothing here is timed: the figures are in "make bench".
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"
need_root
need_cmd jq jq
need_cmd setpriv util-linux
HOG=$(cd "$builddir" && pwd)/tests/helpers/fd_hog
[ -x "$HOG" ] || skip "tests/helpers/fd_hog is not built"
HOG_PIDS=
trap 'exec 8>&-; for p in $HOG_PIDS; do kill "$p" 2>/dev/null; done; screen_cleanup' EXIT

# hog COUNT KIND N: N fd_hogs of COUNT fds each, as uid 65534
hog() {
	i=0
	while [ $i -lt "$3" ]; do
		# root sets the limits it hands down (the hard one may be lower)
		(ulimit -n $(($1 + 64)) && exec setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$HOG" "$1" "$2") <"$TEST_TMP/hog.in" >"$TEST_TMP/hog.$2.$i" 2>&1 &
		HOG_PIDS="$HOG_PIDS $!"
		i=$((i + 1))
	done
}
mkfifo "$TEST_TMP/hog.in" || fail "cannot make a fifo"
hog 10000 null 40
hog 19000 perf 20
exec 8>"$TEST_TMP/hog.in"
i=0
while [ "$(cat "$TEST_TMP"/hog.*.* | grep -c '^ready')" -lt 60 ]; do
	if grep -q '^fd_hog:' "$TEST_TMP"/hog.*.*; then
		fail "fd_hog: $(grep -h '^fd_hog:' "$TEST_TMP"/hog.*.* | head -n 1)"
	fi
	i=$((i + 1))
	[ $i -le 300 ] || fail "the fd hogs were not ready within 30 s"
	sleep 0.1
done

# --json: the iterator reads all 780,000 fds, within its budget
"$BPFKNOBS" --json >"$TEST_TMP/j.json" || fail "--json exited $?"
expect_eq "holders through the iterator" "$(jq -c .holders "$TEST_TMP/j.json")" \
	'{"source":"iterator","complete":true,"reason":null}'
# from /proc: as far as its budget goes, and it says so
"$BPFKNOBS" --json --no-iterator >"$TEST_TMP/p.json" || fail "--json --no-iterator exited $?"
expect_eq "holders from /proc" "$(jq -c '.holders | [.source, .complete]' "$TEST_TMP/p.json")" \
	'["proc",false]'
expect_match "how far /proc went" "$(jq -r .holders.reason "$TEST_TMP/p.json")" \
	" [0-9,]+ of [0-9,]+ processes read so far: the /proc scan reads at most 524,288 units of work \\(a readlink is 4\\) at a time, and the processes hold more, so holders may be missing\\.$"
COLUMNS=200 "$BPFKNOBS" --list --no-iterator >"$TEST_TMP/p.txt" || fail "--list --no-iterator exited $?"
expect_match "--list says it too" "$(grep '^  Holders: ' "$TEST_TMP/p.txt")" \
	"^  Holders: Read from /proc, because --no-iterator asks not to load bpfknobs' iterator into the kernel\\."

# the browser: the first screen reads everything; later refreshes a share
# each, going on where the last stopped, and say so in the title
screen_start 200 50 -- "$SCREEN_BIN" -d 0.1
screen_wait "the main screen" "Tab Pane"
screen_wait "a refresh that reads a share" "Programs: [0-9]+ .* holders [0-9]+/[0-9]+ read; sorted by" 20
# the details of its own iterator, which stays while it runs (the first row
# may be another test's program, unloaded before its details are read)
pid=$(screen_pid)
screen_keys Tab / "$pid" Enter
screen_wait "its own programs" "Programs: [0-9]+ of [0-9]+ match \"$pid\"" 10
screen_select "its own iterator" "^▸ *[0-9]+ tracing +bpfknobs_holder"
screen_keys Enter
screen_wait "its iterator's details" "^ Program [0-9]+: bpfknobs_holders \(tracing\)" 10
screen_wait "what its details say of holders" "Holders: +found in the kernel by bpfknobs' own task_file iterator \\(bpfknobs_holders\\), not complete: [0-9,]+ of [0-9,]+ processes read by the walk under way: bpfknobs' iterator reads" 20
screen_keys Escape
screen_wait "back to the list" "Tab Pane"
screen_keys q
expect_eq "after q" "$(screen_exit_status 10)" "0 restored"

# without the iterator: the same, from /proc
screen_start 200 50 -- "$SCREEN_BIN" -d 0.1 --no-iterator
screen_wait "the main screen from /proc" "Tab Pane" 20
screen_wait "a refresh from /proc" "Programs: [0-9]+ .* holders [0-9]+/[0-9]+ read from /proc; sorted by" 20
screen_keys q
expect_eq "after q, from /proc" "$(screen_exit_status 10)" "0 restored"
exit 0
