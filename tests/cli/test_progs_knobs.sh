# bpf_jit_kallsyms 1 -> 0 and bpf_jit_harden 0 -> 1 through the CLI: the
# symbols go and the reason names the knob; back again, they return. The
# original values are restored on any exit.
. "$srcdir/tests/lib/lib.sh"
need_root
need_cmd jq jq
lock_kernel exclusive

KS=/proc/sys/net/core/bpf_jit_kallsyms
HARDEN=/proc/sys/net/core/bpf_jit_harden
saved_ks=$(cat $KS) saved_harden=$(cat $HARDEN)
cleanup() {
	echo "$saved_ks" >$KS
	echo "$saved_harden" >$HARDEN
	lib_cleanup
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

load_program subprog
id=$LOADED_IDS

# prog FIELD: a field of the loaded program in a fresh --json
prog() {
	"$BPFKNOBS" --json | jq -c --argjson id "$id" ".programs[] | select(.id == \$id) | $1"
}
listed() {
	expect_eq "$1: names" "$(prog '[.symbols[].name | type]')" '["string","string"]'
	expect_eq "$1: symbols_missing" "$(prog .symbols_missing)" null
}
hidden() {
	expect_eq "$1: names" "$(prog '[.symbols[].name]')" '[null,null]'
	expect_match "$1: addresses kept" "$(prog '[.symbols[].addr]')" '"0xf'
	expect_match "$1: the reason" "$(prog .symbols_missing)" "$2"
}

echo 0 >$HARDEN
echo 1 >$KS
listed "kallsyms=1"
echo 0 >$KS
hidden "kallsyms=0" 'bpf_jit_kallsyms is 0'
echo 1 >$KS
listed "kallsyms back to 1"
echo 1 >$HARDEN
hidden "harden=1" 'bpf_jit_harden is 1'
echo 0 >$HARDEN
listed "harden back to 0"
exit 0
