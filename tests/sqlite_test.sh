#!/bin/sh
# The SQLite extension in the real sqlite3 shell, against the CLI:
#   sh tests/sqlite_test.sh build/glossa_sqlite.so build/glossa
# Prints "ok - ..." / "not ok - ..." and ends with "sqlite: N passed, M failed".
EXT=${1:?usage: sqlite_test.sh path/to/glossa_sqlite.so path/to/glossa}
CLI=${2:?usage: sqlite_test.sh path/to/glossa_sqlite.so path/to/glossa}
LOAD=${EXT%.so} # .load appends the suffix itself, as the README shows
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB=$T/pages.db
passed=0
failed=0

pass() { passed=$((passed + 1)); echo "ok - $1"; }
fail() { failed=$((failed + 1)); echo "not ok - $1"; }
# sql SCRIPT: runs the statements and dot-commands with the extension
# loaded, stopping at the first error; output in $T/out, errors in $T/err,
# status returned.
sql() { printf '%s\n' "$1" | sqlite3 -batch -bail -cmd ".load $LOAD" "$DB" > "$T/out" 2> "$T/err"; }
# is NAME EXPECTED SQL: the query prints exactly EXPECTED.
is() {
    if sql "$3" && [ "$(cat "$T/out")" = "$2" ]; then pass "$1"
    else fail "$1"; echo "#   expected: $2"; echo "#   got: $(cat "$T/out" "$T/err")"; fi
}
# fails_with NAME MESSAGE SQL: the query fails and stderr holds MESSAGE.
fails_with() {
    if ! sql "$3" && grep -qF "$2" "$T/err"; then pass "$1"
    else fail "$1"; echo "#   expected an error with: $2"; echo "#   got: $(cat "$T/out" "$T/err")"; fi
}

if command -v sqlite3 >/dev/null && [ -f "$EXT" ]; then pass "sqlite3 and $EXT are there"
else fail "sqlite3 and $EXT are there"; echo "sqlite: $passed passed, $failed failed"; exit 1; fi

is "the extension loads with .load $LOAD" "nl" \
    "SELECT glossa_detect('Dit is een zin in het Nederlands over het weer van vandaag.');"

sql "CREATE TABLE pages(id INTEGER PRIMARY KEY, want, body);
INSERT INTO pages(want, body) VALUES
 ('en', 'The library in the city centre has reopened after a long renovation.'),
 ('de', 'Die Bibliothek im Stadtzentrum ist nach einer langen Renovierung wieder geöffnet.'),
 ('nl', 'De bibliotheek in het centrum van de stad is na een grote verbouwing weer open.'),
 ('fr', 'La bibliothèque du centre-ville a rouvert après une longue rénovation.'),
 ('es', 'La biblioteca del centro de la ciudad ha vuelto a abrir después de una larga reforma.'),
 ('fi', 'Kaupungin keskustan kirjasto on avattu uudelleen pitkän remontin jälkeen.'),
 ('lv', 'Rīgas vecpilsētā ir daudz šauru ieliņu un senu namu.'),
 ('el', 'Η νέα βιβλιοθήκη στο κέντρο της πόλης άνοιξε ξανά μετά από μεγάλη ανακαίνιση.'),
 ('ru', 'Новая библиотека в центре города снова открылась после долгого ремонта.'),
 ('ar', 'افتتحت المكتبة الجديدة أبوابها في وسط المدينة بعد تجديد طويل.'),
 ('ja', '駅の近くに新しい図書館ができました。週末には家族連れでとてもにぎやかです。');"
n=$(sqlite3 "$DB" "SELECT count(*) FROM pages")
[ "$n" = 11 ] && pass "a table of 11 pages in 11 languages" || fail "a table of 11 pages in 11 languages"

is "glossa_detect names the language of every page" "" \
    "SELECT id, want, glossa_detect(body) FROM pages WHERE glossa_detect(body) IS NOT want;"
is "glossa_prob is a REAL, reliable (0.7 or more) for every page" "11" \
    "SELECT count(*) FROM pages WHERE typeof(glossa_prob(body)) = 'real' AND glossa_prob(body) BETWEEN 0.7 AND 1;"
is "NULL gives NULL from every function" "null|null|null|null|null|null|null" \
    "SELECT typeof(glossa_detect(NULL)), typeof(glossa_prob(NULL)), typeof(glossa_spans(NULL)),
            typeof(glossa_detect(NULL, 'en,de')), typeof(glossa_top(NULL, 3)), typeof(glossa_reliable(NULL)),
            typeof(glossa_summary(NULL));"
is "empty text gives und, probability 0.0, no span, not reliable" \
    'und|0.0|[]|[{"lang":"und","prob":0.0000}]|0|{"languages":[],"spans":0,"letters":0,"mixed":false}' \
    "SELECT glossa_detect(''), glossa_prob(''), glossa_spans(''), glossa_top('', 3), glossa_reliable(''),
            glossa_summary('');"
is "numbers are read as SQLite writes them: no letters, und" "und|und|und|0.0" \
    "SELECT glossa_detect(12345), glossa_detect(-3.25), glossa_detect(CAST(2024 AS TEXT)), glossa_prob(42);"
is "a BLOB is read as its bytes" "fi" \
    "SELECT glossa_detect(CAST(body AS BLOB)) FROM pages WHERE want = 'fi';"
is "an empty BLOB gives und" "und|[]" "SELECT glossa_detect(x''), glossa_spans(x'');"

# "Die Sonne scheint heute über der ganzen Stadt." with NUL bytes, 0xFF, a
# lone continuation byte and a cut UTF-8 sequence in and around it.
# (one backslash: Python reads the escapes, so the bytes are NUL, 0xFF ...)
bytes='b"\x00\xff" + "Die Sonne scheint heute ".encode() + b"\x00" + "über der ".encode() + b"\xff" + b"ganzen Stadt.\x80\xe2\x82"'
blob="x'$(python3 -c "print(($bytes).hex())")'"
size=$(python3 -c "print(len($bytes))")
is "a BLOB with NUL bytes and invalid UTF-8 is still German" "de" "SELECT glossa_detect($blob);"
is "its spans cover every byte, NULs and all" "$size|$size" \
    "SELECT length($blob), json_extract(glossa_spans($blob), '\$[#-1].end');"
is "NUL and invalid bytes alone give und" "und|0.0" \
    "SELECT glossa_detect(x'00fffe00c328e2'), glossa_prob(x'00fffe00c328e2');"
is "text with an embedded NUL is read whole" "$size" \
    "SELECT json_extract(glossa_spans(CAST($blob AS TEXT)), '\$[#-1].end');"

is "the population prior is the default: mañana is Spanish" "es|es" \
    "SELECT glossa_detect('mañana'), glossa_detect('mañana', NULL, 'population');"
is "the flat prior gives the model's own probability" "1" \
    "SELECT glossa_prob('mañana', NULL, 'flat') != glossa_prob('mañana');"
is "a sentence keeps its language under either prior" "ast|ast" \
    "SELECT glossa_detect('La llingua asturiana ye la llingua propia d''Asturies y tien una lliteratura de munchos sieglos.'),
            glossa_detect('La llingua asturiana ye la llingua propia d''Asturies y tien una lliteratura de munchos sieglos.', NULL, 'flat');"
fails_with "an unknown prior is an error" "unknown prior 'uniform'" "SELECT glossa_detect('hola', NULL, 'uniform');"
is "min_prob: und below it, the guess at or above it" "und|0.0|nl|1" \
    "SELECT glossa_detect('haha', NULL, NULL, 0.9), glossa_prob('haha', NULL, NULL, 0.9),
            glossa_detect(body, NULL, NULL, 0.5), glossa_prob(body, NULL, NULL, 0.5) = glossa_prob(body)
     FROM pages WHERE want = 'nl';"
fails_with "min_prob must be a probability" "min_prob must be a number from 0 to 1" \
    "SELECT glossa_detect('hola', NULL, NULL, 2);"
fails_with "min_prob must be a number" "min_prob must be a number from 0 to 1" \
    "SELECT glossa_detect('hola', NULL, NULL, 'high');"
is "an allowlist restricts the answer" "en" \
    "SELECT glossa_detect(body, 'en,fr') FROM pages WHERE want = 'nl';"
is "an allowlist that holds the language keeps it" "nl" \
    "SELECT glossa_detect(body, 'en,de,nl') FROM pages WHERE want = 'nl';"
is "spaces around allowlist tags are allowed" "de" \
    "SELECT glossa_detect(body, ' nl , de') FROM pages WHERE want = 'de';"
is "an allowlist applies to every row: Latin pages nl or de, others und" "de,nl,und
0" \
    "SELECT group_concat(glossa_detect(body, 'nl,de'), ',') FROM pages WHERE want IN ('de', 'nl', 'el');
     SELECT count(*) FROM pages WHERE glossa_detect(body, 'nl,de') NOT IN ('nl', 'de', 'und')
       OR (glossa_detect(body, 'nl,de') = 'und') != (want IN ('el', 'ru', 'ar', 'ja'));"
is "a NULL allowlist means every language" "fr" \
    "SELECT glossa_detect(body, NULL) FROM pages WHERE want = 'fr';"
is "glossa_prob takes the allowlist too: fewer rivals, higher probability" "1" \
    "SELECT glossa_prob(body, 'es,pt') > glossa_prob(body) FROM pages WHERE want = 'es';"
is "allowlist tags as BCP 47 lookup matches them: region and ISO 639-2/B codes by their language" "de" \
    "SELECT glossa_detect(body, 'en-US, ger, fre') FROM pages WHERE want = 'de';"
is "an allowlist region that decides the script: zh-TW is Traditional Chinese" "zh-Hant" \
    "SELECT glossa_detect('我們今天去公園散步，因為天氣很好。', 'zh-TW');"
fails_with "an unknown tag is an error that names it" \
    "glossa_detect: allowlist: unknown language 'xx' (glossa --list-languages names them)" \
    "SELECT glossa_detect(body, 'en,xx') FROM pages;"
fails_with "a language the model does not hold is an error that names the language" \
    "glossa_detect: allowlist: Klingon is not in this model" \
    "SELECT glossa_detect(body, 'en, tlh') FROM pages;"
fails_with "an allowlist of no tag is an error" "glossa_prob: allowlist: no language given" \
    "SELECT glossa_prob('Hallo Welt', ' , ');"
fails_with "a wrong number of arguments is an error" "wrong number of arguments to function glossa_detect()" \
    "SELECT glossa_detect('a', 'en', 'flat', 0.5, 'de');"

mixed='In de islamitische wereld speelde het begrip kennis een centrale rol. Geleerden in Bagdad vertaalden Griekse werken. اطلبوا العلم من المهد إلى اللحد. Dat betekent: zoek kennis van de wieg tot het graf.'
sql "INSERT INTO pages(want, body) VALUES ('mixed', '$mixed');
SELECT glossa_spans(body) FROM pages WHERE want = 'mixed';"
cp "$T/out" "$T/spans.json"
sql "SELECT hex(CAST(body AS BLOB)) FROM pages WHERE want = 'mixed';"
if python3 -c '
import json, sys
spans = json.load(open(sys.argv[1]))
text = bytes.fromhex(open(sys.argv[2]).read().strip())
assert isinstance(spans, list) and spans, spans
assert all(set(s) == {"start", "end", "cstart", "cend", "lang", "prob"} for s in spans), spans
chars = text.decode()
assert all(chars[s["cstart"] - 1 : s["cend"] - 1] == text[s["start"]:s["end"]].decode() for s in spans), spans
assert spans[0]["start"] == 0 and spans[-1]["end"] == len(text), spans
assert all(a["end"] == b["start"] for a, b in zip(spans, spans[1:])), spans
assert all(0 <= s["prob"] <= 1 for s in spans), spans
assert [s["lang"] for s in spans] == ["nl", "ar", "nl"], spans
arabic = text[spans[1]["start"]:spans[1]["end"]].decode()
assert "اطلبوا العلم" in arabic and "kennis" not in arabic, arabic
' "$T/spans.json" "$T/out" 2> "$T/err"; then pass "glossa_spans: JSON that python parses, nl ar nl in byte offsets and character positions"
else fail "glossa_spans: JSON that python parses, nl ar nl in byte offsets and character positions"; cat "$T/err"; fi
is "glossa_spans works with SQLite's JSON functions" "nl,ar,nl" \
    "SELECT group_concat(json_extract(s.value, '\$.lang'), ',') FROM pages, json_each(glossa_spans(body)) s
     WHERE want = 'mixed';"
is "glossa_spans takes the allowlist" "nl,und,nl" \
    "SELECT group_concat(json_extract(s.value, '\$.lang'), ',') FROM pages, json_each(glossa_spans(body, 'nl,de')) s
     WHERE want = 'mixed';"
is "text without letters is one und span" '[{"start":0,"end":9,"cstart":1,"cend":10,"lang":"und","prob":0.0000}]' \
    "SELECT glossa_spans('12 + 3.4!');"

# ---- glossa_top, glossa_reliable, glossa_summary ----
is "glossa_top: the k most likely as JSON, best first" \
    '[{"lang":"nl","prob":0.8719},{"lang":"af","prob":0.1117},{"lang":"nds","prob":0.0104}]' \
    "SELECT glossa_top('Dit is een zin in het Nederlands over het weer van vandaag.', 3);"
is "glossa_top's first is glossa_detect's answer for every page, its probability glossa_prob's" "11" \
    "SELECT count(*) FROM pages
     WHERE want != 'mixed' AND json_extract(glossa_top(body, 5), '\$[0].lang') = glossa_detect(body)
       AND abs(json_extract(glossa_top(body, 5), '\$[0].prob') - glossa_prob(body)) < 0.00005
       AND json_array_length(glossa_top(body, 5)) BETWEEN 1 AND 5;"
is "glossa_top is ordered best first" "0" \
    "SELECT count(*) FROM pages, json_each(glossa_top(body, 50)) a, json_each(glossa_top(body, 50)) b
     WHERE a.key < b.key AND json_extract(a.value, '\$.prob') < json_extract(b.value, '\$.prob');"
is "glossa_top takes k up to 50, fewer when fewer languages write the script" "50|3" \
    "SELECT json_array_length(glossa_top(body, 50)), json_array_length(glossa_top(b2, 50))
     FROM pages, (SELECT body AS b2 FROM pages WHERE want = 'el') WHERE want = 'nl';"
is "glossa_top takes an allowlist, a prior and min_prob" "en,de|it|nap|1" \
    "SELECT (SELECT group_concat(json_extract(value, '\$.lang'), ',')
             FROM json_each(glossa_top('Dit is een zin in het Nederlands over het weer van vandaag.', 5, 'de,en'))),
            json_extract(glossa_top('grazie', 1), '\$[0].lang'),
            json_extract(glossa_top('grazie', 1, NULL, 'flat'), '\$[0].lang'),
            json_array_length(glossa_top('Dit is een zin in het Nederlands over het weer van vandaag.', 5, NULL, NULL, 0.5));"
for k in 0 51 -1 2.5 "'three'" NULL; do
    shown=$(printf '%s' "$k" | tr -d "'")
    fails_with "glossa_top refuses k = $k as the CLI refuses -k" \
        "glossa_top: k takes a number from 1 to 50, not '$shown'" \
        "SELECT glossa_top('Dit is een zin.', $k);"
done
fails_with "glossa_top needs k" "wrong number of arguments to function glossa_top()" "SELECT glossa_top('Dit is een zin.');"
is "glossa_reliable: 1 for every page of one language, an INTEGER" "11|integer" \
    "SELECT sum(glossa_reliable(body)), typeof(glossa_reliable(body)) FROM pages WHERE want != 'mixed';"
is "glossa_reliable: 0 for laughter, keyboard mash, no letters, below min_prob" "0|0|0|0" \
    "SELECT glossa_reliable('haha'), glossa_reliable('asdf jkl qwer uiop zxcv'), glossa_reliable('2024'),
            glossa_reliable('Dit is een zin in het Nederlands over het weer van vandaag.', NULL, NULL, 0.99);"
is "glossa_reliable: 0 for a document that is sure but mixed, 1 for its first line" "lv|1|0|1" \
    "SELECT glossa_detect(d), glossa_prob(d) > 0.9, glossa_reliable(d), glossa_reliable(substr(d, 1, instr(d, char(10)) - 1))
     FROM (SELECT CAST(readfile('$ROOT/samples/latvian-with-references.txt') AS TEXT) AS d);"
is "glossa_reliable takes an allowlist: Greek among Dutch and German is und, not reliable" "und|0|1" \
    "SELECT glossa_detect(body, 'nl,de'), glossa_reliable(body, 'nl,de'), glossa_reliable(body, 'el,ru')
     FROM pages WHERE want = 'el';"
# Each sample's summary, and its top 3 and reliable, as the CLI gives them.
: > "$T/samples.sql"
for f in "$ROOT"/samples/*.txt; do
    echo "SELECT glossa_summary(d), glossa_top(d, 3), glossa_reliable(d) FROM (SELECT readfile('$f') AS d);" >> "$T/samples.sql"
done
if sql "$(cat "$T/samples.sql")" && "$CLI" --summary --format json "$ROOT"/samples/*.txt > "$T/cli-summary" &&
   "$CLI" -k 3 --format json "$ROOT"/samples/*.txt > "$T/cli-top" && python3 -c '
import json, sys
rows = [line.split("|") for line in open(sys.argv[1], encoding="utf-8").read().splitlines()]
summaries = [json.loads(line) for line in open(sys.argv[2])]
tops = [json.loads(line) for line in open(sys.argv[3])]
assert len(rows) == len(summaries) == len(tops) >= 10, (len(rows), len(summaries), len(tops))
for (summary, top, reliable), cli, cli_top in zip(rows, summaries, tops):
    del cli["file"]
    assert json.loads(summary) == cli, (summary, cli)
    assert json.loads(top) == cli_top["top"], (top, cli_top)
    assert int(reliable) == cli_top["reliable"], (reliable, cli_top)
assert {json.loads(s)["mixed"] for s, _, _ in rows} == {True, False}
assert {int(r) for _, _, r in rows} == {0, 1}
' "$T/out" "$T/cli-summary" "$T/cli-top" 2> "$T/err"
then pass "glossa_summary, glossa_top and glossa_reliable as the CLI's --summary, -k 3 and reliable on every sample"
else fail "glossa_summary, glossa_top and glossa_reliable as the CLI's --summary, -k 3 and reliable on every sample"
     cat "$T/err"; fi
is "glossa_summary of one language: one share of 1, not mixed" '[{"lang":"fi","share":1.0000,"letters":64}]|0|1' \
    "SELECT json_extract(glossa_summary(body), '\$.languages'), json_extract(glossa_summary(body), '\$.mixed'),
            json_extract(glossa_summary(body), '\$.spans') FROM pages WHERE want = 'fi';"
is "glossa_summary: the mixed page alone is mixed, the shares add up to 1" "mixed|12" \
    "SELECT group_concat(CASE WHEN json_extract(glossa_summary(body), '\$.mixed') THEN want END),
            sum((SELECT abs(sum(json_extract(value, '\$.share')) - 1) < 0.001
                 FROM json_each(glossa_summary(body), '\$.languages'))) FROM pages;"
is "glossa_summary takes an allowlist and a prior" "lt,el|it|nap" \
    "SELECT (SELECT group_concat(json_extract(value, '\$.lang'), ',') FROM json_each(glossa_summary(
                'Rīgas vecpilsēta ir viena no skaistākajām vietām Baltijā. Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.',
                'lt,el'), '\$.languages')),
            json_extract(glossa_summary('grazie'), '\$.languages[0].lang'),
            json_extract(glossa_summary('grazie', NULL, 'flat'), '\$.languages[0].lang');"
fails_with "glossa_summary: an unknown tag is an error that names it" \
    "glossa_summary: allowlist: unknown language 'xx'" "SELECT glossa_summary('Hallo', 'nl,xx');"

# ---- character positions: substr(text, cstart, cend - cstart) is the span ----
is "glossa_spans: the spans cut with substr() at cstart, cend make up every page" "12" \
    "SELECT count(*) FROM pages WHERE body = (SELECT group_concat(piece, '') FROM (
        SELECT substr(body, json_extract(value, '\$.cstart'),
                      json_extract(value, '\$.cend') - json_extract(value, '\$.cstart')) AS piece
        FROM json_each(glossa_spans(body)) ORDER BY key));"
is "glossa_spans: cstart and cend of the mixed page, its Arabic span cut in SQL" \
    "nl|1|$(python3 -c "import sys; t=sys.argv[1]; print(t.index('اطلبوا') + 1)" "$mixed")
ar|اطلبوا العلم من المهد إلى اللحد. 
nl|Dat betekent: zoek kennis van de wieg tot het graf." \
    "SELECT json_extract(value, '\$.lang'),
            CASE key WHEN 0 THEN json_extract(value, '\$.cstart') || '|' || json_extract(value, '\$.cend')
                     ELSE substr(body, json_extract(value, '\$.cstart'), json_extract(value, '\$.cend') - json_extract(value, '\$.cstart')) END
     FROM pages, json_each(glossa_spans(body)) WHERE want = 'mixed';"
is "glossa_spans: cend counts invalid UTF-8 as SQLite's length() does" "1|1" \
    "SELECT json_extract(glossa_spans(t), '\$[#-1].cend') = length(t) + 1, json_extract(glossa_spans(t), '\$[0].cstart')
     FROM (SELECT CAST(x'80bf' || CAST('Die Sonne scheint heute über der ' AS BLOB) || x'ff80c380808041e282'
                       || CAST('ganzen Stadt. Ελλάδα και η μεγαλύτερη πόλη της χώρας.' AS BLOB) AS TEXT) AS t);"

# ---- README.md's session, as written ----
awk -v load="$LOAD" -v sql="$T/readme.sql" -v out="$T/readme.out" '
    /^## / { section = ($0 == "## SQLite") }
    section && /^```/ { if (!block) { block = 1; lang = substr($0, 4) } else block = 0; next }
    section && block && lang == "" {
        if (sub(/^sqlite> /, "")) { if ($0 ~ /^\.load /) $0 = ".load " load; print > sql }
        else if (sub(/^   \.\.\.> /, "")) print > sql
        else print > out
    }' "$ROOT/README.md"
if [ -s "$T/readme.sql" ] && grep -q "cstart" "$T/readme.sql" &&
   sqlite3 -batch -bail :memory: < "$T/readme.sql" > "$T/readme.got" 2>&1 && cmp -s "$T/readme.out" "$T/readme.got"
then pass "README.md's SQLite session gives what it shows, the spans cut with substr() among it"
else fail "README.md's SQLite session gives what it shows, the spans cut with substr() among it"
     diff "$T/readme.out" "$T/readme.got" | sed 's/^/#   /'; fi

# Deterministic and innocuous: usable in an index and a generated column of
# a schema that is not trusted.
is "the functions can index a column (deterministic, innocuous)" "nl,mixed" \
    "PRAGMA trusted_schema = OFF;
     CREATE INDEX pages_lang ON pages(glossa_detect(body));
     SELECT group_concat(want, ',') FROM pages WHERE glossa_detect(body) = 'nl';"
if sql "PRAGMA trusted_schema = OFF;
        EXPLAIN QUERY PLAN SELECT id FROM pages WHERE glossa_detect(body) = 'nl';" &&
   grep -q "USING INDEX pages_lang" "$T/out"; then pass "the query uses the index"
else fail "the query uses the index"; cat "$T/out" "$T/err"; fi
is "a generated column" "el|1" \
    "PRAGMA trusted_schema = OFF;
     CREATE TABLE notes(body TEXT, lang TEXT AS (glossa_detect(body)), prob REAL AS (glossa_prob(body)));
     INSERT INTO notes(body) VALUES ('Η νέα βιβλιοθήκη στο κέντρο της πόλης άνοιξε ξανά.');
     SELECT lang, prob > 0.9 FROM notes;"

# A detector per connection, one model shared: a second connection loads,
# closes, and the first goes on.
is "two connections, one closed, the other goes on" "de
de
fi" \
    "SELECT glossa_detect('Heute scheint die Sonne.');
.connection 1
.load $LOAD
SELECT glossa_detect('Heute scheint die Sonne.');
.connection 0
.connection close 1
SELECT glossa_detect(body) FROM pages WHERE want = 'fi';"
is "loading twice into one connection replaces the functions" "ru" \
    ".load $LOAD
SELECT glossa_detect(body) FROM pages WHERE want = 'ru';"

echo "sqlite: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
