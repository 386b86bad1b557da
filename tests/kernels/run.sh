#!/bin/sh
# make check-kernels: boots each kernel of the matrix in QEMU with a small
# initramfs (the freshly built bpfknobs and its libraries, busybox, bpftool,
# jq, vmhelper, the kernel's config) and runs tests/kernels/vm-checks.sh
# inside. Prints one line per kernel and check; exits 1 when any failed.
#
# Environment:
#   KERNELS       the kernels, default "5.10 6.1 6.12 7" (7: the newest 7.x
#                 the archive serves); see fetch.sh for the names
#   KERNEL_CACHE  where downloaded kernels are kept between runs, default
#                 ~/.cache/bpfknobs-kernels (outside the source tree)
#   KERNEL_BOOT_TIMEOUT  seconds one boot with its checks may take (600)
#   KERNEL_ACCEL  kvm or tcg; default: kvm when /dev/kvm works, else tcg
set -eu

srcdir=${srcdir:-.}
builddir=${builddir:-.}
here=$srcdir/tests/kernels
kernels=${KERNELS:-5.10 6.1 6.12 7}
cache=${KERNEL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpfknobs-kernels}
timeout=${KERNEL_BOOT_TIMEOUT:-600}
out=$builddir/tests/kernels/out
started=$(date +%s)

say() { echo "kernels: $*"; }
die() {
	echo "kernels: $*" >&2
	exit 1
}

for tool in qemu-system-x86_64 busybox apt-get apt-cache dpkg-deb ldd jq bpftool timeout objdump perl; do
	command -v "$tool" >/dev/null ||
		die "$tool is missing: run .ci/deps (as root) to install what check-kernels needs"
done
busybox_bin=$(command -v busybox)
# a dynamically linked busybox would need its libraries in the initramfs too
if ldd "$busybox_bin" >/dev/null 2>&1; then
	die "$busybox_bin is not static: install busybox-static (.ci/deps)"
fi
for f in "$builddir/bpfknobs" "$builddir/tests/kernels/vmhelper"; do
	[ -x "$f" ] || die "$f is not built: run make check-kernels from the build directory"
done
[ -f "$builddir/tests/bpf/testprogs.bpf.o" ] ||
	die "$builddir/tests/bpf/testprogs.bpf.o is not built: run make check-kernels from the build directory"

rm -rf "$out"
mkdir -p "$out"

# ---------------------------------------------------------------------------
# The initramfs: one part for every kernel, one with each kernel's config
# (Debian's kernels have no /proc/config.gz: the tool reads
# /boot/config-RELEASE as on a real host). The kernel unpacks both.
stage=$out/stage
mkdir -p "$stage/bin" "$stage/etc" "$stage/boot" "$stage/proc" "$stage/sys" "$stage/dev" \
	"$stage/tmp" "$stage/root"
cp "$busybox_bin" "$stage/bin/busybox"
for applet in $("$busybox_bin" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$stage/bin/$applet"
done
cp "$builddir/bpfknobs" "$builddir/tests/kernels/vmhelper" "$stage/bin/"
cp "$(command -v bpftool)" "$(command -v jq)" "$stage/bin/"
# shared libraries as ldd finds them, at the same paths, and the one
# bpfknobs opens itself when it shows machine code (capstone, by dlopen)
{
	for bin in "$stage/bin/bpfknobs" "$stage/bin/bpftool" "$stage/bin/jq"; do
		ldd "$bin" | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }'
	done
	ldconfig -p | awk '$1 ~ /^libcapstone\.so\.[0-9]+$/ && $NF ~ /^\// { print $NF }'
} | sort -u | while read -r lib; do
	mkdir -p "$stage$(dirname "$lib")"
	cp -L "$lib" "$stage$lib"
done
cp "$here/vm-init.sh" "$stage/init"
cp "$here/vm-checks.sh" "$stage/vm-checks.sh"
# the inspection checks: their comparisons, and programs with BTF line info
cp "$srcdir/tests/lib/inspect_lib.sh" "$stage/inspect_lib.sh"
cp "$builddir/tests/bpf/testprogs.bpf.o" "$stage/testprogs.bpf.o"
chmod 755 "$stage/init"
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
	>"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"
(cd "$stage" && find . | "$busybox_bin" cpio -o -H newc -R 0:0 2>/dev/null) >"$out/common.cpio"

# ---------------------------------------------------------------------------
say "$kernels; cache: $cache"
resolved=$(sh "$here/fetch.sh" "$cache" $kernels) || die "could not get the kernels"
# check_machine_files, for the machine code the VMs send back
INSPECT_BIN=$builddir/bpfknobs
. "$srcdir/tests/lib/inspect_lib.sh"

accel=${KERNEL_ACCEL:-}
if [ -z "$accel" ]; then
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		accel=kvm
	fi
fi

# boot NAME RELEASE DIR ACCEL: writes $out/NAME.log; 0 when the checks ran
# to the end marker.
boot() {
	log=$out/$1.log
	cpu=max limit=$timeout
	# Under KVM a boot with its checks takes seconds; a KVM that cannot run
	# the guest may stop it ("emulation failure") instead of exiting, so
	# its first try gets a minute, not the full timeout.
	if [ "$4" = kvm ]; then
		cpu=host
		$kvm_proven || limit=60
	fi
	timeout "$limit" qemu-system-x86_64 -accel "$4" -cpu "$cpu" -smp 1 -m 768 \
		-display none -monitor none -serial "file:$log" -no-reboot \
		-kernel "$3/vmlinuz" -initrd "$out/$1.cpio" \
		-append "console=ttyS0 loglevel=1 panic=-1 rdinit=/init" \
		>"$out/$1.qemu" 2>&1 || true
	grep -q '^BKVM-END' "$log" 2>/dev/null
}

kvm_proven=false
failed=0
summary=
for name in $kernels; do
	line=$(echo "$resolved" | awk -v n="$name" '$1 == n')
	set -- $line
	release=$2 version=$3 suite=$4 dir=$5
	# the config, as /boot/config-RELEASE
	rm -rf "$out/cfg" && mkdir -p "$out/cfg/boot"
	cp "$dir/config" "$out/cfg/boot/config-$release"
	(cd "$out/cfg" && find boot | "$busybox_bin" cpio -o -H newc -R 0:0 2>/dev/null) \
		>"$out/$name.cfg.cpio"
	cat "$out/common.cpio" "$out/$name.cfg.cpio" >"$out/$name.cpio"
	rm -f "$out/$name.cfg.cpio"

	label="$version"
	t0=$(date +%s)
	if boot "$name" "$release" "$dir" "$accel"; then
		[ "$accel" = kvm ] && kvm_proven=true
	elif [ "$accel" = kvm ] && ! $kvm_proven; then
		say "$label: KVM did not run this kernel; falling back to emulation (TCG)"
		accel=tcg
		boot "$name" "$release" "$dir" "$accel" || true
	fi
	t1=$(date +%s)
	tr -d '\r' <"$out/$name.log" >"$out/$name.txt"
	# the files the checks keep (--list, --json), one per name
	mkdir -p "$out/$name"
	awk -v d="$out/$name" '/^BKVM-FILE-END/ { f = "" } f { print > f } /^BKVM-FILE-BEGIN / { f = d "/" $2 }' \
		"$out/$name.txt"
	n=$(grep -c '^BKVM \(PASS\|FAIL\) ' "$out/$name.txt" || true)
	grep '^BKVM \(PASS\|FAIL\) ' "$out/$name.txt" | while read -r _ verdict check rest; do
		printf '%-24s %-4s %-14s %s\n' "$label" "$verdict" "$check" "$rest"
	done
	if ! grep -q '^BKVM-END' "$out/$name.txt"; then
		printf '%-24s %-4s %-14s %s\n' "$label" FAIL boot \
			"no end marker within ${timeout}s ($accel); the console is in $out/$name.log"
		failed=$((failed + 1))
	elif [ "$n" = 0 ]; then
		printf '%-24s %-4s %-14s %s\n' "$label" FAIL boot "no check ran; see $out/$name.log"
		failed=$((failed + 1))
	fi
	f=$(grep -c '^BKVM FAIL ' "$out/$name.txt" || true)
	failed=$((failed + f))
	# the machine code the VM's bpfknobs disassembled, against this host's
	# objdump of the JIT image the VM's kernel made (tests/lib/inspect_lib.sh)
	n_jit=0 jit_diffs=
	for hex in "$out/$name"/prog-*.hex; do
		[ -f "$hex" ] || continue
		pid=${hex##*/prog-}
		pid=${pid%.hex}
		d=$out/$name/jit-$pid
		mkdir -p "$d"
		cp "$out/$name/prog-$pid.json" "$d/ours.json"
		perl -ne 'chomp; print pack("H*", $_)' "$hex" >"$d/image"
		one=$(TEST_TMP=$d check_machine_files "$pid" "$d") || jit_diffs="$jit_diffs $one"
		n_jit=$((n_jit + 1))
	done
	if [ "$n_jit" = 0 ]; then
		printf '%-24s %-4s %-14s %s\n' "$label" PASS jit-disasm "this kernel gave no JIT image to compare"
	elif [ -z "$jit_diffs" ]; then
		printf '%-24s %-4s %-14s %s\n' "$label" PASS jit-disasm \
			"the machine code of $n_jit programs is objdump's disassembly of their JIT images"
	else
		printf '%-24s %-4s %-14s %s\n' "$label" FAIL jit-disasm "$(echo "$jit_diffs" | tr '\n' ' ' | head -c 600)"
		failed=$((failed + 1))
	fi
	summary="$summary $label:$((t1 - t0))s"
	rm -f "$out/$name.cpio"
done
say "boot times ($accel):$summary; total $(($(date +%s) - started))s"
if [ "$failed" != 0 ]; then
	say "$failed checks failed; consoles in $out"
	exit 1
fi
say "every check passed"
