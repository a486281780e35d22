#!/bin/sh
# Runs each libFuzzer target for a fixed time on its committed seeds (in a
# scratch copy, so the seeds stay as committed): sh tests/fuzz_smoke.sh DIR
# TARGET... with DIR/fuzz_TARGET built. SECONDS_EACH=N changes the time.
dir=${1:?usage: fuzz_smoke.sh DIR TARGET...}
shift
seconds=${SECONDS_EACH:-10}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
for t in "$@"; do
    mkdir -p "$T/$t"
    if "$dir/fuzz_$t" -max_total_time="$seconds" -max_len=65536 -print_final_stats=1 "$T/$t" "fuzz/corpus/$t" \
        > "$T/$t.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$T/$t.log" | grep -o '[0-9]*$')
        cov=$(grep -o 'cov: [0-9]*' "$T/$t.log" | tail -1)
        echo "ok - fuzz_$t: $runs inputs in ${seconds} s, $cov, no failure"
        passed=$((passed + 1))
    else
        echo "not ok - fuzz_$t failed:"
        tail -30 "$T/$t.log"
        failed=$((failed + 1))
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
