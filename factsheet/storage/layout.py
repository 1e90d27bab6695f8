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
the file is read a line at a time (`read_layout`), so that its bytes are never all in
memory beside the records made from them; each chunk of lines is parsed on its own,
checked on its own (with the layout's whitespace taken out it must read exactly as
orjson writes what was parsed from it, so that no key repeats: see
`fileformat._refuse_repeated_keys`), and the values records repeat are made one object
(`compact`) before the next chunk is read, which reuses the memory the duplicates took.
A file in any other layout, or anything unusual in this one, is left to the whole-file
parse (`read_layout` returns None), which gives the exact diagnostics.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, BinaryIO

import orjson

CHUNK = 256  # records parsed at once

# Fields whose values repeat across records (a quote's claim and source, statuses, who):
# each distinct value is kept once in memory.
_REPEATED = frozenset(
    ("claim", "source", "stance", "status", "rating", "by", "claimant", "kind", "note")
)
_DOCUMENT = b'    "'  # how a document's line starts
_TABLE = b'  "'  # how a table's first line starts


_APART: ContextVar[bool] = ContextVar("apart", default=False)


@contextmanager
def kept_apart() -> Iterator[None]:
    """Records read meanwhile (in this context: this thread) keep the values they repeat
    apart, not made one object (`compact`): for a sheet read once and let go, as an export
    is, where making them one takes a fifth of the open to save memory it will not hold."""
    token = _APART.set(True)
    try:
        yield
    finally:
        _APART.reset(token)


def compacting() -> bool:
    """Whether records read now keep each value they repeat once (see `kept_apart`)."""
    return not _APART.get()


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
            # Not zero: 0.0 and -0.0 are equal (one would stand for the other), written apart.
            if type(value) is str or (type(value) is float and value != 0.0):
                anchor[key] = shared.setdefault(value, value)
        text = record.get("text")
        if type(text) is str and anchor.get("exact") == text:
            anchor["exact"] = text


Places = dict[str, tuple[int, int, int]]
"""Where each table stands in the file: name -> (first byte, end, document lines); the
end is just after the table's closing brace, and a table on one line has -1 lines."""


def parse_layout(raw: bytes) -> dict[str, Any] | None:
    """What `orjson.loads(raw)` gives (with repeated values kept once) when `raw` is in the
    layout and repeats no key; None when it is not in the layout or anything in it is
    unusual (parse it whole then)."""
    found = read_layout(io.BytesIO(raw))
    return None if found is None else found[0]


def read_layout(file: BinaryIO) -> tuple[dict[str, Any], Places] | None:
    """`parse_layout` of a file read a line at a time from where it stands, and where each
    table stands in it; None when it is not in the layout (what was read is then of no
    use: read the file whole from its start)."""
    readline = file.readline
    if readline() != b"{\n":
        return None
    data: dict[str, Any] = {}
    places: Places = {}
    shared: dict[Any, Any] = {}
    position = 2
    while True:
        line = readline()
        start = position
        position += len(line)
        if not (line.startswith(_TABLE) and line.endswith(b"\n")):
            return None
        if line.endswith(b": {\n"):  # a table, one document per line
            name = _string(line[2:-4])
            found = _documents(readline, shared)
            if name is None or found is None or name in data:
                return None
            data[name], size, lines, line = found
            position += size + len(line)
            if line not in (b"  }\n", b"  },\n"):
                return None
            places[name] = (start, position - len(line) + 3, lines)
        else:  # a table on one line: empty, or another program's table
            text = line[:-1].removesuffix(b",")
            one = _one_line(text)
            if one is None or one[0] in data:
                return None
            data[one[0]] = one[1]
            places[one[0]] = (start, start + len(text), -1)
        if not line.endswith(b",\n"):
            return (data, places) if readline() == b"}\n" and not readline() else None


def _documents(
    readline: Callable[[], bytes], shared: dict[Any, Any]
) -> tuple[dict[str, Any], int, int, bytes] | None:
    """The documents of one table, read from the line after its first, the bytes and the
    number of their lines, and the line that follows them (the table's last); None if a
    chunk is not in the layout or repeats a key."""
    table: dict[str, Any] = {}
    size = count = 0
    line = readline()
    while line.startswith(_DOCUMENT):
        lines: list[bytes] = []
        while len(lines) < CHUNK and line.startswith(_DOCUMENT):
            lines.append(line)
            line = readline()
        text = b"".join(lines)
        size += len(text)
        count += len(lines)
        more = line.startswith(_DOCUMENT)
        # Each line ends in a comma, but for the table's last (`more` is false).
        if not text.endswith(b",\n" if more else b"}\n"):
            return None
        body = text[:-2] if more else text[:-1]
        try:
            part = orjson.loads(b"{" + body + b"}")  # JSON allows the layout's whitespace
        except orjson.JSONDecodeError:
            return None
        # The lines must be exactly the layout of what was parsed from them: then no key
        # repeats in them (a dict's keys do not) and they hold nothing else.
        if b",\n".join([_line(key, value) for key, value in part.items()]) != body:
            return None
        before = len(table)
        table.update(part)
        if len(table) != before + len(part):  # a document id repeated across chunks
            return None
        if compacting():
            for record in part.values():
                if type(record) is dict:
                    compact(record, shared)
    return table, size, count, line


def places_in(raw: bytes, tables: Iterable[tuple[str, int]]) -> Places | None:
    """Where each of `tables` (name, number of records, in the file's order) stands in
    `raw`, a file read whole, when they open it one after the other in the layout."""
    places: Places = {}
    position = 2
    for n, (name, records) in enumerate(tables):
        head = b"  " + orjson.dumps(name) + b": {"
        if n:
            if raw[position : position + 2] != b",\n":
                return None
            position += 2
        if not raw.startswith(head, position):
            return None
        end_mark = b"\n  }" if records else b"}"
        end = raw.find(end_mark, position + len(head)) + len(end_mark)
        lines = raw.count(b"\n", position, end) - 1
        if records and lines != records:
            return None
        places[name] = (position, end, lines if records else -1)
        position = end
    return places


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
