# Without the disassembler: bpfknobs opens libcapstone only when machine
# code is first shown (core/inspect/capstone_calls.c), so a host without it
# still runs everything, and --dump-prog shows the JIT image as bytes and
# says why (--json too). The library is hidden in a mount namespace of this test's own
# (/dev/null bound over it, so dlopen() fails); --dump-prog of the same
# program must then print the same translated instructions, the reason on
# the machine code's heading, and exactly the bytes of the
# JIT image as the kernel hands it, eight to a row at their addresses.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd unshare util-linux
need_cmd od coreutils
need_cmd perl perl
need_cmd jq jq
lock_kernel shared

libs=$(ldconfig -p | awk '$1 ~ /^libcapstone\.so\.[0-9]+$/ { print $NF }' | sort -u)
[ -n "$libs" ] || fail "ldconfig knows no libcapstone.so.N: install libcapstone4"

load_program single
id=$LOADED_IDS

"$BPFKNOBS" --dump-prog "$id" >"$TEST_TMP/with.txt" || fail "--dump-prog $id exited $?"
# shellcheck disable=SC2016 # expanded by the inner shell
unshare -m sh -c 'for l in $1; do mount --bind /dev/null "$l" || exit 99; done
	shift; exec "$@"' sh "$libs" "$BPFKNOBS" --dump-prog "$id" >"$TEST_TMP/without.txt" ||
	fail "--dump-prog $id without libcapstone exited $?"

# the same up to the machine code
sed '/^# machine code/,$d' "$TEST_TMP/with.txt" >"$TEST_TMP/with.head"
sed '/^# machine code/,$d' "$TEST_TMP/without.txt" >"$TEST_TMP/without.head"
diff -u "$TEST_TMP/with.head" "$TEST_TMP/without.head" >&2 ||
	fail "--dump-prog without libcapstone: the translated instructions differ"

# the heading says why, and what to install
heading=$(grep '^# machine code' "$TEST_TMP/without.txt")
expect_match "the machine code's heading" "$heading" \
	'^# machine code \(the disassembler cannot be loaded \(.*libcapstone\.so\.[0-9]+.*\), so the bytes are shown as they are; install capstone.s library \(Debian: apt install libcapstone[0-9]+\)\)$'

# --json says the same: no syntax, and why
"$BPFKNOBS" --dump-prog "$id" --json >"$TEST_TMP/with.json" || fail "--dump-prog $id --json exited $?"
# shellcheck disable=SC2016 # expanded by the inner shell
unshare -m sh -c 'for l in $1; do mount --bind /dev/null "$l" || exit 99; done
	shift; exec "$@"' sh "$libs" "$BPFKNOBS" --dump-prog "$id" --json >"$TEST_TMP/without.json" ||
	fail "--dump-prog $id --json without libcapstone exited $?"
expect_match "--json's machine syntax with libcapstone" \
	"$(jq -c '[.machine_syntax, .machine_syntax_error]' "$TEST_TMP/with.json")" '^\["(x86-64|arm64)[^"]*",null\]$'
expect_eq "--json's machine syntax without libcapstone" "$(jq -c .machine_syntax "$TEST_TMP/without.json")" null
expect_eq "--json's reason without libcapstone" "$(jq -r .machine_syntax_error "$TEST_TMP/without.json")" \
	"$(printf '%s\n' "$heading" | sed 's/^# machine code (\(.*\))$/\1/')"

# the rows: the JIT image (tests/helpers/jit_bytes writes it, as bpftool
# prog dump jited would with libbfd), 8 bytes a row from the function's
# address (the heading of function 0 names it)
"$builddir/tests/helpers/jit_bytes" "$id" "$TEST_TMP/image" ||
	fail "tests/helpers/jit_bytes $id failed"
addr=$(sed -n 's/^# function 0 .* at 0x\([0-9a-f]*\) .*/\1/p' "$TEST_TMP/without.txt" | head -1)
[ -n "$addr" ] || fail "no address on function 0's heading"
od -An -v -tx1 -w8 "$TEST_TMP/image" | perl -ne 'no warnings "portable";
	BEGIN { $a = hex(shift) } my @b = split; next unless @b;
	printf "%x: .byte %s\n", $a, join(", ", map { "0x$_" } @b); $a += @b' "$addr" \
	>"$TEST_TMP/want.rows"
sed -n '/^# machine code/,$p' "$TEST_TMP/without.txt" | grep -v '^[#;]' >"$TEST_TMP/got.rows"
diff -u "$TEST_TMP/want.rows" "$TEST_TMP/got.rows" >&2 ||
	fail "--dump-prog without libcapstone: the rows are not the JIT image's bytes"
grep -q '^# machine code (x86-64\|^# machine code (arm64' "$TEST_TMP/with.txt" ||
	fail "--dump-prog with libcapstone did not disassemble: $(grep '^# machine code' "$TEST_TMP/with.txt")"

# and the program does not need the library to start
ldd "$BPFKNOBS" >"$TEST_TMP/ldd" || fail "ldd $BPFKNOBS failed"
! grep libcapstone "$TEST_TMP/ldd" || fail "bpfknobs is linked with libcapstone"
echo "without libcapstone, --dump-prog shows the JIT image's bytes and says why"
