# The other BPF JIT images against the real kernel: two TCP congestion
# controls registered as struct_ops maps give six trampolines of the same
# three names; --json ties each map to its struct, its congestion control
# name and the program of each member exactly as bpftool struct_ops shows
# them, lists every [bpf] symbol kallsyms has for them, and the browser's
# view (key o) shows the maps and every trampoline with its image. An XDP
# program attached in driver mode to a veth brings the XDP dispatcher,
# which the view names. Everything is removed at the end.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
# struct_ops maps and their trampolines are kernel-wide: another test's
# registration (here or in another build on this host) would show among
# these, so no other test that registers one runs meanwhile
lock_kernel exclusive
need_cmd bpftool bpftool
need_cmd jq jq
need_cmd ip iproute2

BIN=$(cd "$builddir" && pwd)/bpfknobs
DEV=bkimg$$
images_cleanup() {
	unload_programs
	ip link del "$DEV" 2>/dev/null
	screen_cleanup
}
trap images_cleanup EXIT

LOADER=objs_loader load_program cc
ip link add "$DEV" type veth peer name "${DEV}p" && ip link set "$DEV" up &&
	ip link set "${DEV}p" up || fail "cannot make the veth pair $DEV"
OBJS_XDP_DEV=$DEV LOADER=objs_loader load_program xdp
xdp_id=$LOADED_IDS

# The struct_ops maps, as bpftool gives them: id, struct, and from the
# value the congestion control's name and each member's program.
want=
for name in bk_cc_one bk_cc_two; do
	map=$(bpftool -j struct_ops show name "$name" | jq -c 'if type == "array" then .[0] else . end') ||
		fail "bpftool does not show struct_ops $name"
	dump=$(bpftool -j struct_ops dump name "$name") || fail "bpftool cannot dump $name"
	one=$(jq -cn --argjson m "$map" --argjson d "$dump" '
		($d[1] | to_entries[0].value.data) as $data |
		{map_id: $m.id, map_name: $m.name, struct: $m.kernel_struct_ops,
		 name: $data.name,
		 members: [$data | to_entries[] | select((.value | type) == "string") |
			select(.value | test("/prog_id:[0-9]+$")) |
			{member: .key, prog_id: (.value | capture("/prog_id:(?<n>[0-9]+)$").n | tonumber)}]}')
	want="$want$one
"
done
json=$("$BIN" --json) || fail "bpfknobs --json failed"
got=$(printf '%s\n' "$json" | jq -c '.struct_ops[] | select(.map_name | test("^bk_cc_"))')
expect_eq "the struct_ops maps, as bpftool shows them" "$got" "${want%
}"

# Every [bpf] symbol of the two registrations, with kind and what it serves.
ksyms=$(grep -E ' bpf__tcp_congestion_ops_[a-z_]+\s+\[bpf\]$' /proc/kallsyms |
	awk '{ sub(/^0+/, "", $1); print "0x" $1 " " $3 }' | sort)
expect_eq "six trampolines in kallsyms" "$(printf '%s\n' "$ksyms" | wc -l)" 6
got=$(printf '%s\n' "$json" | jq -r '.other_jit_images[] |
	select(.name | startswith("bpf__tcp_congestion_ops_")) | "\(.addr) \(.name)"' | sort)
expect_eq "the struct_ops trampolines in --json" "$got" "$ksyms"
kinds=$(printf '%s\n' "$json" | jq -r '[.other_jit_images[] |
	select(.name | startswith("bpf__tcp_congestion_ops_")) | .kind] | unique | join(" ")')
expect_eq "their kind" "$kinds" "struct_ops"
expect_eq "the XDP dispatcher" "$(printf '%s\n' "$json" | jq -r '.other_jit_images[] |
	select(.name == "bpf_dispatcher_xdp") | .kind')" dispatcher

# The view: o opens it; the help lists o.
one=$(printf '%s\n' "$want" | jq -c 'select(.map_name == "bk_cc_one")' | head -1)
one_id=$(printf '%s' "$one" | jq -r .map_id)
two_id=$(printf '%s\n' "$want" | jq -r 'select(.map_name == "bk_cc_two") | .map_id' | head -1)
ss_prog=$(printf '%s' "$one" | jq -r '.members[] | select(.member == "ssthresh") | .prog_id')
screen_start 200 50 -- "$BIN" -d 1
screen_wait "the main screen" "Tab Pane"
screen_keys '?'
screen_wait "the help" "Show this help"
screen_has "the help lists o" "^ +o +List the other BPF JIT images"
screen_keys Escape o
screen_wait "the images view" "^ Other BPF JIT images \([0-9]+\): trampolines, dispatchers, struct_ops"
screen_wait "the registrations" "Registered: +map $one_id bk_cc_one implements struct tcp_congestion_ops as \"bk_cc_one\": ssthresh: program $ss_prog bk_one_ssthresh,"
screen_has "the second map" "^ +map $two_id bk_cc_two implements struct tcp_congestion_ops as \"bk_cc_two\": "
screen_has "why the maps tell them apart" "2 maps implement struct tcp_congestion_ops: the kernel names"
printf '%s\n' "$ksyms" | while read -r addr name; do
	hex=$(printf '%016x' "$addr")
	member=${name#bpf__tcp_congestion_ops_}
	screen_has "trampoline $name at $hex" \
		"^ +(struct_ops: +)?$hex $name: tcp_congestion_ops\.$member, image [12] of 2; one of maps $one_id bk_cc_one, $two_id bk_cc_two"
done || exit 1
screen_has "the XDP dispatcher" "Dispatchers: +[0-9a-f]{16} bpf_dispatcher_xdp: the XDP dispatcher"
screen_has "the XDP program it serves" "XDP programs loaded now: .*$xdp_id bk_xdp_pass"
screen_keys Escape
screen_wait "back to the main screen" "Tab Pane"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"

# Unregistered: gone from kallsyms and from --json.
unload_programs
json=$("$BIN" --json) || fail "bpfknobs --json failed"
expect_eq "no bk_cc_ map after unloading" \
	"$(printf '%s\n' "$json" | jq '[.struct_ops[] | select(.map_name | test("^bk_cc_"))] | length')" 0
grep -q ' bk_cc_one' /proc/sys/net/ipv4/tcp_available_congestion_control &&
	fail "bk_cc_one is still registered"
exit 0
