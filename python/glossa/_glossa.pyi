import sys
from typing import Final, Iterable, Literal, final, overload

from _typeshed import structseq

__version__: Final[str]

@final
class Guess(structseq[str | float], tuple[str, float]):
    """A language and its probability."""

    if sys.version_info >= (3, 10):
        __match_args__: Final = ("lang", "prob")

    @property
    def lang(self) -> str: ...
    @property
    def prob(self) -> float: ...
    @property
    def reliable(self) -> bool: ...

@final
class Span(structseq[int | str | float], tuple[int, int, str, float]):
    """A span of text in one language: text[start:end]."""

    if sys.version_info >= (3, 10):
        __match_args__: Final = ("start", "end", "lang", "prob")

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def lang(self) -> str: ...
    @property
    def prob(self) -> float: ...

@final
class Language(structseq[str], tuple[str, str, str, str]):
    """A language of the model."""

    if sys.version_info >= (3, 10):
        __match_args__: Final = ("tag", "iso639_3", "name", "script")

    @property
    def tag(self) -> str: ...
    @property
    def iso639_3(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def script(self) -> str: ...

@final
class Share(structseq[str | float | int], tuple[str, float, int]):
    """A language's share of a text."""

    if sys.version_info >= (3, 10):
        __match_args__: Final = ("lang", "share", "letters")

    @property
    def lang(self) -> str: ...
    @property
    def share(self) -> float: ...
    @property
    def letters(self) -> int: ...

@final
class Summary(structseq[list[Share] | int | bool], tuple[list[Share], int, int, bool]):
    """The languages of a text by their shares."""

    if sys.version_info >= (3, 10):
        __match_args__: Final = ("languages", "spans", "letters", "mixed")

    @property
    def languages(self) -> list[Share]: ...
    @property
    def spans(self) -> int: ...
    @property
    def letters(self) -> int: ...
    @property
    def mixed(self) -> bool: ...

@overload
def detect(
    text: str,
    *,
    k: None = None,
    only: Iterable[str] | None = None,
    prior: Literal["population", "flat"] = "population",
    min_prob: float = 0.0,
) -> Guess: ...
@overload
def detect(
    text: str,
    *,
    k: int,
    only: Iterable[str] | None = None,
    prior: Literal["population", "flat"] = "population",
    min_prob: float = 0.0,
) -> list[Guess]: ...
@overload
def detect_many(
    texts: Iterable[str],
    *,
    k: None = None,
    only: Iterable[str] | None = None,
    prior: Literal["population", "flat"] = "population",
    min_prob: float = 0.0,
    threads: int = 1,
) -> list[Guess]: ...
@overload
def detect_many(
    texts: Iterable[str],
    *,
    k: int,
    only: Iterable[str] | None = None,
    prior: Literal["population", "flat"] = "population",
    min_prob: float = 0.0,
    threads: int = 1,
) -> list[list[Guess]]: ...
def spans(
    text: str, *, only: Iterable[str] | None = None, prior: Literal["population", "flat"] = "population"
) -> list[Span]: ...
def summary(
    text: str, *, only: Iterable[str] | None = None, prior: Literal["population", "flat"] = "population"
) -> Summary: ...
def languages() -> list[Language]: ...
