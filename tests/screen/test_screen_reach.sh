# The reach view on the real kernel, as root: w opens it, and its table of
# every type for every identity is what --json probed, cell for cell; the
# change dialog of kernel.unprivileged_bpf_disabled says what a plain user
# loads now and would load at 0, as --list does; writing 0 through the
# browser probes again, and the view then shows the plain user loading what
# was expected; 2 again, and it shows the knob refusing. The knob is put
# back to 2 on any exit; 1 is never written.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd jq jq

# This test writes a real knob: no other test may look at the knobs meanwhile.
lock_kernel exclusive
KNOB=/proc/sys/kernel/unprivileged_bpf_disabled
WAS=$(cat $KNOB)
[ "$WAS" = 2 ] || skip "needs kernel.unprivileged_bpf_disabled=2 (it is $WAS): the test sets 0 and 2 through the browser, and 1 never"
reach_cleanup() {
	trap '' PIPE
	[ "$(cat $KNOB)" = "$WAS" ] || echo "$WAS" >$KNOB || echo "could not put $KNOB back to $WAS" >&2
	screen_cleanup
}
trap reach_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# table_of JSON: the reach view's table as --json's verdicts give it: the
# type, then a word per identity (fields_reach_table's layout: 24 columns,
# then each identity's label at least 6 wide)
table_of() {
	jq -r '.reach as $r | [foreach $r.identities[] as $i (0;
		if $i.token == null then . else . + 1 end;
		if $i.token == null then $i.name else "userns+\(.)" end)] as $labels |
		("PROGRAM TYPE\t" + ($labels | join("\t"))),
		($r.identities[0].prog_types | keys_unsorted[] as $t |
			$t + "\t" + ([$r.identities[] | .prog_types[$t]] | map(
			if . == true then "yes" elif . == null then "-" else
			{"unprivileged_bpf_disabled": "knob", "capability": "cap", "token": "token",
			 "lsm": "policy", "not_built_in": "absent",
			 "probe": "probe", "unknown": "?"}[.gate] end) | join("\t"))),
		("MAP TYPE\t" + ($labels | join("\t"))),
		($r.identities[0].map_types | keys_unsorted[] as $t |
			$t + "\t" + ([$r.identities[] | .map_types[$t]] | map(
			if . == true then "yes" elif . == null then "-" else
			{"unprivileged_bpf_disabled": "knob", "capability": "cap", "token": "token",
			 "lsm": "policy", "not_built_in": "absent",
			 "probe": "probe", "unknown": "?"}[.gate] end) | join("\t")))' "$1" |
	awk -F'\t' 'NR == 1 { for (i = 2; i <= NF; i++) { w[i] = length($i) < 6 ? 6 : length($i) } }
		{ line = sprintf("%-24s", $1); for (i = 2; i <= NF; i++) line = line sprintf(" %-" w[i] "s", $i)
		  sub(/ +$/, "", line); print line }'
}
# The table as the view shows it, from its head to the legend.
table_on_screen() {
	printf '%s\n' "$SCREEN" | sed -n '/^ PROGRAM TYPE/,/^ *yes: loads/p' | sed '$d' |
		sed 's/^ //; s/ *$//'
}
# the view's table, at the end of its text: compared with want
view_table() {
	screen_keys w
	screen_wait "the reach view" "^ What eBPF may do here, and for whom"
	screen_wait_gone "$1: probed" "probing"
	screen_keys End
	screen_wait "$1: the table" "^ *yes: loads"
	screen_settle
	table_on_screen >"$TEST_TMP/screen.txt"
	diff -u "$2" "$TEST_TMP/screen.txt" || screen_fail "$1: the view's table is not what --json probed"
	screen_keys Escape
	screen_wait "back on the main screen" "^Tab Pane +Enter Change"
}
# write_knob VALUE: through the change dialog and its confirmation
write_knob() {
	screen_keys Enter
	screen_wait "the change dialog" "─ Change kernel\.unprivileged_bpf_disabled ─"
	screen_keys "$1"
	screen_keys Enter
	screen_wait "the confirmation" "─ Confirm: change kernel\.unprivileged_bpf_disabled ─"
	screen_settle
	CONFIRM=$SCREEN
	screen_keys y
	screen_wait "written" "─ Changed ─"
	screen_keys Enter
	screen_wait_gone "the message closed" "─ Changed ─"
	expect_eq "the kernel after the browser wrote $1" "$(cat $KNOB)" "$1"
}

"$BPFKNOBS" --json >"$TEST_TMP/at2.json" || fail "--json exited $?"
COLUMNS=100 "$BPFKNOBS" --list >"$TEST_TMP/at2.txt" || fail "--list exited $?"
table_of "$TEST_TMP/at2.json" >"$TEST_TMP/want2.txt"

screen_start 100 90
screen_wait "the main screen" "^Tab Pane +Enter Change"
view_table "at 2" "$TEST_TMP/want2.txt"

# the confirmation of 0 says what a plain user loads now and after, as
# --list says it at each value
write_knob 0
users=$(printf '%s\n' "$CONFIRM" | sed -n '/│ Users:/,/│ When:/p' | grep -v '│ When:' |
	sed 's/^[^│]*│ *//; s/ *│[^│]*$//; s/^Users: *//' | tr -s ' \n' '  ' | sed 's/ $//')
flat=$(tr -s ' \n' '  ' <"$TEST_TMP/at2.txt")
now=$(printf '%s' "$flat" | sed -n 's/.*At kernel\.unprivileged_bpf_disabled=2 (now): \([^.]*\)\..*/\1/p')
after=$(printf '%s' "$flat" | sed -n 's/.*At kernel\.unprivileged_bpf_disabled=0: \(.*\) At kernel\.unprivileged_bpf_disabled=1:.*/\1/p')
expect_eq "the dialog's Users line" "$users" \
	"A plain user (uid 65534, no capabilities) loads now: $now. After: $after The probes run again after the change (w shows them)."

# written: the view is probed again, and a plain user loads what was expected
"$BPFKNOBS" --json >"$TEST_TMP/at0.json" || fail "--json at 0 exited $?"
table_of "$TEST_TMP/at0.json" >"$TEST_TMP/want0.txt"
view_table "at 0" "$TEST_TMP/want0.txt"
got=$(awk '$1 != "PROGRAM" && $1 != "MAP" && $6 == "yes" { print $1 }' "$TEST_TMP/screen.txt" | tr '\n' ' ')
want=$(jq -r '.reach.plain_user_by_knob[][] | select(.value == 0) | .prog_types + .map_types | .[]' \
	"$TEST_TMP/at2.json" | tr '\n' ' ')
expect_eq "what the plain user loads at 0, on the screen and as expected at 2" "$got" "$want"

write_knob 2
view_table "at 2 again" "$TEST_TMP/want2.txt"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
