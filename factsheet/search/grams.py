"""Texts as trigrams: the normal form searched, and every (trigram bucket, text) pair of
many texts at once, made with numpy."""

from __future__ import annotations

import numpy as np

BUCKET_BITS = 22  # trigrams are hashed into 4M buckets (a shared bucket only adds a count)
DOC_BITS = 40
DOC_MASK = (1 << DOC_BITS) - 1


def normalise(text: str) -> str:
    """Case-folded, every run of white space one space, none at the ends (`str.split` splits
    at exactly the characters the pattern \\s matches)."""
    return " ".join(text.casefold().split())


def normalise_all(texts: list[str]) -> list[str]:
    """`normalise` of many texts at once (one pass over all of them)."""
    if any("\x00" in text for text in texts):
        return [normalise(text) for text in texts]
    joined = " ".join("\x00".join(texts).casefold().split())
    return [text.strip(" ") for text in joined.split("\x00")]


def trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[n : n + 3] for n in range(len(padded) - 2)}


def bucket(gram: str) -> int:
    a, b, c = (ord(char) for char in gram)
    return ((a * 1_000_003 + b) * 1_000_003 + c) % (1 << BUCKET_BITS)


def distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique hashes large arrays, which is far slower)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    kept: np.ndarray = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    return kept


def buckets_of(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every (trigram bucket, text number) of `texts`, as two arrays (with repeats)."""
    joined = "\x00".join(f" {text} " for text in texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(codes) < 3:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b, c = codes[:-2], codes[1:-1], codes[2:]
    valid = (a != 0) & (b != 0) & (c != 0)
    # `bucket` in 32-bit arithmetic: it wraps modulo 2**32, which keeps the residue modulo
    # 2**BUCKET_BITS (half the memory traffic of 64 bits).
    k = np.uint32(1_000_003)
    buckets = (a * k + b) * k + c
    buckets &= np.uint32((1 << BUCKET_BITS) - 1)
    number = np.cumsum(codes == 0)[:-2]  # which text each position is in
    return buckets[valid].astype(np.int64), number[valid]
