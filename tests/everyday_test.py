#!/usr/bin/env python3
"""Runs the everyday-input table (tests/everyday.tsv) through the CLI and
prints, per class of input, how many cases come out as expected.

usage: everyday_test.py GLOSSA TABLE [--all]
An EXPECT that starts with ~ is a known failure: counted and listed, not a
failed test (and named when it starts to pass). Exits non-zero when another
case fails; --all lists the passing cases too."""
import json
import subprocess
import sys
import unicodedata
from collections import defaultdict


def fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def mathbold(text):
    def bold(c):
        if "A" <= c <= "Z":
            return chr(0x1D400 + ord(c) - ord("A"))
        if "a" <= c <= "z":
            return chr(0x1D41A + ord(c) - ord("a"))
        return c
    return "".join(bold(c) for c in text)


def ligature(text):
    return text.replace("ff", "\ufb00").replace("fi", "\ufb01").replace("fl", "\ufb02")


# Letters typed, converted or recognized as their lookalikes of another
# script, as a Latin keyboard or an OCR engine gives them.
LATIN_FOR = str.maketrans("аеојіοιν", "aeojioiv")
CYRILLIC_FOR = str.maketrans("aeopcyx", "аеорсух")


FORMS = {
    "as-is": lambda t: t,
    "nfd": lambda t: unicodedata.normalize("NFD", t),
    "fullwidth": fullwidth,
    "mathbold": mathbold,
    "ligature": ligature,
    "latin-lookalikes": lambda t: t.translate(LATIN_FOR),
    "cyrillic-lookalikes": lambda t: t.translate(CYRILLIC_FOR),
}


def read_table(path):
    cases = []
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cls, form, expect, text = line.split("\t")
            text = FORMS[form](text.replace("\\n", "\n"))
            cases.append({"line": number, "class": cls, "form": form, "expect": expect, "text": text})
    return cases


def run(glossa, args, text):
    out = subprocess.run([glossa, "--quiet", *args], input=text.encode("utf-8"), capture_output=True, check=True)
    return [json.loads(line) for line in out.stdout.decode("utf-8").splitlines()]


def detect_all(glossa, texts):
    """One answer per text, in one run of --lines."""
    return run(glossa, ["--lines", "--format", "json"], "".join(t + "\n" for t in texts))


def spans_of(glossa, text):
    records = run(glossa, ["--spans", "--summary", "--format", "json"], text)
    return [r for r in records if "start" in r], next(r for r in records if "mixed" in r)


def excerpts_right(spans, text):
    """Every span's excerpt is the start of its own text (line breaks and
    controls as spaces, leading spaces dropped)."""
    raw = text.encode("utf-8")
    for s in spans:
        own = raw[s["start"]:s["end"]].decode("utf-8")
        own = "".join(" " if unicodedata.category(c) == "Cc" else c for c in own).lstrip(" ")
        if not s["text"] or not own.startswith(s["text"]):
            return False, "excerpt %r of %r" % (s["text"], own)
    return True, ""


def merged_languages(spans):
    langs = []
    for s in spans:
        if not langs or langs[-1] != s["lang"]:
            langs.append(s["lang"])
    return langs


def judge(glossa, case, answer):
    expect = case["expect"]
    shown = "%s %.4f%s" % (answer["lang"], answer["prob"], " reliable" if answer["reliable"] else "")
    if expect.startswith("spans:"):
        spans, summary = spans_of(glossa, case["text"])
        langs = merged_languages(spans)
        want = expect[len("spans:"):].split(",")
        ok = langs == want and summary["mixed"] and not answer["reliable"]
        return ok, "spans %s, mixed %s, document %s" % (",".join(langs), summary["mixed"], shown)
    if expect.endswith("excerpt"):
        spans, _ = spans_of(glossa, case["text"])
        ok, why = excerpts_right(spans, case["text"])
        lang = expect[: -len("excerpt")].rstrip("+")
        if lang and answer["lang"] != lang:
            return False, shown
        return ok, why or shown
    if expect == "und":  # no language: und, or the non-language class
        return answer["lang"] in ("und", "zxx") and not answer["reliable"], shown
    return answer["lang"] in expect.split("|"), shown


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    glossa, table = sys.argv[1], sys.argv[2]
    show_all = "--all" in sys.argv[3:]
    cases = read_table(table)
    # A text of several lines is one document: --lines would cut it.
    one_line = [c for c in cases if "\n" not in c["text"]]
    answers = dict(zip((c["line"] for c in one_line), detect_all(glossa, [c["text"] for c in one_line])))
    per_class = defaultdict(lambda: [0, 0])
    passed = failed = known = 0
    for case in cases:
        answer = answers.get(case["line"]) or run(glossa, ["--format", "json"], case["text"])[0]
        is_known = case["expect"].startswith("~")
        case["expect"] = case["expect"].lstrip("~")
        ok, shown = judge(glossa, case, answer)
        per_class[case["class"]][0 if ok else 1] += 1
        if ok and is_known:
            status, failed = "PASSES, unmark it:", failed + 1
        elif ok:
            status, passed = "ok  ", passed + 1
        elif is_known:
            status, known = "known", known + 1
        else:
            status, failed = "FAIL", failed + 1
        if status != "ok  " or show_all:
            print("%s line %d (%s, %s): expected %s, got %s: %s" % (
                status, case["line"], case["class"], case["form"], case["expect"], shown,
                case["text"].replace("\n", "\\n")[:80]))
    for cls, (right, wrong) in per_class.items():
        print("  %-13s %3d / %3d right" % (cls, right, right + wrong))
    print("  %d known failures" % known)
    print("everyday: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
