"""Whether a source holds a passage, as anchoring finds it: in the whole text, or (when
that is sure to give the same answer) in a window of it around where the passage stands."""

from __future__ import annotations

import functools

from factsheet import anchor, wording
from factsheet.provenance.records import REWORDED, Appearance

WINDOW_MARGIN = 16  # characters around a passage given to anchoring with it


def appearance(source_id: str, text: str, wanted: str) -> Appearance | None:
    """How `text` holds the passage `wanted`: as anchoring finds it, or worded a little
    differently, scored by the share of its words that are the same: fuzzy when each
    difference is a typo on the page (`_typo`), else REWORDED (another number, another
    word: the page says something else there)."""
    found = anchor.locate(text, wanted)
    if isinstance(found, anchor.Ambiguous):
        found = found.matches[0]
    if isinstance(found, anchor.Match):
        return Appearance(source_id, found.status, found.score)
    if isinstance(found, anchor.Nearest):
        count = max(1, len(wanted.split()))
        differing = sum(
            max(len(d.typed.split()), len(d.source.split()), 1) for d in found.differences
        )
        typos = all(_typo(difference) for difference in found.differences)
        score = round(100.0 * max(0, count - differing) / count, 1)
        return Appearance(source_id, anchor.FUZZY if typos else REWORDED, score)
    return None


def _typo(difference: wording.Difference) -> bool:
    """Whether the page has a typo where the passage has `difference.typed`: a mark of
    punctuation otherwise, or a word spelt a letter or two otherwise (no digit, the same
    negation) that is no word of its own ("Millarden" for "Milliarden"; not "raise" for
    "rise", not "20" for "10")."""
    typed, page = difference.typed.casefold().strip(), difference.source.casefold().strip()
    if not any(char.isalnum() for char in typed + page):
        return True
    if " " in typed or " " in page:
        return False
    return wording.close_spelling(page, typed) and not wording.is_a_word(page)


def normalised_in(window: str, typed: str) -> bool:
    """Whether `typed`'s words (without punctuation at either end) stand in `window` as
    they are, typography aside: anchoring's "normalised" (`anchor._find_part`)."""
    norms = _typed_words(typed)
    if norms is None:
        return False
    tokens = wording.Tokens(window)
    return bool(wording.runs(tokens, list(norms), 0, len(tokens.norms)))


@functools.lru_cache(maxsize=1 << 17)
def _typed_words(typed: str) -> tuple[str, ...] | None:
    """`typed`'s tokens without punctuation at either end; None if no word is left (one
    quote is looked for in several sources: its tokens are made once)."""
    needle = wording.Tokens(typed)
    first, last = wording.trim_punctuation(needle)
    if not any(needle.words[first:last]):
        return None
    return tuple(needle.norms[first:last])


def window(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened by WINDOW_MARGIN and to the spaces around it (or the text's
    ends), so that no word of the text is cut: the words in the window are the text's."""
    start, end = max(0, start - WINDOW_MARGIN), min(len(text), end + WINDOW_MARGIN)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return start, end
