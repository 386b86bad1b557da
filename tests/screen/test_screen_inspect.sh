# Inside a program and its maps in the browser, against what --dump-prog and
# --dump-map print for the same objects (tests/cli/test_inspect_agree.sh
# holds those to bpftool and objdump): Enter on a program, c shows its
# translated instructions row for row as --dump-prog lists them, x its
# machine code, Esc and m its maps (one row each, with the facts bpftool
# map show gives), Enter on the hash map its entries as --dump-map reads
# them. The terminal is wide enough that no row is cut.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd bpftool bpftool
need_cmd jq jq
lock_kernel shared

LOADER=objs_loader load_program maps
id=$LOADED_IDS
counts=$(bpftool -j prog show id "$id" | jq -r '.map_ids[]' | while read -r m; do
	bpftool -j map show id "$m" | jq -r 'select(.type == "hash") | .id'
done)
[ -n "$counts" ] || fail "program $id has no hash map"
bpftool map update id "$counts" key 1 0 0 0 value 7 0 0 0 0 0 0 0 &&
	bpftool map update id "$counts" key 2 0 0 0 value 9 1 0 0 0 0 0 0 || fail "cannot fill map $counts"

COLS=300
ROWS=60
"$SCREEN_BIN" --dump-prog "$id" >"$TEST_TMP/dump.txt" || fail "--dump-prog $id"

# the rows of LISTING (translated or machine) as the view shows them:
# bpfknobs' own "# " lines are the view's header instead
rows_of() {
	case $1 in
	xlated) sed -n '/^# translated/,/^# machine code/p' "$TEST_TMP/dump.txt" ;;
	machine) sed -n '/^# machine code/,$p' "$TEST_TMP/dump.txt" ;;
	esac | grep -v '^# '
}

screen_start "$COLS" "$ROWS"
screen_wait "the main screen" "Programs"
screen_keys Tab /
screen_keys "$id" Enter
screen_select "program $id" "^▸ *$id "
screen_keys Enter
screen_wait "program $id's details" "^ Program $id: "
screen_keys c
screen_wait "the code view" "^ Code of program $id: bk_maps_reader"
screen_settle
# below the title and the three header lines (function, what is shown, blank)
body=$(sed -n "5,$((ROWS - 1))p" "$SCREEN_FILE" | sed 's/^ //; s/ *▼\{0,1\}$//')
want=$(rows_of xlated | head -n "$((ROWS - 5))")
expect_eq "the code view's translated instructions, as --dump-prog lists them" "$body" "$want"
screen_has "the function line" "^ Function 1 of 1: bk_maps_reader, bpf_prog_[0-9a-f]{16}_bk_maps_reader"

screen_keys x
screen_wait "the machine code" "^ Code of program $id: .*, machine code"
screen_settle
body=$(sed -n "5,$((ROWS - 1))p" "$SCREEN_FILE" | sed 's/^ //; s/ *▼\{0,1\}$//')
want=$(rows_of machine | head -n "$((ROWS - 5))")
expect_eq "the code view's machine code, as --dump-prog lists it" "$body" "$want"

screen_keys Escape
screen_wait "back to the details" "^ Program $id: "
screen_keys m
screen_wait "the maps of program $id" "^ Maps of program $id \(3\)"
screen_settle
want=$(bpftool -j prog show id "$id" | jq -r '.map_ids[]' | while read -r m; do
	bpftool -j map show id "$m" | jq -r '"\(.id) \(.type) \(.name) \(.bytes_key) \(.bytes_value) \(.max_entries)"'
done)
got=$(sed -n '3,5p' "$SCREEN_FILE" | awk '{ print $1, $2, $3, $4, $5, $6 }')
expect_eq "the map rows (id, type, name, key, value, entries), as bpftool map show" "$got" "$want"
# select the hash map and open it
row=$(sed -n '3,5p' "$SCREEN_FILE" | awk -v m="$counts" '$1 == m { print NR }')
i=1
while [ "$i" -lt "$row" ]; do
	screen_keys Down
	i=$((i + 1))
done
screen_keys Enter
screen_wait "map $counts's contents" "^ Map $counts: bk_counts"
screen_settle
want=$("$SCREEN_BIN" --dump-map "$counts" --json | jq -r '.entries[] |
	"key:   \(.key)  \(.key_hex | [scan("..")] | join(" "))",
	"value: \(.value)  \(.value_hex | [scan("..")] | join(" "))"')
got=$(sed -n '5,8p' "$SCREEN_FILE" | sed 's/^ //; s/ *$//')
expect_eq "map $counts's entries, as --dump-map reads them" "$got" "$want"
screen_has "the page line" "Page 1: entries 1-2\."
screen_keys Escape
screen_wait "back to the maps" "^ Maps of program $id"
screen_keys Escape
screen_wait "back to the details" "^ Program $id: "
