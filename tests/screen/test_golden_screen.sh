# Whole screens of the browser on the captured locked tree, byte for byte
# against tests/golden/screen/ (tig's expected screens): at 80x24 the main
# screen, the same with the program pane focused (Tab: the knobs folded to
# their names and values), a knob's full text (i), the help (?), the empty history (H), the
# message on the locked knob (Enter), the change dialog of bpf_jit_harden
# (Enter) and the main screen after Esc cancelled it; at 200x50 the main
# screen with the detail beside the knobs; the reach view (w), which for a
# captured tree says nothing can be probed. What tmux shows, as a person
# sees it, taken once the screen has settled. "make update-golden" rewrites
# the files when a change is intended.
. "$srcdir/tests/lib/lib.sh"
golden_need_root
need_cmd diff diffutils
. "$srcdir/tests/screen/lib.sh"
golden_init screen
golden_cd # tmux starts bpfknobs here: "read from tests/fixtures/trees/locked"
proc=$GOLDEN_TREES/locked

# golden_screen NAME WHAT: the settled screen is tests/golden/screen/NAME.
golden_screen() {
	screen_settle
	golden_pin <"$SCREEN_FILE" >"$TEST_TMP/$1"
	golden_check "$1" "$TEST_TMP/$1" "$2"
}

screen_start 80 24 -- "$SCREEN_BIN" --proc "$proc"
screen_wait "the main screen" "^Tab Pane +Enter Change"
golden_screen main-80x24.txt "the main screen at 80x24"

screen_keys Tab
screen_wait "the program pane focused" "─ Tab: more ─"
golden_screen progs-80x24.txt "the program pane focused (Tab) at 80x24"
screen_keys Tab
screen_wait "the knob pane focused" "^Tab Pane +Enter Change"

screen_keys i
screen_wait "the knob's full text" "^ kernel\.unprivileged_bpf_disabled: .* lines 1-"
golden_screen info-80x24.txt "the full text of unprivileged_bpf_disabled (i) at 80x24"
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"

screen_keys '?'
screen_wait "the help" "^ Help: the keys of bpfknobs"
golden_screen help-80x24.txt "the help (?) at 80x24"
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"

screen_keys H
screen_wait "the history" "^ Changes tried in this session \(0\)"
golden_screen history-80x24.txt "the empty history (H) at 80x24"
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"

# a captured tree: nothing to probe, the gates the tree holds
screen_keys w
screen_wait "the reach view" "^ What eBPF may do here, and for whom *$"
golden_screen reach-80x24.txt "the reach view (w) of a captured tree at 80x24"
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"

# The first knob is locked at 1 in this tree: Enter says so, no dialog.
screen_keys Enter
screen_wait "the lock message" "─ Locked until reboot ─"
golden_screen locked-80x24.txt "the message of Enter on the locked knob at 80x24"
screen_keys Enter
screen_wait_gone "the lock message closed" "─ Locked until reboot ─"

screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden "
screen_keys Enter
screen_wait "the change dialog" "─ Change net\.core\.bpf_jit_harden ─"
golden_screen change-80x24.txt "the change dialog of bpf_jit_harden (Enter) at 80x24"
screen_keys Escape
screen_wait "cancelled" "^Cancelled: nothing was written"
golden_screen cancelled-80x24.txt "the main screen after Esc in the change dialog at 80x24"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"

screen_start 200 50 -- "$SCREEN_BIN" --proc "$proc"
screen_wait "the main screen" "^Tab Pane +Enter Change"
golden_screen main-200x50.txt "the main screen at 200x50"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"

golden_done
exit 0
