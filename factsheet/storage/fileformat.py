"""The sheet file: a TinyDB JSON database that stock TinyDB opens, one record per line.

    {
      "sheet": {
        "1": {"title": ..., "schema": 2, ...}
      },
      "claims": {
        "1": {"id": "c-7k2m9pqx", "text": ...},
        "2": {"id": "c-4hq8rt2m", "text": ...}
      },
      ...
    }

Tables hold TinyDB's own document ids ("1", "2", ...: the order records were
made in) and each record carries its stable id as a field, so that
`TinyDB(path).table("claims").search(Query().rating == "false")` works on any
sheet, while merges and references use the stable ids. Tables nobody here knows
(a user's own, added with TinyDB) are kept as they are.

The same sheet always gives the same bytes, and an edit changes only its own
lines, which diffs well in git. Saving re-encodes only the records that changed:
`encoder.Encoder` copies every other line from the file it replaces. A file in
this layout is read a chunk of records at a time (`layout`), any other whole.

Schema 1 files (records keyed by their stable ids, which stock TinyDB cannot
read) are converted when read; `parse` says so, and the store writes the new
layout on the first writable open, keeping the old file beside it.
"""

from __future__ import annotations

import gc
import io
import operator
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from factsheet.errors import SheetFileError
from factsheet.model import SCHEMA_VERSION, upgrade_quote
from factsheet.storage.atomic import Version
from factsheet.storage.layout import Places, compact, compacting, places_in, read_layout
from factsheet.strict_json import repeated_key

META_TABLE = "sheet"
META_ID = "meta"  # the meta record's key in memory; document "1" of table "sheet" on disk
# Records deleted lately, each with its last contents (`tombstones`); written only when
# it holds any, so that a sheet nobody deleted from keeps the bytes it always had.
DELETED = "deleted"
TABLES = (META_TABLE, "sources", "claims", "quotes", "history", DELETED)

_UTF8_BOM = b"\xef\xbb\xbf"

Record = dict[str, Any]


@dataclass(slots=True)
class Table:
    """One table in memory: records by stable id in document order, and their TinyDB ids."""

    records: dict[str, Record] = field(default_factory=dict)
    doc_ids: dict[str, int] = field(default_factory=dict)
    top: int = 0  # the largest document id given out

    def next_doc_id(self) -> int:
        """TinyDB's rule: one more than the largest id in use (or given out here)."""
        self.top += 1
        return self.top

    def copy(self) -> Table:
        return Table(dict(self.records), dict(self.doc_ids), self.top)


@dataclass(slots=True)
class Contents:
    """A parsed sheet file: our tables, the tables of others (kept as read), the schema the
    file was written in."""

    tables: dict[str, Table]
    foreign: dict[str, Any] = field(default_factory=dict)
    schema: int = SCHEMA_VERSION

    def copy(self) -> Contents:
        return Contents({n: t.copy() for n, t in self.tables.items()}, self.foreign, self.schema)


def new_contents(meta: Record) -> Contents:
    tables = {name: Table() for name in TABLES}
    tables[META_TABLE] = Table({META_ID: meta}, {META_ID: 1}, 1)
    return Contents(tables)


# Reading


def read_contents(path: Path) -> Contents:
    """The file's parsed contents; every problem is one SheetFileError line."""
    version, contents, _ = read_version(path)
    version.release()
    return contents


def read_version(path: Path) -> tuple[Version, Contents, Places | None]:
    """The file's contents, the version read held open (see `Version`), and where each
    table stands in it (None: not in the layout). A file in this module's layout is read
    a few hundred lines at a time, so that its bytes are never all in memory at once."""
    try:
        version, (contents, places) = Version.open(path, lambda file: load(file, path))
    except FileNotFoundError:
        raise SheetFileError(
            f"{path}: no such sheet (create one with: factsheet new {path})"
        ) from None
    except IsADirectoryError:
        raise SheetFileError(f"{path}: is a directory, not a sheet file") from None
    except OSError as error:
        raise SheetFileError(f"{path}: cannot be read ({error.strerror})") from None
    return version, contents, places


def load(file: BinaryIO, path: Path) -> tuple[Contents, Places | None]:
    """The contents of a sheet file read from its start, and where its tables stand;
    SheetFileError (one line) on any problem. A file in this module's layout is read a
    chunk at a time (`layout`), any other whole."""
    gc.disable()  # parsing makes ~10 objects per record; collecting meanwhile only slows it
    try:
        found = read_layout(file)
        places: Places | None
        if found is not None:
            data, places = found
            contents = _contents(data, path, compacted=True)
        else:
            file.seek(0)
            raw = file.read()
            contents = _parse(raw, path)
            counts = ((name, len(table.records)) for name, table in written(contents))
            places = places_in(raw, counts)
        _settle()
        return contents, places
    finally:
        gc.enable()


def _settle() -> None:
    """Put the records just read with the objects that live long, without the collector
    scanning them: left young, every one of a large sheet's records would be scanned twice
    (a third of a second at 100,000 quotes) before the collector took them as old. Where
    the process keeps old objects frozen (the app does, for the sheet's records), the new
    records are frozen with them."""
    if gc.get_freeze_count():
        gc.freeze()
    else:
        gc.freeze()  # every object the collector follows, moved aside without a scan...
        gc.unfreeze()  # ...and back, into the oldest generation


def parse(raw: bytes, path: Path) -> Contents:
    """The contents of a sheet file's bytes; SheetFileError (one line) on any problem."""
    return load(io.BytesIO(raw), path)[0]


def _parse(raw: bytes, path: Path) -> Contents:
    """The contents of a file that is not in the layout, parsed whole."""
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise SheetFileError(f"{path}: {_diagnose(raw, error)}") from None
    if isinstance(data, dict):
        _refuse_repeated_keys(raw, data, path)
    return _contents(data, path)


def _contents(data: Any, path: Path, compacted: bool = False) -> Contents:
    if not isinstance(data, dict):
        raise SheetFileError(f"{path}: is JSON but not a factsheet sheet (no tables)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise SheetFileError(f"{path}: table {name[:40]!r} is not a set of records")
    meta_table = data.get(META_TABLE)
    if not meta_table:
        raise SheetFileError(f"{path}: is JSON but not a factsheet sheet (no sheet metadata)")
    if META_ID in meta_table:
        return _upgraded(_from_schema_1(data, path))
    foreign = {name: table for name, table in data.items() if name not in TABLES}
    tables = {name: _table(path, name, data.get(name, {}), compacted) for name in TABLES}
    schema = _schema_of(tables[META_TABLE].records.get(META_ID), path)
    return _upgraded(Contents(tables, foreign, schema))


def _upgraded(contents: Contents) -> Contents:
    """Records of an older schema in today's form (the file is rewritten on the first
    writable open): from schema 3 on, a quote's text is its source's words."""
    if contents.schema < 3:
        meta = contents.tables[META_TABLE].records[META_ID]
        if isinstance(meta, dict):
            contents.tables[META_TABLE].records[META_ID] = {**meta, "schema": SCHEMA_VERSION}
        quotes = contents.tables["quotes"].records
        for record_id, record in quotes.items():
            quotes[record_id] = upgrade_quote(record)
    return contents


def _refuse_repeated_keys(raw: bytes, data: dict[str, Any], path: Path) -> None:
    """A key repeated in one object means one thing to orjson (the last wins, silently) and
    another to a reader that keeps the first: such a file is refused, never rewritten.

    A file in this module's layout is checked cheaply: with the layout's line breaks and
    indents taken out, it reads exactly as orjson writes what was parsed from it. Only
    whitespace is taken out, so equal text means an equal structure, and orjson's own
    output repeats no key. Any other file (written by hand or by another program) gets
    the thorough check, which also names the place."""
    if _without_layout(raw) == orjson.dumps(data):
        return
    problem = repeated_key(raw.decode("utf-8"))
    if problem is not None:
        raise SheetFileError(f"{path}: {problem}; the file was not changed")


def _without_layout(raw: bytes) -> bytes:
    """The file's text without the indents, line breaks and the space after each table's
    and document's key that `Encoder` puts in. Whole-text replacements, each making one
    object (a split into a million lines would leave the memory they took scattered and
    held). A replacement that also hits text inside a string only makes the comparison
    fail, and the thorough check run."""
    for spaced, tight in _LAYOUT:
        raw = raw.replace(spaced, tight)
    return raw


_LAYOUT = (
    (b'\n    "', b'"'),  # a document's line
    (b'\n  "', b'"'),  # a table's first line
    (b"\n  }", b"}"),  # a table's last line
    (b'": {', b'":{'),  # after a table's or a document's key
    (b"{\n", b"{"),
    (b"\n}\n", b"}"),
)


def _table(path: Path, name: str, raw_table: dict[str, Any], compacted: bool = False) -> Table:
    """Records by stable id, in document-id order, checked for what the layout needs."""
    if compacted and name != META_TABLE:
        quick = _quick_table(raw_table)
        if quick is not None:
            return quick
    items = []
    for key, record in raw_table.items():
        if not (key.isascii() and key.isdigit() and key[0] != "0"):
            raise SheetFileError(
                f"{path}: table '{name}' has a document id {key[:40]!r} that is not a "
                "positive whole number"
            )
        if type(record) is not dict:
            raise SheetFileError(f"{path}: document {key} in '{name}' is not an object")
        items.append((int(key), record))
    if any(items[n][0] >= items[n + 1][0] for n in range(len(items) - 1)):
        items.sort(key=lambda item: item[0])
    table = Table(top=items[-1][0] if items else 0)
    if name == META_TABLE:
        if len(items) != 1:
            raise SheetFileError(f"{path}: table 'sheet' must hold exactly one document")
        table.records[META_ID] = items[0][1]
        table.doc_ids[META_ID] = items[0][0]
        return table
    records, doc_ids = table.records, table.doc_ids
    shared: dict[Any, Any] = {}  # one object for values many records repeat (ids, statuses)
    compacted = compacted or not compacting()
    for doc_id, record in items:
        if not compacted:
            compact(record, shared)
        record_id = record.get("id")
        if type(record_id) is not str:
            raise SheetFileError(f"{path}: document {doc_id} in '{name}' has no id")
        if record_id in records:
            raise SheetFileError(
                f"{path}: id {record_id[:40]!r} appears twice in '{name}' "
                f"(documents {doc_ids[record_id]} and {doc_id})"
            )
        records[record_id] = record
        doc_ids[record_id] = doc_id
    return table


def _quick_table(raw_table: dict[str, Any]) -> Table | None:
    """`_table` of a table as this module writes it (document ids ascending from 1 without
    leading zeros, objects with distinct string ids), a column at a time; None for any
    other table, which `_table` reads a record at a time and words the problem of."""
    keys = list(raw_table)
    values = list(raw_table.values())
    if not keys:
        return Table()
    if not (
        all(map(str.isdigit, keys))
        and all(map(str.isascii, keys))
        and not any(map(_LEADING_ZERO, keys))
        and set(map(type, values)) == {dict}
    ):
        return None
    numbers = list(map(int, keys))
    if not all(map(operator.lt, numbers, islice(numbers, 1, None))):
        return None
    ids = list(map(_ID, values))
    if set(map(type, ids)) != {str}:
        return None
    records = dict(zip(ids, values, strict=True))
    if len(records) != len(values):
        return None
    return Table(records, dict(zip(ids, numbers, strict=True)), numbers[-1])


_LEADING_ZERO = operator.methodcaller("startswith", "0")
_ID = operator.methodcaller("get", "id")


def _schema_of(meta: Any, path: Path) -> int:
    schema = meta.get("schema") if isinstance(meta, dict) else None
    if type(schema) is not int:
        raise SheetFileError(f"{path}: has no valid schema version")
    if schema > SCHEMA_VERSION:
        raise SheetFileError(
            f"{path}: was written by a newer factsheet (schema {schema}; this version reads "
            f"up to {SCHEMA_VERSION}); upgrade factsheet to open it"
        )
    return schema


def _from_schema_1(data: dict[str, Any], path: Path) -> Contents:
    """A schema-1 file (records keyed by stable id) in today's layout, numbered in file order."""
    meta = data[META_TABLE][META_ID]
    schema = _schema_of(meta, path)
    if schema != 1:
        raise SheetFileError(f"{path}: has schema {schema} but the layout of schema 1")
    tables = {name: Table() for name in TABLES}
    tables[META_TABLE] = Table({META_ID: {**meta, "schema": SCHEMA_VERSION}}, {META_ID: 1}, 1)
    for name in TABLES[1:]:
        table = tables[name]
        for number, (key, record) in enumerate(data.get(name, {}).items(), start=1):
            if type(record) is not dict:
                raise SheetFileError(f"{path}: record {key[:40]!r} in '{name}' is not an object")
            if record.get("id", key) != key:
                raise SheetFileError(f"{path}: record {key[:40]!r} carries another id")
            table.records[key] = {**record, "id": key}
            table.doc_ids[key] = table.top = number
    foreign = {name: table for name, table in data.items() if name not in TABLES}
    return Contents(tables, foreign, schema=1)


def _diagnose(raw: bytes, error: orjson.JSONDecodeError) -> str:
    """What is wrong with bytes that do not parse, in the words a user can act on."""
    if not raw.strip():
        return "is empty, not a factsheet sheet"
    if raw.startswith(_UTF8_BOM):
        return "starts with a byte-order mark; a sheet is plain UTF-8 JSON"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        return f"is not valid UTF-8 (bad byte at offset {bad.start})"
    return (
        f"is not valid JSON ({error.msg} at line {error.lineno} column {error.colno}); "
        "it may be truncated or corrupt"
    )


# Writing


def written(contents: Contents) -> Iterator[tuple[str, Table]]:
    """The tables a file of `contents` holds, in order: every table but an empty one of
    deleted records."""
    for name, table in contents.tables.items():
        if table.records or name != DELETED:
            yield name, table


def encode(contents: Contents) -> bytes:
    """The file's bytes for `contents` (`encoder.Encoder` makes the same bytes for a save,
    copying what has not changed from the file it replaces)."""
    out = [b"{\n"]
    for n, (name, table) in enumerate(written(contents)):
        if n:
            out.append(b",\n")
        out.append(table_head(name))
        if not table.records:
            out.append(b"}")
            continue
        out.append(
            b"\n"
            + b",\n".join(
                record_line(table.doc_ids[key], record) for key, record in table.records.items()
            )
            + b"\n  }"
        )
    for name, raw_table in contents.foreign.items():
        out += [b",\n  ", orjson.dumps(name), b": ", orjson.dumps(raw_table)]
    out.append(b"\n}\n")
    return b"".join(out)


def table_head(name: str) -> bytes:
    return b"  " + orjson.dumps(name) + b": {"


def record_line(doc_id: int, record: Record) -> bytes:
    return b'    "%d": ' % doc_id + orjson.dumps(record)
