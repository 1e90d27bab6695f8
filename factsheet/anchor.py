"""Find a quote in its source's text, as web annotation does (W3C TextQuote/TextPosition).

Real pages and retyped quotes differ in curly versus straight quotes, dashes,
whitespace, Unicode forms and elisions ("…", "[...]"). Matching is tried
exactly first, then on a normalised form whose every character maps back to
its place in the original text, so the anchor always points at the source.
Where the words still differ (a typo fixed, a word changed), rapidfuzz finds
the best matching span and its score: a "fuzzy" anchor, shown as such. Numbers
are never matched fuzzily: a quote whose figures differ from the page's is not
found, since in a fact-check "20 billion" is not a typo of "10 billion".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from factsheet import textfold
from factsheet.model import Anchor

CONTEXT_CHARS = 32

EXACT = "exact"
NORMALISED = "normalised"
FUZZY = "fuzzy"
NOT_FOUND = "not found"
# The least similarity (0-100) for a fuzzy anchor; below it a quote is "not found".
FUZZY_THRESHOLD = 85.0
# Quotes shorter than this (normalised) must match exactly or normalised: a short
# string is "similar" to too many places to be evidence.
FUZZY_MIN_LENGTH = 12

_FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "\u00a0": " ",
    }
)
_ENCLOSING_MARKS = "\"'‘’‚‛“”„‟«»‹›"
_ELISION = re.compile(r"\s*(?:\[\s*(?:\.\.\.|…)\s*\]|\.\.\.|…)\s*")
# Most text an elision may stand for: a quote's parts must lie close together.
_MAX_ELIDED = 400
_NUMBER = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote was found: [start, end) in the source text, how, and how closely."""

    start: int
    end: int
    status: str
    score: float = 100.0


class _Normalised:
    """A normalised copy of a text and, for each of its characters, the original index."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            for piece in _fold_char(char):
                if piece.isspace():
                    if not chars or chars[-1] == " ":
                        continue
                    piece = " "
                chars.append(piece)
                origin.append(index)
        self.text = "".join(chars)
        self.origin = origin

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original [start, end) covered by normalised [start, end)."""
        return self.origin[start], self.origin[end - 1] + 1


def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).translate(_FOLD).lower()


def normalise(text: str) -> str:
    return _Normalised(text).text.strip()


def find_quote(source_text: str, quote: str, prefix: str = "", suffix: str = "") -> Match | None:
    """The place of `quote` in `source_text`, or None when it is not there.

    Quotation marks around the whole quote are the typist's, not the source's: they are
    dropped, so '"We could sell..."' finds the words however the page punctuates them.
    Where the exact text occurs more than once, `prefix` and `suffix` (the selectors'
    context) pick the occurrence they fit best.
    """
    for candidate in dict.fromkeys([quote.strip(), quote.strip().strip(_ENCLOSING_MARKS).strip()]):
        start = _best_occurrence(source_text, candidate, prefix, suffix) if candidate else -1
        if start >= 0:
            return Match(start, start + len(candidate), EXACT)
    parts = [normalise(part) for part in _ELISION.split(quote.strip(_ENCLOSING_MARKS + " \n\t"))]
    parts = [part for part in parts if part]
    if not parts:
        return None
    haystack = _normalised(source_text)
    return _find_parts(haystack, parts) or _find_fuzzy(haystack, " ".join(parts))


def _normalised(text: str) -> _Normalised:
    """A source text normalised (as `_Normalised` does, but fast: `textfold`), kept in a cache
    bounded by size: the same source texts are searched again and again (every quote of a
    source on `check`, the candidate sources of "also in")."""
    return _NORMALISED.get(text, _fold_fast)  # type: ignore[no-any-return]


def _fold_fast(text: str) -> _Normalised:
    found = _Normalised.__new__(_Normalised)
    found.text, found.origin = textfold.fold(text, _fold_char)  # type: ignore[assignment]
    return found


_NORMALISED = textfold.Cache()


def _best_occurrence(text: str, exact: str, prefix: str, suffix: str) -> int:
    """The start of the occurrence of `exact` whose surroundings fit the context best."""
    best, best_fit = -1, -1
    start = text.find(exact)
    while start >= 0:
        before = text[max(0, start - len(prefix)) : start]
        after = text[start + len(exact) : start + len(exact) + len(suffix)]
        fit = _common_suffix(before, prefix) + _common_prefix(after, suffix)
        if fit > best_fit:
            best, best_fit = start, fit
        if not (prefix or suffix):
            break
        start = text.find(exact, start + 1)
    return best


def _common_prefix(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def _find_fuzzy(haystack: _Normalised, needle: str) -> Match | None:
    """The most similar span of the text, if similar enough to count as the quote."""
    if len(needle) < FUZZY_MIN_LENGTH or not haystack.text:
        return None
    from rapidfuzz import fuzz

    found = fuzz.partial_ratio_alignment(needle, haystack.text, score_cutoff=FUZZY_THRESHOLD)
    if found is None or found.dest_end <= found.dest_start:
        return None
    begin, finish = _whole_words(haystack.text, found.dest_start, found.dest_end)
    if not _contains_in_order(
        _NUMBER.findall(haystack.text[begin:finish]), _NUMBER.findall(needle)
    ):
        return None  # "20 billion" is not a typo of "10 billion": numbers must match exactly
    start, end = haystack.span(begin, finish)
    return Match(start, end, FUZZY, round(found.score, 1))


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) so that it neither begins nor ends inside a word."""
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def _contains_in_order(items: list[str], wanted: list[str]) -> bool:
    """Whether `wanted` is a contiguous run of `items`."""
    size = len(wanted)
    return any(items[n : n + size] == wanted for n in range(len(items) - size + 1))


def _find_parts(haystack: _Normalised, parts: list[str]) -> Match | None:
    """Find the parts in order, each close after the one before; retry from each first hit."""
    first_hit = haystack.text.find(parts[0])
    while first_hit >= 0:
        end = first_hit + len(parts[0])
        for part in parts[1:]:
            hit = haystack.text.find(part, end, end + _MAX_ELIDED + len(part))
            if hit < 0:
                break
            end = hit + len(part)
        else:
            start, stop = haystack.span(first_hit, end)
            return Match(start, stop, NORMALISED)
        first_hit = haystack.text.find(parts[0], first_hit + 1)
    return None


def context(source_text: str, match: Match) -> tuple[str, str]:
    """The prefix and suffix selectors: a few characters either side of the match."""
    prefix = source_text[max(0, match.start - CONTEXT_CHARS) : match.start]
    suffix = source_text[match.end : match.end + CONTEXT_CHARS]
    return prefix, suffix


def anchor_in(
    source_text: str, typed: str, snapshot_id: str, *, prefix: str = "", suffix: str = ""
) -> dict[str, Any] | None:
    """The selectors of `typed` in a snapshot's text (None: not there), as a quote stores them."""
    match = find_quote(source_text, typed, prefix, suffix)
    return None if match is None else _selectors(source_text, match, match.status, snapshot_id)


def reanchor(
    source_text: str | None, typed: str, old: dict[str, Any], snapshot_id: str | None
) -> dict[str, Any]:
    """A quote's anchor in its source's latest text: placed by its recorded selector when
    the passage is still there word for word (its context picks among repeats), else by
    the quote as typed; the status always says how the typed quote matches the text now."""
    if source_text is None or snapshot_id is None:
        return {**old, "status": NOT_FOUND, "score": 0.0}
    typed_match = find_quote(source_text, typed)
    selector = (
        find_quote(source_text, old["exact"], old.get("prefix", ""), old.get("suffix", ""))
        if old.get("exact")
        else None
    )
    if typed_match is None and selector is None:
        return {**old, "status": NOT_FOUND, "score": 0.0, "snapshot": snapshot_id}
    place = selector if selector is not None and selector.status == EXACT else None
    place = place or typed_match or selector
    assert place is not None
    status = typed_match.status if typed_match else FUZZY
    score = typed_match.score if typed_match else (selector.score if selector else 0.0)
    return _selectors(
        source_text, Match(place.start, place.end, status, score), status, snapshot_id
    )


def _selectors(text: str, match: Match, status: str, snapshot_id: str) -> dict[str, Any]:
    prefix, suffix = context(text, match)
    return Anchor(
        exact=text[match.start : match.end],
        prefix=prefix,
        suffix=suffix,
        start=match.start,
        end=match.end,
        status=status,
        snapshot=snapshot_id,
        score=match.score,
    ).to_dict()
