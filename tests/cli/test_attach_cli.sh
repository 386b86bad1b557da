# Where programs are attached and what keeps them, through --json and
# --list, against real loaders (tests/lib/attach_lib.sh) and what ip, tc and
# bpftool say about the same hooks; the holders bpfknobs' iterator finds
# against those of the /proc scan (--no-iterator), which must agree where
# /proc can tell; pids as a pid namespace of bpfknobs' own sees them; and
# no other process's file is borrowed (strace).
# Everything is undone on exit.
. "$srcdir/tests/lib/lib.sh"
need_cmd strace strace
need_cmd unshare util-linux
. "$srcdir/tests/lib/attach_lib.sh"
# it registers a struct_ops congestion control, a kernel-wide name: no
# other test that registers one runs meanwhile (test_screen_images.sh)
lock_kernel exclusive
trap 'attach_teardown; lib_cleanup' EXIT

attach_setup
loader=$ATT_LOADER_PID
"$BPFKNOBS" --json >"$TEST_TMP/j.json" || fail "--json exited $?"
jq -e . "$TEST_TMP/j.json" >/dev/null || fail "--json is not one JSON document"
"$BPFKNOBS" --json --no-iterator >"$TEST_TMP/p.json" || fail "--json --no-iterator exited $?"
expect_eq "holders found by the iterator" "$(jq -c .holders "$TEST_TMP/j.json")" \
	'{"source":"iterator","complete":true,"reason":null}'
expect_eq "holders read from /proc" "$(jq -c '.holders | [.source, .complete]' "$TEST_TMP/p.json")" \
	'["proc",true]'
expect_match "why /proc" "$(jq -r .holders.reason "$TEST_TMP/p.json")" \
	"^Read from /proc, because --no-iterator asks not to load bpfknobs' iterator into the kernel\\. A program held only by a socket is not traced to its process"

# prog ID JQ: the jq expression over program ID of --json
prog() {
	jq -c --argjson id "$1" ".programs[] | select(.id == \$id) | $2" "$TEST_TMP/j.json"
}
# expect_prog WHAT ID JQ WANT
expect_prog() { expect_eq "$1 (program $2)" "$(prog "$2" "$3")" "$4"; }

a=$ATT_VETH_A
b=$ATT_VETH_B
ai=$ATT_VETH_A_IDX
bi=$ATT_VETH_B_IDX

# XDP by ip: no link, driver mode (veth has a native XDP), held by the hook
expect_prog "XDP attachment" "$ATT_ID_bk_xdp" '.attachments' \
	"[{\"kind\":\"xdp\",\"target\":\"$a (ifindex $ai), driver mode\",\"link_id\":null,\"ifindex\":$ai,\"ifname\":\"$a\",\"mode\":\"driver\"}]"
expect_prog "XDP owners" "$ATT_ID_bk_xdp" '[.owners, .held_by_kernel_only, .pins]' '[[],true,[]]'
expect_eq "ip's XDP program" "$(ip -j link show dev "$a" | jq '.[0].xdp.mode')" 1 # XDP_ATTACHED_DRV

# classic tc by tc: clsact ingress, the priority and handle tc reports
tcj=$(tc -j filter show dev "$a" ingress | jq -c '[.[] | select(.options.prog.id)][0]')
prio=$(printf '%s' "$tcj" | jq .pref)
expect_prog "tc attachment" "$ATT_ID_bk_tc" '.attachments | map({kind, target, link_id, ifindex, qdisc, direction, prio, direct_action})' \
	"[{\"kind\":\"tc\",\"target\":\"$a (ifindex $ai), ingress, priority $prio, handle 0x1, direct-action\",\"link_id\":null,\"ifindex\":$ai,\"qdisc\":\"clsact\",\"direction\":\"ingress\",\"prio\":$prio,\"direct_action\":true}]"
expect_prog "tc owners" "$ATT_ID_bk_tc" '[.owners, .held_by_kernel_only]' '[[],true]'

# cgroup_skb by bpftool cgroup attach: no link; the cgroup id is its inode
cgino=$(stat -c %i "$ATT_CGROOT$ATT_CG")
expect_prog "cgroup attachment" "$ATT_ID_bk_cg_egress" '.attachments' \
	"[{\"kind\":\"cgroup\",\"target\":\"$ATT_CG egress\",\"link_id\":null,\"cgroup_id\":$cgino,\"cgroup_path\":\"$ATT_CG\",\"attach_type\":\"cgroup_inet_egress\",\"attach_flags\":\"exclusive\"}]"
expect_prog "cgroup owners" "$ATT_ID_bk_cg_egress" '[.owners, .held_by_kernel_only]' '[[],true]'

# links: what bpftool link show says of each
bpftool -j link show >"$TEST_TMP/links.json" || fail "bpftool link show failed"
for name in bk_tcx bk_cg_link bk_tp_link bk_iter; do
	eval "id=\$ATT_ID_$name link=\$ATT_LINK_$name"
	expect_eq "bpftool's program of link $link ($name)" \
		"$(jq --argjson l "$link" '.[] | select(.id == $l) | .prog_id' "$TEST_TMP/links.json")" "$id"
	expect_prog "$name's link" "$id" '[.attachments[].link_id]' "[$link]"
	expect_prog "$name's owner" "$id" '[.owners[] | select(.via == "link_fd") | {pid, comm, link_id}]' \
		"[{\"pid\":$loader,\"comm\":\"attach_loader\",\"link_id\":$link}]"
	expect_prog "$name held by a process" "$id" '.held_by_kernel_only' false
done
expect_prog "tcx attachment" "$ATT_ID_bk_tcx" '.attachments | map({kind, target, ifindex, ifname, attach_type})' \
	"[{\"kind\":\"tcx\",\"target\":\"$b (ifindex $bi), ingress\",\"ifindex\":$bi,\"ifname\":\"$b\",\"attach_type\":\"tcx_ingress\"}]"
expect_prog "cgroup link attachment" "$ATT_ID_bk_cg_link" '.attachments | map({kind, target, cgroup_id, cgroup_path, attach_type})' \
	"[{\"kind\":\"cgroup\",\"target\":\"$ATT_CG ingress\",\"cgroup_id\":$cgino,\"cgroup_path\":\"$ATT_CG\",\"attach_type\":\"cgroup_inet_ingress\"}]"
expect_prog "tracepoint link attachment" "$ATT_ID_bk_tp_link" '.attachments | map({kind, target})' \
	'[{"kind":"tracepoint","target":"sched:sched_process_fork"}]'
expect_prog "tracepoint link's perf event" "$ATT_ID_bk_tp_link" '[.owners[] | select(.via == "perf_event_fd") | .pid]' "[$loader]"
expect_prog "iterator attachment" "$ATT_ID_bk_iter" '.attachments | map({kind, target, target_name})' \
	'[{"kind":"iter","target":"iterator bpf_map","target_name":"bpf_map"}]'

# a bare perf-event fd: no link, held through the perf event alone
expect_prog "perf-event attachment" "$ATT_ID_bk_tp_perf" '.attachments | map({kind, target, link_id})' \
	'[{"kind":"tracepoint","target":"sched:sched_process_exec","link_id":null}]'
expect_prog "perf-event owner" "$ATT_ID_bk_tp_perf" '[.owners[] | {pid, via}]' \
	"[{\"pid\":$loader,\"via\":\"perf_event_fd\"}]"
expect_prog "perf-event holder" "$ATT_ID_bk_tp_perf" '.held_by_kernel_only' false

# a perf_event program on a software event: the kernel does not describe
# its event (BPF_TASK_FD_QUERY: EOPNOTSUPP), the iterator names its program
expect_prog "software perf event" "$ATT_ID_bk_perf_sw" '[.attachments[] | {kind, link_id, pid, inferred}]' \
	"[{\"kind\":\"perf_event\",\"link_id\":null,\"pid\":$loader,\"inferred\":null}]"
expect_prog "software perf event's holder" "$ATT_ID_bk_perf_sw" '[.owners[] | {pid, via, inferred}]' \
	"[{\"pid\":$loader,\"via\":\"perf_event_fd\",\"inferred\":false}]"
# from /proc it is inferred when it is the only one nothing explains
unexplained=$(jq '[.programs[] | select(.type == "perf_event" and (.attachments | map(select(.inferred != true)) | length) == 0)] | length' "$TEST_TMP/p.json")
pprog() {
	jq -c --argjson id "$1" ".programs[] | select(.id == \$id) | $2" "$TEST_TMP/p.json"
}
if [ "$unexplained" = 1 ]; then
	expect_eq "software perf event from /proc" "$(pprog "$ATT_ID_bk_perf_sw" '[.attachments[] | {kind, link_id, pid, nr_fds, inferred}]')" \
		"[{\"kind\":\"perf_event\",\"link_id\":null,\"pid\":$loader,\"nr_fds\":1,\"inferred\":true}]"
	expect_eq "software perf event's holder from /proc" "$(pprog "$ATT_ID_bk_perf_sw" '[.owners[] | {pid, via, inferred}]')" \
		"[{\"pid\":$loader,\"via\":\"perf_event_fd\",\"inferred\":true}]"
else
	echo "other perf_event programs are loaded ($unexplained): from /proc the holder is not inferred"
	expect_eq "software perf event from /proc" "$(pprog "$ATT_ID_bk_perf_sw" '[.held_by_kernel_only, .attachments]')" '[null,[]]'
fi

# pinned: held by the pin alone, no hook
expect_prog "pinned program" "$ATT_ID_bk_pinned" '[.attachments, .pins, .owners, .held_by_kernel_only]' \
	"[[],[\"$ATT_BPFFS/bk_pinned\"],[],true]"

# a socket filter held only by its socket: the iterator reads the socket's
# filter in the kernel; /proc cannot, and says so
expect_prog "socket owner" "$ATT_ID_bk_sockfilt" '[.owners[] | {pid, via, inferred}]' \
	"[{\"pid\":$loader,\"via\":\"socket\",\"inferred\":false}]"
expect_prog "socket attachment" "$ATT_ID_bk_sockfilt" '[.attachments[] | {kind, link_id, pid, nr_fds}]' \
	"[{\"kind\":\"socket\",\"link_id\":null,\"pid\":$loader,\"nr_fds\":1}]"
expect_prog "socket holder" "$ATT_ID_bk_sockfilt" '[.held_by_kernel_only, .holder_unknown]' '[false,null]'
expect_eq "socket holder from /proc" "$(pprog "$ATT_ID_bk_sockfilt" '[.owners, .attachments, .held_by_kernel_only]')" '[[],[],null]'
expect_match "socket holder sentence from /proc" "$(pprog "$ATT_ID_bk_sockfilt" .holder_unknown)" \
	"held by a socket \\(SO_ATTACH_BPF\\); the process is not known without bpfknobs' iterator"

# held only by a map of programs, which the loader holds: no process holds
# the program itself, either way
expect_prog "map-held program" "$ATT_ID_bk_mapheld" '[.owners, .pins, .attachments, .held_by_kernel_only]' '[[],[],[],null]'
expect_match "map-held sentence" "$(prog "$ATT_ID_bk_mapheld" .holder_unknown)" "a map of programs \\(tail calls\\)"
expect_match "map-held sentence from /proc" "$(pprog "$ATT_ID_bk_mapheld" .holder_unknown)" "a map of programs \\(tail calls\\)"

# the iterator and /proc agree on every holder /proc can see: program and
# link fds, perf events BPF_TASK_FD_QUERY names, pins, hooks (what may hold
# a program nothing visible holds is said apart: a socket, for /proc)
holders='{owners: [.owners[] | {pid, comm, via, fd, link_id}], pins, held_by_kernel_only, attachments: [.attachments[] | {kind, target, link_id}]}'
for name in bk_xdp bk_tc bk_cg_egress bk_tcx bk_cg_link bk_tp_link bk_tp_perf bk_iter bk_pinned bk_mapheld; do
	eval "id=\$ATT_ID_$name"
	expect_eq "$name's holders, iterator and /proc" "$(pprog "$id" "$holders")" "$(prog "$id" "$holders")"
done

# bpfknobs' own iterators, each after the loader that loaded it and stays
# with it: labelled as its own, held by this run alone (a report, which
# refreshes once, loads no ids iterator: its load would cost more than it
# saves); the symbols read through the ksym one
expect_eq "bpfknobs' iterators" "$(jq -c '[.programs[] | select(((.name // "") | startswith("bpfknobs_")) and .ours) | {name, ours, type, attachments: [.attachments[] | {kind, target}], via: [.owners[] | .via]}]' "$TEST_TMP/j.json")" \
	'[{"name":"bpfknobs_loadr","ours":true,"type":"syscall","attachments":[],"via":["prog_fd"]},{"name":"bpfknobs_ksyms","ours":true,"type":"tracing","attachments":[{"kind":"iter","target":"iterator ksym"}],"via":["prog_fd","link_fd"]},{"name":"bpfknobs_loadr","ours":true,"type":"syscall","attachments":[],"via":["prog_fd"]},{"name":"bpfknobs_holders","ours":true,"type":"tracing","attachments":[{"kind":"iter","target":"iterator task_file"}],"via":["prog_fd","link_fd"]}]'
expect_eq "symbols read through the ksym iterator" "$(jq -r .kallsyms_source "$TEST_TMP/j.json")" iterator
expect_eq "no iterator with --no-iterator" "$(jq '[.programs[] | select(((.name // "") | startswith("bpfknobs_")) and .ours)] | length' "$TEST_TMP/p.json")" 0
expect_eq "symbols from /proc/kallsyms with --no-iterator" "$(jq -r .kallsyms_source "$TEST_TMP/p.json")" proc

# in a pid namespace of its own, with its own /proc (as in a container),
# holders are named by that namespace's pids: bpfknobs is pid 1 there, and
# the loader outside it holds nothing bpfknobs can see
unshare --pid --fork --mount-proc "$BPFKNOBS" --json >"$TEST_TMP/ns.json" ||
	fail "--json in a pid namespace of its own exited $?"
expect_eq "bpfknobs' iterator in a pid namespace" "$(jq -c '[.programs[] | select(.name == "bpfknobs_holders" and .ours) | .owners[] | {pid, comm, via}]' "$TEST_TMP/ns.json")" \
	'[{"pid":1,"comm":"bpfknobs","via":"prog_fd"},{"pid":1,"comm":"bpfknobs","via":"link_fd"}]'
expect_eq "the loader's link from a pid namespace" "$(jq -c --argjson id "$ATT_ID_bk_tp_link" '.programs[] | select(.id == $id) | .owners' "$TEST_TMP/ns.json")" '[]'

# nothing borrowed: no other process's fd is taken into bpfknobs, either way
for mode in "" --no-iterator; do
	# (LeakSanitizer cannot run under ptrace: off for this run in the
	# sanitizer build; the other runs of this test check leaks)
	ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
		strace -f -qq -e signal=none -e trace=pidfd_getfd,pidfd_open,ptrace -o "$TEST_TMP/strace.out" \
		"$BPFKNOBS" --json $mode >/dev/null || fail "--json $mode under strace exited $?"
	expect_eq "pidfd_getfd, pidfd_open and ptrace calls of --json $mode" "$(cat "$TEST_TMP/strace.out")" ""
done
# the seccomp counts JIT memory needs come from the iterator's walk, which
# meets every process anyway: no process's /proc/<pid>/status is read
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
	strace -f -qq -e signal=none -e trace=openat -o "$TEST_TMP/strace.out" \
	"$BPFKNOBS" --json >/dev/null || fail "--json under strace exited $?"
expect_eq "statuses --json opens" "$(grep -c '"[0-9]*/status"' "$TEST_TMP/strace.out")" "0"

# struct_ops: a congestion control registered by bpftool without a link;
# each program is the member bpftool's dump names it for
bpftool struct_ops register "$ATT_OBJ/attach_cc.bpf.o" >"$TEST_TMP/ops.out" 2>&1 ||
	fail "bpftool could not register the struct_ops congestion control"
ATT_STRUCT_OPS=1
ccmap=$(bpftool -j struct_ops show name bk_cc | jq 'if type == "array" then .[0].id else .id end')
"$BPFKNOBS" --json >"$TEST_TMP/ops.json" || fail "--json exited $?"
bpftool -j struct_ops dump name bk_cc |
	jq -r '.[1][].data | to_entries[] | select(.value | type == "string" and test("prog_id:"))
		| "\(.key) \(.value | sub(".*prog_id:"; ""))"' >"$TEST_TMP/ops.members"
[ "$(wc -l <"$TEST_TMP/ops.members")" = 3 ] || fail "bpftool's dump names no 3 programs: $(cat "$TEST_TMP/ops.members")"
while read -r member id; do
	expect_eq "struct_ops program $id ($member)" "$(jq -c --argjson id "$id" '.programs[] | select(.id == $id)
		| [.held_by_kernel_only, (.attachments | map({kind, target, link_id, map_id, struct, member}))]' "$TEST_TMP/ops.json")" \
		"[true,[{\"kind\":\"struct_ops\",\"target\":\"struct tcp_congestion_ops \\\"bk_cc\\\", map bk_cc (id $ccmap), as $member\",\"link_id\":null,\"map_id\":$ccmap,\"struct\":\"tcp_congestion_ops\",\"member\":\"$member\"}]]"
done <"$TEST_TMP/ops.members"
bpftool struct_ops unregister name bk_cc >/dev/null || fail "bpftool could not unregister bk_cc"
ATT_STRUCT_OPS=

# --list: Attached to, Kept alive by
"$BPFKNOBS" --list >"$TEST_TMP/list.txt" || fail "--list exited $?"
# section ID: the lines of program ID's section, wrapped lines joined
section() {
	awk -v id="$1" '/^Program / { on = ($2 == id ":") } on' "$TEST_TMP/list.txt" |
		sed -e ':a' -e 'N' -e '$!ba' -e 's/\n  \{15,\}/ /g'
}
expect_match "XDP in --list" "$(section "$ATT_ID_bk_xdp")" \
	"Attached to: +xdp $a \\(ifindex $ai\\), driver mode"
expect_match "XDP kept alive in --list" "$(section "$ATT_ID_bk_xdp")" \
	"Kept alive by: the kernel's xdp hook itself \\(attached without a link\\)"
expect_match "tracepoint link in --list" "$(section "$ATT_ID_bk_tp_link")" \
	"Attached to: +tracepoint sched:sched_process_fork \\(link $ATT_LINK_bk_tp_link\\)"
expect_match "tracepoint link kept alive in --list" "$(section "$ATT_ID_bk_tp_link")" \
	"Kept alive by: link $ATT_LINK_bk_tp_link \\(perf_event\\)"
expect_match "its holder in --list" "$(section "$ATT_ID_bk_tp_link")" \
	"attach_loader \\(pid $loader\\), link fd [0-9]+ of link $ATT_LINK_bk_tp_link"
expect_match "pin in --list" "$(section "$ATT_ID_bk_pinned")" "Attached to: +Not attached"
expect_match "pin kept alive in --list" "$(section "$ATT_ID_bk_pinned")" \
	"Kept alive by: the pin $ATT_BPFFS/bk_pinned"
# the program table of --list (80 columns): where each is attached, in the
# browser's short forms
table_row() { grep -E "^ +$1 " "$TEST_TMP/list.txt" | head -n 1; }
for want in "bk_xdp:xdp $a drv" "bk_tc:tc in $a" "bk_cg_egress:cg $ATT_CG egress" \
	"bk_tcx:tcx in $b" "bk_cg_link:cg $ATT_CG ingress" "bk_tp_link:tp sched_process_fork" \
	"bk_tp_perf:tp sched_process_exec" "bk_iter:iter bpf_map" "bk_pinned:-"; do
	name=${want%%:*}
	eval "id=\$ATT_ID_$name"
	expect_match "$name's row in --list" "$(table_row "$id")" \
		"^ +$id +[a-z_]+ +[0-9]+ bytes +$name +${want#*:}\$"
done

# everything undone: the programs go
attach_teardown
sleep 1 # links and hooks release their programs from RCU callbacks
"$BPFKNOBS" --json >"$TEST_TMP/after.json" || fail "--json exited $?"
for name in bk_xdp bk_tc bk_cg_egress bk_tcx bk_cg_link bk_tp_link bk_tp_perf bk_perf_sw bk_sockfilt \
	bk_iter bk_pinned bk_mapheld; do
	eval "id=\$ATT_ID_$name"
	expect_eq "$name after teardown" "$(jq --argjson id "$id" '[.programs[] | select(.id == $id)] | length' "$TEST_TMP/after.json")" 0
done
exit 0
