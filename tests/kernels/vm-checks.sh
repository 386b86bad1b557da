#!/bin/sh
# The checks inside one VM (busybox sh, jq, bpftool, vmhelper), as root on
# a throw-away kernel: here the knobs are written with every value, the JIT
# is turned off and unprivileged_bpf_disabled is locked, which the host must
# never do. What the tool claims comes from its own --json (allowed values,
# sentences), never from a copy here; what the kernel does comes from the
# knob files, write(2)'s errno, /proc/kallsyms, bpftool and dmesg. Each
# check prints one line:
#   BKVM PASS|FAIL NAME what was compared, or what differed
# and BKVM-FILE-BEGIN NAME ... BKVM-FILE-END hands a file to the host.
# The order matters: the one-way lock comes last.

pass() { echo "BKVM PASS $*"; }
fail() { echo "BKVM FAIL $*"; }
# check NAME DIFFS OK-TEXT: PASS with OK-TEXT when DIFFS is empty
check() {
	if [ -z "$2" ]; then
		pass "$1" "$3"
	else
		fail "$1" "$(echo "$2" | tr '\n' ';' | sed 's/;$//; s/;/; /g')"
	fi
}
keep() {
	echo "BKVM-FILE-BEGIN $1"
	cat "$2"
	echo "BKVM-FILE-END"
}

release=$(uname -r)
kallsyms_bpf() { grep '	\[bpf\]$' /proc/kallsyms; }
knob_path() { jq -r --arg n "$1" '.knobs[] | select(.name == $n) | .path' /tmp/boot.json; }

# hold NAME ARGS...: loads a program that stays until unhold NAME; sets
# held_id (empty when the load failed) and held_line (vmhelper's answer)
hold() {
	name=$1
	shift
	"$@" >/tmp/hold.$name 2>&1 &
	echo $! >/tmp/hold.$name.pid
	# up to 30 s: emulated, on a busy host, a load can take seconds
	for _ in $(seq 150); do
		grep -q '^load ' /tmp/hold.$name && break
		sleep 0.2
	done
	held_line=$(grep '^load ' /tmp/hold.$name | head -n1)
	held_id=$(echo "$held_line" | sed -n 's/.* id=\([0-9]*\).*/\1/p')
}
unhold() {
	kill "$(cat /tmp/hold.$1.pid)" 2>/dev/null
	wait "$(cat /tmp/hold.$1.pid)" 2>/dev/null
}

# ---------------------------------------------------------------------------
# First boot: the tool runs, and its values, defaults and "At boot" are the
# kernel's own.
if bpfknobs --json >/tmp/boot.json 2>/tmp/boot.err &&
	[ "$(jq -r .kernel.release /tmp/boot.json)" = "$release" ]; then
	pass json "bpfknobs --json runs and names release $release"
else
	fail json "bpfknobs --json: $(head -c 300 /tmp/boot.err)"
fi
bpfknobs --list >/tmp/list-boot.txt 2>&1
keep list-boot.txt /tmp/list-boot.txt
keep json-boot.json /tmp/boot.json

diffs=$(jq -r '.knobs[] | .name + " " + .path + " " + (.value | tostring)' /tmp/boot.json |
	while read -r name path value; do
		file=$(cat "$path" 2>&1)
		[ "$file" = "$value" ] || echo "$name: --json says $value, $path holds $file"
	done)
check knob-files "$diffs" "every knob's value in --json is its file's ($(jq '.knobs | length' /tmp/boot.json) knobs)"

diffs=$(jq -r '.knobs[] |
	if .default.value != .value then "\(.name): default \(.default.value), running \(.value)"
	elif .boot.value != .value or .boot.drift != false or .boot.source != "default" then
		"\(.name): boot \(.boot | tojson)"
	elif ([.fields[] | select(.label == "At boot") | .text] != [.boot.text]) then
		"\(.name): no At boot field saying \(.boot.text)"
	else empty end' /tmp/boot.json)
check defaults "$diffs" "at first boot every knob holds its stated default, and At boot says so"

machine=$(uname -m)
got=$(jq -r .kernel.machine /tmp/boot.json)
if [ "$got" = "$machine" ]; then
	pass machine "--json names the machine $machine ($( [ -e /proc/sys/kernel/arch ] && echo "from kernel.arch" || echo "this kernel has no kernel.arch"))"
else
	fail machine "--json says machine '$got', uname -m says $machine"
fi

# ---------------------------------------------------------------------------
# What eBPF may do here (reach): every identity probed live; at boot (2) a
# plain user is refused every type by the knob; root's verdicts are bpftool
# feature probe's, and the plain user's bpftool feature probe
# unprivileged's; at 0 the plain user loads what the tool expected at 2.
# user_loads FILE: the types the plain user loads, "prog:NAME map:NAME ..."
user_loads() {
	jq -r '[.reach.identities[] | select(.name == "user")][0] |
		(.prog_types | to_entries[] | select(.value == true) | "prog:" + .key),
		(.map_types | to_entries[] | select(.value == true) | "map:" + .key)' "$1" | tr '\n' ' '
}
knob=$(cat /proc/sys/kernel/unprivileged_bpf_disabled)
diffs=$(jq -r '.reach as $r | if $r.state != "probed" then "reach: \($r.state)" else
	([$r.identities[] | select(.token == null) | .name] | join(",")) as $names |
	(if $names != "self,root,agent,cap_bpf,user,userns" then "identities: \($names)" else empty end),
	([$r.identities[] | select(.probed == false) |
	  select(.name != "userns" or (.error | startswith("unshare(CLONE_NEWUSER)") | not)) |
	  "\(.name) not probed: \(.error)"] | .[]),
	([$r.identities[] | select(.name == "user") | .prog_types, .map_types | to_entries[] |
	  select(.value | type != "object" or .gate != "unprivileged_bpf_disabled" or .errno != 1) |
	  "user \(.key): \(.value | tojson)"] | .[0:3][])
	end' /tmp/boot.json)
check reach-2 "$diffs" "at $knob every identity is probed ($(jq .reach.elapsed_ms /tmp/boot.json) ms), and the knob refuses a plain user every program and map type (EPERM)"

bpftool feature probe -j >/tmp/bt-root.json 2>/dev/null
bpftool feature probe unprivileged -j >/tmp/bt-unpriv.json 2>/dev/null
# agree JSON: where bpftool names a type, the tool's verdict is bpftool's
agree() {
	jq -rn --slurpfile a "$1" --slurpfile root /tmp/bt-root.json --slurpfile unpriv /tmp/bt-unpriv.json '
		def ours($who; $kind): [$a[0].reach.identities[] | select(.name == $who and .token == null)][0][$kind]
			| with_entries(.value = (.value == true));
		def theirs($b; $kind): $b[$kind] | with_entries(.key |= (sub("^have_"; "") | sub("_(prog|map)_type$"; "")));
		(["root", $root[0]], ["user", $unpriv[0]]) as [$who, $b] |
		(["prog_types", "program_types"], ["map_types", "map_types"]) as [$k, $bk] |
		ours($who; $k) as $o | theirs($b; $bk) | to_entries[] |
		select($o[.key] != null and $o[.key] != .value) |
		"\($who) \(.key): bpftool \(.value), the tool \($o[.key])"'
}
diffs=$(agree /tmp/boot.json)
check reach-bpftool "$diffs" "at $knob root's and the plain user's program and map types are bpftool feature probe [unprivileged]'s ($(jq '.program_types | length' /tmp/bt-root.json) program, $(jq '.map_types | length' /tmp/bt-root.json) map types)"

expected=$(jq -r '.reach.plain_user_by_knob["kernel.unprivileged_bpf_disabled"][] | select(.value == 0) |
	(.prog_types[] | "prog:" + .), (.map_types[] | "map:" + .)' /tmp/boot.json | tr '\n' ' ')
echo 0 >/proc/sys/kernel/unprivileged_bpf_disabled
bpfknobs --json >/tmp/reach0.json 2>&1
sf=$(vmhelper as-nobody vmhelper load | head -n1)
echo "$knob" >/proc/sys/kernel/unprivileged_bpf_disabled
seen=$(user_loads /tmp/reach0.json)
diffs=
[ "$seen" = "$expected" ] || diffs="at 0 a plain user loads: $seen; expected at $knob: $expected"
case $seen/$sf in *prog:socket_filter*/*errno=0*) ;; */*errno=0*) diffs="$diffs
vmhelper loaded a socket filter as uid 65534, the tool says it cannot" ;; *prog:socket_filter*/*) diffs="$diffs
the tool says uid 65534 loads socket_filter, vmhelper: $sf" ;; esac
n=$(jq '[.reach.identities[] | select(.name == "user") | .prog_types[], .map_types[] | objects |
	select(.gate == "unprivileged_bpf_disabled")] | length' /tmp/reach0.json)
[ "$n" = 0 ] || diffs="$diffs
at 0, $n refusals put down to the knob"
keep reach-0.json /tmp/reach0.json
check reach-0 "$diffs" "at 0 a plain user loads what the tool expected at $knob: $seen"

# BPF tokens: a container whose bpffs delegates prog_load of xdp alone
mkdir -p /tmp/deleg
vmhelper delegate /tmp/deleg prog_load - xdp any >/tmp/deleg.out 2>&1 &
deleg_pid=$!
for _ in $(seq 150); do
	grep -q '^delegate ' /tmp/deleg.out && break
	sleep 0.2
done
tokens=$(jq -r '.reach.gates.tokens.text' /tmp/boot.json)
major=$(echo "$release" | cut -d. -f1) minor=$(echo "$release" | cut -d. -f2)
if [ "$major" -lt 6 ] || { [ "$major" = 6 ] && [ "$minor" -lt 9 ]; }; then
	# before 6.9 bpffs has no delegate_* options (5.10 ignores unknown
	# ones) and is not mountable in a user namespace (6.1: EPERM)
	bpfknobs --json >/tmp/reach-token.json 2>&1
	n=$(jq '[.reach.gates.delegations[] | select(.mount_point == "/tmp/deleg")] | length' /tmp/reach-token.json)
	case $tokens/$n in
	"none: BPF tokens came in Linux 6.9"*/0) pass reach-token "no BPF tokens here ($(head -c 80 /tmp/deleg.out)), none found, and the tool says they came in 6.9" ;;
	*) fail reach-token "before 6.9: $n delegations found; the tool says: $tokens" ;;
	esac
else
	case $(cat /tmp/deleg.out) in
	"delegate pid="*)
		container=$(sed -n 's/^delegate pid=//p' /tmp/deleg.out)
		bpfknobs --json >/tmp/reach-token.json 2>&1
		bpfknobs --list >/tmp/list-token.txt 2>&1
		keep list-token.txt /tmp/list-token.txt
		diffs=$(jq -r --argjson pid "$container" '.reach as $r |
			([$r.gates.delegations[] | select(.mount_point == "/tmp/deleg")][0]) as $d |
			([$r.identities[] | select(.token.bpffs == "/tmp/deleg")][0]) as $t |
			if $d == null then "no delegation at /tmp/deleg in --json"
			elif $t == null then "no identity with its token"
			else
				(if [$d.delegate_cmds, $d.delegate_progs, $d.delegate_attachs, ($d.processes | map(.pid))]
				    != ["prog_load", "xdp", "any", [$pid]] then "the delegation: \($d | tojson)" else empty end),
				(if $t.token.error != null then "no token: \($t.token.error)" else empty end),
				([$t.prog_types | to_entries[] | select(.value == true) | .key] as $l |
				 if $l != ["xdp"] then "with the token, programs that load: \($l)" else empty end),
				([$t.map_types | to_entries[] | select(.value == true) | .key] as $l |
				 if $l != [] then "with the token, maps that load: \($l)" else empty end),
				([$t.prog_types[] | objects | .gate] | unique | if . != ["token"] then "other refusals: \(.)" else empty end),
				([$r.identities[] | select(.name == "userns" and .token == null)][0].prog_types.xdp.gate as $g |
				 if $g != "token" then "a user namespace without a token: xdp refused by \($g)" else empty end)
			end' /tmp/reach-token.json)
		tr -s ' \n' '  ' </tmp/list-token.txt | grep -q "a process of the user namespace of the bpffs at /tmp/deleg (mount namespace [0-9]*), with a token from it. Loads 1 of" ||
			diffs="$diffs
--list does not show the token's identity loading one program type"
		check reach-token "$diffs" "a user namespace whose bpffs delegates prog_load of xdp loads exactly xdp with its token, and --list says so" ;;
	*) fail reach-token "the container could not be made: $(cat /tmp/deleg.out)" ;;
	esac
fi
kill "$deleg_pid" 2>/dev/null
wait "$deleg_pid" 2>/dev/null

# ---------------------------------------------------------------------------
# Programs: a single-function and a multi-function socket filter, loaded by
# root; --json against bpftool and /proc/kallsyms.
hold single vmhelper load --hold
single_id=$held_id
hold subprog vmhelper load --subprog --hold
subprog_id=$held_id
if [ -z "$single_id" ] || [ -z "$subprog_id" ]; then
	fail load "vmhelper could not load its programs: $(cat /tmp/hold.single /tmp/hold.subprog | tr '\n' ' ')"
fi

# bpfknobs' own iterator (.ours) lives only while bpfknobs runs: bpftool and
# /proc/kallsyms, read after it exits, are compared with the others
bpfknobs --json >/tmp/progs.json 2>&1
bpfknobs --list >/tmp/list-progs.txt 2>&1
keep list-progs.txt /tmp/list-progs.txt
bpftool prog show --json >/tmp/bpftool.json 2>/tmp/bpftool.err
if ! jq -e 'type == "array"' /tmp/bpftool.json >/dev/null 2>&1; then
	fail bpftool "bpftool prog show --json does not run here: $(head -c 200 /tmp/bpftool.err)"
else
	# bpfknobs' own programs (its JIT memory reader) go when it exits,
	# before bpftool runs
	diffs=$(jq -rn --slurpfile a /tmp/progs.json --slurpfile b /tmp/bpftool.json '
		def norm: {id, type, name, tag, bytes_xlated, bytes_jited: (.bytes_jited // 0)};
		($a[0].programs | map(select(.ours | not) | norm) | sort_by(.id)) as $x |
		($b[0] | map(norm) | sort_by(.id)) as $y |
		if $x == $y then empty else "--json \($x | tojson) bpftool \($y | tojson)" end')
	check bpftool "$diffs" "id, type, name, tag, and sizes of $(jq length /tmp/bpftool.json) programs are bpftool's"
fi

# verified_insns exists from 5.16: the kernel shortens bpf_prog_info to
# what it knows (vmhelper reports whether the field came back). Where it
# is absent the tool must say null, never 0 (bpftool 7.1 never prints it).
kernel_says=$(sed -n 's/.* verified_insns=\([a-z]*\).*/\1/p' /tmp/hold.single)
tool_says=$(jq -r --argjson id "${single_id:-0}" '.programs[] | select(.id == $id) | .verified_insns' /tmp/progs.json)
case $kernel_says/$tool_says in
absent/null)
	# --list wraps at 80 columns: the words are looked for across lines
	if tr -s " \n" "  " </tmp/list-progs.txt | grep -q "instructions verified: not reported by this kernel"; then
		pass verified "this kernel does not report verified_insns: --json says null, --list not reported by this kernel"
	else
		fail verified "this kernel does not report verified_insns, but --list says: $(grep "verified" /tmp/list-progs.txt | head -n1)"
	fi ;;
reported/null | reported/0 | absent/*) fail verified "the kernel: verified_insns $kernel_says; --json: $tool_says" ;;
*) pass verified "this kernel reports verified_insns: --json says $tool_says" ;;
esac

# Every symbol --json gives is /proc/kallsyms' name at that address, and
# every [bpf] address of kallsyms is a symbol of a program or another JIT
# image. An address may carry two names (5.10 lists a multi-function
# program's main function under two tags): the tool gives one of them.
kallsyms_bpf | awk '{ print $1, $3 }' >/tmp/ksyms.txt
jq -r '(.programs[] | select(.ours | not) | .id as $id | .symbols[] | "\(.addr) \(.name) prog \($id)"),
	(.other_jit_images[] | "\(.addr) \(.name) other -")' /tmp/progs.json |
	sed 's/^0x//' | awk '{ printf "%016s %s %s %s\n", $1, $2, $3, $4 }' >/tmp/jsyms.txt
diffs=$(awk '
	NR == FNR { names[$1] = names[$1] " " $2 " "; next }
	{ addr = $1; gsub(/ /, "0", addr)
	  seen[addr] = 1
	  if (!(addr in names)) print "--json symbol " $2 " of " $3 " " $4 " at " addr " is not in /proc/kallsyms"
	  else if (index(names[addr], " " $2 " ") == 0) print "--json names " addr " " $2 ", /proc/kallsyms" names[addr] }
	END { for (a in names) if (!(a in seen)) print "/proc/kallsyms has" names[a] "at " a ", --json has no symbol there" }
	' /tmp/ksyms.txt /tmp/jsyms.txt)
n_lines=$(wc -l </tmp/ksyms.txt)
n_addrs=$(awk '{ print $1 }' /tmp/ksyms.txt | sort -u | wc -l)
n_sub=$(jq --argjson id "${subprog_id:-0}" '[.programs[] | select(.id == $id) | .symbols[]] | length' /tmp/progs.json)
[ "$n_sub" = 2 ] || diffs="$diffs
the multi-function program has $n_sub symbols in --json, not 2"
# of two names at one address, the main function gets the program's tag
diffs="$diffs
$(jq -r '.programs[] | . as $p | select(($p.symbols | length) > 0) |
	select($p.symbols[0].name | startswith("bpf_prog_" + $p.tag) | not) |
	"program \($p.id) (tag \($p.tag)): its main function is called \($p.symbols[0].name)"' /tmp/progs.json)"
diffs=$(echo "$diffs" | sed '/^$/d')
check kallsyms "$diffs" "every --json symbol is kallsyms' name at its address ($n_lines [bpf] lines at $n_addrs addresses; the two-function program has 2 symbols)"

# Which bpf() commands unprivileged_bpf_disabled=2 gates: a plain user's
# BPF_OBJ_GET of a pin it may read, against the sentence --json states.
bpftool prog pin id "$single_id" /sys/fs/bpf/bk_single && chmod 0666 /sys/fs/bpf/bk_single
got=$(vmhelper as-nobody vmhelper get /sys/fs/bpf/bk_single)
rm -f /sys/fs/bpf/bk_single
said=$(jq -r '.knobs[] | select(.name == "kernel.unprivileged_bpf_disabled") | .effects' /tmp/boot.json)
case $got/$said in
*EPERM*/*"gates every bpf() command"*) pass gates "uid 65534's BPF_OBJ_GET of a readable pin: EPERM; the tool: it gates every bpf() command" ;;
*errno=0*/*"gates only loading programs and creating maps"*) pass gates "uid 65534's BPF_OBJ_GET of a readable pin works; the tool: it gates only loads and map creation" ;;
*) fail gates "uid 65534's BPF_OBJ_GET of a readable pin: $got; the tool: $said" ;;
esac

# ---------------------------------------------------------------------------
# Holders: bpfknobs' task_file iterator loads on this kernel (CO-RE against
# its BTF, no kernel data symbols needed) and names the holder of each way
# vmhelper holds a program: a program fd, a socket's eBPF filter, a perf
# event running one, a link; the /proc scan (--no-iterator) agrees where
# /proc can tell, and says the socket's holder is not known to it.
vmhelper holders >/tmp/hold.holders 2>&1 &
echo $! >/tmp/hold.holders.pid
for _ in $(seq 150); do
	grep -q '^holders ' /tmp/hold.holders && break
	sleep 0.2
done
hline=$(grep '^holders ' /tmp/hold.holders | head -n1)
hv() { echo "$hline" | sed -n "s/.* $1=\([0-9]*\).*/\1/p"; }
if [ -z "$(hv pid)" ] || [ -z "$(hv prog)" ]; then
	fail holders "vmhelper could not hold its objects: $(head -c 300 /tmp/hold.holders)"
else
	bpfknobs --json >/tmp/holders.json 2>&1
	bpfknobs --json --no-iterator >/tmp/holders-proc.json 2>&1
	keep holders.json /tmp/holders.json
	owners() { # FILE PROG_ID
		jq -c --argjson id "$2" '[.programs[] | select(.id == $id) | .owners[] | {pid, via, fd}]' "$1"
	}
	p=$(hv pid)
	diffs=$(
		got=$(jq -c .holders /tmp/holders.json)
		[ "$got" = '{"source":"iterator","complete":true,"reason":null}' ] || echo "holders $got"
		for w in "prog prog_fd prog_fd" "sock socket sock_fd" "perf perf_event_fd perf_fd" \
			"link_prog link_fd link_fd"; do
			set -- $w
			want="[{\"pid\":$p,\"via\":\"$2\",\"fd\":$(hv "$3")}]"
			got=$(owners /tmp/holders.json "$(hv "$1")")
			[ "$got" = "$want" ] || echo "$1: iterator $got, want $want"
		done
		for w in prog link_prog; do
			a=$(owners /tmp/holders.json "$(hv $w)")
			b=$(owners /tmp/holders-proc.json "$(hv $w)")
			[ "$a" = "$b" ] || echo "$w: iterator $a, /proc $b"
		done
		got=$(owners /tmp/holders-proc.json "$(hv sock)")
		[ "$got" = "[]" ] || echo "sock: /proc $got, want []"
		got=$(jq -c '[.programs[] | select(.ours and .name == "bpfknobs_holders") | .name]' /tmp/holders.json)
		[ "$got" = '["bpfknobs_holders"]' ] || echo "bpfknobs' own iterator: $got"
		got=$(jq -r .holders.source /tmp/holders-proc.json)
		[ "$got" = proc ] || echo "--no-iterator: source $got"
	)
	check holders "$diffs" "bpfknobs' iterator (bpfknobs_holders, labelled its own) names the holder of a program fd, a socket's filter, a perf event's program and a link; /proc agrees where it can"
	# the [bpf] symbols through bpfknobs' ksym iterator (Linux 6.0; 5.10
	# has none and reads /proc/kallsyms), named as the file names them
	want=iterator
	[ "$major" -ge 6 ] || want=proc
	diffs=$(
		got=$(jq -r .kallsyms_source /tmp/holders.json)
		[ "$got" = "$want" ] || echo "kallsyms_source $got, want $want"
		got=$(jq -r .kallsyms_source /tmp/holders-proc.json)
		[ "$got" = proc ] || echo "--no-iterator: kallsyms_source $got"
		syms() { jq -c '.programs[] | select(.ours | not) | {id, symbols, symbols_missing}' "$1"; }
		syms /tmp/holders.json >/tmp/syms.iter
		syms /tmp/holders-proc.json >/tmp/syms.proc
		cmp -s /tmp/syms.iter /tmp/syms.proc ||
			echo "the programs' symbols differ: $(diff /tmp/syms.iter /tmp/syms.proc | head -c 400)"
	)
	check ksyms "$diffs" "the programs' symbols, read through bpfknobs' ksym iterator where the kernel has ksym iterators (here: $want), are those /proc/kallsyms gives"
fi
unhold holders

# ---------------------------------------------------------------------------
# Inside programs: tests/bpf/testprogs.bpf.o (BTF, line info, a subprogram)
# loaded by bpftool, and vmhelper's two without BTF. --dump-prog's
# translated instructions and source lines are bpftool prog dump xlated
# linum's, as text and as JSON (tests/lib/inspect_lib.sh's check_xlated);
# its machine code and the kernel's JIT image go to the host, whose objdump
# the machine code is compared with there (run.sh).
TEST_TMP=/tmp/inspect
builddir=/
mkdir -p "$TEST_TMP" /sys/fs/bpf/bkt
. /inspect_lib.sh
INSPECT_BIN=bpfknobs
ids="$single_id $subprog_id"
if bpftool prog loadall /testprogs.bpf.o /sys/fs/bpf/bkt >/tmp/loadall.err 2>&1; then
	for f in /sys/fs/bpf/bkt/*; do
		ids="$ids $(bpftool -j prog show pinned "$f" | jq .id)"
	done
else
	fail inspect-load "bpftool could not load testprogs.bpf.o: $(head -c 300 /tmp/loadall.err)"
fi
diffs=
for id in $ids; do
	out=$(check_xlated "$id") || diffs="$diffs
$out"
	bpfknobs --dump-prog "$id" --json >"/tmp/prog-$id.json" 2>&1
	keep "prog-$id.json" "/tmp/prog-$id.json"
	if vmhelper jit "$id" >"/tmp/prog-$id.hex" 2>/tmp/jit.err; then
		keep "prog-$id.hex" "/tmp/prog-$id.hex"
	fi
done
check xlated "$diffs" "translated instructions and source lines of $(echo $ids | wc -w) programs are bpftool's (text and -j)"
rm -rf /sys/fs/bpf/bkt

# ---------------------------------------------------------------------------
# The listing knobs and the reasons for a missing symbol. Each state:
# kallsyms [bpf] lines, and the sentence --json gives for root's programs.
# reason_of KNOB-WORDS: the symbols_missing of the single program
reason_of() { bpfknobs --json | jq -r --argjson id "$single_id" '.programs[] | select(.id == $id) | .symbols_missing // "none"'; }
diffs=
for state in "0 1 none" "1 1 bpf_jit_harden is 1" "2 1 bpf_jit_harden is 2" \
	"0 0 bpf_jit_kallsyms is 0" "1 0 bpf_jit_kallsyms is 0 and net.core.bpf_jit_harden is on"; do
	set -- $state
	harden=$1 kallsyms=$2
	shift 2
	want=$*
	echo "$harden" >"$(knob_path net.core.bpf_jit_harden)"
	echo "$kallsyms" >"$(knob_path net.core.bpf_jit_kallsyms)"
	lines=$(kallsyms_bpf | wc -l)
	said=$(reason_of)
	if [ "$want" = none ]; then
		[ "$said" = none ] || diffs="$diffs
harden=$harden kallsyms=$kallsyms: symbols listed ($lines lines) but --json says: $said"
		[ "$lines" -gt 0 ] || diffs="$diffs
harden=$harden kallsyms=$kallsyms: no [bpf] lines"
	else
		case $said in *"$want"*) ;; *) diffs="$diffs
harden=$harden kallsyms=$kallsyms: --json says '$said', not '$want'" ;; esac
		[ "$lines" = 0 ] || diffs="$diffs
harden=$harden kallsyms=$kallsyms: $lines [bpf] lines where --json says none are listed"
	fi
done
echo 0 >"$(knob_path net.core.bpf_jit_harden)"
echo 1 >"$(knob_path net.core.bpf_jit_kallsyms)"
check listing "$diffs" "bpf_jit_harden 0/1/2 x bpf_jit_kallsyms 0/1: kallsyms lines and the reasons --json gives agree"

# bpf_jit_enable=0: a program loads, runs interpreted, has no symbol, and
# the tool says "not JITed"
echo 0 >"$(knob_path net.core.bpf_jit_enable)"
hold interp vmhelper load --hold
echo 1 >"$(knob_path net.core.bpf_jit_enable)"
diffs=
if [ -z "$held_id" ]; then
	diffs="with bpf_jit_enable=0 the load failed: $held_line"
else
	bpfknobs --json >/tmp/interp.json
	said=$(jq -r --argjson id "$held_id" '.programs[] | select(.id == $id) | "\(.jited) \(.bytes_jited) \(.symbols | length) \(.symbols_missing)"' /tmp/interp.json)
	case $said in "false 0 0 Not JITed"*) ;; *) diffs="--json for the interpreted program: $said" ;; esac
	bt=$(bpftool prog show id "$held_id" --json | jq -r '.bytes_jited // 0')
	[ "$bt" = 0 ] || diffs="$diffs
bpftool says $bt bytes JITed"
	# the code view: translated instructions, and why there is no machine code
	said=$(bpfknobs --dump-prog "$held_id" --json | jq -r '"\(.machine_error) \(.functions[0].insns | length)"')
	case $said in "Not JITed"*" "[1-9]*) ;; *) diffs="$diffs
--dump-prog of the interpreted program: $said" ;; esac
fi
unhold interp
check jit-off "$diffs" "bpf_jit_enable=0: the program loads interpreted, --json says not JITed, --dump-prog shows its instructions and says why no machine code"

# bpf_jit_enable=2: the kernel warns, and dumps the next JIT image
dmesg -c >/dev/null
echo 2 >"$(knob_path net.core.bpf_jit_enable)" 2>/tmp/err
hold dump vmhelper load
echo 1 >"$(knob_path net.core.bpf_jit_enable)"
dmesg >/tmp/dmesg.txt
diffs=
grep -q "bpf_jit_enable = 2 was set" /tmp/dmesg.txt || diffs="no warning in the kernel log: $(cat /tmp/err)"
grep -q "JIT code:" /tmp/dmesg.txt || diffs="$diffs
no JIT image dumped in the kernel log"
jq -e '.knobs[] | select(.name == "net.core.bpf_jit_enable") | .values[] | select(.value == 2) | .meaning | test("kernel log")' \
	/tmp/boot.json >/dev/null || diffs="$diffs
--json's meaning of 2 does not mention the kernel log"
check jit-dump "$diffs" "bpf_jit_enable=2: warning and JIT image in the kernel log, as the tool says"

unhold single
unhold subprog

# ---------------------------------------------------------------------------
# Every value of every knob, written once: what the kernel answers against
# what --json's allowed values claim. Out-of-range probes are the bounds
# plus and minus one and -1. One-way values wait for the lock check.
jq -r '.knobs[] | select(.value != null) | . as $k |
	(if (.allowed | type) == "array" then
		([.values[].value] + .allowed) as $v |
		($v + [($v | min) - 1, ($v | max) + 1, -1] | unique)
	 else
		[.allowed.min, .allowed.max, .allowed.min - 1, .allowed.max + 1, -1, .default.value] |
		map(select(. != null)) | unique
	 end) | map(select(. as $x | $k.one_way_values | index($x) | not)) |
	"\($k.name) \($k.path) \(map(tostring) | join(" "))"' /tmp/boot.json >/tmp/candidates.txt
while read -r name path values; do
	vmhelper try "$path" $values >/tmp/try.txt
	diffs=$(jq -r --arg n "$name" '.knobs[] | select(.name == $n) |
		if (.allowed | type) == "array" then .allowed | map(tostring) | join(" ")
		else "range \(.allowed.min) \(.allowed.max)" end' /tmp/boot.json |
	awk -v orig="$(cat "$path")" -v name="$name" '
		NR == 1 { if ($1 == "range") { lo = $2; hi = $3; range = 1 } else for (i = 1; i <= NF; i++) ok[$i] = 1; next }
		/restore_failed/ { print name ": could not restore " orig; next }
		{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }
		  v = f["value"]; e = f["errno"]
		  claim = range ? (v + 0 >= lo + 0 && v + 0 <= hi + 0) : (v in ok)
		  took = (e == 0 && f["readback"] == v)
		  if (claim && !took) print name "=" v ": allowed by the tool, the kernel said " f["name"] " and holds " f["readback"]
		  else if (!claim && took && v != orig) print name "=" v ": refused by the tool, the kernel took it"
		  else if (!claim && e == 0 && v != orig) silent = silent " " v
		  else if (!claim) refused = refused " " v "(" f["name"] ")"
		  else accepted = accepted " " v }
		END { if (silent != "") print "NOTE " name ": the kernel answered success to" silent " but kept " orig }
	' - /tmp/try.txt)
	notes=$(echo "$diffs" | sed -n 's/^NOTE //p')
	diffs=$(echo "$diffs" | grep -v '^NOTE ')
	check "write" "$diffs" "$name: $(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }; printf "%s %s, ", f["value"], f["name"] }' /tmp/try.txt | sed 's/, $//') as claimed${notes:+; $notes}"
done </tmp/candidates.txt

# kptr_restrict=2: writing bpf_jit_enable=2 needs the right to see kernel
# addresses, which the tool's write_access says
hold kptr vmhelper load --hold
echo 2 >/proc/sys/kernel/kptr_restrict
got=$(vmhelper try "$(knob_path net.core.bpf_jit_enable)" 2)
kptr_said=$(bpfknobs --dump-prog "$held_id" --json | jq -r '"\(.machine_error)|\(.xlated_error)"')
echo 0 >/proc/sys/kernel/kptr_restrict
unhold kptr
diffs=
case $got in *"name=EPERM"*) ;; *) diffs="with kptr_restrict=2 writing 2 gave: $got" ;; esac
jq -e '.knobs[] | select(.name == "net.core.bpf_jit_enable") | .write_access | test("kptr_restrict")' \
	/tmp/boot.json >/dev/null || diffs="$diffs
--json's write_access does not mention kptr_restrict"
case $kptr_said in *"kernel.kptr_restrict is 2"*"|null") ;; *) diffs="$diffs
--dump-prog with kptr_restrict=2: $kptr_said" ;; esac
check jit-enable-2 "$diffs" "with kptr_restrict=2 writing bpf_jit_enable=2 gives EPERM, as write_access says, and --dump-prog says the machine code is withheld and why"

# ---------------------------------------------------------------------------
# A change through the real change path: --set, read back, audit record.
path=$(knob_path net.core.bpf_jit_harden)
out=$(bpfknobs --set net.core.bpf_jit_harden=2 2>&1)
rc=$?
diffs=
[ "$rc" = 0 ] || diffs="--set net.core.bpf_jit_harden=2: exit $rc: $out"
[ "$(cat "$path")" = 2 ] || diffs="$diffs
after --set the file holds $(cat "$path")"
sleep 0.3
grep -q "net.core.bpf_jit_harden 0 -> 2 by uid 0" /tmp/messages || diffs="$diffs
no audit record in syslog: $(tail -n 3 /tmp/messages | tr '\n' ' ')"
out=$(bpfknobs --set net.core.bpf_jit_harden=0 --expect 2 2>&1) || diffs="$diffs
--set back to 0: $out"
out=$(bpfknobs --set net.core.bpf_jit_limit=-1 2>&1)
rc=$?
[ "$rc" = 0 ] && diffs="$diffs
--set net.core.bpf_jit_limit=-1 succeeded: $out"
[ "$(cat "$(knob_path net.core.bpf_jit_limit)")" = "$(jq -r '.knobs[] | select(.name == "net.core.bpf_jit_limit") | .value' /tmp/boot.json)" ] ||
	diffs="$diffs
--set bpf_jit_limit=-1 changed the limit"
check set "$diffs" "--set wrote, read back and logged net.core.bpf_jit_harden 0 -> 2 -> 0; --set bpf_jit_limit=-1 refused (exit $rc), nothing written"

# ---------------------------------------------------------------------------
# A plain user's view (uid 65534), and root without CAP_SYS_ADMIN.
vmhelper as-nobody bpfknobs --json >/tmp/nobody.json 2>&1
diffs=$(jq -r '.knobs[] | "\(.name) \(.path) \(.readable_by_anyone) \(.value)"' /tmp/nobody.json |
	while read -r name path anyone value; do
		got=$(vmhelper as-nobody vmhelper read "$path")
		case $anyone/$got in
		true/*errno=0*) [ "$value" = "$(cat "$path")" ] || echo "$name: uid 65534 sees $value" ;;
		false/*EACCES*) [ "$value" = null ] || echo "$name: --json gives uid 65534 a value $value" ;;
		*) echo "$name: readable_by_anyone $anyone, the kernel: $got" ;;
		esac
	done)
jq -e '.programs == null and (.programs_error | length > 0)' /tmp/nobody.json >/dev/null ||
	diffs="$diffs
uid 65534 gets programs: $(jq -c '{programs_error}' /tmp/nobody.json)"
check nobody "$diffs" "uid 65534 reads what readable_by_anyone says (EACCES on the rest), and is told why programs are not listed"

vmhelper no-sysadmin bpfknobs --json >/tmp/nocap.json 2>&1
diffs=$(jq -r '.knobs[] | select(.readable_by_anyone == false) | "\(.name) \(.path) \(.value) \(.error)"' /tmp/nocap.json |
	while read -r name path value error; do
		got=$(vmhelper no-sysadmin vmhelper read "$path")
		case $got in *EPERM*) ;; *) echo "$name: without CAP_SYS_ADMIN the kernel said: $got" ;; esac
		case $value/$error in null/*CAP_SYS_ADMIN*) ;; *) echo "$name: --json without CAP_SYS_ADMIN: $value $error" ;; esac
	done)
check no-sysadmin "$diffs" "root without CAP_SYS_ADMIN: EPERM on the 0600 knobs, and --json names CAP_SYS_ADMIN"

# A new network namespace: the net.core knobs are absent there.
unshare -n bpfknobs --json >/tmp/netns.json 2>&1
diffs=$(jq -r '
	(if .kernel.network_namespace != "other" then "network_namespace: \(.kernel.network_namespace)" else empty end),
	(.knobs[] | select(.name | startswith("net.")) | select(.value != null or (.error | test("namespace") | not)) |
		"\(.name): \(.value) \(.error)")' /tmp/netns.json)
got=$(unshare -n vmhelper read "$(knob_path net.core.bpf_jit_enable)")
case $got in *ENOENT*) ;; *) diffs="$diffs
in a new network namespace bpf_jit_enable: $got" ;; esac
for name in $(jq -r '.knobs[] | select(.name | startswith("net.") | not) | .name' /tmp/netns.json); do
	a=$(jq --arg n "$name" '.knobs[] | select(.name == $n) | .value' /tmp/netns.json)
	b=$(cat "$(knob_path "$name")")
	[ "$a" = "$b" ] || diffs="$diffs
$name in a new network namespace: $a, the file holds $b"
done
check netns "$diffs" "in a new network namespace the net.core knobs are absent, with the namespace as the reason; kernel.* read as usual"

# ---------------------------------------------------------------------------
# An unprivileged loader (unprivileged_bpf_disabled=0): JITed without a
# symbol; then with bpf_jit_limit=1, what the kernel does against the
# sentence the tool states for this kernel.
limit_path=$(knob_path net.core.bpf_jit_limit)
limit=$(cat "$limit_path")
bpfknobs --set kernel.unprivileged_bpf_disabled=0 >/dev/null 2>&1
hold unpriv vmhelper as-nobody vmhelper load --hold
diffs=
if [ -z "$held_id" ]; then
	diffs="uid 65534 could not load with unprivileged_bpf_disabled=0: $held_line"
else
	said=$(bpfknobs --json | jq -r --argjson id "$held_id" '.programs[] | select(.id == $id) | "\(.jited) \(.uid) \(.symbols_missing)"')
	case $said in "true 65534 Not in /proc/kallsyms"*"unprivileged"*) ;; *) diffs="--json for uid 65534's program: $said" ;; esac
	kallsyms_bpf | grep -q "$(bpftool prog show id "$held_id" --json | jq -r .tag)" &&
		diffs="$diffs
uid 65534's program is in /proc/kallsyms"
fi
unhold unpriv
# the verifier keeps BPF-to-BPF calls from loaders without CAP_BPF
sub=$(vmhelper as-nobody vmhelper load --subprog | head -n1)
case $sub in *errno=0*) diffs="$diffs
uid 65534 loaded a program with a BPF-to-BPF call: $sub" ;; esac
jq -e '.knobs[] | select(.name == "kernel.unprivileged_bpf_disabled") | .values[] | select(.value == 0) |
	.meaning | test("no calls between BPF functions")' /tmp/boot.json >/dev/null || diffs="$diffs
the tool's meaning of unprivileged_bpf_disabled=0 does not say the verifier refuses such calls"
check unpriv-load "$diffs" "uid 65534 loads with unprivileged_bpf_disabled=0: JITed, no symbol, and --json says why; a BPF-to-BPF call refused ($(echo "$sub" | sed 's/.*name=\([A-Z]*\).*/\1/'))"

echo 1 >"$limit_path"
hold overlimit vmhelper as-nobody vmhelper load --hold
echo "$limit" >"$limit_path"
effects=$(jq -r '.knobs[] | select(.name == "net.core.bpf_jit_limit") | .effects + " " + .summary' /tmp/boot.json)
outcome=
if [ -n "$held_id" ]; then
	jited=$(bpftool prog show id "$held_id" --json | jq -r '.bytes_jited // 0')
	if [ "$jited" = 0 ]; then
		outcome="loads and runs in the interpreter"
		want="runs in the interpreter"
	else
		outcome="loads JITed ($jited bytes): the limit did not apply"
		want="-"
	fi
else
	outcome="fails: $held_line"
	want="fails with ENOTSUPP"
	case $held_line in *errno=524*) ;; *) want="-" ;; esac
fi
unhold overlimit
case $effects in
*"$want"*) pass jit-limit "past bpf_jit_limit=1 an unprivileged load $outcome, as the tool says" ;;
*) fail jit-limit "past bpf_jit_limit=1 an unprivileged load $outcome; the tool says: $effects" ;;
esac

# ---------------------------------------------------------------------------
# JIT memory in use (the bpf_jit_limit row, --json's jit_memory). These
# kernels list bpf_jit_current in /proc/kallsyms (CONFIG_KALLSYMS_ALL), so
# the reading must be exact; it is checked against the kernel's own
# enforcement: with bpf_jit_limit at the reported use plus the charge of a
# plain user's classic filter, the filter is JITed; one byte lower, the
# kernel refuses to JIT it (ENOTSUPP, or the interpreter, per kernel). With
# bpf_jit_enable=2 the kernel logs every image it JITs ("flen=N proglen=P"),
# which says whether it did and how long the image is.
jm_major=$(echo "$release" | sed 's/^\([0-9]*\)\..*/\1/')
jm_minor=$(echo "$release" | sed 's/^[0-9]*\.\([0-9]*\).*/\1/')
jm_pack=0
[ "$jm_major" -gt 5 ] || { [ "$jm_major" = 5 ] && [ "$jm_minor" -ge 18 ]; } && jm_pack=1
# what the kernel charges one image of LEN bytes: bpf_jit_binary_pack_alloc()
# from 5.18, else bpf_jit_binary_alloc() (x86's JIT pads LEN to 4 first)
jm_rule() {
	jm_len=$((($1 + 3) / 4 * 4))
	if [ "$jm_pack" = 1 ]; then
		echo $(((jm_len + 8 + 16 + 63) / 64 * 64))
	else
		echo $(((jm_len + 8 + 128 + 4095) / 4096 * 4096))
	fi
}
# jm_read FILE: bpfknobs --json into FILE; sets jm_used, jm_method, jm_est.
# bpfknobs' own reader is freed after it exits (after an RCU grace period
# and a work item: bpf_prog_put()), so each read waits a moment after.
jm_read() {
	bpfknobs --json >"$1" 2>/dev/null
	jm_used=$(jq -r .jit_memory.used_bytes "$1")
	jm_method=$(jq -r .jit_memory.method "$1")
	jm_est=$(jq -r .jit_memory.estimate_bytes "$1")
	sleep 1
}
# jm_jited: the proglen of the last image the kernel logged for vmhelper,
# empty when none
jm_jited() { dmesg | sed -n 's/.*flen=[0-9]* proglen=\([0-9]*\) .*from=vmhelper.*/\1/p' | tail -n1; }

jm_limit_path=$(knob_path net.core.bpf_jit_limit)
jm_limit=$(cat "$jm_limit_path")
# what earlier checks freed may still be charged for a moment: the reading
# at rest is the one two runs a second apart agree on
jm_read /tmp/jm1.json
for _ in 1 2 3 4 5; do
	jm_prev=$jm_used
	jm_read /tmp/jm1.json
	[ "$jm_used" = "$jm_prev" ] && break
done
keep jm-boot.json /tmp/jm1.json
diffs=
[ "$jm_method" = bpf_jit_current ] || diffs="method $jm_method: $(jq -r .jit_memory.reason /tmp/jm1.json)"
[ "$jm_prev" = "$jm_used" ] || diffs="$diffs
no two readings a second apart agree: the last two $jm_prev, $jm_used"
jm_boot=$jm_used jm_boot_est=$jm_est
# a second reader, vmhelper's (bare bpf() calls), reads the same counter
# once bpfknobs' own reader is gone: less its own image, the same use
jm_bare=$(vmhelper counter 0 1)
jm_ptp=$(grep -c ' ptp_classifier_init$' /proc/kallsyms)
jm_bare_raw=$(echo "$jm_bare" | sed -n 's/.* raw=\([0-9]*\) .*/\1/p')
jm_bare_len=$(echo "$jm_bare" | sed -n 's/.* jited=\([0-9]*\).*/\1/p')
if [ -z "$jm_bare_raw" ]; then
	diffs="$diffs
vmhelper could not read the counter: $jm_bare"
else
	[ "$jm_pack" = 1 ] || jm_bare_raw=$((jm_bare_raw * 4096))
	jm_bare_use=$((jm_bare_raw - $(jm_rule "$jm_bare_len")))
	[ "$jm_bare_use" = "$jm_used" ] || diffs="$diffs
vmhelper's bare reader: $jm_bare_use bytes in use (its own image left out), bpfknobs: $jm_used"
fi
check jit-exact "$diffs" "bpf_jit_current read exactly: $jm_used bytes in use at boot ($(jq -r .jit_memory.counter_unit /tmp/jm1.json) counter; bpfknobs' own $(jq -r .jit_memory.own_bytes /tmp/jm1.json) bytes left out); a bare reader of vmhelper's agrees (ptp_classifier_init in kallsyms: $jm_ptp)"

# A plain user's classic filter under the default limit: JITed, and the
# reading grows by what the kernel's rule charges for the logged image.
echo 2 >"$(knob_path net.core.bpf_jit_enable)"
dmesg -c >/dev/null
hold cbpf vmhelper as-nobody vmhelper cbpf 300 --hold
jm_len=$(jm_jited)
jm_read /tmp/jm2.json
unhold cbpf
sleep 1 # the socket's filter is freed after an RCU grace period
jm_charge=$((jm_used - jm_boot))
diffs=
case $held_line in *errno=0*) ;; *) diffs="the plain user's filter did not attach: $held_line" ;; esac
[ -n "$jm_len" ] || diffs="$diffs
the kernel logged no JIT image for the filter"
[ -n "$jm_len" ] && [ "$jm_charge" != "$(jm_rule "$jm_len")" ] && diffs="$diffs
the reading grew by $jm_charge bytes; the rule charges $(jm_rule "$jm_len") for a $jm_len-byte image"
jm_read /tmp/jm3.json
[ "$jm_used" = "$jm_boot" ] || diffs="$diffs
after the filter went, $jm_used bytes in use, not $jm_boot"
check jit-charge "$diffs" "a plain user's 300-instruction classic filter: a ${jm_len:-?}-byte image, the reading grew by $jm_charge bytes, its rule's charge; back to $jm_boot after"

# The boundary: the limit at use + charge lets the filter be JITed; one
# byte less refuses it. A reading off by even one unit fails one of them.
diffs=
echo $((jm_boot + jm_charge)) >"$jm_limit_path"
dmesg -c >/dev/null
hold at vmhelper as-nobody vmhelper cbpf 300 --hold
jm_at_len=$(jm_jited) jm_at_line=$held_line
unhold at
sleep 1
echo $((jm_boot + jm_charge - 1)) >"$jm_limit_path"
dmesg -c >/dev/null
hold below vmhelper as-nobody vmhelper cbpf 300 --hold
jm_below_len=$(jm_jited) jm_below_line=$held_line
unhold below
echo "$jm_limit" >"$jm_limit_path"
echo 1 >"$(knob_path net.core.bpf_jit_enable)"
[ -n "$jm_at_len" ] || diffs="with bpf_jit_limit=$((jm_boot + jm_charge)) (use + charge) the filter was not JITed: $jm_at_line"
[ -z "$jm_below_len" ] || diffs="$diffs
with bpf_jit_limit=$((jm_boot + jm_charge - 1)) the filter was JITed all the same"
case $jm_below_line in
*errno=524*) jm_below="refused with ENOTSUPP (524)"; jm_want="fails with ENOTSUPP" ;;
*errno=0*) jm_below="attached and runs interpreted"; jm_want="runs in the interpreter" ;;
*) jm_below="$jm_below_line"; jm_want="-" ;;
esac
case $(jq -r '.knobs[] | select(.name == "net.core.bpf_jit_limit") | .effects' /tmp/jm1.json) in
*"$jm_want"*) ;;
*) diffs="$diffs
one byte past the limit the filter $jm_below, which the tool does not say" ;;
esac
check jit-boundary "$diffs" "bpf_jit_limit=$((jm_boot + jm_charge)) (use + charge): the plain user's filter JITed; $((jm_boot + jm_charge - 1)): $jm_below, as the tool says"

# What the estimate misses: its error against the exact reading at boot,
# and with programs, a trampoline and a classic filter loaded.
hold single vmhelper load --hold
hold subprog vmhelper load --subprog --hold
jm_read /tmp/jm4.json
jm_progs=$jm_used
hold fentry vmhelper fentry --hold
jm_fentry_line=$held_line
jm_read /tmp/jm5.json
jm_tramp=$((jm_used - jm_progs))
hold cbpf vmhelper as-nobody vmhelper cbpf 300 --hold
jm_read /tmp/jm6.json
keep jm-loaded.json /tmp/jm6.json
unhold cbpf
unhold fentry
unhold single
unhold subprog
diffs=
jm_rules=$(jq -r '[.programs[] | select(.name == "bk_single" or .name == "bk_subprog") | .jit_charge_bytes] | add' /tmp/jm4.json)
[ "$((jm_progs - jm_boot))" = "$jm_rules" ] || diffs="two programs: the reading grew by $((jm_progs - jm_boot)) bytes, their charges by the rule add up to $jm_rules"
jm_tramp=$((jm_tramp - $(jq -r '[.programs[] | select(.name == "bk_fentry") | .jit_charge_bytes] | add' /tmp/jm5.json)))
jm_tramp_est=$(jq -r .jit_memory.parts.trampolines.bytes /tmp/jm5.json)
# a page per trampoline before 6.8; from 6.8 its own size, up to a page,
# which the kernel reports nowhere (the estimate counts the page)
jm_ver=$((jm_major * 256 + jm_minor))
case $jm_fentry_line in
*errno=0*)
	if [ "$jm_ver" -lt $((6 * 256 + 8)) ]; then
		[ "$jm_tramp" = "$jm_tramp_est" ] || diffs="$diffs
the trampoline: the reading grew by $jm_tramp bytes, the estimate counts $jm_tramp_est"
	elif [ "$jm_tramp" -le 0 ] || [ "$jm_tramp" -gt "$jm_tramp_est" ]; then
		diffs="$diffs
the trampoline: the reading grew by $jm_tramp bytes, the estimate counts at most $jm_tramp_est"
	fi ;;
*) diffs="$diffs
no trampoline: $jm_fentry_line" ;;
esac
jm_err() { echo $(($(jq -r .jit_memory.estimate_bytes "$1") - $(jq -r .jit_memory.used_bytes "$1"))); }
check jit-estimate "$diffs" "estimate minus exact: $(jm_err /tmp/jm1.json) bytes at boot, $(jm_err /tmp/jm4.json) with two programs, $(jm_err /tmp/jm5.json) with a trampoline too (it took $jm_tramp bytes, the estimate counts $jm_tramp_est), $(jm_err /tmp/jm6.json) with a classic filter too (the estimate counts none)"

# ---------------------------------------------------------------------------
# The one-way lock, last: --set refuses 1 without --allow-one-way, writes it
# with; then the kernel refuses 0 and 2 with EPERM, and --json and --list
# say so.
path=$(knob_path kernel.unprivileged_bpf_disabled)
diffs=
bpfknobs --set kernel.unprivileged_bpf_disabled=1 >/tmp/set.txt 2>&1
rc=$?
[ "$rc" = 3 ] && [ "$(cat "$path")" != 1 ] || diffs="--set =1 without --allow-one-way: exit $rc, file $(cat "$path")"
bpfknobs --set kernel.unprivileged_bpf_disabled=1 --allow-one-way >/tmp/set.txt 2>&1 ||
	diffs="$diffs
--set =1 --allow-one-way: $(cat /tmp/set.txt)"
bpfknobs --json >/tmp/locked.json
bpfknobs --list >/tmp/list-locked.txt 2>&1
keep list-locked.txt /tmp/list-locked.txt
claim=$(jq -r '.knobs[] | select(.name == "kernel.unprivileged_bpf_disabled") | "\(.locked) \(.allowed | map(tostring) | join(","))"' /tmp/locked.json)
[ "$claim" = "true 1" ] || diffs="$diffs
--json after the lock: locked/allowed $claim"
vmhelper try "$path" 0 2 1 3 -1 >/tmp/try.txt
got=$(awk '{ for (i = 2; i <= NF; i++) { split($i, kv, "="); f[kv[1]] = kv[2] }; printf "%s:%s ", f["value"], f["name"] }' /tmp/try.txt)
[ "$got" = "0:EPERM 2:EPERM 1:OK 3:EINVAL -1:EINVAL " ] || diffs="$diffs
the kernel after the lock: $got"
grep -q "only 1 until reboot" /tmp/list-locked.txt || diffs="$diffs
--list does not say only 1 until reboot"
out=$(bpfknobs --set kernel.unprivileged_bpf_disabled=2 2>&1)
rc=$?
[ "$rc" = 3 ] || diffs="$diffs
--set =2 while locked: exit $rc: $out"
check lock "$diffs" "after 1: the kernel answers $got; --json and --list say only 1 until reboot; --set =2 refused"

# ---------------------------------------------------------------------------
# Lockdown for confidentiality, after the lock (it cannot be undone either):
# the kernel takes bpf_probe_read_kernel() from every program, so the JIT
# memory reading becomes the estimate, and the reason names the lockdown.
# Where the lockdown LSM is not active there is nothing to lock: said so.
mkdir -p /sys/kernel/security
mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
if [ ! -w /sys/kernel/security/lockdown ]; then
	pass lockdown "this kernel has no active lockdown LSM: nothing to check"
else
	echo confidentiality >/sys/kernel/security/lockdown 2>/tmp/lockdown.err
	jm_lock=$(cat /sys/kernel/security/lockdown)
	bpfknobs --json >/tmp/jm-lockdown.json 2>&1
	diffs=
	case $jm_lock in *"[confidentiality]"*) ;; *) diffs="the kernel did not lock down: $jm_lock $(cat /tmp/lockdown.err)" ;; esac
	got=$(jq -r '.jit_memory | "\(.method) \(.reason)"' /tmp/jm-lockdown.json)
	case $got in
	"estimate the kernel is locked down for confidentiality"*) ;;
	*) diffs="$diffs
--json under lockdown=confidentiality: $got" ;;
	esac
	# the kernel's side: a reader that does not look at the file is refused
	jm_bare=$(vmhelper counter 0 1)
	case $jm_bare in *"(load)"*) ;; *) diffs="$diffs
vmhelper's bare reader under lockdown=confidentiality: $jm_bare" ;; esac
	check lockdown "$diffs" "lockdown=confidentiality: a reader's load is refused ($(echo "$jm_bare" | sed -n 's/.*name=\([A-Z]*\).*/\1/p')); the reading falls back to the estimate, and says why: $(jq -r .jit_memory.reason /tmp/jm-lockdown.json)"
fi
