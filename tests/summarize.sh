#!/bin/sh
# Runs each test command given (one per argument), shows its output, and
# closes with the total "check: N passed, M failed" line that CI reads.
# Exits non-zero when any suite failed or printed no closing count.
passed=0
failed=0
status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for suite in "$@"; do
    if ! sh -c "$suite" > "$log" 2>&1; then status=1; fi
    cat "$log"
    counts=$(grep -E '^[A-Za-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
    if [ -z "$counts" ]; then
        echo "no test count from: $suite"
        status=1
        continue
    fi
    p=$(echo "$counts" | sed -E 's/.*: ([0-9]+) passed.*/\1/')
    f=$(echo "$counts" | sed -E 's/.* ([0-9]+) failed$/\1/')
    passed=$((passed + p))
    failed=$((failed + f))
done
echo "check: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
