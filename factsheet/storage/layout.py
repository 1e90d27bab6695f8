"""Reading a sheet file in the layout `fileformat.Encoder` writes, a few hundred records at
a time, so that opening a large sheet holds little more than its records.

The layout is one table per key and one document per line:

    {
      "sheet": {
        "1": {"title":...}
      },
      "quotes": {
        "1": {"id":"q-...",...},
        "2": {"id":"q-...",...}
      }
    }

Parsed whole, a 74 MB sheet makes a tree of 235 MB and, with the file's bytes and the
temporary copies a check for repeated keys makes, held over five times the file. Here
each chunk of lines is parsed on its own, checked on its own (with the layout's
whitespace taken out it must read exactly as orjson writes what was parsed from it, so
that no key repeats: see `fileformat._refuse_repeated_keys`), and the values records
repeat are made one object (`compact`) before the next chunk is read, which reuses the
memory the duplicates took. A file in any other layout, or anything unusual in this
one, is left to the whole-file parse (`parse_layout` returns None), which gives the
exact diagnostics.
"""

from __future__ import annotations

from typing import Any

import orjson

CHUNK = 256  # records parsed at once

# Fields whose values repeat across records (a quote's claim and source, statuses, who):
# each distinct value is kept once in memory.
_REPEATED = frozenset(
    ("claim", "source", "stance", "status", "rating", "by", "claimant", "kind", "note")
)
_DOCUMENT = b'    "'  # how a document's line starts
_TABLE = b'  "'  # how a table's first line starts


def compact(record: dict[str, Any], shared: dict[Any, Any]) -> None:
    """Keep values that many records repeat (ids, statuses, a score) once, through
    `shared`; a quote's text is most often its anchor's words: kept once too."""
    for key in _REPEATED.intersection(record):
        value = record[key]
        if type(value) is str and len(value) <= 64:
            record[key] = shared.setdefault(value, value)
    anchor = record.get("anchor")
    if type(anchor) is dict:
        for key in ("status", "snapshot", "within", "score"):
            value = anchor.get(key)
            if type(value) is str or type(value) is float:
                anchor[key] = shared.setdefault(value, value)
        text = record.get("text")
        if type(text) is str and anchor.get("exact") == text:
            anchor["exact"] = text


def parse_layout(raw: bytes) -> dict[str, Any] | None:
    """What `orjson.loads(raw)` gives (with repeated values kept once) when `raw` is in the
    layout and repeats no key; None when it is not in the layout or anything in it is
    unusual (parse it whole then)."""
    if not (raw.startswith(b"{\n") and raw.endswith(b"\n}\n")):
        return None
    data: dict[str, Any] = {}
    shared: dict[Any, Any] = {}
    position = 2
    while True:
        end = raw.find(b"\n", position)
        line = raw[position:end]
        if not line.startswith(_TABLE):
            return None
        if line.endswith(b": {"):  # a table, one document per line
            name = _string(line[2:-3])
            found = _documents(raw, end + 1, shared)
            if name is None or found is None or name in data:
                return None
            data[name], position = found
            end = raw.find(b"\n", position)
            line = raw[position:end]
            if line not in (b"  }", b"  },"):
                return None
        else:  # a table on one line: empty, or another program's table
            one = _one_line(line.removesuffix(b","))
            if one is None or one[0] in data:
                return None
            data[one[0]] = one[1]
        position = end + 1
        if not line.endswith(b","):
            return data if position == len(raw) - 2 else None


def _documents(
    raw: bytes, position: int, shared: dict[Any, Any]
) -> tuple[dict[str, Any], int] | None:
    """The documents of one table from `position` on, and where the table's last line
    starts; None if a chunk is not in the layout or repeats a key."""
    table: dict[str, Any] = {}
    while raw.startswith(_DOCUMENT, position):
        start = position
        for _ in range(CHUNK):
            position = raw.find(b"\n", position) + 1
            if not raw.startswith(_DOCUMENT, position):
                break
        lines = raw[start : position - 1].removesuffix(b",")
        try:
            part = orjson.loads(b"{" + lines + b"}")  # JSON allows the layout's whitespace
        except orjson.JSONDecodeError:
            return None
        # The lines must be exactly the layout of what was parsed from them: then no key
        # repeats in them (a dict's keys do not) and they hold nothing else.
        if b",\n".join([_line(key, value) for key, value in part.items()]) != lines:
            return None
        count = len(table)
        table.update(part)
        if len(table) != count + len(part):  # a document id repeated across chunks
            return None
        for record in part.values():
            if type(record) is dict:
                compact(record, shared)
    if raw[position - 2 : position - 1] == b",":  # a comma after the table's last document
        return None
    return table, position


def _line(key: str, record: Any) -> bytes:
    return b'    "' + key.encode() + b'": ' + orjson.dumps(record)


def _one_line(line: bytes) -> tuple[str, Any] | None:
    """(name, value) of a table written on one line, if it reads exactly as written."""
    try:
        part = orjson.loads(b"{" + line[2:] + b"}")
    except orjson.JSONDecodeError:
        return None
    if len(part) != 1:
        return None
    [(name, value)] = part.items()
    if orjson.dumps(name) + b": " + orjson.dumps(value) != line[2:]:
        return None
    return name, value


def _string(text: bytes) -> str | None:
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return None
    return value if type(value) is str and orjson.dumps(value) == text else None
