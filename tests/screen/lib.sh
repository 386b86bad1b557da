# Sourced by the screen tests after tests/lib/lib.sh: the real bpfknobs in a real
# terminal. Each test gets its own tmux server on a private socket (never
# another tmux), a pinned size and environment, and every wait has a
# timeout. What is asserted is what tmux shows, as a person would see it.
need_cmd tmux tmux

SCREEN_TMUX=false  # the tmux command of the current run (screen_start)
SCREEN_SOCKETS=   # one private server per run: a dying one never races a new one
SCREEN_BIN=$(cd "$builddir" && pwd)/bpfknobs
SCREEN_PIDS=      # processes a test started, stopped at exit
SCREEN_N=0        # runs so far; each gets its own status and pid files
mkdir -p "$TEST_TMP/home"
# tmux's sockets go below $TEST_TMP too, and with it at exit.
TMUX_TMPDIR=$TEST_TMP
export TMUX_TMPDIR
chmod 755 "$TEST_TMP" "$TEST_TMP/home"

screen_cleanup() {
	for pid in $SCREEN_PIDS; do
		kill "$pid" 2>/dev/null
	done
	for sock in $SCREEN_SOCKETS; do
		tmux -L "$sock" kill-server 2>/dev/null
	done
	# The hangup ends each browser; one that outlives it by seconds is stuck
	# (LeakSanitizer's exit check has been seen to spin forever once its
	# terminal is gone) and would hold a core for good
	for pidfile in "$TEST_TMP"/pid.*; do
		[ -f "$pidfile" ] || continue
		pid=$(cat "$pidfile")
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = bpfknobs ] || continue 2
			sleep 0.2
		done
		echo "bpfknobs (pid $pid) outlived its terminal by 2 s: killed" >&2
		kill -9 "$pid" 2>/dev/null
	done
	lib_cleanup
}
trap screen_cleanup EXIT

# The wrapper the session runs: writes bpfknobs's pid, runs it in the
# foreground, then writes its exit status and whether the terminal modes
# are what they were before, and stays so that the screen can be read.
cat >"$TEST_TMP/run.sh" <<'EOS'
status=$1 pidfile=$2
shift 2
trap : INT # Ctrl-C reaches the whole foreground group: this shell stays
ulimit -c 0 2>/dev/null # a test's fatal signal leaves no core file behind
before=$(stty -g)
sh -c 'echo $$ >"$0"; exec "$@"' "$pidfile" "$@"
rc=$?
after=$(stty -g)
if [ "$before" = "$after" ]; then tty=restored; else tty=changed; fi
echo "bpfknobs exited with status $rc; terminal modes $tty"
echo "$rc $tty" >"$status.tmp" && mv "$status.tmp" "$status"
exec sleep 600
EOS

# screen_start COLS ROWS [VAR=VALUE...] [--] [COMMAND...]: runs COMMAND
# (default: bpfknobs) in a fresh COLSxROWS session "tui". VAR=VALUE add to
# or override the pinned environment (LANG=C, NO_COLOR=1).
screen_start() {
	cols=$1 rows=$2
	shift 2
	envs=
	while [ $# -gt 0 ] && [ "${1#*=}" != "$1" ]; do
		envs="$envs $1"
		shift
	done
	[ "${1:-}" = "--" ] && shift
	[ $# -gt 0 ] || set -- "$SCREEN_BIN"
	SCREEN_N=$((SCREEN_N + 1))
	SCREEN_STATUS=$TEST_TMP/status.$SCREEN_N
	SCREEN_PIDFILE=$TEST_TMP/pid.$SCREEN_N
	[ "$SCREEN_TMUX" = false ] || $SCREEN_TMUX kill-server 2>/dev/null
	SCREEN_SOCKETS="$SCREEN_SOCKETS bpfknobs-test-$$-$SCREEN_N"
	SCREEN_TMUX="tmux -L bpfknobs-test-$$-$SCREEN_N -f /dev/null"
	# The tmux server outlives this script when it is killed outright: it
	# must not inherit the kernel lock's descriptor (9), or it holds the lock,
	# nor a loader's fifo (3 to 8, see load_program), or it holds the programs.
	# shellcheck disable=SC2086 # one word per VAR=VALUE
	$SCREEN_TMUX new-session -d -x "$cols" -y "$rows" -s tui \
		env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin TERM=screen-256color LANG=C.UTF-8 \
		TZ=UTC HOME="$TEST_TMP/home" $envs \
		sh "$TEST_TMP/run.sh" "$SCREEN_STATUS" "$SCREEN_PIDFILE" "$@" \
		3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- ||
		fail "tmux could not start a session"
}

screen_capture() {
	$SCREEN_TMUX capture-pane -p -t tui
}

# The screen with its attributes and colors as escape sequences.
screen_capture_styled() {
	$SCREEN_TMUX capture-pane -p -e -t tui
}

screen_keys() {
	$SCREEN_TMUX send-keys -t tui "$@"
}

screen_resize() {
	$SCREEN_TMUX resize-window -t tui -x "$1" -y "$2"
}

# screen_wait WHAT REGEX [SECONDS]: until the screen matches the extended
# regular expression and has settled; fails with the screen shown after
# SECONDS (default 5). Settled: a second capture a moment later is the same,
# so that screen_has checks a whole frame, not one tmux has read only part of.
screen_wait() {
	deadline=$(($(date +%s%N) / 1000000 + ${3:-5} * 1000))
	while :; do
		SCREEN=$(screen_capture)
		if printf '%s\n' "$SCREEN" | grep -Eq -- "$2"; then
			sleep 0.02
			[ "$(screen_capture)" = "$SCREEN" ] && return 0
			# still drawing; a screen that never settles is taken as it is
			[ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ] || return 0
			continue
		fi
		[ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ] ||
			screen_fail "$1: no /$2/ on the screen after ${3:-5} s"
		sleep 0.1
	done
}

# screen_wait_gone WHAT REGEX [SECONDS]: until nothing on the screen matches.
screen_wait_gone() {
	deadline=$(($(date +%s%N) / 1000000 + ${3:-5} * 1000))
	while :; do
		SCREEN=$(screen_capture)
		printf '%s\n' "$SCREEN" | grep -Eq -- "$2" || return 0
		[ "$(($(date +%s%N) / 1000000))" -lt "$deadline" ] ||
			screen_fail "$1: /$2/ still on the screen after ${3:-5} s"
		sleep 0.1
	done
}

# screen_select WHAT REGEX: with the programs focused, moves the selection
# down from the first row until the selected row matches REGEX (a filter
# may match other programs too, by owner pid or tag, above the one wanted).
screen_select() {
	screen_keys Home
	screen_wait "$1: a program selected" "^▸ *[0-9]+ [a-z_]+ "
	i=0
	while :; do
		selected=$(printf '%s\n' "$SCREEN" | grep -E "^▸ *[0-9]+ [a-z_]+ ")
		printf '%s\n' "$selected" | grep -Eq -- "$2" && return 0
		i=$((i + 1))
		[ $i -le 30 ] || screen_fail "$1: no row /$2/ within 30 rows"
		screen_keys Down
		j=0
		while [ "$(screen_capture | grep -E "^▸ *[0-9]+ [a-z_]+ ")" = "$selected" ]; do
			j=$((j + 1))
			[ $j -le 20 ] || screen_fail "$1: Down did not move past /$selected/"
			sleep 0.1
		done
		screen_wait "$1: a program selected" "^▸ *[0-9]+ [a-z_]+ "
	done
}

# screen_settle [SECONDS]: until three captures 0.1 s apart are the same
# (default: at most 5 s), so that a whole-screen comparison never sees a
# frame tmux has read only in part. SCREEN is that screen, SCREEN_FILE the
# same as a file with every row of the pane (the blank ones at the end too).
screen_settle() {
	same=0
	i=0
	$SCREEN_TMUX capture-pane -p -t tui >"$TEST_TMP/settle.last" || fail "tmux capture-pane failed"
	while [ $same -lt 2 ]; do
		sleep 0.1
		$SCREEN_TMUX capture-pane -p -t tui >"$TEST_TMP/settle.now" || fail "tmux capture-pane failed"
		if cmp -s "$TEST_TMP/settle.last" "$TEST_TMP/settle.now"; then
			same=$((same + 1))
		else
			same=0
			mv "$TEST_TMP/settle.now" "$TEST_TMP/settle.last"
		fi
		i=$((i + 1))
		[ $i -lt $((${1:-5} * 10)) ] || screen_fail "the screen did not settle within ${1:-5} s"
	done
	SCREEN_FILE=$TEST_TMP/settle.last
	SCREEN=$(cat "$SCREEN_FILE")
}

screen_fail() {
	printf '%s\n--- the screen:\n%s\n---\n' "$1" "$(screen_capture)" >&2
	fail "$1"
}

# screen_has WHAT REGEX: the last captured screen ($SCREEN) matches.
screen_has() {
	printf '%s\n' "$SCREEN" | grep -Eq -- "$2" || screen_fail "$1: no /$2/"
}

screen_lacks() {
	printf '%s\n' "$SCREEN" | grep -Eq -- "$2" && screen_fail "$1: /$2/ is there"
	return 0
}

# The pid of the bpfknobs of the current session.
screen_pid() {
	i=0
	while [ ! -s "$SCREEN_PIDFILE" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cat "$SCREEN_PIDFILE" 2>/dev/null || fail "bpfknobs did not start"
}

# screen_exit_status [SECONDS]: waits for bpfknobs to end; prints
# "STATUS restored" or "STATUS changed".
screen_exit_status() {
	i=0
	while [ ! -f "$SCREEN_STATUS" ] && [ $i -lt $((${1:-5} * 10)) ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -f "$SCREEN_STATUS" ] || screen_fail "bpfknobs did not exit within ${1:-5} s"
	cat "$SCREEN_STATUS"
}

# The pane is back on the normal screen (the browser left the alternate one).
screen_alternate_off() {
	[ "$($SCREEN_TMUX display-message -p -t tui '#{alternate_on}')" = 0 ] ||
		screen_fail "the terminal is still on the alternate screen"
}

# Every line fits the width (tmux would wrap nothing, but a miscounted wide
# character would push the line's end off the screen).
screen_fits() {
	printf '%s\n' "$SCREEN" | perl -CSD -ne 'chomp; if (length > '"$1"') {
		print STDERR "line $. is ", length, " wide: $_\n"; $bad = 1 } END { exit $bad }' ||
		screen_fail "a line is wider than $1 columns"
}

# golden_mask_live TAG <SCREEN >MASKED: a screen of the running kernel as
# the golden files hold it. This is the one place where what varies from run
# to run, and from host to host, is masked; every mask keeps the columns of
# what follows it where they were, so the layout is still compared whole:
#   the header's host, release and machine ("on HOST: Linux RELEASE MACHINE",
#     3 spaces before "every 1 s");
#   the knob pane's rows (this host's values and their detail; the golden
#     files of the captured trees compare those) become "(knob pane)";
#   program ids become "id", right-aligned where the id was;
#   pids in "comm(pid)" become "(pid)";
#   JIT sizes ("23 B", "1.2 KiB") become "N B";
#   the tag in a symbol (bpf_prog_<16 hex digits>) becomes 16 "x";
#   a uprobe's offset ("+0x2df0") becomes "+0x?";
#   TAG followed by 5 digits (the test's name for its veths, cgroup and
#     loader) becomes TAG then "NNNNN";
#   the count of all programs in the title ("11 of 2345 match") becomes
#     "of all match", the title's rule as long as before;
# and the version, as golden_pin masks it.
golden_mask_live() {
	TAG=$1 perl -CSD -Mutf8 -ne '
		my $tag = $ENV{TAG};
		chomp;
		my $len = length;
		s/\Q$tag\E\d{5}/${tag}NNNNN/g;
		s/ on \S+: Linux \S+ \S+ +/ on HOST: Linux RELEASE MACHINE   / if $. == 1;
		if (/^─ Knobs/) { $knobs = 1; print "$_\n"; next }
		if ($knobs && /^─/) { $knobs = 0 }
		if ($knobs) { print "(knob pane)\n"; next }
		if (/^─ Programs: /) {
			s/ of (\d+) match/ of all match/;
			my $short = $len - length;
			s/(─+)( sorted by)/"─" x (length($1) + $short) . $2/e;
		}
		if (/^ +ID[▲▼^v]? /) { $rows = 1; print "$_\n"; next }
		if ($rows && /^[ ▸>] *\d+ /) {
			s/^(.)( *\d+) /$1 . " " x (length($2) - 2) . "id "/e;
			s/\((\d+)\)( *)/"(pid)" . " " x (length($1) + length($2) - 3)/ge;
			s/(?<= )(\d+(?:\.\d)?) (B|KiB|MiB)( *)/"N B" . " " x (length($1) + length($2) + length($3) - 2)/ge;
			s/bpf_prog_[0-9a-f]{16}/"bpf_prog_" . "x" x 16/ge;
			s/\+0x([0-9a-f]+)( *)/"+0x?" . " " x (length($1) + length($2) - 1)/ge;
			s/ +$//; # as tmux leaves a line
		}
		print "$_\n";
	' | golden_pin
}

# knob_value NAME: the value as the kernel gives it, "?" when unreadable here.
knob_value() {
	cat "/proc/sys/$(printf '%s' "$1" | tr . /)" 2>/dev/null || echo "?"
}

# Every screen shows real knobs and symbols: keep knob-changing tests out meanwhile.
lock_kernel shared
