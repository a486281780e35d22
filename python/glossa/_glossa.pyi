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
def spans(
    text: str, *, only: Iterable[str] | None = None, prior: Literal["population", "flat"] = "population"
) -> list[Span]: ...
def languages() -> list[Language]: ...
