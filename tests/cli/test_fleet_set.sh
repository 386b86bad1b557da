# bpfknobs --set on the real kernel and on fixture trees: net.core.bpf_jit_harden
# 0 -> 2 -> 0 with read-back (put back in the EXIT trap whatever happens),
# refusals that write nothing (bpf_jit_enable=0 on a CONFIG_BPF_JIT_ALWAYS_ON
# kernel, an --expect that does not match, malformed requests), the one-way
# kernel.unprivileged_bpf_disabled=1 only ever on a copy of a fixture tree,
# --dry-run, and --save to a drop-in file below a temporary sysctl root.
# What the kernel holds is read from /proc/sys, never taken from bpfknobs.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/lib/fleet_lib.sh"
need_root

# This test writes a real knob: no other test may look at the knobs meanwhile.
lock_kernel exclusive

HARDEN=/proc/sys/net/core/bpf_jit_harden
ENABLE=/proc/sys/net/core/bpf_jit_enable
UNPRIV=/proc/sys/kernel/unprivileged_bpf_disabled
HARDEN_WAS=$(cat $HARDEN)
ENABLE_WAS=$(cat $ENABLE)
UNPRIV_WAS=$(cat $UNPRIV)
set_cleanup() {
	trap '' PIPE # a closed stderr must not stop the putting back
	if [ "$(cat $HARDEN)" != "$HARDEN_WAS" ]; then
		echo "$HARDEN_WAS" >$HARDEN || echo "could not put $HARDEN back to $HARDEN_WAS" >&2
	fi
	rm -rf "$TEST_TMP"
}
trap set_cleanup EXIT
# a signal ends the script through the EXIT trap, so the knob goes back too
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

case $HARDEN_WAS in 0 | 1 | 2) ;; *) fail "$HARDEN cannot be read: '$HARDEN_WAS'" ;; esac
# The test starts from 0; the trap puts back what it found.
[ "$HARDEN_WAS" = 0 ] || echo 0 >$HARDEN

# Every refusal below leaves every knob as it was.
untouched() {
	expect_eq "$1: bpf_jit_harden" "$(cat $HARDEN)" "$2"
	expect_eq "$1: bpf_jit_enable" "$(cat $ENABLE)" "$ENABLE_WAS"
	expect_eq "$1: unprivileged_bpf_disabled" "$(cat $UNPRIV)" "$UNPRIV_WAS"
}

# 0 -> 2 with --expect, read back from /proc/sys; then 2 -> 0.
run 0 --set net.core.bpf_jit_harden=2 --expect 0
expect_match "0 -> 2" "$out" "^applied: net.core.bpf_jit_harden changed from 0 to 2: written, then read back"
expect_eq "harden after 0 -> 2" "$(cat $HARDEN)" 2
run 0 --set net.core.bpf_jit_harden=2
expect_match "again" "$out" "^unchanged: net.core.bpf_jit_harden is 2 already"
run 0 --set net/core/bpf_jit_harden=0 --expect 2
expect_match "2 -> 0" "$out" "^applied: net.core.bpf_jit_harden changed from 2 to 0"
expect_eq "harden after 2 -> 0" "$(cat $HARDEN)" 0

# --dry-run: every check, no write.
run 0 --set net.core.bpf_jit_harden=2 --dry-run
expect_match "dry run" "$out" "^would apply: Dry run: would write 2 to net.core.bpf_jit_harden \(now 0\)"
untouched "dry run" 0

# bpf_jit_enable=0 on this CONFIG_BPF_JIT_ALWAYS_ON kernel: refused with the reason.
zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_BPF_JIT_ALWAYS_ON=y' ||
	grep -q '^CONFIG_BPF_JIT_ALWAYS_ON=y' "/boot/config-$(uname -r)" 2>/dev/null ||
	skip "needs a kernel built with CONFIG_BPF_JIT_ALWAYS_ON=y"
run 3 --set net.core.bpf_jit_enable=0
expect_match "jit_enable=0" "$out" "^refused: net.core.bpf_jit_enable does not take 0 on this kernel: .*CONFIG_BPF_JIT_ALWAYS_ON.*Nothing was written"
untouched "jit_enable=0" 0

# --expect that does not match: refused, nothing written.
run 3 --set net.core.bpf_jit_harden=2 --expect 1
expect_match "--expect 1" "$out" "^refused: net.core.bpf_jit_harden is 0, not 1 as --expect says, so nothing was written"
untouched "--expect mismatch" 0

# One refused request refuses the batch: the good one is not written either.
run 3 --set net.core.bpf_jit_harden=2 --set net.core.bpf_jit_enable=0
expect_match "batch" "$out" "^not tried: net.core.bpf_jit_harden=2: not written"
untouched "refused batch" 0

# Malformed requests: status 2, a sentence naming the problem, nothing written.
run 2 --set harden=abc
expect_match "unknown knob" "$err" "--set 'harden=abc': no knob is called 'harden'.*net.core.bpf_jit_harden"
run 2 --set net.core.bpf_jit_harden=abc
expect_match "not a value" "$err" "Not a value for net.core.bpf_jit_harden: .*It takes 0, 1 or 2. Nothing was written"
run 2 --set net.core.bpf_jit_harden
expect_match "no =" "$err" "give NAME=VALUE.*no '='"
run 2 --set net.core.bpf_jit_harden=2 --expect two
expect_match "bad --expect" "$err" "--expect 'two' \(for net.core.bpf_jit_harden\)"
run 2 --set net.core.bpf_jit_harden=2 --set net.core.bpf_jit_harden=1
expect_match "twice" "$err" "the same knob"
run 2 --expect 0 --set net.core.bpf_jit_harden=2
expect_match "--expect first" "$err" "after the --set it belongs to"
run 2 --save
run 2 --set net.core.bpf_jit_harden=2 --list
[ -z "$out" ] || fail "a malformed request printed: $out"
untouched "malformed requests" 0

# The one-way value, only ever on a copy of a fixture tree: refused without
# --allow-one-way, written with it, and then the lock refuses the way back.
TREE=$TEST_TMP/tree
cp -R "$TREES/locked" "$TREE"
echo 2 >"$TREE/sys/kernel/unprivileged_bpf_disabled"
run 3 --proc "$TREE" --set kernel.unprivileged_bpf_disabled=1
expect_match "one-way refused" "$out" "^refused: kernel.unprivileged_bpf_disabled=1 is one-way.*--allow-one-way"
expect_eq "tree after refusal" "$(cat "$TREE/sys/kernel/unprivileged_bpf_disabled")" 2
run 0 --proc "$TREE" --set kernel.unprivileged_bpf_disabled=1 --allow-one-way
expect_match "one-way applied" "$out" "^applied: kernel.unprivileged_bpf_disabled changed from 2 to 1"
# a --proc tree without --sysctl-root reads no sysctl files: boot is not known
expect_match "one-way, boot not read" "$out" " This lasts until reboot\.$"
expect_eq "tree after --allow-one-way" "$(cat "$TREE/sys/kernel/unprivileged_bpf_disabled")" 1
run 3 --proc "$TREE" --set kernel.unprivileged_bpf_disabled=2 --allow-one-way
expect_match "locked" "$out" "^refused: kernel.unprivileged_bpf_disabled is locked at 1 until reboot"
expect_eq "tree still locked" "$(cat "$TREE/sys/kernel/unprivileged_bpf_disabled")" 1
untouched "fixture tree" 0

# --save: to a drop-in file below a temporary sysctl root, as the browser's save.
ROOT=$TEST_TMP/root
mkdir -p "$ROOT/etc/sysctl.d"
printf '# kept\nnet.core.bpf_jit_kallsyms = 1\n' >"$ROOT/etc/sysctl.d/60-bpfknobs.conf"
run 0 --proc "$TREE" --sysctl-root "$ROOT" --set net.core.bpf_jit_harden=1 --save --dry-run
expect_match "save dry run" "$out" "would save: Dry run"
expect_eq "dry run saved nothing" "$(grep -c harden "$ROOT/etc/sysctl.d/60-bpfknobs.conf")" 0
run 0 --proc "$TREE" --sysctl-root "$ROOT" --set net.core.bpf_jit_harden=1 --save
expect_match "save" "$out" "saved: Saved to .*60-bpfknobs.conf"
expect_eq "tree harden" "$(cat "$TREE/sys/net/core/bpf_jit_harden")" 1
expect_eq "saved file" "$(cat "$ROOT/etc/sysctl.d/60-bpfknobs.conf")" "# kept
net.core.bpf_jit_kallsyms = 1
net.core.bpf_jit_harden = 1"
# An applied line says, as the browser does, what the value means now and
# whether boot keeps it: boot sets 1, from the file just saved.
run 0 --proc "$TREE" --sysctl-root "$ROOT" --set net.core.bpf_jit_harden=2
expect_eq "applied, boot sets another value" "$out" "applied: net.core.bpf_jit_harden changed \
from 1 to 2: written, then read back from the kernel to be sure. Now: blinding for every loader: \
Every program loaded from now on gets its constants blinded; every BPF symbol disappears from \
/proc/kallsyms. This lasts until reboot: boot sets 1 (/etc/sysctl.d/60-bpfknobs.conf). --save \
saves it to a sysctl file so that boot keeps it."
run 0 --proc "$TREE" --sysctl-root "$ROOT" --set net.core.bpf_jit_harden=1
expect_eq "applied, boot keeps it" "$out" "applied: net.core.bpf_jit_harden changed from 2 to 1: \
written, then read back from the kernel to be sure. Now: blinding for unprivileged loaders: \
Programs loaded without CAP_BPF get their constants blinded; every BPF symbol disappears from \
/proc/kallsyms. Boot sets the same value (/etc/sysctl.d/60-bpfknobs.conf), so it stays after a \
reboot."
# the live kernel with a temporary root: 0 -> 2, saved, then back (not saved)
run 0 --sysctl-root "$ROOT" --save-file /etc/sysctl.d/70-fleet.conf \
	--set net.core.bpf_jit_harden=2 --expect 0 --save
expect_eq "live harden saved" "$(cat $HARDEN)" 2
expect_eq "live saved file" "$(grep -v '^#' "$ROOT/etc/sysctl.d/70-fleet.conf")" "net.core.bpf_jit_harden = 2"
run 0 --set net.core.bpf_jit_harden=0 --expect 2
expect_eq "live harden back" "$(cat $HARDEN)" 0
# a save that cannot be made refuses the batch before anything is written
run 3 --proc "$TREE" --set net.core.bpf_jit_harden=2 --save
expect_match "no sysctl root" "$out" "refused: The sysctl files are not read for a --proc tree"
expect_eq "tree harden untouched" "$(cat "$TREE/sys/net/core/bpf_jit_harden")" 1
untouched "save" 0
exit 0
