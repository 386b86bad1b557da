#!/bin/bash
# make check-package (as root; CI runs it): the Debian package, as a user
# gets it. Builds it with dpkg-buildpackage from a clean tree (the committed
# HEAD) in a fresh Debian 12 root (debootstrap) holding only what
# debian/control's Build-Depends bring, without /sys (so the build can read
# nothing of this machine's kernel); runs lintian; installs it into another
# fresh root and runs there, from the installed files: bpfknobs --list,
# --json through jq, the completion test and the units test; then boots that
# root in QEMU with systemd as PID 1 and runs the units under it
# (vm-units.sh). Prints one line per check; exits 1 when one failed.
#
# Environment:
#   DEBIAN_MIRROR      the archive, default http://deb.debian.org/debian
#   DEBOOTSTRAP_CACHE  the downloaded packages (debootstrap's and apt's), kept
#                      between runs (the roots are made afresh every time), default
#                      ~/.cache/bpfknobs-debootstrap
#   KERNEL_CACHE, KERNEL_ACCEL  as for make check-kernels (the VM boots
#                      Debian 12's kernel, fetched by tests/kernels/fetch.sh)
set -euo pipefail

srcdir=$(cd "${srcdir:-.}" && pwd)
builddir=$(cd "${builddir:-.}" && pwd)
out=$builddir/tests/package/out
root=$out/root
build_root=$out/build-root
suite=bookworm
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
cache=${DEBOOTSTRAP_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpfknobs-debootstrap}
kcache=${KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpfknobs-kernels}
failed=0

say() { echo "package: $*"; }
die() {
	echo "package: $*" >&2
	exit 1
}
# result NAME STATUS WHAT: one line per check
result() {
	if [ "$2" = 0 ]; then
		printf 'package: PASS %-26s %s\n' "$1" "$3"
	else
		printf 'package: FAIL %-26s %s\n' "$1" "$3"
		failed=$((failed + 1))
	fi
}

[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mounts): run make check-package as root"
for tool in git lintian debootstrap chroot \
	qemu-system-x86_64 busybox systemctl timeout; do
	command -v "$tool" >/dev/null ||
		die "$tool is missing: run .ci/deps (as root) to install what check-package needs"
done
[ -x "$builddir/tests/helpers/stats_helper" ] ||
	die "tests/helpers/stats_helper is not built: run make check-package from the build directory"

# Whatever a run before left mounted under the roots comes off first.
unmount_root() {
	for r in "$root" "$build_root"; do
		for m in var/cache/apt/archives dev/ptmx dev/pts sys proc; do
			if grep -q " $r/$m " /proc/self/mountinfo 2>/dev/null; then
				umount "$r/$m" || umount -l "$r/$m" || true
			fi
		done
	done
}
trap unmount_root EXIT
trap 'exit 130' INT TERM # so that the EXIT trap runs
unmount_root
! grep -q " $out/" /proc/self/mountinfo ||
	die "something is still mounted below $out; unmount it first"
rm -rf "$out"
mkdir -p "$out" "$cache"

# ---------------------------------------------------------------------------
# Two fresh Debian 12 roots from one debootstrap: one to build in, one to
# install into.
say "debootstrap $suite from $mirror (packages cached in $cache)"
debootstrap --variant=minbase --cache-dir="$cache" "$suite" "$root" "$mirror" \
	>"$out/debootstrap.log" 2>&1 ||
	{ tail -n 20 "$out/debootstrap.log" >&2; die "debootstrap failed (above)"; }
cp -a "$root" "$build_root"
# apt's downloads are kept with debootstrap's (the roots are new each time)
mkdir -p "$cache/archives/partial"
for r in "$root" "$build_root"; do
	mount --bind "$cache/archives" "$r/var/cache/apt/archives"
done
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 "$@"; }
in_build_root() {
	chroot "$build_root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LC_ALL=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive "$@"
}

# The package, from the committed tree, built where only its
# Build-Depends are installed.
git -C "$srcdir" rev-parse --verify -q HEAD >/dev/null ||
	die "$srcdir is not a git checkout: the package is built from its committed HEAD"
git -C "$srcdir" diff --quiet HEAD 2>/dev/null ||
	say "note: $srcdir has uncommitted changes; the package is built from HEAD without them"
mkdir -p "$build_root/build/bpfknobs"
git -C "$srcdir" archive --format=tar HEAD | tar -x -C "$build_root/build/bpfknobs"
mount -t proc proc "$build_root/proc"
say "apt-get build-dep (log: $out/build-dep.log)"
in_build_root sh -c 'cd /build/bpfknobs && apt-get install -y -q --no-install-recommends build-essential &&
	apt-get build-dep -y -q --no-install-recommends ./' >"$out/build-dep.log" 2>&1 ||
	{ tail -n 20 "$out/build-dep.log" >&2; die "installing the Build-Depends failed (above)"; }
say "dpkg-buildpackage -us -uc -b in the build root, without /sys (log: $out/build.log)"
if in_build_root sh -c 'cd /build/bpfknobs && dpkg-buildpackage -us -uc -b' >"$out/build.log" 2>&1; then
	mkdir -p "$out/src"
	cp "$build_root"/build/bpfknobs_* "$build_root"/build/bpfknobs-dbgsym_* "$out/src/" 2>/dev/null || true
	result dpkg-buildpackage 0 "$(cd "$out/src" && ls ./*.deb | sed 's|^\./||' | tr '\n' ' ')"
else
	tail -n 30 "$out/build.log" >&2
	result dpkg-buildpackage 1 "failed where only the Build-Depends are installed; the end of $out/build.log is above"
	exit 1
fi
umount "$build_root/proc" "$build_root/var/cache/apt/archives"
rm -rf "$build_root"
deb=$(ls "$out"/src/bpfknobs_*_"$(dpkg --print-architecture)".deb)
status=0
lintian --fail-on error,warning --display-info "$out"/src/bpfknobs_*.changes >"$out/lintian.log" 2>&1 ||
	status=$?
grep -v '^running with root privileges' "$out/lintian.log" | sed 's/^/package:   /' || true
result lintian $status "no errors or warnings (info tags above, if any)"
depends=$(dpkg-deb -f "$deb" Depends)
result shlibs-depends "$(echo "$depends" | grep -q libbpf; echo $?)" "Depends: $depends"

# ---------------------------------------------------------------------------
# The other fresh root: the package and what the tests run.
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
# a terminal for the completion test (zpty): a devpts of its own
mkdir -p "$root/dev/pts"
mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$root/dev/pts"
[ -e "$root/dev/ptmx" ] || touch "$root/dev/ptmx"
mount --bind "$root/dev/pts/ptmx" "$root/dev/ptmx"
cp "$deb" "$root/tmp/"
say "apt-get install ./${deb##*/} and the tests' tools (log: $out/apt.log)"
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"/tmp/${deb##*/}" jq zsh fish bash-completion systemd man-db >"$out/apt.log" 2>&1 ||
	{ tail -n 20 "$out/apt.log" >&2; die "installing the package failed (above)"; }
result install 0 "$(in_root dpkg-query -W -f '${Package} ${Version}' bpfknobs) into a fresh $suite root"

# The installed program, as a user runs it.
status=0
in_root bpfknobs --list >"$out/list.txt" 2>"$out/list.err" || status=$?
result list "$([ $status = 0 ] && head -n 1 "$out/list.txt" | grep -q '^bpfknobs [0-9.]*: the eBPF knobs of '; echo $?)" \
	"bpfknobs --list exited $status: $(head -n 1 "$out/list.txt")"
status=0
in_root sh -c 'bpfknobs --json | jq -e ".knobs[0].name == \"kernel.unprivileged_bpf_disabled\" and (.programs | type == \"array\")"' \
	>"$out/json.txt" 2>&1 || status=$?
result json-jq $status "bpfknobs --json | jq: knobs and programs ($(cat "$out/json.txt"))"
for unit in bpfknobs-textfile.timer bpfknobs-textfile.service bpfknobs-check.service; do
	state=$(systemctl --root="$root" is-enabled "$unit" 2>&1 || true)
	result "disabled:$unit" "$([ "$state" = disabled ] || [ "$state" = static ]; echo $?)" "is-enabled: $state"
done

# The tests of the installed files, from this source tree.
mkdir -p "$root/tmp/bk/tests/lib" "$root/tmp/bk/tests/cli"
cp "$srcdir/tests/lib/lib.sh" "$srcdir/tests/lib/complete.zsh" "$root/tmp/bk/tests/lib/"
cp "$srcdir/tests/cli/test_completions.sh" "$srcdir/tests/cli/test_units.sh" "$root/tmp/bk/tests/cli/"
for t in completions:COMPLETIONS=installed units:UNITS_DIR=/lib/systemd/system; do
	name=${t%%:*}
	status=0
	in_root env CI=true srcdir=/tmp/bk builddir=/nonexistent "${t#*:}" \
		bash "/tmp/bk/tests/cli/test_$name.sh" >"$out/test_$name.log" 2>&1 || status=$?
	sed 's/^/package:   /' "$out/test_$name.log"
	result "test_$name" $status "tests/cli/test_$name.sh on the installed files"
done

# ---------------------------------------------------------------------------
# The units under systemd: the root booted in QEMU, on Debian 12's kernel.
resolved=$(sh "$srcdir/tests/kernels/fetch.sh" "$kcache" 6.1) || die "could not get Debian 12's kernel"
read -r _ release _ _ kdir <<<"$resolved"
cp "$kdir/config" "$root/boot/config-$release"
cp "$builddir/tests/helpers/stats_helper" "$root/usr/local/bin/"
cp "$srcdir/tests/package/vm-units.sh" "$root/usr/local/bin/bk-vm-units"
chmod 755 "$root/usr/local/bin/bk-vm-units"
unmount_root
(cd "$root" && find . -xdev \( -path ./proc -o -path ./sys -o -path ./dev/pts \) -prune -print -o \
	\( -path ./var/cache/apt/archives -o -path ./var/lib/apt/lists -o -path ./usr/share/doc \) -prune \
	-o -print | busybox cpio -o -H newc 2>/dev/null) >"$out/root.cpio"
# boot ACCEL CPU LIMIT: 0 when the checks ran to the end marker. Under KVM
# the root boots and runs its checks in well under a minute; a nested KVM
# that cannot run the guest may spin without a word instead of exiting
# (seen here: the console empty after 12 minutes at 100 % CPU), so the KVM
# try gets 3 minutes and emulation the full 15.
boot() { # the subshell keeps bash's word on a QEMU that aborted in the log
	(timeout "$3" qemu-system-x86_64 -accel "$1" -cpu "$2" -smp 1 -m 2048 -display none \
		-monitor none -serial "file:$out/vm.log" -no-reboot -kernel "$kdir/vmlinuz" \
		-initrd "$out/root.cpio" -append "console=ttyS0 loglevel=3 panic=-1 \
rdinit=/lib/systemd/systemd systemd.show_status=0 systemd.run=/usr/local/bin/bk-vm-units \
systemd.run_success_action=poweroff systemd.run_failure_action=poweroff") >>"$out/qemu.log" 2>&1 || true
	grep -q '^BKPKG-END' "$out/vm.log" 2>/dev/null
}
accel=${KERNEL_ACCEL:-}
[ -n "$accel" ] || { [ -r /dev/kvm ] && [ -w /dev/kvm ] && accel=kvm || accel=tcg; }
say "booting the root on Linux $release in QEMU ($accel; console: $out/vm.log)"
if ! { [ "$accel" = kvm ] && boot kvm host 180; } && ! boot tcg max 900; then
	result vm-boot 1 "no end marker on the console ($out/vm.log, $out/qemu.log)"
fi
rm -f "$out/root.cpio"
tr -d '\r' <"$out/vm.log" | sed -n 's/^BKPKG-\(BEGIN\|INFO\) /package:   /p'
vm_checks=0
while read -r _ verdict name what; do
	result "vm:$name" "$([ "$verdict" = PASS ]; echo $?)" "$what"
	vm_checks=$((vm_checks + 1))
done < <(tr -d '\r' <"$out/vm.log" | grep '^BKPKG \(PASS\|FAIL\) ' || true)
[ $vm_checks != 0 ] || result vm-checks 1 "no check ran in the VM; see $out/vm.log"

if [ $failed != 0 ]; then
	say "$failed checks failed; the logs are in $out"
	exit 1
fi
say "every check passed"
