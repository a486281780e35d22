#!/usr/bin/env python3
"""Generates src/unicode_tables.c from the Unicode Character Database.

Usage: python3 tools/gen_unicode.py /usr/share/unicode [CONFUSABLES] > src/unicode_tables.c
(Debian's unicode-data package, and Unicode's confusables of UTS #39 as
Debian's python3-confusable-homoglyphs holds them, CONFUSABLES defaulting
to its confusables.json; `make unicode` runs this.)

Per code point a uint16_t: script id (bits 0-7), class (bits 8-9: 1 letter,
2 mark), bit 10 when it has a simple lowercase mapping, bit 11 when it is the
second of a canonical composition, bit 12 when it has a compatibility fold.
A two-stage table (blocks of 256, deduplicated), and sorted lists:
  - (code point, lowercase);
  - (code point, base letter): the Latin and Greek letters whose canonical
    decomposition is a letter and marks (the trainer drops diacritics as
    people often type them);
  - (first, second, composed): the canonical compositions of NFC (Hangul's
    are computed);
  - (code point, up to three code points): the compatibility folds, NFKC's
    mapping of the characters whose NFKC is letters and marks, from
    fullwidth, halfwidth, font (mathematical letters), circled, ligature
    and Arabic presentation forms;
  - (code point, script, lookalike): the letters of Latin, Cyrillic and
    Greek that look like a letter of another of the three (Cyrillic "е"
    and Latin "e", Greek "ͻ" and Latin "ɔ"; with diacritics, Latin "ă" and
    Cyrillic "ӑ"), from Unicode's confusables: a word typed with letters of
    two of these scripts is read in one (featurizer.c).
Han characters of Japanese's everyday set (JIS X 0208) that neither
simplified nor traditional Chinese sets hold (GB 2312, GB 12345, Big5) get
a script of their own, Qaaj (ISO 15924's private range): the shinjitai such
as 駅 図 経, which only Japanese writes (Unihan_OtherMappings)."""
import bz2, json, sys, os

ucd = sys.argv[1]
confusables_path = (sys.argv[2] if len(sys.argv) > 2 else
                    "/usr/lib/python3/dist-packages/confusable_homoglyphs/confusables.json")

def ranges(path):
    for line in open(os.path.join(ucd, path), encoding="utf-8"):
        line = line.split("#")[0].strip()
        if not line:
            continue
        fields = [f.strip() for f in line.split(";")]
        lo, _, hi = fields[0].partition("..")
        yield int(lo, 16), int(hi or lo, 16), fields[1:]

long_to_short = {}
for line in open(os.path.join(ucd, "PropertyValueAliases.txt"), encoding="utf-8"):
    f = [x.strip() for x in line.split("#")[0].split(";")]
    if len(f) >= 3 and f[0] == "sc":
        long_to_short[f[2]] = f[1]
        for alias in f[3:]:
            long_to_short[alias] = f[1]

fixed = ["Zzzz", "Zyyy", "Zinh"]
JAPANESE_HAN = "Qaaj"
others = sorted(set(long_to_short.values()) - set(fixed)) + [JAPANESE_HAN]
codes = fixed + others
assert len(codes) < 255
script_id = {c: i for i, c in enumerate(codes)}

N = 0x110000
script = [0] * N
for lo, hi, f in ranges("Scripts.txt"):
    sid = script_id[long_to_short[f[0]]]
    for cp in range(lo, hi + 1):
        script[cp] = sid

mappings = {}
for line in bz2.open(os.path.join(ucd, "Unihan_OtherMappings.txt.bz2"), "rt", encoding="utf-8"):
    if line.startswith("U+"):
        cp, field, _ = line.split("\t", 2)
        mappings.setdefault(int(cp[2:], 16), set()).add(field)
for cp, fields in mappings.items():
    if "kJis0" in fields and not fields & {"kGB0", "kGB1", "kBigFive"}:
        assert codes[script[cp]] == "Hani"
        script[cp] = script_id[JAPANESE_HAN]

klass = [0] * N
category = [""] * N
lower = {}
decomposition = {}
compatibility = {}
combining_class = [0] * N
first = None
for line in open(os.path.join(ucd, "UnicodeData.txt"), encoding="utf-8"):
    f = line.rstrip("\n").split(";")
    cp, name, cat = int(f[0], 16), f[1], f[2]
    c = 1 if cat.startswith("L") else 2 if cat.startswith("M") else 0
    if name.endswith(", First>"):
        first = cp
        continue
    if name.endswith(", Last>"):
        for x in range(first, cp + 1):
            klass[x] = c
        continue
    klass[cp] = c
    category[cp] = cat
    if f[13] and int(f[13], 16) != cp:
        lower[cp] = int(f[13], 16)
    combining_class[cp] = int(f[3])
    if f[5] and not f[5].startswith("<"):
        decomposition[cp] = [int(x, 16) for x in f[5].split()]
    elif f[5]:
        tag, *parts = f[5].split()
        compatibility[cp] = (tag, [int(x, 16) for x in parts])
for apostrophe in (0x27, 0x2019, 0x2BC):
    klass[apostrophe] = 1
    script[apostrophe] = script_id["Zyyy"]

def base_letter(cp):
    """The letter under cp's marks, following canonical decompositions."""
    while cp in decomposition and len(decomposition[cp]) > 1 and all(klass[m] == 2 for m in decomposition[cp][1:]):
        cp = decomposition[cp][0]
    return cp

base = {}
for cp in decomposition:
    if klass[cp] == 1 and codes[script[cp]] in ("Latn", "Grek"):
        b = base_letter(cp)
        if b != cp and klass[b] == 1:
            base[cp] = b

excluded = set()
for lo, hi, f in ranges("DerivedNormalizationProps.txt"):
    if f[0] == "Full_Composition_Exclusion":
        excluded.update(range(lo, hi + 1))
compose = {tuple(d): cp for cp, d in decomposition.items() if len(d) == 2 and cp not in excluded}
# Hangul: a leading consonant and a vowel make a syllable, which a trailing
# consonant completes (computed by unicode.c, flagged here).
HANGUL_VOWELS, HANGUL_TRAILS = range(0x1161, 0x1176), range(0x11A8, 0x11C3)
second_of_pair = {b for _, b in compose} | set(HANGUL_VOWELS) | set(HANGUL_TRAILS)

def full_decomposition(cp, compatibility_too=True):
    if cp in decomposition:
        return [x for d in decomposition[cp] for x in full_decomposition(d, compatibility_too)]
    if compatibility_too and cp in compatibility:
        return [x for d in compatibility[cp][1] for x in full_decomposition(d)]
    return [cp]

def composed(a, b):
    """The canonical composition of a and b, or None (Hangul computed)."""
    if 0x1100 <= a <= 0x1112 and b in HANGUL_VOWELS:
        return 0xAC00 + ((a - 0x1100) * 21 + b - 0x1161) * 28
    if 0xAC00 <= a <= 0xD7A3 and (a - 0xAC00) % 28 == 0 and b in HANGUL_TRAILS:
        return a + b - 0x11A7
    return compose.get((a, b))

def nfc_of(seq):
    """NFC of a fully decomposed sequence: marks in canonical order, then
    each composed with the last starter unless a mark between blocks it."""
    seq, i = list(seq), 0
    while i < len(seq):
        j = i
        while j < len(seq) and combining_class[seq[j]]:
            j += 1
        seq[i:j] = sorted(seq[i:j], key=lambda c: combining_class[c])
        i = j + 1
    out, starter, last_class = [], None, -1
    for c in seq:
        cc = combining_class[c]
        if starter is not None and (last_class == -1 or 0 < last_class < cc):
            both = composed(out[starter], c)
            if both is not None:
                out[starter] = both
                continue
        out.append(c)
        if cc == 0:
            starter, last_class = len(out) - 1, -1
        else:
            last_class = cc
    return out

FOLDED_TAGS = {"<wide>", "<narrow>", "<font>", "<circle>", "<compat>", "<isolated>", "<final>", "<initial>",
               "<medial>"}
fold = {}
for cp, (tag, _) in compatibility.items():
    # Hangul's compatibility jamo are letters as they are (ㅋㅋ); the micro
    # sign is a unit (5 µm), not Greek.
    if tag not in FOLDED_TAGS or 0x3130 <= cp <= 0x318F or 0xFFA0 <= cp <= 0xFFDC or cp == 0xB5:
        continue
    folded = nfc_of(full_decomposition(cp))
    if len(folded) <= 3 and all(klass[c] in (1, 2) for c in folded) and any(klass[c] == 1 for c in folded):
        fold[cp] = folded

# Lookalikes. The confusables hold, for each prototype, the characters that
# look like it (and each of those, its prototype): characters linked through
# them look alike. Among a letter's lookalikes in another script, the letter
# of the same case with the lowest code point (the everyday one: Cyrillic
# "і" before palochka "ӏ"); a letter with diacritics looks like its base
# letter's lookalike with the same diacritics, when that composes.
LOOKALIKE_SCRIPTS = {script_id[c] for c in ("Latn", "Cyrl", "Grek")}
parent, nodes = {}, set()

def root(x):
    while parent.get(x, x) != x:
        x = parent[x]
    return x

for prototype, members in json.load(open(confusables_path, encoding="utf-8")).items():
    for m in members:
        c = m["c"].replace("\u200e", "")
        nodes.update((prototype, c))
        a, b = root(prototype), root(c)
        if a != b:
            parent[a] = b
lowercase = set(lower.values())

def case_of(cp):
    return 2 if cp in lower else 1 if cp in lowercase else 0

def lookalike_letter(cp):
    """A letter that can stand for another in a word: of the three scripts,
    not a modifier letter, not folded before it is featurized."""
    return klass[cp] == 1 and script[cp] in LOOKALIKE_SCRIPTS and category[cp] != "Lm" and cp not in fold

looks_alike = {}
for x in nodes:
    if len(x) == 1 and lookalike_letter(ord(x)):
        looks_alike.setdefault(root(x), []).append(ord(x))
lookalike = {}
for members in looks_alike.values():
    for x in members:
        for y in sorted(members):
            if script[y] != script[x] and case_of(y) == case_of(x):
                lookalike.setdefault((x, script[y]), y)

for cp in range(N):
    if not lookalike_letter(cp) or cp not in decomposition:
        continue
    letter, *marks = full_decomposition(cp, compatibility_too=False)
    if not marks or not all(klass[m] == 2 for m in marks):
        continue
    for target in LOOKALIKE_SCRIPTS - {script[cp]}:
        if (letter, target) in lookalike:
            composed_form = nfc_of([lookalike[(letter, target)]] + marks)
            if len(composed_form) == 1 and lookalike_letter(composed_form[0]) and case_of(composed_form[0]) == case_of(cp):
                lookalike.setdefault((cp, target), composed_form[0])

props = [script[cp] | klass[cp] << 8 | (0x400 if cp in lower else 0) | (0x800 if cp in second_of_pair else 0)
         | (0x1000 if cp in fold else 0) for cp in range(N)]
blocks, stage1, index = [], [], {}
for b in range(N >> 8):
    block = tuple(props[b << 8:(b + 1) << 8])
    if block not in index:
        index[block] = len(blocks)
        blocks.append(block)
    stage1.append(index[block])

out = sys.stdout
# The version of the data read, for the banner: Scripts.txt opens with
# "# Scripts-15.0.0.txt" (written 15.0, as Unicode names its versions).
first_line = open(os.path.join(ucd, "Scripts.txt"), encoding="utf-8").readline()
version = first_line.strip("# \n")[len("Scripts-"):-len(".txt")]
if version.endswith(".0"):
    version = version[:-2]
out.write("/* GENERATED by tools/gen_unicode.py from Unicode %s data (Debian unicode-data)\n"
          " * and Unicode's confusables (Debian python3-confusable-homoglyphs):\n"
          " * do not edit by hand; `make unicode` regenerates it. */\n" % version)
out.write('#include <stdint.h>\n\n#include "unicode.h"\n\n')
out.write("const unsigned gl_script_count = %d;\n" % len(codes))
out.write("const char *const gl_script_codes[] = {\n")
for i in range(0, len(codes), 10):
    out.write("    " + " ".join('"%s",' % c for c in codes[i:i + 10]) + "\n")
out.write("};\n\n")
st1_type = "uint8_t" if len(blocks) < 256 else "uint16_t"
out.write("const %s gl_prop_stage1[%d] = {\n" % (st1_type, len(stage1)))
for i in range(0, len(stage1), 24):
    out.write("    " + ",".join(str(x) for x in stage1[i:i + 24]) + ",\n")
out.write("};\n\n")
out.write("const uint16_t gl_prop_stage2[%d][256] = {\n" % len(blocks))
for block in blocks:
    out.write("    {")
    out.write(",".join(str(x) for x in block))
    out.write("},\n")
out.write("};\n\n")

def write_pairs(name, mapping):
    """A sorted (code point, value) list, gl_NAME_pairs, and its count."""
    pairs = sorted(mapping.items())
    out.write("const unsigned gl_%s_count = %d;\n" % (name, len(pairs)))
    out.write("const uint32_t gl_%s_pairs[%d][2] = {\n" % (name, len(pairs)))
    for i in range(0, len(pairs), 6):
        out.write("    " + " ".join("{0x%X,0x%X}," % p for p in pairs[i:i + 6]) + "\n")
    out.write("};\n")


def write_triples(name, rows, row_format):
    """A sorted list of rows of three, gl_NAME_triples, and its count."""
    out.write("const unsigned gl_%s_count = %d;\n" % (name, len(rows)))
    out.write("const uint32_t gl_%s_triples[%d][3] = {\n" % (name, len(rows)))
    for i in range(0, len(rows), 4):
        out.write("    " + " ".join(row_format % t for t in rows[i:i + 4]) + "\n")
    out.write("};\n")


write_pairs("lower", lower)
out.write("\n")
write_pairs("base", base)
out.write("\n")
write_triples("compose", sorted((a, b, c) for (a, b), c in compose.items()), "{0x%X,0x%X,0x%X},")
out.write("\n")
folds = sorted(fold.items())
out.write("const unsigned gl_fold_count = %d;\n" % len(folds))
out.write("const uint32_t gl_fold_list[%d][4] = {\n" % len(folds))
for i in range(0, len(folds), 4):
    out.write("    " + " ".join("{0x%X,%s}," % (cp, ",".join("0x%X" % c for c in (f + [0, 0])[:3]))
                                for cp, f in folds[i:i + 4]) + "\n")
out.write("};\n")
out.write("\n")
write_triples("lookalike", sorted((cp, target, y) for (cp, target), y in lookalike.items()), "{0x%X,%d,0x%X},")
