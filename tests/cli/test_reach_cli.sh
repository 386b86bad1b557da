# What eBPF may do here, and for whom, on the running kernel: --json's
# "reach" against bpftool feature probe (root, and "unprivileged" against
# the plain user), at the knob's value and, where it is 2, at 0 too (the one
# write, restored on any exit; 1 is never written); the plain user's verdicts
# at 2, whole; what 0 was expected to bring back against what it did; and
# a plain user's own run, which can become no one else.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
need_cmd bpftool bpftool

KNOB=/proc/sys/kernel/unprivileged_bpf_disabled
lock_kernel shared
saved=$(cat $KNOB)

# verdicts FILE IDENTITY KIND: {"type": true|false} of an identity without
# a token (prog_types or map_types)
verdicts() {
	jq -S --arg who "$2" --arg kind "$3" '[.reach.identities[] | select(.name == $who and
		.token == null)][0][$kind] | with_entries(.value = (.value == true))' "$1"
}
# bpftool_verdicts FILE KIND: the same from bpftool feature probe -j
# (program_types, map_types: have_socket_filter_prog_type...)
bpftool_verdicts() {
	jq -S --arg kind "$2" '.[$kind] | with_entries(.key |= (sub("^have_"; "") |
		sub("_(prog|map)_type$"; "")))' "$1"
}
# agree WHAT: root and the plain user as bpftool sees them, for every type
# bpftool knows (its libbpf may know fewer than ours: those are left out).
# bpftool feature probe unprivileged reads errno after a probe that
# succeeded (feature.c: "if (run_as_unprivileged && errno == EPERM) res =
# false", still upstream), so a type that loads may come out false when an
# earlier call left EPERM behind; where it says no and the tool yes, libbpf's
# probe of that type is run once more as bpftool's own identity (root
# without CAP_SYS_ADMIN, CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON), and the
# kernel's answer there decides.
agree() {
	bpftool feature probe -j >"$TEST_TMP/bt-root.json" 2>/dev/null ||
		fail "bpftool feature probe -j failed"
	bpftool feature probe unprivileged -j >"$TEST_TMP/bt-unpriv.json" 2>/dev/null ||
		fail "bpftool feature probe unprivileged -j failed"
	misread=
	for pair in "root program_types prog_types prog" "root map_types map_types map" \
		"unpriv program_types prog_types prog" "unpriv map_types map_types map"; do
		set -- $pair
		who=$1
		[ "$who" = unpriv ] && who=user
		bpftool_verdicts "$TEST_TMP/bt-$1.json" "$2" >"$TEST_TMP/want.json"
		verdicts "$JSON" "$who" "$3" |
			jq -S --slurpfile want "$TEST_TMP/want.json" \
				'with_entries(select(.key as $k | $want[0] | has($k)))' >"$TEST_TMP/got.json"
		n=$(jq length "$TEST_TMP/want.json")
		[ "$n" -gt 20 ] || fail "$WHAT: bpftool lists only $n $2"
		if [ "$1" = unpriv ]; then
			for t in $(jq -r --slurpfile got "$TEST_TMP/got.json" \
				'to_entries[] | select(.value == false and $got[0][.key] == true) | .key' \
				"$TEST_TMP/want.json"); do
				out=$(setpriv --bounding-set=-sys_admin,-bpf,-net_admin,-perfmon \
					"$builddir/tests/helpers/probe_type" "$4" "$t")
				case $out in
				"$t loads=1 errno=0")
					misread="$misread $t"
					jq --arg t "$t" '.[$t] = true' "$TEST_TMP/want.json" >"$TEST_TMP/w2.json"
					mv "$TEST_TMP/w2.json" "$TEST_TMP/want.json" ;;
				*) fail "$WHAT: the tool says a plain user loads $t; bpftool and $out say no" ;;
				esac
			done
		fi
		diff -u "$TEST_TMP/want.json" "$TEST_TMP/got.json" >"$TEST_TMP/diff" ||
			fail "$WHAT: $who's $3 differ from bpftool feature probe${1#root} -j:
$(cat "$TEST_TMP/diff")"
	done
	note=
	[ -z "$misread" ] || note=", but for$misread: the errno check of bpftool misreads them (the kernel loads them for its identity)"
	echo "$WHAT: root's and the plain user's program and map types are bpftool's$note"
}

# --- at the knob's value ------------------------------------------------
JSON=$TEST_TMP/now.json
"$BPFKNOBS" --json >"$JSON" || fail "--json exited $?"
expect_eq "reach state" "$(jq -r .reach.state "$JSON")" probed
expect_eq "the identities" "$(jq -c '[.reach.identities[] | select(.token == null) | .name]' "$JSON")" \
	'["self","root","agent","cap_bpf","user","userns"]'
expect_eq "the knob the probes saw" "$(jq .reach.unprivileged_bpf_disabled "$JSON")" "$saved"
# every type libbpf names, in its order, for every identity
jq -r '.reach.identities[0].prog_types | keys_unsorted[]' "$JSON" >"$TEST_TMP/ours"
bpftool feature list_builtins prog_types | sed 1d >"$TEST_TMP/theirs" # without unspec
head -n "$(wc -l <"$TEST_TMP/theirs")" "$TEST_TMP/ours" | diff -u "$TEST_TMP/theirs" - ||
	fail "the program types are not libbpf's names in libbpf's order"
WHAT="unprivileged_bpf_disabled=$saved" agree

if [ "$saved" != 0 ]; then
	# the knob refuses a plain user every type, and says so with EPERM
	jq -S '[.reach.identities[] | select(.name == "user")][0] | [.prog_types, .map_types] |
		map(with_entries(.value |= {gate, errno}))' "$JSON" >"$TEST_TMP/got.json"
	jq -S '[.reach.identities[] | select(.name == "user")][0] | [.prog_types, .map_types] |
		map(with_entries(.value = {gate: "unprivileged_bpf_disabled", errno: 1}))' \
		"$JSON" >"$TEST_TMP/want.json"
	diff -u "$TEST_TMP/want.json" "$TEST_TMP/got.json" ||
		fail "at $saved the plain user's verdicts are not all the knob's"
fi

# --- at 0, when the knob is 2: written once, restored on any exit -------
if [ "$saved" = 2 ]; then
	exec 9>&-
	lock_kernel exclusive
	[ "$(cat $KNOB)" = 2 ] || fail "unprivileged_bpf_disabled left 2 while this test waited"
	restore() {
		echo 2 >$KNOB
		lib_cleanup
	}
	trap restore EXIT
	trap 'exit 1' INT TERM HUP
	jq -S '.reach.plain_user_by_knob["kernel.unprivileged_bpf_disabled"][] |
		select(.value == 0) | {prog_types, map_types}' "$JSON" >"$TEST_TMP/expected0.json"
	expect_eq "where 0's answer came from at 2" "$(jq -r '.reach.plain_user_by_knob[][] |
		select(.value == 0) | .from' "$JSON")" expected
	echo 0 >$KNOB
	JSON=$TEST_TMP/zero.json
	"$BPFKNOBS" --json >"$JSON" || fail "--json at 0 exited $?"
	WHAT="unprivileged_bpf_disabled=0" agree
	echo 2 >$KNOB
	expect_eq "the knob the probes saw" "$(jq .reach.unprivileged_bpf_disabled "$JSON")" 0
	# what 0 was expected to let a plain user load is what it let it load
	jq -S '[.reach.identities[] | select(.name == "user")][0] |
		{prog_types: [.prog_types | to_entries[] | select(.value == true) | .key],
		 map_types: [.map_types | to_entries[] | select(.value == true) | .key]}' \
		"$JSON" >"$TEST_TMP/seen0.json"
	diff -u "$TEST_TMP/expected0.json" "$TEST_TMP/seen0.json" ||
		fail "at 2 the tool expected the left of a plain user at 0; the probe at 0 saw the right"
	# and at 0 a refusal is a capability's, never the knob's
	n=$(jq '[.reach.identities[] | select(.name == "user") | .prog_types[], .map_types[] |
		objects | select(.gate == "unprivileged_bpf_disabled")] | length' "$JSON")
	expect_eq "refusals put down to the knob at 0" "$n" 0
	echo "at 0 a plain user loads $(jq -c '.prog_types' "$TEST_TMP/seen0.json") and" \
		"$(jq '.map_types | length' "$TEST_TMP/seen0.json") map types, as expected at 2"
fi

# --- a plain user's own run: it can become no one else -------------------
as_nobody "$BPFKNOBS" --json >"$TEST_TMP/nobody.json" || fail "--json as uid 65534 exited $?"
expect_eq "uid 65534: who was probed" "$(jq -c '[.reach.identities[] | select(.token == null) |
	[.name, .probed]] | .[0:5]' "$TEST_TMP/nobody.json")" \
	'[["self",true],["root",false],["agent",false],["cap_bpf",false],["user",false]]'
expect_eq "uid 65534: its own uid" "$(jq '.reach.identities[0].uid' "$TEST_TMP/nobody.json")" 65534
expect_match "uid 65534: why not root" "$(jq -r '.reach.identities[1].error' "$TEST_TMP/nobody.json")" \
	'^needs bpfknobs to run as root with every capability \(EPERM\)$'
exit 0
