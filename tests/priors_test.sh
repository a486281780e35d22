#!/bin/sh
# Checks that src/language_priors.c is what tools/gen_priors.py makes from the
# installed cldr-core (tools/priors/node_modules, `make priors-deps`) and the
# corpus's languages.tsv, that the generator's output is deterministic, and
# that the floor agrees between generator and header. Closes with
# "priors: N passed, M failed".
#   sh tests/priors_test.sh [CORPUS_DIR]    (default ../shared/corpus)
corpus=${1:-../shared/corpus}
case $corpus in /*) ;; *) corpus=$(pwd)/$corpus ;; esac
cd "$(dirname "$0")/.." || exit 1
cldr=tools/priors/node_modules/cldr-core
tsv=$corpus/languages.tsv
passed=0
failed=0
n=0
ok() { n=$((n + 1)); passed=$((passed + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pinned=$(sed -n 's/.*"cldr-core": *"\([^"]*\)".*/\1/p' tools/priors/package.json)
installed=$(sed -n 's/^  "version": *"\([^"]*\)".*/\1/p' "$cldr/package.json" 2>/dev/null)
if [ -n "$installed" ] && [ "$installed" = "$pinned" ]; then
    ok "cldr-core $installed installed, as pinned"
else
    not_ok "cldr-core ${installed:-missing} installed, $pinned pinned (make priors-deps)"
fi

if python3 tools/gen_priors.py "$cldr" "$tsv" > "$tmp/a.c" 2> "$tmp/err"; then
    ok "generator runs"
else
    not_ok "generator runs"
    sed 's/^/# /' "$tmp/err"
fi

if cmp -s "$tmp/a.c" src/language_priors.c; then
    ok "src/language_priors.c is up to date"
else
    not_ok "src/language_priors.c differs from the generator's output (make priors)"
    diff src/language_priors.c "$tmp/a.c" | head -20 | sed 's/^/# /'
fi

python3 tools/gen_priors.py "$cldr" "$tsv" > "$tmp/b.c" 2> /dev/null
if [ -s "$tmp/a.c" ] && cmp -s "$tmp/a.c" "$tmp/b.c"; then
    ok "two runs give the same bytes"
else
    not_ok "two runs give the same bytes"
fi

floor_py=$(sed -n 's/^FLOOR_WRITERS = \([0-9]*\)$/\1/p' tools/gen_priors.py)
floor_h=$(sed -n 's/^#define GL_PRIOR_FLOOR_WRITERS \([0-9]*\)\.0f$/\1/p' src/language_priors.h)
if [ -n "$floor_py" ] && [ "$floor_py" = "$floor_h" ]; then
    ok "floor $floor_py in the generator and the header"
else
    not_ok "floor: ${floor_py:-?} in tools/gen_priors.py, ${floor_h:-?} in src/language_priors.h"
fi

# One entry per corpus language, and one for the non-language class.
rows=$(($(wc -l < "$tsv") - 1))
entries=$(grep -c '^    {"' "$tmp/a.c")
if [ "$((rows + 1))" -eq "$entries" ] && grep -q '^    {"zxx_Latn", ' "$tmp/a.c"; then
    ok "one entry per corpus language and zxx_Latn ($entries)"
else
    not_ok "$entries entries for $rows corpus languages and zxx_Latn"
fi

echo "priors: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
