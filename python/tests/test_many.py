"""detect_many labels a list as detect labels each of its texts: the same
answers in the same order, whatever the options and the number of threads,
and the same errors."""
import threading
import time

import pytest

import glossa
from conftest import dev_lines, longest_pause

LANGUAGES = ["nld", "lav", "ell", "jpn", "rus", "fin", "deu", "kor", "tha", "zho_Hans", "ara", "eng", "srp_Latn"]
DUTCH = "Dit is een zin in het Nederlands over het weer van vandaag."


@pytest.fixture(scope="module")
def texts(corpus):
    """Dev lines of 13 languages, their first words alone, text without
    letters, an empty text and one with lone surrogates: 2,800 texts."""
    lines = [line for name in LANGUAGES for line in dev_lines(corpus, name, 100)]
    words = [" ".join(line.split()[:2]) for line in lines]
    odd = ["", "1234 !!!", "haha", b"Dit is een zin \xff in het Nederlands.".decode("utf-8", "surrogateescape")]
    return [t for pair in zip(lines, words) for t in pair] + odd * 50


@pytest.mark.parametrize(
    "options",
    [{}, {"k": 3}, {"k": 50}, {"only": ["nl", "de", "sr"]}, {"prior": "flat"}, {"min_prob": 0.5, "k": 2}],
    ids=["default", "k=3", "k=50", "only", "prior=flat", "min_prob"],
)
def test_the_answers_of_detect(texts, options):
    expected = [glossa.detect(t, **options) for t in texts]
    assert glossa.detect_many(texts, **options) == expected
    # the same Guess objects, reliable included
    many = glossa.detect_many(texts, **options)
    flat = lambda answers: [g for a in answers for g in (a if isinstance(a, list) else [a])]
    assert [(type(g), g.reliable) for g in flat(many)] == [(type(g), g.reliable) for g in flat(expected)]
    assert any(g.reliable for g in flat(many)) and not all(g.reliable for g in flat(many))


@pytest.mark.parametrize("threads", [2, 3, 8, 64, 0])
def test_threads_give_the_answers_of_one_thread(texts, threads):
    expected = glossa.detect_many(texts, k=2)
    assert glossa.detect_many(texts, k=2, threads=threads) == expected
    assert glossa.detect_many(texts, threads=threads) == [top[0] for top in expected]


def test_order_is_kept(texts):
    # A text's answer stays with it, wherever it stands in the list.
    reordered = texts[::-1] + texts[:7]
    assert glossa.detect_many(reordered, threads=2) == [glossa.detect(t) for t in reordered]
    langs = [g.lang for g in glossa.detect_many(texts[:2 * 100 * 3:2])]
    assert langs[:100].count("nl") > 90 and langs[100:200].count("lv") > 90 and langs[200:].count("el") > 90


def test_any_iterable_of_str():
    assert glossa.detect_many([]) == []
    assert glossa.detect_many(()) == []
    assert glossa.detect_many((DUTCH, "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας.")) == [
        glossa.detect(DUTCH),
        glossa.detect("Η Αθήνα είναι η πρωτεύουσα της Ελλάδας."),
    ]
    assert glossa.detect_many(t for t in [DUTCH] * 3) == [glossa.detect(DUTCH)] * 3
    assert glossa.detect_many([DUTCH], k=1) == [[glossa.detect(DUTCH)]]


@pytest.mark.parametrize(
    "texts, message",
    [
        (DUTCH, "texts must be a list of str, not a str"),
        ([DUTCH, b"Dit is een zin."], "texts[1] must be str, not bytes"),
        ([DUTCH, DUTCH, None], "texts[2] must be str, not NoneType"),
        (42, "'int' object is not iterable"),
    ],
)
def test_texts_must_be_str(texts, message):
    with pytest.raises(TypeError, match=message.replace("[", r"\[").replace("]", r"\]")):
        glossa.detect_many(texts)


@pytest.mark.parametrize(
    "options, error, message",
    [
        ({"threads": -1}, ValueError, "threads takes a number from 0 to 64, not -1"),
        ({"threads": 65}, ValueError, "threads takes a number from 0 to 64, not 65"),
        ({"threads": True}, TypeError, "threads takes a number from 0 to 64, not True"),
        ({"threads": 2.0}, TypeError, "threads takes a number from 0 to 64, not 2.0"),
        ({"k": 51}, ValueError, "k takes a number from 1 to 50, not 51"),
        ({"only": ["nl", "xx"]}, ValueError, "only: unknown language 'xx'"),
        ({"only": "nl"}, TypeError, "not a str"),
        ({"prior": "uniform"}, ValueError, "prior must be 'population' or 'flat'"),
        ({"min_prob": 2}, ValueError, "min_prob must be from 0 to 1"),
    ],
)
def test_bad_options(options, error, message):
    with pytest.raises(error, match=message):
        glossa.detect_many([DUTCH], **options)


def test_positional_options_are_refused():
    with pytest.raises(TypeError):
        glossa.detect_many([DUTCH], 3)


def test_labelling_releases_the_gil():
    # While one thread labels a long list, another keeps running.
    longest, duration = longest_pause(glossa.detect_many, ["Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali."] * 20000)
    assert longest < duration / 4, (longest, duration)


def test_the_list_may_change_while_it_is_labelled():
    # detect_many keeps a list of its own: another thread emptying the
    # caller's list meanwhile changes nothing.
    # (texts of their own, freed when the list is emptied)
    texts = [f"{DUTCH} {i}" if i % 2 else f"Η Αθήνα είναι η πρωτεύουσα της Ελλάδας. {i}" for i in range(100000)]
    expected = [glossa.detect(t) for t in texts]
    clearer = threading.Thread(target=lambda: (time.sleep(0.01), texts.clear()))
    clearer.start()
    answers = glossa.detect_many(texts)
    clearer.join()
    assert texts == [] and answers == expected
