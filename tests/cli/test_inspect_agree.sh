# Inside programs and maps, against bpftool and objdump: for every program
# the real-loader tests load (tests/helpers/progs_loader's kinds,
# tests/helpers/objs_loader's maps, netfilter, cc and xdp, and everything
# tests/lib/attach_lib.sh attaches with ip, tc, bpftool and attach_loader),
# --dump-prog's translated instructions and source lines are bpftool prog
# dump xlated linum's, and its machine code is objdump's disassembly of the
# JIT image instruction by instruction (tests/lib/inspect_lib.sh says what
# is normalised, and why it is spelling only). Every map those programs
# use, filled by this test, and a per-CPU map without BTF it makes, dump as
# bpftool map dump -j does. It holds the kernel lock shared: a knob moved
# by another test (bpf_jit_harden hides the JIT symbols bpftool and
# bpfknobs both name calls by) would make the two read different kernels.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/lib/attach_lib.sh"
. "$srcdir/tests/lib/inspect_lib.sh"
trap 'attach_teardown; lib_cleanup' EXIT

need_cmd objdump binutils
need_cmd perl perl
[ "$(uname -m)" = x86_64 ] || skip "the machine code is compared with objdump -mi386:x86-64"
# exclusive: it registers the struct_ops congestion controls bk_cc_one and
# bk_cc_two, kernel-wide names that test_screen_images.sh registers too
lock_kernel exclusive

# check_maps: the maps seen so far, filled with entries first (they are
# this test's own), each checked once
check_maps() {
	for m in $(echo $maps | tr ' ' '\n' | sort -un); do
		case " ${checked_maps:-} ${skipped_maps:-} " in *" $m "*) continue ;; esac
		info=$(bpftool -j map show id "$m")
		type=$(printf '%s' "$info" | jq -r .type)
		ks=$(printf '%s' "$info" | jq -r .bytes_key)
		vs=$(printf '%s' "$info" | jq -r .bytes_value)
		case $type in hash | array)
			for k in 1 2 3; do
				key="$k $(printf '0 %.0s' $(seq $((ks - 1))))"
				val=$(for i in $(seq "$vs"); do printf '%d ' $(((k * 7 + i) % 256)); done)
				bpftool map update id "$m" key $key value $val 2>/dev/null
			done ;;
		esac
		if [ "$("$INSPECT_BIN" --dump-map "$m" --json | jq -r .not_dumped)" != null ]; then
			skipped_maps="${skipped_maps:-} $m"
			continue
		fi
		out=$(check_map "$m") || problems="$problems
$out"
		checked_maps="${checked_maps:-} $m"
	done
}

problems=
maps=
ids=
# check ID...: the program checks, each problem kept
check_progs() {
	for id in "$@"; do
		ids="$ids $id"
		out=$(check_xlated "$id") || problems="$problems
$out"
		out=$(check_machine "$id") || problems="$problems
$out"
		maps="$maps $(bpftool -j prog show id "$id" | jq -r '.map_ids // [] | .[]')"
	done
}
# the maps a loader's programs use are checked while it holds them
for kind in single subprog btf nobtf unnamed maps netfilter cc; do
	case $kind in maps | netfilter | cc) LOADER=objs_loader load_program "$kind" ;;
	*) load_program "$kind" ;;
	esac
	check_progs $LOADED_IDS
	[ "$kind" = maps ] && check_maps
	unload_programs
	# every loader is gone: their descriptors and fifos are free again
	LOADER_NEXT_FD=3
	rm -f "$TEST_TMP"/loader.*.in
done
attach_setup
OBJS_XDP_DEV=$ATT_VETH_B LOADER=objs_loader load_program xdp
check_progs $LOADED_IDS
for v in $(set | sed -n 's/^\(ATT_ID_[a-z_]*\)=.*/\1/p'); do
	eval "check_progs \$$v"
done
check_maps
n=$(echo $ids | wc -w)
[ "$n" -ge 25 ] || problems="$problems
only $n programs checked: $ids"

# a per-CPU hash map without BTF: values per CPU, in hex
bpftool map create "$ATT_BPFFS/bk_pcpu" type percpu_hash key 4 value 12 entries 8 \
	name "bk_pcpu$$" >/dev/null 2>&1 || fail "bpftool could not create a per-CPU map"
pcpu=$(bpftool -j map show pinned "$ATT_BPFFS/bk_pcpu" | jq .id)
bpftool map update pinned "$ATT_BPFFS/bk_pcpu" key 5 0 0 0 value 1 2 3 4 5 6 7 8 9 10 11 12 ||
	fail "cannot fill the per-CPU map"
out=$(check_map "$pcpu") || problems="$problems
$out"
expect_eq "the per-CPU map's values" \
	"$("$INSPECT_BIN" --dump-map "$pcpu" --json | jq -c '[.percpu, (.entries[0].values_hex | length), .entries[0].values[0]]')" \
	"[true,$(tr ',' '\n' </sys/devices/system/cpu/possible |
		awk -F- '{ n += NF == 2 ? $2 - $1 + 1 : 1 } END { print n }'),null]"
rm -f "$ATT_BPFFS/bk_pcpu"

# a plain user is told what is needed, and gets nothing else
for what in prog map; do
	case $what in prog) oid=$(echo $ids | cut -d' ' -f1) ;; map) oid=$pcpu ;; esac
	out=$(as_nobody "$INSPECT_BIN" --dump-$what "$oid" 2>"$TEST_TMP/nobody.err")
	status=$?
	expect_eq "--dump-$what as uid 65534: exit status" "$status" 1
	expect_eq "--dump-$what as uid 65534: output" "$out" ""
	case $what in
	prog) want="bpfknobs: program $oid: Reading a program's instructions needs CAP_SYS_ADMIN (BPF_PROG_GET_FD_BY_ID): run bpfknobs as root." ;;
	map) want="bpfknobs: map $oid: Reading a map needs CAP_SYS_ADMIN (BPF_MAP_GET_FD_BY_ID): run bpfknobs as root." ;;
	esac
	expect_eq "--dump-$what as uid 65534: the reason" "$(cat "$TEST_TMP/nobody.err")" "$want"
done

[ -z "$problems" ] || fail "$problems"
echo "agree with bpftool and objdump: $n programs ($ids), maps$checked_maps $pcpu"
