"""glossa: which human language a text is written in.

    >>> import glossa
    >>> glossa.detect("Dit is een zin in het Nederlands over het weer van vandaag.")
    glossa.Guess(lang='nl', prob=0.871...)
    >>> glossa.detect("Dit is een zin in het Nederlands over het weer van vandaag.", k=2)
    [glossa.Guess(lang='nl', prob=0.871...), glossa.Guess(lang='af', prob=0.111...)]

detect() gives a Guess (lang, prob), or with k=N (1 to 50) a list of the N
most likely, best first; guess.reliable says whether the answer can be
trusted. detect_many() labels a list of texts in C, on threads=N threads;
spans() cuts a mixed text into spans of one language, with str indices (not
UTF-8 byte offsets); summary() gives a text's languages by their share of its
letters, and whether it is mixed; languages() lists the model's languages.
only=[tags] restricts an answer to some languages; prior="flat" turns off the
default population prior (which, on a word or two, prefers the languages
more people write: "mañana" is Spanish, not Asturian); min_prob=P leaves out
guesses below probability P, and answers "und" when even the best is below it
(fastText's threshold). The model is built in and
loaded once per process; calls release the GIL, and any number of threads
may call at the same time.
"""
from ._glossa import Guess, Language, Share, Span, Summary, __version__, detect, detect_many, languages, spans, summary

__all__ = [
    "Guess", "Language", "Share", "Span", "Summary", "__version__",
    "detect", "detect_many", "languages", "spans", "summary",
]
