# The program pane against the real kernel: a program the test loads shows
# up within two refresh intervals with its symbol (or the reason it has
# none) and its owner, the filter narrows the list to it, Enter shows its
# details with the kernel's values, and it goes once unloaded. Expected
# values come from bpftool and /proc/kallsyms, not from bpfknobs.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd bpftool bpftool

INTERVAL=1
# two intervals, plus the time tmux takes to show a frame
WITHIN=$((2 * INTERVAL + 1))

screen_start 200 50 -- "$SCREEN_BIN" -d "$INTERVAL"
screen_wait "the main screen" "Tab Pane"

# Load one program; it stays until unload_program.
load_program single
id=$LOADED_IDS
loader=$LOADER_PID

# What the kernel says about it.
program_facts "$id"
tag=$PROG_TAG
jited=$PROG_JITED
symbol=bpf_prog_${tag}_bk_single
if grep -q " $symbol	\[bpf\]$" /proc/kallsyms; then
	shown=$symbol
else
	shown="(hardened|ksyms=0)" # hardening or bpf_jit_kallsyms=0 hides it
fi

# It appears within two intervals, with its symbol and owner. The filter
# narrows the list to it first: other programs loaded on this host at the
# same time (thousands, in a benchmark) would push its row off the screen.
row="^[ ▸] *$id socket_filter +bk_single +$jited B +$shown.* progs_loader\($loader\)"
screen_keys / "$id"
screen_wait "the filter prompt" "^Filter: $id"
screen_keys Enter
screen_wait "program $id in the list" "$row" "$WITHIN"
screen_wait "the filtered list" "Programs: [0-9]+ of [0-9]+ match \"$id\""
screen_fits 200
total=$(printf '%s\n' "$SCREEN" | sed -n 's/.*Programs: [0-9]* of \([0-9]*\) match.*/\1/p')
shown_count=$(printf '%s\n' "$SCREEN" | sed -n 's/.*Programs: \([0-9]*\) of.*/\1/p')
[ -n "$total" ] || screen_fail "no program count in the title"
[ "$shown_count" -lt "$total" ] || [ "$total" -le 1 ] ||
	screen_fail "the filter did not narrow $total programs"
screen_has "program $id still listed" "$row"
rows=$(printf '%s\n' "$SCREEN" | grep -cE "^[ ▸] *[0-9]+ [a-z_]+ ")
expect_eq "table rows for the filter" "$rows" "$shown_count"

# Enter opens its details, with the kernel's values.
screen_select "program $id" "^▸ *$id socket_filter " # the filter focused the programs
screen_keys Enter
screen_wait "the details of $id" "^ Program $id: bk_single \(socket_filter\)"
screen_has "its tag" "Tag: +$tag"
screen_has "its owner" "Kept alive by: +progs_loader \(pid $loader\), program fd [0-9]+"
screen_has "not attached" "Attached to: +Not attached"
screen_has "its JITed size" "Sizes: .*$jited bytes JITed"
if [ "$shown" = "$symbol" ]; then
	screen_has "its symbol with address and length" "^ +[0-9a-f]{16} +$jited +$symbol$"
else
	screen_has "why it has no symbol" "No symbol: +Not listed"
fi
screen_keys Escape
screen_wait "back to the list" "Tab Pane"

# Unloaded: gone within two intervals (the filter still on, so that the
# row would show whatever else is loaded).
unload_program "$loader"
screen_wait_gone "program $id after unloading" "^[ ▸] *$id " "$WITHIN"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
