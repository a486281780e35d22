#!/bin/sh
# Tests of the glossa binary on real text: sh cli/cli_test.sh PATH/TO/glossa
# Prints "ok - ..." / "not ok - ..." and closes with "cli: N passed, M failed".
G=${1:?usage: cli_test.sh PATH/TO/glossa}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0
check() { # description, then a command that must succeed
    desc=$1; shift
    if "$@" >/dev/null 2>&1; then passed=$((passed + 1)); echo "ok - $desc"
    else failed=$((failed + 1)); echo "not ok - $desc"; fi
}
first() { "$G" "$@" | cut -d' ' -f1; }
is() { [ "$1" = "$2" ]; }

is_lang() { # text, expected tag
    is "$(printf '%s\n' "$1" | first)" "$2"
}
check "Dutch" is_lang "Het is vandaag mooi weer, dus we gaan met de fiets naar het strand." nl
check "English" is_lang "The weather is lovely today, so we are cycling to the beach." en
check "Russian" is_lang "Сегодня хорошая погода, поэтому мы поедем на велосипеде на пляж." ru
check "Japanese" is_lang "今日は天気がいいので、自転車で海に行きます。" ja
check "Arabic" is_lang "ذهب الطالب إلى المدرسة في الصباح الباكر ودرس الرياضيات والعلوم مع أصدقائه." ar
check "Greek" is_lang "Σήμερα ο καιρός είναι ωραίος, οπότε θα πάμε στην παραλία με το ποδήλατο." el
check "Latvian sample file" is "$(first samples/latvian.txt)" lv
check "ISO tags" is "$(printf 'Het is vandaag mooi weer en we gaan fietsen.\n' | first --tag iso)" nld_Latn
check "empty input gives und" is "$(printf '' | first)" und
check "letterless input gives und" is "$(printf '12345 !!! 3.14\n' | first)" und
check "invalid UTF-8 is survived" sh -c "printf '\377\376abc\300\257 de wereld is mooi\n' | '$G'"

# --lines: one result per line, in order, for every kind of line.
printf 'Het is vandaag mooi weer.\n\n12345 !!!\nabc\000def ghi\nThe weather is lovely today.\nlast line without newline' > "$T/lines.txt"
"$G" --lines "$T/lines.txt" > "$T/lines.out"
check "--lines: one output line per input line" is "$(wc -l < "$T/lines.out" | tr -d ' ')" 6
check "--lines: order kept" is "$(sed -n '1p;5p' "$T/lines.out" | cut -d' ' -f1 | tr '\n' ,)" "nl,en,"
check "--lines: empty and letterless lines give und" is "$(sed -n '2p;3p' "$T/lines.out" | cut -d' ' -f1 | tr '\n' ,)" "und,und,"
check "--lines: 100000 lines in, 100000 out" is "$(yes 'Dit is een zin.' | head -n 100000 | "$G" --lines | wc -l | tr -d ' ')" 100000

# -k: k guesses, best first, probabilities summing to at most 1.
topk_ok() {
    printf 'Het is vandaag mooi weer, dus we gaan fietsen.\n' | "$G" -k 3 --format tsv | awk -F'\t' \
        'NF == 7 && $3 >= $5 && $5 >= $7 && $3 + $5 + $7 <= 1.0001 { ok = 1 } END { exit !ok }'
}
check "-k 3: ordered probabilities" topk_ok
json_ok() {
    "$G" --lines -k 2 --format json "$T/lines.txt" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 6 and rows[0]["lang"] == "nl" and len(rows[0]["top"]) == 2
assert [r["line"] for r in rows] == [1, 2, 3, 4, 5, 6]'
}
check "--format json: valid JSON Lines" json_ok
json_name_ok() {
    cp samples/dutch.txt "$T/we\"ird\\name.txt"
    "$G" --format json "$T/we\"ird\\name.txt" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); assert r["file"].endswith("we\"ird\\name.txt")'
}
check "--format json: file names escaped" json_name_ok

# --only
only_ok() {
    out=$(printf 'Het is vandaag mooi weer, dus we gaan fietsen.\n' | first --only en,de)
    [ "$out" = en ] || [ "$out" = de ]
}
check "--only restricts the answer" only_ok
# Tags as BCP 47 lookup matches them: region and legacy codes by their
# language, a region that decides the script, macrolanguage members.
hant='我們今天去公園散步，因為天氣很好。'
check "--only zh-TW is Traditional Chinese" is "$(echo "$hant" | first --only zh-TW)" zh-Hant
check "--only zh-CN is Simplified Chinese" is "$(echo "$hant" | first --only zh-CN)" zh-Hans
check "--only cmn is both Chinese scripts" is "$(echo "$hant" | first --only cmn)" zh-Hant
check "--only ger,fre,dut: ISO 639-2/B codes" is "$(echo 'Heute ist schönes Wetter, also fahren wir zum Strand.' | first --only ger,fre,dut)" de
check "--only pt-BR,es-419: regions set aside" is "$(echo 'Hoje o tempo está bom, então vamos para a praia.' | first --only 'pt-BR, es-419')" pt
check "--only fil is Tagalog" is "$(echo 'Magandang umaga po sa inyong lahat, kumusta kayo ngayong araw?' | first --only fil,id)" tl
check "--only names a language the model does not hold" sh -c "echo hallo | '$G' --only en,tlh 2>&1 >/dev/null | grep -q \"^glossa: --only: Klingon is not in this model\""
check "--only names a tag that is no language" sh -c "echo hallo | '$G' --only en,xx 2>&1 >/dev/null | grep -q \"^glossa: --only: unknown language 'xx'\""
# --except: every language but these (franc's ignore list); with --only,
# those of --only but these.
check "--except leaves a language out" sh -c "[ \"\$(echo 'Het is vandaag mooi weer, dus we gaan fietsen.' | '$G' --except nl | cut -d' ' -f1)\" != nl ]"
check "--only and --except together" is "$(echo 'Het is vandaag mooi weer, dus we gaan fietsen.' | first --only nl,de --except nl)" de
check "--except that leaves nothing exits 1" sh -c "echo hallo | '$G' --only nl --except nl; [ \$? -eq 1 ]"
check "--except names a language the model does not hold" sh -c "echo hallo | '$G' --except tlh 2>&1 >/dev/null | grep -q 'Klingon is not in this model'"
# --prior: on one word the population prior prefers the language more
# people write; flat is the model alone; a sentence keeps its language.
check "--prior population (the default): mañana is Spanish" is "$(echo 'mañana' | first)" es
check "--prior population and the default agree" is "$(echo 'mañana' | "$G" --prior population)" "$(echo 'mañana' | "$G")"
check "--prior flat gives the model's own probabilities" sh -c "[ \"\$(echo mañana | '$G' --prior flat -k 2)\" != \"\$(echo mañana | '$G' -k 2)\" ]"
check "--prior keeps an Asturian sentence Asturian" is "$(echo "La llingua asturiana ye la llingua propia d'Asturies y tien una lliteratura de munchos sieglos." | first)" ast
check "--prior with an unknown name exits 1" sh -c "echo hola | '$G' --prior bogus; [ \$? -eq 1 ]"

# Values as Unix users type them: attached to a short option, after '=' for
# a long one; -j 0 is all cores.
check "-k2 is -k 2" is "$(echo 'Dit is een Nederlandse zin.' | "$G" -k2)" "$(echo 'Dit is een Nederlandse zin.' | "$G" -k 2)"
check "--format=json is --format json" is "$(echo 'Dit is een zin.' | "$G" --format=json)" "$(echo 'Dit is een zin.' | "$G" --format json)"
check "-j0 labels lines as -j 1 does" is "$(printf 'Dit is een zin.\nDas ist ein Satz.\n' | "$G" --lines -j0)" "$(printf 'Dit is een zin.\nDas ist ein Satz.\n' | "$G" --lines -j 1)"
check "-kx is a usage error" sh -c "echo hola | '$G' -kx; [ \$? -eq 1 ]"

check "tsv with -k: every row has the header's columns" is "$(printf 'Dit is een zin.\n\n1234\n' | "$G" --lines --format tsv --header -k 3 | awk -F'\t' '{print NF}' | sort -u)" 7

# --min-prob: guesses below it are left out (fastText's threshold); und
# when even the best is; --reliable marks each result.
check "--min-prob: und when the best guess is below it" is "$(echo haha | "$G" --min-prob 0.9)" "und 0.0000"
check "--min-prob keeps a guess at or above it" is "$(echo 'Dit is een Nederlandse zin over het weer.' | "$G" --min-prob 0.5 | cut -d' ' -f1)" nl
check "--min-prob cuts -k to the guesses above it" is "$(echo 'Dit is een Nederlandse zin over het weer.' | "$G" -k 5 --min-prob 0.001 | wc -w)" \
    "$(echo 'Dit is een Nederlandse zin over het weer.' | "$G" -k 5 | tr ' ' '\n' | awk 'NR % 2 == 0 && $1 >= 0.001' | wc -l | awk '{print $1 * 2}')"
check "--min-prob out of 0..1 exits 1" sh -c "echo hola | '$G' --min-prob 1.5; [ \$? -eq 1 ]"
check "--reliable marks text output" is "$(echo 'Dit is een Nederlandse zin over het weer.' | "$G" --reliable | cut -d' ' -f3)" reliable
check "--reliable marks an unsure answer" is "$(echo haha | "$G" --reliable | cut -d' ' -f3)" unreliable
check "--reliable is a tsv column with its header" is "$(echo 'Dit is een Nederlandse zin.' | "$G" --format tsv --header --reliable | cut -f4)" "$(printf 'reliable\nreliable')"
check "--only with an unknown tag exits 1" sh -c "echo hallo | '$G' --only en,xx-bogus; [ \$? -eq 1 ]"
check "unknown option exits 1" sh -c "echo hallo | '$G' --bogus; [ \$? -eq 1 ]"
check "-k out of range exits 1" sh -c "echo hallo | '$G' -k 0; [ \$? -eq 1 ]"

# Files: a missing one is reported, the others still processed, exit 2.
missing_ok() {
    "$G" "$T/missing.txt" samples/dutch.txt > "$T/m.out" 2> "$T/m.err"
    [ $? -eq 2 ] && grep -q "missing.txt" "$T/m.err" && grep -q "dutch.txt: nl" "$T/m.out"
}
check "missing file: message, other files processed, exit 2" missing_ok
check "a bad model file is refused with exit 2" sh -c "echo hallo | '$G' --model /etc/hostname; [ \$? -eq 2 ]"

check "--list-languages lists over 150 languages" sh -c "[ \$('$G' --list-languages | wc -l) -gt 150 ]"
check "--list-languages has Dutch" sh -c "'$G' --list-languages | grep -q '^nl	nld	Dutch	Latn$'"
check "--version" sh -c "'$G' --version | grep -q '^glossa 0.1.0$'"
check "--help" sh -c "'$G' --help | grep -q 'usage: glossa'"

# Long input in bounded memory: a 20 MB line, as a document and as a line.
long_ok() {
    yes 'Dit is een vrij gewone Nederlandse zin over het weer.' | head -c 20000000 | tr '\n' ' ' > "$T/long.txt"
    [ "$("$G" "$T/long.txt" | cut -d' ' -f1)" = nl ] && [ "$("$G" --lines "$T/long.txt" | wc -l | tr -d ' ')" = 1 ]
}
check "a 20 MB single line" long_ok

# --spans and --summary: mixed documents.
spans_ok() {
    "$G" --spans samples/latvian-with-references.txt > "$T/spans.out"
    [ "$(cut -d' ' -f3 "$T/spans.out" | tr '\n' ,)" = "lv,en," ] &&
    [ "$(head -1 "$T/spans.out" | cut -d' ' -f1)" = 0 ] &&
    [ "$(tail -1 "$T/spans.out" | cut -d' ' -f2)" = "$(wc -c < samples/latvian-with-references.txt | tr -d ' ')" ] &&
    [ "$(sed -n 2p "$T/spans.out" | cut -d' ' -f5)" = "Smith," ]
}
check "--spans: Latvian, then English references, up to the last byte" spans_ok
check "--spans: an Arabic line in Dutch is a span, a single Arabic word is not" is \
    "$("$G" --spans samples/dutch-with-arabic.txt | cut -d' ' -f3 | tr '\n' ,)" "nl,ar,nl,"
spans_json_ok() {
    "$G" --spans --format json samples/latvian-with-references.txt samples/dutch-with-arabic.txt | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
for name in ("samples/latvian-with-references.txt", "samples/dutch-with-arabic.txt"):
    data = open(name, "rb").read()
    mine = [r for r in rows if r["file"] == name]
    assert mine[0]["start"] == 0 and mine[-1]["end"] == len(data)
    for a, b in zip(mine, mine[1:]):
        assert a["end"] == b["start"]
    for r in mine:
        text = data[r["start"]:r["end"]].decode("utf-8")
        assert text.replace("\n", " ").startswith(r["text"]), (r["text"], text)
        assert 0 < r["prob"] <= 1 and r["letters"] > 0'
}
check "--spans --format json: spans tile each file, texts are their starts" spans_json_ok
check "--summary: shares and the mixed flag" is \
    "$("$G" --summary samples/latvian-with-references.txt | sed -E 's/[0-9.]+//g')" "lv  en  mixed"
check "--summary: a one-language document is not mixed" is "$("$G" --summary samples/dutch.txt)" "nl 1.0000"
check "--spans: empty input gives no span" is "$(printf '' | "$G" --spans | wc -l | tr -d ' ')" 0
check "--spans: letterless input is one und span" is "$(printf '12 34 !!' | "$G" --spans)" "0 8 und 0.0000 12 34 !!"
spans_lines_ok() {
    printf 'Het is vandaag mooi weer.\n\nThe weather is lovely today.\n' | "$G" --spans --lines --format tsv > "$T/sl.out"
    [ "$(cut -f1,4 "$T/sl.out" | tr '\t\n' ':,')" = "1:nl,3:en," ]
}
check "--spans --lines: the spans of each line, by line number" spans_lines_ok
spans_long_ok() {
    [ "$("$G" --spans "$T/long.txt" | cut -d' ' -f1-3)" = "0 20000000 nl" ]
}
check "--spans: a 20 MB single line is one span" spans_long_ok

# --jsonl: every record back, with lang and lang_prob added.
cat > "$T/in.jsonl" <<'JSONL'
{"id": 1, "text": "Het is vandaag mooi weer, dus we gaan met de fiets naar het strand.", "meta": {"tags": ["a", 1, null, true]}}
{"text":"The weather is lovely today, so we are cycling to the beach.","lang":"xx","id":2}

{"id": 3, "body": "no text field here"}
{"id": 4, "text": 42}
{"id": 5, "text": "broken
not json at all
{"id": 6, "text": "Σήμερα ο καιρός είναι ωραίος, οπότε θα πάμε στην παραλία \ud83d\ude00 \ud800."}
{"id": 7, "text": ""}
JSONL
jsonl_ok() {
    "$G" --jsonl "$T/in.jsonl" > "$T/out.jsonl" 2> "$T/summary.txt" || return 1
    python3 - "$T/in.jsonl" "$T/out.jsonl" <<'PY'
import json, sys
ins = open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]
outs = open(sys.argv[2], encoding="utf-8").read().split("\n")[:-1]
assert len(ins) == len(outs), (len(ins), len(outs))
got = []
for i, o in zip(ins, outs):
    if not i.strip():
        assert o == i
        continue
    out = json.loads(o)
    try:
        rec = json.loads(i)
    except ValueError:
        assert out["raw"] == i and "malformed JSON" in out["error"] and out["line"] == ins.index(i) + 1
        got.append("malformed")
        continue
    added = [k for k in out if k not in rec]
    for k in rec:  # every field kept, in its order, with its value (but lang)
        assert k in out and (k == "lang" or out[k] == rec[k]), k
    assert list(out)[:len(rec)] == list(rec)
    got.append(out.get("lang", "error:" + out.get("error", "")))
    if "lang" in out and out["lang"] != "und":
        assert 0.5 < out["lang_prob"] <= 1
assert got == ["nl", "en", 'error:no field "text"', 'error:the field "text" is not a string',
               "malformed", "malformed", "el", "und"], got
PY
}
check "--jsonl: one record out per record in, fields and order kept, errors marked" jsonl_ok
check "--jsonl: the summary counts records, errors and languages" sh -c \
    "grep -q '^glossa: 8 records, .*: 4 labelled, 4 errors, 1 blank line\$' '$T/summary.txt' && grep -q '^glossa: languages: ' '$T/summary.txt'"
check "--jsonl --quiet: no summary" sh -c "'$G' --jsonl --quiet '$T/in.jsonl' 2>&1 >/dev/null | wc -c | grep -qx 0"
rejects_ok() {
    "$G" --jsonl --quiet --rejects "$T/rejects.jsonl" "$T/in.jsonl" > "$T/kept.jsonl" &&
    [ "$(wc -l < "$T/kept.jsonl")" -eq 5 ] && [ "$(wc -l < "$T/rejects.jsonl")" -eq 4 ] &&
    ! grep -q error "$T/kept.jsonl"
}
check "--rejects: records in error go to their own file" rejects_ok
fields_ok() {
    printf '{"body": "Dit is een Nederlandse zin over het weer van vandaag."}\n' |
        "$G" --jsonl --quiet --field body --lang-field language --prob-field p -k 2 --spans |
        python3 -c 'import json,sys; r=json.load(sys.stdin); assert r["language"] == "nl" and 0 < r["p"] <= 1; assert r["language_top"][0]["lang"] == "nl" and len(r["language_top"]) == 2; assert r["language_spans"] == [{"start": 0, "end": 53, "lang": "nl", "prob": r["p"]}], r'
}
check "--jsonl: --field, --lang-field, --prob-field, -k, --spans" fields_ok
check "--jsonl and --lines exclude each other" sh -c "'$G' --jsonl --lines < /dev/null; [ \$? -eq 1 ]"
check "--field without --jsonl is a usage error" sh -c "'$G' --field x < /dev/null; [ \$? -eq 1 ]"

# -j: the same output for any number of threads, on many records.
many_records() {
    i=0
    while [ $i -lt 3000 ]; do
        for f in samples/dutch.txt samples/greek.txt samples/latvian.txt samples/japanese.txt; do
            printf '{"n": %d, "text": "%s %d"}\n' $i "$(head -c 100 $f | tr -d '\n"\\')" $i
        done
        i=$((i + 1))
    done
}
threads_ok() {
    many_records > "$T/many.jsonl"
    "$G" --jsonl --quiet -j 1 "$T/many.jsonl" > "$T/j1.jsonl" &&
    "$G" --jsonl --quiet -j 3 "$T/many.jsonl" > "$T/j3.jsonl" && cmp -s "$T/j1.jsonl" "$T/j3.jsonl" &&
    [ "$(wc -l < "$T/j1.jsonl")" -eq 12000 ] &&
    cut -d, -f1 "$T/many.jsonl" | sed 's/{"n": //' > "$T/n.in" &&
    cut -d, -f1 "$T/j3.jsonl" | sed 's/{"n": //' | cmp -s - "$T/n.in" &&
    "$G" --lines -j 1 "$T/many.jsonl" > "$T/l1.txt" && "$G" --lines -j 4 "$T/many.jsonl" | cmp -s - "$T/l1.txt"
}
check "-j 1 and -j 3 give the same records in the same order (--jsonl and --lines)" threads_ok

# Compressed input is read as it is; a corrupt one is an error.
compressed_ok() {
    gzip -c "$T/in.jsonl" > "$T/in.jsonl.gz" && zstd -q -c "$T/in.jsonl" > "$T/in.jsonl.zst" &&
    "$G" --jsonl --quiet "$T/in.jsonl" > "$T/plain.out" 2>/dev/null &&
    "$G" --jsonl --quiet "$T/in.jsonl.gz" | sed 's/jsonl.gz"/jsonl"/' | cmp -s - "$T/plain.out" &&
    "$G" --jsonl --quiet "$T/in.jsonl.zst" | sed 's/jsonl.zst"/jsonl"/' | cmp -s - "$T/plain.out" &&
    [ "$(gzip -c samples/latvian.txt | "$G" | cut -d' ' -f1)" = lv ]
}
check "gzip and zstd input (files and standard input) read as plain" compressed_ok
corrupt_ok() {
    head -c 40 "$T/in.jsonl.gz" > "$T/cut.gz"
    "$G" --lines "$T/cut.gz" samples/dutch.txt > "$T/c.out" 2> "$T/c.err"
    [ $? -eq 2 ] && grep -q 'cut.gz: truncated gzip data' "$T/c.err" && [ "$(tail -1 "$T/c.out" | cut -d' ' -f1,2)" = "samples/dutch.txt:1: nl" ]
}
check "a truncated gzip file: message, exit 2, the next file still read" corrupt_ok

# JSON Lines as JSON readers take it: a name given twice, nested fields,
# rejects that say where they come from, output strict parsers can read.
printf '{"text": "The weather is lovely today, so we are going to the beach.", "text": "Het is vandaag mooi weer, dus we gaan naar het strand."}\n{"meta": {"body": {"t": "El tiempo es muy bueno hoy y vamos a la playa."}}, "id": 1}\n{"id": 2}\n{"text": "Het weer \377\376 is vandaag heel erg mooi en zonnig."}\n' > "$T/j.jsonl"
check "--jsonl: a field given twice, its last value (as Python's json)" sh -c \
    "'$G' --jsonl -q '$T/j.jsonl' | head -1 | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"lang\"] == \"nl\"'"
check "--jsonl --field a.b.c: a nested field" sh -c \
    "'$G' --jsonl -q --field meta.body.t '$T/j.jsonl' | sed -n 2p | python3 -c 'import json,sys; r = json.load(sys.stdin); assert r[\"lang\"] == \"es\" and r[\"id\"] == 1'"
check "--jsonl --field a.b: no such path, an error field" sh -c \
    "'$G' --jsonl -q --field meta.none '$T/j.jsonl' | sed -n 2p | grep -q '\"error\": \"no field \\\\\"meta.none\\\\\"\"'"
rejects_where_ok() {
    "$G" --jsonl -q --rejects "$T/rej.jsonl" "$T/j.jsonl" > /dev/null && python3 -c '
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
assert [(r["file"].endswith("j.jsonl"), r["line"], r["record"]) for r in rows] == [
    (True, 2, {"meta": {"body": {"t": "El tiempo es muy bueno hoy y vamos a la playa."}}, "id": 1}),
    (True, 3, {"id": 2})], rows
assert all(r["error"] == "no field \"text\"" for r in rows)' "$T/rej.jsonl"
}
check "--rejects: every reject carries its file and line" rejects_where_ok
utf8_ok() {
    ! "$G" --jsonl -q "$T/j.jsonl" | python3 -c 'import sys; sys.stdin.buffer.read().decode("utf-8")' 2>/dev/null &&
    "$G" --jsonl -q --utf8 replace "$T/j.jsonl" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin.buffer.read().decode("utf-8").splitlines()]
assert rows[3]["text"] == "Het weer \ufffd\ufffd is vandaag heel erg mooi en zonnig." and rows[3]["lang"] == "nl", rows[3]'
}
check "--utf8 replace: ill-formed UTF-8 as U+FFFD, the output strict UTF-8" utf8_ok
check "--utf8 without --jsonl: refused" sh -c "'$G' --utf8 replace samples/dutch.txt 2>&1 | grep -q 'goes with --jsonl'"
check "the closing summary in English: 1 record, 1 error" sh -c \
    "printf '{\"id\": 1}\n' | '$G' --jsonl 2>&1 >/dev/null | head -1 | grep -q '^glossa: 1 record, .*: 0 labelled, 1 error\$'"
check "--lines: a closing summary too (lines and languages), none with -q" sh -c \
    "cat samples/dutch.txt samples/greek.txt | '$G' -l 2>&1 >/dev/null | grep -q '^glossa: 2 lines, .* MB/s)\$' && '$G' -l samples/dutch.txt 2>&1 >/dev/null | grep -q '^glossa: languages: nl 1\$' && '$G' -lq samples/dutch.txt 2>&1 >/dev/null | wc -c | grep -qx 0"

# bzip2 and xz like gzip and zstd; UTF-16 with a byte-order mark decoded;
# binary data and UTF-16 without a mark named on standard error.
bzip2_xz_ok() {
    bzip2 -c samples/latvian.txt > "$T/lv.bz2" && xz -c samples/latvian.txt > "$T/lv.xz" &&
    [ "$("$G" --format tag "$T/lv.bz2")" = lv ] && [ "$("$G" --format tag "$T/lv.xz")" = lv ] &&
    cat "$T/lv.bz2" "$T/lv.bz2" | "$G" --lines --format tag | tr '\n' , | grep -qx 'lv,lv,' &&
    [ "$(xz -c samples/latvian.txt | "$G" --format tag)" = lv ]
}
check "bzip2 (several streams too) and xz input read as plain" bzip2_xz_ok
cut_ok() { # a cut file: its message, exit 2
    head -c 100 "$T/lv.$1" > "$T/cut.$1"
    "$G" "$T/cut.$1" > /dev/null 2> "$T/cut.err"
    [ $? -eq 2 ] && grep -q "cut.$1: truncated $2 data" "$T/cut.err"
}
check "a truncated bzip2 file: message, exit 2" cut_ok bz2 bzip2
check "a truncated xz file: message, exit 2" cut_ok xz xz
utf16_ok() {
    python3 -c '
import sys
text = open("samples/dutch.txt", encoding="utf-8").read().strip()
lines = ("𝔊𝔬𝔱𝔥 😀 " + text + "\n") * 2000  # pairs of surrogates, across 64 KiB reads
open(sys.argv[1] + "/u8.txt", "w", encoding="utf-8").write(lines)
open(sys.argv[1] + "/u16le.txt", "wb").write(b"\xff\xfe" + lines.encode("utf-16-le"))
open(sys.argv[1] + "/u16be.txt", "wb").write(b"\xfe\xff" + lines.encode("utf-16-be"))' "$T" &&
    "$G" --lines "$T/u8.txt" > "$T/u8.out" && "$G" --spans "$T/u8.txt" > "$T/u8.spans" &&
    [ "$(head -1 "$T/u8.out" | cut -d' ' -f1)" = nl ] && [ "$(wc -l < "$T/u8.out")" -eq 2000 ] &&
    "$G" --lines "$T/u16le.txt" | cmp -s - "$T/u8.out" && "$G" --lines "$T/u16be.txt" | cmp -s - "$T/u8.out" &&
    gzip -c "$T/u16be.txt" | "$G" --lines | cmp -s - "$T/u8.out" &&
    "$G" --spans "$T/u16le.txt" | cmp -s - "$T/u8.spans" &&
    ! "$G" "$T/u16le.txt" 2>&1 >/dev/null | grep -q warning
}
check "UTF-16 LE and BE with a byte-order mark: the same answers and spans as UTF-8" utf16_ok
check "UTF-16 without a byte-order mark: a warning that says so" sh -c \
    "iconv -f UTF-8 -t UTF-16LE samples/dutch.txt | '$G' 2>&1 >/dev/null | grep -q 'looks like UTF-16 without a byte-order mark'"
check "a binary file: a warning, and a result all the same" sh -c \
    "'$G' '$G' 2> '$T/bin.err' | grep -q . && grep -q 'looks like binary data, not text' '$T/bin.err'"
check "text: no warning" sh -c "'$G' samples/dutch.txt samples/greek.txt 2>&1 >/dev/null | wc -c | grep -qx 0"

# -o FILE in full or not at all; a signal ends the run after a whole record.
output_ok() {
    rm -f "$T/out.txt" && "$G" -lq -o "$T/out.txt" samples/mixed-lines.txt &&
    "$G" -lq samples/mixed-lines.txt | cmp -s - "$T/out.txt" &&
    [ "$(stat -c %a "$T/out.txt")" = "$(touch "$T/plain.txt"; stat -c %a "$T/plain.txt")" ] &&
    [ -z "$(ls "$T" | grep glossa-)" ]
}
check "-o FILE: the output, the mode of a plain redirect, no temporary left" output_ok
output_failed_ok() {
    echo 'what was there' > "$T/kept.txt"
    "$G" -lq -o "$T/kept.txt" samples/dutch.txt "$T/no-such-file" 2> "$T/o.err"
    [ $? -eq 2 ] && [ "$(cat "$T/kept.txt")" = 'what was there' ] && grep -q 'kept.txt not written' "$T/o.err" &&
    [ -z "$(ls "$T" | grep glossa-)" ]
}
check "-o FILE: a failed run leaves FILE as it was" output_failed_ok
output_same_ok() {
    cp samples/mixed-lines.txt "$T/self.txt" && "$G" -lq samples/mixed-lines.txt > "$T/self.want" &&
    "$G" -lq -o "$T/self.txt" "$T/self.txt" && cmp -s "$T/self.txt" "$T/self.want"
}
check "-o FILE onto its own input: the input is read whole first" output_same_ok
interrupted_ok() { # signal, status: a run that never ends is stopped mid-way
    echo 'what was there' > "$T/int.txt"
    yes 'Het is vandaag mooi weer, dus we gaan fietsen.' | "$G" -l -j 2 -o "$T/int.txt" 2> "$T/int.err" &
    pid=$!
    sleep 1; kill -"$1" "$pid"; wait "$pid"
    [ $? -eq "$2" ] && [ "$(cat "$T/int.txt")" = 'what was there' ] && grep -q "stopped by SIG$1" "$T/int.err" &&
    [ -z "$(ls "$T" | grep glossa-)" ] &&
    { yes 'Het is vandaag mooi weer, dus we gaan fietsen.' | "$G" -l -j 2 > "$T/cut.txt" 2> "$T/cut.err" &
      pid=$!; sleep 1; kill -"$1" "$pid"; wait "$pid"; [ $? -eq "$2" ]; } &&
    [ "$(wc -l < "$T/cut.txt")" -gt 1000 ] && ! grep -Evq '^nl 0\.[0-9][0-9][0-9][0-9]$' "$T/cut.txt" &&
    [ "$(tail -c 1 "$T/cut.txt" | od -An -c | tr -d ' ')" = '\n' ] && grep -q "stopped by SIG$1 after [0-9]* complete records" "$T/cut.err"
}
check "SIGINT mid-way: status 130, whole records only, -o FILE untouched" interrupted_ok INT 130
check "SIGTERM mid-way: status 143, whole records only, -o FILE untouched" interrupted_ok TERM 143

# Progress on a terminal only.
progress_ok() {
    esc=$(printf '\033')
    script -qec "'$G' --jsonl '$T/many.jsonl' > /dev/null" /dev/null > "$T/tty.txt" &&
    grep -q "glossa: [0-9]* records, .* MB/s, [0-9]* %, ETA" "$T/tty.txt" && grep -q "$esc" "$T/tty.txt" &&
    "$G" --jsonl "$T/many.jsonl" 2> "$T/notty.txt" > /dev/null && ! grep -q "$esc" "$T/notty.txt" &&
    script -qec "'$G' --quiet --jsonl '$T/many.jsonl' > /dev/null" /dev/null | wc -c | grep -qx 0
}
check "a progress line on a terminal, none elsewhere, none with --quiet" progress_ok

# A closed pipe ends the program quietly.
pipe_ok() {
    out=$(yes 'Dit is een zin.' | head -n 200000 | "$G" --lines 2> "$T/pipe.err" | head -1)
    [ "$out" = "nl $(echo "$out" | cut -d' ' -f2)" ] && [ ! -s "$T/pipe.err" ]
}
check "piping into head -1: one line, no noise" pipe_ok

# Options as Unix users type them, and what a mode has no use for refused.
printf 'Het is vandaag mooi weer, dus we gaan fietsen.\nEl tiempo es muy bueno hoy y vamos a la playa.\n' > "$T/two.txt"
cp "$T/two.txt" "$T/again.txt"
check "bundled flags: -lk 2 is -l -k 2, -lqk2 the same" sh -c \
    "[ \"\$('$G' -lk 2 '$T/two.txt')\" = \"\$('$G' -l -k 2 '$T/two.txt')\" ] && [ \"\$('$G' -lqk2 '$T/two.txt')\" = \"\$('$G' -l -k 2 '$T/two.txt')\" ] && [ \"\$('$G' -lk 2 '$T/two.txt' | wc -l)\" -eq 2 ]"
check "-k beyond the languages of the text's script: a shorter answer, no zero padding" sh -c \
    "n=\$(printf 'Σήμερα ο καιρός είναι ωραίος.\n' | '$G' -k 50 | wc -w) && [ \$n -lt 100 ] && [ \$((n % 2)) -eq 0 ]"
check "a bundled unknown letter is named" sh -c "'$G' -lx '$T/two.txt' 2>&1 | grep -q \"unknown option '-x'\""
check "--format tag: the tag alone, -k tags by a space" sh -c \
    "[ \"\$('$G' -l --format tag '$T/two.txt' | tr '\n' ,)\" = nl,es, ] && '$G' -l -k 3 --format tag '$T/two.txt' | head -1 | grep -Eqx 'nl [a-z-]+ [a-z-]+'"
check "--lines over several files names the file: text" sh -c \
    "'$G' -l '$T/two.txt' '$T/again.txt' | sed -n 3p | grep -q '^$T/again.txt:1: nl '"
check "--lines over several files names the file: tsv column with its header" sh -c \
    "'$G' -l --format tsv --header '$T/two.txt' '$T/again.txt' > '$T/files.tsv' && head -1 '$T/files.tsv' | grep -qx 'file	line	lang1	prob1' && sed -n 5p '$T/files.tsv' | grep -q '^$T/again.txt	2	es	'"
files_json_ok() {
    "$G" -l --format json "$T/two.txt" "$T/again.txt" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [(r["file"].rsplit("/", 1)[1], r["line"], r["lang"]) for r in rows] == [
    ("two.txt", 1, "nl"), ("two.txt", 2, "es"), ("again.txt", 1, "nl"), ("again.txt", 2, "es")], rows'
}
check "--lines over several files names the file: json field" files_json_ok
check "--spans --format tsv --header: the spans' own header" sh -c \
    "'$G' --spans --format tsv --header samples/latvian-with-references.txt | head -1 | grep -qx 'file	start	end	lang	prob	text'"
summary_tsv_ok() {
    "$G" --summary --format tsv --header -k 3 samples/latvian-with-references.txt samples/dutch.txt > "$T/sum.tsv" &&
    head -1 "$T/sum.tsv" | grep -qx 'file	lang1	share1	lang2	share2	lang3	share3	mixed' &&
    awk -F'\t' 'NF != 8 { exit 1 }' "$T/sum.tsv" && sed -n 2p "$T/sum.tsv" | cut -f2,4,8 | grep -qx 'lv	en	mixed' &&
    sed -n 3p "$T/sum.tsv" | cut -f2,3,8 | grep -qx 'nl	1.0000	single'
}
check "--summary --format tsv --header: its header, the same columns on every row" summary_tsv_ok
check "--summary -k 1: one language, the largest" sh -c \
    "[ \"\$('$G' --summary -k 1 samples/latvian-with-references.txt | cut -d' ' -f1,3)\" = 'lv mixed' ]"
refused() { # what the message must say, then the options
    want=$1; shift
    ! "$G" "$@" samples/dutch.txt > /dev/null 2> "$T/refused.err" && grep -q -- "$want" "$T/refused.err"
}
check "refused: --header without tsv" refused "--header goes with --format tsv" --header
check "refused: -k with --spans" refused "-k does not go with --spans" --spans -k 2
check "refused: --format with --jsonl" refused "--jsonl writes the records back" --jsonl --format tsv
check "refused: --summary with --jsonl" refused "--summary does not go with --jsonl" --jsonl --summary
check "refused: --reliable with --spans" refused "--reliable goes with results" --spans --reliable
check "refused: --format tag with --summary" refused "--format tag prints the tags of results" --summary --format tag
check "refused: tsv with both --spans and --summary" refused "a tsv holds rows of one kind" --spans --summary --format tsv

echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
