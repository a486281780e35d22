#!/bin/sh
# The optimized CLI (build/glossa, -O3 -g, no sanitizer) under valgrind's
# memcheck: every run must be free of memory errors (invalid reads and
# writes, uninitialised values, bad frees) and of definite and indirect
# leaks, exit as the CLI should, and answer as it should.
#   sh tests/valgrind_test.sh PATH/TO/glossa
# Prints "ok - ..." / "not ok - ..." and closes with "valgrind: N passed, M failed".
G=${1:?usage: valgrind_test.sh PATH/TO/glossa}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect
    --show-leak-kinds=definite,indirect --track-origins=yes"

if ! command -v valgrind >/dev/null 2>&1; then
    echo "not ok - valgrind is not installed (make deps installs it)"
    echo "valgrind: 0 passed, 1 failed"
    exit 1
fi

# description, expected exit status, a grep -E pattern the output must
# match, then the CLI's arguments (standard input comes from $T/stdin).
run() {
    desc=$1 want=$2 pattern=$3
    shift 3
    # shellcheck disable=SC2086
    $VG --log-file="$T/vg.log" "$G" "$@" < "$T/stdin" > "$T/out" 2> "$T/err"
    status=$?
    if [ "$status" -eq 99 ] || [ -s "$T/vg.log" ]; then
        failed=$((failed + 1)); echo "not ok - $desc: memcheck errors"; sed 's/^/    /' "$T/vg.log"
    elif [ "$status" -ne "$want" ]; then
        failed=$((failed + 1)); echo "not ok - $desc: exit status $status, not $want"; sed 's/^/    /' "$T/err"
    elif ! grep -Eq "$pattern" "$T/out"; then
        failed=$((failed + 1)); echo "not ok - $desc: no line matches /$pattern/"; sed 's/^/    /' "$T/out"
    else
        passed=$((passed + 1)); echo "ok - $desc"
    fi
}

: > "$T/stdin"
run "a document" 0 '^lv 0\.9' samples/latvian.txt
run "--lines -k 3" 0 '^ru 0\.[0-9]+ .* .*' --lines -k 3 samples/mixed-lines.txt
run "--spans --summary on a mixed document" 0 'mixed$' --spans --summary samples/latvian-with-references.txt

# JSON Lines on 2 threads: a valid record, a malformed one, one without the
# field, one whose field is not a string, a blank line, and enough records
# for several blocks.
{
    printf '{"id": 1, "text": "De bibliotheek in het centrum van de stad is weer open."}\n'
    printf '{"id": 2, "text": "broken\n'
    printf '{"id": 3, "body": "no text"}\n'
    printf '\n'
    printf '{"id": 4, "text": 42}\n'
    printf '{"id": 5, "text": "Η νέα βιβλιοθήκη στο κέντρο της πόλης άνοιξε ξανά.", "src": "web"}\n'
    i=0
    while [ $i -lt 300 ]; do
        printf '{"n": %d, "text": "Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali."}\n' $i
        i=$((i + 1))
    done
} > "$T/mixed.jsonl"
run "--jsonl -j 2: valid, malformed, missing field, blank line" 0 '"lang": "el"' --jsonl -j 2 "$T/mixed.jsonl"
run "--jsonl -j 2 -k 2 --spans --rejects" 0 '"lang_spans"' --jsonl -j 2 -k 2 --spans \
    --rejects "$T/rejects.jsonl" "$T/mixed.jsonl"

gzip -c samples/greek.txt > "$T/greek.txt.gz"
run "gzip input" 0 '^el 0\.99' "$T/greek.txt.gz"
gzip -c "$T/mixed.jsonl" > "$T/mixed.jsonl.gz"
size=$(wc -c < "$T/mixed.jsonl.gz")
head -c $((size / 2)) "$T/mixed.jsonl.gz" > "$T/truncated.jsonl.gz"
cp "$T/truncated.jsonl.gz" "$T/stdin"
run "a truncated gzip stream on standard input" 2 '"lang": "nl"' --jsonl -j 2
: > "$T/stdin"
if command -v zstd >/dev/null 2>&1; then
    zstd -q -c samples/dutch.txt > "$T/dutch.txt.zst"
    run "zstd input" 0 '^nl ' "$T/dutch.txt.zst"
fi
bzip2 -c samples/dutch.txt > "$T/dutch.txt.bz2"
run "bzip2 input" 0 '^nl ' "$T/dutch.txt.bz2"
xz -c samples/dutch.txt > "$T/dutch.txt.xz"
head -c 60 "$T/dutch.txt.xz" > "$T/cut.txt.xz"
run "xz input, and a truncated one" 2 '^.*dutch.txt.xz: nl ' "$T/dutch.txt.xz" "$T/cut.txt.xz"
{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE samples/greek.txt; printf '\000\330'; } > "$T/greek16.txt"
run "UTF-16 with a byte-order mark, a lone surrogate at its end" 0 '^el ' "$T/greek16.txt"
run "binary input: a warning, a result" 0 '^(und|[a-z]+) ' "$G"

printf '\377\375abc\300\257 de wereld is mooi \355\240\200 en \364\220\200\200 zo\000 verder\n\342\202' > "$T/stdin"
run "invalid UTF-8 bytes" 0 '^[a-z]' 
run "invalid UTF-8 bytes, --lines --spans" 0 '^1: 0 [0-9]+ nl ' --lines --spans
: > "$T/stdin"
run "a file that cannot be read, and an empty one" 2 '^/dev/null: und 0' "$T/missing.txt" /dev/null

echo "valgrind: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
