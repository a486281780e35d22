#!/bin/sh
# The C example of README.md compiles warning-free against the library and
# runs: sh tests/readme_example.sh CC "CFLAGS" LIBRARY
CC=${1:?usage: readme_example.sh CC CFLAGS LIBRARY}
CFLAGS=$2
LIB=$3
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
check() {
    if eval "$2" >/dev/null 2>&1; then passed=$((passed + 1)); echo "ok - $1"
    else failed=$((failed + 1)); echo "not ok - $1"; fi
}
awk '/^```c$/ { on = 1; next } /^```$/ { if (on) exit } on' README.md > "$T/example.c"
check "README has a C example" "[ -s '$T/example.c' ]"
check "the example compiles warning-free" \
    "$CC $CFLAGS -Werror -Iinclude '$T/example.c' '$LIB' -lpthread -lm -o '$T/example'"
check "the example runs" "'$T/example' > '$T/out'"
check "the example names Latvian first" "head -1 '$T/out' | grep -q '^lv (Latvian) '"
check "the example finds the Latvian and English spans" \
    "grep -q '^\\[0, 64) lv ' '$T/out' && grep -q '^\\[64, 142) en ' '$T/out' && grep -q '^mixed: 1$' '$T/out'"
echo "readme: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
