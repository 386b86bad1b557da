# make install into a staging directory (DESTDIR): every file where it
# belongs, named by the directory variable configure set; the installed
# program runs from there; the units run the installed program; and make
# uninstall removes every file it installed.
. "$srcdir/tests/lib/lib.sh"
export LC_ALL=C # the order of sort

build=$(cd "$builddir" && pwd)
dest=$TEST_TMP/dest
# the make of "make check" must not hand its job server to this one
inner_make() { env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL "${MAKE:-make}" -s -C "$build" "$@"; }

# The directories as configure set them, expanded (GNU make reads the
# Makefile and one more rule from standard input).
inner_make -f Makefile -f - bpfknobs-print-dirs >"$TEST_TMP/dirs" <<'EOF' ||
bpfknobs-print-dirs:
	@echo 'sbindir $(sbindir)'; echo 'mandir $(mandir)'; echo 'docdir $(docdir)'
	@echo 'bashcompletiondir $(bashcompletiondir)'; echo 'zshcompletiondir $(zshcompletiondir)'
	@echo 'fishcompletiondir $(fishcompletiondir)'; echo 'systemdsystemunitdir $(systemdsystemunitdir)'
EOF
	fail "cannot read the installation directories from $build/Makefile"
dir() { sed -n "s/^$1 //p" "$TEST_TMP/dirs"; }
for d in bashcompletiondir zshcompletiondir fishcompletiondir systemdsystemunitdir; do
	[ "$(dir $d)" != no ] || skip "configured without $d (--with-...=no); this test wants every file"
done

inner_make install DESTDIR="$dest" >"$TEST_TMP/install.log" 2>&1 ||
	{ cat "$TEST_TMP/install.log" >&2; fail "make install DESTDIR=... failed (above)"; }

# What was installed, each path with its directory variable in front: the
# whole list, compared.
(cd "$dest" && find . \( -type f -o -type l \) | sed 's|^\.||' | sort) >"$TEST_TMP/files"
listed=$TEST_TMP/listed
cp "$TEST_TMP/files" "$listed"
# the longest directories first, so that $(docdir)/examples is not $(docdir)'s
for var in $(while read -r var path; do echo "${#path} $var"; done <"$TEST_TMP/dirs" |
	sort -rn | cut -d' ' -f2); do
	path=$(dir "$var")
	sed -i "s|^$path/|\$($var)/|" "$listed"
done
cat >"$TEST_TMP/want" <<'EOF'
$(bashcompletiondir)/bpfknobs
$(docdir)/NEWS
$(docdir)/README.md
$(docdir)/examples/ansible-bpfknobs.yml
$(docdir)/examples/bpfknobs-alerts.yml
$(docdir)/examples/bpfknobs.cron
$(docdir)/examples/fleet-profile.conf
$(docdir)/fleet.md
$(fishcompletiondir)/bpfknobs.fish
$(mandir)/man8/bpfknobs.8
$(sbindir)/bpfknobs
$(systemdsystemunitdir)/bpfknobs-check.service
$(systemdsystemunitdir)/bpfknobs-textfile.service
$(systemdsystemunitdir)/bpfknobs-textfile.timer
$(zshcompletiondir)/_bpfknobs
EOF
sort -o "$listed" "$listed"
diff -u --label "what should be installed" --label "make install" "$TEST_TMP/want" "$listed" ||
	fail "make install did not install exactly the files above"
echo "make install: $(wc -l <"$listed") files, each in its place"

# The installed program runs from where it was put (nothing in it names
# the prefix), and the units start that program.
sbindir=$(dir sbindir)
expect_eq "the installed bpfknobs --version" "$("$dest$sbindir/bpfknobs" --version)" \
	"$("$build/bpfknobs" --version)"
unitdir=$dest$(dir systemdsystemunitdir)
for unit in bpfknobs-textfile.service bpfknobs-check.service; do
	exec_start=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unitdir/$unit")
	expect_eq "$unit: the program ExecStart= runs" "$exec_start" "$sbindir/bpfknobs"
done

inner_make uninstall DESTDIR="$dest" >"$TEST_TMP/uninstall.log" 2>&1 ||
	{ cat "$TEST_TMP/uninstall.log" >&2; fail "make uninstall DESTDIR=... failed (above)"; }
left=$(cd "$dest" && find . \( -type f -o -type l \))
[ -z "$left" ] || fail "make uninstall left files behind: $left"
echo "make uninstall: every installed file removed"
exit 0
