# A --proc tree and sysctl files made only of what no real one holds: FIFOs,
# /dev/zero links, directories where files belong, mode-000 files, 100 MB
# (sparse) files and binary garbage with terminal escapes. --list and
# --json finish, with status 0, a reason for each unreadable item, and no
# control character but newline on the terminal; saving to a FIFO refuses
# at once. The time taken is printed; the bound is generous (10 s), since
# what matters is that nothing blocks or spins (it takes milliseconds).
. "$srcdir/tests/lib/lib.sh"
need_cmd jq jq
need_cmd setpriv util-linux
need_cmd timeout coreutils

chmod 755 "$TEST_TMP" # uid 65534 walks the tree below
tree=$TEST_TMP/tree sys=$TEST_TMP/sysctl
mkdir -p "$tree/sys/kernel" "$tree/sys/net/core" "$tree/boot" "$sys/etc/sysctl.d" \
	"$sys/usr/lib/sysctl.d"
# Bytes no file the kernel writes holds: a NUL, escapes that would clear
# the screen and retitle the terminal, invalid UTF-8.
garbage() { printf '\033[2J\033]0;owned\007\000\377\376\r\n\033[31m%s\n' "$1"; }

mkfifo "$tree/sys/kernel/osrelease"
ln -s /dev/zero "$tree/sys/kernel/arch"
mkdir "$tree/sys/kernel/hostname"
mkfifo "$tree/sys/kernel/unprivileged_bpf_disabled"
ln -s /dev/zero "$tree/sys/net/core/bpf_jit_enable"
truncate -s 100M "$tree/sys/net/core/bpf_jit_harden"
garbage 1 >"$tree/sys/net/core/bpf_jit_kallsyms"
echo 528482304 >"$tree/sys/net/core/bpf_jit_limit"
chmod 000 "$tree/sys/net/core/bpf_jit_limit"
mkdir "$tree/sys/net/core/somaxconn"
mkfifo "$tree/sys/net/core/netdev_max_backlog"
ln -s /dev/zero "$tree/config.gz"

mkfifo "$sys/etc/sysctl.d/10-fifo.conf"
ln -s /dev/zero "$sys/etc/sysctl.d/20-zero.conf"
truncate -s 100M "$sys/usr/lib/sysctl.d/30-big.conf"
mkdir "$sys/etc/sysctl.d/40-dir.conf"
garbage "net.core.bpf_jit_harden = 2" >"$sys/etc/sysctl.d/50-garbage.conf"
echo "net.core.bpf_jit_enable = 1" >"$sys/etc/sysctl.d/60-secret.conf"
chmod 000 "$sys/etc/sysctl.d/60-secret.conf"
garbage "net.core.bpf_jit_limit = 1" >"$sys/etc/sysctl.d/70-$(printf '\033[2J')x.conf"
mkfifo "$sys/etc/sysctl.conf"

# run NAME root|nobody OPTION: bpfknobs on the trees, timed and bounded.
run() {
	name=$1 who=$2
	shift 2
	start=$(date +%s%N)
	if [ "$who" = nobody ]; then set -- as_nobody "$@"; fi
	"$@" --proc "$tree" --sysctl-root "$sys" >"$TEST_TMP/$name" 2>"$TEST_TMP/$name.err"
	rc=$?
	ms=$((($(date +%s%N) - start) / 1000000))
	echo "$name: exit status $rc after $ms ms"
	[ "$rc" != 124 ] || fail "$name: still running after 10 s: something blocks or never ends"
	expect_eq "$name: exit status (the report goes on)" "$rc" 0
}

# No control character but newline, where a terminal would act on it.
no_controls() {
	if LC_ALL=C grep -n '[[:cntrl:]]' "$TEST_TMP/$1" | cat -v | head -5 | grep .; then
		fail "$1: control characters reach the terminal (lines above, cat -v)"
	fi
}

for who in root nobody; do
	run "list-$who" "$who" timeout 10 "$BPFKNOBS" --list
	no_controls "list-$who"
	run "json-$who" "$who" timeout 10 "$BPFKNOBS" --json
	out=$TEST_TMP/list-$who json=$TEST_TMP/json-$who
	jq -e . "$json" >/dev/null || fail "$who: --json is not JSON"

	# Every knob but the mode-000 one (for root) is unreadable, each with its reason.
	for i in 0 1 2 3; do
		expect_eq "$who: knob $i value" "$(jq -r ".knobs[$i].value" "$json")" null
	done
	knob_error() { jq -r ".knobs[] | select(.name == \"$1\") | .error" "$json"; }
	expect_match "$who: FIFO knob" "$(knob_error kernel.unprivileged_bpf_disabled)" \
		"^Unreadable: sys/kernel/unprivileged_bpf_disabled is a FIFO \(named pipe\), not a regular file"
	expect_match "$who: /dev/zero knob" "$(knob_error net.core.bpf_jit_enable)" \
		"^Unreadable: sys/net/core/bpf_jit_enable is a character device, not a regular file"
	expect_match "$who: 100 MB knob" "$(knob_error net.core.bpf_jit_harden)" \
		"far longer than any value of this knob"
	expect_match "$who: garbage knob" "$(knob_error net.core.bpf_jit_kallsyms)" \
		"which is not a whole number"
	if [ "$who" = root ]; then
		# root reads a mode-000 file all the same (CAP_DAC_OVERRIDE)
		expect_eq "$who: mode-000 knob" "$(jq -r '.knobs[4].value' "$json")" 528482304
	else
		expect_eq "$who: mode-000 knob" "$(jq -r '.knobs[4].value' "$json")" null
		expect_match "$who: mode-000 knob" "$(knob_error net.core.bpf_jit_limit)" \
			"^(Permission denied|Not readable by this user)"
	fi

	# The kernel's own facts and the config, each named with what it is.
	unreadable=$(jq -r .kernel.unreadable "$json")
	expect_match "$who: osrelease" "$unreadable" "/sys/kernel/osrelease is a FIFO \(named pipe\), not a regular file"
	expect_match "$who: arch" "$unreadable" "/sys/kernel/arch is a character device"
	expect_match "$who: hostname" "$unreadable" "/sys/kernel/hostname is a directory"
	expect_match "$who: config" "$(jq -r .kernel.config.error "$json")" \
		"/config.gz is a character device, not a regular file as a real kernel config is"
	grep -q "^Unreadable: .*/sys/kernel/osrelease is a FIFO" "$out" ||
		fail "$who: --list does not say why osrelease is unreadable"

	# At boot: /etc/sysctl.conf, a FIFO, is applied last, so every boot
	# value is unknown, and says which file could not be read.
	for i in 0 1 2 3 4; do
		expect_eq "$who: knob $i boot value" "$(jq -r ".knobs[$i].boot.value" "$json")" null
		expect_eq "$who: knob $i boot source" "$(jq -r ".knobs[$i].boot.source" "$json")" unreadable
		expect_match "$who: knob $i boot text" "$(jq -r ".knobs[$i].boot.text" "$json")" \
			"^not known: /etc/sysctl.conf is a FIFO \(named pipe\), not a regular file"
	done
	grep -q "At boot:      not known: /etc/sysctl.conf is a FIFO" "$out" ||
		fail "$who: --list does not say the boot value is unknown and why"
	grep -q "no sysctl file sets it" "$out" &&
		fail "$who: --list says no sysctl file sets a knob, where files could not be read"
done

# Each bad sysctl file is named when it is the last that could not be
# read: the 100 MB one, then the mode-000 one for uid 65534 (root reads it).
rm -r "$sys/etc/sysctl.conf" "$sys/etc/sysctl.d/40-dir.conf" "$sys/etc/sysctl.d/70-"*
mv "$sys/etc/sysctl.d/60-secret.conf" "$TEST_TMP/secret"
run json-big root timeout 10 "$BPFKNOBS" --json
expect_match "100 MB sysctl file" "$(jq -r '.knobs[0].boot.text' "$TEST_TMP/json-big")" \
	"^not known: /usr/lib/sysctl.d/30-big.conf is larger than any real sysctl file could be \(over 4 MiB\)"
mv "$TEST_TMP/secret" "$sys/etc/sysctl.d/60-secret.conf"
run json-secret nobody timeout 10 "$BPFKNOBS" --json
expect_match "mode-000 sysctl file" "$(jq -r '.knobs[0].boot.text' "$TEST_TMP/json-secret")" \
	"^not known: /etc/sysctl.d/60-secret.conf could not be read: Permission denied"

# Readable text full of escapes: the host name, release and machine, a
# sysctl file's name and value. --list shows each, with '?' for every
# control character (the browser: test_screen_hostile.sh).
evil=$(printf '\033]0;owned\007\033[2J\033[31m\233')
shown='?]0;owned??[2J?[31m?'
cp -r "$TREES/locked" "$TEST_TMP/escapes"
chmod -R u+w "$TEST_TMP/escapes" # distcheck's source is read-only
printf 'db%s-primary\n' "$evil" >"$TEST_TMP/escapes/sys/kernel/hostname"
printf '6.1.0%s\n' "$evil" >"$TEST_TMP/escapes/sys/kernel/osrelease"
printf 'x86%s\n' "$evil" >"$TEST_TMP/escapes/sys/kernel/arch"
mkdir -p "$TEST_TMP/escapes-sysctl/etc/sysctl.d"
printf 'kernel.unprivileged_bpf_disabled = 1%s\n' "$evil" \
	>"$TEST_TMP/escapes-sysctl/etc/sysctl.d/50-a$evil.conf"
"$BPFKNOBS" --list --proc "$TEST_TMP/escapes" --sysctl-root "$TEST_TMP/escapes-sysctl" \
	>"$TEST_TMP/list-escapes" || fail "--list of the escapes tree exited $?"
no_controls list-escapes
tr '\n' ' ' <"$TEST_TMP/list-escapes" | tr -s ' ' >"$TEST_TMP/escapes-flat" # lines unwrapped
for text in "of db$shown-primary" "Linux 6.1.0$shown" "x86$shown" \
	"/etc/sysctl.d/50-a$shown.conf" "sets \"1$shown\""; do
	grep -qF -- "$text" "$TEST_TMP/escapes-flat" ||
		fail "--list does not show '$text' (sanitised)"
done

# Saving where the drop-in is a FIFO refuses at once; nothing is written.
cp -r "$TREES/locked" "$TEST_TMP/writable"
chmod -R u+w "$TEST_TMP/writable"
mkfifo "$sys/etc/sysctl.d/60-bpfknobs.conf"
timeout 10 "$BPFKNOBS" --proc "$TEST_TMP/writable" --sysctl-root "$sys" \
	--set net.core.bpf_jit_harden=1 --save >"$TEST_TMP/save" 2>&1
rc=$?
[ "$rc" != 124 ] || fail "--save to a FIFO drop-in still runs after 10 s"
expect_eq "--save to a FIFO: refused" "$rc" 3
grep -q "60-bpfknobs.conf: it is a FIFO (named pipe), not a regular file" "$TEST_TMP/save" ||
	fail "--save to a FIFO does not say why: $(cat "$TEST_TMP/save")"
expect_eq "--save to a FIFO: knob not written" "$(cat "$TEST_TMP/writable/sys/net/core/bpf_jit_harden")" 2
[ -p "$sys/etc/sysctl.d/60-bpfknobs.conf" ] || fail "--save replaced the FIFO"
exit 0
