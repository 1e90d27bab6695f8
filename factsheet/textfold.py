"""Folding long texts fast, with the same result as folding them character by character.

Anchoring folds text for comparison (`wording.fold_char`: Unicode forms, quote marks,
dashes, case) and makes every run of whitespace one space. Done one character at a time
in Python that takes ~1 µs a character: 30 ms for an article, 30 s for the thousand
sources that provenance indexes. Here each distinct character is folded once and the
text mapped with `str.translate`: the same text (the tests hold the two to the same
answers), many times faster.
"""

from __future__ import annotations

import re
from collections.abc import Callable

FoldChar = Callable[[str], str]

_RUNS_OF_SPACE = re.compile(r"\s+")
# Scripts written without spaces (Thai, kana, Chinese ideographs), as a regex character
# range: each character is a word of its own.
UNSPACED = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


def fold_text(text: str, fold_char: FoldChar) -> str:
    """`text` with every character replaced by `fold_char(character)` and every run of
    whitespace made one space (none at the start)."""
    table = {ord(char): fold_char(char) for char in set(text)}
    return _RUNS_OF_SPACE.sub(" ", text.translate(table)).lstrip(" ")
