#!/usr/bin/env python3
"""Generates src/language_priors.c: how many people write each corpus language.

Usage: python3 tools/gen_priors.py CLDR_CORE_DIR LANGUAGES_TSV > src/language_priors.c
(CLDR_CORE_DIR is the npm package cldr-core, installed by `make priors-deps`
into tools/priors/node_modules/cldr-core; `make priors` runs this.)

Writers of a CLDR language in a territory = population x populationPercent/100
x (writingPercent, else the language's own literacyPercent, else the
territory's literacyPercent)/100, from supplemental/territoryInfo.json; a
language's writers are the sum over territories. Each row of languages.tsv
gets the writers of its CLDR code in its script, keyed "iso639_3_Script"
(the `iso` field of the library's model records), sorted in strcmp order.

Which CLDR entries count for a corpus language:
  - CLDR's code is the ISO 639-1 code where there is one, else ISO 639-3
    (languages.tsv's iso639_1 and iso639_3 columns).
  - An entry without a script ("sr") is the language in its default script,
    from supplemental/likelySubtags.json (sr -> sr_Cyrl_RS); one with a
    script ("sr_Latn") counts only for that script. A corpus script Hani
    covers Hans and Hant, Jpan covers Hira, Kana and Hrkt, Kore covers Hang.
  - A corpus language whose code CLDR lists in no territory takes CLDR's own
    languageAlias replacement (supplemental/aliases.json) where there is one:
    a macrolanguage for its main member (kmr -> ku, mhr -> chm, tgl -> fil),
    or a code and territory (cnr -> sr_ME: the entries of sr in ME).
  - OVERRIDES below, each with its reason, replaces all of this for a key.
  - Entries of one territory that land on one key (nb and no in Norway; yue
    and yue_Hans in China, both 5.2 %) are the same people: the key takes
    the largest of them there, not their sum.
Every key gets at least FLOOR_WRITERS. The corpus languages that CLDR gives
nothing (or less than the floor) are listed on standard error.

Output is deterministic: territories and entries are read in sorted order and
numbers printed with a fixed format."""
import csv
import json
import os
import sys

# Writers given to a language CLDR does not list (Latin, Esperanto, Interlingua,
# constructed and historical languages, many small ones), and the minimum of
# every language: no prior is zero, and none is below what a small written
# language with a few thousand active writers would deserve.
FLOOR_WRITERS = 10000
# The key of the trainer's non-language class (tools/non_language.h).
NON_LANGUAGE_KEY = "zxx_Latn"

# Writing share, in percent of speakers, of a spoken variety whose written
# standard is another language of the corpus (SPOKEN_VARIETIES) when CLDR gives
# it no _writingPercent. CLDR itself gives 5 % to such varieties where it gives
# one (Najdi Arabic ars in Saudi Arabia, Cantonese yue in China, Tarifit rif in
# Morocco); without a writing percent every literate speaker would count as a
# writer, although Egyptians and Moroccans write Modern Standard Arabic and
# speakers of Wu or Hakka write Mandarin.
SPOKEN_WRITING_PERCENT = 5.0
SPOKEN_VARIETIES = {
    # Arabic vernaculars: written Arabic is Modern Standard Arabic (ara).
    "arz_Arab", "ary_Arab", "aeb_Arab", "arq_Arab", "apc_Arab", "acm_Arab", "ayh_Arab", "mey_Arab",
    # Chinese varieties: written Chinese is Mandarin (zho_Hans, zho_Hant). Not
    # Cantonese (yue): CLDR gives it 5 % in China itself, and no writing
    # percent in Hong Kong and Macau, where written Cantonese is common.
    "wuu_Hani", "hak_Hani", "gan_Hani", "hsn_Hani", "nan_Hani", "cjy_Hani", "cdo_Latn", "cpx_Hant",
}


class Source:
    """CLDR entries of one code (with or without a script) that count for a
    key, in the territories `only` (all when None) minus those in `exclude`."""

    def __init__(self, code, only=None, exclude=()):
        self.code, self.only, self.exclude = code, only, set(exclude)

    def takes(self, territory):
        return (self.only is None or territory in self.only) and territory not in self.exclude


# Keys whose CLDR entries are chosen by hand. An empty list: the floor.
OVERRIDES = {
    # Dari: CLDR has no code for it and files it as fa in Afghanistan (its
    # alias prs -> fa_AF); Iranian Persian (fas) is then fa everywhere else.
    "prs_Arab": [Source("fa", only={"AF"})],
    "fas_Arab": [Source("fa", exclude={"AF"})],
    # Modern Standard Arabic: CLDR's ar, in every territory (ar is the written
    # language of the Arab world; the vernaculars are listed apart).
    "ara_Arab": [Source("ar")],
    # Egyptian and Moroccan Arabic: CLDR's own codes, as spoken varieties
    # (SPOKEN_VARIETIES: 5 % of speakers write them, as CLDR gives none).
    "arz_Arab": [Source("arz")],
    "ary_Arab": [Source("ary")],
    # Mandarin: zh (default script Hans) and zh_Hans are Simplified, zh_Hant
    # Traditional; Cantonese is CLDR's yue and yue_Hans (the corpus's yue is
    # Hani, both scripts). This is what the general rule gives; stated here
    # because these three share most territories.
    "zho_Hans": [Source("zh"), Source("zh_Hans")],
    "zho_Hant": [Source("zh_Hant")],
    "yue_Hani": [Source("yue"), Source("yue_Hans"), Source("yue_Hant")],
    # Literary Chinese: CLDR lists lzh at 0 % in China; a classical written
    # language with no native writers: the floor.
    "lzh_Hani": [],
    # Standard Malay: CLDR's ms (Latn) and ms_Arab (Jawi), by script.
    "msa_Latn": [Source("ms")],
    "msa_Arab": [Source("ms_Arab")],
    # Norwegian: Bokmal is nb, and CLDR's no (Norwegian, 100 % of Norway, as is
    # nb) is Bokmal too; Nynorsk is nn. nb and no in one territory are the
    # same people: the largest counts, not the sum.
    "nob_Latn": [Source("nb"), Source("no")],
    "nno_Latn": [Source("nn")],
    # Serbian, Croatian and Bosnian each their own code: sr is Cyrillic (its
    # default script), sr_Latn Latin (CLDR: 5 % of Serbs write Latin);
    # bs is Latin, bs_Cyrl Cyrillic. hr is Latin only.
    "srp_Cyrl": [Source("sr")],
    "srp_Latn": [Source("sr_Latn")],
    "bos_Latn": [Source("bs")],
    "bos_Cyrl": [Source("bs_Cyrl")],
    "hrv_Latn": [Source("hr")],
    # Montenegrin: CLDR's alias cnr -> sr_ME, i.e. sr_Latn in Montenegro (100 %
    # there). Serbian keeps those writers too: CLDR does not tell the two apart
    # in Montenegro, where many write Serbian.
    "cnr_Latn": [Source("sr_Latn", only={"ME"})],
    # Tosk Albanian (the standard): CLDR's sq; Gheg (aln) has its own code.
    "sqi_Latn": [Source("sq")],
    # Western Panjabi: CLDR's alias pnb -> lah (Lahnda, 40 % of Pakistan, close
    # to the census's Punjabi; pa_Arab, 70 %, is Shahmukhi across all the
    # Punjabi-Lahnda varieties, of which Saraiki skr and Hindko hno are listed
    # apart).
    "pnb_Arab": [Source("lah")],
    # Fulah: CLDR lists only the macrolanguage ff, the corpus also Pulaar (fuc,
    # Senegal and Mauritania) and Pular (fuf, Guinea). The alias fuc -> ff
    # would give Pulaar Guinea's Pular as well.
    "fuc_Latn": [Source("ff", only={"SN", "MR"})],
    "fuf_Latn": [Source("ff", only={"GN"})],
    # Eastern Maninkakan: alias emk -> man, whose entries are Mandinka in the
    # Gambia and Maninka in Guinea; emk is Guinea's.
    "emk_Latn": [Source("man", only={"GN"})],
    # Tuareg: CLDR's tmh covers both; Tamasheq (taq) is Mali's, Tawallammat
    # Tamajaq (ttq) Niger's (alias ttq -> tmh would give it Mali's too).
    "taq_Latn": [Source("tmh", only={"ML"})],
    "ttq_Latn": [Source("tmh", only={"NE"})],
}

SCRIPT_COVERS = {
    "Hani": {"Hani", "Hans", "Hant"},
    "Jpan": {"Jpan", "Hira", "Kana", "Hrkt"},
    "Kore": {"Kore", "Hang"},
}
ALIAS_REASONS = {"macrolanguage", "overlong", "legacy"}


def covers(corpus_script, cldr_script):
    return cldr_script in SCRIPT_COVERS.get(corpus_script, {corpus_script})


def load_json(cldr, name):
    with open(os.path.join(cldr, "supplemental", name), encoding="utf-8") as f:
        return json.load(f)["supplemental"]


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: gen_priors.py CLDR_CORE_DIR LANGUAGES_TSV > src/language_priors.c")
    cldr, tsv = sys.argv[1], sys.argv[2]
    with open(os.path.join(cldr, "package.json"), encoding="utf-8") as f:
        package_version = json.load(f)["version"]
    info = load_json(cldr, "territoryInfo.json")
    cldr_version = info["version"]["_cldrVersion"]
    territories = info["territoryInfo"]
    likely = load_json(cldr, "likelySubtags.json")["likelySubtags"]
    aliases = load_json(cldr, "aliases.json")["metadata"]["alias"]["languageAlias"]

    def default_script(lang, region=None):
        for tag in ([lang + "-" + region] if region else []) + [lang]:
            if tag in likely:
                return likely[tag].split("-")[1]
        return None

    # entries[base] = [(territory, script, writers)], territories in sorted order.
    entries = {}
    for territory in sorted(territories):
        t = territories[territory]
        population = float(t["_population"])
        literacy = float(t.get("_literacyPercent", "100"))
        for code in sorted(t.get("languagePopulation", {})):
            e = t["languagePopulation"][code]
            base, _, script = code.partition("_")
            script = script or default_script(base)
            share = float(e["_populationPercent"]) / 100
            writing = e.get("_writingPercent")
            writing_share = float(writing if writing is not None else e.get("_literacyPercent", literacy)) / 100
            entries.setdefault(base, []).append((territory, script, code, population * share, writing_share,
                                                 writing is not None))

    with open(tsv, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))

    priors = {}
    no_data, below_floor, other_script, by_alias = [], [], [], []
    for row in rows:
        key = row["iso639_3"] + "_" + row["script"]
        if key in priors:
            sys.exit("gen_priors: two corpus languages have the key " + key)
        script = row["script"]
        base = row["iso639_1"] or row["iso639_3"]
        # [(territory, writers)] of the CLDR entries that count for this key.
        found = []

        def take(lang, keep):
            for territory, entry_script, code, speakers, writing_share, has_writing in entries.get(lang, []):
                if keep(territory, code, entry_script):
                    if key in SPOKEN_VARIETIES and not has_writing:
                        writing_share = SPOKEN_WRITING_PERCENT / 100
                    found.append((territory, speakers * writing_share))

        if key in OVERRIDES:
            for src in OVERRIDES[key]:
                lang, _, src_script = src.code.partition("_")
                src_script = src_script or default_script(lang)
                if not covers(script, src_script):
                    sys.exit("gen_priors: override %s: %s is %s" % (key, src.code, src_script))
                take(lang, lambda territory, code, _s, src=src: code == src.code and src.takes(territory))
        elif base in entries:
            take(base, lambda _t, _c, entry_script: covers(script, entry_script))
            if not found:
                other_script.append(row["code"])
        else:
            alias = aliases.get(base) or aliases.get(row["iso639_3"])
            if alias and alias["_reason"] in ALIAS_REASONS:
                parts = alias["_replacement"].split("-")
                lang = parts[0]
                region = parts[1] if len(parts) > 1 and len(parts[1]) == 2 else None
                take(lang, lambda territory, _c, entry_script: covers(script, entry_script)
                     and (region is None or territory == region))
                if found:
                    by_alias.append("%s->%s" % (row["code"], alias["_replacement"]))
        # The largest entry of each territory, summed over territories.
        per_territory = {}
        for territory, writers in found:
            per_territory[territory] = max(per_territory.get(territory, 0.0), writers)
        writers = sum(per_territory[t] for t in sorted(per_territory))
        if not found:
            no_data.append(row["code"])
        elif writers < FLOOR_WRITERS:
            below_floor.append(row["code"])
        priors[key] = max(writers, float(FLOOR_WRITERS))

    # The model's non-language class (zxx: keyboard mash, laughter) is not
    # written by a people: it gets the median of the languages CLDR gives
    # writers for, so that on a word the big languages still win a near tie
    # with it and small ones lose one.
    ranked = sorted(w for w in priors.values() if w > FLOOR_WRITERS)
    priors[NON_LANGUAGE_KEY] = ranked[len(ranked) // 2]

    def report(what, codes):
        print("gen_priors: %d %s: %s" % (len(codes), what, " ".join(codes) if codes else "none"), file=sys.stderr)

    report("corpus languages without CLDR data get the floor (%d writers)" % FLOOR_WRITERS, no_data)
    report("of them CLDR lists only in another script", other_script)
    report("with fewer CLDR writers than the floor, raised to it", below_floor)
    report("take CLDR's alias", by_alias)

    out = sys.stdout
    out.write("/* How many people write each corpus language (a prior for language\n"
              " * identification), keyed by ISO 639-3 code and script, sorted for binary search.\n"
              " * GENERATED by tools/gen_priors.py from cldr-core %s (CLDR %s)\n"
              " * supplemental/territoryInfo.json and languages.tsv: do not edit. */\n"
              % (package_version, cldr_version))
    out.write('#include "language_priors.h"\n\n')
    out.write("const gl_language_prior gl_language_priors[] = {\n")
    for key in sorted(priors, key=lambda k: k.encode("utf-8")):
        out.write('    {"%s", %.4ef},\n' % (key, priors[key]))
    out.write("};\n")
    out.write("const size_t gl_language_prior_count = sizeof gl_language_priors / sizeof gl_language_priors[0];\n")


if __name__ == "__main__":
    main()
