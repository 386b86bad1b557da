# The knob, shown working: the same program loaded with
# net.core.bpf_jit_harden 0 and then 2. At 0 --dump-prog marks no blinded
# constant; at 2 the kernel has moved every constant through r11 with a
# random xor (bpf_jit_blind_insn()), and --dump-prog marks each pair, in
# the translated instructions and (x86-64) in the machine code, with the
# constant it carries: the constants of the program loaded at 0. The
# blinded program's translated instructions are bpftool's too. Writes a
# real knob: holds the kernel lock exclusively and puts the value back
# whatever happens.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/lib/inspect_lib.sh"

need_root
need_cmd bpftool bpftool
need_cmd jq jq
HARDEN=/proc/sys/net/core/bpf_jit_harden
[ -w "$HARDEN" ] || skip "$HARDEN cannot be written here (another network namespace?)"
lock_kernel exclusive
old=$(cat "$HARDEN")
trap 'echo "$old" >"$HARDEN"; lib_cleanup' EXIT

echo 0 >"$HARDEN" || fail "cannot write 0 to $HARDEN"
load_program btf
plain=$LOADED_IDS
echo 2 >"$HARDEN" || fail "cannot write 2 to $HARDEN"
load_program btf
blinded=$LOADED_IDS
echo "$old" >"$HARDEN"

"$INSPECT_BIN" --dump-prog "$plain" --json >"$TEST_TMP/plain.json" || fail "--dump-prog $plain"
"$INSPECT_BIN" --dump-prog "$blinded" --json >"$TEST_TMP/blinded.json" || fail "--dump-prog $blinded"
"$INSPECT_BIN" --dump-prog "$blinded" >"$TEST_TMP/blinded.txt" || fail "--dump-prog $blinded"

expect_eq "harden 0: blinded" "$(jq .blinded "$TEST_TMP/plain.json")" false
expect_eq "harden 0: instructions marked blinded" \
	"$(jq '[.functions[].insns[] | select(.blinded)] | length' "$TEST_TMP/plain.json")" 0
expect_eq "harden 2: blinded" "$(jq .blinded "$TEST_TMP/blinded.json")" true

# The constants: each K operand of the program loaded at 0 (mov, alu,
# jump, store), in order, against the values of the marked pairs at 2; a
# mov of 0 is blinded into an xor of the register with itself, carrying
# none.
want=$(jq -r '.functions[].insns[].text' "$TEST_TMP/plain.json" | grep -v '^([0-9a-f]*) [rw][0-9]* = 0$' |
	sed -n 's/^([0-9a-f]*) \(.* [-+*/|&^<>=%s]*= \|if .* \)\(-\{0,1\}[0-9][0-9a-fx]*\)\( goto .*\)\{0,1\}$/\2/p' |
	while read -r v; do printf '%d\n' "$v"; done | tr '\n' ' ')
got=$(jq -r '.functions[].insns[] | select(.blinded_value != null) | .blinded_value' \
	"$TEST_TMP/blinded.json" | tr '\n' ' ')
[ -n "$want" ] || fail "the program loaded at harden 0 has no constant to compare"
expect_eq "the blinded constants (harden 2) against the constants (harden 0)" "$got" "$want"
# each marked pair really is r11 = a; r11 ^= b, with a ^ b the value
pairs=$(jq -r '.functions[].insns as $i | range(0; $i | length) as $n |
	select($i[$n].blinded_value != null) | "\($i[$n].text)|\($i[$n + 1].text)"' "$TEST_TMP/blinded.json")
printf '%s\n' "$pairs" | while IFS='|' read -r a b; do
	expect_match "a blinded pair's first instruction" "$a" '^\((b4|b7)\) [wr]11 = -?[0-9]+$'
	expect_match "a blinded pair's second instruction" "$b" '^\((a4|a7)\) [wr]11 \^= -?[0-9]+$'
done || exit 1
grep -q '  # blinded constant ' "$TEST_TMP/blinded.txt" ||
	fail "--dump-prog's text marks no blinded constant: $(head -c 2000 "$TEST_TMP/blinded.txt")"
if [ "$(uname -m)" = x86_64 ]; then
	expect_eq "harden 2: machine instructions carrying a blinded constant (x86-64: mov to r10, xor)" \
		"$(jq -r '[.functions[].machine[] | select(.blinded_value != null) | .blinded_value] | join(" ")' \
			"$TEST_TMP/blinded.json") " "$got"
	expect_eq "harden 0: machine instructions marked blinded" \
		"$(jq '[.functions[].machine[] | select(.blinded)] | length' "$TEST_TMP/plain.json")" 0
fi
out=$(check_xlated "$blinded") || fail "$out"
echo "harden 0: no blinded constant; harden 2: $got blinded through r11, as bpftool shows them"
