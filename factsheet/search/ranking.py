"""Ranking candidates and showing a hit: WRatio scores (the likeliest first, the rest
against a cut-off), the query's words as typed, the matched span and its snippet."""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz import fuzz, process

from factsheet.search.entries import Hit

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


def word_patterns(wanted: str) -> list[re.Pattern[str]]:
    """Each word of the (normalised) query, at the start of a word."""
    return [re.compile(r"(?<!\w)" + re.escape(word)) for word in wanted.split() if word]


def _same_length_fold(text: str) -> str:
    """`text` case-folded character by character, keeping every character's place ("ß"
    stays "ß": its case folding "ss" is longer)."""
    return "".join(
        folded if len(folded := char.casefold()) == 1 else char.lower()[:1] or char for char in text
    )


def matched_span(
    query: str, text: str, words: list[re.Pattern[str]] | None = None
) -> tuple[int, int]:
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
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def snippet(hit: Hit, before: int = 40, after: int = 80) -> tuple[str, str, str]:
    """The text around a hit's match, cut at word boundaries: (before, match, after)."""
    text = hit.entry.text
    head = text[max(0, hit.start - before) : hit.start]
    if hit.start > before:
        space = head.find(" ")
        head = "…" + head[space + 1 :] if 0 <= space < len(head) - 1 else "…"
    tail = text[hit.end : hit.end + after]
    if hit.end + after < len(text):
        space = tail.rfind(" ")
        tail = (tail[:space] if space > 0 else tail) + "…"
    return head, text[hit.start : hit.end], tail
