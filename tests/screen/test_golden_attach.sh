# Whole screens of the program table with real attachments, byte for byte
# against tests/golden/screen-attach/: XDP and tc on a veth (ip, tc), a cgroup
# (bpftool, and a link), tcx, tracepoints through a link and a perf event,
# a raw tracepoint, a uprobe and an iterator (tests/helpers/attach_loader),
# at 80x24, 120x40 and 200x50 with the program pane focused (the knobs
# folded below 150 columns), and zoomed (z) at 80x24. The filter shows this
# test's programs only (other tests load theirs meanwhile): the veths, the
# cgroup and the loader's command carry one name, bkg and 5 digits of this
# shell's pid. golden_mask_live (tests/screen/lib.sh) masks what varies.
# "make update-golden" rewrites the files when a change is intended.
. "$srcdir/tests/lib/lib.sh"
golden_need_root
need_cmd diff diffutils
need_cmd perl perl
. "$srcdir/tests/screen/lib.sh"
trap 'attach_teardown; screen_cleanup' EXIT
ATT_TAG=bkg$(printf '%05d' $(($$ % 100000)))
# shellcheck disable=SC2016 # expanded by attach_setup
ATT_LOADER_OPTS='--tcx $ATT_VETH_B --cgroup-link $ATT_CGROOT$ATT_CG --tp-link
	--tp-perf /sys/kernel/tracing --raw-tp --uprobe --iter --comm $ATT_TAG'
ATT_LOADER_PROGS=7
. "$srcdir/tests/lib/attach_lib.sh"

# The screens show JIT symbols; where the kernel hides them they cannot.
[ "$(knob_value net.core.bpf_jit_kallsyms)" = 1 ] && [ "$(knob_value net.core.bpf_jit_harden)" = 0 ] ||
	skip "the golden screens show JIT symbols: they need bpf_jit_kallsyms=1 and bpf_jit_harden=0 (here $(knob_value net.core.bpf_jit_kallsyms) and $(knob_value net.core.bpf_jit_harden))"

# the ids are masked; the ID column's width is its ideal, 7, for every id
# below ten million (a wider id widens it, and the files then differ)
golden_init screen-attach
attach_setup
nr=10 # the 3 of ip, tc and bpftool, the 7 of the loader

# golden_attach NAME WHAT: this test's programs, every attachment found
# and every symbol read, masked, are tests/golden/screen/NAME.
golden_attach() {
	screen_wait "$2: the programs" "Programs: $nr of [0-9]+ match \"$ATT_TAG\""
	# the slow walks (netlink, cgroups) have run, kallsyms is read
	screen_wait "$2: XDP's mode" "xdp ${ATT_TAG}a drv" 10
	screen_wait_gone "$2: kallsyms read" "reading /proc/kallsyms" 10
	screen_settle
	golden_mask_live bkg <"$SCREEN_FILE" >"$TEST_TMP/$1"
	golden_check "$1" "$TEST_TMP/$1" "$2"
}

for size in 80x24 120x40 200x50; do
	screen_start "${size%x*}" "${size#*x}" -- "$SCREEN_BIN" -d 1
	screen_wait "the main screen at $size" "^Tab Pane"
	screen_keys / "$ATT_TAG" Enter
	golden_attach "main-$size.txt" "the programs focused at $size"
	if [ "$size" = 80x24 ]; then
		screen_keys z
		# the programs' title is on both screens: wait for the knobs to go
		screen_wait_gone "zoomed: the knob pane" "^─ Knobs "
		golden_attach "zoom-$size.txt" "the program list zoomed (z) at $size"
	fi
	screen_keys q
	expect_eq "after q at $size" "$(screen_exit_status)" "0 restored"
done

golden_done
exit 0
