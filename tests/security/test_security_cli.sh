# The security review's reproductions, as the command line meets them
# (findings 2, 5 to 10, 12, 13 and the garbage tree's quote): each runs
# the review's commands on copies of the fixture trees in a temporary
# directory and compares whole outputs. Trees another user can change and
# symbolic links on the way are refused before anything is written; a
# one-way value is saved for boot only with --allow-one-way; --json and
# Prometheus labels pass a strict UTF-8 check; a --check profile and
# sysctl.d lines reach the terminal sanitised; --check on a FIFO answers at
# once; a user namespace's root is not offered changes; statistics and
# --proc do not mix; --proc on procfs is live. No real knob is written.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/lib/fleet_lib.sh"
need_root
need_cmd jq jq
need_cmd setpriv util-linux
need_cmd timeout coreutils
STRICT=$builddir/tests/helpers/strict_text
[ -x "$STRICT" ] || fail "$STRICT is not built (make check builds it)"
# it reads the running kernel's knobs for --proc /proc
lock_kernel shared

W=$TEST_TMP
COLUMNS=80 # --list wraps to it
export COLUMNS
NOBODY=$(id -nu 65534)

# ---------------------------------------------------------------------------
# Finding 2: a --proc tree another user can change. A static link on the
# way to a knob sent the "fixture" write elsewhere (the live kernel, in the
# review); the tree's owner could swap any directory at any time.
cp -R "$TREES/debian-6.1" "$W/ut"
mkdir "$W/victimdir"
echo 0 >"$W/victimdir/bpf_jit_harden"
echo 1 >"$W/victimdir/bpf_jit_enable"
rm -r "$W/ut/sys/net/core"
ln -s ../../../victimdir "$W/ut/sys/net/core"
run 3 --proc "$W/ut" --set net.core.bpf_jit_harden=2
expect_eq "a link in a --proc tree" "$out" "refused: Cannot change net.core.bpf_jit_harden: $W/ut/sys/net/core is a symbolic link, and bpfknobs follows none on the way to the knob's file: give the real path, in directories only root can change. Nothing was written."
expect_eq "the link's target" "$(cat "$W/victimdir/bpf_jit_harden")" 0
chown -R 65534:65534 "$W/ut"
run 3 --proc "$W/ut" --set net.core.bpf_jit_harden=2
expect_eq "a tree another user owns" "$out" "refused: Cannot change net.core.bpf_jit_harden: $W/ut is owned by uid 65534 ($NOBODY), not by root: that user could swap what is below it between the read and the write, so nothing is written to the knob's file. Give a tree only root can change (chown -R root: it, or copy it). Nothing was written."
expect_eq "the link's target" "$(cat "$W/victimdir/bpf_jit_harden")" 0
# a directory every user may write, without the sticky bit
cp -R "$TREES/debian-6.1" "$W/ww"
chmod 777 "$W/ww/sys"
run 3 --proc "$W/ww" --set net.core.bpf_jit_harden=2
expect_eq "a tree every user may write" "$out" "refused: Cannot change net.core.bpf_jit_harden: $W/ww/sys is writable by every user (mode 0777) without the sticky bit: they could swap what is below it between the read and the write, so nothing is written to the knob's file. Give a tree only root can change (chmod go-w it). Nothing was written."
expect_eq "the tree's knob" "$(cat "$W/ww/sys/net/core/bpf_jit_harden")" 0

# The race of the review: a sysctl root another user owns, whose sysctl.d
# is a link they can swap. Refused before the first read; nothing lands in
# the victim directory.
cp -R "$TREES/debian-6.1" "$W/t"
mkdir -p "$W/R/etc" "$W/R/stage" "$W/victim.d"
ln -s ../stage "$W/R/etc/sysctl.d"
chown -R 65534:65534 "$W/R"
run 3 --proc "$W/t" --sysctl-root "$W/R" --set net.core.bpf_jit_harden=2 --save
expect_eq "a sysctl root another user owns" "$out" "not tried: net.core.bpf_jit_harden=2: not written, because another request of this run was refused or failed (see its line).
refused: Cannot save to $W/R/etc/sysctl.d/60-bpfknobs.conf: $W/R is owned by uid 65534 ($NOBODY), not by root: that user could swap what is below it between the read and the write, so nothing is written to the sysctl file. Give a tree only root can change (chown -R root: it, or copy it). Nothing was written."
expect_eq "the victim directory" "$(ls -A "$W/victim.d")" ""
expect_eq "the tree's knob" "$(cat "$W/t/sys/net/core/bpf_jit_harden")" 0
# root's own tree with a link as sysctl.d: refused too, naming the link
chown -R 0:0 "$W/R"
run 3 --proc "$W/t" --sysctl-root "$W/R" --set net.core.bpf_jit_harden=2 --save
expect_match "a link as sysctl.d" "$out" "^refused: Cannot save to $W/R/etc/sysctl.d/60-bpfknobs.conf: $W/R/etc/sysctl.d is a symbolic link, and bpfknobs follows none"
expect_eq "the stage directory" "$(ls -A "$W/R/stage")" ""

# Finding 9: --prometheus FILE. The directory must be root's; a parent may
# be the exporter's (Debian's /var/lib/prometheus is), but no link is
# followed on the way.
mkdir -p "$W/prom/parent/textfile" "$W/prom/theirs" "$W/prom/real"
chown 65534:65534 "$W/prom/parent" "$W/prom/theirs"
run 0 --proc "$W/t" --prometheus "$W/prom/parent/textfile/bpfknobs.prom"
expect_eq "written below another user's parent" "$(ls -A "$W/prom/parent/textfile")" bpfknobs.prom
expect_eq "its mode and owner" "$(stat -c '%a %U:%G' "$W/prom/parent/textfile/bpfknobs.prom")" "644 root:root"
run 1 --proc "$W/t" --prometheus "$W/prom/theirs/bpfknobs.prom"
expect_eq "another user's directory" "$err" "bpfknobs: Cannot write $W/prom/theirs/bpfknobs.prom: $W/prom/theirs is owned by uid 65534 ($NOBODY), not by root: that user could swap what is below it between the read and the write, so nothing is written to the metrics file. Give a tree only root can change (chown -R root: it, or copy it). The file is as it was."
ln -s real "$W/prom/link"
run 1 --proc "$W/t" --prometheus "$W/prom/link/bpfknobs.prom"
expect_match "a link on the way" "$err" "^bpfknobs: Cannot write $W/prom/link/bpfknobs.prom: $W/prom/link is a symbolic link"
expect_eq "the link's target" "$(ls -A "$W/prom/real" "$W/prom/theirs" | tr '\n' ' ')" "$W/prom/real:  $W/prom/theirs: "

# Finding 13: a save writes 0644 root:root, whatever the old file allowed.
mkdir -p "$W/r13/etc/sysctl.d"
printf '# kept\n' >"$W/r13/etc/sysctl.d/60-bpfknobs.conf"
chmod 666 "$W/r13/etc/sysctl.d/60-bpfknobs.conf"
run 0 --proc "$W/t" --sysctl-root "$W/r13" --set net.core.bpf_jit_harden=1 --save
expect_eq "the saved file's mode" "$(stat -c '%a %U:%G' "$W/r13/etc/sysctl.d/60-bpfknobs.conf")" "644 root:root"

# ---------------------------------------------------------------------------
# Finding 5: a one-way value saved for boot needs --allow-one-way, also
# when the knob holds it already.
cp -R "$TREES/locked" "$W/lk"
mkdir -p "$W/r/etc/sysctl.d"
run 3 --proc "$W/lk" --sysctl-root "$W/r" --set kernel.unprivileged_bpf_disabled=1 --save
expect_eq "a one-way save without --allow-one-way" "$out" "unchanged: kernel.unprivileged_bpf_disabled is 1 already: nothing to change.
refused: kernel.unprivileged_bpf_disabled = 1 is one-way: saved, it locks the knob at every boot, and only removing the line and rebooting clears it.
refused: Nothing was written; give --allow-one-way to save it anyway."
expect_eq "the drop-in" "$(ls -A "$W/r/etc/sysctl.d")" ""
run 0 --proc "$W/lk" --sysctl-root "$W/r" --set kernel.unprivileged_bpf_disabled=1 --save --allow-one-way
expect_eq "with --allow-one-way" "$(grep -v '^#' "$W/r/etc/sysctl.d/60-bpfknobs.conf")" "kernel.unprivileged_bpf_disabled = 1"

# ---------------------------------------------------------------------------
# Finding 6: --json and Prometheus labels of a hostile tree, as a strict
# consumer takes them.
cp -R "$TREES/debian-6.1" "$W/hx"
printf '6.1.0-\377\376"q\\b\033[2J\r\233''31m' >"$W/hx/sys/kernel/osrelease"
printf 'h\033]0;TITLE\007\302\233''2J\377' >"$W/hx/sys/kernel/hostname"
run 0 --proc "$W/hx" --json
"$STRICT" json <"$TEST_TMP/out" || fail "--json of a hostile tree is not strict JSON"
# U+FFFD for each byte that is not UTF-8; the controls escaped, so kept
expect_eq "the release, parsed back" "$(jq -j .kernel.release "$TEST_TMP/out" | od -An -c | tr -s ' \n' ' ')" \
	" 6 . 1 . 0 - 357 277 275 357 277 275 \" q \\ b 033 [ 2 J \\r 357 277 275 3 1 m "
run 0 --proc "$W/hx" --prometheus -
"$STRICT" lines <"$TEST_TMP/out" || fail "--prometheus of a hostile tree is not clean UTF-8"
run 0 --proc "$W/hx" --list
"$STRICT" lines <"$TEST_TMP/out" || fail "--list of a hostile tree is not clean"

# ---------------------------------------------------------------------------
# Finding 7: a profile and sysctl.d lines with terminal escapes.
printf 'net.core.bpf_jit_harden = 2\n\033]0;PWNED\007\033[2J\033[31mfake = line\n' >"$W/hostile.conf"
run 2 --proc "$W/t" --check "$W/hostile.conf"
expect_eq "a hostile profile" "$err" "bpfknobs: --check $W/hostile.conf line 2: '?]0;PWNED??[2J?[31mfake' is not one of the eBPF knobs bpfknobs checks (kernel.unprivileged_bpf_disabled, net.core.bpf_jit_enable, net.core.bpf_jit_harden, net.core.bpf_jit_kallsyms, net.core.bpf_jit_limit), nor bpfknobs.jit_memory_max_percent.
Try 'bpfknobs --help' for the options."
cp -R "$TREES/debian-6.1" "$W/t7"
mkdir -p "$W/r7/etc/sysctl.d"
printf 'net.core.bpf_jit_harden = 0 \033]0;OLD\007\n' >"$W/r7/etc/sysctl.d/60-bpfknobs.conf"
printf 'net.core.bpf_jit_harden = 1\033[2J\n' >"$W/r7/etc/sysctl.d/99-later.conf"
run 0 --proc "$W/t7" --sysctl-root "$W/r7" --set net.core.bpf_jit_harden=2 --save
expect_eq "sysctl.d lines" "$out" "applied: net.core.bpf_jit_harden changed from 0 to 2: written, then read back from the kernel to be sure. Now: blinding for every loader: Every program loaded from now on gets its constants blinded; every BPF symbol disappears from /proc/kallsyms.
-net.core.bpf_jit_harden = 0 ?]0;OLD?
+net.core.bpf_jit_harden = 2
saved: Saved to $W/r7/etc/sysctl.d/60-bpfknobs.conf. systemd-sysctl applies it at every boot; \"sysctl --system\" applies it now (the running values already match).

But /etc/sysctl.d/99-later.conf line 1 sets net.core.bpf_jit_harden = 1?[2J after this file, and the last one wins at boot: change or remove that line."

# ---------------------------------------------------------------------------
# Finding 8: --check on a FIFO answers at once (the timeout only keeps a
# regression from hanging the suite).
mkfifo "$W/fifo"
status=0
timeout 20 "$BPFKNOBS" --proc "$TREES/debian-6.1" --check "$W/fifo" >"$TEST_TMP/out" 2>"$TEST_TMP/err" || status=$?
expect_eq "--check on a FIFO: status" "$status" 2
expect_eq "--check on a FIFO" "$(cat "$TEST_TMP/err")" "bpfknobs: --check $W/fifo is a FIFO (named pipe), not a regular file as a real profile is, so it is not read. Give a built-in profile (recommended, kspp) or a file of \"name = value\" lines.
Try 'bpfknobs --help' for the options."

# ---------------------------------------------------------------------------
# The garbage tree: --set quotes what the file holds, as --list does.
cp -R "$TREES/garbage" "$W/g"
run 3 --proc "$W/g" --set net.core.bpf_jit_harden=2
expect_eq "--set on the garbage tree" "$out" "refused: Could not re-read net.core.bpf_jit_harden before writing, so nothing was written. Unreadable: the file holds 5, but this knob takes 0, 1 or 2."
run 0 --proc "$W/g" --list
expect_match "--list on the garbage tree" "$out" "No value: +Unreadable: the file holds 5, but this knob takes 0, 1 or 2\."

# ---------------------------------------------------------------------------
# Finding 12: statistics are the running kernel's: not with --proc.
run 2 --proc "$W/t" --stats
expect_eq "--stats with --proc" "$err" "bpfknobs: --stats turns runtime statistics on in the running kernel (every program on this host is timed), but --proc shows a captured tree: run it without --proc.
Try 'bpfknobs --help' for the options."

# --proc on procfs is the running kernel: live.
run 0 --proc /proc --json
expect_eq "--proc /proc is live" "$(jq -c .source "$TEST_TMP/out")" '{"proc":"/proc","live":true}'

# ---------------------------------------------------------------------------
# Finding 10: a plain user who is root of a user namespace only.
if ! setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn true 2>/dev/null; then
	skip "this kernel lets no plain user make a user namespace (user.max_user_namespaces," \
		"or a distribution's unprivileged_userns_clone), so finding 10 cannot arise here"
fi
chmod 755 "$TEST_TMP"
status=0
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn "$BPFKNOBS" --list \
	>"$TEST_TMP/out" 2>"$TEST_TMP/err" || status=$?
expect_eq "--list in a user namespace: status" "$status" 0
expect_eq "--list in a user namespace" "$(sed -n '2,6p' "$TEST_TMP/out")" "Privileges: uid 0, euid 0; CAP_SYS_ADMIN yes, CAP_BPF yes, CAP_SYSLOG yes,
            CAP_NET_ADMIN yes
Access:     read-only: root of a user namespace only, whose capabilities the
            kernel does not count for the knobs; run as root on the host to
            change settings"
setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn "$BPFKNOBS" --json \
	>"$TEST_TMP/out" 2>"$TEST_TMP/err" || fail "--json in a user namespace: $(cat "$TEST_TMP/err")"
expect_eq "--json in a user namespace" "$(jq .privileges.can_change "$TEST_TMP/out")" false
exit 0
