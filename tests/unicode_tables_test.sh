#!/bin/sh
# Checks that src/unicode_tables.c is what tools/gen_unicode.py makes from
# Debian's unicode-data, and that its banner names the version it read.
# Closes with "unicode-tables: N passed, M failed".
#   sh tests/unicode_tables_test.sh [UCD_DIR]    (default /usr/share/unicode)
ucd=${1:-/usr/share/unicode}
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
check() { # description, then a command that must succeed
    desc=$1; shift
    if "$@"; then passed=$((passed + 1)); echo "ok - $desc"
    else failed=$((failed + 1)); echo "not ok - $desc"; fi
}
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
generate() { python3 tools/gen_unicode.py "$ucd" > "$tmp"; }
check "the generator runs on $ucd" generate
check "src/unicode_tables.c is up to date (make unicode)" cmp -s "$tmp" src/unicode_tables.c
version=$(head -1 "$ucd/Scripts.txt" | sed -n 's/^# Scripts-\([0-9.]*\)\.txt.*/\1/p' | sed 's/\.0$//')
check "the banner names Unicode $version" grep -q "from Unicode $version data" src/unicode_tables.c
echo "unicode-tables: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
