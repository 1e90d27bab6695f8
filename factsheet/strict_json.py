"""JSON that means one thing to every reader: what parsers accept silently, found and located.

Sheet files and shared files are read with orjson, which is strict about what it
refuses (bad UTF-8, lone surrogates, NaN and Infinity, numbers no double or 64-bit
integer holds) but, like every fast parser, keeps the last of two equal keys in
one object without a word. Another program (TinyDB, jq, Python's json) may keep
the first, so a file with a repeated key means different things to different
readers: that is refused here, with the line and column of the repeat.

`repeated_key` is the thorough check (any layout); a file in the sheet's own
layout has a cheaper one (`storage.fileformat`). `problem_at` locates what a
parser refused or would take silently: duplicate keys, NaN, deep nesting.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 1000  # nesting orjson refuses beyond (1024); Python's json stops near 1000


class _Repeated(Exception):
    """Raised while parsing at the first object with a repeated key; located afterwards."""


def _unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise _Repeated
    return record


def repeated_key(text: str) -> str | None:
    """Where an object in the JSON `text` repeats a key ("repeats the key 'id' in one object
    at line 3 column 12"), or None. `text` must be valid JSON."""
    try:
        json.loads(text, object_pairs_hook=_unique)
    except _Repeated:
        return problem_at(text, max_depth=None) or "repeats a key in one object"
    except RecursionError:  # deeper than Python's json goes: the scanner has no such limit
        return problem_at(text, max_depth=None)
    return None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|-?Infinity|NaN')


def problem_at(text: str, *, max_depth: int | None) -> str | None:
    """Locate in JSON text what a parser refuses or takes silently: a repeated key in one
    object, NaN and Infinity, nesting deeper than `max_depth`. Returns a message with the
    line and column, or None. One pass, no recursion: any depth is safe."""
    stack: list[set[str] | None] = []  # a set of keys for an object, None for an array
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            if max_depth is not None and len(stack) >= max_depth:
                return f"is nested deeper than {max_depth} levels at {place(text, match.start())}"
            stack.append(set() if token == "{" else None)
            expecting_key = token == "{"
        elif token in ("}", "]"):
            if stack:
                stack.pop()
            expecting_key = False
        elif token == ",":
            expecting_key = bool(stack) and stack[-1] is not None
        elif token == ":":
            expecting_key = False
        elif token.startswith('"'):
            keys = stack[-1] if stack else None
            if expecting_key and keys is not None:
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token
                if key in keys:
                    shown = repr(key) if len(key) <= 40 else repr(key[:39] + "…")
                    return f"repeats the key {shown} in one object at {place(text, match.start())}"
                keys.add(key)
            expecting_key = False
        else:
            return f"holds {token}, which JSON does not allow, at {place(text, match.start())}"
    return None


def place(text: str, offset: int) -> str:
    """'line L column C' of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"
