"""Comparing a typed quote with a source's wording, word by word.

Texts are cut into tokens (words, and punctuation marks that can change meaning) that
keep their place in the original text; quote marks, apostrophes standing alone and
dashes are left out, since their presence or form never changes what is said. Two
token sequences are aligned (an edit distance over tokens), and each difference is
judged: words joined or split ("smart phone", "smartphone") and a misspelling inside
one word ("milliom" for "million") are harmless; anything else is a difference of
wording. A typed word is a misspelling only if it is no word of its own: not in the
source, not in the word lists of the text's languages (pyspellchecker's).
"""

from __future__ import annotations

import gzip
import json
import pkgutil
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from factsheet.textfold import UNSPACED

FOLD = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´ʼ", "'"),
        **dict.fromkeys("“”„‟″«»‹›", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        "\u00a0": " ",
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", None),
    }
)
# Marks whose presence or form never changes what a passage says.
IGNORABLE = frozenset({"", "'", '"', "-", "--", "---"})
ENCLOSING_MARKS = "\"'‘’‚‛“”„‟«»‹›"
_UNSPACED = UNSPACED  # scripts written without spaces: every character is a word
_LETTER = rf"(?:[^\W_{_UNSPACED}]|[\u0300-\u036f\u1ab0-\u1aff\u20d0-\u20ff])"
_JOINER = r"(?:['’‘`´ʼ\u00ad\-‐‑]|(?<=\d)[.,](?=\d))"
_SIGN = r"(?:(?<!\w)[−\-–](?=\d))?"
_WORD = rf"{_SIGN}{_LETTER}+(?:{_JOINER}{_LETTER}+)*"
_PIECE = re.compile(rf"(?P<word>[{_UNSPACED}]|{_WORD})|\.\.\.|\S")
# "wouldn't", or "wouldnt" mistyped (not every word that ends in "nt": "percent")
_NEGATION = re.compile(
    r"n't$|^(?:ai|are|ca|could|did|does|do|had|has|have|is|might|must|need|sha|should"
    r"|was|were|wo|would)nt$"
)


@dataclass(frozen=True, slots=True)
class Difference:
    """Words the typed quote has where the source has others ('' for none)."""

    typed: str
    source: str

    def __str__(self) -> str:
        return f"{self.typed or '(nothing)'} → {self.source or '(nothing)'}"


class Tokens:
    """A text's words and punctuation marks: their spans and normalised forms. Marks that
    never change meaning (quote marks, dashes) are left out."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.norms: list[str] = []
        self.words: list[bool] = []
        starts, ends, norms, words = self.starts, self.ends, self.norms, self.words
        folded = _FOLDED
        if len(folded) > _FOLDED_LIMIT:
            folded.clear()
        for piece in _PIECE.finditer(text):
            raw = piece.group()
            norm = folded.get(raw)
            if norm is None:
                norm = folded[raw] = fold(raw)
            word = piece.lastgroup is not None  # the one named group: "word"
            if not word and norm in IGNORABLE:
                continue
            start, end = piece.span()
            starts.append(start)
            ends.append(end)
            norms.append(norm)
            words.append(word)
        self.positions: dict[str, list[int]] = {}
        positions = self.positions
        for index, norm in enumerate(norms):
            found = positions.get(norm)
            if found is None:
                positions[norm] = [index]
            else:
                found.append(index)
        self._joined: tuple[str, list[int]] | None = None

    def between(self, start: int, end: int) -> tuple[int, int]:
        """The token indices [first, last) lying within characters [start, end)."""
        return bisect_left(self.starts, start), bisect_right(self.ends, end)

    def joined(self) -> tuple[str, list[int]]:
        """The normalised tokens joined by spaces, and where each token starts in it."""
        if self._joined is None:
            offsets, at = [], 0
            for norm in self.norms:
                offsets.append(at)
                at += len(norm) + 1
            self._joined = (" ".join(self.norms), offsets)
        return self._joined

    def raw(self, first: int, last: int) -> str:
        """The original text of tokens [first, last]."""
        return self.text[self.starts[first] : self.ends[last]]


# Pieces already folded (`Tokens` meets the same words again and again); emptied when full.
_FOLDED: dict[str, str] = {}
_FOLDED_LIMIT = 1 << 20


def fold(piece: str) -> str:
    """One piece of text (a token) folded: Unicode forms, quote marks, dashes, case."""
    folded = unicodedata.normalize("NFKC", piece).translate(FOLD).casefold()
    return "…" if folded in ("...", "…") else folded


@lru_cache(maxsize=16)
def tokens_of(text: str) -> Tokens:
    """Tokenising is per character: the same few texts are searched again and again
    (every quote of a source on `check`, every source on "also in")."""
    return Tokens(text)


def fold_char(char: str) -> str:
    """One character folded as `normalise` folds text (it may become several, or none)."""
    return unicodedata.normalize("NFKC", char).translate(FOLD).lower()


def normalise(text: str) -> str:
    """`text` folded for comparisons: Unicode forms, quote marks, dashes and case folded,
    runs of spaces and line breaks made one space."""
    folded = unicodedata.normalize("NFKC", text).translate(FOLD).lower()
    return " ".join(folded.split())


def inside_word(text: str, at: int) -> bool:
    if at <= 0 or at >= len(text):
        return False
    before, after = text[at - 1], text[at]
    if re.match(f"[{_UNSPACED}]", before) or re.match(f"[{_UNSPACED}]", after):
        return False
    return _is_letter(before) and _is_letter(after)


def whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) widened so that it neither begins nor ends inside a word, and without
    the spaces at either end (a selection made by hand)."""
    while start > 0 and inside_word(text, start):
        start -= 1
    while end < len(text) and inside_word(text, end):
        end += 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_letter(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def trim_punctuation(needle: Tokens) -> tuple[int, int]:
    """The typed tokens without punctuation at either end (a period the quoter added)."""
    first, last = 0, len(needle.norms)
    while first < last and not needle.words[first]:
        first += 1
    while last > first and not needle.words[last - 1]:
        last -= 1
    return first, last


def runs(tokens: Tokens, norms: list[str], first: int, last: int) -> list[int]:
    """Token indices in [first, last) where the run `norms` begins."""
    if not norms:
        return []
    size = len(norms)
    return [
        i
        for i in tokens.positions.get(norms[0], [])
        if first <= i and i + size <= last and tokens.norms[i : i + size] == norms
    ]


NEAR_MIN_SIMILARITY = 50.0  # rapidfuzz partial ratio below which nothing is near


def candidate_region(
    tokens: Tokens, typed: list[str], first: int, last: int
) -> tuple[int, int] | None:
    """Token indices [lo, hi) around the part of tokens[first:last] most like `typed`."""
    from rapidfuzz import fuzz

    joined, offsets = tokens.joined()
    base = offsets[first]
    hay_end = offsets[last - 1] + len(tokens.norms[last - 1])
    found = fuzz.partial_ratio_alignment(
        " ".join(typed), joined[base:hay_end], score_cutoff=NEAR_MIN_SIMILARITY
    )
    if found is None or found.dest_end <= found.dest_start:
        return None
    lo = bisect_right(offsets, base + found.dest_start) - 1
    hi = bisect_left(offsets, base + found.dest_end)
    margin = len(typed) // 2 + 3
    return max(first, lo - margin), min(last, hi + margin)


def align(typed: list[str], source: list[str]) -> list[tuple[int | None, int | None]]:
    """Align all of `typed` with the best-fitting run of `source` (edit distance over
    tokens; a near-miss spelling costs half, one word written as two or two as one
    nothing): pairs (typed index, source index), None where one side has a token the
    other lacks."""
    n, m = len(typed), len(source)
    squeezed_typed = [word.replace("-", "") for word in typed]
    squeezed_source = [word.replace("-", "") for word in source]
    # "xy" for "x y": the source's tokens j-2 and j-1 squeezed together, for each j
    joined_source = [""] * 2 + [a + b for a, b in pairwise(squeezed_source)]
    rows: list[list[float]] = [[0.0] * (m + 1)]  # a run may start anywhere in the source
    # Only a token with a word's first letter can be the word or a misspelling of it.
    by_first: dict[str, list[int]] = {}
    for j, token in enumerate(source):
        by_first.setdefault(token[:1], []).append(j)
    moves: list[bytearray] = [bytearray(m + 1)]
    for i in range(1, n + 1):
        previous = rows[-1]
        before = rows[-2] if i > 1 else None
        current = [float(i)] + [0.0] * m
        row = bytearray(m + 1)
        row[0] = 1
        word = typed[i - 1]
        squeezed = squeezed_typed[i - 1]
        split = squeezed_typed[i - 2] + squeezed if i > 1 else None
        costs = [1.0] * m  # _substitution(word, token) for every token, the 1.0s known
        for j in by_first.get(word[:1], ()):
            costs[j] = _substitution(word, source[j])
        left = current[0]
        for j in range(1, m + 1):
            best, move = previous[j - 1] + costs[j - 1], 0
            if previous[j] + 1 < best:
                best, move = previous[j] + 1, 1  # the typed token is not in the source
            if left + 1 < best:
                best, move = left + 1, 2  # the source token is not in the quote
            if j > 1 and previous[j - 2] < best and squeezed == joined_source[j]:
                best, move = previous[j - 2], 3  # "smartphone" for "smart phone"
            if before is not None and before[j - 1] < best and split == squeezed_source[j - 1]:
                best, move = before[j - 1], 4  # "smart phone" for "smartphone"
            current[j] = best
            row[j] = move
            left = best
        moves.append(row)
        rows.append(current)
    j = min(range(m + 1), key=lambda k: (rows[n][k], k))
    pairs: list[tuple[int | None, int | None]] = []
    i = n
    while i > 0:
        move = moves[i][j] if j > 0 else 1
        if move == 0:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif move == 1:
            pairs.append((i - 1, None))
            i -= 1
        elif move == 2:
            pairs.append((None, j - 1))
            j -= 1
        elif move == 3:
            pairs += [(None, j - 1), (i - 1, j - 2)]
            i, j = i - 1, j - 2
        else:
            pairs += [(i - 1, None), (i - 2, j - 1)]
            i, j = i - 2, j - 1
    return pairs[::-1]


@lru_cache(maxsize=1 << 18)
def _substitution(typed: str, source: str) -> float:
    """0 for the same token, 0.5 for a close spelling, else 1 (never 0 or 0.5 when the
    first letters differ: `align` relies on it)."""
    if typed == source:
        return 0.0
    return 0.5 if close_spelling(typed, source) else 1.0


def close_spelling(typed: str, source: str) -> bool:
    """Whether `typed` could be `source` mistyped: one or two letters off, same first
    letter, no digits, the same negation."""
    if len(source) < 4 or len(typed) < 3 or typed[0] != source[0]:
        return False
    from rapidfuzz.distance import OSA

    if any(char.isdigit() for char in typed + source):
        return False
    if bool(_NEGATION.search(typed)) != bool(_NEGATION.search(source)):
        return False
    return OSA.distance(typed, source) <= (1 if len(source) <= 6 else 2)


def classify(
    tokens: Tokens,
    needle: Tokens,
    keep: tuple[int, int],
    pairs: list[tuple[int | None, int | None]],
    languages: tuple[str, ...],
) -> tuple[list[Difference], list[Difference], list[tuple[int, int]], list[tuple[int, int]]]:
    """Split the alignment's differences into harmless corrections (misspellings, words
    joined or split) and differences of wording; with where each wording one stands."""
    differences: list[Difference] = []
    corrections: list[Difference] = []
    source_marks: list[tuple[int, int]] = []
    typed_marks: list[tuple[int, int]] = []
    for chunk in _chunks(tokens, needle, keep, pairs):
        typed_idx = [keep[0] + i for i, _ in chunk if i is not None]
        source_idx = [j for _, j in chunk if j is not None]
        typed_norms = [needle.norms[k] for k in typed_idx]
        source_norms = [tokens.norms[k] for k in source_idx]
        typed_raw = needle.raw(typed_idx[0], typed_idx[-1]) if typed_idx else ""
        source_raw = tokens.raw(source_idx[0], source_idx[-1]) if source_idx else ""
        if _squeezed(typed_norms) == _squeezed(source_norms):
            continue  # "smart phone" for "smartphone", "well known" for "well-known"
        if len(typed_norms) == len(source_norms) and all(
            _misspelt(t, s, tokens, languages)
            for t, s in zip(typed_norms, source_norms, strict=True)
        ):
            corrections.append(Difference(typed_raw, source_raw))
            continue
        differences.append(Difference(typed_raw, source_raw))
        if source_idx:
            source_marks.append((tokens.starts[source_idx[0]], tokens.ends[source_idx[-1]]))
        if typed_idx:
            typed_marks.append((needle.starts[typed_idx[0]], needle.ends[typed_idx[-1]]))
    return differences, corrections, source_marks, typed_marks


def _chunks(
    tokens: Tokens,
    needle: Tokens,
    keep: tuple[int, int],
    pairs: list[tuple[int | None, int | None]],
) -> list[list[tuple[int | None, int | None]]]:
    """Runs of consecutive pairs that are not two equal tokens."""
    chunks: list[list[tuple[int | None, int | None]]] = []
    current: list[tuple[int | None, int | None]] = []
    for i, j in pairs:
        equal = i is not None and j is not None and needle.norms[keep[0] + i] == tokens.norms[j]
        if equal:
            if current:
                chunks.append(current)
            current = []
        else:
            current.append((i, j))
    if current:
        chunks.append(current)
    return chunks


def _squeezed(norms: list[str]) -> str:
    return "".join(norms).replace("-", "")


def _misspelt(typed: str, source: str, tokens: Tokens, languages: tuple[str, ...]) -> bool:
    """Whether the typed word is a misspelling of the source's word, not a word of its own."""
    if not close_spelling(typed, source):
        return False
    return typed not in tokens.positions and not is_a_word(typed, languages)


# Languages whose word lists factsheet checks a typed word against when the text's
# language is not known (pyspellchecker ships these and a few more).
DEFAULT_LANGUAGES = ("en", "de", "fr", "es")


def languages_for(languages: Sequence[str]) -> tuple[str, ...]:
    """The word lists to judge misspellings by: English and the text's languages (their
    primary subtags, "de" for "de-AT"), or DEFAULT_LANGUAGES when none is known."""
    primary = [code.strip().lower().replace("_", "-").split("-")[0] for code in languages]
    primary = [code for code in primary if code]
    return tuple(dict.fromkeys(["en", *primary])) if primary else DEFAULT_LANGUAGES


def is_a_word(word: str, languages: Sequence[str] = DEFAULT_LANGUAGES) -> bool:
    """Whether `word` (folded) is a word of one of `languages`, by pyspellchecker's lists."""
    return any(word in _dictionary(language) for language in languages_for(languages))


def warm_up(languages: Sequence[str] = ()) -> None:
    """Load the word lists a misspelling would be judged by (they take a second to load):
    the app does it while the reviewer types."""
    for language in languages_for(languages):
        _dictionary(language)


@lru_cache(maxsize=16)
def _dictionary(language: str) -> frozenset[str]:
    """One language's word list; empty for a language pyspellchecker does not have. Read
    from pyspellchecker's own file, as `SpellChecker(language=...)` reads it (its words in
    lower case), without the word counts and letter tables a checker builds."""
    try:
        packed = pkgutil.get_data("spellchecker", f"resources/{language.lower()}.json.gz")
        counts = json.loads(gzip.decompress(packed or b"").decode("utf-8")) if packed else {}
    except (ValueError, OSError):
        return frozenset()
    return frozenset(word.lower() for word in counts)
