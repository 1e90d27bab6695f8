"""Every record a sheet holds, checked against one set of rules, whichever way it came in.

A sheet file may have been edited by hand or by another program, and a shared file
comes from someone else: opening a sheet (`check_records`) and importing or merging
a shared one (`check_document`) check records here, in one code path, against the
exchange format's JSON Schema (`exchange/sheet.schema.json`) and the rules a schema
cannot state: references between records, ratings on the sheet's scale, archive
paths that stay inside the archive folder, ids that match their pattern in full,
numbers the file format can hold. Reading an archive file checks its path again
(`archive_file`), so that a path nobody checked is never followed.

The schema is compiled into plain Python checks (`schema_checks`). A problem is
reported as one `Problem` with its place, which the caller turns into its own
error with the file's name.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any

from factsheet import anchor
from factsheet.errors import SheetFileError
from factsheet.model import UNRATED
from factsheet.schema_checks import (
    Check,
    Fail,
    Inner,
    Problem,
    compile_node,
    compiled,
    describe,
    schema,
    short,
)
from factsheet.schema_fast import record_passes

__all__ = [
    "KINDS",
    "Problem",
    "archive_file",
    "archive_path_ok",
    "check_archive_folder",
    "check_document",
    "check_records",
    "check_scale",
    "check_tombstones",
    "record_check",
    "schema",
    "sheet_info_check",
    "source_words",
]

Record = Mapping[str, Any]
_ID = operator.methodcaller("get", "id")
# Record kinds, by the table that holds them, and the schema definition of each.
KINDS = {"sources": "source", "claims": "claim", "quotes": "quote", "history": "change"}


@cache
def record_check(kind: str) -> Check:
    """The compiled check for one kind of record ("claim", "quote", "source", "change")."""
    return compiled(schema()["$defs"][kind])


@cache
def _record_inner(kind: str) -> Inner:
    return compile_node(schema()["$defs"][kind])


@cache
def sheet_info_check() -> Check:
    return compiled(schema()["properties"]["sheet"])


def check_records(
    tables: Mapping[str, Mapping[str, Record]],
    scale: Iterable[str],
    place: Callable[[str, str], str],
) -> None:
    """Check every record of `tables` (by table, then stable id) and how they refer to each
    other; `scale` is the sheet's rating keys, `place(table, id)` names a record."""
    for table, kind in KINDS.items():
        inner, passes = _record_inner(kind), record_passes(kind)
        records = tables.get(table, {})
        if all(map(passes, records.values())) and all(
            map(operator.eq, map(_ID, records.values()), records)
        ):
            continue  # every record passes and has its key as id: no loop in Python
        for record_id, record in records.items():
            if not passes(record):  # rare: the full check says what is wrong, and where
                try:
                    inner(record)
                except Fail as fail:
                    raise fail.problem(place(table, record_id)) from None
            if record.get("id") != record_id:
                raise Problem(f"{place(table, record_id)}.id", "does not match the record's key")
    sources = tables.get("sources", {})
    claims = tables.get("claims", {})
    for record_id, source in sources.items():
        _snapshot_paths(source, place("sources", record_id))
    keys = {*scale, UNRATED}
    for record_id, claim in claims.items():
        _on_scale(claim, keys, place("claims", record_id))
        _refers(claim.get("source"), sources, place("claims", record_id) + ".source", "sources")
    for record_id, quote in tables.get("quotes", {}).items():
        found = quote.get("anchor")
        if (
            quote["claim"] in claims
            and quote["source"] in sources
            and (
                found is None
                or (  # an anchor of one span that fits its exact text, which is the quote's
                    not found.get("parts")
                    and found["start"] < found["end"]
                    and found["end"] - found["start"] == len(found["exact"])
                    and quote["text"] == found["exact"]
                )
            )
        ):
            continue  # the common case, without naming the place
        where = place("quotes", record_id)
        _refers(quote["claim"], claims, f"{where}.claim", "claims")
        _refers(quote["source"], sources, f"{where}.source", "sources")
        source_words(quote, where)
    for record_id, change in tables.get("history", {}).items():
        _refers(change["claim"], claims, place("history", record_id) + ".claim", "claims")


def _snapshot_paths(source: Record, where: str) -> None:
    for n, snapshot in enumerate(source["snapshots"]):
        for key in ("original", "text", "visible"):
            if key in snapshot and not archive_path_ok(
                snapshot[key], allow_empty=key != "original"
            ):
                raise Problem(
                    f"{where}.snapshots[{n}].{key}",
                    f"{snapshot[key][:80]!r} is not a path inside the sheet's archive folder",
                )


def _on_scale(claim: Record, keys: set[str], where: str) -> None:
    if claim["rating"] not in keys:
        raise Problem(f"{where}.rating", f"{claim['rating'][:40]!r} is not on the sheet's scale")


_TOMBSTONE_KEYS = {"id", "table", "record", "doc", "by", "at"}


def check_tombstones(
    graves: Mapping[str, Any], scale: Iterable[str], place: Callable[[str], str]
) -> None:
    """Check the tombstones of deleted records (`storage.tombstones`) by id: each keeps one
    record held to the rules of its kind (its words its anchor's, its rating on the
    scale, its archive paths inside the archive), since a record can come back from it;
    `place(id)` names a tombstone."""
    keys = {*scale, UNRATED}
    timestamp = compiled(schema()["$defs"]["timestamp"])
    for record_id, tomb in graves.items():
        where = place(record_id)
        if not isinstance(tomb, dict):
            raise Problem(where, f"should be an object, not {describe(tomb)}")
        for key in tomb:
            if key not in _TOMBSTONE_KEYS:
                raise Problem(where, f"has a field {short(key)} that a tombstone does not have")
        table = tomb.get("table")
        kind = KINDS.get(table) if isinstance(table, str) else None
        if kind is None:
            raise Problem(f"{where}.table", "is not a kind of record")
        record: Record = tomb.get("record")  # type: ignore[assignment]
        if not record_passes(kind)(record):
            record_check(kind)(record, f"{where}.record")
        if tomb.get("id") != record_id or record["id"] != record_id:
            raise Problem(f"{where}.id", "is not the id of the record it keeps")
        timestamp(tomb.get("at"), f"{where}.at")
        if not isinstance(tomb.get("by"), str):
            raise Problem(f"{where}.by", "should be a name")
        doc = tomb.get("doc")
        if doc is not None and not (type(doc) is int and 0 < doc < 2**53):
            raise Problem(f"{where}.doc", "is not a document number")
        if kind == "quote" and not _plain_anchor(record):
            source_words(record, f"{where}.record")
        elif kind == "claim":
            _on_scale(record, keys, f"{where}.record")
        elif kind == "source":
            _snapshot_paths(record, f"{where}.record")


def _plain_anchor(quote: Record) -> bool:
    """Whether a quote has no anchor, or one of one span that fits its exact text, which
    is the quote's: the common case, which needs no closer look (`check_records` asks
    the same inline, on every quote of a sheet)."""
    found = quote.get("anchor")
    return found is None or (
        not found.get("parts")
        and found["start"] < found["end"]
        and found["end"] - found["start"] == len(found["exact"])
        and quote["text"] == found["exact"]
    )


def source_words(quote: Record, where: str) -> None:
    """A quote's text is the words its anchor holds: never words the source does not have."""
    found = quote.get("anchor")
    if found is None:
        return
    problem = anchor.anchor_problem(found)
    if problem:
        raise Problem(f"{where}.anchor", problem)
    if quote["text"] != anchor.anchor_words(found):
        raise Problem(f"{where}.text", "is not the source's words its anchor holds")


def check_document(document: Mapping[str, Any]) -> None:
    """Check a shared document (the exchange format, `exchange.json_format`): the same rules
    as a sheet file's records, each problem placed by JSON path ($.claims[3].text)."""
    if not isinstance(document, dict):
        raise Problem("$", f"should be an object, not {describe(document)}")
    for key in document:
        if key not in _DOCUMENT_KEYS:
            raise Problem("$", f"has a field {short(key)} that this format does not have")
    for key in _DOCUMENT_KEYS:
        if key not in document:
            raise Problem("$", f"lacks the field {key!r}")
    for key in ("format", "version"):
        compiled(schema()["properties"][key])(document[key], f"$.{key}")
    sheet_info_check()(document["sheet"], "$.sheet")
    keys = check_scale(document["sheet"]["scale"], "$.sheet.scale")
    tables: dict[str, dict[str, Record]] = {}
    index: dict[str, dict[str, int]] = {}
    for table, kind in KINDS.items():
        items = document[table]
        if not isinstance(items, list):
            raise Problem(f"$.{table}", f"should be a list, not {describe(items)}")
        records: dict[str, Record] = {}
        places: dict[str, int] = {}
        for n, item in enumerate(items):
            record_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(record_id, str):
                record_check(kind)(item, f"$.{table}[{n}]")  # says what is wrong with it
                raise Problem(f"$.{table}[{n}].id", "is missing")  # pragma: no cover
            if record_id in places:
                raise Problem(
                    f"$.{table}[{n}].id",
                    f"repeats the id {short(record_id)} of $.{table}[{places[record_id]}]",
                )
            records[record_id] = item
            places[record_id] = n
        tables[table], index[table] = records, places
    check_records(tables, keys, lambda table, record_id: f"$.{table}[{index[table][record_id]}]")


_DOCUMENT_KEYS = ("format", "version", "sheet", *KINDS)


def check_scale(levels: Any, where: str) -> list[str]:
    """A rating scale: distinct keys, none of them 'unrated'; returns the keys."""
    if not isinstance(levels, list) or not levels:
        raise Problem(where, "a rating scale needs at least one level")
    check = compiled(schema()["properties"]["sheet"]["properties"]["scale"])
    check(levels, where)
    keys = [level["key"] for level in levels]
    if UNRATED in keys:
        raise Problem(where, "'unrated' is not a level of a scale; it is the lack of one")
    if len(set(keys)) != len(keys):
        raise Problem(where, "the scale repeats a level")
    return keys


def archive_path_ok(path: str, *, allow_empty: bool = False) -> bool:
    """Whether `path` names a file inside an archive folder: relative, no '..', no
    backslashes, drive letters or control characters, in the form the archive writes."""
    if not path:
        return allow_empty
    if "\\" in path or ":" in path or any(ord(char) < 0x20 for char in path):
        return False
    parts = PurePosixPath(path).parts
    return (
        not path.startswith("/")
        and PurePosixPath(path).as_posix() == path
        and all(part not in ("..", ".") for part in parts)
    )


def archive_file(archive_dir: Path, path: str, what: str = "the file") -> Path:
    """The file a snapshot's `path` names, for reading: refused (SheetFileError, saying
    `what` it is) unless it is a regular file inside `archive_dir` once every symbolic
    link is resolved, so that a path from a damaged, hand-edited or shared sheet never
    reads anything else."""
    if not archive_path_ok(path):
        raise SheetFileError(
            f"{archive_dir}: {what} has the path {short(path)}, which is not inside the "
            "sheet's archive folder; it is not read"
        )
    file = archive_dir / path
    try:
        folder = archive_dir.resolve(strict=True)
        resolved = file.resolve(strict=True)
    except FileNotFoundError:
        why = " (the archive folder is missing)" if not archive_dir.is_dir() else ""
        raise SheetFileError(f"{file}: {what} is not in the archive{why}") from None
    except (OSError, RuntimeError) as error:  # a symlink loop, a folder we may not enter
        why = getattr(error, "strerror", None) or "a symbolic link loop"
        raise SheetFileError(f"{file}: {what} cannot be read ({why})") from None
    if not resolved.is_relative_to(folder):
        raise SheetFileError(
            f"{file}: {what} leads outside the sheet's archive folder (to {resolved}); "
            "it is not read"
        )
    if not resolved.is_file():
        raise SheetFileError(f"{file}: {what} is not a regular file; it is not read")
    return resolved


def check_archive_folder(archive_dir: Path) -> None:
    """Refuse (SheetFileError) an archive folder that cannot take files: something other
    than a folder where it should be. A missing folder is fine: it is made when needed."""
    if (archive_dir.exists() or archive_dir.is_symlink()) and not archive_dir.is_dir():
        raise SheetFileError(
            f"{archive_dir}: is not a folder, yet the sheet keeps its snapshots there; "
            "move it away and try again (nothing was changed)"
        )


def _refers(value: str | None, targets: Mapping[str, Record], where: str, table: str) -> None:
    if value is not None and value not in targets:
        raise Problem(where, f"refers to {value[:40]!r}, which is not among the {table}")
