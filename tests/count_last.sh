#!/bin/sh
# Runs a command and shows its output (standard output and error) with the
# closing "NAME: N passed, M failed" line moved to the end, where make check
# reads it: a sanitizer's own closing words ("ThreadSanitizer: reported 1
# warnings") come after the program has printed its count. Exits with the
# command's status.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" > "$log" 2>&1
status=$?
pattern='^[A-Za-z0-9_-]+: [0-9]+ passed, [0-9]+ failed$'
grep -Ev "$pattern" "$log"
grep -E "$pattern" "$log" | tail -1
exit "$status"
