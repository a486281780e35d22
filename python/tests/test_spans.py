import os

import pytest

import glossa
from conftest import ROOT

LATVIAN = "Rīgas vecpilsēta ir viena no skaistākajām vietām Baltijā. "
GREEK = "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη της χώρας."


def test_two_languages_exact_str_offsets():
    text = LATVIAN + GREEK
    # Not byte offsets: the Latvian part is 58 characters but 64 bytes.
    assert (len(LATVIAN), len(LATVIAN.encode())) == (58, 64)
    spans = glossa.spans(text)
    assert [(s.start, s.end, s.lang) for s in spans] == [(0, 58, "lv"), (58, 129, "el")]
    assert [text[s.start : s.end] for s in spans] == [LATVIAN, GREEK]
    assert all(s.prob > 0.99 for s in spans)
    start, end, lang, prob = spans[1]
    assert isinstance(spans[1], glossa.Span) and (start, end, lang, prob) == tuple(spans[1])


def test_astral_characters_count_as_one_index():
    text = "😀 " + LATVIAN + "😀😀 " + GREEK
    spans = glossa.spans(text)
    assert [(s.start, s.end, s.lang) for s in spans] == [(0, 63, "lv"), (63, 134, "el")]
    assert text[63:] == GREEK


def test_lone_surrogates_keep_offsets_in_str_indices():
    text = LATVIAN + "\udcff\udcfe " + GREEK
    spans = glossa.spans(text)
    assert [(s.start, s.end, s.lang) for s in spans] == [(0, 61, "lv"), (61, 132, "el")]
    assert text[spans[1].start :] == GREEK


@pytest.mark.parametrize("sample", ["dutch-with-arabic.txt", "latvian-with-references.txt"])
def test_spans_as_the_cli_finds_them(sample, run_cli):
    path = os.path.join(ROOT, "samples", sample)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    data = text.encode()
    expected = [
        # the CLI's byte offsets as str indices
        (len(data[: s["start"]].decode()), len(data[: s["end"]].decode()), s["lang"], s["prob"])
        for s in run_cli("--spans", path)
    ]
    assert len(expected) >= 2
    assert [(s.start, s.end, s.lang, round(s.prob, 4)) for s in glossa.spans(text)] == expected


def test_spans_cover_the_text():
    text = "Dit is een korte zin in het Nederlands. " + GREEK + " En dit weer Nederlands, met een lange zin erachter."
    spans = glossa.spans(text)
    assert [s.lang for s in spans] == ["nl", "el", "nl"]
    assert spans[0].start == 0 and spans[-1].end == len(text)
    assert all(a.end == b.start for a, b in zip(spans, spans[1:]))


def test_allowlist():
    spans = glossa.spans(LATVIAN + GREEK, only=["lt", "el"])
    assert [(s.start, s.end, s.lang) for s in spans] == [(0, 58, "lt"), (58, 129, "el")]


def test_no_letters():
    assert glossa.spans("") == []
    assert glossa.spans("12 + 34 = 46 😀") == [(0, 14, "und", 0.0)]


@pytest.mark.parametrize("sample", ["dutch-with-arabic.txt", "latvian-with-references.txt", "dutch.txt", "greek.txt"])
def test_summary_as_the_cli_gives_it(sample, run_cli):
    path = os.path.join(ROOT, "samples", sample)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    (expected,) = run_cli("--summary", path)
    summary = glossa.summary(text)
    assert isinstance(summary, glossa.Summary)
    assert [(s.lang, round(s.share, 4), s.letters) for s in summary.languages] == [
        (s["lang"], s["share"], s["letters"]) for s in expected["languages"]
    ]
    assert (summary.spans, summary.letters, summary.mixed) == (expected["spans"], expected["letters"], expected["mixed"])
    assert summary.spans == len(glossa.spans(text))


def test_summary_of_a_mixed_text():
    text = "Dit is een korte zin in het Nederlands. " + GREEK + " En dit weer Nederlands, met een lange zin erachter."
    summary = glossa.summary(text)
    assert [s.lang for s in summary.languages] == ["nl", "el"]
    assert summary.mixed is True and summary.spans == 3
    assert sum(s.share for s in summary.languages) == pytest.approx(1.0)
    assert sum(s.letters for s in summary.languages) == summary.letters
    assert all(isinstance(s, glossa.Share) for s in summary.languages)
    languages, spans, letters, mixed = summary
    assert (languages, spans, letters, mixed) == (summary.languages, 3, summary.letters, True)


def test_summary_of_one_language_is_not_mixed():
    summary = glossa.summary(LATVIAN + "Tā ir arī Latvijas galvaspilsēta un lielākā pilsēta.")
    assert [(s.lang, s.share) for s in summary.languages] == [("lv", 1.0)]
    assert summary.mixed is False and summary.spans == 1


def test_summary_options():
    assert [s.lang for s in glossa.summary(LATVIAN + GREEK, only=["lt", "el"]).languages] == ["el", "lt"]
    assert glossa.summary("grazie").languages[0].lang == "it"
    assert glossa.summary("grazie", prior="flat").languages[0].lang == "nap"
    with pytest.raises(ValueError, match="only: unknown language 'xx'"):
        glossa.summary(LATVIAN, only=["xx"])
    with pytest.raises(TypeError, match="text must be str"):
        glossa.summary(b"Dit is een zin.")


def test_summary_without_letters():
    assert glossa.summary("") == ([], 0, 0, False)
    assert glossa.summary("12 + 34 = 46") == ([], 1, 0, False)
