"""Reading a shared document that is exactly as `json_format.dumps` writes an export, a few
hundred records at a time.

Parsed whole, the 92 MB export of a 100,000-quote sheet took the parser's own tree of it
beside the records made from it and beside the file's bytes: 470 MB at the peak. An
export's layout is known: each table a list under a key of the document, each record
in it starting with a line of four spaces and "{" and ending with one of four spaces
and "}" (a JSON string holds no raw line break, so these lines are the records' own).
Here each run of records is parsed on its own, the values records repeat are kept once
(`storage.layout.compact`), and the bytes are then compared with what `dumps` writes for
what was parsed, a run at a time: only a file equal to that, byte for byte, is taken
(then it repeats no key: the output of a dict has none). Anything else gives None, and
the whole-file parse, which words every problem, reads it.
"""

from __future__ import annotations

from typing import Any

import orjson

from factsheet.storage.layout import compact

RUN = 500  # records parsed, and written to compare, at once
_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE
_ENTRY = b'\n  "'  # how a key of the document starts its line (deeper lines start further in)
_BETWEEN = b"\n    },\n    {\n"  # between two records of a table
_CLOSE = b"\n  ]"  # a table's last line


class _Unlike(Exception):
    """The bytes are not exactly an export's."""


def read_exported(raw: bytes) -> dict[str, Any] | None:
    """The document in `raw` when `raw` is exactly what `dumps` writes for it; else None."""
    try:
        document = _parts(raw)
        return document if _as_written(document, raw) else None
    except (_Unlike, orjson.JSONDecodeError, TypeError):
        return None


def _parts(raw: bytes) -> dict[str, Any]:
    """Parse the document a key at a time, each table a run of records at a time."""
    if not raw.startswith(b'{\n  "') or not raw.endswith(b"\n}\n"):
        raise _Unlike
    starts = []
    at = 1
    while at >= 0:
        starts.append(at)
        at = raw.find(_ENTRY, at + 1)
    ends = [start - 1 for start in starts[1:]] + [len(raw) - 3]  # before "," or "\n}\n"
    document: dict[str, Any] = {}
    shared: dict[Any, Any] = {}
    for start, end in zip(starts, ends, strict=True):
        colon = raw.find(b'": ', start)
        if colon < 0 or colon > end:
            raise _Unlike
        key = orjson.loads(raw[start + 3 : colon + 1])
        if type(key) is not str or key in document:
            raise _Unlike
        value = colon + 3
        if raw.startswith(b"[\n    {\n", value):
            document[key] = _records(raw, value + 2, end, shared)
        else:
            document[key] = orjson.loads(raw[value:end])
    return document


def _records(raw: bytes, start: int, end: int, shared: dict[Any, Any]) -> list[Any]:
    """The records of one table, from the first record's line to the table's last line."""
    if raw[end - len(_CLOSE) : end] != _CLOSE:
        raise _Unlike
    stop = end - len(_CLOSE)
    records: list[Any] = []
    while start < stop:
        cut = start
        for _ in range(RUN):
            cut = raw.find(_BETWEEN, cut + 1, stop)
            if cut < 0:
                cut = stop
                break
        else:
            cut += len(b"\n    }")
        part = orjson.loads(b"[" + raw[start:cut] + b"]")
        for record in part:
            if type(record) is dict:
                compact(record, shared)
        records += part
        start = cut + len(b",\n") if cut < stop else stop
    return records


def _as_written(document: dict[str, Any], raw: bytes) -> bool:
    """Whether `raw` is exactly what `dumps` writes for `document`, compared a run of records
    at a time: a record in a table stands two spaces further in than on its own."""
    at = _expect(raw, 0, b"{\n")
    for n, key in enumerate(sorted(document)):
        value = document[key]
        at = _expect(raw, at, b"  " + orjson.dumps(key) + b": ")
        if type(value) is list and value:
            at = _expect(raw, at, b"[\n")
            for start in range(0, len(value), RUN):
                if start:
                    at = _expect(raw, at, b",\n")
                run = orjson.dumps(value[start : start + RUN], option=_OPTIONS)
                at = _expect(raw, at, b"  " + run[2:-3].replace(b"\n", b"\n  "))
            at = _expect(raw, at, _CLOSE)
        else:
            written = orjson.dumps(value, option=_OPTIONS)[:-1]
            at = _expect(raw, at, written.replace(b"\n", b"\n  "))
        at = _expect(raw, at, b",\n" if n < len(document) - 1 else b"\n")
    return _expect(raw, at, b"}\n") == len(raw)


def _expect(raw: bytes, at: int, expected: bytes) -> int:
    """Where `raw` goes on after `expected`, which must stand at `at` (else _Unlike)."""
    if not raw.startswith(expected, at):
        raise _Unlike
    return at + len(expected)
