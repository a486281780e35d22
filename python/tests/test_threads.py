from concurrent.futures import ThreadPoolExecutor

import glossa
from conftest import dev_lines, longest_pause

LANGUAGES = ["nld", "lav", "ell", "jpn", "rus", "fin", "deu", "kor", "tha", "zho_Hans"]


def test_threads_give_the_answers_of_one_thread(corpus):
    texts = [line for name in LANGUAGES for line in dev_lines(corpus, name, 100)]
    texts += ["\n".join(texts[i : i + 300]) for i in range(0, len(texts), 300)]  # mixed documents
    expected = [(glossa.detect(t, k=3), glossa.spans(t)) for t in texts]

    def work(t):
        return glossa.detect(t, k=3), glossa.spans(t)

    for _ in range(3):
        with ThreadPoolExecutor(max_workers=8) as pool:
            assert list(pool.map(work, texts)) == expected


def test_detection_releases_the_gil():
    # While one thread detects in a long text, another keeps running.
    longest, duration = longest_pause(glossa.detect, "Šodien ir jauks laiks, tāpēc mēs brauksim uz pludmali. " * 20000)
    assert longest < duration / 4, (longest, duration)
