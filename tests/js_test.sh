#!/bin/sh
# Runs test files under Node's test runner and counts them as make check
# counts suites: sh tests/js_test.sh NAME FILE...  (GLOSSA_CLI and
# GLOSSA_CORPUS in the environment name the CLI and the corpus).
NAME=${1:?usage: js_test.sh NAME FILE...}
shift
out=$(mktemp)
trap 'rm -f "$out"' EXIT
node --test --test-reporter=tap "$@" > "$out" 2>&1
status=$?
cat "$out"
passed=$(sed -n 's/^# pass \([0-9]*\)$/\1/p' "$out")
failed=$(sed -n 's/^# fail \([0-9]*\)$/\1/p' "$out")
# No count at all (node could not start): one failure.
echo "$NAME: ${passed:-0} passed, ${failed:-1} failed"
[ "$status" -eq 0 ]
