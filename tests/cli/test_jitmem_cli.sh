# JIT memory in use on the running kernel, through the CLI: with programs
# loaded by tests/helpers/progs_loader, each program's charge in --json is
# the kernel's rule over the JIT sizes bpftool prog show gives, and the
# programs' part of jit_memory is their sum; how the reading is known
# follows what /proc/kallsyms lists; --list, --prometheus and --check give
# the same reading; a plain user and a captured tree are told why there is
# none. Another session's programs may come and go meanwhile: the sums are
# compared within one --json, bracketed by two bpftool listings that agree.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
need_cmd bpftool bpftool
need_cmd setpriv util-linux
lock_kernel shared

[ "$(uname -m)" = x86_64 ] || skip "the JIT's charges are modelled on x86_64 only"
release=$(uname -r)
major=${release%%.*}
minor=${release#*.}
minor=${minor%%[!0-9]*}
pack=0
[ "$major" -gt 5 ] || { [ "$major" = 5 ] && [ "$minor" -ge 18 ]; } && pack=1
# the kernel's charge for one image of LEN bytes (x86's JIT pads it to 4)
# and its exception table of ENTRIES (12 bytes each, 0 if not given):
# bpf_jit_binary_pack_alloc() from 5.18, bpf_jit_binary_alloc() before
rule() {
	r_len=$((($1 + 3) / 4 * 4 + ${2:-0} * 12))
	if [ "$pack" = 1 ]; then
		echo $(((r_len + 8 + 16 + 63) / 64 * 64))
	else
		echo $(((r_len + 8 + 128 + 4095) / 4096 * 4096))
	fi
}
# charge ID FILE: the rule over program ID's images in --json FILE: each
# function's length, which together must be bpftool's bytes_jited
# (a one-function program's exception table, where --json knows it, in its
# image: a program with BTF pointer loads a process holds, such as another
# bpfknobs' iterator)
charge() {
	c_sum=0
	c_total=0
	c_ext=$(jq -r --argjson id "$1" '.programs[] | select(.id == $id) | .jit_extable_entries // 0' "$2")
	for c_len in $(jq -r --argjson id "$1" '.programs[] | select(.id == $id) | .symbols[].len' "$2"); do
		c_sum=$((c_sum + $(rule "$c_len" "$c_ext")))
		c_total=$((c_total + c_len))
	done
	c_bt=$(jq -r --argjson id "$1" '.[] | select(.id == $id) | .bytes_jited // 0' "$TEST_TMP/b1.json")
	[ "$c_total" = "$c_bt" ] || fail "program $1: its functions' lengths add up to $c_total, bpftool says $c_bt bytes JITed"
	echo "$c_sum"
}

load_program single 2
load_program subprog 1
ours=$(cut -f1 "$TEST_TMP"/loader.*.ids | tr '\n' ' ')

# one --json between two bpftool listings of the same programs
tries=0
while :; do
	bpftool -j prog show >"$TEST_TMP/b1.json" || fail "bpftool prog show failed"
	"$BPFKNOBS" --json >"$TEST_TMP/j.json" || fail "--json exited $?"
	bpftool -j prog show >"$TEST_TMP/b2.json" || fail "bpftool prog show failed"
	ids1=$(jq -c '[.[].id] | sort' "$TEST_TMP/b1.json")
	ids2=$(jq -c '[.[].id] | sort' "$TEST_TMP/b2.json")
	idsj=$(jq -c '[.programs[] | select(.ours | not) | .id] | sort' "$TEST_TMP/j.json")
	[ "$ids1" = "$ids2" ] && [ "$ids1" = "$idsj" ] && break
	tries=$((tries + 1))
	[ $tries -lt 10 ] || fail "the programs kept changing under ten --json runs"
	sleep 0.5
done

# each of ours: its charge is the rule over bpftool's sizes
for id in $ours; do
	want=$(charge "$id" "$TEST_TMP/j.json")
	got=$(jq -r --argjson id "$id" '.programs[] | select(.id == $id) | .jit_charge_bytes' "$TEST_TMP/j.json")
	expect_eq "program $id's charge" "$got" "$want"
done
single=$(head -n1 "$TEST_TMP/loader.3.ids" | cut -f1)
expect_eq "a single function's charge" \
	"$(rule "$(jq -r --argjson id "$single" '.[] | select(.id == $id) | .bytes_jited' "$TEST_TMP/b1.json")")" \
	"$(jq -r --argjson id "$single" '.programs[] | select(.id == $id) | .jit_charge_bytes' "$TEST_TMP/j.json")"

# every program's: the programs' part is the rule summed over bpftool's list
want=0
count=0
differ=
for id in $(jq -r '.[] | select((.bytes_jited // 0) > 0) | .id' "$TEST_TMP/b1.json"); do
	c=$(charge "$id" "$TEST_TMP/j.json")
	want=$((want + c))
	count=$((count + 1))
	got=$(jq -r --argjson id "$id" '.programs[] | select(.id == $id) | .jit_charge_bytes' "$TEST_TMP/j.json")
	[ "$got" = "$c" ] || differ="$differ $(jq -c --argjson id "$id" '.programs[] | select(.id == $id)
		| {id, type, name, bytes_jited, jit_charge_bytes, jit_extable_entries, lens: [.symbols[].len]}' "$TEST_TMP/j.json") (the rule: $c)"
done
expect_eq "the programs' part${differ:+ (programs charged otherwise:$differ)}" \
	"$(jq -r .jit_memory.parts.programs.bytes "$TEST_TMP/j.json")" "$want"
expect_eq "JITed programs" "$(jq -r .jit_memory.parts.programs.count "$TEST_TMP/j.json")" "$count"

# exact where /proc/kallsyms lists bpf_jit_current, else an estimate with why
j() { jq -r "$1" "$TEST_TMP/j.json"; }
if grep -q ' bpf_jit_current$' /proc/kallsyms; then
	expect_eq "method" "$(j .jit_memory.method)" bpf_jit_current
	expect_eq "exact" "$(j .jit_memory.exact)" true
	expect_eq "reason" "$(j .jit_memory.reason)" null
	expect_eq "used" "$(j .jit_memory.used_bytes)" \
		"$(($(j .jit_memory.counter_bytes) - $(j .jit_memory.own_bytes)))"
else
	expect_eq "method" "$(j .jit_memory.method)" estimate
	expect_eq "exact" "$(j .jit_memory.exact)" false
	expect_eq "reason" "$(j .jit_memory.reason)" \
		"this kernel does not list bpf_jit_current in /proc/kallsyms: CONFIG_KALLSYMS_ALL is not set"
	expect_eq "the estimate is the sum of the parts" "$(j .jit_memory.used_bytes)" \
		"$(j '.jit_memory.parts | .programs.bytes + .trampolines.bytes + .struct_ops.bytes + .classic.bytes')"
fi
expect_eq "limit" "$(j .jit_memory.limit_bytes)" "$(cat /proc/sys/net/core/bpf_jit_limit)"
expect_eq "the detail begins with the row" "$(jq -r '.jit_memory.text as $t | .knobs[]
	| select(.name == "net.core.bpf_jit_limit") | [.fields[] | select(.label == "In use")][0].text
	| startswith($t)' "$TEST_TMP/j.json")" true

# --list, --prometheus and --check read the same, when nothing moved between
# (other tests load and unload programs meanwhile: taken again until two
# --json runs around them agree and so do they, ten tries at most)
printf '# the most JIT memory in use a host may have\nbpfknobs.jit_memory_max_percent = 100%%\n' \
	>"$TEST_TMP/profile.conf"
tries=0
while :; do
	"$BPFKNOBS" --json >"$TEST_TMP/a.json" || fail "--json exited $?"
	COLUMNS=200 "$BPFKNOBS" --list >"$TEST_TMP/list.txt" || fail "--list exited $?"
	"$BPFKNOBS" --prometheus "$TEST_TMP/metrics.prom" || fail "--prometheus exited $?"
	"$BPFKNOBS" --check "$TEST_TMP/profile.conf" >"$TEST_TMP/check.txt" ||
		fail "--check with 100 % exited $?: $(cat "$TEST_TMP/check.txt")"
	"$BPFKNOBS" --json >"$TEST_TMP/b.json" || fail "--json exited $?"
	used=$(jq -r .jit_memory.used_bytes "$TEST_TMP/a.json")
	exact=$(jq -r 'if .jit_memory.exact then 1 else 0 end' "$TEST_TMP/a.json")
	row=$(jq -r .jit_memory.text "$TEST_TMP/a.json")
	[ "$used" = "$(jq -r .jit_memory.used_bytes "$TEST_TMP/b.json")" ] &&
		grep -q "^bpfknobs_jit_memory_bytes{exact=\"$exact\"} $used\$" "$TEST_TMP/metrics.prom" &&
		grep -qF "($row)" "$TEST_TMP/check.txt" &&
		grep -qF "In use:       $row (" "$TEST_TMP/list.txt" && break
	tries=$((tries + 1))
	[ $tries -lt 10 ] || fail "JIT memory kept changing under ten runs: --json $used, then $(jq -r .jit_memory.used_bytes "$TEST_TMP/b.json"); --prometheus $(grep '^bpfknobs_jit_memory_bytes' "$TEST_TMP/metrics.prom")"
	sleep 0.5
done
grep -q "^  In use: \+$row (" "$TEST_TMP/list.txt" || fail "--list has no 'In use: $row' line"
grep -q "^  How known: \+$(jq -r .jit_memory.how "$TEST_TMP/a.json" | cut -c1-60)" "$TEST_TMP/list.txt" ||
	fail "--list does not say how it is known"
expect_eq "prometheus" "$(grep -A2 '^# HELP bpfknobs_jit_memory_bytes ' "$TEST_TMP/metrics.prom" | tail -n2)" \
	"# TYPE bpfknobs_jit_memory_bytes gauge
bpfknobs_jit_memory_bytes{exact=\"$exact\"} $used"

expect_match "the check's line" "$(grep '^bpfknobs.jit_memory_max_percent:' "$TEST_TMP/check.txt")" \
	"^bpfknobs.jit_memory_max_percent: ok: [0-9.]+ % of net.core.bpf_jit_limit in use \($row\), at most 100 %$"
out=$("$BPFKNOBS" --check "$TEST_TMP/profile.conf" --json) || fail "--check --json exited $?"
expect_eq "the check's JSON" "$(printf '%s' "$out" | jq -c '.jit_memory | {verdict, max_percent, profile_line}')" \
	'{"verdict":"ok","max_percent":100,"profile_line":2}'

# no reading: a captured tree, and a plain user (no program, no counter)
out=$("$BPFKNOBS" --check "$TEST_TMP/profile.conf" --proc "$TREES/locked")
expect_eq "--check on a tree exits" "$?" 3
expect_eq "--check on a tree" "$(printf '%s\n' "$out" | grep '^bpfknobs.jit_memory_max_percent:')" \
	"bpfknobs.jit_memory_max_percent: unreadable: JIT memory in use is not known: a captured tree (--proc) has no running kernel to read."
as_nobody "$BPFKNOBS" --json >"$TEST_TMP/nobody.json" || fail "--json as nobody exited $?"
expect_eq "as nobody" "$(jq -c '.jit_memory | {used_bytes, method}' "$TEST_TMP/nobody.json")" \
	'{"used_bytes":null,"method":"none"}'
expect_match "why not, as nobody" "$(jq -r .jit_memory.reason "$TEST_TMP/nobody.json")" \
	"needs CAP_BPF and CAP_PERFMON.*run bpfknobs as root"
"$BPFKNOBS" --prometheus "$TEST_TMP/tree.prom" --proc "$TREES/locked" || fail "--prometheus of a tree"
grep -q '^bpfknobs_jit_memory_bytes' "$TEST_TMP/tree.prom" && fail "a tree has a JIT memory sample"
grep -q '^# HELP bpfknobs_jit_memory_bytes ' "$TEST_TMP/tree.prom" || fail "no HELP for bpfknobs_jit_memory_bytes"

# a profile that cannot be used: the line and the fix
printf 'bpfknobs.jit_memory_max_percent = 101\n' >"$TEST_TMP/bad.conf"
out=$("$BPFKNOBS" --check "$TEST_TMP/bad.conf" 2>&1)
expect_eq "a percentage past 100 exits" "$?" 2
expect_match "a percentage past 100" "$out" \
	"line 1: 'bpfknobs.jit_memory_max_percent = 101': not a value that knob takes .*whole percentage, 1 to 100"
printf 'bpfknobs/jit_memory_max_percent = 50\nbpfknobs.jit_memory_max_percent = 60\n' >"$TEST_TMP/twice.conf"
out=$("$BPFKNOBS" --check "$TEST_TMP/twice.conf" 2>&1)
expect_eq "twice exits" "$?" 2
expect_match "twice" "$out" "line 2: .*line 1 sets the same knob already"
echo "JIT memory: charges as bpftool's sizes give them, the same reading in every output"
