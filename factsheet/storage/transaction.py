"""What one transaction does to a sheet's records, and the handle it is made through.

A change is kept record by record (its state before and after), which is what
lets a save re-encode only those records, undo put them back, and a save that
finds the file changed re-apply them to what is there.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from factsheet.storage.fileformat import META_ID, META_TABLE, Record, Table


@dataclass(frozen=True, slots=True)
class Op:
    """One record's change: its state before and after (None: absent), and where it stood."""

    table: str
    record_id: str
    before: Record | None
    after: Record | None
    doc_id: int | None = None  # its TinyDB id before the change, to put it back in place


@dataclass(slots=True)
class Change:
    """What one transaction did, record by record (the first `before`, the last `after`)."""

    label: str
    ops: dict[tuple[str, str], Op] = field(default_factory=dict)


class Writer:
    """The handle a transaction changes records through (see `SheetStore.change`)."""

    def __init__(
        self,
        change: Change,
        get: Callable[[str, str], Record | None],
        put: Callable[[Change, str, str, dict[str, Any] | None, int | None], None],
    ) -> None:
        self.change = change
        self.get = get
        self._put_record = put

    def _put(
        self,
        change: Change,
        table: str,
        record_id: str,
        record: dict[str, Any] | None,
        doc_id: int | None = None,
    ) -> None:
        self._put_record(change, table, record_id, record, doc_id)

    def insert(self, table: str, record: Record) -> None:
        record_id = record["id"] if table != META_TABLE else META_ID
        if self.get(table, record_id) is not None:
            raise KeyError(f"{table}/{record_id} exists")
        self._put(self.change, table, record_id, dict(record))

    def update(self, table: str, record_id: str, fields: Mapping[str, Any]) -> None:
        current = self.get(table, record_id)
        if current is None:
            raise KeyError(f"{table}/{record_id} does not exist")
        self._put(self.change, table, record_id, {**current, **fields})

    def remove(self, table: str, record_id: str) -> None:
        if self.get(table, record_id) is not None:
            self._put(self.change, table, record_id, None)

    def put(self, table: str, record_id: str, record: Record | None, doc_id: int | None) -> None:
        """Make the record exactly `record` (None: absent), back at `doc_id` if it returns."""
        self._put(self.change, table, record_id, copy_record(record), doc_id)


def apply_record(table: Table, record_id: str, record: Record | None, doc_id: int | None) -> None:
    """Set one record in a table (None: remove it), keeping document order."""
    records, doc_ids = table.records, table.doc_ids
    if record is None:
        records.pop(record_id, None)
        doc_ids.pop(record_id, None)
        return
    if record_id in records:
        records[record_id] = record
        return
    if doc_id is None or doc_id > table.top or doc_id in doc_ids.values():
        number = table.next_doc_id()
    else:
        number = doc_id  # back in its old place (undo of a delete)
    records[record_id] = record
    doc_ids[record_id] = number
    if number < table.top:
        order = sorted(doc_ids, key=doc_ids.__getitem__)
        table.records = {key: records[key] for key in order}
        table.doc_ids = {key: doc_ids[key] for key in order}


def copy_record(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else dict(record)
