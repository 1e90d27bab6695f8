"""Three-way merge of sheet files by stable id: what git's merge driver runs.

Two copies of a sheet that went their own ways (two clones, two machines) are merged
with their common ancestor, record by record (`threeway`): a change made on one side
is taken, the same change on both sides once; different changes to the same field
keep this side's value, mark the claim as conflicting and are listed; the corrections
logs and the snapshots of both sides are united; a record one side deleted and the
other changed is kept; a record still referred to is never deleted. The result is
written over "ours" in the sheet file layout, so `git merge` and `git pull` finish
without conflict markers in sheet files.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from factsheet.sheet.rules import check_contents
from factsheet.sheet.values import KINDS
from factsheet.storage.atomic import write_atomically
from factsheet.storage.fileformat import (
    META_ID,
    META_TABLE,
    Contents,
    Table,
    encode,
    read_contents,
)
from factsheet.threeway import merge_record, merge_sheets


@dataclass
class FileMerge:
    """What a merge of two sheet files did: the conflicts, listed for people."""

    conflicts: list[str] = field(default_factory=list)


def is_sheet_file(path: Path) -> bool:
    """Whether `path` holds a factsheet sheet (else git's own merge applies to it)."""
    try:
        data = orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    meta = data.get(META_TABLE) if isinstance(data, dict) else None
    return isinstance(meta, dict) and any(
        isinstance(record, dict) and "schema" in record for record in meta.values()
    )


def merge_files(base: Path | None, ours: Path, theirs: Path) -> FileMerge:
    """Merge `theirs` into `ours` (written in place) using their common ancestor `base`
    (None or an empty file: no ancestor)."""
    mine = _read(ours)
    other = _read(theirs)
    ancestor = _read(base) if base is not None and base.stat().st_size else None
    merged = merge_sheets(_tables(ancestor), _tables(mine), _tables(other))
    contents = Contents(
        {META_TABLE: Table({META_ID: _merged_meta(ancestor, mine, other)}, {META_ID: 1}, 1)}
        | {kind: _numbered(merged.tables[kind], mine.tables[kind]) for kind in KINDS},
        mine.foreign,
    )
    check_contents(contents, ours)
    write_atomically(ours, encode(contents))
    return FileMerge(merged.conflicts)


def _read(path: Path) -> Contents:
    contents = read_contents(path)
    check_contents(contents, path)
    return contents


def _tables(contents: Contents | None) -> dict[str, Mapping[str, Any]]:
    if contents is None:
        return {}
    return {kind: contents.tables[kind].records for kind in KINDS}


def _merged_meta(ancestor: Contents | None, mine: Contents, other: Contents) -> dict[str, Any]:
    def meta(contents: Contents | None) -> dict[str, Any] | None:
        return None if contents is None else dict(contents.tables[META_TABLE].records[META_ID])

    ours, theirs = meta(mine), meta(other)
    assert ours is not None and theirs is not None
    merged = merge_record(meta(ancestor), ours, theirs).record or ours
    merged["created"] = min(filter(None, [ours["created"], theirs["created"]]), default="")
    merged["updated"] = max(ours["updated"], theirs["updated"])
    merged["schema"] = max(ours["schema"], theirs["schema"])
    return merged


def _numbered(records: dict[str, dict[str, Any]], mine: Table) -> Table:
    """The merged records with TinyDB ids: ours keep theirs, the others' come after."""
    table = Table(top=mine.top)
    for record_id in sorted(records, key=lambda rid: mine.doc_ids.get(rid, 1 << 62)):
        number = mine.doc_ids.get(record_id)
        if number is None:
            number = table.next_doc_id()
        table.records[record_id] = records[record_id]
        table.doc_ids[record_id] = number
    table.top = max([table.top, *table.doc_ids.values()])
    return table
