# The maps a program uses, against the real kernel: --json's "maps" of a
# program using a hash map, an array and a ring buffer is exactly what
# bpftool map show says of each (id, name, type, sizes, entries, flags,
# memory), --list and the details screen give one line per map, and a
# program of type 32 (netfilter, which libbpf 1.1 cannot name) is called
# netfilter and found by the filter. Expected values come from bpftool.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd bpftool bpftool
need_cmd jq jq

BIN=$(cd "$builddir" && pwd)/bpfknobs

LOADER=objs_loader load_program maps
id=$LOADED_IDS
LOADER=objs_loader load_program netfilter
nf_id=$LOADED_IDS

json=$("$BIN" --json) || fail "bpfknobs --json failed"
prog=$(printf '%s\n' "$json" | jq -c --argjson id "$id" '.programs[] | select(.id == $id)')
[ -n "$prog" ] || fail "program $id is not in --json"
expect_eq "its name" "$(printf '%s' "$prog" | jq -r .name)" "bk_maps_reader"
expect_eq "its maps error" "$(printf '%s' "$prog" | jq -r .maps_error)" "null"

# bpftool's word for each map, in --json's member names, in map_ids order.
want=
for map in $(bpftool -j prog show id "$id" | jq -r '.map_ids[]'); do
	one=$(bpftool -j map show id "$map" | jq -c '{id, name, type, key_size: .bytes_key,
		value_size: .bytes_value, max_entries, flags, bytes_memlock}') ||
		fail "bpftool does not show map $map"
	want="$want$one
"
done
got=$(printf '%s' "$prog" | jq -c '.maps[] | {id, name, type, key_size, value_size,
	max_entries, flags, bytes_memlock}')
expect_eq "the maps of program $id, as bpftool shows them" "$got" "${want%
}"
expect_eq "three maps" "$(printf '%s' "$prog" | jq '.maps | length')" 3
expect_eq "the map types" "$(printf '%s' "$prog" | jq -r '[.maps[].type] | sort | join(" ")')" \
	"array hash ringbuf"
expect_eq "map_ids kept" "$(printf '%s' "$prog" | jq -c .map_ids)" \
	"$(bpftool -j prog show id "$id" | jq -c .map_ids)"

# Program type 32: a name, not a number or "unknown".
expect_eq "the netfilter program's type" \
	"$(printf '%s\n' "$json" | jq -r --argjson id "$nf_id" '.programs[] | select(.id == $id) | .type')" \
	netfilter

# --list: one line per map under the program's Maps.
list=$(COLUMNS=200 "$BIN" --list) || fail "bpfknobs --list failed"
block=$(printf '%s\n' "$list" | sed -n "/^Program $id: bk_maps_reader\$/,/^\$/p")
[ -n "$block" ] || fail "--list has no block for program $id"
expect_match "--list's map count" "$block" "Maps: +3 maps"
for map in $(printf '%s' "$prog" | jq -r '.maps[].id'); do
	line=$(printf '%s' "$prog" | jq -r --argjson m "$map" '.maps[] | select(.id == $m) |
		"\(.id) \(.name): \(.type), key \(.key_size) B, value \(.value_size) B, \(.max_entries) entries at most"')
	printf '%s\n' "$block" | tr -s ' \n' ' ' | grep -qF -- "$line" ||
		fail "--list has no line '$line' in: $block"
done

# The details screen: Maps with each map, and the netfilter program found
# by its type.
screen_start 200 50 -- "$BIN" -d 1
screen_wait "the main screen" "Tab Pane"
screen_keys Tab / netfilter Enter
screen_wait "the netfilter filter" "Programs: [0-9]+ of [0-9]+ match \"netfilter\""
screen_has "the netfilter program listed" "^[ ▸] *$nf_id netfilter +bk_netfilter "
screen_keys Escape / "$id" Enter
screen_wait "the filtered list" "match \"$id\""
screen_select "program $id" "^▸ *$id socket_filter +bk_maps_reader "
screen_keys Enter
screen_wait "the details of $id" "^ Program $id: bk_maps_reader \(socket_filter\)"
screen_has "the map count" "Maps: +3 maps"
for map in $(printf '%s' "$prog" | jq -r '.maps[].id'); do
	line=$(printf '%s' "$prog" | jq -r --argjson m "$map" '.maps[] | select(.id == $m) |
		"\(.id) \(.name): \(.type), key \(.key_size) B, value \(.value_size) B"')
	screen_has "map $map" "^ +$line, "
done
screen_keys q q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
