# The layout as a person sees it: 80x24 and 200x50 both show both panes,
# a resize re-lays the screen out, a small terminal gets a clear message;
# ASCII without a UTF-8 locale; colors, NO_COLOR and a terminal without
# colors; a --proc tree. Runs as any user: values come from the kernel as
# this user reads them.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

KNOBS="kernel.unprivileged_bpf_disabled net.core.bpf_jit_enable net.core.bpf_jit_harden
	net.core.bpf_jit_kallsyms net.core.bpf_jit_limit"

# check_main COLS ROWS FULL_NAMES: the whole main screen on $SCREEN.
check_main() {
	screen_fits "$1"
	expect_eq "lines on the screen" "$(printf '%s\n' "$SCREEN" | wc -l)" "$2"
	screen_has "the header" "^ bpfknobs [0-9.]+ on "
	screen_has "the knob pane" "^─ Knobs ─"
	for knob in $KNOBS; do
		name=${knob##*.}
		[ "$3" = full ] && name=$knob
		screen_has "$knob" "(^|[ >]|▸)$name +$(knob_value "$knob")( |$)"
	done
	screen_has "the knob detail" "─ kernel\.unprivileged_bpf_disabled: whether users"
	screen_has "the program pane" "─ Programs"
	# the symbol from about 110 columns
	if [ "$1" -ge 110 ]; then
		screen_has "the column heads" " ID.* TYPE +NAME +JIT +SYMBOL \(or why none\) +OWNER +ATTACHED"
	else
		screen_has "the column heads" " ID.* TYPE +NAME +JIT +OWNER +ATTACHED$"
	fi
	printf '%s\n' "$SCREEN" | tail -n 1 | grep -q "^Tab Pane .*q Quit" ||
		screen_fail "the key bar is not the last line"
}

screen_start 80 24
screen_wait "80x24" "Tab Pane"
check_main 80 24 short
screen_has "the detail below the knobs" "^ Now: "

# The same session grows to 200x50: the detail beside the knobs.
screen_resize 200 50
screen_wait "200x50" "bpf_jit_harden +.*│"
check_main 200 50 short
screen_has "the detail beside the knobs" "unprivileged_bpf_disabled +$(knob_value \
kernel.unprivileged_bpf_disabled) .*│ Now: "

# Too small, then back.
screen_resize 50 12
screen_wait "50x12" "Terminal too small: 50x12"
screen_has "the minimum" "needs at least 60x16"
screen_lacks "no pane squeezed in" "Knobs"
screen_resize 80 24
screen_wait "80x24 again" "Tab Pane"
check_main 80 24 short
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"

# A fresh start at 200x50, and one that is too small from the start.
screen_start 200 50
screen_wait "200x50 from the start" "Tab Pane"
check_main 200 50 short
# between the two, the knobs take the whole width and their full names
screen_start 120 40
screen_wait "120x40" "Tab Pane"
check_main 120 40 full
screen_start 40 10
screen_wait "40x10" "Terminal too small: 40x10"
screen_keys q
expect_eq "q when too small" "$(screen_exit_status)" "0 restored"

# Without a UTF-8 locale: ASCII only.
screen_start 80 24 LANG=C
screen_wait "LANG=C" "Tab Pane"
printf '%s\n' "$SCREEN" | LC_ALL=C grep -q '[^ -~]' && screen_fail "non-ASCII with LANG=C"
screen_has "ASCII lines" "^- Knobs ---"
screen_has "an ASCII selection mark" "^>unprivileged_bpf_disabled"
screen_has "an ASCII sort mark" " ID\^ "

# Colors; none with NO_COLOR or on a terminal without them, where reverse
# video and bold still mark the selection and the titles.
colors='\[(3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)m'
screen_start 80 24
screen_wait "colors" "Tab Pane"
screen_capture_styled | grep -Eq "$colors" || screen_fail "no colors by default"
for setting in NO_COLOR=1 TERM=vt100; do
	screen_start 80 24 "$setting"
	screen_wait "$setting" "Tab Pane"
	styled=$(screen_capture_styled)
	printf '%s\n' "$styled" | grep -Eq "$colors" && screen_fail "colors with $setting"
	printf '%s\n' "$styled" | grep -Eq '\[(0;)?7m' || screen_fail "no reverse video with $setting"
	printf '%s\n' "$styled" | grep -Eq '\[(0;)?1m' || screen_fail "no bold with $setting"
done

# A captured tree: its values, and why there are no programs.
tree=$srcdir/tests/fixtures/trees/locked
screen_start 100 30 -- "$SCREEN_BIN" --proc "$tree"
screen_wait "--proc" "Tab Pane"
screen_has "the tree's host" "on $(cat "$tree/sys/kernel/hostname"): Linux $(cat "$tree/sys/kernel/osrelease")"
for knob in $KNOBS; do
	value=$(cat "$tree/sys/$(printf '%s' "$knob" | tr . /)")
	screen_has "$knob from the tree" "$knob +$value "
done
screen_has "no programs from a tree" "Programs: not available"
screen_has "and why" "listed only for the running kernel"
# The first knob is selected; the tree locks it at 1 until reboot.
screen_has "the lock" "only 1 until reboot"
screen_has "other values refused" "refused until reboot"
exit 0
