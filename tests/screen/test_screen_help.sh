# ? and F1 open the help; it lists every key the browser takes (the keys
# the issue promises, and every label of the key table in tui/text/keys.c),
# pages with PgDn, and Esc or q go back to where it was opened.
. "$srcdir/tests/lib/lib.sh"
. "$srcdir/tests/screen/lib.sh"

# help_text: every page of the help, from the first line to the last.
help_text() {
	screen_keys Home
	screen_wait "the first page" "^ Help: the keys of bpfknobs"
	text=$SCREEN
	pages=0
	while printf '%s\n' "$SCREEN" | grep -q "lines [0-9]*-\([0-9]*\) of [0-9]*" &&
		! printf '%s\n' "$SCREEN" | grep -Eq "lines [0-9]+-([0-9]+) of \1( |$)"; do
		pages=$((pages + 1))
		[ $pages -lt 20 ] || screen_fail "the help does not end"
		before=$SCREEN
		screen_keys PageDown
		i=0
		while [ "$SCREEN" = "$before" ] && [ $i -lt 50 ]; do
			sleep 0.1
			SCREEN=$(screen_capture)
			i=$((i + 1))
		done
		text="$text
$SCREEN"
	done
	HELP=$text
}

help_has() {
	printf '%s\n' "$HELP" | grep -Eq -- "$2" || fail "the help does not list $1 (/$2/)"
}

screen_start 80 24
screen_wait "the main screen" "Tab Pane"
screen_keys '?'
screen_wait "? opens the help" "^ Help: the keys of bpfknobs"
screen_fits 80
help_text

# The keys the issue promises, each with what it does.
help_has Tab "^   Tab +Switch between the knob pane and the program pane"
help_has Up/k "^   Up, k +Move up"
help_has Down/j "^   Down, j +Move down"
help_has PgUp "^   PgUp(, [A-Za-z-]+)* +Move up a page"
help_has PgDn "^   PgDn(, [A-Za-z-]+)* +Move down a page"
help_has Home "^   Home(, g)? +Go to the first line"
help_has End "^   End(, G)? +Go to the last line"
help_has Enter "^   Enter +On a knob: change it"
help_has "i and Right" "^   i, Right +Show everything about the selected knob"
help_has "digits" "^   0-9 +On a knob: start typing a new value"
help_has u "^   u +Undo the last change"
help_has S "^   S +Save the knobs changed"
help_has H "^   H +List the changes tried"
help_has "y in a confirmation" "^   y, Y +Yes: write it"
help_has "n in a confirmation" "^   n, N, Esc, Enter +No: close without writing"
help_has Esc "^   Esc(, [A-Za-z]+)* +Go back"
help_has "? and F1" "^   \?, F1 +Show this help"
help_has / "^   / +Filter the programs by name, type, id, owner"
help_has "q and F10" "^   q, F10 +Quit"
help_has "the sort key" "^   s +Sort the programs"
help_has "the prompt's keys" "^   Enter +Keep the filter"

# Every key label of the table, as one whole key of a help line: the key
# column ("   " then keys joined by ", ") and two or more blanks before the
# description, so that "k" is found in "   Up, k   Move up a line" and
# never in the words of a description.
labels=$(sed -n 's/.*KEY([^,]*, "\([^"]*\)".*/\1/p' "$srcdir/tui/text/keys.c" | sort -u)
[ -n "$labels" ] || fail "no key labels found in tui/text/keys.c"
for label in $labels; do
	key=$(printf '%s' "$label" | sed 's/[].[*+?(){}|^$\\]/\\&/g')
	printf '%s\n' "$HELP" | grep -Eq -- "^   ([^ ,]+, )*$key(, [^ ,]+)*  +[^ ]" ||
		fail "the help has no line for the key $label (keys, then what they do)"
done

# Esc goes back; F1 opens it too, q closes it without quitting.
screen_keys Escape
screen_wait "Esc back to the main screen" "Tab Pane"
screen_keys F1
screen_wait "F1 opens the help" "^ Help: the keys of bpfknobs"
screen_keys q
screen_wait "q closes the help" "Tab Pane"
[ -f "$SCREEN_STATUS" ] && fail "q in the help quit bpfknobs"

# From a program's or a knob's detail, the help returns there.
screen_keys i
screen_wait "a knob's detail" "^ kernel.unprivileged_bpf_disabled: "
screen_keys '?'
screen_wait "the help from a detail" "^ Help: the keys"
screen_keys Escape
screen_wait "back to the detail" "^ kernel.unprivileged_bpf_disabled: "
screen_keys Escape
screen_wait "back to the main screen" "Tab Pane"
screen_keys q
expect_eq "after q" "$(screen_exit_status)" "0 restored"
exit 0
