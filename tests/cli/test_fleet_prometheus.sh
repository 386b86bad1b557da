# bpfknobs --prometheus: the exposition passes promtool, every bpfknobs
# metric has the value the kernel, bpftool and the sysctl files give, and a
# real node_exporter (Debian's prometheus-node-exporter, our own instance on
# a free loopback port, stopped by pid) scrapes the file from its textfile
# directory with no parse error. Unreadable knobs and an unlistable program
# table give readable 0 and no value sample; label values are escaped; the
# file is replaced atomically. Loads test programs (unloaded on exit); the
# knobs are only read.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
need_cmd bpftool bpftool
need_cmd setpriv util-linux
need_cmd curl curl
need_cmd promtool prometheus
need_cmd ss iproute2
NODE_EXPORTER=/usr/bin/prometheus-node-exporter
[ -x "$NODE_EXPORTER" ] || skip "needs $NODE_EXPORTER (apt-get install prometheus-node-exporter)"
lock_kernel shared

LOADER=$builddir/tests/helpers/progs_loader
loader_pid= exporter_pid=
prom_cleanup() {
	if [ -n "$exporter_pid" ]; then
		kill "$exporter_pid" 2>/dev/null
		wait "$exporter_pid" 2>/dev/null
	fi
	exec 7>&- 2>/dev/null # EOF: the loader exits, unloading its programs
	[ -n "$loader_pid" ] && wait "$loader_pid" 2>/dev/null
	rm -rf "$TEST_TMP"
}
trap prom_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

mkfifo "$TEST_TMP/in"
"$LOADER" --kind subprog --count 2 <"$TEST_TMP/in" >"$TEST_TMP/ids" &
loader_pid=$!
exec 7>"$TEST_TMP/in"
for _ in $(seq 100); do
	[ "$(wc -l <"$TEST_TMP/ids")" -ge 2 ] && break
	kill -0 "$loader_pid" 2>/dev/null || fail "progs_loader exited"
	sleep 0.05
done
[ "$(wc -l <"$TEST_TMP/ids")" -ge 2 ] || fail "progs_loader printed no ids"

# sample FILE NAME [LABELS]: the value of one series, "" when absent.
sample() {
	if [ -n "${3:-}" ]; then set -- "$1" "$2{$3}"; fi
	awk -v want="$2" '!/^#/ { v = $NF; sub(/ [^ ]*$/, ""); if ($0 == want) print v }' "$1"
}
# promcheck FILE: promtool's lint passes, and every sample has HELP and TYPE.
promcheck() {
	promtool check metrics <"$1" >"$TEST_TMP/promtool" 2>&1 ||
		fail "promtool check metrics on $1: $(cat "$TEST_TMP/promtool")"
	for name in $(grep -v '^#' "$1" | sed 's/[{ ].*//' | sort -u); do
		grep -q "^# HELP $name ." "$1" || fail "$name has no HELP"
		grep -q "^# TYPE $name gauge$" "$1" || fail "$name has no TYPE gauge"
		case $name in bpfknobs_*_total) fail "$name: _total is for counters" ;; esac
	done
}

# The file, written atomically into the textfile directory, and --json: the kernel,
# bpftool and the programs must agree before and after it, else (programs
# loaded meanwhile by other tests) it is taken again. Only what the
# metrics count is compared: bpftool's "pids" move whenever a holder forks.
program_set() { jq -c '[.[] | {id, type, bytes_jited, bytes_xlated}]' "$1"; }
DIR=$TEST_TMP/textfile
mkdir "$DIR"
PROM=$DIR/bpfknobs.prom
for try in 1 2 3 4 5 6 7 8; do
	bpftool -j prog show >"$TEST_TMP/bpftool1.json" || fail "bpftool prog show failed"
	t0=$(date +%s)
	"$BPFKNOBS" --prometheus "$PROM" || fail "--prometheus exited $?"
	t1=$(date +%s)
	"$BPFKNOBS" --json >"$TEST_TMP/j.json" || fail "--json exited $?"
	bpftool -j prog show >"$TEST_TMP/bpftool2.json" || fail "bpftool prog show failed"
	[ "$(program_set "$TEST_TMP/bpftool1.json")" = "$(program_set "$TEST_TMP/bpftool2.json")" ] &&
		break
	[ "$try" = 8 ] && fail "the program set kept changing"
done
expect_eq "only the file in the directory" "$(ls -A "$DIR")" bpfknobs.prom
expect_eq "mode" "$(stat -c %a "$PROM")" 644
promcheck "$PROM"

i=0
for k in kernel/unprivileged_bpf_disabled net/core/bpf_jit_enable net/core/bpf_jit_harden \
	net/core/bpf_jit_kallsyms net/core/bpf_jit_limit; do
	name=$(echo "$k" | tr / .)
	l="knob=\"$name\""
	expect_eq "$name readable" "$(sample "$PROM" bpfknobs_knob_readable "$l")" 1
	expect_eq "$name value" "$(sample "$PROM" bpfknobs_knob_value "$l")" "$(cat /proc/sys/$k)"
	i=$((i + 1))
done
i=0
for name in $(jq -r '.knobs[].name' "$TEST_TMP/j.json"); do
	l="knob=\"$name\""
	boot=$(jq -r ".knobs[$i].boot.value" "$TEST_TMP/j.json")
	value=$(jq -r ".knobs[$i].value" "$TEST_TMP/j.json")
	expect_eq "$name boot" "$(sample "$PROM" bpfknobs_knob_boot_value "$l")" "$boot"
	expect_eq "$name drift" "$(sample "$PROM" bpfknobs_knob_drift "$l")" \
		"$([ "$value" != "$boot" ] && echo 1 || echo 0)"
	i=$((i + 1))
done
# The recommendations: the knob table's, the limit's being its default.
limit_default=$(jq -r '.knobs[4].default.value' "$TEST_TMP/j.json")
i=0
for want in 1 1 2 1 "$limit_default"; do
	name=$(jq -r ".knobs[$i].name" "$TEST_TMP/j.json")
	value=$(jq -r ".knobs[$i].value" "$TEST_TMP/j.json")
	l="knob=\"$name\""
	expect_eq "$name recommended" "$(sample "$PROM" bpfknobs_knob_recommended_value "$l")" "$want"
	expect_eq "$name meets" "$(sample "$PROM" bpfknobs_knob_meets_recommendation "$l")" \
		"$([ "$value" = "$want" ] && echo 1 || echo 0)"
	i=$((i + 1))
done
expect_eq "stats readable" "$(sample "$PROM" bpfknobs_stats_readable)" 1
expect_eq "stats" "$(sample "$PROM" bpfknobs_stats_enabled)" "$(cat /proc/sys/kernel/bpf_stats_enabled)"
# whether they are on: the sysctl, or a process holding them (pids from /proc)
holders=0
for p in /proc/[0-9]*; do
	for fd in "$p"/fd/*; do
		if [ "$(readlink "$fd" 2>/dev/null)" = anon_inode:bpf-stats ]; then
			holders=$((holders + 1))
			break
		fi
	done
done
expect_eq "stats holders" "$(sample "$PROM" bpfknobs_stats_holders)" "$holders"
expect_eq "stats on" "$(sample "$PROM" bpfknobs_stats_on)" \
	"$([ "$(cat /proc/sys/kernel/bpf_stats_enabled)" = 1 ] || [ "$holders" -gt 0 ] && echo 1 || echo 0)"
ts=$(sample "$PROM" bpfknobs_snapshot_timestamp_seconds)
[ "${ts%.*}" -ge "$t0" ] && [ "${ts%.*}" -le "$t1" ] || fail "timestamp $ts is not within $t0..$t1"
expect_match "info" "$(grep '^bpfknobs_info' "$PROM")" \
	"^bpfknobs_info\{version=\"[0-9.]+\",release=\"$(uname -r)\",proc=\"/proc\"\} 1$"

# Programs: by type and JIT bytes as bpftool counts them.
expect_eq "programs listed" "$(sample "$PROM" bpfknobs_programs_listed)" 1
# bpftool 7.1 predates the netfilter type (6.4) and prints its number, 32
jq -r 'map(.type |= if . == 32 then "netfilter" else . end) | group_by(.type)[] |
	"\(.[0].type) \(length)"' "$TEST_TMP/bpftool1.json" >"$TEST_TMP/types"
[ -s "$TEST_TMP/types" ] || fail "bpftool lists no programs"
while read -r type n; do
	expect_eq "programs of type $type" "$(sample "$PROM" bpfknobs_programs_loaded "type=\"$type\"")" "$n"
done <"$TEST_TMP/types"
expect_eq "types" "$(grep -c '^bpfknobs_programs_loaded{' "$PROM")" "$(wc -l <"$TEST_TMP/types")"
expect_eq "jited bytes" "$(sample "$PROM" bpfknobs_programs_jited_bytes)" \
	"$(jq '[.[].bytes_jited // 0] | add' "$TEST_TMP/bpftool1.json")"
expect_eq "xlated bytes" "$(sample "$PROM" bpfknobs_programs_xlated_bytes)" \
	"$(jq '[.[].bytes_xlated // 0] | add' "$TEST_TMP/bpftool1.json")"
# Symbols by reason: as many programs as --json says lack one, and why.
missing=$(jq -r '[.programs[] | select(.symbols_missing != null)] | length' "$TEST_TMP/j.json")
got=$(awk '/^bpfknobs_programs_without_jit_symbol\{/ { n += $NF } END { print n + 0 }' "$PROM")
expect_eq "without a symbol" "$got" "$missing"
if [ "$(cat /proc/sys/net/core/bpf_jit_harden)" != 0 ]; then
	[ -n "$(sample "$PROM" bpfknobs_programs_without_jit_symbol 'reason="harden"')" ] ||
		fail "bpf_jit_harden is on, but no program lacks its symbol for it"
fi

# A real node_exporter scrapes it: every bpfknobs series with its value, and
# no textfile parse error.
port=
for p in $(shuf -i 20000-29999 -n 20); do
	ss -Hltn "sport = :$p" | grep -q . && continue
	"$NODE_EXPORTER" --web.listen-address="127.0.0.1:$p" --collector.disable-defaults \
		--collector.textfile --collector.textfile.directory="$DIR" \
		>"$TEST_TMP/exporter.log" 2>&1 &
	exporter_pid=$!
	for _ in $(seq 100); do
		curl -sf "http://127.0.0.1:$p/metrics" >"$TEST_TMP/metrics" 2>/dev/null && port=$p && break 2
		kill -0 "$exporter_pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$exporter_pid" 2>/dev/null
	wait "$exporter_pid" 2>/dev/null
	exporter_pid=
done
[ -n "$port" ] || fail "node_exporter did not start: $(cat "$TEST_TMP/exporter.log")"
expect_eq "textfile scrape error" "$(sample "$TEST_TMP/metrics" node_textfile_scrape_error)" 0
grep -q '^# HELP bpfknobs_knob_value ' "$TEST_TMP/metrics" || fail "node_exporter dropped the HELP"
# every sample of ours, the same series and number in the scrape (labels
# sorted: node_exporter orders them by name; floats print as 1.2e+09)
norm() {
	grep '^bpfknobs_' "$1" | awk '{
		v = $NF; s = $0; sub(/ [^ ]*$/, "", s)
		if (match(s, /\{.*\}/)) {
			n = split(substr(s, RSTART + 1, RLENGTH - 2), l, "\",")
			for (i = 1; i < n; i++) l[i] = l[i] "\""
			for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (l[j] < l[i]) { t = l[i]; l[i] = l[j]; l[j] = t }
			k = substr(s, 1, RSTART - 1) "{"; for (i = 1; i <= n; i++) k = k (i > 1 ? "," : "") l[i]
			s = k "}"
		}
		printf "%s %.6f\n", s, v + 0 }' | sort
}
norm "$PROM" >"$TEST_TMP/ours"
norm "$TEST_TMP/metrics" >"$TEST_TMP/scraped"
[ -s "$TEST_TMP/ours" ] || fail "no samples"
diff "$TEST_TMP/ours" "$TEST_TMP/scraped" >"$TEST_TMP/diff" ||
	fail "node_exporter's bpfknobs series differ from the file: $(cat "$TEST_TMP/diff")"

# A label value with a quote, a backslash and a newline (a --proc path),
# escaped: promtool and node_exporter read it back whole.
WEIRD="$TEST_TMP/we\"ird\\tree
x"
cp -R "$TREES/locked" "$WEIRD"
"$BPFKNOBS" --proc "$WEIRD" --prometheus "$DIR/bpfknobs.prom" || fail "--prometheus over $WEIRD"
promcheck "$PROM"
escaped=$(printf '%s' "$WEIRD" | sed 's/\\/\\\\/g; s/"/\\"/g' | sed ':a;N;$!ba;s/\n/\\n/g')
grep -qF "proc=\"$escaped\"" "$PROM" || fail "the label value is not escaped: $(grep bpfknobs_info "$PROM")"
curl -sf "http://127.0.0.1:$port/metrics" >"$TEST_TMP/metrics" || fail "second scrape"
expect_eq "escaped: no scrape error" "$(sample "$TEST_TMP/metrics" node_textfile_scrape_error)" 0
grep -qF "proc=\"$escaped\"" "$TEST_TMP/metrics" || fail "node_exporter did not read the escaped label back"
expect_eq "fixture value" "$(sample "$PROM" bpfknobs_knob_value 'knob="net.core.bpf_jit_harden"')" 2
kill "$exporter_pid"
wait "$exporter_pid" 2>/dev/null
exporter_pid=

# Nothing readable: readable 0 and no value, drift or verdict samples.
"$BPFKNOBS" --proc "$TREES/garbage" --prometheus - >"$TEST_TMP/garbage.prom" || fail "garbage"
promcheck "$TEST_TMP/garbage.prom"
expect_eq "garbage readable" "$(grep -c '^bpfknobs_knob_readable{.*} 0$' "$TEST_TMP/garbage.prom")" 6
for m in bpfknobs_knob_value bpfknobs_knob_drift bpfknobs_knob_meets_recommendation; do
	grep -q "^$m{" "$TEST_TMP/garbage.prom" && fail "garbage: $m has a sample for an unreadable knob"
done
# A --proc tree lists no programs: listed 0 and no program samples.
expect_eq "tree programs" "$(sample "$TEST_TMP/garbage.prom" bpfknobs_programs_listed)" 0
grep -q '^bpfknobs_programs_loaded' "$TEST_TMP/garbage.prom" && fail "programs counted for a tree"
# A plain user: the three 0600 knobs unreadable, no program list.
as_nobody "$BPFKNOBS" --prometheus - >"$TEST_TMP/nobody.prom" || fail "as nobody"
promcheck "$TEST_TMP/nobody.prom"
for name in net.core.bpf_jit_harden net.core.bpf_jit_kallsyms net.core.bpf_jit_limit; do
	expect_eq "nobody $name" "$(sample "$TEST_TMP/nobody.prom" bpfknobs_knob_readable "knob=\"$name\"")" 0
	expect_eq "nobody $name value" "$(sample "$TEST_TMP/nobody.prom" bpfknobs_knob_value "knob=\"$name\"")" ""
done
expect_eq "nobody enable" "$(sample "$TEST_TMP/nobody.prom" bpfknobs_knob_value 'knob="net.core.bpf_jit_enable"')" \
	"$(cat /proc/sys/net/core/bpf_jit_enable)"
expect_eq "nobody programs" "$(sample "$TEST_TMP/nobody.prom" bpfknobs_programs_listed)" 0

# Not written: a missing directory says so, exit 1, nothing created.
status=0
"$BPFKNOBS" --prometheus "$TEST_TMP/nodir/x.prom" 2>"$TEST_TMP/err" || status=$?
expect_eq "missing directory" "$status" 1
expect_match "missing directory message" "$(cat "$TEST_TMP/err")" \
	"Cannot write .*nodir/x.prom: No such file or directory.*Create the directory"
[ ! -e "$TEST_TMP/nodir" ] || fail "created the directory"
# The documented alert rules load, and name only metrics that exist.
promtool check rules "$srcdir/docs/examples/bpfknobs-alerts.yml" >"$TEST_TMP/rules" 2>&1 ||
	fail "promtool check rules: $(cat "$TEST_TMP/rules")"
for m in $(grep -o 'bpfknobs_[a-z_]*' "$srcdir/docs/examples/bpfknobs-alerts.yml" | sort -u); do
	grep -q "^# TYPE $m gauge" "$PROM" || fail "the alert rules use $m, which --prometheus does not write"
done
# Wrong options: 2.
status=0
"$BPFKNOBS" --prometheus - --list >/dev/null 2>&1 || status=$?
expect_eq "--prometheus --list" "$status" 2
expect_eq "nothing left behind" "$(ls -A "$DIR")" bpfknobs.prom
exit 0
