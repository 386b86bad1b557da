# The command line: options, their documentation, and refusals of bad input.
. "$srcdir/tests/lib/lib.sh"

# --help and the man page list the same long options.
help=$("$BPFKNOBS" --help) || fail "--help exited $?"
opts=$(printf '%s\n' "$help" | grep -oE -- '--[a-z][a-z-]+' | sort -u)
[ -n "$opts" ] || fail "--help lists no long options"
for opt in $opts; do
	roff=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
	grep -q -- "$roff" "$srcdir/docs/bpfknobs.8" || fail "$opt is in --help but not in docs/bpfknobs.8"
done
for opt in $(grep -oE '\\-\\-[a-z]([a-z]|\\-)+' "$srcdir/docs/bpfknobs.8" | sed 's/\\//g' | sort -u); do
	printf '%s\n' "$opts" | grep -qx -- "$opt" || fail "$opt is in docs/bpfknobs.8 but not in --help"
done

# --version names the version configure.ac declares.
want=$(sed -n 's/^AC_INIT(\[bpfknobs\], \[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")
expect_eq "--version" "$("$BPFKNOBS" --version)" "bpfknobs $want"

# Unknown options and stray arguments: status 2, a pointer to --help, no report.
for bad in "--frobnicate" "-Z" "list" "--proc"; do
	out=$("$BPFKNOBS" $bad 2>"$TEST_TMP/err") && fail "'$bad' was accepted"
	status=$?
	expect_eq "exit status of '$bad'" "$status" 2
	[ -z "$out" ] || fail "'$bad' printed a report: $out"
	grep -q -- "--help" "$TEST_TMP/err" || fail "'$bad': the message does not point to --help"
done

# A --proc that is not a directory: status 1 and a sentence naming it.
for bad in "$TEST_TMP/missing" "$srcdir/configure.ac"; do
	"$BPFKNOBS" --list --proc "$bad" >/dev/null 2>"$TEST_TMP/err" && fail "--proc $bad was accepted"
	grep -qF -- "$bad" "$TEST_TMP/err" || fail "--proc $bad: the message does not name the path"
done
exit 0
