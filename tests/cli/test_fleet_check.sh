# bpfknobs --check [PROFILE] over fixture trees (and copies of them made to
# differ): exit 0 when every knob complies, 1 when one differs, 3 when one
# cannot be read and none differs; profile files with an unknown knob, a
# bad value or garbage are exit 2 with a sentence naming the line. The
# real kernel is only read here.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/lib/fleet_lib.sh"
need_cmd jq jq

line() { printf '%s\n' "$out" | grep -F -- "$1:" || fail "no line for $1 in: $out"; }

# locked: the hardened values; the limit is the default of its build (its
# config is in boot/), so both built-in profiles hold.
run 0 --check --proc "$TREES/locked"
expect_eq "locked, recommended" "$(line net.core.bpf_jit_harden)" "net.core.bpf_jit_harden: ok: 2"
expect_eq "limit" "$(line net.core.bpf_jit_limit)" "net.core.bpf_jit_limit: ok: 796917760 bytes (760 MiB)"
# the statistics switch is related, not hardening: the profile leaves it out
expect_match "summary" "$out" "Profile recommended \(built in\): 5 ok, 0 differ, 0 unreadable, 0 unknown, 1 not checked\."
expect_match "stats not checked" "$out" "kernel.bpf_stats_enabled: not checked: the profile does not set it\."
run 0 --check kspp --proc "$TREES/locked"
expect_match "kspp sets two" "$(line net.core.bpf_jit_enable)" "not checked: the profile does not set it"
run 0 --proc "$TREES/locked" --check=kspp

# A copy that differs: hardening off. The line says now, wants and the cost.
cp -R "$TREES/locked" "$TEST_TMP/soft"
echo 0 >"$TEST_TMP/soft/sys/net/core/bpf_jit_harden"
run 1 --check --proc "$TEST_TMP/soft"
expect_match "differs" "$(line net.core.bpf_jit_harden)" \
	"^net.core.bpf_jit_harden: differs: now 0, wants 2\. Changing it: blinding for every loader: .*Cost: Blinded JIT images are larger"
expect_match "others ok" "$(line kernel.unprivileged_bpf_disabled)" ": ok: 1$"
run 1 --check --json --proc "$TEST_TMP/soft"
j() { printf '%s' "$out" | jq -r "$1"; }
expect_eq "json status" "$(j .status)" differs
expect_eq "json exit" "$(j .exit_status)" 1
expect_eq "json profile" "$(j .profile.name)" recommended
expect_eq "json verdicts" "$(j '[.knobs[].verdict] | join(" ")')" "ok ok differs ok ok not_checked"
expect_eq "json value" "$(j '.knobs[2].value')" 0
expect_eq "json wanted" "$(j '.knobs[2].wanted')" 2
expect_match "json cost" "$(j '.knobs[2].cost')" "Blinded JIT images"
expect_eq "json ok has no cost" "$(j '.knobs[0].cost')" null

# garbage: nothing can be read, so nothing can be judged: 3, never a value.
run 3 --check --proc "$TREES/garbage"
expect_match "garbage empty" "$(line kernel.unprivileged_bpf_disabled)" \
	"^kernel.unprivileged_bpf_disabled: unreadable: the file is empty"
expect_match "garbage range" "$(line net.core.bpf_jit_harden)" "unreadable: the file holds 5, but this knob takes 0, 1 or 2"
run 3 --check --json --proc "$TREES/garbage"
expect_eq "garbage json status" "$(j .status)" unreadable
expect_eq "garbage json values" "$(j '[.knobs[].value] | map(tostring) | join(" ")')" "null null null null null null"
expect_eq "garbage json verdicts" "$(j '[.knobs[].verdict] | unique | join(" ")')" "not_checked unreadable"
[ "$(j '.knobs[2].error')" != null ] || fail "garbage: no reason in JSON"
# One knob that differs decides, even beside unreadable ones.
cp -R "$TREES/garbage" "$TEST_TMP/mixed"
echo 0 >"$TEST_TMP/mixed/sys/net/core/bpf_jit_harden"
run 1 --check kspp --proc "$TEST_TMP/mixed"
# container: the net.core knobs are absent; kspp's readable one complies.
cp -R "$TREES/container" "$TEST_TMP/box"
echo 1 >"$TEST_TMP/box/sys/kernel/unprivileged_bpf_disabled"
run 3 --check kspp --proc "$TEST_TMP/box"
expect_match "container" "$(line net.core.bpf_jit_harden)" "unreadable: Absent: this process is not in the initial network"
# The container unchanged: unprivileged_bpf_disabled=2 differs, the rest is absent.
run 1 --check --proc "$TREES/container"
expect_match "absent limit" "$(line net.core.bpf_jit_limit)" "unreadable"

# Profile files in sysctl.conf syntax: comments, blanks, '/', '-', K/M/G.
P=$TEST_TMP/profile.conf
cat >"$P" <<'CONF'
# our fleet
; also a comment

net/core/bpf_jit_harden=2
-kernel.unprivileged_bpf_disabled = 1
	net.core.bpf_jit_limit = 760M	
CONF
run 0 --check "$P" --proc "$TREES/locked"
expect_match "file summary" "$out" "Profile $P: 3 ok, 0 differ, 0 unreadable, 0 unknown, 3 not checked"
run 1 --check "$P" --json --proc "$TEST_TMP/soft"
expect_eq "file profile line" "$(j '.knobs[2].profile_line')" 4
expect_eq "file builtin" "$(j '.profile.builtin')" false

# The documented example profile (docs/examples/fleet-profile.conf) works.
run 1 --check "$srcdir/docs/examples/fleet-profile.conf" --proc "$TREES/locked"
expect_match "example profile" "$out" "fleet-profile.conf: 2 ok, 1 differ, 1 unreadable, 0 unknown, 3 not checked"
expect_match "example differs" "$(line kernel.unprivileged_bpf_disabled)" "differs: now 1, wants 2"

# Broken profiles: exit 2, the file and line named, nothing checked.
bad() {
	printf '%s\n' "$2" >"$P"
	run 2 --check "$P" --proc "$TREES/locked"
	[ -z "$out" ] || fail "$1: verdicts printed: $out"
	expect_match "$1" "$err" "$3"
}
bad "unknown knob" "net.core.bpf_jit_hardening = 2" \
	"--check $P line 1: 'net.core.bpf_jit_hardening' is not one of the eBPF knobs"
bad "unknown short name" "# x
harden = 2" "line 2: 'harden' is not one of the eBPF knobs"
bad "bad value" "net.core.bpf_jit_harden = 7" "line 1: 'net.core.bpf_jit_harden = 7': not a value that knob takes"
bad "word value" "net.core.bpf_jit_harden = two" "not a value that knob takes"
bad "negative" "net.core.bpf_jit_limit = -1" "not a value that knob takes"
bad "garbage" "this is not a profile" "line 1: 'this is not a profile' is not a \"name = value\" line"
bad "no value" "net.core.bpf_jit_harden =" "is not a \"name = value\" line"
bad "twice" "net.core.bpf_jit_harden = 2
net.core.bpf_jit_harden = 1" "line 2: .*line 1 sets the same knob already"
bad "empty" "# nothing" "sets none of the eBPF knobs"
printf '\001\002\003\n' >"$P"
run 2 --check "$P" --proc "$TREES/locked"
run 2 --check "$TEST_TMP/missing.conf" --proc "$TREES/locked"
expect_match "missing" "$err" "missing.conf: No such file or directory. Give a built-in profile \(recommended, kspp\)"
run 2 --check "$TEST_TMP" --proc "$TREES/locked"
expect_match "directory" "$err" "--check .* is a directory, not a regular file as a real profile is, so it is not read"
# --check with the reports, or with --set: a usage error.
run 2 --check --list
run 2 --check --set net.core.bpf_jit_harden=2

# The running kernel, read only: each readable knob's line has its value.
lock_kernel shared
status=0
"$BPFKNOBS" --check --json >"$TEST_TMP/live.json" || status=$?
case $status in 0 | 1 | 3) ;; *) fail "--check on the running kernel: exit $status" ;; esac
expect_eq "live exit in JSON" "$(jq -r .exit_status "$TEST_TMP/live.json")" "$status"
if [ "$(id -u)" = 0 ]; then
	expect_eq "live harden" "$(jq -r '.knobs[2].value' "$TEST_TMP/live.json")" \
		"$(cat /proc/sys/net/core/bpf_jit_harden)"
fi
exit 0
