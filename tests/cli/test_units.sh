# The systemd units: systemd-analyze verify finds nothing wrong in them,
# and systemd-analyze security rates their exposure no worse than now.
# With UNITS_DIR (CI, after installing the package) it checks the installed
# units as they are; else the build's templates, with ExecStart= naming
# this build's bpfknobs (verify requires the program to exist).
. "$srcdir/tests/lib/lib.sh"

need_cmd systemd-analyze systemd
UNITS="bpfknobs-textfile.service bpfknobs-textfile.timer bpfknobs-check.service"
if [ -n "${UNITS_DIR:-}" ]; then
	dir=$UNITS_DIR
else
	dir=$TEST_TMP/units
	mkdir -p "$dir" || fail "cannot make $dir"
	bin_dir=$(cd "$builddir" && pwd)
	for unit in $UNITS; do
		if [ -f "$srcdir/systemd/$unit.in" ]; then
			sed "s|@sbindir@|$bin_dir|g" "$srcdir/systemd/$unit.in" >"$dir/$unit"
		else
			cp "$srcdir/systemd/$unit" "$dir/$unit"
		fi || fail "cannot copy $unit"
	done
fi

# Documentation= is man:bpfknobs(8), which the build's man page is not
# installed as: --man=no, unless the installed units are checked.
man=no
[ -n "${UNITS_DIR:-}" ] && man=yes
files=
for unit in $UNITS; do files="$files $dir/$unit"; done
# shellcheck disable=SC2086 # one word per file
systemd-analyze verify --man=$man $files >"$TEST_TMP/verify" 2>&1 ||
	{ cat "$TEST_TMP/verify" >&2; fail "systemd-analyze verify found problems (above)"; }
[ ! -s "$TEST_TMP/verify" ] ||
	{ cat "$TEST_TMP/verify" >&2; fail "systemd-analyze verify warns (above)"; }
echo "systemd-analyze verify: no problems in $UNITS"

# The exposure (0 to 10, lower is better) and its limit, in tenths: the
# score now, so that any loosening fails here. What the score still counts
# is what each job is: uid 0 (three knob files are mode 0600 of root), the
# host's network namespace (the net.core knobs exist only in the initial
# one) and users (the capabilities count only in the initial user
# namespace), the whole /proc (/proc/sys, and for the metrics
# /proc/kallsyms), CAP_SYS_ADMIN, netlink and local sockets, @resources
# calls. The metrics also keep CAP_SYSLOG and bpf() (the unit's comments
# say what each is for), and leave out six settings the score looks for by
# name, each replaced by an equivalent it does not see: ProtectKernelTunables=
# hides /proc/kallsyms and ProtectKernelLogs= drops CAP_SYSLOG (the JIT
# symbols), while PrivateDevices=, ProtectClock=, DeviceAllow= and
# IPAddressDeny= make systemd attach BPF programs to the unit, which the
# metrics would count. The check keeps them all and reads homes read-only.
for limit in bpfknobs-textfile.service:29 bpfknobs-check.service:18; do
	unit=${limit%:*}
	systemd-analyze security --offline=yes --threshold="${limit#*:}" "$dir/$unit" \
		>"$TEST_TMP/security" 2>&1
	status=$?
	score=$(sed -n 's/^→ Overall exposure level for [^:]*: //p' "$TEST_TMP/security")
	echo "systemd-analyze security $unit: $score (limit $(echo "${limit#*:}" | sed 's/.$/.&/'))"
	[ -n "$score" ] || { cat "$TEST_TMP/security" >&2; fail "$unit: no exposure level"; }
	[ $status = 0 ] || { grep '✗' "$TEST_TMP/security" >&2; fail "$unit: exposure $score is above its limit"; }
done
exit 0
