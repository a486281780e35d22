#!/bin/sh
# The SQLite extension in the real sqlite3 shell:
#   sh tests/sqlite_test.sh build/glossa_sqlite.so
# Prints "ok - ..." / "not ok - ..." and ends with "sqlite: N passed, M failed".
EXT=${1:?usage: sqlite_test.sh path/to/glossa_sqlite.so}
LOAD=${EXT%.so} # .load appends the suffix itself, as the README shows
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
is "NULL gives NULL from all three functions" "null|null|null|null" \
    "SELECT typeof(glossa_detect(NULL)), typeof(glossa_prob(NULL)), typeof(glossa_spans(NULL)),
            typeof(glossa_detect(NULL, 'en,de'));"
is "empty text gives und, probability 0.0 and no span" "und|0.0|[]" \
    "SELECT glossa_detect(''), glossa_prob(''), glossa_spans('');"
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
assert all(set(s) == {"start", "end", "lang", "prob"} for s in spans), spans
assert spans[0]["start"] == 0 and spans[-1]["end"] == len(text), spans
assert all(a["end"] == b["start"] for a, b in zip(spans, spans[1:])), spans
assert all(0 <= s["prob"] <= 1 for s in spans), spans
assert [s["lang"] for s in spans] == ["nl", "ar", "nl"], spans
arabic = text[spans[1]["start"]:spans[1]["end"]].decode()
assert "اطلبوا العلم" in arabic and "kennis" not in arabic, arabic
' "$T/spans.json" "$T/out" 2> "$T/err"; then pass "glossa_spans: JSON that python parses, nl ar nl in byte offsets"
else fail "glossa_spans: JSON that python parses, nl ar nl in byte offsets"; cat "$T/err"; fi
is "glossa_spans works with SQLite's JSON functions" "nl,ar,nl" \
    "SELECT group_concat(json_extract(s.value, '\$.lang'), ',') FROM pages, json_each(glossa_spans(body)) s
     WHERE want = 'mixed';"
is "glossa_spans takes the allowlist" "nl,und,nl" \
    "SELECT group_concat(json_extract(s.value, '\$.lang'), ',') FROM pages, json_each(glossa_spans(body, 'nl,de')) s
     WHERE want = 'mixed';"
is "text without letters is one und span" '[{"start":0,"end":9,"lang":"und","prob":0.0000}]' \
    "SELECT glossa_spans('12 + 3.4!');"

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
