#!/bin/sh
# Fetches Debian kernel packages for the kernel matrix into a cache and
# prints, per kernel asked for, "NAME RELEASE VERSION SUITE DIR" where DIR
# holds vmlinuz and config.
#
#   fetch.sh CACHE NAME...
#
# NAME is a Debian suite (bookworm, trixie-backports, ...), a version the
# matrix knows (5.10 bullseye, 6.1 bookworm, 6.12 trixie, 7.2 sid, 7.3
# trixie-backports), or "7": the newest 7.x any of those suites serves.
# The archive is reached through a private sources list under CACHE, never
# the host's; what was resolved and unpacked once is used again, and when
# the archive cannot be reached a kernel resolved before is used as cached.
set -eu

cache=$1
shift
mirror=${KERNEL_MIRROR:-http://deb.debian.org/debian}
suites="bullseye bookworm trixie trixie-backports sid"
keyring=/usr/share/keyrings/debian-archive-keyring.gpg

say() { echo "kernels: $*" >&2; }

mkdir -p "$cache/apt/none" "$cache/apt/lists/partial" "$cache/apt/archives/partial" "$cache/debs" "$cache/resolved"
sources=$cache/apt/sources.list
: >"$sources.new"
for s in $suites; do
	echo "deb [signed-by=$keyring] $mirror $s main" >>"$sources.new"
done
mv "$sources.new" "$sources"
apt_opts="-o Dir::Etc::sourcelist=$sources -o Dir::Etc::sourceparts=- \
-o Dir::State::Lists=$cache/apt/lists -o Dir::Cache=$cache/apt \
-o Dir::Etc::preferences=$cache/apt/none -o Dir::Etc::preferencesparts=$cache/apt/none \
-o APT::Sandbox::User=root -o Debug::NoLocking=1"

# The package lists, refreshed at most once a day.
lists_ok=true
stamp=$cache/apt/updated
if [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
	say "updating the package lists of $suites from $mirror (private sources list $sources)"
	# shellcheck disable=SC2086 # one word per option
	if apt-get $apt_opts -q update >"$cache/apt/update.log" 2>&1; then
		touch "$stamp"
	else
		say "could not update the package lists (see $cache/apt/update.log); using what is cached"
		lists_ok=false
	fi
fi

suite_of() {
	case $1 in
	5.10) echo bullseye ;;
	6.1) echo bookworm ;;
	6.12) echo trixie ;;
	7.2) echo sid ;;
	7.3) echo trixie-backports ;;
	7) newest=
		for s in trixie-backports sid; do
			# shellcheck disable=SC2086
			v=$(apt-cache $apt_opts show "linux-image-amd64/$s" 2>/dev/null |
				sed -n 's/^Version: //p' | head -n1)
			case $v in 7.*) ;; *) continue ;; esac
			if [ -z "$newest" ] || dpkg --compare-versions "$v" gt "$newest"; then
				newest=$v best=$s
			fi
		done
		[ -n "$newest" ] && echo "$best" ;;
	*[a-z]*) echo "$1" ;;
	esac
}

# Resolves NAME to "RELEASE VERSION SUITE" through the suite's
# linux-image-amd64 metapackage, which depends on linux-image-RELEASE.
resolve() {
	suite=$(suite_of "$1") || return 1
	[ -n "$suite" ] || return 1
	# shellcheck disable=SC2086
	apt-cache $apt_opts show "linux-image-amd64/$suite" 2>/dev/null | awk -v s="$suite" '
		/^Version: / && !v { v = $2 }
		/^Depends: / && !r { n = split($0, d, /[ ,]+/)
			for (i = 2; i <= n; i++) if (d[i] ~ /^linux-image-[0-9]/) { r = d[i]; break } }
		END { if (r) { sub(/^linux-image-/, "", r); print r, v, s } }'
}

for name in "$@"; do
	resolved=
	if $lists_ok; then
		resolved=$(resolve "$name") || true
	fi
	if [ -z "$resolved" ] && [ -s "$cache/resolved/$name" ]; then
		resolved=$(cat "$cache/resolved/$name")
		say "$name: using the cached resolution $resolved"
	fi
	if [ -z "$resolved" ]; then
		say "$name: no such kernel in $suites (names: 5.10 6.1 6.12 7.2 7.3 7, or a suite)"
		exit 1
	fi
	set -- $resolved "$@"
	release=$1 version=$2 suite=$3
	shift 3
	dir=$cache/$release
	if [ ! -s "$dir/vmlinuz" ] || [ ! -s "$dir/config" ]; then
		# From 7.x the image package is split: linux-binary-* has vmlinuz,
		# linux-base-* the config.
		# shellcheck disable=SC2086
		if apt-cache $apt_opts show "linux-binary-$release" >/dev/null 2>&1; then
			pkgs="linux-binary-$release linux-base-$release"
		else
			pkgs="linux-image-$release"
		fi
		say "$name: downloading $pkgs $version (Debian $suite, 15-70 MB) into $cache/debs"
		# shellcheck disable=SC2086
		(cd "$cache/debs" && apt-get $apt_opts -q -q download $pkgs >/dev/null) || {
			say "$name: download failed"
			exit 1
		}
		rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/x"
		# Only the kernel and its config: unpacking every module takes
		# half a minute.
		for p in $pkgs; do
			dpkg-deb --fsys-tarfile "$(ls "$cache/debs/${p}_"*.deb | head -n1)" |
				(cd "$dir.tmp/x" && tar -x --wildcards './boot/*' \
					'./usr/lib/modules/*/vmlinuz' './usr/lib/modules/*/config' \
					2>/dev/null) || true
		done
		for f in "$dir.tmp/x/boot/vmlinuz-$release" "$dir.tmp/x/usr/lib/modules/$release/vmlinuz"; do
			[ -e "$f" ] && cp "$f" "$dir.tmp/vmlinuz"
		done
		for f in "$dir.tmp/x/boot/config-$release" "$dir.tmp/x/usr/lib/modules/$release/config"; do
			[ -e "$f" ] && cp "$f" "$dir.tmp/config"
		done
		rm -rf "$dir.tmp/x"
		if [ ! -s "$dir.tmp/vmlinuz" ] || [ ! -s "$dir.tmp/config" ]; then
			say "$name: no vmlinuz or config in $pkgs"
			exit 1
		fi
		echo "$version $suite" >"$dir.tmp/version"
		rm -rf "$dir" && mv "$dir.tmp" "$dir"
		rm -f "$cache/debs/"*"$release"*.deb
	fi
	echo "$release $version $suite" >"$cache/resolved/$name"
	echo "$name $release $version $suite $dir"
done
