# A plain user (uid 65534 without capabilities when the test runs as root,
# else the user running it) sees the read-only state: the privilege line,
# the knobs only root may read marked as such with the reason, the knobs
# anyone may read with the kernel's values, and why no program is listed.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

if [ "$(id -u)" = 0 ]; then
	need_cmd setpriv util-linux
	set -- setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
		--bounding-set=-all "$SCREEN_BIN"
	as_user() { as_nobody "$@"; }
else
	set -- "$SCREEN_BIN"
	as_user() { "$@"; }
fi

# The value as this user reads it, "?" when the kernel refuses.
user_value() {
	as_user cat "/proc/sys/$(printf '%s' "$1" | tr . /)" 2>/dev/null || echo "?"
}

screen_start 80 24 -- "$@"
screen_wait "the main screen" "Tab Pane"
screen_fits 80
screen_has "the read-only state" \
	"Access: read-only: run as root with CAP_SYS_ADMIN to change settings"
for knob in kernel.unprivileged_bpf_disabled net.core.bpf_jit_enable net.core.bpf_jit_harden \
	net.core.bpf_jit_kallsyms net.core.bpf_jit_limit; do
	short=${knob##*.}
	value=$(user_value "$knob")
	if [ "$value" = "?" ]; then
		screen_has "$short unreadable, with the reason" \
			"$short +\? +Not readable by this user: needs root"
	else
		screen_has "$short" "$short +$value( |$)"
	fi
done
screen_has "JIT symbols unknown" "JIT symbols: unknown: .* could not be read"
screen_has "no programs, and why" "Listing BPF programs needs CAP_SYS_ADMIN"

# The unreadable knob's detail says how to read it.
screen_keys j j
screen_wait "bpf_jit_harden selected" "^▸bpf_jit_harden"
screen_has "its problem in the detail" "No value: +Not readable by this user"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
