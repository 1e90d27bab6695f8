"""Find a quote in its source's text, as web annotation does (W3C TextQuote/TextPosition).

Real pages and retyped quotes differ in curly versus straight quotes, dashes,
whitespace, Unicode forms and elisions ("…", "[...]"). Matching is tried
exactly first, then on a normalised form whose every character maps back to
its place in the original text, so the anchor always points at the source.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CONTEXT_CHARS = 32

EXACT = "exact"
NORMALISED = "normalised"
NOT_FOUND = "not found"

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


@dataclass(frozen=True, slots=True)
class Match:
    """Where a quote was found: [start, end) in the source text, and how."""

    start: int
    end: int
    status: str


class _Normalised:
    """A normalised copy of a text and, for each of its characters, the original index."""

    def __init__(self, text: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            folded = unicodedata.normalize("NFKC", char).translate(_FOLD).lower()
            for piece in folded:
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


def normalise(text: str) -> str:
    return _Normalised(text).text.strip()


def find_quote(source_text: str, quote: str) -> Match | None:
    """The place of `quote` in `source_text`, or None when it is not there.

    Quotation marks around the whole quote are the typist's, not the source's: they are
    dropped, so '"We could sell..."' finds the words however the page punctuates them.
    """
    for candidate in dict.fromkeys([quote.strip(), quote.strip().strip(_ENCLOSING_MARKS).strip()]):
        start = source_text.find(candidate) if candidate else -1
        if start >= 0:
            return Match(start, start + len(candidate), EXACT)
    parts = [normalise(part) for part in _ELISION.split(quote.strip(_ENCLOSING_MARKS + " \n\t"))]
    parts = [part for part in parts if part]
    if not parts:
        return None
    return _find_parts(_Normalised(source_text), parts)


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
