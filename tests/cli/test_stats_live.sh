# Runtime statistics on the real kernel, as root:
# - another process holding a BPF_ENABLE_STATS fd (tests/helpers/stats_helper hold,
#   as bpftop does) turns statistics on while kernel.bpf_stats_enabled keeps
#   reading what it did: --json says "enabled": true with that pid, --list
#   says who; when it lets go, the pid is gone from both;
# - the browser with --stats, after its confirmation, holds such an fd: the
#   header says so, a socket filter on a UDP socket on loopback driven at a
#   known rate shows RUNS/S within 20% of that rate with a non-zero AVG NS
#   and CPU%, a program with no traffic shows 0 runs/s, and its details
#   show the last minute;
# - t lets go, and so do q and SIGKILL: the fd is gone with the process, and
#   the sysctl is as found throughout (this path never writes it).
# No knob is written, but statistics on is the kernel's state for every
# test (other screens grow the statistics columns): the lock is exclusive.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
lock_kernel exclusive
need_cmd jq jq
need_cmd bpftool bpftool
HELPER=$(cd "$builddir" && pwd)/tests/helpers/stats_helper
[ -x "$HELPER" ] || skip "tests/helpers/stats_helper is not built"
STATS_WAS=$(cat /proc/sys/kernel/bpf_stats_enabled)
RATE=4000

# helper_start MODE ARGS...: the helper on a fifo this shell holds on fd 8
# (EOF ends it, also when this test dies); none of the other descriptors.
HELPER_PID=
helper_start() {
	rm -f "$TEST_TMP/helper.in"
	mkfifo "$TEST_TMP/helper.in"
	: >"$TEST_TMP/helper.out"
	"$HELPER" "$@" <"$TEST_TMP/helper.in" >"$TEST_TMP/helper.out" 2>"$TEST_TMP/helper.err" \
		3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	HELPER_PID=$!
	SCREEN_PIDS="$SCREEN_PIDS $HELPER_PID"
	exec 8>"$TEST_TMP/helper.in"
}
helper_stop() {
	exec 8>&-
	wait "$HELPER_PID" 2>/dev/null
}
# helper_wait N: until the helper printed N lines
helper_wait() {
	i=0
	while [ "$(wc -l <"$TEST_TMP/helper.out")" -lt "$1" ]; do
		kill -0 "$HELPER_PID" 2>/dev/null || fail "stats_helper failed: $(cat "$TEST_TMP/helper.err")"
		i=$((i + 1))
		[ $i -le 100 ] || fail "stats_helper printed nothing within 10 s"
		sleep 0.1
	done
}
# holds_stats PID: the process holds an anon_inode:bpf-stats fd
holds_stats() {
	for fd in /proc/"$1"/fd/*; do
		[ "$(readlink "$fd" 2>/dev/null)" = anon_inode:bpf-stats ] && return 0
	done
	return 1
}
sysctl_as_found() {
	expect_eq "kernel.bpf_stats_enabled ($1)" "$(cat /proc/sys/kernel/bpf_stats_enabled)" "$STATS_WAS"
}

# --- another process holds statistics on ---------------------------------
helper_start hold
helper_wait 1
"$BPFKNOBS" --json >"$TEST_TMP/held.json" || fail "--json exited $?"
expect_eq "enabled while held" "$(jq -r .stats.enabled "$TEST_TMP/held.json")" true
expect_eq "the sysctl while held" "$(jq -r .stats.sysctl "$TEST_TMP/held.json")" "$STATS_WAS"
expect_eq "held_by" "$(jq -r --argjson p "$HELPER_PID" \
	'.stats.held_by[] | select(.pid == $p) | .comm' "$TEST_TMP/held.json")" stats_helper
"$BPFKNOBS" --list >"$TEST_TMP/held.txt" 2>&1 || fail "--list exited $?"
# whitespace runs as one space: the sentence may wrap
tr -s ' \n' '  ' <"$TEST_TMP/held.txt" | grep -q "In effect: statistics are on: held by .*stats_helper (pid $HELPER_PID)" ||
	fail "--list does not name the holder: $(grep -A2 'In effect' "$TEST_TMP/held.txt")"
helper_stop
"$BPFKNOBS" --json >"$TEST_TMP/free.json" || fail "--json exited $?"
expect_eq "held_by after" "$(jq -r --argjson p "$HELPER_PID" \
	'[.stats.held_by[] | select(.pid == $p)] | length' "$TEST_TMP/free.json")" 0
expect_eq "enabled follows its causes" "$(jq -r .stats.enabled "$TEST_TMP/free.json")" \
	"$(jq -r '.stats.sysctl == 1 or .stats.held_by_count > 0' "$TEST_TMP/free.json")"
sysctl_as_found "after the holder"

# --- the browser holds them: rates of a socket filter at a known rate -----
helper_start traffic "$RATE" 6
helper_wait 2
BUSY=$(sed -n 's/^busy\t//p' "$TEST_TMP/helper.out")
IDLE=$(sed -n 's/^idle\t//p' "$TEST_TMP/helper.out")
screen_start 160 40 -- "$SCREEN_BIN" --stats -d 1
screen_wait "the confirmation" "Runtime statistics for this session"
screen_has "its cost" "Cost: +The kernel times every run of every BPF program"
screen_has "when it ends" "Ends: +When you press t again or this browser exits"
PID=$(screen_pid)
holds_stats "$PID" && fail "statistics held before the confirmation"
screen_keys y
screen_wait "the header" "statistics on: held by this browser"
holds_stats "$PID" || fail "the browser holds no bpf-stats fd after y"
sysctl_as_found "browser holding"
# only the helper's programs: filter by its pid (an owner)
screen_keys Tab / "$HELPER_PID" Enter
screen_wait "the busy program" "^(▸| ) *$BUSY socket_filter "
screen_has "the columns" "RUNS/S +AVG NS +CPU%"
echo go >&8
sleep 4 # three refreshes into the traffic: whole intervals of it
screen_settle
busy=$(printf '%s\n' "$SCREEN" | grep -E "^(▸| ) *$BUSY socket_filter ") || screen_fail "no busy row"
idle=$(printf '%s\n' "$SCREEN" | grep -E "^(▸| ) *$IDLE socket_filter ") || screen_fail "no idle row"
# the last three cells: RUNS/S AVG NS CPU%, "4.0k" style
number() { printf '%s' "$1" | awk '{ v = $1 + 0; if ($1 ~ /k$/) v *= 1e3; if ($1 ~ /M$/) v *= 1e6; print v }'; }
runs=$(number "$(printf '%s' "$busy" | awk '{ print $(NF-2) }')")
avg=$(number "$(printf '%s' "$busy" | awk '{ print $(NF-1) }')")
cpu=$(printf '%s' "$busy" | awk '{ print $NF }')
awk -v r="$runs" -v want="$RATE" 'BEGIN { exit !(r >= 0.8 * want && r <= 1.2 * want) }' ||
	screen_fail "RUNS/S of the busy program is $runs, not within 20% of $RATE"
awk -v a="$avg" 'BEGIN { exit !(a > 0) }' || screen_fail "AVG NS of the busy program is '$avg'"
awk -v c="$cpu" 'BEGIN { exit !(c + 0 > 0) }' || screen_fail "CPU% of the busy program is '$cpu'"
expect_eq "RUNS/S of the idle program" "$(printf '%s' "$idle" | awk '{ print $(NF-2) }')" 0
screen_has "totals in the title" "Programs: [0-9]+ of [0-9]+ match \"$HELPER_PID\", [0-9.]+k? runs/s, [0-9.]+% CPU"
# its details: the rate and the last minute
screen_select "the busy program" "^▸ *$BUSY "
screen_keys Enter
screen_wait "the details" "Last minute: +runs/s +[▁▂▃▄▅▆▇█ ]+ +max "
screen_has "the rate" "Rate: +[0-9.]+k? runs/s, [0-9.]+ ns a run on average"
screen_has "the counters" "Runs: +[0-9]+ runs taking"
screen_keys Escape
helper_wait 3 # the traffic is over: every datagram was sent with statistics on

# t lets go at once; t and y take them again; q ends the process and them
screen_keys t
screen_wait "off" "Runtime statistics off for this session"
holds_stats "$PID" && fail "the bpf-stats fd is still open after t"
screen_keys t
screen_wait "the confirmation again" "Runtime statistics for this session"
screen_keys y
screen_wait "on again" "statistics on: held by this browser"
holds_stats "$PID" || fail "no bpf-stats fd after t, y"
screen_keys q
expect_match "exit" "$(screen_exit_status)" "^0 restored"
kill -0 "$PID" 2>/dev/null && fail "bpfknobs still runs after q"
sysctl_as_found "after q"
# The counters in --json: bpftool's, and every datagram sent while the
# browser held statistics on counted once; the idle program's count is
# null while statistics are off (never a 0 that would read as idle).
sent=$(sed -n 's/^sent\t\([0-9]*\)\t.*/\1/p' "$TEST_TMP/helper.out")
"$BPFKNOBS" --json >"$TEST_TMP/after.json" || fail "--json exited $?"
ours=$(jq --argjson id "$BUSY" '.programs[] | select(.id == $id) | .run_cnt' "$TEST_TMP/after.json")
expect_eq "run_cnt vs bpftool" "$ours" "$(bpftool -j prog show id "$BUSY" | jq .run_cnt)"
expect_eq "run_cnt vs datagrams sent" "$ours" "$sent"
[ "$(jq --argjson id "$BUSY" '.programs[] | select(.id == $id) | .run_time_ns > 0' \
	"$TEST_TMP/after.json")" = true ] || fail "run_time_ns of the busy program is not above 0"
if [ "$(jq -r .stats.enabled "$TEST_TMP/after.json")" = false ]; then
	expect_eq "idle run_cnt while off" "$(jq --argjson id "$IDLE" \
		'.programs[] | select(.id == $id) | .run_cnt' "$TEST_TMP/after.json")" null
fi
helper_stop

# SIGKILL: nothing of bpfknobs runs, yet the kernel lets go of its share
screen_start 100 30 -- "$SCREEN_BIN" --stats
screen_wait "the confirmation" "Runtime statistics for this session"
PID=$(screen_pid)
screen_keys y
# 100 columns: the header may have room for "stats on" only
screen_wait "on" "statistics on: held by this browser|stats on +every 1 s"
holds_stats "$PID" || fail "no bpf-stats fd before the kill"
kill -KILL "$PID"
expect_match "killed" "$(screen_exit_status)" "^137 " # 128 + SIGKILL
"$BPFKNOBS" --json >"$TEST_TMP/killed.json" || fail "--json exited $?"
expect_eq "held_by after SIGKILL" "$(jq -r --argjson p "$PID" \
	'[.stats.held_by[] | select(.pid == $p)] | length' "$TEST_TMP/killed.json")" 0
sysctl_as_found "after SIGKILL"
exit 0
