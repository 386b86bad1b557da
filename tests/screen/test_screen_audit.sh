# The audit trail end to end: changes made in the browser, on the real
# kernel as root at 80x24, reach syslog as authpriv records where no
# journald runs (tests/security/test_security_audit.sh has journald and no
# log at all). bpfknobs runs in a private mount namespace whose /run is
# empty and whose /dev is a tmpfs with the usual devices
# and a stand-in syslog daemon (tests/helpers/log_catcher) on /dev/log, so that the
# host's /dev is never touched and no real syslog gets test records.
# net.core.bpf_jit_harden 0 -> 1 (applied), undone (applied, "(undo)"), a cancel (no
# record), and 0 -> 2 refused because the test changed the knob while the
# confirmation was open (a warning, nothing written). Each record must be
# authpriv with the right severity, tagged bpfknobs[PID], and name the knob,
# old -> new, who, and the result; exactly those three, in that order.
# bpf_jit_harden is put back to what the test found, even when it fails;
# no other knob is written.
. "$srcdir/tests/lib/lib.sh"
# before the screen library, which takes the kernel lock (a plain user may
# not open its file) and needs tmux: a plain user is told why it skips
need_root
need_cmd unshare util-linux
. "$srcdir/tests/screen/lib.sh"

# A chroot whose root is not a mount point (Debian's package builders run
# "make check" in one) cannot make a new mount namespace private: mount(2)
# refuses "/" with EINVAL, and ns.sh's mounts could then show outside.
if ! unshare --mount --propagation unchanged mount --make-rprivate / 2>"$TEST_TMP/private.err"; then
	grep -q "Invalid argument\|not mount point\|not a mount point" "$TEST_TMP/private.err" ||
		fail "cannot make a private mount namespace: $(cat "$TEST_TMP/private.err")"
	skip "/ is not a mount point here (a chroot?), so a new mount namespace cannot be made" \
		"private (mount --make-rprivate / fails with EINVAL), and the tmpfs this test" \
		"mounts on /dev for a private /dev/log could show outside it. Run it outside the" \
		"chroot, or in one whose root is a mount point (mount --bind DIR DIR, then chroot DIR)."
fi

CATCHER=$(cd "$builddir" && pwd)/tests/helpers/log_catcher
# built by "make check" with the test: missing is a broken build, not a skip
[ -x "$CATCHER" ] || fail "$CATCHER is not built (make check builds it)"

# This test writes a real knob: no other test may look at it meanwhile.
# Taken before any tmux server starts, so that none holds the shared lock.
lock_kernel exclusive

HARDEN=net.core.bpf_jit_harden
HARDEN_PROC=/proc/sys/net/core/bpf_jit_harden
HARDEN_WAS=$(knob_value "$HARDEN")
# /dev/log as the host has it, to check at the end that it still is so
if [ -e /dev/log ] || [ -L /dev/log ]; then DEVLOG_WAS=$(ls -ld /dev/log); else DEVLOG_WAS=none; fi

# The catcher is no child of this script (it is started inside the
# namespace, see ns.sh): its pid comes from a file, and it is stopped only
# if that pid is still a log_catcher, never another process that got it.
catcher_pid() {
	cat "$TEST_TMP/catcher.pid" 2>/dev/null
}
# (an exited one that init has not reaped yet is a zombie with that name)
catcher_alive() {
	[ -n "$1" ] && [ "$(cat "/proc/$1/comm" 2>/dev/null)" = log_catcher ] &&
		[ "$(sed -n 's/.*) \([A-Z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null)" != Z ]
}
stop_catcher() {
	c=$(catcher_pid) || return 0
	catcher_alive "$c" || return 0
	kill "$c" 2>/dev/null
	i=0
	while catcher_alive "$c" && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	! catcher_alive "$c" || kill -KILL "$c" 2>/dev/null
}

# Puts back what the test found, stops the catcher, then the screen's
# cleanup (the tmux server, and with it bpfknobs; with both gone the
# namespace is gone too).
audit_cleanup() {
	trap '' PIPE # a closed stderr must not stop the putting back
	if [ "$(knob_value "$HARDEN")" != "$HARDEN_WAS" ]; then
		echo "$HARDEN_WAS" >"$HARDEN_PROC" ||
			echo "could not put $HARDEN back to $HARDEN_WAS" >&2
	fi
	stop_catcher
	screen_cleanup
}
trap audit_cleanup EXIT
# a signal ends the script through the EXIT trap, so the knob goes back too
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

case $HARDEN_WAS in 0 | 1 | 2) ;; *) skip "$HARDEN cannot be read" ;; esac
# ns.sh mounts over /dev: the files it shares with this script must be elsewhere
case $TEST_TMP in /dev/*) fail "TMPDIR is below /dev ($TEST_TMP): set it elsewhere" ;; esac
# The test starts from 0; the trap puts back what it found.
[ "$HARDEN_WAS" = 0 ] || echo 0 >"$HARDEN_PROC" || fail "cannot set $HARDEN to 0"

# Run by unshare in the tmux pane, in a new mount namespace with private
# propagation (nothing mounted here shows outside): a tmpfs becomes /run
# (no journald socket: the records go to syslog) and another /dev,
# with the devices a terminal program may open reached through a read-only
# bind of the real /dev (read-only: even a leaked bind could not lose a
# device node), the real /dev/pts bound in (the pane's terminal is there),
# and the catcher listening on /dev/log. Then bpfknobs replaces this shell,
# keeping the pid that the pane's wrapper recorded. The catcher is started
# from a subshell so that it is no child of bpfknobs.
cat >"$TEST_TMP/ns.sh" <<'EOS'
set -eu
dir=$1 catcher=$2
shift 2
# journald, where the host runs one, takes the records before syslog: not here
mount -t tmpfs -o mode=755,size=1m bpfknobs-test-run /run
old=$dir/dev new=$dir/newdev
mkdir "$old" "$new"
mount --bind /dev "$old"
mount -o remount,bind,ro "$old"
mount -t tmpfs -o mode=755,size=1m bpfknobs-test-dev "$new"
for e in null zero full random urandom tty ptmx; do
	ln -s "$old/$e" "$new/$e"
done
ln -s /proc/self/fd "$new/fd"
ln -s /proc/self/fd/0 "$new/stdin"
ln -s /proc/self/fd/1 "$new/stdout"
ln -s /proc/self/fd/2 "$new/stderr"
mkdir "$new/pts"
mount --bind /dev/pts "$new/pts"
mkdir -m 1777 "$new/shm"
mount --move "$new" /dev
( "$catcher" /dev/log "$dir/caught" </dev/null >/dev/null 2>"$dir/catcher.err" &
	echo $! >"$dir/catcher.pid.tmp" && mv "$dir/catcher.pid.tmp" "$dir/catcher.pid" )
i=0
while [ ! -S /dev/log ]; do
	i=$((i + 1))
	if [ $i -gt 50 ]; then
		echo "the catcher is not listening on /dev/log: $(cat "$dir/catcher.err")" >&2
		exit 1
	fi
	sleep 0.1
done
exec "$@"
EOS

# count_records: how many datagrams the catcher has written so far.
count_records() {
	if [ -f "$TEST_TMP/caught" ]; then wc -l <"$TEST_TMP/caught" | tr -d ' '; else echo 0; fi
}
# wait_records WHAT N: until the catcher has N records (syslog(3) has sent
# the datagram before the screen says what happened, but the catcher may
# not have written it yet).
wait_records() {
	i=0
	while [ "$(count_records)" -lt "$2" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ "$(count_records)" -ge "$2" ] || fail "$1: $(count_records) records caught, want $2:
$(cat "$TEST_TMP/caught" 2>/dev/null)"
}
# expect_proc WHAT VALUE: the kernel holds VALUE.
expect_proc() {
	expect_eq "$1: $HARDEN in /proc/sys" "$(knob_value "$HARDEN")" "$2"
}

screen_start 80 24 -- unshare --mount --propagation private \
	sh "$TEST_TMP/ns.sh" "$TEST_TMP" "$CATCHER" "$SCREEN_BIN"
screen_wait "the main screen" "Tab Pane"
screen_has "root may change knobs" "Access: root: changes allowed"
pid=$(screen_pid)
catcher=$(catcher_pid) || fail "the catcher did not start"
# What the records will be checked against is really bpfknobs, and it and
# the catcher share a mount namespace that is not this script's.
expect_eq "the session's process" "$(cat "/proc/$pid/comm" 2>/dev/null)" bpfknobs
catcher_alive "$catcher" || fail "the catcher is not running: $(cat "$TEST_TMP/catcher.err")"
ns_here=$(readlink /proc/self/ns/mnt)
ns_tui=$(readlink "/proc/$pid/ns/mnt")
[ "$ns_tui" != "$ns_here" ] || fail "bpfknobs runs in this script's mount namespace"
expect_eq "the catcher's mount namespace" "$(readlink "/proc/$catcher/ns/mnt")" "$ns_tui"
# The login uid part of a record ("..., login uid 1000 (alice)") is there
# when bpfknobs's login uid is set and not its uid: allowed, with that
# number, never required.
login=$(cat "/proc/$pid/loginuid" 2>/dev/null) || login='[0-9]+'
expect_eq "records before any change" "$(count_records)" 0

# 1. Applied: 0 -> 1 through the dialog and y.
screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden +0 "
screen_keys Enter
screen_wait "the change dialog" "Change $HARDEN "
screen_keys 1
screen_wait "1 typed" "Or type: +1 *│"
screen_keys Enter
screen_wait "the confirmation" "Change: +$HARDEN 0 → 1"
expect_proc "the confirmation open" 0
screen_keys y
screen_wait "the result" "─ Changed ─"
expect_proc "after y" 1
wait_records "after the change" 1
screen_keys Enter
screen_wait_gone "the message closed" "─ Changed ─"

# 2. Applied: u undoes it, 1 -> 0.
screen_keys u
screen_wait "the undo confirmation" "Change: +$HARDEN 1 → 0"
screen_keys y
screen_wait "the undo's result" "─ Undone ─"
expect_proc "after undo" 0
wait_records "after the undo" 2
screen_keys Enter
screen_wait_gone "the message closed" "─ Undone ─"

# A cancel is no try: n in the confirmation sends nothing. Checked here
# after a pause, and for sure by the next record following the undo's
# directly (one sender's datagrams arrive in order).
screen_keys Enter 1
screen_wait "1 typed" "Or type: +1 *│"
screen_keys Enter
screen_wait "the confirmation" "Change: +$HARDEN 0 → 1"
screen_keys n
screen_wait "cancelled" "^Cancelled: nothing was written"
expect_proc "after n" 0
sleep 0.5
expect_eq "records after a cancel" "$(count_records)" 2

# 3. Refused: the confirmation shows 0 -> 2, then the test writes 1 as
# someone else would; y re-reads, sees the change and writes nothing.
screen_keys Enter 2
screen_wait "2 typed" "Or type: +2 *│"
screen_keys Enter
screen_wait "the confirmation" "Change: +$HARDEN 0 → 2"
echo 1 >"$HARDEN_PROC" || fail "cannot write 1 to $HARDEN"
screen_keys y
screen_wait "stopped" "─ Nothing was written ─"
# (the box wraps the new value onto the next line; /proc/sys has it)
screen_has "why" "changed since it was shown: it was 0 and is now"
expect_proc "after the refused y" 1
wait_records "after the refused try" 3
echo 0 >"$HARDEN_PROC" || fail "cannot put $HARDEN back to 0"
screen_keys Enter
screen_wait_gone "the message closed" "─ Nothing was written ─"

screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
# The catcher writes what is still queued before it stops: a record sent
# late, at q say, is counted too.
stop_catcher
! catcher_alive "$catcher" || fail "the catcher did not stop"

# Exactly the three records, in order: <85> is authpriv (10 << 3) | notice
# (5), <84> authpriv | warning (4). glibc puts a timestamp between the
# priority and the tag; no line has anything after the record.
# The refused one names the value it found (1) as the old one.
who="by uid 0 \(root\)(, login uid $login \([^()]*\))?( on /dev/[^ :]+)?"
tag="[^<>]* bpfknobs\[$pid\]: "
knob='net\.core\.bpf_jit_harden'
set -- \
	"^<85>${tag}$knob 0 -> 1 $who: applied\$" \
	"^<85>${tag}$knob 1 -> 0 \(undo\) $who: applied\$" \
	"^<84>${tag}$knob 1 -> 2 $who: not written: could not re-read or changed meanwhile( \([^()]*\))?\$"
caught=$(cat "$TEST_TMP/caught")
expect_eq "records caught (a cancel sends none):
$caught
---" "$(count_records)" $#
n=0
for want; do
	n=$((n + 1))
	got=$(sed -n "${n}p" "$TEST_TMP/caught")
	expect_match "record $n" "$got" "$want"
done

# The host's /dev is as it was: no /dev/log appeared or went away.
if [ -e /dev/log ] || [ -L /dev/log ]; then devlog=$(ls -ld /dev/log); else devlog=none; fi
expect_eq "the host's /dev/log" "$devlog" "$DEVLOG_WAS"
exit 0
