# The sixth, related knob from the browser on the real kernel, as root at
# 80x24: kernel.bpf_stats_enabled 0 -> 1 through the same dialog,
# confirmation and read-back as the five, the knob row, its "In effect"
# detail and the header following it, then u back to 0. What the kernel
# holds is read from /proc/sys. The knob is put back to what the test found,
# even when it fails (the trap), and no other test runs meanwhile (the lock).
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
lock_kernel exclusive

STATS=kernel.bpf_stats_enabled
STATS_FILE=/proc/sys/kernel/bpf_stats_enabled
STATS_WAS=$(knob_value "$STATS")
case $STATS_WAS in 0 | 1) ;; *) skip "$STATS cannot be read" ;; esac

stats_cleanup() {
	trap '' PIPE
	if [ "$(knob_value "$STATS")" != "$STATS_WAS" ]; then
		echo "$STATS_WAS" >"$STATS_FILE" || echo "could not put $STATS back to $STATS_WAS" >&2
	fi
	screen_cleanup
}
trap stats_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM
# The test starts from 0; the trap puts back what it found.
[ "$STATS_WAS" = 0 ] || echo 0 >"$STATS_FILE"

expect_proc() {
	expect_eq "$1: $STATS in /proc/sys" "$(knob_value "$STATS")" "$2"
}

screen_start 80 24 -- "$SCREEN_BIN" -d 1
screen_wait "the main screen" "Tab Pane"
# the five, the rule, then the related knob
screen_has "the rule" "^ ── related ─+$"
screen_keys End
screen_wait "bpf_stats_enabled selected" "^▸bpf_stats_enabled +0 +off, unless a process"
screen_keys Enter
screen_wait "the change dialog" "Change $STATS "
screen_has "value 0, now" "▸ 0  \(now\) off, unless a process holds statistics on"
screen_has "value 1" "   1  on: every run counted and timed"
screen_keys Down
screen_wait "1 chosen" "▸ 1  on: every run counted and timed"
screen_keys Enter
screen_wait "the confirmation" "Confirm: change $STATS "
screen_fits 80
screen_has "old and new value" "Change: +$STATS 0 → 1"
screen_has "the sysctl command" "Same as: +sysctl -w $STATS=1 "
expect_proc "the confirmation open" 0
screen_keys y
screen_wait "the result" "─ Changed ─"
expect_proc "after y" 1
screen_keys Enter
screen_wait_gone "the message closed" "─ Changed ─"
screen_wait "the knob row" "^▸bpf_stats_enabled +1\*? +on: every run counted and timed"
screen_wait "the header" "stats on +every 1 s"
screen_has "the detail" "In effect: +statistics are on: the sysctl is 1"

# u: back to 0 through the same confirmation
screen_keys u
screen_wait "the undo confirmation" "Undo: change back $STATS"
screen_has "old and new value" "Change: +$STATS 1 → 0"
screen_keys y
screen_wait "undone" "─ Undone ─"
expect_proc "after the undo" 0
screen_keys Enter
screen_wait "the knob row" "^▸bpf_stats_enabled +0 +off, unless a process"
screen_keys q
expect_match "exit" "$(screen_exit_status)" "^0 restored"
expect_proc "at the end" 0
exit 0
