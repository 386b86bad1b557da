# Changing a knob from the browser on the real kernel, as root at 80x24:
# net.core.bpf_jit_harden 0 -> 2 through the dialog and its confirmation,
# the kernel's value and a loaded program's JIT symbol following it, undo,
# every way of saying no, values refused in the dialog (bpf_jit_enable
# pinned by CONFIG_BPF_JIT_ALWAYS_ON too), bpf_jit_limit with a suffix, the
# history, and a plain user refused. What the kernel holds is read from
# /proc/sys and /proc/kallsyms, never taken from bpfknobs. The knobs this
# changes are put back to what the test found, even when it fails.
# kernel.unprivileged_bpf_disabled is never written, bpf_jit_enable neither.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd bpftool bpftool
need_cmd setpriv util-linux

# This test writes real knobs: no other test may look at them meanwhile.
# Taken before any tmux server starts, so that none holds the shared lock.
lock_kernel exclusive

HARDEN=net.core.bpf_jit_harden
LIMIT=net.core.bpf_jit_limit
HARDEN_WAS=$(knob_value "$HARDEN")
LIMIT_WAS=$(knob_value "$LIMIT")
ENABLE_WAS=$(knob_value net.core.bpf_jit_enable)

# Puts back what the test found, then the screen's cleanup (which unloads
# the program).
change_cleanup() {
	trap '' PIPE # a closed stderr must not stop the putting back
	if [ "$(knob_value "$HARDEN")" != "$HARDEN_WAS" ]; then
		echo "$HARDEN_WAS" >/proc/sys/net/core/bpf_jit_harden ||
			echo "could not put $HARDEN back to $HARDEN_WAS" >&2
	fi
	if [ "$(knob_value "$LIMIT")" != "$LIMIT_WAS" ]; then
		echo "$LIMIT_WAS" >/proc/sys/net/core/bpf_jit_limit ||
			echo "could not put $LIMIT back to $LIMIT_WAS" >&2
	fi
	screen_cleanup
}
trap change_cleanup EXIT
# a signal ends the script through the EXIT trap, so the knobs go back too
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

case $HARDEN_WAS in 0 | 1 | 2) ;; *) skip "$HARDEN cannot be read" ;; esac
[ "$(knob_value net.core.bpf_jit_kallsyms)" = 1 ] ||
	skip "needs net.core.bpf_jit_kallsyms=1, so that hardening is what hides symbols"
[ "$ENABLE_WAS" = 1 ] || skip "needs net.core.bpf_jit_enable=1 (JIT on)"
# The test starts from 0; the trap puts back what it found.
[ "$HARDEN_WAS" = 0 ] || echo 0 >/proc/sys/net/core/bpf_jit_harden

# Every knob as the kernel has it, to see that nothing was written.
knobs_now() {
	for knob in kernel.unprivileged_bpf_disabled net.core.bpf_jit_enable $HARDEN \
		net.core.bpf_jit_kallsyms $LIMIT; do
		printf '%s=%s ' "$knob" "$(knob_value "$knob")"
	done
}
# expect_proc WHAT KNOB VALUE: the kernel holds VALUE.
expect_proc() {
	expect_eq "$1: $2 in /proc/sys" "$(knob_value "$2")" "$3"
}
# Whether the program's symbol is in /proc/kallsyms, as the kernel says.
in_kallsyms() {
	grep -q " $symbol	\[bpf\]$" /proc/kallsyms
}
# type_value TEXT: in the change dialog, clears the input, types TEXT as it
# is ("0x2" would be a key code to tmux), and waits until it shows.
type_value() {
	screen_keys C-u
	screen_keys -l -- "$1"
	screen_wait "'$1' typed" "Or type: +$(regex_quote "$1") *│"
	screen_lacks "no message left from before '$1'" "Not a value|does not take|is too large"
}
# The text as an extended regular expression that matches just it.
regex_quote() {
	printf '%s' "$1" | sed 's/[].[*+?(){}|^$\\]/\\&/g'
}
# Seconds since midnight of HH:MM:SS.
day_seconds() {
	printf '%s\n' "$1" | awk -F: '{ print $1 * 3600 + $2 * 60 + $3 }'
}
# Centiseconds of wall clock and of time since boot: the two move together
# unless someone sets the clock.
clocks_cs() {
	printf '%s %s\n' "$(($(date +%s%N) / 10000000))" "$(tr -d . </proc/uptime | cut -d' ' -f1)"
}
# confirm_write WHAT RESULT: y in the confirmation, then the result box
# titled RESULT. The clock is read just before and just after, so that the
# history's time of this write can be checked against a narrow window; a
# window in which the clock was set (a VM syncing it) checks nothing.
WRITE_TIMES=
confirm_write() {
	set -- "$1" "$2" "$(date -u +%H:%M:%S)" $(clocks_cs)
	screen_keys y
	screen_wait "$1" "─ $2 ─"
	set -- "$@" "$(date -u +%H:%M:%S)" $(clocks_cs)
	if [ $((($7 - $4) - ($8 - $5))) -gt 100 ] || [ $((($7 - $4) - ($8 - $5))) -lt -100 ]; then
		echo "note: the clock was set during write $2; its time is not checked"
		WRITE_TIMES="$WRITE_TIMES any"
	else
		WRITE_TIMES="$WRITE_TIMES $3-$6"
	fi
}

# One program, loaded until the test ends.
load_program single
id=$LOADED_IDS
program_facts "$id"
tag=$PROG_TAG
jited=$PROG_JITED
symbol=bpf_prog_${tag}_bk_single
in_kallsyms || fail "$symbol is not in /proc/kallsyms with $HARDEN=0"
row="^(▸| ) *$id sk_filter +bk_single +$jited B"
row_reason="^(▸| ) *$id sk_filter +bk_single"

# The program is there with its symbol: the filter keeps it on the 80x24
# screen whatever else is loaded, and its details name the symbol in full.
screen_start 80 24 -- "$SCREEN_BIN" -d 1
screen_wait "the main screen" "Tab Pane"
screen_has "root may change knobs" "Access: root: changes allowed"
screen_keys / "$id" Enter
screen_wait "the list filtered to program $id" "Programs: [0-9]+ of [0-9]+ match \"$id\""
# at 80 columns the JIT column says its size where the symbol is listed
# ("hardened" where it is not), and socket_filter is sk_filter
screen_wait "program $id with its symbol" "$row +progs_l"
screen_select "program $id" "^▸ *$id sk_filter "
screen_keys Enter
screen_wait "the details of $id" "^ Program $id: bk_single"
screen_has "its symbol" "^ +[0-9a-f]{16} +$jited +$symbol$"
screen_keys Escape
screen_wait "back to the list" "Tab Pane"
screen_keys Tab
screen_wait "focus on the knobs" "^Tab Pane +Enter Change"

# Enter on bpf_jit_harden: a dialog listing the values with their meaning,
# the current one marked; Down/Up move the choice.
screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden +0 "
screen_keys Enter
screen_wait "the change dialog" "Change $HARDEN "
screen_has "value 0, marked as now and chosen" "▸ 0  \(now\) off"
screen_has "value 1 with its meaning" "   1  blinding for unprivileged loaders"
screen_has "value 2 with its meaning" "   2  blinding for every loader"
screen_has "what it takes" "Takes: +0, 1 or 2"
screen_keys Down Down
screen_wait "2 chosen" "▸ 2  blinding for every loader"
screen_keys Up
screen_wait "1 chosen" "▸ 1  blinding for unprivileged loaders"
screen_keys Down
screen_wait "2 chosen again" "▸ 2  blinding for every loader"
expect_proc "choosing in the dialog" $HARDEN 0

# Enter: the confirmation says old and new value, what happens to the JIT
# symbols, the sysctl command, and that no is the default. Nothing is
# written yet, and keys other than y (n, Esc, Enter mean no) write nothing.
screen_keys Enter
screen_wait "the confirmation" "Confirm: change $HARDEN "
screen_fits 80
screen_has "old and new value" "Change: +$HARDEN 0 → 2"
screen_has "the effect on JIT symbols" "Effect: +JIT symbols: now listed in /proc/kallsyms; after: hidden by"
screen_has "the sysctl command" "Same as: +sysctl -w $HARDEN=2 "
screen_has "no is the default" "\[y/N\]"
screen_has "the key bar says y writes" "^y Yes, write +n No"
screen_keys x 2 Space Tab
sleep 0.3
screen_wait "still confirming after other keys" "Confirm: change $HARDEN "
expect_proc "the confirmation open, other keys pressed" $HARDEN 0

# y writes: the kernel holds 2, the message says so, the knob row and the
# header show it, and the kernel hides the program's symbol, which the
# program pane says, with hardening as the reason.
confirm_write "the result" Changed
expect_proc "after y" $HARDEN 2
screen_has "the message says what changed" "$HARDEN changed from 0 to 2"
screen_wait "the knob row" "^▸bpf_jit_harden +2\*? +blinding for every loader"
screen_wait "the header" "JIT symbols: hidden by bpf_jit_harden=2"
! in_kallsyms || fail "$symbol is still in /proc/kallsyms with $HARDEN=2"
screen_keys Enter
screen_wait_gone "the message closed" "─ Changed ─"
screen_wait "program $id without its symbol" "$row_reason +hardened "
screen_lacks "no JIT size shown for $id" "$row"
screen_keys Tab
screen_select "program $id" "^▸ *$id sk_filter "
screen_keys Enter
screen_wait "the details of $id" "^ Program $id: bk_single"
screen_has "hardening named as the reason" "No symbol: +Not listed: $HARDEN is 2"
screen_lacks "no symbol in the details" "$symbol"
screen_keys Escape
screen_wait "back to the list" "Tab Pane"
screen_keys Tab
screen_wait "focus on the knobs" "^Tab Pane +Enter Change"

# u: the same confirmation, back from 2 to 0; y restores 0 and the symbol.
screen_keys u
screen_wait "the undo confirmation" "Undo: change back $HARDEN"
screen_has "old and new value" "Change: +$HARDEN 2 → 0"
screen_has "no is the default" "\[y/N\]"
expect_proc "the undo confirmation open" $HARDEN 2
confirm_write "the undo's result" Undone
expect_proc "after undo" $HARDEN 0
screen_has "the message says what changed" "$HARDEN changed from 2 to 0"
screen_wait "the knob row" "^▸bpf_jit_harden +0 +off"
screen_wait "the header" "JIT symbols: listed in /proc/kallsyms"
in_kallsyms || fail "$symbol is not back in /proc/kallsyms with $HARDEN=0"
screen_keys Enter
screen_wait "program $id with its symbol again" "$row +progs_l"
# Nothing is left to undo, and u says so without writing.
screen_keys u
screen_wait "nothing left to undo" "Nothing left to undo"
screen_lacks "no confirmation" "Undo: change back"
expect_proc "u with nothing to undo" $HARDEN 0

# No means no: n, Esc and Enter in the confirmation each cancel, say so,
# and write nothing. A digit on a knob opens the dialog with it typed.
for no in n Escape Enter; do
	screen_keys Enter 1
	screen_wait "1 typed ($no)" "Or type: +1 *│"
	screen_keys Enter
	screen_wait "the confirmation ($no)" "Change: +$HARDEN 0 → 1"
	screen_lacks "no message yet ($no)" "Cancelled"
	screen_keys "$no"
	screen_wait "cancelled by $no" "^Cancelled: nothing was written"
	screen_lacks "the confirmation closed by $no" "Confirm: change"
	expect_proc "after $no in the confirmation" $HARDEN 0
done
screen_keys 2
screen_wait "a digit opens the dialog with it typed" "Or type: +2 *│"
screen_has "the dialog's title" "Change $HARDEN "
screen_keys Escape
screen_wait "Esc in the dialog cancels" "^Cancelled: nothing was written"
expect_proc "after Esc in the dialog" $HARDEN 0

# Values the kernel would refuse are refused in the dialog, with what the
# knob takes; the dialog stays open for another try, nothing is written.
screen_keys Enter
screen_wait "the change dialog" "Change $HARDEN "
for bad in 7 3 22 99999999999999999999; do
	type_value "$bad"
	screen_keys Enter
	screen_wait "$bad refused" "does not take $bad: it takes 0, 1 or 2|\"$bad\" is too large"
	screen_has "still in the dialog after $bad" "Change $HARDEN "
	screen_lacks "no confirmation for $bad" "Confirm: change"
	expect_proc "after typing $bad" $HARDEN 0
done
# Not numbers, blanks included: the same whole-number rule as the kernel's
# output, nothing guessed.
for bad in abc -1 +1 1.5 0x2 1e0 "1 " " 1"; do
	type_value "$bad"
	screen_keys Enter
	screen_wait "'$bad' refused" "Not a value for $HARDEN: type digits only"
	screen_has "what it takes, after '$bad'" "(It takes|│) 0, 1 or 2\."
	screen_has "still in the dialog after '$bad'" "Change $HARDEN "
	screen_lacks "no confirmation for '$bad'" "Confirm: change"
	expect_proc "after typing '$bad'" $HARDEN 0
done
screen_keys Escape
screen_wait "cancelled" "^Cancelled: nothing was written"
expect_proc "after Esc" $HARDEN 0

# bpf_jit_enable on a kernel built with CONFIG_BPF_JIT_ALWAYS_ON: 0 is
# refused in the dialog with that reason, and nothing is written.
if zcat /proc/config.gz 2>/dev/null | grep -qx CONFIG_BPF_JIT_ALWAYS_ON=y; then
	screen_keys k Enter
	screen_wait "the change dialog" "Change net.core.bpf_jit_enable "
	before=$(printf '%s\n' "$SCREEN" | grep -c CONFIG_BPF_JIT_ALWAYS_ON)
	screen_keys 0 Enter
	screen_wait "0 refused" "does not take 0 on this kernel"
	after=$(printf '%s\n' "$SCREEN" | grep -c CONFIG_BPF_JIT_ALWAYS_ON)
	[ "$after" -gt "$before" ] || screen_fail "the refusal does not name CONFIG_BPF_JIT_ALWAYS_ON"
	screen_has "nothing written, it says" "Nothing was written"
	screen_lacks "no confirmation" "Confirm: change"
	expect_proc "after typing 0" net.core.bpf_jit_enable 1
	screen_keys Escape
	screen_wait "cancelled" "^Cancelled: nothing was written"
	screen_keys j
	screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden "
fi

# bpf_jit_limit takes K, M and G: 256M is 268435456 bytes; one beyond the
# kernel's range is refused. y writes it and u puts the old value back.
new=268435456
[ "$LIMIT_WAS" != $new ] || new=134217728
suffixed=$((new / 1048576))M
# the last of the five, above the related statistics switch
screen_keys End Up
screen_wait "bpf_jit_limit selected" "^▸bpf_jit_limit "
screen_keys Enter
screen_wait "the change dialog" "Change $LIMIT "
type_value 4G
screen_keys Enter
screen_wait "4G refused" "does not take 4294967296: it takes"
expect_proc "after typing 4G" $LIMIT "$LIMIT_WAS"
type_value "$suffixed"
screen_keys Enter
screen_wait "the confirmation" "Change: +$LIMIT $LIMIT_WAS → $new"
screen_has "the sysctl command in bytes" "Same as: +sysctl -w $LIMIT=$new"
expect_proc "the confirmation open" $LIMIT "$LIMIT_WAS"
screen_keys n
screen_wait "cancelled" "^Cancelled: nothing was written"
expect_proc "after n" $LIMIT "$LIMIT_WAS"
screen_keys Enter
screen_wait "the change dialog" "Change $LIMIT "
type_value "$(printf '%s' "$suffixed" | tr M m)"
screen_keys Enter
screen_wait "the confirmation, lower-case suffix" "Change: +$LIMIT $LIMIT_WAS → $new"
confirm_write "the result" Changed
expect_proc "after y" $LIMIT $new
screen_keys Enter u
screen_wait "the undo confirmation" "Change: +$LIMIT $new → $LIMIT_WAS"
confirm_write "the undo's result" Undone
expect_proc "after undo" $LIMIT "$LIMIT_WAS"
screen_keys Enter

# H lists the four writes, oldest first: time, knob, old → new, result.
# 120 columns, so that the result column is whole.
screen_keys H
screen_wait "the history" "Changes tried in this session \(4\)"
screen_resize 120 24
screen_wait "the whole result column" "$HARDEN +0 → 2 +applied, undone later"
screen_has "the undo" "$HARDEN +2 → 0 \(undo\) +applied$"
screen_has "the limit" "$LIMIT +$LIMIT_WAS → $new +applied, undone later"
screen_has "its undo" "$LIMIT +$new → $LIMIT_WAS \(undo\) +applied$"
order=$(printf '%s\n' "$SCREEN" | grep -E "(→).*applied" | sed -E 's/^ +[0-9:]+ +([a-z_.]+) +([0-9]+) → ([0-9]+).*/\1 \2 \3/' | tr '\n' ';')
expect_eq "the history's order" "$order" \
	"$HARDEN 0 2;$HARDEN 2 0;$LIMIT $LIMIT_WAS $new;$LIMIT $new $LIMIT_WAS;"
# each time is when its write happened (UTC here): within the clock
# readings just before and after that write, in the same order
set -- $WRITE_TIMES
for when in $(printf '%s\n' "$SCREEN" | grep -E "→.*applied" | awk '{ print $1 }'); do
	[ $# -gt 0 ] || screen_fail "more times in the history than writes"
	[ "$1" != any ] || { shift; continue; }
	from=$(day_seconds "${1%-*}") to=$(day_seconds "${1#*-}") s=$(day_seconds "$when")
	if [ "$from" -le "$to" ]; then
		[ "$s" -ge "$from" ] && [ "$s" -le "$to" ]
	else # past midnight
		[ "$s" -ge "$from" ] || [ "$s" -le "$to" ]
	fi || screen_fail "time $when is not that of its write, between ${1%-*} and ${1#*-}"
	shift
done
[ $# = 0 ] || screen_fail "the history has fewer times than writes"
screen_resize 80 24
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"

# q: status 0, the terminal restored, the knobs as the test found them.
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
expect_proc "after q" $HARDEN 0
expect_proc "after q" $LIMIT "$LIMIT_WAS"

# A plain user (uid 65534, no capabilities) is told who can change knobs
# and how, and gets no dialog: Enter, a digit, u and S all refuse, and
# nothing changes in the kernel.
before=$(knobs_now)
screen_start 80 24 -- setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	--bounding-set=-all "$SCREEN_BIN"
screen_wait "the main screen" "Tab Pane"
screen_has "read-only" "Access: read-only"
screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden "
for key in Enter 2 u S; do
	screen_keys "$key"
	screen_wait "$key refused" "Only root can change knobs"
	screen_has "who can ($key)" "root with CAP_SYS_ADMIN"
	screen_has "how ($key)" "sudo bpfknobs"
	screen_lacks "no value dialog ($key)" "Or type:|Change $HARDEN |Confirm: change|\[y/N\]"
	screen_keys Enter
	screen_wait_gone "the message closed ($key)" "Only root can change knobs"
	expect_eq "the knobs after $key as a plain user" "$(knobs_now)" "$before"
done
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
