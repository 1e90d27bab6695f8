"""Encoding a sheet for a save, copying what has not changed from the file it replaces.

A save of a 100,000-quote sheet after one edit writes 74 MB of which a few hundred
bytes are new. The encoder knows where each table stands in the version of the file
the store holds open (`atomic.Version`), and which records changed since: a table
nothing changed in is copied from that version as it stands; a table with changes is
copied in runs of unchanged lines between the lines of the changed records, which
alone are encoded anew; records added at the end follow the copied table. The file's
bytes are read again at the save (checked to be the version the store read: see
`Version.read_back`), so an open sheet keeps only its records in memory, never a copy
of the file.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice

import orjson

from factsheet.storage.atomic import Version
from factsheet.storage.fileformat import Contents, Table, record_line, table_head
from factsheet.storage.fileformat import written as tables_written
from factsheet.storage.layout import Places

_CLOSE = b"\n  }"  # a table's last line


@dataclass(slots=True)
class _Span:
    """Where one table stands in the file: bytes `start` to `end`, its records in order."""

    start: int
    end: int
    ids: list[str]
    lines: array[int] | None = None  # where each record's line starts (found when needed)


class Encoder:
    """Encodes a sheet for saving, reusing what has not changed since it was read or saved."""

    def __init__(self) -> None:
        self._version: Version | None = None  # the file the spans are in
        self._spans: dict[str, _Span] = {}
        self._dirty: dict[str, dict[str, int]] = {}  # changed record ids, by table: generation
        self._lines: dict[str, dict[str, bytes]] = {}  # encoded lines of changed records
        self._generation = 0
        self._written: tuple[int, dict[str, _Span]] | None = None  # what the last pieces made

    def forget(self, table: str, record_id: str) -> None:
        """Mark a record as changed (inserted, updated or removed)."""
        self._dirty.setdefault(table, {})[record_id] = self._generation
        self._lines.get(table, {}).pop(record_id, None)

    def clear(self) -> None:
        """Encode every record at the next save (the file's bytes are not to be reused)."""
        self._version = None
        self._spans.clear()
        self._dirty.clear()
        self._lines.clear()
        self._written = None

    def adopt(self, places: Places | None, contents: Contents, version: Version) -> None:
        """Take where each table of `contents` stands in `version`, the file it was just
        read from (`places`, from reading it: None when it is not in this layout, as a file
        written by hand is not: every record is then encoded at the next save)."""
        self.adopt_layout(spans_of(places, contents), version)

    def adopt_layout(self, spans: dict[str, _Span] | None, version: Version) -> None:
        """Take `spans` (from `spans_of`, None: not in the layout) as where the tables
        stand in `version`."""
        self.clear()
        if spans is not None:
            self._version, self._spans = version, spans

    def reconcile(self, contents: Contents) -> None:
        """Mark every record that is in memory but not in the file, or the other way round
        (after changes were re-applied over another process's save)."""
        for name, span in self._spans.items():
            table = contents.tables.get(name)
            present = table.records.keys() if table is not None else set()
            known = set(span.ids)
            for record_id in (present - known) | (known - present):
                self.forget(name, record_id)

    def source(self) -> bytes | None:
        """The bytes of the version the spans are in, read again (None: none is needed), for
        `pieces`; FileChangedError if that version was changed in place meanwhile. Safe to
        call without the store's memory lock (the version changes only with a save)."""
        if self._version is None or not self._spans:
            return None
        return self._version.read_back()

    def pieces(self, contents: Contents, raw: bytes | None) -> list[bytes | memoryview]:
        """The file's bytes in pieces, to be written one after the other; `raw` is what
        `source()` read."""
        if self._version is None or not self._spans:
            raw = None
        file = None if raw is None else memoryview(raw)
        out: list[bytes | memoryview] = [b"{\n"]
        written: dict[str, _Span] = {}
        offset = 2
        for n, (name, table) in enumerate(tables_written(contents)):
            if n:
                out.append(b",\n")
                offset += 2
            start = len(out)
            span = self._spans.get(name)
            dirty = self._dirty.get(name, {})
            if file is not None and span is not None and not dirty and _same(span, table):
                out.append(file[span.start : span.end])
            elif file is not None and span and span.ids and self._appended(span, table, dirty):
                out.append(file[span.start : span.end - len(_CLOSE)])
                for record_id in islice(table.records, len(span.ids), None):
                    out += [b",\n", self._line(name, table, record_id)]
                out.append(_CLOSE)
            elif raw is not None and file is not None and span is not None:
                out.extend(self._spliced(name, table, span, dirty, raw, file))
            else:
                out.extend(self._encoded(name, table))
            size = sum(len(piece) for piece in out[start:])
            written[name] = _Span(offset, offset + size, list(table.records))
            offset += size
        for name, raw_table in contents.foreign.items():  # others' tables, after ours
            out += [b",\n  ", orjson.dumps(name), b": ", orjson.dumps(raw_table)]
        out.append(b"\n}\n")
        self._written = (self._generation, written)
        self._generation += 1
        return out

    def saved(self, version: Version) -> None:
        """The pieces last made are now `version`: copy from it from here on, keeping as
        changed only the records changed since the pieces were made."""
        if self._written is None:
            return
        generation, spans = self._written
        self._written = None
        self._version, self._spans = (version, spans) if spans else (None, {})
        for table, dirty in list(self._dirty.items()):
            later = {key: mark for key, mark in dirty.items() if mark > generation}
            self._dirty[table] = later
            lines = self._lines.get(table)
            if lines is not None:
                self._lines[table] = {key: lines[key] for key in later if key in lines}

    # How each table is written

    def _line(self, name: str, table: Table, record_id: str) -> bytes:
        lines = self._lines.setdefault(name, {})
        line = lines.get(record_id)
        if line is None:
            line = lines[record_id] = record_line(
                table.doc_ids[record_id], table.records[record_id]
            )
        return line

    def _appended(self, span: _Span, table: Table, dirty: dict[str, int]) -> bool:
        """Whether every change to the table since `span` is a record added after it.

        The table has len(span) - removed + added records, and removed + changed + added
        are marked: the two differences agree only when nothing was removed or changed."""
        if len(table.records) - len(span.ids) != len(dirty):
            return False
        return set(islice(reversed(table.records), len(dirty))) == dirty.keys()

    def _spliced(
        self,
        name: str,
        table: Table,
        span: _Span,
        dirty: dict[str, int],
        raw: bytes,
        file: memoryview,
    ) -> Iterator[bytes | memoryview]:
        """The table from runs of unchanged lines copied from `file` and changed ones encoded."""
        lines = span.lines
        if lines is None:
            lines = span.lines = _line_starts(raw, span)
        ids, count = span.ids, len(span.ids)
        yield table_head(name)
        separator = b"\n"
        cursor = 0  # the next record of the span that can still come
        run: int | None = None  # the first of the run of unchanged lines being gathered
        last = 0  # the last of that run
        for record_id in table.records:
            if record_id not in dirty:
                if cursor < count and ids[cursor] == record_id:
                    found = cursor
                else:  # records of the span were removed (or this one is not in it)
                    try:
                        found = ids.index(record_id, cursor)
                    except ValueError:
                        found = -1
                if found >= 0:
                    if run is not None and found != last + 1:
                        yield separator
                        yield file[lines[run] : _line_end(lines, last, span)]
                        separator, run = b",\n", None
                    if run is None:
                        run = found
                    last = found
                    cursor = found + 1
                    continue
            if run is not None:  # a changed record (or one not where the span has it)
                yield separator
                yield file[lines[run] : _line_end(lines, last, span)]
                separator, run = b",\n", None
            yield separator
            yield self._line(name, table, record_id)
            separator = b",\n"
        if run is not None:
            yield separator
            yield file[lines[run] : _line_end(lines, last, span)]
        yield _CLOSE if table.records else b"}"

    def _encoded(self, name: str, table: Table) -> Iterator[bytes]:
        yield table_head(name)
        if not table.records:
            yield b"}"
            return
        separator = b"\n"
        for record_id in table.records:
            yield separator
            yield self._line(name, table, record_id)
            separator = b",\n"
        yield _CLOSE


def spans_of(places: Places | None, contents: Contents) -> dict[str, _Span] | None:
    """Where each table of `contents` stands in the file it was read from, if they open it
    one after the other in this layout (None: they do not)."""
    if places is None:
        return None
    spans = {}
    position = 2
    for n, (name, table) in enumerate(tables_written(contents)):
        if n:
            position += 2  # ",\n"
        place = places.get(name)
        if place is None or place[0] != position:
            return None
        if table.records and place[2] != len(table.records):
            return None
        spans[name] = _Span(place[0], place[1], list(table.records))
        position = place[1]
    return spans


def _same(span: _Span, table: Table) -> bool:
    """Whether a table nothing was marked changed in holds the span's records (a record put
    back while re-applying changes over another process's save is not marked)."""
    return len(table.records) == len(span.ids)


def _line_starts(raw: bytes, span: _Span) -> array[int]:
    """Where each record's line of a table starts in the file."""
    starts = array("q")
    position = raw.find(b"\n", span.start, span.end) + 1
    for _ in range(len(span.ids)):
        starts.append(position)
        position = raw.find(b"\n", position, span.end) + 1
    return starts


def _line_end(lines: array[int], index: int, span: _Span) -> int:
    """Where the line of the span's record `index` ends (before its comma)."""
    if index + 1 < len(lines):
        return lines[index + 1] - 2
    return span.end - len(_CLOSE)
