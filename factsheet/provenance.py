"""Where else a quote stands, and which sources share long passages (text reuse).

Three articles quoting one interview are one origin, not three confirmations. For
each quote, the other sources of the sheet are searched for the same or nearly
the same text ("also in"); and every pair of sources is compared on runs of
eight or more words in common, which shows copying and common wire copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from factsheet import anchor
from factsheet.errors import FactsheetError
from factsheet.model import Quote
from factsheet.sheet import Sheet

SHINGLE_WORDS = 8
ALSO_IN_MIN_SCORE = 90.0


@dataclass(frozen=True, slots=True)
class Appearance:
    source_id: str
    status: str
    score: float


@dataclass(frozen=True, slots=True)
class Reuse:
    """Two sources that share passages of at least SHINGLE_WORDS words."""

    first: str
    second: str
    passages: list[str]

    @property
    def longest(self) -> str:
        return max(self.passages, key=len)


def source_texts(sheet: Sheet) -> dict[str, str]:
    """The latest readable text of every source that has one."""
    texts = {}
    for source in sheet.sources():
        try:
            texts[source.id] = sheet.source_text(source.id)
        except FactsheetError:
            continue
    return texts


def also_in(quote: Quote, texts: dict[str, str]) -> list[Appearance]:
    """The other sources whose text holds the quote (word for word, or nearly)."""
    wanted = (quote.anchor or {}).get("exact") or quote.text
    found = []
    for source_id, text in texts.items():
        if source_id == quote.source:
            continue
        match = anchor.find_quote(text, wanted)
        if match is not None and match.score >= ALSO_IN_MIN_SCORE:
            found.append(Appearance(source_id, match.status, match.score))
    return found


class AlsoIn:
    """Where else the quotes of one open sheet stand, remembered until its sources change
    (the evidence pane asks for the highlighted quote, on a worker)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._texts: dict[str, str] = {}
        self._texts_revision = -1
        self._found: dict[tuple[str, str, int], list[str]] = {}

    def find(self, quote: Quote) -> list[str]:
        """The ids of the other sources holding the quote's words."""
        revision = self.sheet.revision("sources")
        key = (quote.id, quote.text, revision)
        if key not in self._found:
            if self._texts_revision != revision:
                self._texts, self._texts_revision = source_texts(self.sheet), revision
            self._found[key] = [place.source_id for place in also_in(quote, self._texts)]
        return self._found[key]


def shared_passages(texts: dict[str, str], words: int = SHINGLE_WORDS) -> list[Reuse]:
    """Pairs of sources with runs of `words` or more words in common, most shared first."""
    tokens = {source_id: anchor.normalise(text).split() for source_id, text in texts.items()}
    shingles = {
        source_id: {tuple(ws[n : n + words]) for n in range(len(ws) - words + 1)}
        for source_id, ws in tokens.items()
    }
    found = []
    for first, second in combinations(texts, 2):
        common = shingles[first] & shingles[second]
        if common:
            found.append(Reuse(first, second, _passages(tokens[first], common, words)))
    return sorted(found, key=lambda reuse: -sum(len(p) for p in reuse.passages))


def _passages(words_of: list[str], common: set[tuple[str, ...]], size: int) -> list[str]:
    """Merge overlapping shared shingles, in the first text's order, into whole passages."""
    passages: list[str] = []
    run_end = -1
    run_start = 0
    for n in range(len(words_of) - size + 1):
        if tuple(words_of[n : n + size]) in common:
            if n > run_end:
                if run_end >= 0:
                    passages.append(" ".join(words_of[run_start:run_end]))
                run_start = n
            run_end = n + size
    if run_end >= 0:
        passages.append(" ".join(words_of[run_start:run_end]))
    return passages
