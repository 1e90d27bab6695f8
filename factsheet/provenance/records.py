"""What provenance reports: where else a quote stands, and passages sources share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

# How a source holds a passage it words differently: a word of it differs there, not
# only a typo ("fünf" where the quote has "zehn"): it says something else.
REWORDED = "reworded"


@dataclass(frozen=True, slots=True)
class Appearance:
    """A source holding a passage: `status` is anchoring's (exact, normalised, fuzzy: a
    typo) or REWORDED; `score`, how alike (the share of its words that are the same)."""

    source_id: str
    status: str
    score: float


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """The other sources that hold a quote's words; `common` when they are so many that the
    passage is page chrome or wire copy rather than a shared origin."""

    places: list[Appearance]
    common: bool = False
    count: int | None = None  # how many other sources, when not all are listed
    at_least: bool = False  # the search stopped once the passage was known to be common

    @property
    def total(self) -> int:
        return len(self.places) if self.count is None else self.count

    @property
    def source_ids(self) -> list[str]:
        return [place.source_id for place in self.places]


@dataclass(frozen=True, slots=True)
class Reuse:
    """Two sources that share passages of at least SHINGLE_WORDS words."""

    first: str
    second: str
    passages: list[str]

    @property
    def longest(self) -> str:
        return max(self.passages, key=len)


@dataclass(frozen=True, slots=True)
class SharedText:
    """Passages of at least SHINGLE_WORDS words that the same sources (two or more, in the
    order of the sheet) share, and no other source has: one entry for text that many
    sources reprint, where `Reuse` lists every pair of them."""

    sources: list[str]
    passages: list[str]

    @property
    def longest(self) -> str:
        return max(self.passages, key=len)


@dataclass(frozen=True, slots=True)
class Common:
    """A passage on many pages (chrome or wire copy), and how many sources have it."""

    passage: str
    sources: int


@dataclass
class TextReuse:
    pairs: list[Reuse] = field(default_factory=list)
    shared: list[SharedText] = field(default_factory=list)  # by the sources that share them
    common: list[Common] = field(default_factory=list)


Check = Callable[[int, str], Appearance | None]  # how source n holds a passage, if it does
Progress = Callable[[int, int], None]  # how far a long step is: (done, of)
