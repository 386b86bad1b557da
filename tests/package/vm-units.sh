#!/bin/bash
# Runs inside QEMU, as the command of systemd.run= in a fresh Debian 12 root
# with the package installed, systemd as PID 1 (tests/package/run.sh): the
# units under systemd itself, each check a line "BKPKG PASS|FAIL NAME WHAT"
# on the serial console, then "BKPKG-END".
exec >/dev/ttyS0 2>&1
pass() { echo "BKPKG PASS $1 $2"; }
failed() { echo "BKPKG FAIL $1 $2"; }
check() { if [ "$2" = 0 ]; then pass "$1" "$3"; else failed "$1" "$3"; fi; }
echo "BKPKG-BEGIN systemd $(systemctl --version | sed -n '1s/^systemd //p'), Linux $(uname -r)"

textdir=/var/lib/prometheus/node-exporter
mkdir -p $textdir /run/systemd/system/bpfknobs-textfile.service.d \
	/run/systemd/system/bpfknobs-check.service.d /etc/bpfknobs

# Two processes holding runtime statistics on (a BPF_ENABLE_STATS fd, as
# bpftop does): root with every capability, and a process of uid 65534 with
# CAP_SYS_ADMIN alone. The unit finds both with bpfknobs' iterator, which
# its CAP_SYS_ADMIN loads: no capability to read their /proc/PID/fd.
sleep 3600 | stats_helper hold >/tmp/holder.root &
sleep 3600 | setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=+sys_admin \
	--ambient-caps=+sys_admin stats_helper hold >/tmp/holder.nobody &
for i in $(seq 50); do
	[ -s /tmp/holder.root ] && [ -s /tmp/holder.nobody ] && break
	sleep 0.2
done
check holders "$([ -s /tmp/holder.root ] && [ -s /tmp/holder.nobody ]; echo $?)" \
	"$(cat /tmp/holder.root /tmp/holder.nobody | tr '\t\n' '  ')"

# The metrics without the time they were taken, and JIT memory in use
# without its number: the unit's own seccomp filters are classic BPF the
# kernel JITs and charges there (kernel/seccomp.c, bpf_prog_create_from_user),
# so under the unit it reads more by their size, said below.
metrics() {
	grep -v -e '^#' -e '^bpfknobs_snapshot_timestamp_seconds' "$@" |
		sed 's/^\(bpfknobs_jit_memory_bytes[{ ][^ ]*\) [0-9]*$/\1/'
}
jit_memory() { sed -n 's/^bpfknobs_jit_memory_bytes[{ ][^ ]* \([0-9]*\)$/\1/p' "$@"; }
# run_textfile: the unit once, its metrics in /tmp/unit.prom, and the same
# command outside any unit just before it in /tmp/free.prom.
run_textfile() {
	systemctl daemon-reload
	rm -f $textdir/bpfknobs.prom
	bpfknobs --prometheus - >/tmp/free.raw
	metrics /tmp/free.raw >/tmp/free.prom
	systemctl start bpfknobs-textfile.service
	status=$?
	metrics $textdir/bpfknobs.prom >/tmp/unit.prom 2>/dev/null
	return $status
}

# As shipped: the same metrics as without the unit, in a file node_exporter
# (another user) may read.
run_textfile
status=$?
check textfile-runs $status "systemctl start bpfknobs-textfile.service: $(systemctl show -P Result bpfknobs-textfile.service)"
[ $status = 0 ] || journalctl -q -o cat -u bpfknobs-textfile.service --no-pager | tail -n 5 |
	sed 's/^/BKPKG-INFO journal: /'

diff /tmp/free.prom /tmp/unit.prom >/tmp/diff
check textfile-loses-nothing $? "the metrics under the unit are those of bpfknobs run outside it$(sed 's/^/; /' /tmp/diff | tr '\n' ' ')"
echo "BKPKG-INFO JIT memory in use: $(jit_memory /tmp/free.raw) bytes outside the unit," \
	"$(jit_memory $textdir/bpfknobs.prom) under it (its seccomp filters)"
mode=$(stat -c %a $textdir/bpfknobs.prom 2>/dev/null)
check textfile-mode "$([ "$mode" = 644 ]; echo $?)" "$textdir/bpfknobs.prom is mode $mode"
caps=$(systemctl show -P CapabilityBoundingSet bpfknobs-textfile.service)
echo "BKPKG-INFO the unit's capabilities: $caps"

# Each capability, dropped: the metrics change (the names of those that do).
for cap in $caps; do
	rest=$(echo " $caps " | sed "s/ $cap / /")
	printf '[Service]\nCapabilityBoundingSet=\nCapabilityBoundingSet=%s\n' "$rest" \
		>/run/systemd/system/bpfknobs-textfile.service.d/fewer.conf
	run_textfile
	changed=$(diff /tmp/free.prom /tmp/unit.prom | sed -n 's/^[<>] //p' | sed 's/ .*//' | sort -u | tr '\n' ' ')
	check "textfile-needs-${cap#cap_}" "$([ -n "$changed" ]; echo $?)" \
		"without it these metrics change: ${changed:-none}"
done
rm -f /run/systemd/system/bpfknobs-textfile.service.d/fewer.conf

# The timer: installed disabled, starts when asked.
check timer-disabled "$([ "$(systemctl is-enabled bpfknobs-textfile.timer)" = disabled ]; echo $?)" \
	"bpfknobs-textfile.timer is $(systemctl is-enabled bpfknobs-textfile.timer) after installing"
systemctl start bpfknobs-textfile.timer
check timer-starts "$([ "$(systemctl is-active bpfknobs-textfile.timer)" = active ]; echo $?)" \
	"systemctl start bpfknobs-textfile.timer: $(systemctl is-active bpfknobs-textfile.timer)"
systemctl stop bpfknobs-textfile.timer

# The boot gate: a unit that requires it starts only when the check passes;
# its verdicts are those of bpfknobs --check run outside it.
cat >/run/systemd/system/bk-gated.service <<'EOF'
[Unit]
Requires=bpfknobs-check.service
After=bpfknobs-check.service
[Service]
Type=oneshot
RemainAfterExit=yes
ExecStart=/bin/true
EOF
check check-ordering "$(systemctl show -P After bpfknobs-check.service | grep -qw systemd-sysctl.service; echo $?)" \
	"bpfknobs-check.service is ordered after systemd-sysctl.service"
gate() { # PROFILE: the gated unit started (0) or not
	printf '[Service]\nEnvironment=BPFKNOBS_PROFILE=%s\n' "$1" \
		>/run/systemd/system/bpfknobs-check.service.d/profile.conf
	systemctl daemon-reload
	systemctl stop bk-gated.service bpfknobs-check.service
	systemctl reset-failed
	bpfknobs --check "$1" >/tmp/check.free
	free_status=$?
	systemctl start bk-gated.service 2>/dev/null
	gated=$?
	unit_status=$(systemctl show -P ExecMainStatus bpfknobs-check.service)
	journalctl -q -o cat _SYSTEMD_UNIT=bpfknobs-check.service _COMM=bpfknobs --no-pager |
		tail -n "$(wc -l </tmp/check.free)" >/tmp/check.unit
	diff /tmp/check.free /tmp/check.unit >/dev/null
	same=$?
}
# a profile of the values now: complies
bpfknobs --check --json | jq -r '.knobs[] | select(.value != null and .name != "kernel.bpf_stats_enabled") |
	"\(.name) = \(.value)"' >/etc/bpfknobs/now.conf
gate /etc/bpfknobs/now.conf
check gate-passes "$([ $gated = 0 ] && [ "$unit_status" = 0 ]; echo $?)" \
	"profile of the values now: --check exited $unit_status, the gated unit $(systemctl is-active bk-gated.service)"
check check-verdicts "$([ $same = 0 ] && [ $free_status = 0 ]; echo $?)" "the journal has the verdicts bpfknobs --check prints outside the unit"
# a profile this kernel does not meet: bpf_jit_harden 2 when it is not
now_harden=$(cat /proc/sys/net/core/bpf_jit_harden)
echo "net.core.bpf_jit_harden = $(( now_harden == 2 ? 1 : 2 ))" >/etc/bpfknobs/other.conf
gate /etc/bpfknobs/other.conf
check gate-holds "$([ $gated != 0 ] && [ "$unit_status" = 1 ] && [ "$(systemctl is-active bk-gated.service)" != active ]; echo $?)" \
	"a profile that differs: --check exited $unit_status, the gated unit $(systemctl is-active bk-gated.service)"
check check-verdicts-differ "$([ $same = 0 ] && [ $free_status = 1 ]; echo $?)" "the journal has the verdicts bpfknobs --check prints outside the unit"
echo "BKPKG-END"
