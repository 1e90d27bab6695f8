"""Re-applying changes not saved yet to a sheet file another process has changed.

Each pending change is merged record by record into the file's latest contents
(`threeway.merge_record`, by stable id), a delete that would leave a reference
dangling is undone, and the records both sides changed are reported.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from factsheet import threeway
from factsheet.changes import Conflict
from factsheet.storage.fileformat import Contents, Table
from factsheet.storage.transaction import Change, Op, apply_record, copy_record

Resolver = Callable[[str, str, dict[str, Any], list[threeway.FieldConflict]], dict[str, Any]]


def replay(pending: list[Change], fresh: Contents, resolver: Resolver | None) -> list[Conflict]:
    """Apply every pending change to `fresh`, merging record by record."""
    conflicts = []
    removed: dict[tuple[str, str], Op] = {}
    for change in pending:
        for (table, record_id), op in change.ops.items():
            target = fresh.tables.setdefault(table, Table())
            theirs = target.records.get(record_id)
            merged = threeway.merge_record(op.before, op.after, theirs)
            record = merged.record
            if merged.conflicts:
                if record is not None and resolver is not None:
                    record = resolver(table, record_id, record, merged.conflicts)
                conflicts.append(Conflict(table, record_id, tuple(merged.conflicts)))
            if record is None and theirs is not None:
                removed[(table, record_id)] = op
            if record != theirs:
                apply_record(target, record_id, record, None)
    keep_referenced(fresh, removed)
    return conflicts


# A record is kept, not deleted, while another record refers to it.
_REFERENCES = (
    ("quotes", "claim", "claims"),
    ("history", "claim", "claims"),
    ("quotes", "source", "sources"),
    ("claims", "source", "sources"),
)


def keep_referenced(fresh: Contents, removed: dict[tuple[str, str], Op]) -> None:
    """A delete replayed over another process's additions must not leave references
    dangling: what is still referred to is put back (the other side's work wins)."""
    if not removed:
        return
    for table, key, target in _REFERENCES:
        gone = {rid for (t, rid) in removed if t == target}
        if not gone:
            continue
        for record in list(fresh.tables.get(table, Table()).records.values()):
            wanted = record.get(key)
            if wanted in gone:
                op = removed.pop((target, wanted))
                apply_record(fresh.tables[target], wanted, copy_record(op.before), op.doc_id)
                gone.discard(wanted)


def describe(conflict: Conflict) -> str:
    fields = ", ".join(c.field for c in conflict.conflicts)
    return (
        f"{conflict.record_id} was changed by another process at the same time ({fields}); "
        "this process's version was kept"
    )
