import importlib.metadata
import os
import pickle
import re

import pytest

import glossa
from conftest import ROOT

DUTCH = "Dit is een zin in het Nederlands over het weer van vandaag."
LATVIAN = "Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali."
GREEK = "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη της χώρας."
JAPANESE = "今日はとても良い天気なので、友達と公園を散歩しました。"

REAL_TEXT = [
    (DUTCH, "nl"),
    (LATVIAN, "lv"),
    (GREEK, "el"),
    (JAPANESE, "ja"),
    ("Москва — столица России и крупнейший город страны.", "ru"),
    ("Tänään on kaunis päivä, joten menemme rannalle uimaan.", "fi"),
    ("Vilnius yra Lietuvos sostinė ir didžiausias šalies miestas.", "lt"),
    ("오늘은 날씨가 좋아서 친구와 함께 공원에 갔습니다.", "ko"),
    ("我们明天早上八点在学校门口见面，然后一起去图书馆。", "zh-Hans"),
    ("Der Bahnhof liegt direkt neben dem alten Rathaus in der Innenstadt.", "de"),
    ("สวัสดีครับ วันนี้อากาศดีมาก เราจะไปเที่ยวทะเลกัน", "th"),
]


@pytest.mark.parametrize("text, lang", REAL_TEXT)
def test_real_text(text, lang):
    guess = glossa.detect(text)
    assert isinstance(guess, glossa.Guess)
    assert guess.lang == lang
    assert 0.8 < guess.prob <= 1.0  # Dutch is 0.87, Afrikaans 0.11
    tag, prob = guess
    assert (tag, prob) == (guess.lang, guess.prob)


def test_prior_population_is_the_default():
    # One word: the language more people write; flat is the model alone.
    assert glossa.detect("mañana").lang == "es"
    assert glossa.detect("mañana", prior="population") == glossa.detect("mañana")
    assert glossa.detect("mañana", prior=None) == glossa.detect("mañana")
    flat = {g.lang: g.prob for g in glossa.detect("mañana", k=5, prior="flat")}
    assert glossa.detect("mañana", k=5)[0].prob > flat["es"]


def test_prior_keeps_a_sentence():
    asturian = "La llingua asturiana ye la llingua propia d'Asturies y tien una lliteratura de munchos sieglos."
    assert glossa.detect(asturian).lang == "ast"
    assert glossa.spans(asturian, prior="flat")[0].lang == "ast"


@pytest.mark.parametrize("prior", ["uniform", "", 1, b"flat"])
def test_prior_must_be_named(prior):
    with pytest.raises(ValueError, match="prior must be 'population' or 'flat'"):
        glossa.detect(DUTCH, prior=prior)


def test_min_prob_leaves_out_unlikely_guesses():
    # As fastText's threshold: guesses below it go; none left is "und".
    top = glossa.detect(DUTCH, k=3)
    kept = glossa.detect(DUTCH, k=3, min_prob=0.05)
    assert kept == [g for g in top if g.prob >= 0.05] and len(kept) == 2
    assert glossa.detect(DUTCH, min_prob=top[0].prob) == top[0]
    assert glossa.detect("haha", min_prob=0.9).lang == "und"
    assert glossa.detect("haha", min_prob=0.9).prob == 0.0
    assert glossa.detect(DUTCH, min_prob=0) == glossa.detect(DUTCH)


@pytest.mark.parametrize("min_prob, error", [(1.5, ValueError), (-0.1, ValueError), ("0.5", TypeError), (True, TypeError)])
def test_min_prob_must_be_a_probability(min_prob, error):
    with pytest.raises(error, match="min_prob"):
        glossa.detect(DUTCH, min_prob=min_prob)


def test_top_k_best_first():
    top = glossa.detect(DUTCH, k=3)
    assert [g.lang for g in top] == ["nl", "af", "nds"]
    assert [round(g.prob, 4) for g in top] == [0.8719, 0.1117, 0.0104]
    assert top[0] == glossa.detect(DUTCH)
    assert glossa.detect(DUTCH, k=1) == [top[0]]


def test_top_k_beyond_the_candidates():
    # Only the languages written in the text's script are candidates.
    top = glossa.detect(GREEK, k=50)
    assert [g.lang for g in top] == ["el", "grc", "pnt"]
    probs = [g.prob for g in glossa.detect(DUTCH, k=50)]
    assert len(probs) == 50
    assert probs == sorted(probs, reverse=True)
    assert sum(probs) == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    "k, error",
    [(0, ValueError), (-2, ValueError), (51, ValueError), (1000, ValueError), (2**70, ValueError),
     (True, TypeError), (False, TypeError), ("3", TypeError), (2.0, TypeError)],
)
def test_bad_k(k, error):
    # As the CLI's "-k takes a number from 1 to 50, not '51'".
    message = re.escape(f"k takes a number from 1 to 50, not {k!r}")
    with pytest.raises(error, match=message):
        glossa.detect(DUTCH, k=k)
    with pytest.raises(error, match=message):
        glossa.detect_many([DUTCH], k=k)


def test_reliable():
    # A sentence in one language is reliable; the guess is still a (lang, prob) pair.
    for text, _ in REAL_TEXT:
        guess = glossa.detect(text)
        assert guess.reliable is True, text
        assert len(guess) == 2 and guess == (guess.lang, guess.prob)
    # Only the best of a top k can be reliable.
    assert [g.reliable for g in glossa.detect(DUTCH, k=3)] == [True, False, False]
    # Not language, too unsure, nothing to say, or left out by min_prob: not reliable.
    mash = glossa.detect("asdf jkl qwer uiop zxcv")
    assert mash.lang == "zxx" and mash.prob > 0.99
    assert glossa.detect("asdf jkl qwer uiop zxcv").reliable is False
    assert glossa.detect("haha").prob < 0.7 and glossa.detect("haha").reliable is False
    assert glossa.detect("1234 !!!").reliable is False
    assert glossa.detect("haha", min_prob=0.9).reliable is False


def test_a_mixed_document_is_not_reliable():
    # Its best guess is sure enough, but a part of it is surely in another
    # language (English references in a Latvian text).
    with open(os.path.join(ROOT, "samples", "latvian-with-references.txt"), encoding="utf-8") as f:
        mixed = f.read()
    guess = glossa.detect(mixed)
    assert guess.lang == "lv" and guess.prob >= 0.7 and guess.reliable is False
    assert glossa.detect(mixed.split("\n")[0]).reliable is True


def test_k_and_only_are_keywords():
    with pytest.raises(TypeError):
        glossa.detect(DUTCH, 3)


def test_allowlist():
    assert glossa.detect(LATVIAN).lang == "lv"
    guess = glossa.detect(LATVIAN, only=["lt", "et"])
    assert guess.lang == "lt"
    assert [g.lang for g in glossa.detect(LATVIAN, k=5, only=("et", "lt"))] == ["lt", "et"]
    # Any iterable; tags as BCP 47, ISO 639-3 or names, without regard to case.
    assert glossa.detect(DUTCH, only=iter(["DEU", "English"])).lang in {"de", "en"}
    assert glossa.detect(DUTCH, only={"nl"}) == ("nl", 1.0)


def test_allowlist_of_another_script_gives_und():
    assert glossa.detect(GREEK, only=["nl", "de"]) == ("und", 0.0)


def test_allowlist_tag_naming_several_languages():
    serbian_latin = "Beograd je glavni i najveći grad Srbije, smešten na ušću Save u Dunav."
    assert glossa.detect(serbian_latin, only=["sr"]).lang == "sr-Latn"


def test_allowlist_tags_as_bcp47_lookup_matches_them():
    # Regions and ISO 639-2/B codes by their language; a region that decides
    # the script; a macrolanguage member; names with spaces; items that are
    # themselves lists, as --only takes them.
    traditional = "我們今天去公園散步，因為天氣很好。"
    assert glossa.detect(traditional, only=["zh-TW"]).lang == "zh-Hant"
    assert glossa.detect(traditional, only=["zh-CN"]).lang == "zh-Hans"
    assert glossa.detect(traditional, only=["cmn"]).lang == "zh-Hant"
    assert glossa.detect(DUTCH, only=["de-DE", "dut"]).lang == "nl"
    assert glossa.detect(DUTCH, only=["en-US, Norwegian Bokmål"]).lang in {"en", "nb"}


@pytest.mark.parametrize(
    "only, error, message",
    [
        (["nl", "xx"], ValueError, "only: unknown language 'xx'"),
        (["nl", "tlh"], ValueError, "only: Klingon is not in this model"),
        (["nl\0"], ValueError, "only: a language tag holds a NUL character"),
        (["\udc80"], ValueError, ""),
        ([], ValueError, "only: no language given"),
        ("nl", TypeError, "not a str"),
        (["nl", 7], TypeError, "expected str instance, int found"),
        (7, TypeError, "only must be an iterable of language tags"),
    ],
)
def test_bad_allowlist(only, error, message):
    with pytest.raises(error, match=re.escape(message)):
        glossa.detect(DUTCH, only=only)
    with pytest.raises(error, match=re.escape(message)):
        glossa.spans(DUTCH, only=only)


@pytest.mark.parametrize("text", ["", " ", "1234 5678 !!!", "\0\0\0", "😀😀"])
def test_no_letters_gives_und(text):
    assert glossa.detect(text) == ("und", 0.0)
    assert glossa.detect(text, k=3) == [("und", 0.0)]


@pytest.mark.parametrize("text", [None, b"Dit is een zin.", 42, ["Dit"]])
def test_text_must_be_str(text):
    with pytest.raises(TypeError, match="text must be str"):
        glossa.detect(text)
    with pytest.raises(TypeError, match="text must be str"):
        glossa.spans(text)


def test_lone_surrogates_read_as_question_marks():
    # What decode(errors="surrogateescape") makes of bytes that are not UTF-8.
    text = b"Dit is een zin \xff\xfe in het Nederlands over het weer.".decode("utf-8", "surrogateescape")
    assert "\udcff" in text
    assert glossa.detect(text, k=3) == glossa.detect(text.replace("\udcff", "?").replace("\udcfe", "?"), k=3)
    assert glossa.detect(text).lang == "nl"
    assert glossa.detect("\ud800") == ("und", 0.0)


def test_nul_and_long_text():
    assert glossa.detect(DUTCH + "\0" + DUTCH).lang == "nl"
    assert glossa.detect(GREEK * 20000).lang == "el"


def test_languages():
    languages = glossa.languages()
    assert len(languages) == 495  # 494 languages and zxx, the non-language class
    assert ("zxx", "zxx", "No linguistic content", "Latn") in languages
    assert glossa.Language(("nl", "nld", "Dutch", "Latn")) in languages
    assert ("sr-Cyrl", "srp", "Serbian", "Cyrl") in languages
    assert ("zh-Hant", "zho", "Chinese", "Hant") in languages
    tags = [lang.tag for lang in languages]
    assert len(set(tags)) == len(tags)
    assert {lang for _, lang in REAL_TEXT} <= set(tags)
    for language in languages:
        assert re.fullmatch(r"[a-z]{2,3}(-[A-Z][a-z]{3})?", language.tag)
        assert re.fullmatch(r"[a-z]{3}", language.iso639_3)
        assert re.fullmatch(r"[A-Z][a-z]{3}", language.script)
        assert language.name


def test_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", glossa.__version__)
    assert importlib.metadata.version("glossa") == glossa.__version__


def test_results_pickle():
    # as Dask and multiprocessing send them between processes
    for value in (glossa.detect(DUTCH), glossa.spans(DUTCH)[0], glossa.languages()[0], glossa.summary(DUTCH)):
        assert pickle.loads(pickle.dumps(value)) == value
        assert type(pickle.loads(pickle.dumps(value))) is type(value)
    assert pickle.loads(pickle.dumps(glossa.detect(DUTCH))).reliable is True
    assert pickle.loads(pickle.dumps(glossa.detect("haha"))).reliable is False
