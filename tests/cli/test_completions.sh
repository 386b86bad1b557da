# The shell completions: bash, zsh and fish each complete a few command
# lines with their own completion machinery (tests/lib/complete.zsh drives
# bash and zsh in a pseudo-terminal; fish answers complete -C), and each
# shell's whole answer is compared with what a person must be offered.
# They use the scripts this build made from the option table; with
# COMPLETIONS=installed, whatever each shell finds where it looks by
# itself, as after installing the package (CI runs it so in a fresh root).
. "$srcdir/tests/lib/lib.sh"
export LC_ALL=C # the order of sort

need_cmd zsh zsh
need_cmd fish fish
[ -f /usr/share/bash-completion/bash_completion ] ||
	skip "needs bash-completion's functions (apt-get install bash-completion)"
DRIVER=$(cd "$srcdir/tests/lib" && pwd)/complete.zsh
if [ "${COMPLETIONS:-build}" = installed ]; then
	BASH_FROM=installed
	ZSH_FROM=installed
	FISH_SOURCE=
else
	COMPLETIONS_DIR=$(cd "$builddir" && pwd)/completions
	[ -f "$COMPLETIONS_DIR/bash/bpfknobs" ] ||
		skip "the completions were not built (configure --with-*-completion-dir=no)"
	BASH_FROM=$COMPLETIONS_DIR/bash/bpfknobs
	ZSH_FROM=$COMPLETIONS_DIR/zsh
	FISH_SOURCE="source '$COMPLETIONS_DIR/fish/bpfknobs.fish';"
fi

# The lines, and each shell's answers in sorted order. What differs between
# the shells is each one's own way: fish answers whole words (the option's
# "--set=" and the knob's name included) and marks directories with '/'.
# The directory the lines are completed in holds kfleet.conf and kdir/.
LINES_FILE=$TEST_TMP/lines
cat >"$LINES_FILE" <<'EOF'
bpfknobs --s
bash	--save --save-file --set --stats --sysctl-root
zsh	--save --save-file --set --stats --sysctl-root
fish	--save --save-file --set --stats --sysctl-root
bpfknobs --set net.core.bpf_jit_h
bash	net.core.bpf_jit_harden=
zsh	net.core.bpf_jit_harden=
fish	net.core.bpf_jit_harden=
bpfknobs --set net.core.bpf_jit_harden=
bash	0 1 2
zsh	0 1 2
fish	net.core.bpf_jit_harden=0 net.core.bpf_jit_harden=1 net.core.bpf_jit_harden=2
bpfknobs --set=net.core.bpf_jit_kallsyms=
bash	0 1
zsh	0 1
fish	--set=net.core.bpf_jit_kallsyms=0 --set=net.core.bpf_jit_kallsyms=1
bpfknobs --set kernel.bpf_stats_enabled=1 --expect 
bash	0 1
zsh	0 1
fish	0 1
bpfknobs --check k
bash	kdir kfleet.conf kspp
zsh	kdir kfleet.conf kspp
fish	kdir/ kfleet.conf kspp
bpfknobs --proc k
bash	kdir
zsh	kdir
fish	kdir/
bpfknobs --prometheus 
bash	- kdir kfleet.conf
zsh	- kdir kfleet.conf
fish	- kdir/ kfleet.conf
EOF
# Every long option --help names, and no other: the scripts are made from
# the table --help is made from.
if [ "${COMPLETIONS:-build}" = installed ]; then
	bin=$(command -v bpfknobs) || fail "COMPLETIONS=installed: no bpfknobs on PATH"
else
	bin=$(cd "$builddir" && pwd)/bpfknobs
fi
"$bin" --help >"$TEST_TMP/help" || fail "$bin --help failed"
options=$(grep -oE -- '--[a-z][a-z-]+' "$TEST_TMP/help" | sort -u | tr '\n' ' ')
options=${options% }
# fish also offers "--check=" for an option whose argument is optional
# ("--check [PROFILE]" in --help)
fish_options=$({ grep -oE -- '--[a-z][a-z-]+' "$TEST_TMP/help"
	grep -oE -- '--[a-z][a-z-]+ \[' "$TEST_TMP/help" | sed 's/ \[$/=/'; } | sort -u | tr '\n' ' ')
fish_options=${fish_options% }
printf 'bpfknobs --\nbash\t%s\nzsh\t%s\nfish\t%s\n' "$options" "$options" "$fish_options" \
	>>"$LINES_FILE"

# --dump-prog and --dump-map complete the ids loaded now (through bpftool,
# as root): a program of this test and one of its maps, each answered alone
# (ids grow, so none loaded meanwhile starts with the same digits). They
# need the test's loader, which the installed files have not.
if [ "${COMPLETIONS:-build}" = installed ]; then
	echo "--dump-prog, --dump-map: not checked on the installed files (no loader there)"
else
	need_root
	need_cmd bpftool bpftool
	LOADER=objs_loader load_program maps
	prog_id=${LOADED_IDS%% *}
	map_id=$(bpftool prog show id "$prog_id" | sed -n 's/.*map_ids \([0-9]*\).*/\1/p')
	[ -n "$map_id" ] || fail "bpftool shows no map of program $prog_id"
	printf 'bpfknobs --dump-prog %s\nbash\t%s\nzsh\t%s\nfish\t%s\n' \
		"$prog_id" "$prog_id" "$prog_id" "$prog_id" >>"$LINES_FILE"
	printf 'bpfknobs --dump-map %s\nbash\t%s\nzsh\t%s\nfish\t%s\n' \
		"$map_id" "$map_id" "$map_id" "$map_id" >>"$LINES_FILE"
fi

mkdir -p "$TEST_TMP/work/kdir" "$TEST_TMP/bash" "$TEST_TMP/zsh" "$TEST_TMP/fish" ||
	fail "cannot make the test's directories"
: >"$TEST_TMP/work/kfleet.conf"
cd "$TEST_TMP/work" || fail "cannot enter $TEST_TMP/work"
# the command lines, one per case
grep -v '^[a-z]*	' "$LINES_FILE" >"$TEST_TMP/cases"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	if [ -n "$FISH_SOURCE" ]; then
		fish --no-config -c "$FISH_SOURCE complete -C '$line'"
	else
		# the installed file: fish finds it in its vendor_completions.d,
		# which --no-config would not read; the user's configuration is
		# kept out instead
		env HOME="$TEST_TMP" XDG_CONFIG_HOME="$TEST_TMP/config" \
			XDG_DATA_HOME="$TEST_TMP/data" fish -c "complete -C '$line'"
	fi >"$TEST_TMP/fish/$n" 2>&1 </dev/null ||
		fail "fish: complete -C '$line' failed: $(cat "$TEST_TMP/fish/$n")"
done <"$TEST_TMP/cases"
for shell in bash zsh; do
	case $shell in bash) from=$BASH_FROM ;; zsh) from=$ZSH_FROM ;; esac
	tr '\n' '\0' <"$TEST_TMP/cases" |
		xargs -0 timeout 120 zsh -f "$DRIVER" $shell "$from" "$TEST_TMP/$shell" ||
		fail "$shell could not be driven through tests/lib/complete.zsh"
done

# Every answer, whole: the answers each shell gave (fish's without the
# descriptions after the tab), sorted, against the table.
failed=0
n=0
while IFS= read -r line; do
	case $line in
	bash"	"* | zsh"	"* | fish"	"*)
		shell=${line%%	*}
		want=${line#*	}
		got=$(cut -f1 "$TEST_TMP/$shell/$n" | sort -u | tr '\n' ' ')
		got=${got% }
		if [ "$got" = "$want" ]; then
			echo "$shell: '$cmd': $got"
		else
			echo "FAIL: $shell: '$cmd': answered '$got', want '$want'" >&2
			failed=1
		fi
		;;
	*)
		n=$((n + 1))
		cmd=$line
		;;
	esac
done <"$LINES_FILE"
[ $failed = 0 ] || fail "some completions are not what the option table says"
exit 0
