#!/bin/sh
# make install into a temporary DESTDIR and PREFIX, then use the installed
# copy as a user would: the files and links, the man pages, pkg-config, a C
# program built from libglossa(3)'s example against it (shared and static),
# the CLI and the SQLite extension; then make uninstall.
#   sh tests/install_test.sh
# Prints "ok - ..." / "not ok - ..." and ends with "install: N passed, M failed".
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DEST=$T/stage
PREFIX=/opt/glossa-test
P=$DEST$PREFIX
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
# check NAME COMMAND: COMMAND (run by sh) succeeds; its output is shown on failure.
check() {
    if sh -c "$2" > "$T/log" 2>&1; then pass "$1"
    else fail "$1"; sed 's/^/#   /' "$T/log"; fi
}
# The make that runs this test may pass its jobserver in MAKEFLAGS: the
# inner make is a make of its own.
MK="env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL ${MAKE:-make} -s"

MAJOR=$(awk '$2 == "GLOSSA_VERSION_MAJOR" { print $3 }' include/glossa.h)
MINOR=$(awk '$2 == "GLOSSA_VERSION_MINOR" { print $3 }' include/glossa.h)
PATCH=$(awk '$2 == "GLOSSA_VERSION_PATCH" { print $3 }' include/glossa.h)
VERSION=$MAJOR.$MINOR.$PATCH
FUNCTIONS=$(sed -n 's/^GLOSSA_API[^(]*[ *]\(glossa_[a-z_]*\)(.*/\1/p' include/glossa.h)
export DEST P VERSION MAJOR FUNCTIONS MK

check "the version macros agree with GLOSSA_VERSION_STRING ($VERSION)" \
    "grep -q '^#define GLOSSA_VERSION_STRING \"$VERSION\"\$' include/glossa.h"
check "make install DESTDIR=... PREFIX=$PREFIX" "$MK install DESTDIR='$DEST' PREFIX=$PREFIX"
check "make install again over the installed copy" "$MK install DESTDIR='$DEST' PREFIX=$PREFIX"

check "bin/glossa is executable" "[ -x \"\$P/bin/glossa\" ]"
check "lib/libglossa.a is an archive with the API" \
    "nm \"\$P/lib/libglossa.a\" 2>/dev/null | grep -q ' T glossa_detect\$'"
check "lib/libglossa.so.$VERSION is a file" "[ -f \"\$P/lib/libglossa.so.\$VERSION\" ] && [ ! -L \"\$P/lib/libglossa.so.\$VERSION\" ]"
check "lib/libglossa.so.$MAJOR and lib/libglossa.so link to it" \
    "[ \"\$(readlink \"\$P/lib/libglossa.so.\$MAJOR\")\" = libglossa.so.\$VERSION ] &&
     [ \"\$(readlink \"\$P/lib/libglossa.so\")\" = libglossa.so.\$VERSION ]"
check "its soname is libglossa.so.$MAJOR" \
    "readelf -d \"\$P/lib/libglossa.so.\$VERSION\" | grep -q 'SONAME.*\\[libglossa.so.$MAJOR\\]'"
check "it exports every function of glossa.h and nothing else" \
    "nm -D --defined-only \"\$P/lib/libglossa.so.\$VERSION\" | awk '{ print \$3 }' | sort > \"$T/exported\" &&
     printf '%s\n' \$FUNCTIONS | sort > \"$T/api\" && diff \"$T/api\" \"$T/exported\""
check "include/glossa.h is the header" "cmp include/glossa.h \"\$P/include/glossa.h\""
check "share/man holds glossa.1, libglossa.3 and a page name for each of the $(echo $FUNCTIONS | wc -w) functions" \
    "[ -f \"\$P/share/man/man1/glossa.1\" ] && [ -f \"\$P/share/man/man3/libglossa.3\" ] &&
     for f in \$FUNCTIONS; do [ \"\$(cat \"\$P/share/man/man3/\$f.3\")\" = '.so man3/libglossa.3' ] || exit 1; done"
if [ -f build/glossa_sqlite.so ]; then
    check "lib/glossa/glossa_sqlite.so is installed and loads in sqlite3" \
        "[ \"\$(sqlite3 -batch -bail -cmd \".load \$P/lib/glossa/glossa_sqlite\" :memory: \\
            \"SELECT glossa_detect('Kaupungin keskustan kirjasto on avattu uudelleen pitkän remontin jälkeen.')\")\" = fi ]"
fi

check "the installed CLI names a Latvian sentence" \
    "echo 'Rīgas vecpilsētā ir daudz šauru ieliņu un senu namu.' | \"\$P/bin/glossa\" | grep -q '^lv 0\\.9'"
check "the installed CLI gives version $VERSION" "\"\$P/bin/glossa\" --version | grep -q '^glossa $VERSION\$'"

# The man pages: rendered by man without a warning, clean for groff and
# mandoc's linter, and complete.
for page in man1/glossa.1 man3/libglossa.3; do
    check "man -l renders $page without a warning" \
        "MANWIDTH=80 man -l \"\$P/share/man/$page\" > \"$T/page\" 2> \"$T/warn\" && [ ! -s \"$T/warn\" ] &&
         grep -q '^NAME' \"$T/page\" && grep -q '^EXAMPLES' \"$T/page\""
    check "groff -man -ww -z: no warning in $page" \
        "[ -z \"\$(groff -man -ww -z \"\$P/share/man/$page\" 2>&1)\" ]"
    check "mandoc -T lint: nothing to say about $page" \
        "[ -z \"\$(mandoc -T lint \"\$P/share/man/$page\" 2>&1)\" ]"
done
check "man finds libglossa(3) as glossa_detect in the installed tree" \
    "MANWIDTH=80 man -M \"\$P/share/man\" 3 glossa_detect 2>&1 | grep -q '^LIBGLOSSA(3)'"
"$P/bin/glossa" --help | grep -E '^ +-' | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u > "$T/options"
missing=""
for o in $(cat "$T/options"); do
    grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$P/share/man/man1/glossa.1" || missing="$missing $o"
done
if [ "$(wc -l < "$T/options")" -ge 15 ] && [ -z "$missing" ]; then
    pass "glossa(1) documents all $(wc -l < "$T/options") options of glossa --help"
else
    fail "glossa(1) documents all options of glossa --help"; echo "#   missing:$missing"
fi
for o in --jsonl --field --lang-field --prob-field --rejects -j --quiet; do
    grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$P/share/man/man1/glossa.1" || missing="$missing $o"
done
[ -z "$missing" ] && pass "glossa(1) documents the JSON Lines options" || fail "glossa(1) documents the JSON Lines options"
check "glossa(1) has EXIT STATUS and EXAMPLES" \
    "grep -q '^\\.SH EXIT STATUS' \"\$P/share/man/man1/glossa.1\" && grep -q '^\\.SH EXAMPLES' \"\$P/share/man/man1/glossa.1\""
check "libglossa(3) describes every function of glossa.h" \
    "for f in \$FUNCTIONS; do grep -q \"^\\.BR \$f ()\" \"\$P/share/man/man3/libglossa.3\" &&
       grep -q \"^\\.BI \\\".*[ *]\$f(\" \"\$P/share/man/man3/libglossa.3\" || { echo \$f; exit 1; }; done"

# pkg-config on the staged tree: PKG_CONFIG_SYSROOT_DIR maps PREFIX to DEST.
export PKG_CONFIG_PATH="$P/lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$DEST"
check "glossa.pc is valid and gives version $VERSION" \
    "pkg-config --validate glossa && [ \"\$(pkg-config --modversion glossa)\" = $VERSION ]"
check "pkg-config --cflags --libs glossa" \
    "[ \"\$(echo \$(pkg-config --cflags --libs glossa))\" = \"-I\$P/include -L\$P/lib -lglossa\" ]"
check "pkg-config --static adds -lpthread -lm" \
    "[ \"\$(echo \$(pkg-config --static --libs glossa))\" = \"-L\$P/lib -lglossa -lpthread -lm\" ]"
check "glossa.pc names prefix $PREFIX" "grep -qx 'prefix=$PREFIX' \"\$P/lib/pkgconfig/glossa.pc\""

# libglossa(3)'s example, built against the installed copy.
awk '/^\.SH EXAMPLES/ { on = 1 } on && /^\.EX/ { ex = 1; next } ex && /^\.EE/ { exit } ex' \
    "$P/share/man/man3/libglossa.3" | sed -e 's/\\e/\\/g' -e 's/\\-/-/g' > "$T/example.c"
# ... and the output the page shows for it (after "$ ./example").
awk '/^\$ \.\/example$/ { on = 1; next } on && /^\.EE/ { exit } on' \
    "$P/share/man/man3/libglossa.3" | sed -e 's/\\-/-/g' > "$T/shown"
CC=${CC:-cc}
export CC
check "libglossa(3)'s example builds warning-free with pkg-config --cflags --libs glossa" \
    "\$CC -std=c11 -Wall -Wextra -Wpedantic -Werror \"$T/example.c\" \$(pkg-config --cflags --libs glossa) -o \"$T/shared\""
check "it links the installed libglossa.so.$MAJOR" \
    "readelf -d \"$T/shared\" | grep -q 'NEEDED.*\\[libglossa.so.$MAJOR\\]' &&
     LD_LIBRARY_PATH=\"\$P/lib\" ldd \"$T/shared\" | grep -q \"libglossa.so.\$MAJOR => \$P/lib/libglossa.so.\$MAJOR\""
check "run with LD_LIBRARY_PATH, it prints what the page shows (Dutch first)" \
    "LD_LIBRARY_PATH=\"\$P/lib\" \"$T/shared\" > \"$T/out\" && head -1 \"$T/out\" | grep -q '^nl Dutch ' &&
     cmp -s \"$T/out\" \"$T/shown\""
check "the example links statically with pkg-config --static" \
    "\$CC -std=c11 -static \"$T/example.c\" \$(pkg-config --static --cflags --libs glossa) -o \"$T/static\" &&
     ! readelf -d \"$T/static\" | grep -q NEEDED"
check "the static program prints the same" \
    "\"$T/static\" > \"$T/out_static\" && cmp -s \"$T/out_static\" \"$T/shown\""
unset PKG_CONFIG_PATH PKG_CONFIG_SYSROOT_DIR

check "make uninstall leaves no file behind" \
    "$MK uninstall DESTDIR='$DEST' PREFIX=$PREFIX && [ -z \"\$(find \"\$DEST\" ! -type d)\" ]"
check "PREFIX defaults to /usr/local" \
    "\$MK install DESTDIR='$T/default' && [ -x '$T/default/usr/local/bin/glossa' ] &&
     grep -qx 'prefix=/usr/local' '$T/default/usr/local/lib/pkgconfig/glossa.pc' &&
     $MK uninstall DESTDIR='$T/default' && [ -z \"\$(find '$T/default' ! -type d)\" ]"

echo "install: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
