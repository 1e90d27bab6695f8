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
from factsheet.storage.fileformat import DELETED, Contents, Record, Table
from factsheet.storage.tombstones import bring_back, forget_risen, tomb_record
from factsheet.storage.transaction import Change, Op, apply_record, copy_record

Resolver = Callable[[str, str, dict[str, Any], list[threeway.FieldConflict]], dict[str, Any]]


def replay(
    pending: list[Change],
    fresh: Contents,
    resolver: Resolver | None,
    previous: Contents | None = None,
) -> list[Conflict]:
    """Apply every pending change to `fresh`, merging record by record. A record another
    process deleted and this one changed comes back merged with its last contents, from
    its tombstone (`tombstones`), with what the delete took along; `previous` is what this
    process held before, to put back what a delete took along when it left no tombstone
    (a sheet written by an older factsheet)."""
    conflicts = []
    removed: dict[tuple[str, str], Op] = {}
    kept: set[str] = set()  # claims another process deleted and this one changed: kept
    ours: dict[tuple[str, str], Record | None] = {}  # the last state of what this one wrote
    for change in pending:
        for (table, record_id), op in change.ops.items():
            ours[(table, record_id)] = op.after
            target = fresh.tables.setdefault(table, Table())
            theirs = target.records.get(record_id)
            if table == DELETED:  # tombstones: the last word stands, never a conflict
                if op.after is None or theirs is None:
                    apply_record(target, record_id, copy_record(op.after), None)
                continue
            merged = threeway.merge_record(op.before, op.after, theirs)
            record, found, place = merged.record, merged.conflicts, None
            if theirs is None and record is not None and op.before is not None:
                last = tomb_record(fresh, table, record_id)  # deleted elsewhere: as it was
                if last is not None:
                    latest = threeway.merge_record(op.before, op.after, last)
                    record, found = latest.record, [*found, *latest.conflicts]
                    place = fresh.tables[DELETED].records[record_id].get("doc")
            if found:
                if record is not None and resolver is not None:
                    record = resolver(table, record_id, record, found)
                conflicts.append(Conflict(table, record_id, tuple(found)))
            if record is None and theirs is not None:
                removed[(table, record_id)] = op
            # A claim deleted elsewhere, or deleted by this process while another changed
            # it, that stays.
            if (
                table == "claims"
                and record is not None
                and op.before
                and (theirs is None or op.after is None)
            ):
                kept.add(record_id)
            if record != theirs:
                apply_record(target, record_id, record, place)  # back in its place
    kept |= keep_referenced(fresh, removed)
    written = {key for key, after in ours.items() if after is not None and key[0] != DELETED}
    entombed = bring_back(fresh, written, kept, ours)
    _restore_dependents(fresh, kept, removed, previous, entombed)
    forget_risen(fresh)
    return conflicts


def _restore_dependents(
    fresh: Contents,
    claims: set[str],
    removed: dict[tuple[str, str], Op],
    previous: Contents | None,
    entombed: set[str],
) -> None:
    """A claim whose delete is not taken comes back whole: the quotes and log entries
    the delete took along are put back (from this process's own delete, or, when
    another process's delete left no tombstone (`entombed`: those that did), from what
    this process held before)."""
    if not claims:
        return
    for (table, record_id), op in list(removed.items()):
        if table in ("quotes", "history") and op.before and op.before.get("claim") in claims:
            apply_record(fresh.tables[table], record_id, copy_record(op.before), op.doc_id)
            del removed[(table, record_id)]
    claims = claims - entombed
    if previous is None or not claims:
        return
    for table in ("quotes", "history"):
        target = fresh.tables.setdefault(table, Table())
        held = previous.tables.get(table, Table())
        for record_id, record in held.records.items():
            missing = record_id not in target.records and (table, record_id) not in removed
            if missing and record.get("claim") in claims:
                apply_record(target, record_id, copy_record(record), None)


# A record is kept, not deleted, while another record refers to it.
_REFERENCES = (
    ("quotes", "claim", "claims"),
    ("history", "claim", "claims"),
    ("quotes", "source", "sources"),
    ("claims", "source", "sources"),
)


def keep_referenced(fresh: Contents, removed: dict[tuple[str, str], Op]) -> set[str]:
    """A delete replayed over another process's additions must not leave references
    dangling: what is still referred to is put back (the other side's work wins).
    Returns the claims put back."""
    restored: set[str] = set()
    if not removed:
        return restored
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
                if target == "claims":
                    restored.add(wanted)
    return restored


def describe(conflict: Conflict) -> str:
    fields = ", ".join(c.field for c in conflict.conflicts if c.field != "*")
    if any(c.field == "*" for c in conflict.conflicts):
        also = f"; both changed {fields}, and this process's values stand" if fields else ""
        return (
            f"{conflict.record_id} was deleted by another process while this one changed it; "
            f"it is kept, with what was saved before the delete{also}"
        )
    return (
        f"{conflict.record_id} was changed by another process at the same time ({fields}); "
        "this process's version was kept"
    )
