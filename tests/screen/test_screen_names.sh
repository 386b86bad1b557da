# Full program names in the program table: a program whose BTF name is
# longer than the kernel's 15 characters shows that whole name (as --list,
# --json and bpftool give it) where the NAME column has room, and is cut
# with a visible ellipsis where it has not: "…" in UTF-8, "..." in ASCII.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

need_root
need_cmd bpftool bpftool

load_program btf
id=$LOADED_IDS
full=$(bpftool -j prog show id "$id" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')
expect_eq "bpftool's name of program $id" "$full" "bk_btf_func_name_longer_than_fifteen"

# filter_to ID: the table narrowed to that program.
filter_to() {
	screen_keys Tab / "$1" Enter
	screen_wait "the filtered list" "match \"$1\""
}

# Wide: the whole name, then the JIT size column.
screen_start 200 50 -- "$SCREEN_BIN" -d 1
screen_wait "the main screen" "Tab Pane"
filter_to "$id"
# The JIT column says "reading" until /proc/kallsyms has been read, which
# takes longer while other programs come and go: wait for the size.
screen_wait "the full name at 200 columns" "^[ ▸] *$id socket_filter +$full +[0-9]+ B "
screen_keys Enter
screen_wait "the details" "^ Program $id: $full \(socket_filter\)"
screen_keys Escape

# Narrow: cut, with the ellipsis, in a 16-column NAME.
screen_resize 80 24
screen_wait "the name cut at 80 columns" "^[ ▸] *$id sk_filter +bk_btf_func_nam… +[0-9]+ B "
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"

# ASCII (a locale that is not UTF-8): the cut ends in "...".
screen_start 80 24 LANG=C -- "$SCREEN_BIN" -d 1
screen_wait "the main screen in ASCII" "Tab Pane"
filter_to "$id"
screen_wait "the name cut in ASCII" "^[ >] *$id sk_filter +bk_btf_func_n\.\.\. +[0-9]+ B "
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
