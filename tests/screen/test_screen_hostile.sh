# The browser over text full of terminal escapes: a captured tree's host
# name, release and machine, a sysctl file's value and name, and (live) a
# process name (comm, which any process may set) holding a program. Each
# screen (main, a knob's full text, help, a program's details) shows them
# with '?' for each control character, and the bytes bpfknobs sends to
# the terminal (tmux pipe-pane) never carry the escapes themselves: the
# terminal keeps its title and its screen.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"
need_root

E=$(printf '\033')
B=$(printf '\007')
# An OSC title, a clear screen and a color: what curses never sends itself
# (the screen terminfo has no status line), so their bytes in the stream
# can only be the tree's.
evil="${E}]0;owned${B}${E}[2J${E}[31m"
shown='\?\]0;owned\?\?\[2J\?\[31m' # the same, sanitised, as a regex

tree=$TEST_TMP/tree sys=$TEST_TMP/sysctl
cp -r "$TREES/locked" "$tree"
chmod -R u+w "$tree" # distcheck's source is read-only
printf 'db%s-primary\n' "$evil" >"$tree/sys/kernel/hostname"
printf '6.1.0%s\n' "$evil" >"$tree/sys/kernel/osrelease"
printf 'x86%s\n' "$evil" >"$tree/sys/kernel/arch"
mkdir -p "$sys/etc/sysctl.d"
printf 'kernel.unprivileged_bpf_disabled = 1%s\n' "$evil" >"$sys/etc/sysctl.d/50-a${evil}.conf"

# screen_raw_clean WHAT: the raw output so far holds none of the escapes.
screen_raw_clean() {
	LC_ALL=C grep -c "${E}]0;owned\|${E}\[2J${E}\[31m" "$TEST_TMP/raw" >"$TEST_TMP/raw.hits"
	expect_eq "$1: the tree's escapes in the bytes sent to the terminal" \
		"$(cat "$TEST_TMP/raw.hits")" 0
	expect_eq "$1: the terminal's title" \
		"$($SCREEN_TMUX display-message -p -t tui '#{pane_title}')" "$(hostname)"
	# capture-pane gives characters; a control character among them would be tmux's
	if screen_capture | LC_ALL=C grep -q '[[:cntrl:]]'; then
		screen_fail "$1: a control character on the screen"
	fi
}

: >"$TEST_TMP/raw"
# bpfknobs starts a second late, once every byte it sends goes to the pipe.
late='sleep 1; exec "$0" "$@"'
screen_start 132 40 -- sh -c "$late" "$SCREEN_BIN" --proc "$tree" --sysctl-root "$sys"
$SCREEN_TMUX pipe-pane -o -t tui "cat >>'$TEST_TMP/raw'" || fail "tmux pipe-pane failed"
screen_wait "the main screen" "^Tab Pane +Enter Change"
screen_has "the host name, sanitised" "on db${shown}-primary"
screen_has "the release, sanitised" "Linux 6\.1\.0${shown}"
screen_raw_clean "the main screen"

screen_keys i
screen_wait "the knob's full text" "^ At boot: "
screen_has "the sysctl file's name and value, sanitised" \
	"/etc/sysctl\.d/50-a${shown}\.conf line 1 sets \"1${shown}\""
screen_raw_clean "the knob's full text"
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"

screen_keys '?'
screen_wait "the help" "^ Help: the keys of bpfknobs"
screen_raw_clean "the help"
screen_keys Escape
screen_wait "back on the main screen" "^Tab Pane +Enter Change"
screen_keys q
screen_exit_status >/dev/null

# Live: a process named with escapes (comm comes from the name of the file
# it runs) holds a program; its owner shows sanitised, in the list and in
# the program's details.
ln -s "$(cd "$builddir" && pwd)/tests/helpers/progs_loader" "$TEST_TMP/${E}]0;owned${B}x"
mkfifo "$TEST_TMP/evil.in"
"$TEST_TMP/${E}]0;owned${B}x" --kind single --count 1 <"$TEST_TMP/evil.in" >"$TEST_TMP/evil.ids" \
	2>"$TEST_TMP/evil.err" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
evil_pid=$!
LOADER_PIDS="$LOADER_PIDS $evil_pid"
eval "LOADER_FD_$evil_pid=8"
exec 8>"$TEST_TMP/evil.in"
i=0
while [ ! -s "$TEST_TMP/evil.ids" ]; do
	i=$((i + 1))
	[ $i -le 100 ] || fail "the loader printed no id: $(cat "$TEST_TMP/evil.err")"
	sleep 0.1
done
id=$(cut -f1 "$TEST_TMP/evil.ids")
expect_eq "the loader's comm" "$(cat "/proc/$evil_pid/comm")" "${E}]0;owned${B}x"

: >"$TEST_TMP/raw"
screen_start 200 50 -- sh -c "$late" "$SCREEN_BIN" -d 1
$SCREEN_TMUX pipe-pane -o -t tui "cat >>'$TEST_TMP/raw'" || fail "tmux pipe-pane failed"
screen_wait "the main screen" "Tab Pane"
screen_keys Tab / "$id" Enter
screen_wait "program $id with its owner, sanitised" "^[ ▸] *$id .*\?\]0;owned\?x\($evil_pid\)" 5
screen_raw_clean "the program list"
screen_select "program $id" "^▸ *$id "
screen_keys Enter
screen_wait "the program's details" "\?\]0;owned\?x"
screen_raw_clean "the program's details"
screen_keys Escape q
screen_exit_status >/dev/null
unload_program "$evil_pid"
exit 0
