"""What the sheet holds a file to when it opens it, what it holds its own changes to
before it saves them, and how it settles a record two processes changed at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import orjson

from factsheet.errors import InvalidInputError, SheetFileError
from factsheet.model import SCHEMA_VERSION
from factsheet.safe_text import one_line
from factsheet.sheet.values import CLAIMS
from factsheet.storage.fileformat import DELETED, META_ID, META_TABLE, Contents
from factsheet.storage.transaction import Op
from factsheet.threeway import FieldConflict
from factsheet.validate import (
    KINDS,
    Problem,
    check_records,
    check_scale,
    check_tombstones,
    record_check,
    sheet_info_check,
)


def check_contents(contents: Contents, path: Path) -> None:
    """Every record of a sheet file against the rules (`validate`); one line on a problem."""
    meta = contents.tables[META_TABLE].records[META_ID]
    try:
        info = {key: value for key, value in meta.items() if key != "schema"}
        sheet_info_check()(info, "sheet")
        keys = check_scale(meta["scale"], "sheet.scale")
        tables = {name: table.records for name, table in contents.tables.items()}
        check_records(tables, keys, lambda table, record_id: f"{table}[{record_id}]")
        graves = tables.get(DELETED)
        if graves:
            check_tombstones(graves, keys, lambda record_id: f"{DELETED}[{record_id}]")
    except Problem as problem:
        raise SheetFileError(
            f"{path}: {one_line(str(problem), 300)}; the file was not changed"
        ) from None
    if contents.schema > SCHEMA_VERSION:  # pragma: no cover - refused when parsed
        raise SheetFileError(f"{path}: is too new")


def check_written(ops: Iterable[Op]) -> None:
    """Hold the records a change writes to the rules a file is opened with, so that a sheet
    never saves what it would refuse to read (a 2 MB claim, text that is not UTF-8);
    InvalidInputError, and the change is undone, on a problem."""
    for op in ops:
        record = op.after
        if record is None:
            continue
        where = f"{op.table}[{one_line(op.record_id, 40)}]"
        try:
            if op.table == META_TABLE:
                sheet_info_check()({k: v for k, v in record.items() if k != "schema"}, "sheet")
            elif op.table in KINDS:
                record_check(KINDS[op.table])(record, where)
            elif op.table == DELETED:
                check_tombstones({op.record_id: record}, _tomb_scale(record), _named(where))
            orjson.dumps(record)
        except Problem as problem:
            raise InvalidInputError(
                f"{one_line(str(problem), 200)}, so it cannot be saved; nothing was changed"
            ) from None
        except TypeError:  # a lone surrogate: text that is not UTF-8
            raise InvalidInputError(
                f"{where} holds text that is not valid UTF-8, so it cannot be saved; "
                "nothing was changed"
            ) from None


def _named(where: str) -> Callable[[str], str]:
    return lambda _: where


def _tomb_scale(tomb: dict[str, Any]) -> list[str]:
    """A tombstone this process writes keeps a record it held, whose rating was checked."""
    record = tomb.get("record")
    return [record["rating"]] if isinstance(record, dict) and "rating" in record else []


def settle_conflict(
    table: str, record_id: str, record: dict[str, Any], conflicts: list[FieldConflict]
) -> dict[str, Any]:
    """Two processes changed one claim differently: this one's version stands, and the
    claim is marked until a reviewer settles it (both verdicts are in the log)."""
    if table != CLAIMS:
        return record
    fields = ", ".join(sorted(c.field for c in conflicts))
    return {**record, "conflict": f"changed by two reviewers at once ({fields})"}
