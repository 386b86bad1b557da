# --proc over captured trees: states this machine cannot safely show. What
# each value must be, from the tree; test_golden_cli.sh compares the whole
# outputs, and these checks still hold when the golden files are rewritten.
. "$srcdir/tests/lib/lib.sh"
need_cmd jq jq

json() { "$BPFKNOBS" --json --proc "$TREES/$1" >"$TEST_TMP/$1.json" || fail "--proc $1 exited $?"; }
q() { jq -r "$2" "$TEST_TMP/$1.json"; }

# locked: unprivileged BPF locked off until reboot, an older kernel's config in boot/.
json locked
expect_eq "locked source" "$(q locked .source.live)" false
expect_eq "locked value" "$(q locked '.knobs[0].value')" 1
expect_match "locked meaning" "$(q locked '.knobs[0].meaning')" "until the next boot"
# Locked: the kernel refuses every other value until reboot.
expect_eq "locked" "$(q locked '.knobs[0].locked')" true
expect_eq "locked allowed" "$(jq -c '.knobs[0].allowed' "$TEST_TMP/locked.json")" "[1]"
expect_match "locked allowed text" "$(q locked '.knobs[0].allowed_text')" "until reboot"
expect_eq "one-way values" "$(jq -c '.knobs[0].one_way_values' "$TEST_TMP/locked.json")" "[1]"
expect_match "config source" "$(q locked .kernel.config.source)" "/boot/config-6.1.0-28-amd64$"
expect_eq "interpreter kept: all values" "$(jq -c '.knobs[1].allowed' "$TEST_TMP/locked.json")" "[0,1,2]"
expect_eq "default without UNPRIV_DEFAULT_OFF" "$(q locked '.knobs[0].default.value')" 0
# Without KASLR the x86_64 module area is 1520 MiB; the default is half of it.
expect_eq "limit max" "$(q locked '.knobs[4].allowed.max')" 1593835520
expect_eq "limit default" "$(q locked '.knobs[4].default.value')" 796917760
expect_eq "hostname" "$(q locked .kernel.hostname)" db-primary
# The whole --list of each tree is in tests/golden/cli (test_golden_cli.sh).

# container: not the initial network namespace, no kernel config.
json container
expect_eq "netns" "$(q container .kernel.network_namespace)" other
expect_eq "unprivileged in container" "$(q container '.knobs[0].value')" 2
for i in 1 2 3 4; do
	expect_eq "container knob $i" "$(q container ".knobs[$i].value")" null
	expect_match "container knob $i reason" "$(q container ".knobs[$i].error")" \
		"not in the initial network namespace"
done
expect_eq "no config" "$(q container .kernel.config.source)" null
expect_match "config reason" "$(q container .kernel.config.error)" "No kernel config found"
expect_eq "unknown default" "$(q container '.knobs[0].default.value')" null

# garbage: no number is ever made up.
json garbage
for i in 0 1 2 3 4; do
	expect_eq "garbage knob $i value" "$(q garbage ".knobs[$i].value")" null
	[ "$(q garbage ".knobs[$i].error")" != null ] || fail "garbage knob $i has no reason"
done
expect_match "empty" "$(q garbage '.knobs[0].error')" "empty"
expect_match "word" "$(q garbage '.knobs[1].error')" '"one"'
expect_match "range" "$(q garbage '.knobs[2].error')" "0, 1 or 2"
expect_match "overflow" "$(q garbage '.knobs[3].error')" "too large"
expect_match "zero limit" "$(q garbage '.knobs[4].error')" "holds 0"
expect_match "bad gzip" "$(q garbage .kernel.config.error)" "damaged"
exit 0
