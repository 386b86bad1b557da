# The program list through the CLI: --json against bpftool -j prog show and
# /proc/kallsyms, --list, and a plain user. Loads programs with
# tests/helpers/progs_loader (load_program), unloaded on exit.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
need_cmd bpftool bpftool
need_cmd setpriv util-linux
lock_kernel shared

load_program subprog 1
subprog_ids=$LOADED
load_program btf 2
btf_ids=$(printf '%s' "$LOADED_IDS" | tr ' ' ',')
ids=$(cut -f1 "$subprog_ids" "$LOADED")

"$BPFKNOBS" --json >"$TEST_TMP/j.json" || fail "--json exited $?"
jq -e . "$TEST_TMP/j.json" >/dev/null || fail "--json is not one JSON document"
bpftool -j prog show >"$TEST_TMP/bpftool.json" || fail "bpftool prog show failed"
expect_eq "programs_error" "$(jq -r .programs_error "$TEST_TMP/j.json")" null
expect_eq "programs sorted by id" "$(jq -c '[.programs[].id] | . == sort' "$TEST_TMP/j.json")" true

for id in $ids; do
	ours=$(jq -c --argjson id "$id" '.programs[] | select(.id == $id)
		| {id, type, name, tag, bytes_jited, bytes_xlated}' "$TEST_TMP/j.json")
	theirs=$(jq -c --argjson id "$id" '.[] | select(.id == $id)
		| {id, type, name, tag, bytes_jited, bytes_xlated}' "$TEST_TMP/bpftool.json")
	[ -n "$ours" ] || fail "program $id is not in --json"
	expect_eq "program $id vs bpftool" "$ours" "$theirs"
	expect_eq "program $id symbols_missing" \
		"$(jq -r --argjson id "$id" '.programs[] | select(.id == $id) | .symbols_missing' \
			"$TEST_TMP/j.json")" null
	expect_match "program $id owner" \
		"$(jq -c --argjson id "$id" '.programs[] | select(.id == $id) | .owners' "$TEST_TMP/j.json")" \
		'"comm":"progs_loader"'

	# every symbol is the /proc/kallsyms line at its address
	jq -r --argjson id "$id" '.programs[] | select(.id == $id) | .symbols[]
		| "\(.addr) \(.name) \(.len)"' "$TEST_TMP/j.json" >"$TEST_TMP/syms"
	n=0
	while read -r addr name len; do
		hex=$(printf '%016x' "$addr")
		# a read of /proc/kallsyms can skip a [bpf] line while other
		# programs are unloaded (bpf_get_kallsym() walks a changing list):
		# read it once more before calling it missing
		line=$(grep -m1 "^$hex " /proc/kallsyms) || line=$(grep -m1 "^$hex " /proc/kallsyms) ||
			fail "no /proc/kallsyms line at $addr"
		expect_eq "kallsyms at $addr" "$line" "$hex t $name	[bpf]"
		[ "$len" -gt 0 ] || fail "symbol $name has length $len"
		n=$((n + 1))
	done <"$TEST_TMP/syms"
	want=1
	grep -qx "$id	bk_subprog" "$subprog_ids" && want=2
	expect_eq "program $id symbol count" "$n" "$want"
done

# the two identical programs: one name, two addresses
expect_eq "identical names" "$(jq -r "[.programs[] | select(.id == ($btf_ids)) | .symbols[0].name]
	| unique | length" "$TEST_TMP/j.json")" 1
expect_eq "distinct addresses" "$(jq -r "[.programs[] | select(.id == ($btf_ids)) | .symbols[0].addr]
	| unique | length" "$TEST_TMP/j.json")" 2
expect_match "BTF name in the symbol" "$(jq -r "[.programs[] | select(.id == ($btf_ids))][0].symbols[0].name" \
	"$TEST_TMP/j.json")" '^bpf_prog_[0-9a-f]{16}_bk_btf_func_name_longer_than_fifteen$'

# --list: the section, a row and the symbols of each program
"$BPFKNOBS" --list >"$TEST_TMP/list.txt" || fail "--list exited $?"
grep -q '^BPF programs$' "$TEST_TMP/list.txt" || fail "--list has no program section"
for id in $ids; do
	grep -q "^Program $id: " "$TEST_TMP/list.txt" || fail "--list lacks program $id"
done
grep -q 'bpf_prog_[0-9a-f]*_bk_helper$' "$TEST_TMP/list.txt" || fail "--list lacks the subprogram"
grep -q '^Other BPF JIT images' "$TEST_TMP/list.txt" || fail "--list lacks the other images"

# a plain user: the reason, and still every knob with what the kernel
# gives a plain user in /proc/sys (null where it refuses), exit 0
as_nobody "$BPFKNOBS" --json >"$TEST_TMP/user.json" || fail "--json as nobody exited $?"
expect_eq "programs as nobody" "$(jq -r .programs "$TEST_TMP/user.json")" null
expect_match "programs_error as nobody" "$(jq -r .programs_error "$TEST_TMP/user.json")" \
	'needs CAP_SYS_ADMIN'
want=
for file in kernel/unprivileged_bpf_disabled net/core/bpf_jit_enable net/core/bpf_jit_harden \
	net/core/bpf_jit_kallsyms net/core/bpf_jit_limit kernel/bpf_stats_enabled; do
	value=$(as_nobody cat "/proc/sys/$file" 2>/dev/null) || value=null
	want="$want${want:+ }$(printf '%s' "$file" | tr / .)=$value"
done
expect_eq "knobs as nobody" \
	"$(jq -r '[.knobs[] | "\(.name)=\(.value)"] | join(" ")' "$TEST_TMP/user.json")" "$want"
as_nobody "$BPFKNOBS" --list >"$TEST_TMP/user.txt" || fail "--list as nobody exited $?"
grep -q 'needs CAP_SYS_ADMIN' "$TEST_TMP/user.txt" || fail "--list as nobody does not say why"

# a captured tree has no programs, and says so
"$BPFKNOBS" --json --proc "$TREES/locked" >"$TEST_TMP/tree.json" || fail "--proc exited $?"
expect_eq "programs of a tree" "$(jq -r .programs "$TEST_TMP/tree.json")" null
expect_match "programs_error of a tree" "$(jq -r .programs_error "$TEST_TMP/tree.json")" '--proc'
exit 0
