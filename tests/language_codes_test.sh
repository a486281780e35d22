#!/bin/sh
# Checks that src/language_codes.c is what tools/gen_language_codes.py makes
# from Debian's iso-codes and the npm packages pinned in tools/priors, and
# that its banner names the versions read. Closes with
# "language-codes: N passed, M failed".
#   sh tests/language_codes_test.sh [ISO_CODES_DIR [NODE_MODULES]]
iso=${1:-/usr/share/iso-codes}
modules=${2:-tools/priors/node_modules}
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
generate() { python3 tools/gen_language_codes.py "$iso" "$modules" > "$tmp"; }
check "the generator runs" generate
check "src/language_codes.c is up to date (make language-codes)" cmp -s "$tmp" src/language_codes.c
for package in language-subtag-registry cldr-core; do
    pinned=$(sed -n "s/.*\"$package\": *\"\([^\"]*\)\".*/\1/p" tools/priors/package.json)
    check "the banner names $package $pinned, as pinned" grep -qE "$package $pinned[^.0-9]" src/language_codes.c
done
iso_version=$(sed -n 's/^Version: //p' "$iso/../pkgconfig/iso-codes.pc")
check "the banner names iso-codes $iso_version" grep -q "iso-codes $iso_version " src/language_codes.c
echo "language-codes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
