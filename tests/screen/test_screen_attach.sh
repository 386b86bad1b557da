# The ATTACHED column, the filter on attachments and the details' "Attached
# to" and "Kept alive by" in the browser, against real loaders
# (tests/lib/attach_lib.sh); expected values come from ip, tc and the loader.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"
trap 'attach_teardown; screen_cleanup' EXIT
. "$srcdir/tests/lib/attach_lib.sh"

attach_setup
loader=$ATT_LOADER_PID
a=$ATT_VETH_A
b=$ATT_VETH_B

screen_start 200 50 -- "$SCREEN_BIN" -d 1
screen_wait "the main screen" "Tab Pane"
screen_has "the ATTACHED head" " OWNER +ATTACHED *$"

# the filter matches attachment text: the veth finds what is attached to it
screen_keys / "$a"
screen_wait "the filter prompt" "^Filter: $a"
screen_keys Enter
screen_wait "the filtered list" "Programs: 2 of [0-9]+ match \"$a\""
screen_has "XDP on the veth" "^[ ▸] *$ATT_ID_bk_xdp xdp +bk_xdp .* kernel +xdp $a drv *$"
screen_has "tc on the veth" "^[ ▸] *$ATT_ID_bk_tc sched_cls +bk_tc .* kernel +tc in $a *$"
screen_fits 200

screen_keys Escape
screen_keys / "$ATT_CG" Enter
screen_wait "the cgroup filter" "Programs: 2 of [0-9]+ match \"$ATT_CG\""
screen_has "cgroup_skb by bpftool" "^[ ▸] *$ATT_ID_bk_cg_egress cgroup_skb .* kernel +cg $ATT_CG egress *$"
screen_has "the cgroup link" "^[ ▸] *$ATT_ID_bk_cg_link cgroup_skb .* attach_loader\\($loader\\) +cg $ATT_CG ingress *$"

screen_keys Escape
screen_keys / sched_process Enter
screen_wait "the tracepoint filter" "Programs: [0-9]+ of [0-9]+ match \"sched_process\""
screen_has "the tracepoint link" "^[ ▸] *$ATT_ID_bk_tp_link tracepoint .* tp sched_process_fork *$"
screen_has "the perf-event tracepoint" "^[ ▸] *$ATT_ID_bk_tp_perf tracepoint .* tp sched_process_exec *$"

# the details of the tracepoint link: where, and what keeps it
screen_select "the tracepoint link" "^▸ *$ATT_ID_bk_tp_link "
screen_keys Enter
screen_wait "its details" "^ Program $ATT_ID_bk_tp_link: bk_tp_link \\(tracepoint\\)"
screen_has "attached to" "Attached to: +tracepoint sched:sched_process_fork \\(link $ATT_LINK_bk_tp_link\\)"
screen_has "kept by its link" "Kept alive by: +link $ATT_LINK_bk_tp_link \\(perf_event\\)"
screen_has "kept by the link fd" "^ +attach_loader \\(pid $loader\\), link fd [0-9]+ of link $ATT_LINK_bk_tp_link"
screen_has "kept by the perf event" "^ +attach_loader \\(pid $loader\\), perf-event fd [0-9]+"
screen_keys Escape
screen_wait "back to the list" "Tab Pane"

# the pinned program: not attached, kept by its pin
screen_keys Escape
screen_keys / bk_pinned Enter
screen_wait "the pin filter" "Programs: [0-9]+ of [0-9]+ match \"bk_pinned\""
screen_has "not attached" "^[ ▸] *$ATT_ID_bk_pinned socket_filter .* kernel +- *$"
screen_select "the pinned program" "^▸ *$ATT_ID_bk_pinned "
screen_keys Enter
screen_wait "its details" "^ Program $ATT_ID_bk_pinned: bk_pinned"
screen_has "not attached" "Attached to: +Not attached"
screen_has "its pin" "Kept alive by: +the pin $ATT_BPFFS/bk_pinned"
screen_keys Escape
screen_wait "back to the list" "Tab Pane"

# the socket filter: bpfknobs' iterator finds the socket that holds it
screen_keys Escape
screen_keys / bk_sockfilt Enter
screen_wait "the socket filter" "Programs: [0-9]+ of [0-9]+ match \"bk_sockfilt\""
screen_has "held by the loader's socket" "^[ ▸] *$ATT_ID_bk_sockfilt socket_filter .* attach_loader\\($loader\\) +socket attach_loader *$"
screen_select "the socket filter" "^▸ *$ATT_ID_bk_sockfilt "
screen_keys Enter
screen_wait "its details" "^ Program $ATT_ID_bk_sockfilt: bk_sockfilt"
screen_has "attached to the socket" "Attached to: +socket fd [0-9]+ of attach_loader \\(pid $loader\\)$"
screen_has "kept by the socket" "Kept alive by: +attach_loader \\(pid $loader\\), socket fd [0-9]+ with an eBPF filter$"
screen_lacks "nothing to say of holders" "Holders:"
screen_keys Escape
screen_wait "back to the list" "Tab Pane"
# detached: the column says so within the slow walk's period
screen_keys Escape
ip link del "$a" || fail "cannot delete $a"
screen_keys / bk_ Enter
screen_wait_gone "XDP after its interface went" "^[ ▸] *$ATT_ID_bk_xdp " 8
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"

# without the iterator: the title says where holders come from, and the
# socket filter's details what /proc cannot tell
screen_start 200 50 -- "$SCREEN_BIN" -d 1 --no-iterator
screen_wait "the main screen from /proc" "holders from /proc; sorted by"
screen_keys / bk_sockfilt Enter
screen_wait "the socket filter from /proc" "Programs: [0-9]+ of [0-9]+ match \"bk_sockfilt\""
screen_select "the socket filter" "^▸ *$ATT_ID_bk_sockfilt "
screen_keys Enter
screen_wait "its details from /proc" "^ Program $ATT_ID_bk_sockfilt: bk_sockfilt"
screen_has "what may keep it" "Kept alive by: +no process, pin or hook that the kernel reports: most likely held by a socket"
screen_has "where holders come from" "Holders: +Read from /proc, because --no-iterator asks not to load bpfknobs' iterator"
screen_keys Escape
screen_wait "back to the list from /proc" "Tab Pane"
screen_keys q
expect_eq "after q, from /proc" "$(screen_exit_status)" "0 restored"

# bpfknobs' iterator lives as long as the browser, SIGKILL included: only
# its fds hold it (no pin)
screen_start 200 50 -- "$SCREEN_BIN" -d 1
screen_wait "the main screen again" "Tab Pane"
browser=$(screen_pid)
"$BPFKNOBS" --json --no-iterator >"$TEST_TMP/ours.json" || fail "--json --no-iterator exited $?"
ours=$(jq --argjson pid "$browser" '[.programs[] | select(.name == "bpfknobs_holders" and
	any(.owners[]; .pid == $pid and .via == "prog_fd"))] | map(.id) | .[0] // empty' "$TEST_TMP/ours.json")
[ -n "$ours" ] || fail "the browser (pid $browser) holds no bpfknobs_holders program"
bpftool prog show id "$ours" >/dev/null 2>&1 || fail "bpftool does not know program $ours"
kill -KILL "$browser"
i=0
while bpftool prog show id "$ours" >/dev/null 2>&1; do
	i=$((i + 1))
	[ $i -le 50 ] || fail "bpfknobs' iterator (program $ours) outlived its browser's SIGKILL by 5 s"
	sleep 0.1
done
exit 0
