# BPF tokens on the running kernel (6.9 and later): containers with a
# bpffs that delegates (tests/helpers/delegate_helper), found in their
# mount namespaces, and probed with a token in their user namespaces: the
# token loads exactly what it delegates (beside what any user may load),
# every other type is the token's refusal; a plain user's namespace without
# a token is told a token would load it; --list and the browser's reach
# view say the same.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
. "$srcdir/tests/screen/lib.sh"

helper=$builddir/tests/helpers/delegate_helper
[ -x "$helper" ] || skip "tests/helpers/delegate_helper is not built"
lock_kernel shared

HELPER_PIDS=
cleanup() {
	for fd in 3 4; do eval "exec $fd>&-"; done
	for pid in $HELPER_PIDS; do
		wait "$pid" 2>/dev/null
	done
	screen_cleanup
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# container FD DIR CMDS MAPS PROGS ATTACHS: a delegating bpffs at DIR, held
# while descriptor FD stays open; sets CONTAINER (its pid)
container() {
	fd=$1
	shift
	mkdir -p "$1"
	# the container's root is no one on the host: it must reach DIR
	chmod 755 "$TEST_TMP" "$1"
	mkfifo "$TEST_TMP/in.$fd"
	"$helper" "$@" <"$TEST_TMP/in.$fd" >"$TEST_TMP/out.$fd" 2>&1 3>&- 4>&- 9>&- &
	HELPER_PIDS="$HELPER_PIDS $!"
	eval "exec $fd>\"\$TEST_TMP/in.$fd\""
	for _ in $(seq 50); do
		grep -q '^\(pid\|error\)' "$TEST_TMP/out.$fd" && break
		sleep 0.1
	done
	CONTAINER=$(sed -n 's/^pid=//p' "$TEST_TMP/out.$fd")
	if [ -z "$CONTAINER" ]; then
		case $(cat "$TEST_TMP/out.$fd") in
		*"step=delegate_cmds errno=EINVAL"*)
			skip "this kernel ($(uname -r)) has no BPF tokens (delegate_cmds: EINVAL; Linux 6.9 and later)" ;;
		esac
		fail "delegate_helper $*: $(cat "$TEST_TMP/out.$fd")"
	fi
}

# xdp alone; and socket_filter with hash maps, where the probe's attach
# type (BPF_CGROUP_INET_INGRESS) is delegated and BTF is not
container 3 "$TEST_TMP/xdp" prog_load - xdp any
xdp_pid=$CONTAINER
container 4 "$TEST_TMP/sf" prog_load:map_create hash:sk_storage socket_filter cgroup_inet_ingress
sf_pid=$CONTAINER

"$BPFKNOBS" --json >"$TEST_TMP/r.json" || fail "--json exited $?"
COLUMNS=100 "$BPFKNOBS" --list >"$TEST_TMP/r.txt" || fail "--list exited $?"

# the delegations, as found in the containers' mount namespaces (the kernel
# writes the names in the order of their bits: map_create before prog_load)
got=$(jq -c --arg a "$TEST_TMP/xdp" --arg b "$TEST_TMP/sf" '[.reach.gates.delegations[] |
	select(.mount_point == $a or .mount_point == $b) |
	[.mount_point, .delegate_cmds, .delegate_maps, .delegate_progs, .delegate_attachs,
	 [.processes[].pid], .processes_count]] | sort' "$TEST_TMP/r.json")
want=$(jq -nc --arg a "$TEST_TMP/xdp" --arg b "$TEST_TMP/sf" --argjson p "$xdp_pid" \
	--argjson q "$sf_pid" '[[$a, "prog_load", null, "xdp", "any", [$p], 1],
	[$b, "map_create:prog_load", "hash:sk_storage", "socket_filter", "cgroup_inet_ingress", [$q], 1]]
	| sort')
expect_eq "the delegations" "$got" "$want"

# what a plain user may load anyway (unprivileged_bpf_disabled 0)
anyone() {
	jq -c --arg kind "$1" '[.reach.identities[] | select(.name == "user")][0][$kind] |
		[to_entries[] | select(.value == true) | .key]' "$TEST_TMP/r.json"
}
# token DIR KIND: {"loads": [...], "refused by": [gates]} of the token's identity
token() {
	jq -c --arg dir "$1" --arg kind "$2" '[.reach.identities[] | select(.token.bpffs == $dir)][0] |
		{error: .token.error, loads: [.[$kind] | to_entries[] | select(.value == true) | .key],
		 gates: ([.[$kind][] | objects | .gate] | unique)}' "$TEST_TMP/r.json"
}
# the types that load: the delegated ones, and those anyone loads
with() { jq -nc --argjson a "$(anyone "$1")" --argjson d "$2" '$a + $d | unique'; }
loads() { jq -c '.loads | sort' <<EOF
$1
EOF
}
expect_eq "xdp token: no error" "$(token "$TEST_TMP/xdp" prog_types | jq -c .error)" null
expect_eq "xdp token: programs" "$(loads "$(token "$TEST_TMP/xdp" prog_types)")" \
	"$(with prog_types '["xdp"]')"
expect_eq "xdp token: maps" "$(loads "$(token "$TEST_TMP/xdp" map_types)")" "$(with map_types '[]')"
expect_eq "xdp token: the refusals" "$(token "$TEST_TMP/xdp" prog_types | jq -c .gates)" '["token"]'
expect_eq "sf token: programs" "$(loads "$(token "$TEST_TMP/sf" prog_types)")" \
	"$(with prog_types '["socket_filter"]')"
# sk_storage's probe loads BTF first, which is not delegated
expect_eq "sf token: maps" "$(loads "$(token "$TEST_TMP/sf" map_types)")" \
	"$(with map_types '["hash"]')"
# without a token, xdp is refused for want of one
expect_eq "userns without a token: xdp" "$(jq -c '[.reach.identities[] | select(.name == "userns" and
	.token == null)][0].prog_types.xdp | .gate' "$TEST_TMP/r.json")" '"token"'

# --list says it: the token's identity, its table column, the delegation
tr -s ' \n' '  ' <"$TEST_TMP/r.txt" >"$TEST_TMP/flat.txt"
grep -q "a process of the user namespace of the bpffs at $TEST_TMP/xdp (mount namespace [0-9]*), with a token from it. Loads [0-9]* of" \
	"$TEST_TMP/flat.txt" || fail "--list does not name the xdp token's identity"
grep -q "$TEST_TMP/xdp in mount namespace [0-9]*: delegate_cmds=prog_load, delegate_maps=(none), delegate_progs=xdp, delegate_attachs=any" \
	"$TEST_TMP/flat.txt" || fail "--list does not show the xdp delegation"

# the browser's reach view: the xdp container's column, in the table's head
# and in the xdp and socket_filter rows
col=$(jq -r --arg dir "$TEST_TMP/xdp" '[.reach.identities[] | select(.token != null) | .token.bpffs] |
	index($dir) + 1' "$TEST_TMP/r.json")
screen_start 160 100
screen_wait "the main screen" "^Tab Pane +Enter"
screen_keys w
screen_wait "the reach view" "^ What eBPF may do here, and for whom"
screen_wait_gone "probed" "probing"
screen_keys End
screen_wait "the table" "^ *yes: loads"
screen_settle
head=$(printf '%s\n' "$SCREEN" | grep '^ PROGRAM TYPE')
# the column of "userns+N": its word in each row
field=$(printf '%s\n' "$head" | awk -v c="userns+$col" '{ for (i = 1; i <= NF; i++) if ($i == c) print i - 1 }')
[ -n "$field" ] || screen_fail "no column userns+$col in the view's table"
cell() { printf '%s\n' "$SCREEN" | awk -v t="$1" -v f="$field" '$1 == t { print $f; exit }'; }
expect_eq "the view: xdp with the xdp token" "$(cell xdp)" yes
expect_eq "the view: sched_cls with the xdp token" "$(cell sched_cls)" token
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter"
screen_keys q
expect_eq "after q" "$(screen_exit_status 10)" "0 restored"
echo "two containers' tokens load what their bpffs delegate; --list and the view say so"
exit 0
