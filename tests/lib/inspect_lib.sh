# Sourced by the inspection tests after tests/lib/lib.sh: bpfknobs --dump-prog
# and --dump-map against bpftool and objdump, one program or map at a time.
# Each check_* prints nothing and returns 0 when they agree, else prints
# what differs and returns 1.

INSPECT_BIN=$(cd "$builddir" && pwd)/bpfknobs
INSPECT_JIT_BYTES=$(cd "$builddir" && pwd)/tests/helpers/jit_bytes

# check_xlated ID: the translated instructions of --dump-prog ID equal
# "bpftool prog dump xlated id ID linum", whitespace removed on both sides
# (libbpf prints a prototype "struct __sk_buff *skb" where bpftool prints
# "struct __sk_buff * skb"). bpfknobs' additions are left out first, as
# its man page marks them: lines starting "# ", labels "L3:", and a note
# after "  # ". Then the same from --json: each instruction's text and
# source line (src, file, line_num, line_col) are bpftool -j's.
check_xlated() {
	cx_dir=$TEST_TMP/xlated.$1
	mkdir -p "$cx_dir"
	"$INSPECT_BIN" --dump-prog "$1" >"$cx_dir/ours.txt" 2>"$cx_dir/err" ||
		{ echo "program $1: --dump-prog failed: $(cat "$cx_dir/err")"; return 1; }
	bpftool prog dump xlated id "$1" linum >"$cx_dir/bpftool.txt" 2>&1 ||
		{ echo "program $1: bpftool: $(cat "$cx_dir/bpftool.txt")"; return 1; }
	sed -n '/^# machine code/q;p' "$cx_dir/ours.txt" | grep -v '^# \|^L[0-9]*:$' |
		sed 's/  # .*$//' | tr -d ' \t' >"$cx_dir/ours.n"
	tr -d ' \t' <"$cx_dir/bpftool.txt" >"$cx_dir/bpftool.n"
	if ! cmp -s "$cx_dir/ours.n" "$cx_dir/bpftool.n"; then
		echo "program $1: --dump-prog's translated instructions differ from bpftool's" \
			"(-: bpftool, +: bpfknobs, whitespace removed):"
		diff -u "$cx_dir/bpftool.n" "$cx_dir/ours.n" | sed -n '3,40p'
		return 1
	fi
	"$INSPECT_BIN" --dump-prog "$1" --json >"$cx_dir/ours.json" 2>"$cx_dir/err" ||
		{ echo "program $1: --dump-prog --json failed: $(cat "$cx_dir/err")"; return 1; }
	bpftool -j prog dump xlated id "$1" linum >"$cx_dir/bpftool.json" 2>&1
	# bpftool leaves out a line_num or line_col of 0
	jq -c '.[] | {text: .disasm, src, file, line_num: (if .src then (.line_num // 0) else null end),
		line_col: (if .src then (.line_col // 0) else null end)}' \
		"$cx_dir/bpftool.json" >"$cx_dir/bpftool.jl"
	jq -c '.functions[].insns[] | {text, src, file, line_num: (if .src then .line_num else null end),
		line_col: (if .src then .line_col else null end)}' "$cx_dir/ours.json" >"$cx_dir/ours.jl"
	if ! cmp -s "$cx_dir/ours.jl" "$cx_dir/bpftool.jl"; then
		echo "program $1: --dump-prog --json's instructions differ from bpftool -j's" \
			"(-: bpftool, +: bpfknobs):"
		diff -u "$cx_dir/bpftool.jl" "$cx_dir/ours.jl" | sed -n '3,40p'
		return 1
	fi
	return 0
}

# A line of AT&T assembly in one spelling, for comparing capstone's with
# objdump's. Only pure spelling is normalised: spaces; the size suffix
# capstone writes where objdump leaves it to the operands (movq/mov,
# callq/call); numbers as values (capstone "$-4", objdump "$0xfffffffc" or
# "$0xfffffffffffffffc": a full-width hex number is read as signed); a
# memory operand's zero displacement and scale 1, which capstone leaves
# out; objdump's "<symbol>" and "# comment" after the operands; and the
# no-op of 66 prefixes and 90, "data16 ... xchg %ax,%ax" to objdump,
# "nop" to capstone.
INSPECT_ASM_NORM='
	sub num { my ($s) = @_; my $neg = $s =~ s/^-//;
		my $v = $s =~ /^0x([0-9a-f]+)$/ ? $1 : undef; my $n;
		if (defined $v) {
			$n = hex($v);
			$n = unpack("q", pack("Q", $n)) if length($v) == 16;
			$n -= 4294967296 if length($v) == 8 && $n >= 2147483648;
		} else { $n = $s + 0 }
		return $neg ? -$n : $n }
	while (<STDIN>) {
		chomp; my ($addr, $m, $ops) = split /\t/;
		$ops = "" unless defined $ops;
		$ops =~ s/\s*<[^>]*>//g; $ops =~ s/\s*#.*$//; $ops =~ s/\s+//g;
		$ops =~ s/(^|[,(\$])0x0\(/$1(/g; $ops =~ s/\b0x0\(/(/g;
		$ops =~ s/,1\)/)/g;
		$ops =~ s/(-?0x[0-9a-f]+|-?\b[0-9]+\b)/num($1)/ge;
		$m =~ s/\s+/ /g; $m =~ s/ $//;
		($m, $ops) = ("nop", "") if $m eq "xchg" && $ops eq "%ax,%ax";
		print "$addr\t$m\t$ops\n" }'

# check_machine ID: for every function of program ID, --dump-prog --json's
# machine code (addresses, bytes, instructions) is objdump's disassembly of
# the kernel's JIT image (written by tests/helpers/jit_bytes, as bpftool's
# "dump jited ... file" would), instruction by instruction, at the
# function's address (objdump --adjust-vma).
check_machine() {
	cm_dir=$TEST_TMP/machine.$1
	mkdir -p "$cm_dir"
	"$INSPECT_BIN" --dump-prog "$1" --json >"$cm_dir/ours.json" 2>"$cm_dir/err" ||
		{ echo "program $1: --dump-prog --json failed: $(cat "$cm_dir/err")"; return 1; }
	"$INSPECT_JIT_BYTES" "$1" "$cm_dir/image" 2>"$cm_dir/err" ||
		{ echo "program $1: $(cat "$cm_dir/err")"; return 1; }
	check_machine_files "$1" "$cm_dir"
}

# check_machine_files LABEL DIR: the same from DIR/ours.json (--dump-prog
# --json) and DIR/image (the JIT image), wherever they were made (the
# kernel matrix makes them in a VM and compares on the host).
check_machine_files() {
	cm_dir=$2
	cm_off=0
	cm_status=0
	for cm_f in $(jq -r '.functions[] | "\(.addr)/\(.bytes_jited)"' "$cm_dir/ours.json"); do
		cm_addr=${cm_f%/*}
		cm_len=${cm_f#*/}
		[ "$cm_addr" != null ] || { echo "program $1: a function has no address"; return 1; }
		[ "$cm_len" -gt 0 ] || continue
		dd if="$cm_dir/image" of="$cm_dir/f.bin" bs=1 skip="$cm_off" count="$cm_len" 2>/dev/null
		cm_off=$((cm_off + cm_len))
		objdump -D -b binary -mi386:x86-64 --adjust-vma="$cm_addr" "$cm_dir/f.bin" |
			sed -n 's/^ *\([0-9a-f]*\):\t[0-9a-f ]*\t\(.*\)$/\1\t\2/p' |
			sed 's/\t\(data16 \)*xchg *%ax,%ax$/\tnop/' |
			sed 's/^\([0-9a-f]*\)\t\([^ ]*\( [a-z]*\)\{0,1\}\) *\(.*\)$/\1\t\2\t\4/' |
			sed 's/^\([0-9a-f]*\)\t\(lock\|rep\|repz\|repnz\|cs\|ds\) \([a-z0-9]*\)\t/\1\t\2 \3\t/' |
			perl -e "$INSPECT_ASM_NORM" >"$cm_dir/objdump.n"
		jq -r --arg a "$cm_addr" '.functions[] | select(.addr == $a) | .machine[] |
			"\(.addr | ltrimstr("0x"))\t\(.text)"' "$cm_dir/ours.json" |
			sed 's/^\([0-9a-f]*\)\t\(lock \|rep \|repz \|repnz \)\{0,1\}\([^ ]*\) *\(.*\)$/\1\t\2\3\t\4/' |
			perl -e "$INSPECT_ASM_NORM" >"$cm_dir/ours.n"
		# capstone's size suffix: the one difference left in the mnemonic
		cm_diff=$(paste "$cm_dir/objdump.n" "$cm_dir/ours.n" | awk -F'\t' '
			{ if ($1 != $4 || $3 != $6) { print; next }
			  a = $2; b = $5
			  if (a == b) next
			  if (b ~ /[bwlq]$/ && substr(b, 1, length(b) - 1) == a) next
			  if (a ~ /[bwlq]$/ && substr(a, 1, length(a) - 1) == b) next
			  print }
			END { }')
		if [ "$(wc -l <"$cm_dir/objdump.n")" != "$(wc -l <"$cm_dir/ours.n")" ] || [ -n "$cm_diff" ]; then
			echo "program $1, function at $cm_addr: machine code differs from objdump's" \
				"(objdump, then bpfknobs, normalised):"
			printf '%s\n' "$cm_diff" | head -n 20
			[ -n "$cm_diff" ] || diff "$cm_dir/objdump.n" "$cm_dir/ours.n" | head -n 20
			cm_status=1
		fi
	done
	return $cm_status
}

# check_map ID: --dump-map ID --json's entries are "bpftool map dump id ID
# -j"'s: the same keys with the same bytes (values per CPU for a per-CPU
# map), in any order.
check_map() {
	cmap_dir=$TEST_TMP/map.$1
	mkdir -p "$cmap_dir"
	"$INSPECT_BIN" --dump-map "$1" --json >"$cmap_dir/ours.json" 2>"$cmap_dir/err" ||
		{ echo "map $1: --dump-map --json failed: $(cat "$cmap_dir/err")"; return 1; }
	bpftool -j map dump id "$1" >"$cmap_dir/bpftool.json" 2>&1 ||
		{ echo "map $1: bpftool: $(cat "$cmap_dir/bpftool.json")"; return 1; }
	jq -c '[.[] | {key: (.key | map(ltrimstr("0x")) | join("")),
		value: (if .values then [.values[] | .value | map(ltrimstr("0x")) | join("")]
			else (.value | map(ltrimstr("0x")) | join("")) end)}] | sort_by(.key)' \
		"$cmap_dir/bpftool.json" >"$cmap_dir/bpftool.n"
	jq -c '[.entries[] | {key: .key_hex, value: (.values_hex // .value_hex)}] | sort_by(.key)' \
		"$cmap_dir/ours.json" >"$cmap_dir/ours.n"
	if ! cmp -s "$cmap_dir/ours.n" "$cmap_dir/bpftool.n"; then
		echo "map $1: --dump-map's entries differ from bpftool map dump's:"
		echo "  bpftool:  $(head -c 600 "$cmap_dir/bpftool.n")"
		echo "  bpfknobs: $(head -c 600 "$cmap_dir/ours.n")"
		return 1
	fi
	return 0
}
