# What --json says, --list says too, word for word, and within its width,
# on every captured tree and on the running kernel's knobs. The two are
# built apart: --json writes each knob's facts from the knob table and the
# snapshot (report_json.c), --list renders the field list made for people
# (fields.c); so a sentence lost, cut or glued on the way to --list ("1
# JITon:" once was) shows. The field list --json also carries ("fields") is
# left out: compared with --list it would be compared with itself.
. "$srcdir/tests/lib/lib.sh"
need_cmd jq jq

# The JSON strings a person reads: everything but paths the report builds
# itself, the field list, the reach's states and sources (names for
# programs, as "captured_tree"; --list says them in sentences), addresses
# (hex in both, formatted apart) and the names of methods and units
# (jit_memory's method, counter_unit).
json_words() {
	jq -r '[paths(strings) as $p
		| select(($p | map(tostring) | any(. == "path" or . == "fields" or . == "addr"
		    or . == "proc" or . == "programs" or . == "other_jit_images"
		    or . == "method" or . == "counter_unit" or . == "state" or . == "from")) | not)
		| getpath($p)] | .[]' "$1"
}

# One line of text, whitespace runs made single spaces.
flatten() { tr -s ' \n\t' '   '; }

# missing_words JSON TXT: the strings of --json that --list lacks, a line each.
missing_words() {
	local word list
	list=$(flatten <"$2")
	while IFS= read -r word; do
		word=$(printf '%s' "$word" | flatten)
		case "$list" in
		*"$word"*) ;;
		*) printf "in --json but not in --list: '%s'\n" "$word" ;;
		esac
	done < <(json_words "$1")
}

# check_width WHAT TXT WIDTH: no line wider than the width it wraps to, in
# characters ("…" is one column and three bytes, which awk would count).
check_width() {
	local long
	long=$(perl -CSD -ne 'chomp; print "$.: $_\n" if length > '"$3" "$2")
	[ -z "$long" ] || fail "$1: lines wider than $3 columns:
$long"
}

run_source() { # NAME ARGS...
	local name=$1 width try missing
	shift
	# Live, what the words say moves with the programs other tests load
	# (the JIT memory in use), so a pair is taken again while --list lacks
	# something --json said; a string lost on the way to --list is lost in
	# every pair. A fixture tree never moves: one pair decides.
	for try in 1 2 3 4 5 6 7 8; do
		"$BPFKNOBS" --json "$@" >"$TEST_TMP/$name.json" || fail "$name: --json exited $?"
		COLUMNS=80 "$BPFKNOBS" --list "$@" >"$TEST_TMP/$name.txt" || fail "$name: --list exited $?"
		missing=$(missing_words "$TEST_TMP/$name.json" "$TEST_TMP/$name.txt")
		[ -z "$missing" ] && break
		[ "$name" != live ] && break
	done
	[ -z "$missing" ] || fail "$name: strings of --json are missing from --list:
$missing"
	for width in 40 57 80 132 200; do
		COLUMNS=$width "$BPFKNOBS" --list "$@" >"$TEST_TMP/$name.$width.txt" ||
			fail "$name: --list at $width exited $?"
		check_width "$name at $width columns" "$TEST_TMP/$name.$width.txt" "$width"
	done
}

for tree in "$TREES"/*/; do
	run_source "$(basename "$tree")" --proc "$tree"
done
# The running kernel's knobs (its programs come and go between two runs, so
# only the knobs are compared; the field list of a program is the same code).
run_source live
# The labels of the knob table reach --list whole.
for label in "JIT on" "not listed" "blinding for every loader"; do
	grep -q "$label" "$TEST_TMP/live.txt" || fail "--list lost the label '$label'"
done
echo "--list says all that --json says, within 40 to 200 columns"
