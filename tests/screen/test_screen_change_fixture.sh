# Changing knobs in the browser, on copies of the captured trees in
# tests/fixtures/trees and on sysctl roots below $TEST_TMP: never a real
# knob, never a real sysctl file. What is asserted is what tmux shows and
# what is on disk afterwards:
# the one-way value and its typed "yes", the lock, --read-only, --dry-run,
# saving to a sysctl drop-in (diff, every other line kept, a later file
# that wins, a symbolic link refused), drift marks, --save-file and
# --sysctl-root, a knob that is absent or vanishes or changes under the
# dialog, the history of tries, and q.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"
need_cmd jq jq
need_root

UNPRIV=sys/kernel/unprivileged_bpf_disabled
HARDEN=sys/net/core/bpf_jit_harden
KALLSYMS=sys/net/core/bpf_jit_kallsyms

# tree NAME FIXTURE: t becomes a private copy of a captured tree, $TEST_TMP/NAME.
tree() {
	t=$TEST_TMP/$1
	cp -R "$TREES/$2" "$t" || fail "cannot copy the $2 tree"
}

# sysroot NAME: r becomes an empty sysctl root (etc/sysctl.d), $TEST_TMP/NAME.
sysroot() {
	r=$TEST_TMP/$1
	mkdir -p "$r/etc/sysctl.d" || fail "cannot make $r"
}

# state DIR: every entry below DIR with its type, mode, size, link target
# and contents, to compare before and after.
state() {
	(cd "$1" && find . -printf '%y %m %s %p %l\n' | LC_ALL=C sort &&
		find . -type f -exec sha256sum {} + | LC_ALL=C sort)
}

# value FILE: what a knob file of a tree holds, without its newline.
value() { cat "$1" 2>/dev/null || echo "(missing)"; }

# The browser at 100x40 (full knob names, the dialogs fit) on a tree.
start() {
	screen_start 100 40 -- "$SCREEN_BIN" "$@"
	screen_wait "the main screen" "^Tab Pane +Enter (Change|Open)"
}

# close WHAT REGEX: Enter closes the message whose title matches.
close() {
	screen_keys Enter
	screen_wait_gone "$1 closes on Enter" "$2"
}

# select_knob NAME: moves the selection to the knob row NAME, a row at a time.
select_knob() {
	set -- "$1" kernel.unprivileged_bpf_disabled net.core.bpf_jit_enable \
		net.core.bpf_jit_harden net.core.bpf_jit_kallsyms net.core.bpf_jit_limit
	target=$1
	shift
	screen_keys Home
	screen_wait "the first knob selected" "^▸$1 "
	while [ "$1" != "$target" ]; do
		shift
		[ $# -gt 0 ] || fail "no knob $target"
		screen_keys j
		screen_wait "$1 selected" "^▸$1 "
	done
}

# quit WHAT: q on the main screen ends it with status 0 and the terminal
# as it was.
quit() {
	screen_keys q
	expect_eq "$1: after q" "$(screen_exit_status)" "0 restored"
	screen_alternate_off
}

# json TREE ROOT: the report with the sysctl files below ROOT.
json() {
	"$BPFKNOBS" --json --proc "$1" --sysctl-root "$2" >"$TEST_TMP/report.json" ||
		fail "--json --proc $1 --sysctl-root $2 exited $?"
}
jq_r() { jq -r "$1" "$TEST_TMP/report.json"; }

# ---------------------------------------------------------------------------
# 1. A one-way value (unprivileged_bpf_disabled=1 locks the knob until
# reboot) is written only when "yes" is typed in full: a stray y, or "ye",
# must never lock a machine. Once written, the knob cannot be changed again.
tree oneway locked
echo 2 >"$t/$UNPRIV"
start --proc "$t"
screen_has "the knob with its value" "^▸kernel\.unprivileged_bpf_disabled +2 "
screen_keys Enter
screen_wait "the change dialog" "─ Change kernel\.unprivileged_bpf_disabled ─"
screen_has "the current value marked in the dialog" "│ ▸ 2  \(now\) disabled, admin may change"
screen_keys Up
screen_wait "1 picked" "│ ▸ 1  disabled, locked until reboot"
screen_keys Enter
screen_wait "the confirmation" "─ Confirm: change kernel\.unprivileged_bpf_disabled ─"
screen_has "old and new value" "Change: +kernel\.unprivileged_bpf_disabled 2 → 1 "
screen_has "the one-way warning" "This cannot be undone"
screen_has "asks for yes" "Type yes and press Enter to write it"
keybar=$(printf '%s\n' "$SCREEN" | tail -n 1)
printf '%s' "$keybar" | grep -Eq "(^| )y " && screen_fail "the key bar offers y for a one-way value"
screen_keys y
screen_wait "y typed into the confirmation" "Confirm: +y +│"
screen_has "still asking after y alone" "─ Confirm: change kernel\.unprivileged_bpf_disabled ─"
expect_eq "y alone writes nothing" "$(value "$t/$UNPRIV")" 2
screen_keys e Enter
screen_wait "ye is no yes" "Not confirmed \(\"yes\" was not typed\): nothing was written"
screen_lacks "the confirmation closed" "─ Confirm: change"
expect_eq "ye + Enter writes nothing" "$(value "$t/$UNPRIV")" 2
# A digit on the knob opens the dialog with it typed.
screen_keys 1
screen_wait "the dialog with 1 typed" "Or type: +1 +│"
screen_keys Enter
screen_wait "the confirmation again" "─ Confirm: change kernel\.unprivileged_bpf_disabled ─"
screen_keys y e s
screen_wait "yes typed" "Confirm: +yes +│"
expect_eq "yes without Enter writes nothing" "$(value "$t/$UNPRIV")" 2
screen_keys Enter
screen_wait "the result" "─ Changed ─"
screen_has "what changed" "kernel\.unprivileged_bpf_disabled changed from 2 to 1"
screen_lacks "no undo offered for a one-way value" "u undoes it"
printf '1\n' | cmp -s - "$t/$UNPRIV" || fail "yes + Enter: the file holds '$(value "$t/$UNPRIV")', want '1\n'"
close "the result" "─ Changed ─"
screen_wait "the row shows the new value" "^▸kernel\.unprivileged_bpf_disabled +1 +disabled, locked"
# Locked now: Enter and a digit say so, and offer no value.
screen_keys Enter
screen_wait "the lock message" "─ Locked until reboot ─"
screen_lacks "no value dialog once locked" "─ (Change|Confirm: change) kernel"
close "the lock message" "─ Locked until reboot ─"
screen_keys 2
screen_wait "the lock message for a typed value" "─ Locked until reboot ─"
screen_lacks "no value dialog for a typed value" "─ (Change|Confirm: change) kernel"
close "the lock message" "─ Locked until reboot ─"
# u cannot take a one-way value back, and says so rather than offer it.
screen_keys u
screen_wait "u refuses, in a message too long for the key bar" "─ Note ─"
screen_has "why" "Cannot undo: kernel\.unprivileged_bpf_disabled is locked at 1"
screen_lacks "no undo dialog" "─ Undo"
screen_keys y
expect_eq "still 1 after u, y" "$(value "$t/$UNPRIV")" 1
screen_keys Enter
screen_wait "back on the main screen" "^Tab Pane +Enter Change"
# The history lists the write; what never reached a write (y alone, ye) is no try.
screen_keys H
screen_wait "the history" "Changes tried in this session"
screen_has "the write listed" " (kernel\.)?unprivileged_bpf_disabled +2 → 1 +applied"
expect_eq "tries of 2 → 1" "$(printf '%s\n' "$SCREEN" | grep -c "2 → 1 ")" 1
screen_keys Escape
screen_wait "back from the history" "^Tab Pane +Enter Change"
quit "one-way"
expect_eq "after the session" "$(value "$t/$UNPRIV")" 1

# ---------------------------------------------------------------------------
# 2. The captured locked host: nothing can be changed and bpfknobs says why
# at once, instead of offering values the kernel refuses.
tree locked locked
before=$(state "$t")
start --proc "$t"
screen_has "locked at 1" "^▸kernel\.unprivileged_bpf_disabled +1 +disabled, locked until reboot"
screen_keys Enter
screen_wait "the lock message" "─ Locked until reboot ─"
screen_has "why" "locked at 1"
screen_lacks "no value dialog" "─ (Change|Confirm: change) kernel"
close "the lock message" "─ Locked until reboot ─"
screen_keys u
screen_wait "nothing to undo" "Nothing to undo: no knob has been changed in this session"
screen_keys S
screen_wait "no sysctl files for a tree" "─ Nothing to save to ─"
screen_has "how to save" "--sysctl-root DIR"
close "the message" "─ Nothing to save to ─"
quit "locked"
expect_eq "the locked tree after the session" "$(state "$t")" "$before"

# ---------------------------------------------------------------------------
# 3. --read-only: a look that can change nothing. Enter shows the knob's
# detail; no key writes a knob or a file, and the key bar offers none.
tree readonly locked
echo 2 >"$t/$UNPRIV"
sysroot r-ro
printf 'net.core.bpf_jit_harden = 2\n' >"$r/etc/sysctl.d/10-other.conf"
before=$(state "$t")
before_root=$(state "$r")
start --read-only --proc "$t" --sysctl-root "$r"
screen_has "the header says so" "Access: read-only \(--read-only\)"
keybar=$(printf '%s\n' "$SCREEN" | tail -n 1)
expect_match "the key bar: Enter opens" "$keybar" "^Tab Pane +Enter Open +i Info +H History"
printf '%s' "$keybar" | grep -Eq "Undo|Save|Change" && screen_fail "the key bar offers a change"
screen_keys Enter
screen_wait "the knob's whole detail" "^ kernel\.unprivileged_bpf_disabled: whether"
screen_has "a text view" "Esc Back"
screen_lacks "no change dialog" "─ (Change|Confirm: change) kernel"
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Open"
for key in 1 u S 0; do
	screen_keys "$key"
	screen_wait "$key says read-only" "^Read-only \(--read-only\): bpfknobs changes nothing"
	screen_lacks "$key opens no dialog" "┌─ "
	screen_keys j # any key clears the status line
	screen_wait_gone "the status after $key" "^Read-only"
done
screen_keys H
screen_wait "the history" "No change has been tried in this session"
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Open"
quit "read-only"
expect_eq "the tree after --read-only" "$(state "$t")" "$before"
expect_eq "the sysctl root after --read-only" "$(state "$r")" "$before_root"

# ---------------------------------------------------------------------------
# 4. --dry-run: every step and check, nothing written: not the knob (also
# not the one-way value), not the sysctl file.
tree dry locked
echo 2 >"$t/$UNPRIV"
sysroot r-dry
before=$(state "$t")
before_root=$(state "$r")
start --dry-run --proc "$t" --sysctl-root "$r"
screen_has "the header says so" "Access: .*dry run \(--dry-run\): nothing is written"
select_knob net.core.bpf_jit_harden
screen_keys Enter
screen_wait "the change dialog" "─ Change net\.core\.bpf_jit_harden ─"
screen_keys Up
screen_wait "1 picked" "│ ▸ 1  blinding for unprivileged"
screen_keys Enter
screen_wait "the confirmation" "─ Confirm: change net\.core\.bpf_jit_harden ─"
screen_has "says it is a dry run" "Dry run: +bpfknobs checks everything but writes nothing"
screen_has "the key bar does not promise a write" "^y Yes \(dry run: no write\) +n No"
screen_lacks "no \"write\" offered" "Yes, write"
screen_keys y
screen_wait "the dry run's result" "─ Dry run: nothing written ─"
screen_has "what would be written" "would write 1 to net\.core\.bpf_jit_harden \(now 2\)"
close "the result" "─ Dry run: nothing written ─"
screen_wait "the row unchanged" "^▸net\.core\.bpf_jit_harden +2\* "
expect_eq "the tree after a dry change" "$(state "$t")" "$before"
# The one-way value too, through its typed yes.
select_knob kernel.unprivileged_bpf_disabled
screen_keys 1 Enter
screen_wait "the one-way confirmation" "Type yes and press Enter"
screen_has "says it is a dry run" "Dry run: +bpfknobs checks everything"
screen_has "the key bar does not promise a write" "^Enter Go on if yes \(dry run: no write\)"
screen_keys y e s Enter
screen_wait "the dry run's result" "─ Dry run: nothing written ─"
close "the result" "─ Dry run: nothing written ─"
expect_eq "the one-way value after a dry run" "$(value "$t/$UNPRIV")" 2
# S shows the file and the diff it would write, and writes nothing.
select_knob net.core.bpf_jit_harden
screen_keys S
screen_wait "the save dialog" "─ Save to a sysctl file ─"
screen_has "the file" "File: +$r/etc/sysctl\.d/60-bpfknobs\.conf"
screen_has "the diff" "│ +\+net\.core\.bpf_jit_harden = 2 +│"
screen_has "says it is a dry run" "Dry run: +bpfknobs writes nothing"
screen_has "the key bar does not promise a write" "^y Yes \(dry run: no write\)"
screen_keys y
screen_wait "the dry run's result" "─ Dry run: nothing written ─"
screen_has "would change" "would change as shown"
close "the result" "─ Dry run: nothing written ─"
screen_keys H
screen_wait "the history" "Changes tried in this session \(2\)"
screen_has "a dry run said" "Dry run \(--dry-run\): nothing was written"
expect_eq "tries listed as dry runs" "$(printf '%s\n' "$SCREEN" | grep -c "dry run, nothing written")" 2
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Change"
quit "dry run"
expect_eq "the tree after --dry-run" "$(state "$t")" "$before"
expect_eq "the sysctl root after --dry-run" "$(state "$r")" "$before_root"

# ---------------------------------------------------------------------------
# 5. Save and drift. A change lasts until reboot; the * says so, S writes
# the drop-in that boot reads, and then the * goes.
tree save locked
expect_eq "the captured harden" "$(value "$t/$HARDEN")" 2
sysroot r1
printf '# site settings\nkernel.foo = 3\n; an old comment\nnet.core.bpf_jit_harden = 2\n' \
	>"$r/etc/sysctl.d/10-other.conf"
cp "$r/etc/sysctl.d/10-other.conf" "$TEST_TMP/10-other.conf.orig"
json "$t" "$r"
expect_eq "boot sets harden from 10-other.conf" "$(jq_r '.knobs[2].boot.file')" \
	/etc/sysctl.d/10-other.conf
expect_eq "no drift before the change" "$(jq_r '.knobs[2].boot.drift')" false
start --proc "$t" --sysctl-root "$r"
screen_has "no drift mark while boot sets the running value" \
	"^ net\.core\.bpf_jit_harden +2  blinding for every loader"
select_knob net.core.bpf_jit_harden
screen_keys 1 Enter
screen_wait "the confirmation" "Write it\? y: yes; n, Esc or Enter: no"
screen_keys y
screen_wait "the result" "─ Changed ─"
screen_has "boot would undo it" "boot sets 2 \(/etc/sysctl\.d/10-other\.conf\)"
expect_eq "harden written" "$(value "$t/$HARDEN")" 1
close "the result" "─ Changed ─"
screen_wait "the drift mark" "^▸net\.core\.bpf_jit_harden +1\* blinding for unprivileged"
screen_keys i
screen_wait "the detail" "^ net\.core\.bpf_jit_harden: "
screen_has "boot's value and that it differs" \
	"At boot: +2, from /etc/sysctl\.d/10-other\.conf line 4\. The running value 1 differs"
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Change"
json "$t" "$r"
expect_eq "--json: drift after the change" "$(jq_r '.knobs[2].boot.drift')" true
expect_eq "--json: boot value" "$(jq_r '.knobs[2].boot.value')" 2
# S, then n: the diff, and no file.
screen_keys S
screen_wait "the save dialog" "─ Save to a sysctl file ─"
screen_has "the file" "File: +$r/etc/sysctl\.d/60-bpfknobs\.conf"
screen_has "the diff adds the line" "│ +\+net\.core\.bpf_jit_harden = 1 +│"
screen_lacks "and removes none" "│ +-net"
screen_keys n
screen_wait "cancelled" "Cancelled: nothing was written"
expect_eq "n writes no file (nor a temporary one)" "$(ls -A "$r/etc/sysctl.d")" 10-other.conf
# S, then y: the file, and the mark goes.
screen_keys S
screen_wait "the save dialog" "─ Save to a sysctl file ─"
screen_keys y
screen_wait "saved" "─ Saved ─"
screen_has "where" "Saved to $r/etc/sysctl\.d/60-bpfknobs\.conf"
screen_has "how to apply it now" "\"sysctl --system\" applies it now"
screen_lacks "nothing overrides it" "But .* sets"
saved=$r/etc/sysctl.d/60-bpfknobs.conf
if [ ! -f "$saved" ] || [ -L "$saved" ]; then fail "no file $saved after y"; fi
expect_eq "the saved setting" "$(grep -Ev '^[[:space:]]*([#;]|$)' "$saved")" "net.core.bpf_jit_harden = 1"
cmp -s "$TEST_TMP/10-other.conf.orig" "$r/etc/sysctl.d/10-other.conf" || fail "10-other.conf changed"
expect_eq "no temporary file left" "$(ls -A "$r/etc/sysctl.d" | tr '\n' ' ')" "10-other.conf 60-bpfknobs.conf "
close "the message" "─ Saved ─"
screen_wait "no drift mark once saved" "^▸net\.core\.bpf_jit_harden +1  blinding for unprivileged"
json "$t" "$r"
expect_eq "--json: no drift once saved" "$(jq_r '.knobs[2].boot.drift')" false
expect_eq "--json: boot's file" "$(jq_r '.knobs[2].boot.file')" /etc/sysctl.d/60-bpfknobs.conf
expect_eq "--json: boot's value" "$(jq_r '.knobs[2].boot.value')" 1
expect_eq "--json: a boot object per knob" "$(jq_r '[.knobs[].boot.drift | type] | unique | join(",")')" boolean
"$BPFKNOBS" --list --proc "$t" --sysctl-root "$r" >"$TEST_TMP/list.txt" || fail "--list exited $?"
expect_eq "--list: At boot for every knob" "$(grep -c '^  At boot:' "$TEST_TMP/list.txt")" 6
grep -q "At boot: *1, from /etc/sysctl.d/60-bpfknobs.conf line [0-9]" "$TEST_TMP/list.txt" ||
	fail "--list does not say that boot sets harden from 60-bpfknobs.conf"
# Saving again when boot already agrees: nothing to save, the file untouched.
cp -p "$saved" "$TEST_TMP/saved.copy"
screen_keys S
screen_wait "nothing to save" "^Nothing to save: "
cmp -s "$saved" "$TEST_TMP/saved.copy" || fail "S rewrote a file that holds the value already"
quit "save"

# A drop-in that exists: every other line is kept byte for byte, its mode
# too, and only the knob's line changes. A later file (/etc/sysctl.conf,
# applied after the drop-ins) that sets the knob is named in the warning.
tree save2 locked
sysroot r2
saved=$r/etc/sysctl.d/60-bpfknobs.conf
printf '# keep me\nkernel.foo = 3\n\n  ; indented comment, trailing blanks  \nnet.core.bpf_jit_harden = 0\n-net.core.bpf_jit_kallsyms=1\nkernel.bar = x' >"$saved"
chmod 640 "$saved"
printf '# keep me\nkernel.foo = 3\n\n  ; indented comment, trailing blanks  \nnet.core.bpf_jit_harden = 1\n-net.core.bpf_jit_kallsyms=1\nkernel.bar = x' >"$TEST_TMP/expected.conf"
printf '# the main file\nnet.core.bpf_jit_harden = 0\n' >"$r/etc/sysctl.conf"
cp "$r/etc/sysctl.conf" "$TEST_TMP/sysctl.conf.orig"
start --proc "$t" --sysctl-root "$r"
select_knob net.core.bpf_jit_harden
screen_keys 1 Enter
screen_wait "the confirmation" "Write it\? y: yes"
screen_keys y
screen_wait "the result" "─ Changed ─"
close "the result" "─ Changed ─"
screen_keys S
screen_wait "the save dialog" "─ Save to a sysctl file ─"
screen_has "the old line out" "│ +-net\.core\.bpf_jit_harden = 0 +│"
screen_has "the new line in" "│ +\+net\.core\.bpf_jit_harden = 1 +│"
screen_lacks "no other line in the diff" "│ +[-+](kernel|# keep|-net)"
screen_keys y
screen_wait "saved" "─ Saved ─"
screen_has "the later file wins" "/etc/sysctl\.conf line 2 sets net\.core\.bpf_jit_harden = 0"
screen_has "and why it matters" "the last one wins at boot"
cmp "$TEST_TMP/expected.conf" "$saved" >/dev/null ||
	fail "the drop-in was not kept line for line: $(diff "$TEST_TMP/expected.conf" "$saved")"
expect_eq "the drop-in's mode" "$(stat -c %a "$saved")" 640
cmp -s "$TEST_TMP/sysctl.conf.orig" "$r/etc/sysctl.conf" || fail "/etc/sysctl.conf changed"
close "the message" "─ Saved ─"
screen_wait "still drifting: sysctl.conf sets 0 at boot" "^▸net\.core\.bpf_jit_harden +1\* "
# Saving again: the drop-in holds the value already, so it is left alone
# (not even rewritten), and the warning about the later file stays.
ident=$(stat -c '%i %Y %a' "$saved")
screen_keys S
screen_wait "the save dialog" "─ Save to a sysctl file ─"
screen_has "nothing to change in it" "\(it holds these values already\)"
screen_keys y
screen_wait "saved" "─ Saved ─"
screen_has "the later file still wins" "/etc/sysctl\.conf line 2 sets net\.core\.bpf_jit_harden = 0"
expect_eq "the drop-in left alone (inode, mtime, mode)" "$(stat -c '%i %Y %a' "$saved")" "$ident"
cmp "$TEST_TMP/expected.conf" "$saved" >/dev/null || fail "the drop-in changed on a second save"
close "the message" "─ Saved ─"
quit "save over an existing file"

# A symbolic link as the drop-in is never written through.
tree link locked
sysroot r3
printf 'net.core.bpf_jit_harden = 0\n' >"$TEST_TMP/target.conf"
cp "$TEST_TMP/target.conf" "$TEST_TMP/target.conf.orig"
ln -s "$TEST_TMP/target.conf" "$r/etc/sysctl.d/60-bpfknobs.conf"
start --proc "$t" --sysctl-root "$r"
select_knob net.core.bpf_jit_harden
screen_keys 1 Enter
screen_wait "the confirmation" "Write it\? y: yes"
screen_keys y
screen_wait "the result" "─ Changed ─"
close "the result" "─ Changed ─"
screen_keys S
screen_wait "refused" "─ Cannot save ─"
screen_has "why" "symbolic link"
close "the message" "─ Cannot save ─"
[ -L "$r/etc/sysctl.d/60-bpfknobs.conf" ] || fail "the link was replaced"
cmp -s "$TEST_TMP/target.conf.orig" "$TEST_TMP/target.conf" || fail "the link's target changed"
expect_eq "nothing else written" "$(ls -A "$r/etc/sysctl.d")" 60-bpfknobs.conf
quit "symbolic link"

# ---------------------------------------------------------------------------
# 6. --save-file: only a file boot reads is taken, and the save goes there.
for bad in "$TEST_TMP/x.txt" /tmp/x.txt /etc/sysctl.d/x.txt /etc/sysctl.d/../x.conf \
	/etc/sysctl.d/.hidden.conf /etc/x.conf; do
	"$BPFKNOBS" --list --save-file "$bad" >"$TEST_TMP/out" 2>"$TEST_TMP/err" &&
		fail "--save-file $bad was accepted"
	expect_eq "exit status of --save-file $bad" "$?" 2
	grep -q "boot never reads" "$TEST_TMP/err" || fail "--save-file $bad: $(cat "$TEST_TMP/err")"
	[ ! -s "$TEST_TMP/out" ] || fail "--save-file $bad printed a report"
done
[ ! -e "$TEST_TMP/x.txt" ] || fail "a refused --save-file was created"
for bad in "$TEST_TMP/nonexistent" "$TEST_TMP/x.txt"; do
	: >"$TEST_TMP/x.txt"
	"$BPFKNOBS" --list --proc "$TREES/locked" --sysctl-root "$bad" >"$TEST_TMP/out" \
		2>"$TEST_TMP/err" && fail "--sysctl-root $bad was accepted"
	expect_eq "exit status of --sysctl-root $bad" "$?" 2
	grep -qF -- "--sysctl-root '$bad'" "$TEST_TMP/err" || fail "the message names no path: $(cat "$TEST_TMP/err")"
	grep -Eq "No such file or directory|not a directory" "$TEST_TMP/err" ||
		fail "--sysctl-root $bad: the message says not why: $(cat "$TEST_TMP/err")"
	rm -f "$TEST_TMP/x.txt"
done
tree savefile locked
sysroot r4
start --proc "$t" --sysctl-root "$r" --save-file /etc/sysctl.d/70-mine.conf
select_knob net.core.bpf_jit_harden
screen_keys 1 Enter
screen_wait "the confirmation" "Write it\? y: yes"
screen_keys y
screen_wait "the result" "─ Changed ─"
close "the result" "─ Changed ─"
screen_keys S
screen_wait "the save dialog" "─ Save to a sysctl file ─"
screen_has "the file given" "File: +$r/etc/sysctl\.d/70-mine\.conf"
screen_keys y
screen_wait "saved" "─ Saved ─"
close "the message" "─ Saved ─"
quit "--save-file"
expect_eq "only the file given" "$(ls -A "$r/etc/sysctl.d")" 70-mine.conf
expect_eq "its setting" "$(grep -Ev '^[[:space:]]*([#;]|$)' "$r/etc/sysctl.d/70-mine.conf")" \
	"net.core.bpf_jit_harden = 1"
json "$t" "$r"
expect_eq "--json: boot reads it" "$(jq_r '.knobs[2].boot.file')" /etc/sysctl.d/70-mine.conf
expect_eq "--json: no drift" "$(jq_r '.knobs[2].boot.drift')" false

# ---------------------------------------------------------------------------
# 7. A knob that is absent (a container's network namespace) cannot be
# changed: bpfknobs says so and never creates the file.
tree container container
before=$(state "$t")
start --proc "$t"
select_knob net.core.bpf_jit_harden
screen_keys Enter
screen_wait "the refusal" "─ Cannot change this knob ─"
screen_has "why" "has no value here, so it cannot be changed"
screen_lacks "no value dialog" "─ (Change|Confirm: change) net"
close "the message" "─ Cannot change this knob ─"
screen_keys 1
screen_wait "the refusal of a typed value" "─ Cannot change this knob ─"
close "the message" "─ Cannot change this knob ─"
screen_keys H
screen_wait "no try" "No change has been tried in this session"
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Change"
quit "container"
expect_eq "the container tree after the session" "$(state "$t")" "$before"

# ---------------------------------------------------------------------------
# 7b, 8. A knob that changes, or vanishes, between the dialog and y is not
# written (and never created); the history lists every try that reached
# the write with its result, and no cancelled one.
tree vanish locked
start --proc "$t"
select_knob net.core.bpf_jit_harden
screen_keys 0 Enter
screen_wait "the confirmation" "Change: +net\.core\.bpf_jit_harden 2 → 0 "
echo 1 >"$t/$HARDEN" # someone else changes it meanwhile
screen_keys y
screen_wait "stopped" "─ Nothing was written ─"
screen_has "why" "changed since it was shown: it was 2 and is now 1"
expect_eq "the other writer's value kept" "$(value "$t/$HARDEN")" 1
close "the message" "─ Nothing was written ─"
screen_wait "the new value shown" "^▸net\.core\.bpf_jit_harden +1 "
screen_keys 0 Enter
screen_wait "the confirmation" "Change: +net\.core\.bpf_jit_harden 1 → 0 "
rm "$t/$HARDEN" # the knob goes away meanwhile
screen_keys y
screen_wait "stopped" "─ Nothing was written ─"
screen_has "why" "Could not re-read net\.core\.bpf_jit_harden before writing"
[ ! -e "$t/$HARDEN" ] || fail "a vanished knob file was created"
close "the message" "─ Nothing was written ─"
select_knob net.core.bpf_jit_kallsyms
screen_keys 0 Enter
screen_wait "the confirmation" "Change: +net\.core\.bpf_jit_kallsyms 1 → 0 "
screen_keys n
screen_wait "cancelled" "Cancelled: nothing was written"
expect_eq "kallsyms after n" "$(value "$t/$KALLSYMS")" 1
screen_keys 0 Enter
screen_wait "the confirmation" "Change: +net\.core\.bpf_jit_kallsyms 1 → 0 "
screen_keys y
screen_wait "the result" "─ Changed ─"
expect_eq "kallsyms after y" "$(value "$t/$KALLSYMS")" 0
close "the result" "─ Changed ─"
screen_keys H
screen_wait "the history" "Changes tried in this session \(3\)"
screen_has "the stale try" " (net\.core\.)?bpf_jit_harden +2 → 0 +stopped: changed since shown"
screen_has "the vanished try" " (net\.core\.)?bpf_jit_harden +1 → 0 +stopped: could not re-read \(ENOENT\)"
screen_has "the write" " (net\.core\.)?bpf_jit_kallsyms +1 → 0 +applied"
expect_eq "the cancelled one is no try" "$(printf '%s\n' "$SCREEN" | grep -c "bpf_jit_kallsyms ")" 1
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Change"

# Keys typed ahead in one burst act on the value each write left: u right
# after y undoes the change just made, not the state before it.
screen_keys 1 Enter y Enter u y Enter
screen_wait "the undo done" "^▸net\.core\.bpf_jit_kallsyms +0 "
expect_eq "kallsyms after 1, y, u, y typed ahead" "$(value "$t/$KALLSYMS")" 0
screen_keys H
screen_wait "both tries listed" "Changes tried in this session \(5\)"
screen_has "the typed-ahead undo" " (net\.core\.)?bpf_jit_kallsyms +1 → 0 \(undo\) +applied"
screen_keys Escape
screen_wait "back" "^Tab Pane +Enter Change"

# 9. q leaves with status 0 and the terminal as it was.
quit "history"
screen_wait "the shell's screen back" "bpfknobs exited with status 0"
screen_lacks "the browser is gone" "Tab Pane"
exit 0
