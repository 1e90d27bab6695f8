"""Text as the passage index sees it: folded as anchoring folds it, cut into words, and
hashed (a word, two words in a row, a run of SHINGLE_WORDS words)."""

from __future__ import annotations

import functools
import re

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


def fold(text: str) -> str:
    """A text normalised as anchoring does (without the places): the same as
    `textfold.fold_text(text, wording.fold_char)`, with one table for every text (and
    for ASCII, where folding is lower case and "`" an apostrophe, none)."""
    plain = text.lower().replace("`", "'") if text.isascii() else text.translate(_TABLE)
    return _RUNS_OF_SPACE.sub(" ", plain).lstrip(" ")


def fold_slowly(text: str) -> str:
    """`fold` as textfold does it (the tests hold the two to the same answers)."""
    return textfold.fold_text(text, _fold_char)


def origins(text: str, folded: str) -> np.ndarray | None:
    """For each character of `folded` (= fold(text)), where in `text` the character it
    comes from stands; None if they do not line up (never expected)."""
    if not text:
        return np.zeros(0, dtype=np.int64) if not folded else None
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    distinct, inverse = np.unique(codes, return_inverse=True)
    sizes = np.array([len(_TABLE[code]) for code in distinct.tolist()], dtype=np.int64)
    owner = np.repeat(np.arange(len(text), dtype=np.int64), sizes[inverse])
    plain = text.translate(_TABLE)  # before runs of whitespace are made one space
    plain_codes = np.frombuffer(plain.encode("utf-32-le"), dtype=np.uint32)
    kinds, where = np.unique(plain_codes, return_inverse=True)
    space = np.array([chr(code).isspace() for code in kinds.tolist()], dtype=bool)[where]
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
    """`spans` as an array of [start, end) rows; without CJK, found from which characters
    are word characters (a word is a run of them), not match by match."""
    if not folded or _HAS_CJK.search(folded) is not None:
        return np.array(spans(folded), dtype=np.int64).reshape(-1, 2)
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32)
    distinct, inverse = np.unique(codes, return_inverse=True)
    wordy = np.array([_WORD.match(chr(code)) is not None for code in distinct.tolist()])
    edges = np.diff(np.r_[False, wordy[inverse], False].astype(np.int8))
    return np.stack([np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)], axis=1).astype(
        np.int64
    )


def hashes(tokens: list[str]) -> np.ndarray:
    """A hash of each word (the same word, the same hash, within one process)."""
    return np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))


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
