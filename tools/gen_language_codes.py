#!/usr/bin/env python3
"""Generates src/language_codes.c: every ISO 639 code, what it stands for,
and the script a language is likely written in, in a region.

Usage: python3 tools/gen_language_codes.py ISO_CODES_DIR NODE_MODULES > src/language_codes.c
(ISO_CODES_DIR is Debian's iso-codes, /usr/share/iso-codes; NODE_MODULES holds
the npm packages cldr-core and language-subtag-registry, which `make
priors-deps` installs into tools/priors/node_modules; `make language-codes`
runs this.)

The tables, which src/langset.c reads to match a tag as BCP 47 lookup does:
  - languages: each ISO 639-3 code, and each ISO 639-2 code of a group of
    languages ("sla"), with its English name (iso-codes) and its related
    codes: the codes a model may hold the language under when it does not
    hold the code itself. Related are a macrolanguage and its members (the
    IANA registry's Macrolanguage field: cmn and zh, nb and no), a current
    code and the code that replaces it (the registry's Preferred-Value, CLDR's
    languageAlias between two current codes: tgl and fil), both ways.
  - aliases: codes that stand for a language of that table: ISO 639-1 ("de")
    and ISO 639-2/B ("ger") from iso-codes, and codes that are no longer
    current, by the registry's Preferred-Value or else CLDR's replacement
    ("iw" for heb, "mol" for ron, "scc" for srp).
  - likely scripts, from CLDR's likelySubtags: for each language that some
    region writes in a script other than the language's own (zh-TW, sr-ME,
    ku-IQ), its default script (region "") and each such region's script.
Codes in the output are ISO 639-3 where one exists; rows are sorted in
strcmp order. The output is deterministic."""
import json
import os
import sys
from collections import defaultdict


def load(path, *keys):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    for k in keys:
        data = data[k]
    return data


def is_region(subtag):
    return (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit())


iso_dir, modules = sys.argv[1], sys.argv[2]
cldr = os.path.join(modules, "cldr-core")
iso639_3 = load(os.path.join(iso_dir, "json", "iso_639-3.json"), "639-3")
iso639_2 = load(os.path.join(iso_dir, "json", "iso_639-2.json"), "639-2")
registry = load(os.path.join(modules, "language-subtag-registry", "data", "json", "registry.json"))
registry_date = load(os.path.join(modules, "language-subtag-registry", "data", "json", "meta.json"), "File-Date")
cldr_aliases = load(os.path.join(cldr, "supplemental", "aliases.json"),
                    "supplemental", "metadata", "alias", "languageAlias")
likely = load(os.path.join(cldr, "supplemental", "likelySubtags.json"), "supplemental", "likelySubtags")


def pkgconfig_version(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("Version:"):
                return line.split(":", 1)[1].strip()
    sys.exit("no Version in " + path)


# The versions read, for the banner.
iso_version = pkgconfig_version(os.path.join(iso_dir, "..", "pkgconfig", "iso-codes.pc"))
registry_version = load(os.path.join(modules, "language-subtag-registry", "package.json"), "version")
cldr_version = load(os.path.join(cldr, "package.json"), "version")

# Names: ISO 639-3's, and ISO 639-2's for the groups it alone has (its
# range qaa-qtz, reserved for local use, is no code).
names = {e["alpha_3"]: e["name"] for e in iso639_3}
for e in iso639_2:
    if e["alpha_3"] not in names and "-" not in e["alpha_3"]:
        names[e["alpha_3"]] = e["name"]

aliases = {}
for e in iso639_3 + iso639_2:
    for field in ("alpha_2", "bibliographic"):
        if field in e:
            assert e[field] not in names, e[field]
            aliases[e[field]] = e["alpha_3"]


def canonical(code):
    code = code.lower()
    return aliases.get(code, code)


# Replacements of codes (the registry first: it is BCP 47's own), then the
# ones that are gone become aliases and the current ones related codes.
replacements = {}
for r in registry:
    if r["Type"] == "language" and "Preferred-Value" in r:
        replacements[r["Subtag"]] = r["Preferred-Value"]
for code, alias in sorted(cldr_aliases.items()):
    language = alias["_replacement"].split("-")[0]
    if "_" not in code and "-" not in code and language != "und":
        replacements.setdefault(code, language)

related = defaultdict(set)


def relate(a, b):
    a, b = canonical(a), canonical(b)
    if a != b and a in names and b in names:
        related[a].add(b)
        related[b].add(a)


for code, replacement in sorted(replacements.items()):
    if canonical(code) in names:
        relate(code, replacement)
    elif canonical(replacement) in names:
        aliases[code] = canonical(replacement)
for r in registry:
    if r["Type"] == "language" and "Macrolanguage" in r:
        relate(r["Subtag"], r["Macrolanguage"])

# Likely scripts: "zh" -> zh-Hans-CN, "zh-TW" -> zh-Hant-TW.
default_script = {}
region_script = {}
for key, value in likely.items():
    parts, full = key.split("-"), value.split("-")
    if parts[0] == "und" or canonical(parts[0]) not in names:
        continue
    if len(parts) == 1:
        default_script[canonical(parts[0])] = full[1]
    elif len(parts) == 2 and is_region(parts[1]):
        region_script[(canonical(parts[0]), parts[1])] = full[1]
scripts = {}
for (code, region), script in region_script.items():
    if script != default_script.get(code):
        scripts[(code, region)] = script
        scripts[(code, "")] = default_script[code]


def c_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


out = sys.stdout
out.reconfigure(encoding="utf-8")  # names such as "Norwegian Bokmål", whatever the locale
out.write("/* ISO 639 codes and likely scripts, for matching language tags.\n"
          " * GENERATED by tools/gen_language_codes.py from iso-codes %s (ISO 639-2\n"
          " * and 639-3), language-subtag-registry %s (the IANA registry of %s)\n"
          " * and cldr-core %s: do not edit; `make language-codes` regenerates it. */\n"
          % (iso_version, registry_version, registry_date, cldr_version))
out.write('#include "language_codes.h"\n\n')
out.write("const gl_iso639_language gl_iso639_languages[] = {\n")
for code in sorted(names):
    out.write("    {%s, %s, %s},\n" % (c_string(code), c_string(names[code]), c_string(" ".join(sorted(related[code])))))
out.write("};\nconst size_t gl_iso639_language_count = %d;\n\n" % len(names))
out.write("const gl_iso639_alias gl_iso639_aliases[] = {\n")
for alias in sorted(aliases):
    out.write("    {%s, %s},\n" % (c_string(alias), c_string(aliases[alias])))
out.write("};\nconst size_t gl_iso639_alias_count = %d;\n\n" % len(aliases))
out.write("const gl_likely_script gl_likely_scripts[] = {\n")
for code, region in sorted(scripts):
    out.write("    {%s, %s, %s},\n" % (c_string(code), c_string(region), c_string(scripts[(code, region)])))
out.write("};\nconst size_t gl_likely_script_count = %d;\n" % len(scripts))
