# JIT memory in use in the browser, on the real kernel at 200x50: the
# bpf_jit_limit row says how much is in use and how that is known, its
# detail has the gauge and the parts; with the limit lowered so that the use
# passes 80 % of it, the header warns with what this kernel then does, and
# the warning goes when the limit is back. The use is made a known bulk by
# four 1 MiB programs (progs_loader --kind big), so that the lowered limit
# still leaves far more room than any plain user's filter needs meanwhile.
# The limit is put back to what the test found, even when it fails (the
# trap), and no other test runs meanwhile (the lock).
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd jq jq
lock_kernel exclusive

LIMIT_FILE=/proc/sys/net/core/bpf_jit_limit
LIMIT_WAS=$(cat "$LIMIT_FILE") || skip "net.core.bpf_jit_limit cannot be read here"
limit_cleanup() {
	trap '' PIPE
	if [ "$(cat "$LIMIT_FILE")" != "$LIMIT_WAS" ]; then
		echo "$LIMIT_WAS" >"$LIMIT_FILE" || echo "could not put bpf_jit_limit back to $LIMIT_WAS" >&2
	fi
	screen_cleanup
}
trap limit_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

load_program big 4

# jm FIELD: jit_memory's FIELD in a --json read now
jm() { "$BPFKNOBS" --json | jq -r ".jit_memory.$1"; }

screen_start 200 50 -- "$SCREEN_BIN" -d 1
screen_wait "the main screen" "Tab Pane"
# the row, as --json says it (the 4 MiB bulk keeps it from moving)
row=$(jm text)
expect_match "the row's text" "$row" "^(in use|about) [0-9.]+ MiB of [0-9.]+ MiB, (exact|estimated)$"
screen_wait "the bpf_jit_limit row" "^ bpf_jit_limit +$LIMIT_WAS  $row +│" 4
screen_lacks "a warning at the default limit" "JIT memory:"
screen_keys Down Down Down Down
screen_wait "bpf_jit_limit selected" "^▸bpf_jit_limit "
screen_wait "its detail" "│ In use: +$row \([0-9.]+ % of the limit\)$"
screen_has "the gauge" "│ +\[#*\.+\] [0-9.]+ %$"
screen_has "how it is known" "│ How known: +$(jm how | cut -c1-50)"
screen_has "the programs' part" "│ Programs: +[0-9.]+ MiB for [0-9]+ JITed programs? with [0-9]+ images?"
screen_fits 200

# the use past 85 % of the limit: the header warns, with this kernel's fact
used=$(jm used_bytes)
echo $((used * 100 / 85)) >"$LIMIT_FILE" || fail "could not lower bpf_jit_limit"
warning=$(jm warning_text)
expect_match "the warning" "$warning" \
	"^(about )?[0-9.]+ MiB of [0-9.]+ MiB in use \(8[0-9] %, (exact|estimated)\): past the limit unprivileged loads and classic filters then (fail with errno 524|run interpreted)$"
screen_wait "the header's warning" "^ JIT memory: $(printf '%s' "$warning" | sed 's/[][().*^$]/\\&/g')$" 4
screen_has "the row, warned" "^▸bpf_jit_limit +[0-9]+\*? +(in use|about) [0-9.]+ MiB of [0-9.]+ MiB"
screen_has "the detail's warning" "│ +More than 80 % of the limit is in use\. Past the limit"
screen_fits 200

# the limit back: no warning
echo "$LIMIT_WAS" >"$LIMIT_FILE" || fail "could not put bpf_jit_limit back"
screen_wait_gone "the warning, with the limit back" "JIT memory:" 4
screen_keys q
echo "the bpf_jit_limit row and detail show JIT memory in use; the header warns past 80 %"
