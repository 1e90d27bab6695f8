"""Ranking candidates and showing a hit: WRatio scores (the likeliest first, the rest
against a cut-off), the query's words as typed, the matched span and its snippet."""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz, process

from factsheet.search.entries import Hit
from factsheet.textfold import UNSPACED

FIRST_SCORED = 400  # candidates scored before the rest are scored against a cut-off


def scores(wanted: str, texts: list[str], keep: int) -> np.ndarray:
    """WRatio of every text (those that cannot make the best `keep` may score 0): the
    likeliest are scored first, and the rest only against the score they must beat."""
    first: np.ndarray = process.cdist(
        [wanted], texts[:FIRST_SCORED], scorer=fuzz.WRatio, workers=1
    )[0]
    if len(texts) <= FIRST_SCORED:
        return first
    cutoff = float(np.sort(first)[-min(keep, len(first))])
    rest = process.cdist(
        [wanted], texts[FIRST_SCORED:], scorer=fuzz.WRatio, score_cutoff=cutoff, workers=1
    )[0]
    found: np.ndarray = np.concatenate([first, rest])
    return found


# A word starts where no letter of a spaced script stands before it (in Chinese or
# Japanese, every character may start a word).
_LETTER_BEFORE = re.compile(rf"[^\W{UNSPACED}]")
_UNSPACED_CHAR = re.compile(rf"[{UNSPACED}]")


def _as_typed(word: str) -> str:
    """A regex for `word` as typed, with "ss" also for "ß" (searched texts are case-folded,
    where "ß" is "ss"; highlighting looks in the text as it stands)."""
    return "(?:ss|ß)".join(re.escape(part) for part in word.split("ss"))


def unspaced(char: str) -> bool:
    """Whether `char` is of a script written without spaces (each character a word)."""
    return _UNSPACED_CHAR.match(char) is not None


class WordPattern:
    """A word of the query, found where a word of the text starts. (The word is looked
    for first, then what stands before it: a regex that starts with a look-behind is
    tried at every place in the text, ten times slower.)"""

    __slots__ = ("_pattern",)

    def __init__(self, word: str) -> None:
        self._pattern = re.compile(_as_typed(word))

    def search(self, text: str) -> re.Match[str] | None:
        for match in self._pattern.finditer(text):
            start = match.start()
            if start == 0 or _LETTER_BEFORE.match(text, start - 1) is None:
                return match
        return None


def word_patterns(wanted: str) -> list[WordPattern]:
    """Each word of the (normalised) query, at the start of a word."""
    return [WordPattern(word) for word in wanted.split() if word]


def _same_length_fold(text: str) -> str:
    """`text` case-folded character by character, keeping every character's place ("ß"
    stays "ß": its case folding "ss" is longer)."""
    return "".join(
        folded if len(folded := char.casefold()) == 1 else char.lower()[:1] or char for char in text
    )


def matched_span(query: str, text: str, words: list[WordPattern] | None = None) -> tuple[int, int]:
    """Where in the (original) text the query matched best, for highlighting: the query's
    words where it holds them as typed, else the most similar part, in whole words."""
    folded = _same_length_fold(text)
    if words:
        spans = [m.span() for m in (pattern.search(folded) for pattern in words) if m]
        if spans:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            if end - start <= max(len(query) * 2, 40):
                return _whole_words(text, start, end)
            return _whole_words(text, *spans[0])
    found = fuzz.partial_ratio_alignment(query, folded)
    if found is None:
        return 0, 0
    return _whole_words(text, found.dest_start, found.dest_end)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < len(text) and _inside_word(text[start - 1], text[start]):
        start -= 1
    while 0 < end < len(text) and _inside_word(text[end - 1], text[end]):
        end += 1
    return start, end


def _inside_word(left: str, right: str) -> bool:
    """Whether a cut between these two characters would cut a word ("that’s" is one;
    between Chinese characters is no cut: each is a word)."""
    return (
        (left.isalnum() or left in "'’")
        and (right.isalnum() or right in "'’")
        and not unspaced(left)
        and not unspaced(right)
    )


def snippet(hit: Hit, before: int = 40, after: int = 80) -> tuple[str, str, str]:
    """The text around a hit's match, cut at word boundaries: (before, match, after)."""
    text = hit.entry.text
    first = max(0, hit.start - before)
    head = text[first : hit.start]
    if first > 0:
        cut = 0
        while cut < len(head) and (
            _inside_word(text[first + cut - 1], head[cut]) or not head[cut].isalnum()
        ):
            cut += 1
        head = "…" + head[cut:]
    tail = text[hit.end : hit.end + after]
    if hit.end + after < len(text):
        cut = len(tail)
        while cut > 0 and _inside_word(tail[cut - 1], text[hit.end + cut]):
            cut -= 1
        tail = (tail[:cut] if cut > 0 else tail).rstrip() + "…"
    return head, text[hit.start : hit.end], tail
