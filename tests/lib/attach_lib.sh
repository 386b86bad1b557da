# Sourced by the attachment tests after tests/lib/lib.sh: attaches programs with
# real loaders on the real kernel, each undone by attach_teardown (which the
# test's EXIT trap calls, before lib_cleanup or screen_cleanup):
#   XDP with ip on a veth, a classic tc filter with tc, a cgroup_skb program
#   with bpftool cgroup attach on a test cgroup, and with tests/helpers/attach_loader:
#   tcx and a cgroup link, a tracepoint through a perf-event link and one
#   through a bare perf-event fd, a perf_event program on a software event,
#   a socket filter held only by its socket,
#   an iterator link, a pinned program, and a program held only by a map of
#   programs whose fd the loader holds.
# Before sourcing, a test may set ATT_TAG (default bka$$), which names the
# veths (${ATT_TAG}a, ${ATT_TAG}b) and the cgroup (/$ATT_TAG), and
# ATT_LOADER_OPTS, attach_loader's options instead of the ones above (in
# single quotes: expanded by attach_setup, so $ATT_VETH_B, $ATT_CGROOT,
# $ATT_CG and $ATT_BPFFS may be named), with ATT_LOADER_PROGS the programs
# it then prints.
# Sets ATT_VETH_A/B (+ _IDX), ATT_CG (the cgroup's path below the cgroup2
# mount), ATT_BPFFS (a private bpffs mount), and ATT_ID_<name> for every
# program, ATT_LINK_<name> for those with a link; ATT_LOADER_PID.
need_root
need_cmd jq jq
need_cmd ip iproute2
need_cmd tc iproute2
need_cmd bpftool bpftool

ATT_OBJ=$(cd "$builddir" && pwd)/tests/bpf
ATT_LOADER_BIN=$(cd "$builddir" && pwd)/tests/helpers/attach_loader
[ -x "$ATT_LOADER_BIN" ] || skip "tests/helpers/attach_loader is not built"
ATT_TAG=${ATT_TAG:-bka$$}
# shellcheck disable=SC2016 # expanded by attach_setup
ATT_LOADER_OPTS=${ATT_LOADER_OPTS:-'--tcx $ATT_VETH_B --cgroup-link $ATT_CGROOT$ATT_CG --tp-link
	--tp-perf /sys/kernel/tracing --perf-sw --socket --iter --pin $ATT_BPFFS/bk_pinned --map-held'}
ATT_LOADER_PROGS=${ATT_LOADER_PROGS:-9}
ATT_VETH_A=${ATT_TAG}a
ATT_VETH_B=${ATT_TAG}b
ATT_CG=/$ATT_TAG
ATT_BPFFS=$TEST_TMP/bpffs
ATT_LOADER_PID=
ATT_CGROOT=
ATT_STRUCT_OPS= # set while bk_cc is registered

attach_teardown() {
	if [ -n "$ATT_LOADER_PID" ]; then
		exec 8>&-
		kill "$ATT_LOADER_PID" 2>/dev/null
		wait "$ATT_LOADER_PID" 2>/dev/null
		ATT_LOADER_PID=
	fi
	[ -z "$ATT_STRUCT_OPS" ] || bpftool struct_ops unregister name bk_cc >/dev/null 2>&1
	ATT_STRUCT_OPS=
	# the veths take their XDP program, qdisc and filter, and tcx with them
	ip link del "$ATT_VETH_A" 2>/dev/null
	if [ -n "$ATT_CGROOT" ] && [ -d "$ATT_CGROOT$ATT_CG" ]; then
		[ -n "${ATT_ID_bk_cg_egress:-}" ] &&
			bpftool cgroup detach "$ATT_CGROOT$ATT_CG" egress id "$ATT_ID_bk_cg_egress" 2>/dev/null
		rmdir "$ATT_CGROOT$ATT_CG" 2>/dev/null
	fi
	if mountpoint -q "$ATT_BPFFS" 2>/dev/null; then
		rm -f "$ATT_BPFFS"/bk_* 2>/dev/null
		umount "$ATT_BPFFS"
	fi
}

# attach_setup: everything above; fails on any step.
attach_setup() {
	ATT_CGROOT=$(awk '$(NF-2) == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[ -n "$ATT_CGROOT" ] || skip "no cgroup2 hierarchy is mounted"
	mkdir "$ATT_CGROOT$ATT_CG" || fail "cannot make the cgroup $ATT_CGROOT$ATT_CG"
	mkdir -p "$ATT_BPFFS" && mount -t bpf bpf "$ATT_BPFFS" || fail "cannot mount a bpffs at $ATT_BPFFS"
	# tracefs stays mounted after the test, where nearly every host has it:
	# the attachment tests run at once (make -j check), and one's umount
	# would take the tracepoints from under the other's loader
	if [ ! -d /sys/kernel/tracing/events ]; then
		mount -t tracefs tracefs /sys/kernel/tracing ||
			[ -d /sys/kernel/tracing/events ] || fail "cannot mount tracefs"
	fi
	ip link add "$ATT_VETH_A" type veth peer name "$ATT_VETH_B" &&
		ip link set "$ATT_VETH_A" up && ip link set "$ATT_VETH_B" up ||
		fail "cannot make the veth pair $ATT_VETH_A/$ATT_VETH_B"
	ATT_VETH_A_IDX=$(cat "/sys/class/net/$ATT_VETH_A/ifindex")
	ATT_VETH_B_IDX=$(cat "/sys/class/net/$ATT_VETH_B/ifindex")

	ip link set dev "$ATT_VETH_A" xdp obj "$ATT_OBJ/attach_xdp.bpf.o" sec xdp ||
		fail "ip could not attach XDP"
	ATT_ID_bk_xdp=$(ip -j link show dev "$ATT_VETH_A" | jq '.[0].xdp.prog.id')
	tc qdisc add dev "$ATT_VETH_A" clsact &&
		tc filter add dev "$ATT_VETH_A" ingress bpf da obj "$ATT_OBJ/attach_tc.bpf.o" sec classifier ||
		fail "tc could not attach the filter"
	ATT_ID_bk_tc=$(tc -j filter show dev "$ATT_VETH_A" ingress | jq '[.[] | .options.prog.id // empty][0]')
	bpftool prog load "$ATT_OBJ/attach_cgskb.bpf.o" "$ATT_BPFFS/bk_cg" type cgroup/skb &&
		bpftool cgroup attach "$ATT_CGROOT$ATT_CG" egress pinned "$ATT_BPFFS/bk_cg" ||
		fail "bpftool could not attach the cgroup_skb program"
	ATT_ID_bk_cg_egress=$(bpftool -j cgroup show "$ATT_CGROOT$ATT_CG" | jq '.[0].id')
	rm "$ATT_BPFFS/bk_cg" # held by the cgroup alone

	mkfifo "$TEST_TMP/attach.in" || fail "cannot make a fifo"
	: >"$TEST_TMP/attach.ids" # before the loader opens it, which may come after the wait starts
	# the paths have no spaces: $TEST_TMP, the cgroup2 mount
	eval "set -- $(printf '%s' "$ATT_LOADER_OPTS" | tr '\n\t' '  ')"
	"$ATT_LOADER_BIN" "$ATT_OBJ/attachprogs.bpf.o" "$@" <"$TEST_TMP/attach.in" >"$TEST_TMP/attach.ids" \
		2>"$TEST_TMP/attach.err" 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
	ATT_LOADER_PID=$!
	exec 8>"$TEST_TMP/attach.in"
	i=0
	while [ "$(wc -l <"$TEST_TMP/attach.ids")" -lt "$ATT_LOADER_PROGS" ]; do
		kill -0 "$ATT_LOADER_PID" 2>/dev/null ||
			fail "attach_loader failed: $(cat "$TEST_TMP/attach.err")"
		i=$((i + 1))
		[ $i -le 100 ] || fail "attach_loader printed no ids within 10 s"
		sleep 0.1
	done
	while IFS='	' read -r name prog link; do
		eval "ATT_ID_$name=$prog ATT_LINK_$name=$link"
	done <"$TEST_TMP/attach.ids"
	for v in bk_xdp bk_tc bk_cg_egress; do
		eval "[ -n \"\${ATT_ID_$v:-}\" ] && [ \"\$ATT_ID_$v\" != null ]" || fail "no program id for $v"
	done
}
