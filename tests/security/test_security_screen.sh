# The browser's side of the security review (findings 4, 5, 11, 12, 13),
# in tmux at 80x24, on copies of the captured trees and sysctl roots below
# $TEST_TMP: S with a one-way value asks for a typed "yes" (a y is typed,
# not taken); a file changed between the diff and the yes shows the new
# diff and asks again; t with --proc turns nothing on; as root, a
# TERMINFO or ~/.terminfo another user owns is not read, and said; and the
# confirmation of a change of the running kernel says it is recorded
# nowhere when no journald or syslog listens (a private /run and /dev,
# then n: nothing is written). No real knob is written.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd unshare util-linux
need_cmd tic ncurses-bin
need_cmd infocmp ncurses-bin
. "$srcdir/tests/screen/lib.sh"

# ---------------------------------------------------------------------------
# Finding 5: the locked tree runs kernel.unprivileged_bpf_disabled=1, and
# boot would give 2: S saves 1 for every boot, a one-way value.
t=$TEST_TMP/lk r=$TEST_TMP/r
cp -R "$TREES/locked" "$t"
mkdir -p "$r/etc/sysctl.d"
screen_start 80 24 -- "$SCREEN_BIN" --proc "$t" --sysctl-root "$r"
screen_wait "the main screen" "Tab Pane"
screen_has "the locked knob selected" "^▸unprivileged_bpf_disabled +1\*"
screen_keys S
screen_wait "the save box" "─ Save to a sysctl file ─"
screen_has "its diff" "│   \+kernel\.unprivileged_bpf_disabled = 1 "
screen_has "one-way, said" "│ kernel\.unprivileged_bpf_disabled = 1 is one-way: saved, it locks the +│"
screen_has "yes asked" "│ Type yes and press Enter to write it; Esc cancels\. "
screen_has "the typed word's line" "│ Confirm: +│"
# a plain y is a letter typed, not a yes
screen_keys y
screen_wait "y typed" "│ Confirm: +y +│"
expect_eq "after y" "$(ls -A "$r/etc/sysctl.d")" ""
screen_keys Enter
screen_wait "not confirmed" "Not confirmed \(\"yes\" was not typed\): nothing was written\."
expect_eq "after y and Enter" "$(ls -A "$r/etc/sysctl.d")" ""
screen_keys S
screen_wait "the save box again" "│ Confirm: +│"
screen_keys y e s
screen_wait "yes typed" "│ Confirm: +yes +│"
screen_keys Enter
screen_wait "saved" "─ Saved ─"
expect_eq "after yes" "$(grep -v '^#' "$r/etc/sysctl.d/60-bpfknobs.conf")" \
	"kernel.unprivileged_bpf_disabled = 1"
screen_keys Enter

# Finding 12: t with --proc: statistics are the running kernel's.
screen_keys t
screen_wait "t refused" "─ Statistics are live only ─"
screen_has "why" "│ \(--proc\)\. Run bpfknobs without --proc and press t\. "
screen_keys Enter
screen_keys q
expect_eq "the first browser's exit" "$(screen_exit_status)" "0 restored"

# ---------------------------------------------------------------------------
# Finding 13: the file changes between the diff at S and the y.
t=$TEST_TMP/t2 r=$TEST_TMP/r2
cp -R "$TREES/debian-6.1" "$t"
echo 2 >"$t/sys/net/core/bpf_jit_harden"
mkdir -p "$r/etc/sysctl.d"
screen_start 80 24 -- "$SCREEN_BIN" --proc "$t" --sysctl-root "$r"
screen_wait "the main screen" "Tab Pane"
screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden +2\*"
screen_keys S
screen_wait "the save box" "│   \+net\.core\.bpf_jit_harden = 2 "
printf 'net.core.bpf_jit_harden = 1\n# theirs\n' >"$r/etc/sysctl.d/60-bpfknobs.conf"
screen_keys y
screen_wait "asked again" "│ The file changed since its diff was shown, and nothing was written: this +│"
screen_has "the new diff" "│   -net\.core\.bpf_jit_harden = 1 "
screen_has "the new diff" "│   \+net\.core\.bpf_jit_harden = 2 "
expect_eq "nothing written" "$(cat "$r/etc/sysctl.d/60-bpfknobs.conf")" "net.core.bpf_jit_harden = 1
# theirs"
screen_keys y
screen_wait "saved" "─ Saved ─"
expect_eq "the second yes" "$(cat "$r/etc/sysctl.d/60-bpfknobs.conf")" "net.core.bpf_jit_harden = 2
# theirs"
expect_eq "its mode" "$(stat -c '%a %U:%G' "$r/etc/sysctl.d/60-bpfknobs.conf")" "644 root:root"
screen_keys Enter q
expect_eq "the second browser's exit" "$(screen_exit_status)" "0 restored"

# ---------------------------------------------------------------------------
# Finding 11: a terminal description another user owns, as sudo -E would
# keep it. Only there is the terminal type known: not read, the browser
# cannot start, and says why.
ti=$TEST_TMP/ti
infocmp -x screen-256color | sed '1,/^[^#]/s/^screen-256color|/bkevil|/' >"$TEST_TMP/bkevil.src"
tic -x -o "$ti" "$TEST_TMP/bkevil.src" 2>"$TEST_TMP/tic.err" || fail "tic: $(cat "$TEST_TMP/tic.err")"
chown -R 65534:65534 "$ti"
# wide, so that the messages stay on one line each
screen_start 200 24 TERM=bkevil "TERMINFO=$ti" -- "$SCREEN_BIN" --proc "$t"
screen_wait "TERMINFO ignored" "^bpfknobs: Ignored, not root's: TERMINFO=$ti \(root reads no terminal"
screen_has "no terminal" "cannot drive the terminal type 'bkevil'"
expect_eq "its exit" "$(screen_exit_status)" "1 restored"
home=$TEST_TMP/eve
mkdir -p "$home"
cp -R "$ti" "$home/.terminfo"
chown -R 65534:65534 "$home"
screen_start 200 24 TERM=bkevil "HOME=$home" -- "$SCREEN_BIN" --proc "$t"
screen_wait "~/.terminfo ignored" "^bpfknobs: Ignored, not root's: $home/\.terminfo \(root reads"
expect_eq "its exit" "$(screen_exit_status)" "1 restored"
# root's own description is read
chown -R 0:0 "$ti"
screen_start 80 24 TERM=bkevil "TERMINFO=$ti" -- "$SCREEN_BIN" --proc "$t"
screen_wait "root's TERMINFO" "Tab Pane"
screen_lacks "nothing ignored" "Ignored"
screen_keys q
expect_eq "its exit" "$(screen_exit_status)" "0 restored"

# ---------------------------------------------------------------------------
# Finding 4: no journald, no syslog (a private /run and /dev): the
# confirmation of a change of the running kernel says it would be recorded
# nowhere. n: nothing written.
cat >"$TEST_TMP/nolog.sh" <<'EOS'
set -eu
dir=$1
shift
mount -t tmpfs -o mode=755,size=1m bpfknobs-test-run /run
old=$dir/dev new=$dir/newdev
mkdir "$old" "$new"
mount --bind /dev "$old"
mount -o remount,bind,ro "$old"
mount -t tmpfs -o mode=755,size=1m bpfknobs-test-dev "$new"
for e in null zero full random urandom tty ptmx; do
	ln -s "$old/$e" "$new/$e"
done
ln -s /proc/self/fd "$new/fd"
mkdir "$new/pts"
mount --bind /dev/pts "$new/pts"
mount --move "$new" /dev
exec "$@"
EOS
HARDEN_WAS=$(knob_value net.core.bpf_jit_harden)
case $HARDEN_WAS in 0 | 1 | 2) ;; *) skip "net.core.bpf_jit_harden cannot be read" ;; esac
other=$(((HARDEN_WAS + 1) % 3))
screen_start 80 24 -- unshare --mount --propagation private sh "$TEST_TMP/nolog.sh" "$TEST_TMP" \
	"$SCREEN_BIN"
screen_wait "the live main screen" "Tab Pane"
screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden "
screen_keys Enter
screen_wait "the change dialog" "Change net\.core\.bpf_jit_harden "
screen_keys "$other"
screen_keys Enter
screen_wait "the confirmation" "Change: +net\.core\.bpf_jit_harden $HARDEN_WAS → $other"
screen_has "not recorded, said" "│ Audit: +Not recorded: neither journald nor a syslog daemon listens +│"
screen_keys n
screen_wait "cancelled" "^Cancelled: nothing was written"
expect_eq "the running knob" "$(knob_value net.core.bpf_jit_harden)" "$HARDEN_WAS"
screen_keys q
expect_eq "the live browser's exit" "$(screen_exit_status)" "0 restored"
exit 0
