# The browser as root at 80x24: the five knobs with the kernel's values in
# the mission's order, the header, focus and selection, a knob's detail,
# the key bar; q, F10, SIGTERM, Ctrl-C and a crash all end it with the
# terminal restored.
# Also the refusals that need no screen: -d out of range, no terminal.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

# -d: a clear refusal naming the range, status 2; a good value is taken.
for bad in 0 0.05 3601 abc 1s "" -1; do
	"$BPFKNOBS" --list -d "$bad" >/dev/null 2>"$TEST_TMP/err" && fail "-d '$bad' was accepted"
	status=$?
	expect_eq "exit status of -d '$bad'" "$status" 2
	grep -q "from 0.1 to 3600" "$TEST_TMP/err" || fail "-d '$bad': the message names no range"
done
"$BPFKNOBS" --list --delay 0.5 >/dev/null || fail "--delay 0.5 was refused"
"$BPFKNOBS" --list -d 3600 >/dev/null || fail "-d 3600 was refused"

# No terminal: a message pointing to --list and --json, status 1, no escapes.
out=$("$BPFKNOBS" 2>"$TEST_TMP/err" </dev/null)
expect_eq "exit status without a terminal" "$?" 1
[ -z "$out" ] || fail "without a terminal it wrote: $out"
grep -q -- "--list" "$TEST_TMP/err" && grep -q -- "--json" "$TEST_TMP/err" ||
	fail "without a terminal the message does not point to --list and --json"

need_root

screen_start 80 24
screen_wait "the main screen" "Tab Pane"
screen_fits 80
screen_has "the header" "bpfknobs [0-9.]+ on $(hostname): Linux $(uname -r)"
screen_has "the privilege state" "Access: root: changes allowed"
harden=$(knob_value net.core.bpf_jit_harden)
kallsyms=$(knob_value net.core.bpf_jit_kallsyms)
if [ "$harden" != 0 ]; then
	symbols="hidden by bpf_jit_harden=$harden"
elif [ "$kallsyms" = 0 ]; then
	symbols="hidden by bpf_jit_kallsyms=0"
else
	symbols="listed in /proc/kallsyms"
fi
screen_has "the JIT symbols state" "JIT symbols: $symbols"

# The five knobs, each with the kernel's value, in the mission's order.
prev=0
for knob in kernel.unprivileged_bpf_disabled net.core.bpf_jit_enable net.core.bpf_jit_harden \
	net.core.bpf_jit_kallsyms net.core.bpf_jit_limit; do
	short=${knob##*.}
	value=$(knob_value "$knob")
	line=$(printf '%s\n' "$SCREEN" | grep -nE "(^|[ >]|▸)$short +$value( |$)" | cut -d: -f1)
	[ -n "$line" ] || screen_fail "$short is not shown with the kernel's value $value"
	[ "$line" -gt "$prev" ] || screen_fail "$short is out of order"
	prev=$line
done

# Focus on the knobs, the first one selected and its detail shown.
screen_has "the first knob selected" "^▸unprivileged_bpf_disabled"
screen_has "its detail" "kernel.unprivileged_bpf_disabled: whether"
screen_has "its meaning" "^ Now: "
screen_has "both panes" "─ Programs"
screen_has "the column heads" "ID.* TYPE +NAME +JIT +OWNER +ATTACHED"
screen_has "the knob pane's key bar" \
	"^Tab Pane +Enter Change +i Info +u Undo +S Save +H History +\? Help +q Quit"

# j moves; the detail follows; i shows all of it; Esc comes back.
screen_keys j
screen_wait "the second knob selected" "^▸bpf_jit_enable"
screen_has "its detail" "net.core.bpf_jit_enable: whether new BPF programs"
screen_keys i
screen_wait "the knob's whole detail" "^ net.core.bpf_jit_enable: "
screen_has "the current value marked" "▸ $(knob_value net.core.bpf_jit_enable)  "
screen_has "the default and its origin" "Default: +.*CONFIG_BPF_JIT_DEFAULT_ON"
screen_keys End
screen_wait "the end of the detail" "About: "
screen_has "who may change it" "Changed by: +root with CAP_SYS_ADMIN"
screen_keys Escape
screen_wait "back on the main screen" "^▸bpf_jit_enable"
screen_keys Tab
# at 80 columns the arrows leave the bar so that every other key fits
screen_wait "focus on the programs" "^Tab Pane +Enter Open +i Info +/ Filter +s Sort +t Stats +z Zoom +\? Help +q Quit$"
screen_lacks "no knob marked once the focus moved" "^▸bpf_jit"

# q: status 0, the terminal modes as before, the normal screen back.
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
screen_alternate_off
screen_wait "the shell's screen back" "bpfknobs exited with status 0"
screen_lacks "the browser is gone from the screen" "Tab Pane"

# F10 quits too.
screen_start 80 24
screen_wait "the main screen" "Tab Pane"
screen_keys F10
expect_eq "after F10" "$(screen_exit_status)" "0 restored"

# SIGTERM and Ctrl-C (SIGINT from the terminal): the terminal is restored
# and bpfknobs dies of the signal, as the shell expects.
screen_start 80 24
screen_wait "the main screen" "Tab Pane"
kill -TERM "$(screen_pid)"
expect_eq "after SIGTERM" "$(screen_exit_status)" "143 restored"
screen_alternate_off
screen_start 80 24
screen_wait "the main screen" "Tab Pane"
screen_keys C-c
expect_eq "after Ctrl-C" "$(screen_exit_status)" "130 restored"
screen_alternate_off

# A fatal error (a crash, here simulated by SIGSEGV) restores it too.
screen_start 80 24
screen_wait "the main screen" "Tab Pane"
kill -SEGV "$(screen_pid)"
expect_eq "after SIGSEGV" "$(screen_exit_status)" "139 restored"
screen_alternate_off
exit 0
