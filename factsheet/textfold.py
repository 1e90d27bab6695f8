"""Normalising long texts fast, with the same result as doing it character by character.

`anchor` normalises a source's text one character at a time (fold each character,
collapse runs of whitespace) and remembers, for every character of the result,
where it came from. Done in a Python loop that takes ~1 µs a character: 30 ms for
an article, 30 s for a thousand. Here each distinct character is folded once, the
text is mapped with `str.translate`, and the whitespace and the origins are worked
out with numpy: the same text and origins (the tests hold the two to the same
answers), some fifty times faster. Results are kept in a cache bounded by size,
since the same sources are searched again and again (`check`, "also in").
"""

from __future__ import annotations

import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

FoldChar = Callable[[str], str]

CACHE_BYTES = 96 * 1024 * 1024  # normalised texts kept: about a thousand long articles

_RUNS_OF_SPACE = re.compile(r"\s+")
# Every character str.isspace() holds for (none lies beyond the Basic Multilingual Plane).
_SPACES = [c for c in range(0x10000) if chr(c).isspace()]


def fold(text: str, fold_char: FoldChar) -> tuple[str, array[int]]:
    """`text` with every character replaced by `fold_char(character)` and every run of
    whitespace made one space (none at the start), and for each character of the result
    the index of the character of `text` it came from."""
    import numpy as np  # loaded when first needed: most commands never normalise a source

    table: dict[int, str] = {ord(char): fold_char(char) for char in set(text)}
    folded = text.translate(table)
    codes = np.frombuffer(folded.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if len(folded) == len(text) and all(len(piece) == 1 for piece in table.values()):
        origin = np.arange(len(text), dtype=np.int32)
    else:
        source = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        lengths = np.ones(len(text), dtype=np.int32)
        for code, piece in table.items():
            if len(piece) != 1:
                lengths[source == code] = len(piece)
        origin = np.repeat(np.arange(len(text), dtype=np.int32), lengths)
    space = np.isin(codes, np.array(_SPACES, dtype=np.uint32))
    after_word = np.zeros(len(codes), dtype=bool)
    after_word[1:] = ~space[:-1]
    keep = ~space | after_word
    out = np.where(space, np.uint32(32), codes)[keep]
    kept = array("i")
    kept.frombytes(origin[keep].astype(np.int32).tobytes())
    return out.tobytes().decode("utf-32-le", "surrogatepass"), kept


class Cache:
    """Normalised texts by text, the least recently used dropped beyond `limit` bytes."""

    def __init__(self, limit: int = CACHE_BYTES) -> None:
        self.limit = limit
        self._items: OrderedDict[str, tuple[Any, int]] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, text: str, make: Callable[[str], Any]) -> Any:
        with self._lock:
            found = self._items.get(text)
            if found is not None:
                self._items.move_to_end(text)
                return found[0]
        value = make(text)
        cost = len(text) * 9  # the text, its normalised copy and four bytes of origin each
        with self._lock:
            if text not in self._items:
                self._items[text] = (value, cost)
                self._size += cost
            while self._size > self.limit and len(self._items) > 1:
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0


def fold_text(text: str, fold_char: FoldChar) -> str:
    """Only the text `fold` gives (no origins): for indexing, where places are not needed."""
    table = {ord(char): fold_char(char) for char in set(text)}
    return _RUNS_OF_SPACE.sub(" ", text.translate(table)).lstrip(" ")
