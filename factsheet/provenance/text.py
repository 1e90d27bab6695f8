"""Text as the passage index sees it: folded as anchoring folds it, cut into words, and
hashed (a word, two words in a row, a run of SHINGLE_WORDS words)."""

from __future__ import annotations

import functools
import random
import re
from collections.abc import Callable

import numpy as np

from factsheet import textfold, wording

SHINGLE_WORDS = 8
# Words: runs of letters and digits; in Chinese, Japanese and Korean (no spaces between
# words) every two characters in a row.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(r"\w+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_SPLIT_CJK = re.compile(rf"[{_CJK}]+|[^{_CJK}]+")
_RUNS_OF_SPACE = re.compile(r"\s+")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)
_MASK = (1 << 64) - 1


class _FoldTable(dict[int, str]):
    """Every character seen so far, folded (`str.translate` asks for the missing ones)."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_fold_char = functools.lru_cache(maxsize=65536)(wording.fold_char)
_TABLE = _FoldTable()


class _ByCode:
    """A small number for every character code (`of(code)`), looked up for a whole array of
    codes at once; worked out once per code, as codes are met. The table (one entry per
    code point, 1-4 MB) is made on first use, not when the app starts."""

    def __init__(self, of: Callable[[int], int], dtype: type = np.int8) -> None:
        self.of = of
        self.dtype = dtype
        self._values: np.ndarray | None = None

    @property
    def values(self) -> np.ndarray:
        if self._values is None:
            self._values = np.full(0x110000, -1, dtype=self.dtype)
        return self._values

    def __getitem__(self, codes: np.ndarray) -> np.ndarray:
        found: np.ndarray = self.values[codes]
        if (found < 0).any():
            for code in np.flatnonzero(np.bincount(codes[found < 0])).tolist():
                self.values[code] = self.of(code)
            found = self.values[codes]
        return found


def _folded_code(code: int) -> int:
    """The one character `code` folds to (`_TABLE`), or -2 if it folds to none or several."""
    folded = _TABLE[code]
    return ord(folded) if len(folded) == 1 else -2


_FOLDED_CODE = _ByCode(_folded_code, np.int32)
_IS_SPACE = _ByCode(lambda code: int(chr(code).isspace()))
_IS_WORD = _ByCode(lambda code: int(_WORD.match(chr(code)) is not None))
_FOLDED_SIZE = _ByCode(lambda code: len(_TABLE[code]))
_IS_CJK = _ByCode(lambda code: int(_HAS_CJK.match(chr(code)) is not None))
_LONG_TEXT = 2048  # characters from which folding by arrays pays


def codes_of(text: str) -> np.ndarray:
    """The character codes of a text."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def fold(text: str) -> str:
    """A text normalised as anchoring does (without the places): the same as
    `textfold.fold_text(text, wording.fold_char)`, with one table for every text (and
    for ASCII, where folding is lower case and "`" an apostrophe, none); a long text
    whose characters each fold to one is folded as an array of codes."""
    if len(text) >= _LONG_TEXT and not text.isascii():
        folded = _fold_codes(text)
        if folded is not None:
            return folded
    plain = text.lower().replace("`", "'") if text.isascii() else text.translate(_TABLE)
    return _RUNS_OF_SPACE.sub(" ", plain).lstrip(" ")


def _fold_codes(text: str) -> str | None:
    """`fold` by arrays: each code mapped to the one it folds to, every run of whitespace
    made one space, none at the start; None when a character folds to none or several."""
    mapped = _FOLDED_CODE[codes_of(text)]
    if (mapped < 0).any():
        return None
    space = _IS_SPACE[mapped].astype(bool)
    kept = ~(space & np.r_[False, space[:-1]])
    if len(space) and space[0]:
        kept[0] = False
    mapped[space] = ord(" ")
    folded: str = mapped[kept].astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")
    return folded


def fold_slowly(text: str) -> str:
    """`fold` as textfold does it (the tests hold the two to the same answers)."""
    return textfold.fold_text(text, _fold_char)


def origins(text: str, folded: str) -> np.ndarray | None:
    """For each character of `folded` (= fold(text)), where in `text` the character it
    comes from stands; None if they do not line up (never expected)."""
    if not text:
        return np.zeros(0, dtype=np.int64) if not folded else None
    codes = codes_of(text)
    sizes = _FOLDED_SIZE[codes]
    owner = np.repeat(np.arange(len(text), dtype=np.int64), sizes)
    if (sizes == 1).all():  # every character folds to one
        plain_codes = _FOLDED_CODE[codes]
    else:
        plain = text.translate(_TABLE)  # before runs of whitespace are made one space
        plain_codes = codes_of(plain).astype(np.int32)
    space = _IS_SPACE[plain_codes].astype(bool)
    kept = ~(space & np.r_[False, space[:-1]])  # the first of each run of whitespace stays
    owner = owner[kept]
    if len(owner) == len(folded) + 1:
        owner = owner[1:]  # the space `fold` strips at the start
    return owner if len(owner) == len(folded) else None


def words(folded: str) -> list[str]:
    """The words of a normalised text, as the index sees them."""
    if _HAS_CJK.search(folded) is None:
        return _WORD.findall(folded)
    found: list[str] = []
    for word in _WORD.findall(folded):
        if _HAS_CJK.search(word) is None:
            found.append(word)
            continue
        for piece in _SPLIT_CJK.findall(word):
            if not _HAS_CJK.match(piece) or len(piece) < 2:
                found.append(piece)
            else:
                found += map(
                    piece.__getitem__, map(slice, range(len(piece) - 1), range(2, len(piece) + 1))
                )
    return found


def spans(folded: str) -> list[tuple[int, int]]:
    """Where each of the words of a normalised text stands in it."""
    if _HAS_CJK.search(folded) is None:
        return [match.span() for match in _WORD.finditer(folded)]
    found = []
    for match in _WORD.finditer(folded):
        start, end = match.span()
        if _HAS_CJK.search(folded, start, end) is None:
            found.append((start, end))
            continue
        for piece in _SPLIT_CJK.finditer(folded, start, end):
            a, b = piece.span()
            if not _HAS_CJK.match(folded, a) or b - a < 2:
                found.append((a, b))
            else:
                found += zip(range(a, b - 1), range(a + 2, b + 1), strict=True)
    return found


def span_array(folded: str) -> np.ndarray:
    """`spans` as an array of [start, end) rows, found from which characters are word
    characters and which CJK, not match by match: a run of word characters is a word,
    cut where CJK begins or ends; a run of two or more CJK characters is every two in a row."""
    if not folded:
        return np.zeros((0, 2), dtype=np.int64)
    codes = codes_of(folded)
    wordy = _IS_WORD[codes].astype(np.int8)
    if _HAS_CJK.search(folded) is None:
        edges = np.diff(np.r_[np.int8(0), wordy, np.int8(0)])
        return np.stack([np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)], axis=1)
    kind = np.where(wordy == 1, _IS_CJK[codes], -1)  # -1 no word, 0 word, 1 CJK
    padded = np.r_[-1, kind, -1]
    changes = np.flatnonzero(padded[1:] != padded[:-1])  # where a run of one kind ends
    starts, ends = changes[:-1], changes[1:]
    runs_kind = kind[starts]
    starts, ends, runs_kind = (
        starts[runs_kind >= 0],
        ends[runs_kind >= 0],
        runs_kind[runs_kind >= 0],
    )
    pairs = (runs_kind == 1) & (ends - starts >= 2)  # CJK: every two characters in a row
    whole = np.stack([starts[~pairs], ends[~pairs]], axis=1)
    counts = (ends - starts - 1)[pairs]
    firsts = np.repeat(starts[pairs] - np.r_[0, np.cumsum(counts)[:-1]], counts) + np.arange(
        int(counts.sum())
    )
    found = np.concatenate([whole, np.stack([firsts, firsts + 2], axis=1)])
    return found[np.argsort(found[:, 0], kind="stable")].astype(np.int64)


def hashes(tokens: list[str]) -> np.ndarray:
    """A hash of each word (the same word, the same hash, within one process)."""
    return np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))


_BASE = random.getrandbits(64) | 1  # odd: it has an inverse modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_POWERS = np.ones(1, dtype=np.uint64)  # _BASE ** i modulo 2**64
_INVERSE_POWERS = np.ones(1, dtype=np.uint64)
_HASHED_BY_CODES = 64  # longer words are hashed as strings
_HASHED_AT_ONCE = 1 << 18


def word_hashes(folded: str, at: np.ndarray | None = None) -> np.ndarray:
    """A hash of each word of a normalised text (`words`; `at` its `span_array` if known),
    in order, worked out on the array of its codes: the same word, the same hash, within
    one process (`hashes` of `words`, without making a string of each word). A long text
    is hashed a stretch of _HASHED_AT_ONCE characters at a time (less memory)."""
    at = span_array(folded) if at is None else at
    found = np.zeros(len(at), dtype=np.uint64)
    codes = codes_of(folded)
    first = 0
    while first < len(at):
        base = int(at[first, 0])
        last = max(first + 1, int(np.searchsorted(at[:, 0], base + _HASHED_AT_ONCE)))
        top = int(at[last - 1, 1])
        stretch = codes[base:top].astype(np.uint64)
        powers, inverse = _powers(len(stretch) + 1)
        starts, ends = at[first:last, 0] - base, at[first:last, 1] - base
        with np.errstate(over="ignore"):
            sums = np.zeros(len(stretch) + 1, dtype=np.uint64)
            np.cumsum(stretch * powers[: len(stretch)], out=sums[1:])
            found[first:last] = (sums[ends] - sums[starts]) * inverse[starts] + (
                ends - starts
            ).astype(np.uint64)
        first = last
    hashed = _mixed(found).view(np.int64)
    lengths = at[:, 1] - at[:, 0] if len(at) else np.zeros(0, dtype=np.int64)
    for n in np.flatnonzero(lengths > _HASHED_BY_CODES).tolist():
        hashed[n] = hash(folded[int(at[n, 0]) : int(at[n, 1])])
    return hashed


def _powers(count: int) -> tuple[np.ndarray, np.ndarray]:
    """_BASE ** i and its inverse ** i modulo 2**64, for i below `count` (at least)."""
    global _POWERS, _INVERSE_POWERS
    if len(_POWERS) < count:
        size = max(count, 2 * len(_POWERS))
        with np.errstate(over="ignore"):
            _POWERS = np.r_[np.uint64(1), np.cumprod(np.full(size - 1, _BASE, dtype=np.uint64))]
            _INVERSE_POWERS = np.r_[
                np.uint64(1), np.cumprod(np.full(size - 1, _BASE_INVERSE, dtype=np.uint64))
            ]
    return _POWERS, _INVERSE_POWERS


def _mixed(values: np.ndarray) -> np.ndarray:
    """The bits of each value mixed (splitmix64's finaliser), so that hashes of words made
    of the same codes in other places do not add up to each other's."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(30))
        values = values * np.uint64(0xBF58476D1CE4E5B9)
        values = values ^ (values >> np.uint64(27))
        values = values * np.uint64(0x94D049BB133111EB)
        mixed: np.ndarray = values ^ (values >> np.uint64(31))
    return mixed


def pairs(tokens: np.ndarray) -> np.ndarray:
    """A hash of every two words in a row."""
    with np.errstate(over="ignore"):
        paired: np.ndarray = tokens[:-1] * np.int64(0x100000001B3) + tokens[1:]
    return paired


def shingles(tokens: np.ndarray, size: int) -> np.ndarray:
    """A 64-bit hash of every run of `size` words (by word hash)."""
    count = len(tokens) - size + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    values = tokens.astype(np.uint64) + np.uint64(1)
    hashed = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashed = hashed * _MULTIPLIER + values[offset : offset + count]
    return hashed


def shingles_of(tokens: list[int], size: int) -> list[int]:
    """`shingles` for a few words, in plain Python (numpy costs more for a short quote)."""
    multiplier = int(_MULTIPLIER)
    values = [((token & _MASK) + 1) & _MASK for token in tokens]
    found = []
    for start in range(len(values) - size + 1):
        hashed = 0
        for value in values[start : start + size]:
            hashed = (hashed * multiplier + value) & _MASK
        found.append(hashed)
    return found


def merge(hits: list[int], size: int) -> list[tuple[int, int]]:
    """Shingles starting at `hits` (in order), merged into [start, end) word ranges."""
    runs: list[tuple[int, int]] = []
    for n in hits:
        if runs and n <= runs[-1][1]:
            runs[-1] = (runs[-1][0], n + size)
        else:
            runs.append((n, n + size))
    return runs


def runs(hashed: np.ndarray, wanted: np.ndarray, size: int) -> list[tuple[int, int]]:
    """The [start, end) word ranges covered by the shingles in `wanted`, in order."""
    return merge(np.flatnonzero(np.isin(hashed, wanted)).tolist(), size)
