#!/bin/sh
# Static analysis and the shape of the normal build (make check's analysis suite):
#   sh tests/analysis_test.sh BUILD_DIR "SOURCES FOR CLANG-TIDY"
# - cppcheck (warning, style, performance, portability) on src/ cli/ tools/
#   sqlite/, with the false positives of tests/cppcheck.supp;
# - clang-tidy with .clang-tidy on the given sources (the library, the CLI
#   and the SQLite extension), with the false positives of tests/clang-tidy.supp;
# - libglossa.so exports exactly the functions declared GLOSSA_API in
#   include/glossa.h (no gl_* internals);
# - the CLI and the library are hardened: stack protector and
#   _FORTIFY_SOURCE checked calls.
# Prints "ok - ..." / "not ok - ..." and closes with "analysis: N passed, M failed".
B=${1:?usage: analysis_test.sh BUILD_DIR "SOURCES"}
SOURCES=${2:?usage: analysis_test.sh BUILD_DIR "SOURCES"}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $1"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $1"; [ -s "$T/why" ] && sed 's/^/    /' "$T/why"; : > "$T/why"; }
: > "$T/why"
DEFS="-D_POSIX_C_SOURCE=200809L -DGLOSSA_BUILDING -DGLOSSA_MODEL_PATH=\"model/glossa.model\""
INCS="-Iinclude -Isrc -Icli -Itools"

# ---- cppcheck ----
if command -v cppcheck >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    if cppcheck --enable=warning,style,performance,portability --error-exitcode=1 --inline-suppr \
        --suppressions-list=tests/cppcheck.supp --quiet --template='{file}:{line}: {severity}: {message} [{id}]' \
        --std=c11 $DEFS $INCS src/ cli/ tools/ sqlite/ > "$T/why" 2>&1; then
        ok "cppcheck: src/ cli/ tools/ sqlite/"
    else
        not_ok "cppcheck: src/ cli/ tools/ sqlite/"
    fi
else
    echo "cppcheck is not installed (make deps installs it)" > "$T/why"
    not_ok "cppcheck"
fi

# ---- clang-tidy ----
if command -v clang-tidy >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    clang-tidy --quiet $SOURCES -- -std=c11 $DEFS $INCS > "$T/tidy" 2>&1
    tidy_status=$?
    # Warnings as FILE:CHECK, less those in the list.
    grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error): .* \[[^]]+\]$' "$T/tidy" |
        sed -E "s|^$(pwd)/||" > "$T/findings"
    sed -e 's/#.*//' -e 's/[[:space:]]*$//' tests/clang-tidy.supp | grep -v '^$' > "$T/supp"
    while IFS= read -r finding; do
        file=${finding%%:*}
        check=$(echo "$finding" | sed -E 's/.*\[([^]]+)\]$/\1/')
        grep -qxF "$file:$check" "$T/supp" || echo "$finding"
    done < "$T/findings" > "$T/why"
    if [ "$tidy_status" -ne 0 ] && ! grep -q ': error: ' "$T/tidy"; then
        grep -v '^[0-9]* warnings\? generated' "$T/tidy" >> "$T/why"
    fi
    if [ -s "$T/why" ] || { [ "$tidy_status" -ne 0 ] && [ ! -s "$T/findings" ]; }; then
        not_ok "clang-tidy: $(echo $SOURCES | wc -w) files"
    else
        ok "clang-tidy: $(echo $SOURCES | wc -w) files"
    fi
else
    echo "clang-tidy is not installed (make deps installs it)" > "$T/why"
    not_ok "clang-tidy"
fi

# ---- exported symbols ----
sed -n 's/^GLOSSA_API[^(]*[ *]\(glossa_[a-z_]*\)(.*/\1/p' include/glossa.h | sort > "$T/api"
nm -D --defined-only "$B/libglossa.so" | awk '{ print $NF }' | sort > "$T/exported"
if [ "$(wc -l < "$T/api")" -gt 20 ] && cmp -s "$T/api" "$T/exported"; then
    ok "libglossa.so exports exactly the $(wc -l < "$T/api") GLOSSA_API functions of glossa.h"
else
    diff "$T/api" "$T/exported" | sed -n 's/^< /missing: /p; s/^> /not in the API: /p' > "$T/why"
    not_ok "libglossa.so exports exactly the GLOSSA_API functions of glossa.h"
fi

# ---- hardening ----
for bin in "$B/glossa" "$B/libglossa.so"; do
    nm -D "$bin" > "$T/syms" 2>&1
    if grep -qw __stack_chk_fail "$T/syms"; then
        ok "$bin: built with the stack protector"
    else
        not_ok "$bin: built with the stack protector (no __stack_chk_fail)"
    fi
done
nm -D "$B/glossa" > "$T/syms" 2>&1
if grep -qE ' __[a-z]+_chk(@|$)' "$T/syms"; then
    ok "$B/glossa: built with _FORTIFY_SOURCE ($(grep -cE ' __[a-z]+_chk(@|$)' "$T/syms") checked functions)"
else
    not_ok "$B/glossa: built with _FORTIFY_SOURCE (no __*_chk function)"
fi

echo "analysis: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
