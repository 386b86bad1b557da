# --json and --list against the running kernel, as root and as a plain user.
# Reads only: nothing here writes to /proc.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
need_cmd bpftool bpftool
need_cmd setpriv util-linux
lock_kernel shared

knobs="kernel/unprivileged_bpf_disabled net/core/bpf_jit_enable net/core/bpf_jit_harden \
net/core/bpf_jit_kallsyms net/core/bpf_jit_limit"

"$BPFKNOBS" --json >"$TEST_TMP/root.json" || fail "--json exited $?"
jq -e . "$TEST_TMP/root.json" >/dev/null || fail "--json is not one JSON document"

# The order and names the issue fixes: the five, then the related
# statistics switch (bpftool's feature probe does not read it: the file).
expect_eq "knob names" "$(jq -r '[.knobs[].name] | join(" ")' "$TEST_TMP/root.json")" \
	"kernel.unprivileged_bpf_disabled net.core.bpf_jit_enable net.core.bpf_jit_harden net.core.bpf_jit_kallsyms net.core.bpf_jit_limit kernel.bpf_stats_enabled"
expect_eq "bpf_stats_enabled vs /proc" "$(jq -r '.knobs[5].value' "$TEST_TMP/root.json")" \
	"$(cat /proc/sys/kernel/bpf_stats_enabled)"

# Values equal both the files and what bpftool reads.
bpftool -j feature probe kernel >"$TEST_TMP/bpftool.json" 2>/dev/null || fail "bpftool feature probe failed"
i=0
for k in $knobs; do
	short=${k##*/}
	file=$(cat "/proc/sys/$k")
	ours=$(jq -r ".knobs[$i].value" "$TEST_TMP/root.json")
	theirs=$(jq -r ".system_config.$short" "$TEST_TMP/bpftool.json")
	expect_eq "$short vs /proc" "$ours" "$file"
	expect_eq "$short vs bpftool" "$ours" "$theirs"
	expect_eq "$short error" "$(jq -r ".knobs[$i].error" "$TEST_TMP/root.json")" null
	meaning=$(jq -r ".knobs[$i].meaning" "$TEST_TMP/root.json")
	[ "$meaning" != null ] && [ -n "$meaning" ] || fail "$short has no meaning"
	i=$((i + 1))
done

# Build options agree with bpftool's reading of the same config.
for opt in CONFIG_BPF_JIT CONFIG_BPF_JIT_ALWAYS_ON CONFIG_BPF_SYSCALL CONFIG_HAVE_EBPF_JIT; do
	theirs=$(jq -r ".system_config.$opt // \"n\"" "$TEST_TMP/bpftool.json")
	ours=$(jq -r ".kernel.config.options.$opt" "$TEST_TMP/root.json")
	expect_eq "$opt" "$ours" "$theirs"
done
# With the interpreter compiled out, only 1 is allowed for bpf_jit_enable.
if [ "$(jq -r .system_config.CONFIG_BPF_JIT_ALWAYS_ON "$TEST_TMP/bpftool.json")" = y ]; then
	expect_eq "bpf_jit_enable allowed" "$(jq -c '.knobs[1].allowed' "$TEST_TMP/root.json")" "[1]"
fi
expect_eq "root can change" "$(jq -r .privileges.can_change "$TEST_TMP/root.json")" true

# A plain user: same report, the 0644 knobs read, the 0600 knobs explained, status 0.
as_nobody "$BPFKNOBS" --json >"$TEST_TMP/nobody.json" || fail "--json as uid 65534 exited $?"
expect_eq "uid" "$(jq -r .privileges.uid "$TEST_TMP/nobody.json")" 65534
expect_eq "plain user can change" "$(jq -r .privileges.can_change "$TEST_TMP/nobody.json")" false
expect_eq "unprivileged_bpf_disabled as nobody" "$(jq -r '.knobs[0].value' "$TEST_TMP/nobody.json")" \
	"$(cat /proc/sys/kernel/unprivileged_bpf_disabled)"
expect_eq "bpf_jit_enable as nobody" "$(jq -r '.knobs[1].value' "$TEST_TMP/nobody.json")" \
	"$(cat /proc/sys/net/core/bpf_jit_enable)"
for i in 2 3 4; do
	expect_eq "knob $i value as nobody" "$(jq -r ".knobs[$i].value" "$TEST_TMP/nobody.json")" null
	expect_match "knob $i error as nobody" "$(jq -r ".knobs[$i].error" "$TEST_TMP/nobody.json")" \
		"root and CAP_SYS_ADMIN"
done
as_nobody "$BPFKNOBS" --list >"$TEST_TMP/nobody.txt" || fail "--list as uid 65534 exited $?"
grep -q "read-only: run as root with CAP_SYS_ADMIN" "$TEST_TMP/nobody.txt" ||
	fail "--list as a plain user does not say it is read-only"
grep -q "net.core.bpf_jit_harden = (no value)" "$TEST_TMP/nobody.txt" ||
	fail "--list as a plain user does not show bpf_jit_harden as unreadable"
exit 0
