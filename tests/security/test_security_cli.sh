# The security review's reproductions, as the command line meets them
# (findings 6 to 8): each runs the review's commands on copies of the
# fixture trees in a temporary directory and compares whole outputs.
# --json and Prometheus labels pass a strict UTF-8 check; a --check profile
# and sysctl.d lines reach the terminal sanitised; --check on a FIFO
# answers at once. No real knob is written.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/lib/fleet_lib.sh"
need_root
need_cmd jq jq
need_cmd timeout coreutils
STRICT=$builddir/tests/helpers/strict_text
[ -x "$STRICT" ] || fail "$STRICT is not built (make check builds it)"

W=$TEST_TMP
COLUMNS=80 # --list wraps to it
export COLUMNS
cp -R "$TREES/debian-6.1" "$W/t"

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
expect_eq "a hostile profile" "$err" "bpfknobs: --check $W/hostile.conf line 2: '?]0;PWNED??[2J?[31mfake' is not one of the eBPF knobs bpfknobs checks (kernel.unprivileged_bpf_disabled, net.core.bpf_jit_enable, net.core.bpf_jit_harden, net.core.bpf_jit_kallsyms, net.core.bpf_jit_limit).
Try 'bpfknobs --help' for the options."
cp -R "$TREES/debian-6.1" "$W/t7"
mkdir -p "$W/r7/etc/sysctl.d"
printf 'net.core.bpf_jit_harden = 0 \033]0;OLD\007\n' >"$W/r7/etc/sysctl.d/60-bpfknobs.conf"
printf 'net.core.bpf_jit_harden = 1\033[2J\n' >"$W/r7/etc/sysctl.d/99-later.conf"
run 0 --proc "$W/t7" --sysctl-root "$W/r7" --set net.core.bpf_jit_harden=2 --save
expect_eq "sysctl.d lines" "$out" "applied: net.core.bpf_jit_harden changed from 0 to 2: written, then read back from the kernel to be sure.
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

exit 0
