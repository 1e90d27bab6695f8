"""Three-way merge of one record by its stable id: what two sides made of a common base.

Used wherever two versions of a sheet meet: a save that finds the file changed by
another process (our change is re-applied to what is there), git's merge driver,
and importing a shared sheet that names its base. A change made on one side is
taken; the same change on both sides is taken once; different changes to one
field are a conflict, which the caller settles and reports. Lists that only grow
(tags, snapshots, failed attempts) are united instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

Record = Mapping[str, Any]
# Fields whose lists are sets of items: both sides' additions are kept.
UNITED = {"tags", "snapshots", "attempts"}
# When a record was last changed: both sides changing it is no conflict; the later stands.
LATEST = {"updated"}


@dataclass(frozen=True, slots=True)
class FieldConflict:
    field: str
    base: Any
    ours: Any
    theirs: Any


@dataclass(slots=True)
class Merged:
    """The merged record (None: deleted) and the conflicts in it. `kept` says which side's
    version a whole-record conflict kept: a delete against an edit keeps the edit."""

    record: dict[str, Any] | None
    conflicts: list[FieldConflict] = field(default_factory=list)
    kept: str = ""


def merge_record(
    base: Record | None, ours: Record | None, theirs: Record | None, *, prefer: str = "ours"
) -> Merged:
    """Merge one record; in a field conflict the `prefer`red side's value stands."""
    if _same(ours, theirs):
        return Merged(_copy(ours))
    if _same(theirs, base):
        return Merged(_copy(ours))
    if _same(ours, base):
        return Merged(_copy(theirs))
    if ours is None or theirs is None:
        # One side deleted what the other changed: the change is kept, the delete is not.
        survivor, side = (theirs, "theirs") if ours is None else (ours, "ours")
        return Merged(_copy(survivor), [FieldConflict("*", base, ours, theirs)], kept=side)
    base = base or {}
    merged: dict[str, Any] = {}
    conflicts = []
    for key in dict.fromkeys([*theirs, *ours]):
        b, o, t = base.get(key, _MISSING), ours.get(key, _MISSING), theirs.get(key, _MISSING)
        if o == t or t == b:
            value = o
        elif o == b:
            value = t
        elif key in UNITED and isinstance(o, list) and isinstance(t, list):
            value = _unite(b if isinstance(b, list) else [], o, t)
        elif key in LATEST and isinstance(o, str) and isinstance(t, str):
            value = max(o, t)  # ISO 8601 times in UTC sort as text
        else:
            conflicts.append(FieldConflict(key, _none(b), _none(o), _none(t)))
            value = o if prefer == "ours" else t
        if value is not _MISSING:
            merged[key] = value
    return Merged(merged, conflicts)


def _unite(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Items of either side, minus those one side removed from the base; items with ids
    (snapshots) are matched by id, and kept in their order of capture."""

    def key(item: Any) -> Any:
        return item.get("id", repr(sorted(item.items()))) if isinstance(item, dict) else item

    removed = {key(item) for item in base} - ({key(i) for i in ours} & {key(i) for i in theirs})
    united = {key(item): item for item in [*theirs, *ours] if key(item) not in removed}
    items = list(united.values())
    if all(isinstance(item, str) for item in items):
        return sorted(items)
    if all(isinstance(item, dict) for item in items):
        return sorted(items, key=lambda item: (str(item.get("taken") or item.get("at")), key(item)))
    return items


class _Missing:
    def __repr__(self) -> str:
        return "(absent)"


_MISSING: Any = _Missing()


def _none(value: Any) -> Any:
    return None if value is _MISSING else value


def _same(a: Record | None, b: Record | None) -> bool:
    return a is b or (a is not None and b is not None and dict(a) == dict(b))


def _copy(record: Record | None) -> dict[str, Any] | None:
    return None if record is None else dict(record)


@dataclass(slots=True)
class TableMerge:
    """A whole table merged: the records by id (ours' order first, then records only the
    other side has, in its order), and each record that had conflicts."""

    records: dict[str, dict[str, Any]]
    conflicts: dict[str, Merged]


def merge_table(
    base: Mapping[str, Record], ours: Mapping[str, Record], theirs: Mapping[str, Record]
) -> TableMerge:
    """Merge every record of one table by its stable id (see `merge_record`)."""
    records: dict[str, dict[str, Any]] = {}
    conflicts: dict[str, Merged] = {}
    for record_id in dict.fromkeys([*ours, *theirs, *base]):
        merged = merge_record(base.get(record_id), ours.get(record_id), theirs.get(record_id))
        if merged.record is not None:
            records[record_id] = merged.record
        if merged.conflicts:
            conflicts[record_id] = merged
    return TableMerge(records, conflicts)


Tables = Mapping[str, Mapping[str, Record]]
# Which records each kind of record refers to, by which field.
REFERENCES = (
    ("claims", "source", "sources"),
    ("quotes", "claim", "claims"),
    ("quotes", "source", "sources"),
)


@dataclass(slots=True)
class SheetMerge:
    """Two versions of a sheet's records merged with their ancestor: the records by kind
    and id, and the conflicts, listed for people."""

    tables: dict[str, dict[str, dict[str, Any]]]
    conflicts: list[str]


def merge_sheets(base: Tables, ours: Tables, theirs: Tables) -> SheetMerge:
    """Merge the sources, claims, quotes and corrections log of two versions of a sheet
    (tables of records by stable id) with their common ancestor.

    A field both sides changed differently keeps our value, marks the claim (or the claim
    of the quote) as conflicting and is listed; a record one side deleted and the other
    changed is kept; a record still referred to is never deleted; log entries never
    change, so both sides' are kept for every claim that is kept.
    """
    conflicts: list[str] = []
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    marks: dict[str, str] = {}
    for kind in ("sources", "claims", "quotes"):
        merged = merge_table(base.get(kind, {}), ours.get(kind, {}), theirs.get(kind, {}))
        tables[kind] = merged.records
        for record_id, outcome in merged.conflicts.items():
            fields = ", ".join(sorted(c.field for c in outcome.conflicts if c.field != "*"))
            if outcome.kept:
                what = "deleted on one side and changed on the other; the changed one is kept"
            else:
                what = f"changed differently on both sides ({fields}); this side's values stand"
            conflicts.append(f"{kind[:-1]} {record_id}: {what}")
            record = merged.records.get(record_id)
            if record is None:
                continue
            if kind == "claims":
                marks[record_id] = f"merged with conflicts ({fields or 'deleted and changed'})"
            elif kind == "quotes":
                marks.setdefault(record["claim"], "a quote of it was merged with conflicts")
    _keep_referenced(tables, ours, theirs)
    for claim_id, mark in marks.items():
        if claim_id in tables["claims"]:
            tables["claims"][claim_id]["conflict"] = mark
    log = {**theirs.get("history", {}), **ours.get("history", {})}
    ordered = dict.fromkeys([*ours.get("history", {}), *theirs.get("history", {})])
    tables["history"] = {
        key: dict(log[key]) for key in ordered if log[key]["claim"] in tables["claims"]
    }
    return SheetMerge(tables, conflicts)


def _keep_referenced(
    tables: dict[str, dict[str, dict[str, Any]]], ours: Tables, theirs: Tables
) -> None:
    """Put back a record one side deleted while the other still refers to it."""
    changed = True
    while changed:
        changed = False
        for kind, key, target in REFERENCES:
            for record in list(tables[kind].values()):
                wanted = record.get(key)
                if wanted is None or wanted in tables[target]:
                    continue
                kept = ours.get(target, {}).get(wanted) or theirs.get(target, {}).get(wanted)
                if kept is not None:
                    tables[target][wanted] = dict(kept)
                    changed = True
