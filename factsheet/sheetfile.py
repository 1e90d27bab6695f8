"""The sheet file format: one TinyDB JSON document, one record per line.

    {
      "sheet": {
        "meta": {"title": ...}
      },
      "claims": {
        "c-7k2m9pqx": {"id": "c-7k2m9pqx", "text": ...},
        ...
      },
      ...
    }

Tables and records keep their insertion (creation) order, so that the same
sheet always gives the same bytes and an edit changes only its own lines, which
diffs well in git. Saving a large sheet re-encodes only the records that
changed: `SheetEncoder` keeps everything else as it was encoded (or read).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import orjson

from factsheet.errors import SheetFileError

Data = dict[str, dict[str, dict[str, Any]]]

_UTF8_BOM = b"\xef\xbb\xbf"


def encode(data: Data) -> bytes:
    """The file's bytes for `data`."""
    return b"".join(SheetEncoder().chunks(data))


class SheetEncoder:
    """Encodes a sheet for saving, reusing what has not changed since the last save.

    Each table is kept as one encoded chunk, dropped when one of its records changes;
    a table is then re-encoded from per-record lines, of which only the changed ones
    are encoded anew. `adopt` takes the chunks and lines from the file just read, so
    that even the first save of a large sheet encodes only what changed.
    """

    def __init__(self) -> None:
        self._chunks: dict[str, bytes] = {}
        self._lines: dict[str, dict[str, bytes]] = {}
        self._adopted: dict[str, tuple[bytes, list[str]]] = {}

    def forget(self, table: str, record_id: str) -> None:
        """Mark a record as changed (inserted, updated or removed)."""
        self._chunks.pop(table, None)
        if table in self._adopted:
            self._lines[table] = self._adopted_lines(*self._adopted.pop(table))
        self._lines.get(table, {}).pop(record_id, None)

    def clear(self) -> None:
        self._chunks.clear()
        self._lines.clear()
        self._adopted.clear()

    def chunks(self, data: Data) -> list[bytes]:
        """The file's bytes in pieces, to be written one after the other."""
        pieces = [b"{\n"]
        for n, (name, records) in enumerate(data.items()):
            if n:
                pieces.append(b",\n")
            chunk = self._chunks.get(name)
            if chunk is None:
                chunk = self._chunks[name] = self._encode_table(name, records)
            pieces.append(chunk)
        pieces.append(b"\n}\n")
        return pieces

    def adopt(self, raw: bytes, data: Data) -> None:
        """Take each table's chunk from `raw`, the bytes `data` was just parsed from, when
        `raw` is in this module's layout (a file written by hand simply is not adopted)."""
        self.clear()
        position = 2
        for n, (name, records) in enumerate(data.items()):
            head = _table_head(name)
            end_mark = b"\n  }" if records else b"}"
            if n:
                if raw[position : position + 2] != b",\n":
                    return
                position += 2
            if not raw.startswith(head, position):
                return
            end = raw.find(end_mark, position + len(head)) + len(end_mark)
            chunk = raw[position:end]
            if records and chunk.count(b"\n") != len(records) + 1:
                return
            self._chunks[name] = chunk
            self._adopted[name] = (chunk, list(records))
            position = end
        if raw[position:] != b"\n}\n":
            self.clear()

    def _encode_table(self, name: str, records: dict[str, dict[str, Any]]) -> bytes:
        head = _table_head(name)
        if not records:
            return head + b"}"
        lines = self._lines.setdefault(name, {})
        encoded = []
        for record_id, record in records.items():
            line = lines.get(record_id)
            if line is None:
                line = lines[record_id] = _record_line(record_id, record)
            encoded.append(line)
        return head + b"\n" + b",\n".join(encoded) + b"\n  }"

    @staticmethod
    def _adopted_lines(chunk: bytes, record_ids: list[str]) -> dict[str, bytes]:
        """The record lines of an adopted chunk, by id; empty when they do not line up."""
        lines = chunk.split(b"\n")[1:-1]
        if len(lines) != len(record_ids):
            return {}
        adopted = {}
        for record_id, line in zip(record_ids, lines, strict=True):
            line = line.removesuffix(b",")
            if not line.startswith(b"    " + orjson.dumps(record_id) + b": {"):
                return {}
            adopted[record_id] = line
        return adopted


def _table_head(name: str) -> bytes:
    return b"  " + orjson.dumps(name) + b": {"


def _record_line(record_id: str, record: dict[str, Any]) -> bytes:
    return b"    " + orjson.dumps(record_id) + b": " + orjson.dumps(record)


def read_sheet_file(path: Path) -> Data:
    """Read and check a sheet file; every problem becomes one SheetFileError line."""
    return load_sheet_file(path)[1]


def load_sheet_file(path: Path) -> tuple[bytes, Data]:
    """The file's bytes and its parsed, checked data."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SheetFileError(
            f"{path}: no such sheet (create one with: factsheet new {path})"
        ) from None
    except IsADirectoryError:
        raise SheetFileError(f"{path}: is a directory, not a sheet file") from None
    except OSError as error:
        raise SheetFileError(f"{path}: cannot be read ({error.strerror})") from None
    gc.disable()  # parsing makes ~10 objects per record; collecting meanwhile only slows it
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise SheetFileError(f"{path}: {_diagnose(raw, error)}") from None
    finally:
        gc.enable()
    return raw, _check_shape(path, data)


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


def _check_shape(path: Path, data: Any) -> Data:
    """Check that the JSON is a TinyDB database: an object of tables, each an object.
    (The records in them are checked by the sheet, which knows what they must hold.)"""
    if not isinstance(data, dict):
        raise SheetFileError(f"{path}: is JSON but not a factsheet sheet (no tables)")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise SheetFileError(f"{path}: table '{name}' is not a set of records")
    return data
