#!/bin/sh
# The npm package's tests under Node's test runner (tests/js_test.mjs,
# tests/js_pack_test.mjs), counted as make check counts suites:
#   sh tests/js_test.sh CLI CORPUS
CLI=${1:?usage: js_test.sh CLI CORPUS}
CORPUS=${2:?usage: js_test.sh CLI CORPUS}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
GLOSSA_CLI=$CLI GLOSSA_CORPUS=$CORPUS node --test --test-reporter=tap tests/js_test.mjs tests/js_pack_test.mjs > "$out" 2>&1
status=$?
cat "$out"
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out")
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out")
# No count at all (node could not start): one failure.
echo "js: ${passed:-0} passed, ${failed:-1} failed"
[ "$status" -eq 0 ]
