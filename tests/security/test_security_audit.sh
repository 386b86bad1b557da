# The audit trail (security review, finding 4) where each kind of log runs:
# a private systemd-journald, a stand-in syslog daemon
# (tests/helpers/log_catcher), and nothing at all. Each case runs in its own
# mount namespace with a tmpfs on /run and on /dev (the devices a program
# needs reached through a read-only bind of the real /dev), so the host's
# journal and syslog never see a test record, and the host's /dev/log and
# journal socket are hidden.
#
# What is tried writes no real knob: a --set refused by --expect on the
# running kernel (audited: a refused try is a try), and with journald also
# a save to this host's /etc/sysctl.d (a temporary directory bound over it
# in the namespace) beside a write to a copy of a fixture tree (a copy is
# not audited), and a save refused there (a symbolic link in the file's
# place). A plain user then forges a syslog line and a journal entry
# with bpfknobs' MESSAGE_ID: journalctl MESSAGE_ID=... _UID=0 lists only
# bpfknobs' own records, whose _UID and _COMM journald stamped.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd unshare util-linux
need_cmd logger util-linux
need_cmd setpriv util-linux
need_cmd jq jq
need_cmd journalctl systemd
JOURNALD=
for j in /lib/systemd/systemd-journald /usr/lib/systemd/systemd-journald; do
	[ -x "$j" ] && JOURNALD=$j && break
done
[ -n "$JOURNALD" ] || skip "needs systemd-journald (apt-get install systemd)"
[ -s /etc/machine-id ] || skip "journald needs /etc/machine-id (systemd-machine-id-setup makes it)"
[ -d /etc/sysctl.d ] || skip "needs /etc/sysctl.d to bind a temporary directory over it"
# A chroot whose root is not a mount point cannot make a new mount
# namespace private: mount(2) refuses "/" with EINVAL (see test_screen_audit.sh).
if ! unshare --mount --propagation unchanged mount --make-rprivate / 2>"$TEST_TMP/private.err"; then
	grep -q "Invalid argument\|not mount point\|not a mount point" "$TEST_TMP/private.err" ||
		fail "cannot make a private mount namespace: $(cat "$TEST_TMP/private.err")"
	skip "/ is not a mount point here (a chroot?), so a private mount namespace for the" \
		"test's own /run and /dev cannot be made"
fi
CATCHER=$(cd "$builddir" && pwd)/tests/helpers/log_catcher
[ -x "$CATCHER" ] || fail "$CATCHER is not built (make check builds it)"
BIN=$(cd "$builddir" && pwd)/bpfknobs
# --set reads the running kernel's knob (and writes none)
lock_kernel shared
case $TEST_TMP in /dev/* | /run/*) fail "TMPDIR is below /dev or /run ($TEST_TMP): set it elsewhere" ;; esac
chmod 755 "$TEST_TMP" # the plain user's forgery runs from here

MESSAGE_ID=$(sed -n 's/^#define AUDIT_MESSAGE_ID "\(.*\)"$/\1/p' "$srcdir/core/change/audit.h")
[ -n "$MESSAGE_ID" ] || fail "no AUDIT_MESSAGE_ID in core/change/audit.h"
HARDEN=$(cat /proc/sys/net/core/bpf_jit_harden) || fail "cannot read bpf_jit_harden"
WANT=$(((HARDEN + 1) % 3))
EXPECT=$(((HARDEN + 2) % 3)) # never what the knob holds: refused, nothing written
cp -R "$TREES/debian-6.1" "$TEST_TMP/tree"
mkdir "$TEST_TMP/etc-sysctl.d"

# Run by unshare: /run and /dev private, then the log of the case, then
# the tries. Nothing mounted here shows outside.
cat >"$TEST_TMP/ns.sh" <<'EOS'
set -eu
dir=$1 log=$2 bin=$3 catcher=$4 journald=$5 want=$6 expect=$7
mount -t tmpfs -o mode=755,size=8m bpfknobs-test-run /run
old=$dir/dev.$log new=$dir/newdev.$log
mkdir "$old" "$new"
mount --bind /dev "$old"
mount -o remount,bind,ro "$old"
mount -t tmpfs -o mode=755,size=1m bpfknobs-test-dev "$new"
for e in null zero full random urandom tty ptmx; do
	ln -s "$old/$e" "$new/$e"
done
ln -s /proc/self/fd "$new/fd"
mkdir "$new/pts"
mount --bind /dev/pts "$new/pts"
mount --move "$new" /dev
wait_for() {
	i=0
	while [ ! -S "$1" ]; do
		i=$((i + 1))
		[ $i -le 100 ] || { echo "nothing listens on $1: $(cat "$2")" >&2; exit 1; }
		sleep 0.1
	done
}
case $log in
syslog)
	"$catcher" /dev/log "$dir/caught" </dev/null >/dev/null 2>"$dir/catcher.err" &
	daemon=$!
	wait_for /dev/log "$dir/catcher.err"
	;;
journal)
	mkdir -p /run/systemd/journald.conf.d
	# the journal in /run only; nothing read from or sent to the kernel log
	printf '[Journal]\nStorage=volatile\nReadKMsg=no\nForwardToSyslog=no\nForwardToKMsg=no\nForwardToConsole=no\nForwardToWall=no\n' \
		>/run/systemd/journald.conf.d/test.conf
	SYSTEMD_LOG_TARGET=console "$journald" </dev/null >"$dir/journald.err" 2>&1 &
	daemon=$!
	wait_for /run/systemd/journal/socket "$dir/journald.err"
	ln -s /run/systemd/journal/dev-log /dev/log
	;;
esac
status=0
"$bin" --set net.core.bpf_jit_harden="$want" --expect "$expect" >"$dir/out.$log" 2>&1 || status=$?
echo "$status" >"$dir/status.$log"
if [ "$log" = journal ]; then
	# this host's boot files, as far as bpfknobs can tell: a save to / is audited
	mount --bind "$dir/etc-sysctl.d" /etc/sysctl.d
	"$bin" --proc "$dir/tree" --sysctl-root / --set net.core.bpf_jit_harden=1 --save \
		>"$dir/out.save" 2>&1 || echo "the save exited $?" >>"$dir/out.save"
	# a save refused before anything is written is a try too
	ln -s /etc/passwd /etc/sysctl.d/70-link.conf
	status=0
	"$bin" --proc "$dir/tree" --sysctl-root / --save-file /etc/sysctl.d/70-link.conf \
		--set net.core.bpf_jit_harden=2 --save >"$dir/out.refused" 2>&1 || status=$?
	echo "$status" >"$dir/status.refused"
	# a plain user forges a syslog line and a journal entry with our MESSAGE_ID
	setpriv --reuid=65534 --regid=65534 --clear-groups logger -t bpfknobs \
		"net.core.bpf_jit_harden 2 -> 0 by uid 0 (root): applied"
	printf 'MESSAGE=net.core.bpf_jit_harden 2 -> 0 by uid 0 (root): applied\nMESSAGE_ID=%s\nSYSLOG_IDENTIFIER=bpfknobs\nBPFKNOBS_ACTION=change\n' \
		"$(sed -n 1p "$dir/message_id")" |
		setpriv --reuid=65534 --regid=65534 --clear-groups logger --journald
	# what journalctl lists once the four have arrived
	i=0
	while [ "$(journalctl -D /run/log/journal -o json MESSAGE_ID="$(cat "$dir/message_id")" | wc -l)" -lt 4 ] ||
		[ "$(journalctl -D /run/log/journal -o json SYSLOG_IDENTIFIER=bpfknobs | wc -l)" -lt 5 ]; do
		i=$((i + 1))
		[ $i -le 100 ] || break
		sleep 0.1
	done
	journalctl -D /run/log/journal -o json MESSAGE_ID="$(cat "$dir/message_id")" >"$dir/all.json"
	journalctl -D /run/log/journal -o json MESSAGE_ID="$(cat "$dir/message_id")" _UID=0 >"$dir/ours.json"
fi
if [ -n "${daemon:-}" ]; then
	kill "$daemon"
	wait "$daemon" || true
fi
EOS
echo "$MESSAGE_ID" >"$TEST_TMP/message_id"

run_case() {
	unshare --mount --propagation private sh "$TEST_TMP/ns.sh" "$TEST_TMP" "$1" "$BIN" \
		"$CATCHER" "$JOURNALD" "$WANT" "$EXPECT" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- ||
		fail "the $1 case: $(cat "$TEST_TMP/journald.err" "$TEST_TMP/catcher.err" 2>/dev/null)"
	expect_eq "$1: the exit status of --set" "$(cat "$TEST_TMP/status.$1")" 3
}
REFUSED="refused: net.core.bpf_jit_harden is $HARDEN, not $EXPECT as --expect says, so nothing was written. Something else changed it: look at it, then run again with --expect $HARDEN if the change still stands."
# who asked: uid 0, the login uid when set and not 0, the terminal when there is one
WHO="by uid 0 \(root\)(, login uid [0-9]+ \([^()]*\))?( on /dev/[^ :]+)?"
RECORD="net\.core\.bpf_jit_harden $HARDEN -> $WANT $WHO: refused: the knob does not hold the --expect value"

# No log at all: the try goes on (refused here by --expect, as it would
# be anywhere), and the report says plainly that nothing recorded it.
run_case none
expect_eq "no log: the report" "$(cat "$TEST_TMP/out.none")" "$REFUSED
warning: Not recorded: neither journald nor a syslog daemon listens here, so this is recorded nowhere."

# syslog only: one authpriv.warning line (<84>), and no warning.
run_case syslog
expect_eq "syslog: the report" "$(cat "$TEST_TMP/out.syslog")" "$REFUSED"
expect_eq "syslog: records" "$(wc -l <"$TEST_TMP/caught" | tr -d ' ')" 1
expect_match "syslog: the record" "$(cat "$TEST_TMP/caught")" "^<84>[^<>]* bpfknobs\[[0-9]+\]: $RECORD\$"

# journald: structured records, told apart from forgeries by _UID.
run_case journal
expect_eq "journald: the report" "$(cat "$TEST_TMP/out.journal")" "$REFUSED"
# (a later file of this host's may override it at boot: said after these lines)
expect_eq "journald: the save's report" "$(sed -n 1,3p "$TEST_TMP/out.save")" "applied: net.core.bpf_jit_harden changed from 0 to 1: written, then read back from the kernel to be sure. Now: blinding for unprivileged loaders: Programs loaded without CAP_BPF get their constants blinded; every BPF symbol disappears from /proc/kallsyms.
+net.core.bpf_jit_harden = 1
saved: Saved to /etc/sysctl.d/60-bpfknobs.conf. systemd-sysctl applies it at every boot; \"sysctl --system\" applies it now (the running values already match)."
expect_eq "journald: the saved file" "$(grep -v '^#' "$TEST_TMP/etc-sysctl.d/60-bpfknobs.conf")" \
	"net.core.bpf_jit_harden = 1"
expect_eq "journald: the refused save's status" "$(cat "$TEST_TMP/status.refused")" 3
expect_eq "journald: the link's target" "$(readlink "$TEST_TMP/etc-sysctl.d/70-link.conf")" /etc/passwd
expect_eq "journald: entries with the MESSAGE_ID (the forgery too)" "$(wc -l <"$TEST_TMP/all.json" | tr -d ' ')" 4
expect_eq "journald: bpfknobs' own (_UID=0)" "$(wc -l <"$TEST_TMP/ours.json" | tr -d ' ')" 3
# _UID comes with the datagram (SCM_CREDENTIALS); _COMM is read from /proc
# later, and is missing when bpfknobs has exited by then
fields='[._UID, .PRIORITY, .SYSLOG_FACILITY, .SYSLOG_IDENTIFIER, .BPFKNOBS_ACTION, .BPFKNOBS_KNOB, .BPFKNOBS_OLD, .BPFKNOBS_NEW, .BPFKNOBS_FILE, .BPFKNOBS_RESULT, .BPFKNOBS_OK, .BPFKNOBS_UID] | join("|")'
expect_eq "journald: the refused change" "$(jq -r "$fields" "$TEST_TMP/ours.json" | sed -n 1p)" \
	"0|4|10|bpfknobs|change|net.core.bpf_jit_harden|$HARDEN|$WANT||refused: the knob does not hold the --expect value|0|0"
expect_eq "journald: the save" "$(jq -r "$fields" "$TEST_TMP/ours.json" | sed -n 2p)" \
	"0|5|10|bpfknobs|save|net.core.bpf_jit_harden||1|/etc/sysctl.d/60-bpfknobs.conf|saved|1|0"
expect_eq "journald: the refused save" "$(jq -r "$fields" "$TEST_TMP/ours.json" | sed -n 3p)" \
	"0|4|10|bpfknobs|save|net.core.bpf_jit_harden||2|/etc/sysctl.d/70-link.conf|refused: not saved|0|0"
expect_match "journald: the change's MESSAGE" "$(jq -r .MESSAGE "$TEST_TMP/ours.json" | sed -n 1p)" "^$RECORD\$"
expect_eq "journald: the forgery is the plain user's" \
	"$(jq -r 'select(._UID != "0") | ._UID' "$TEST_TMP/all.json")" 65534
exit 0
