#!/bin/sh
# The layer test fails where it must: on a copy of the sources with one
# include planted that reaches up (core/base/ including the snapshot), one
# unqualified include and one circle between two folders' declarations, it
# exits 1 and names each file and line.
set -u
: "${srcdir:=.}"
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
(cd "$srcdir" && tar cf - core tui cli) | (cd "$tmp" && tar xf -) || exit 99
chmod -R u+w "$tmp"
fail() { echo "FAIL: $*" >&2; exit 1; }

# The clean copy passes.
LAYERS_ROOT=$tmp sh "$srcdir/tests/lint/test_layers.sh" >"$tmp/out" ||
	fail "the unchanged sources fail: $(cat "$tmp/out")"

# An upward include, on line 2 of a base file.
sed -i '1a #include "refresh/snapshot.h"' "$tmp/core/base/units.c"
LAYERS_ROOT=$tmp sh "$srcdir/tests/lint/test_layers.sh" >"$tmp/out" &&
	fail "an include from core/base/ up to core/refresh/ passed"
grep -q '^core/base/units.c:2: #include "refresh/snapshot.h" reaches core/refresh/' "$tmp/out" ||
	fail "the upward include is not named by file and line: $(cat "$tmp/out")"
sed -i '2d' "$tmp/core/base/units.c"

# An include that does not say its folder.
sed -i '1a #include "parse.h"' "$tmp/core/base/units.c"
LAYERS_ROOT=$tmp sh "$srcdir/tests/lint/test_layers.sh" >"$tmp/out" &&
	fail "an unqualified include passed"
grep -q '^core/base/units.c:2: #include "parse.h" names core/base/parse.h unqualified' "$tmp/out" ||
	fail "the unqualified include is not named: $(cat "$tmp/out")"
sed -i '2d' "$tmp/core/base/units.c"

# core/ including curses.
sed -i '1a #include <curses.h>' "$tmp/core/base/units.c"
LAYERS_ROOT=$tmp sh "$srcdir/tests/lint/test_layers.sh" >"$tmp/out" &&
	fail "curses in core/ passed"
grep -q '^core/base/units.c:2: core/ includes curses' "$tmp/out" ||
	fail "curses in core/ is not named: $(cat "$tmp/out")"
sed -i '2d' "$tmp/core/base/units.c"

# A circle: base declares that it may include knobs, which may include base.
sed -i 's|^May include: .*|May include: core/knobs|' "$tmp/core/base/README.md"
LAYERS_ROOT=$tmp sh "$srcdir/tests/lint/test_layers.sh" >"$tmp/out" &&
	fail "a circle between core/base and core/knobs passed"
grep -q 'form a circle: .*core/base' "$tmp/out" ||
	fail "the circle is not named: $(cat "$tmp/out")"

# A folder without its README.
rm "$tmp/core/base/README.md"
LAYERS_ROOT=$tmp sh "$srcdir/tests/lint/test_layers.sh" >"$tmp/out" &&
	fail "a folder without README.md passed"
grep -q '^core/base/README.md: missing' "$tmp/out" ||
	fail "the missing README is not named: $(cat "$tmp/out")"
echo "test_layers_planted: each planted break was found and named"
exit 0
