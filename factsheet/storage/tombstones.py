"""Tombstones: what a delete leaves in the sheet file, so that a process that changed the
deleted record meanwhile can bring it back from the file itself.

A delete can lose work that is not its own: another process may have changed the
record (a new verdict, a new quote of the claim) after this process last read the file,
and a third may still hold a change to it that it has not saved. When that third
process saves, its change wins over the delete (`replay`); what it puts back must then
be the record as the file last had it and everything the delete took along, not what
that one process happened to hold. So every record a change removes leaves, in the
table `deleted`, a tombstone: its last contents, where it stood (its document id), who
deleted it and when. A record that comes back (an undo, a replay) takes its tombstone
away; tombstones are never exported, and are pruned (see `prune`).

    "deleted": {
      "1": {"id": "c-7k2m9pqx", "table": "claims", "record": {...}, "doc": 4,
            "by": "ada", "at": "2026-11-27T21:00:00Z"}
    }
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from factsheet.storage.fileformat import DELETED, Contents, Record, Table
from factsheet.storage.transaction import Writer, apply_record, copy_record

# The tables whose deleted records leave a tombstone.
BURIED = ("sources", "claims", "quotes", "history")
# How long a tombstone is kept, and how many at most. A tombstone is needed while a
# process may still save a change it made before it saw the delete: the app saves each
# edit at once and re-reads the file twice a second, but keeps an edit it could not save
# (a full disk, a lock held, a laptop asleep over SSH) and saves it later. Thirty days
# covers any such pause a person would expect an edit to survive; processes do not sign
# in anywhere, so "once every process has seen it" cannot be known. The cap bounds the
# file's growth when many records are deleted at once (the oldest go first).
KEEP_DAYS = 30
KEEP_MOST = 10_000
# Which records a record refers to (by which field): what a record back needs back.
REFERS = {
    "claims": (("source", "sources"),),
    "quotes": (("claim", "claims"), ("source", "sources")),
    "history": (("claim", "claims"),),
}


def bury(change: Writer, graves: Mapping[str, Record], by: str, clock: Callable[[], str]) -> None:
    """Leave a tombstone for every record `change` removes (stamped with `by` and the time
    `clock` tells, asked only then), take away the tombstone of every record it brings
    back, and prune old ones; `graves` is the table of tombstones."""
    gone = []
    for op in list(change.change.ops.values()):
        if op.table not in BURIED:
            continue
        if op.after is None and op.before is not None:
            gone.append(op)
        elif op.after is not None and op.record_id in graves:
            change.remove(DELETED, op.record_id)
    if not gone:
        return
    at = clock()
    for op in gone[-KEEP_MOST:]:  # more would be pruned at once (a claim's comes last)
        tomb: dict[str, Any] = {"id": op.record_id, "table": op.table}
        tomb["record"] = dict(op.before or {})
        if op.doc_id is not None:
            tomb["doc"] = op.doc_id
        change.put(DELETED, op.record_id, {**tomb, "by": by, "at": at}, None)
    for record_id in prune(graves, at):
        change.remove(DELETED, record_id)


def prune(graves: Mapping[str, Record], now: str) -> list[str]:
    """The tombstones to drop at `now`: older than KEEP_DAYS, and the oldest beyond
    KEEP_MOST."""
    try:
        cutoff = (datetime.fromisoformat(now) - timedelta(days=KEEP_DAYS)).isoformat()
    except ValueError:
        return []
    cutoff = cutoff.replace("+00:00", "Z")
    old = [key for key, tomb in graves.items() if tomb["at"] < cutoff]
    dropped = set(old)
    kept = [key for key in graves if key not in dropped]
    return old + kept[: max(0, len(kept) - KEEP_MOST)]


def tomb_record(fresh: Contents, table: str, record_id: str) -> Record | None:
    """The last contents of a deleted record, from its tombstone (None: none)."""
    graves = fresh.tables.get(DELETED)
    tomb = None if graves is None else graves.records.get(record_id)
    if tomb is None or tomb["table"] != table:
        return None
    record: Record = tomb["record"]
    return record


def raise_from_grave(fresh: Contents, table: str, record_id: str) -> bool:
    """Put a deleted record back as its tombstone keeps it (in its old place when free);
    whether it had one."""
    record = tomb_record(fresh, table, record_id)
    if record is None:
        return False
    doc = fresh.tables[DELETED].records[record_id].get("doc")
    apply_record(fresh.tables.setdefault(table, Table()), record_id, copy_record(record), doc)
    return True


def bring_back(
    fresh: Contents, records: set[tuple[str, str]], claims: set[str], ours: Mapping[Any, Any]
) -> set[str]:
    """After a replay: bring back from their tombstones what the records this process wrote
    (`records`) refer to, and what the delete of each claim back (`claims`, with those
    this brings back) took along: its quotes and log entries, except those this process
    removed itself (`ours`: the last state of each record it changed, by (table, id)).
    Returns the claims whose tombstones this found. The tombstones of what is back stay
    until `forget_risen` (the replay calls it once everything is back)."""
    graves = fresh.tables.get(DELETED)
    if graves is None or not graves.records:
        return set()
    back = {claim for claim in claims if tomb_record(fresh, "claims", claim) is not None}
    queue = list(records)
    while queue:
        table, record_id = queue.pop()
        record = fresh.tables.get(table, Table()).records.get(record_id)
        for key, target in REFERS.get(table, ()) if record is not None else ():
            wanted = record.get(key) if record is not None else None
            present = fresh.tables.get(target, Table()).records
            if wanted is None or wanted in present:
                continue
            if raise_from_grave(fresh, target, wanted):
                queue.append((target, wanted))
                if target == "claims":
                    back.add(wanted)
    for record_id, tomb in list(graves.records.items()):
        table, record = tomb["table"], tomb["record"]
        if table not in ("quotes", "history") or record.get("claim") not in back:
            continue
        if (table, record_id) in ours and ours[(table, record_id)] is None:
            continue  # this process deleted it itself
        source = record.get("source") if table == "quotes" else None
        if (
            source is not None
            and source not in fresh.tables["sources"].records
            and not raise_from_grave(fresh, "sources", source)
        ):
            continue  # its source is gone for good: it cannot stand
        raise_from_grave(fresh, table, record_id)
    return back


def forget_risen(fresh: Contents) -> None:
    """Drop the tombstone of every record that stands again."""
    graves = fresh.tables.get(DELETED)
    if graves is None:
        return
    for record_id, tomb in list(graves.records.items()):
        if record_id in fresh.tables.get(tomb["table"], Table()).records:
            apply_record(graves, record_id, None, None)
