#!/bin/sh
# The floor plan, checked: every folder of core/, tui/ and cli/ says in its
# README.md which folders it may include ("May include: core/base,
# core/knobs"; "core/*" for all of core/), and every '#include "..."' of its
# sources must name a header of its own folder or of one of those, written
# relative to its tree (core/, tui/ or cli/: "knobs/knob.h"). The folders'
# declarations must not form a circle, and core/ never includes curses.
# Each violation is printed as FILE:LINE and what to do; the exit status is
# 1 when there is one. LAYERS_ROOT checks another tree (the test of this
# test plants an upward include in a copy).
set -u
root=${LAYERS_ROOT:-${srcdir:-.}}
cd "$root" || exit 99

folders=$(find core tui cli -type f \( -name '*.c' -o -name '*.h' \) 2>/dev/null |
	sed 's|/[^/]*$||' | sort -u)
[ -n "$folders" ] || { echo "test_layers: no sources under $root" >&2; exit 99; }

# folder<TAB>allowed pattern, one line each (the folder itself is allowed)
rules=$(for f in $folders; do
	readme=$f/README.md
	if [ ! -f "$readme" ]; then
		echo "$f	!missing"
		continue
	fi
	line=$(sed -n 's/^May include: *//p' "$readme" | head -n 1)
	printf '%s\t%s\n' "$f" "$f"
	for p in $(printf '%s' "$line" | tr ',' ' '); do
		[ "$p" = nothing ] || printf '%s\t%s\n' "$f" "$p"
	done
done)

status=0
# Every include, resolved and judged.
for f in $folders; do
	case $rules in *"$f	!missing"*)
		echo "$f/README.md: missing: every folder says what it owns and, on a line" \
			"\"May include: ...\", which folders it may include"
		status=1
		continue;;
	esac
	tree=${f%%/*}
	for src in "$f"/*.c "$f"/*.h; do
		[ -f "$src" ] || continue
		grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]' "$src" | while IFS= read -r hit; do
			lineno=${hit%%:*}
			text=${hit#*:}
			case $text in
			*'<curses.h>'*|*'<ncurses.h>'*|*'<ncursesw/'*)
				if [ "$tree" = core ]; then
					echo "$src:$lineno: core/ includes curses: core/ is a library without curses; draw in tui/draw/"
				fi
				continue;;
			*'"'*) ;;
			*) continue;;
			esac
			name=$(printf '%s\n' "$text" | sed 's/^[^"]*"\([^"]*\)".*/\1/')
			target=
			for base in core tui cli; do
				if [ -f "$base/$name" ]; then
					target=$base/$name
					break
				fi
			done
			if [ -z "$target" ]; then
				# not one of ours (a generated skeleton, config.h)
				[ -f "$f/$name" ] || continue
				target=$f/$name
			fi
			tdir=${target%/*}
			if [ "${target#*/}" != "$name" ]; then
				echo "$src:$lineno: #include \"$name\" names $target unqualified: write" \
					"\"${target#*/}\", its path below ${target%%/*}/"
				continue
			fi
			ok=no
			for p in $(printf '%s\n' "$rules" | awk -F'\t' -v f="$f" '$1 == f { print $2 }'); do
				case $tdir in
				$p) ok=yes; break;;
				esac
			done
			if [ $ok = no ]; then
				allowed=$(sed -n 's/^May include: *//p' "$f/README.md" | head -n 1)
				echo "$src:$lineno: #include \"$name\" reaches $tdir/, which $f/ may not include" \
					"(its README.md: \"May include: $allowed\"): move the code down, or the" \
					"header into a folder $f/ may use"
			fi
		done
	done
done >"${TMPDIR:-/tmp}/test_layers.$$" 2>&1
if [ -s "${TMPDIR:-/tmp}/test_layers.$$" ]; then
	cat "${TMPDIR:-/tmp}/test_layers.$$"
	status=1
fi
rm -f "${TMPDIR:-/tmp}/test_layers.$$"

# Circles between folders: the declared "may include" graph, patterns
# expanded to the folders they match, must be a partial order.
edges=$(printf '%s\n' "$rules" | while IFS='	' read -r from pat; do
	[ "$pat" = "!missing" ] && continue
	for to in $folders; do
		[ "$to" = "$from" ] && continue
		case $to in $pat) printf '%s %s\n' "$from" "$to";; esac
	done
done)
if [ -n "$edges" ]; then
	cycle=$(printf '%s\n' "$edges" | tsort 2>&1 >/dev/null | sed -n 's/^tsort: //p' | tr '\n' ' ')
	if [ -n "$cycle" ]; then
		echo "folders: their READMEs' \"May include\" lines form a circle: $cycle"
		status=1
	fi
fi

if [ $status = 0 ]; then
	n=$(printf '%s\n' "$folders" | wc -l)
	echo "test_layers: $n folders, every include goes down or stays in its folder"
fi
exit $status
