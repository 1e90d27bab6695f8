"""Every record a sheet holds, checked against one set of rules, whichever way it came in.

A sheet file may have been edited by hand or by another program, and a shared file
comes from someone else: opening a sheet (`check_records`) and importing or merging
a shared one (`check_document`) check records here, in one code path, against the
exchange format's JSON Schema (`exchange/sheet.schema.json`) and the rules a schema
cannot state: references between records, ratings on the sheet's scale, archive
paths that stay inside the archive folder, ids that match their pattern in full,
numbers the file format can hold. Reading an archive file checks its path again
(`archive_file`), so that a path nobody checked is never followed.

The schema is compiled into plain Python checks, since a general JSON Schema
validator takes seconds on a large sheet; the tests hold the two to the same
answers. A problem is reported as one `Problem` with its place, which the caller
turns into its own error with the file's name.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import Any

from factsheet.errors import SheetFileError
from factsheet.model import UNRATED

Check = Callable[[Any, str], None]
Record = Mapping[str, Any]

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}
# Record kinds, by the table that holds them, and the schema definition of each.
KINDS = {"sources": "source", "claims": "claim", "quotes": "quote", "history": "change"}
MAX_TEXT = 1_000_000  # characters in any one field: far beyond any real claim or quote
# Whole numbers the sheet file's encoder (orjson) writes: signed and unsigned 64-bit.
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**64 - 1


class Problem(Exception):
    """A record that breaks a rule: where (a path such as claims[c-7k2m9pqx].rating) and what."""

    def __init__(self, place: str, message: str) -> None:
        super().__init__(f"at {place}: {message}")
        self.place = place
        self.message = message


@cache
def schema() -> dict[str, Any]:
    """The exchange format's JSON Schema (draft 2020-12)."""
    text = resources.files("factsheet.exchange").joinpath("sheet.schema.json").read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def record_check(kind: str) -> Check:
    """The compiled check for one kind of record ("claim", "quote", "source", "change")."""
    return _compile_placed(schema()["$defs"][kind])


@cache
def _record_inner(kind: str) -> Inner:
    return _compile(schema()["$defs"][kind])


@cache
def sheet_info_check() -> Check:
    return _compile_placed(schema()["properties"]["sheet"])


def check_records(
    tables: Mapping[str, Mapping[str, Record]],
    scale: Iterable[str],
    place: Callable[[str, str], str],
) -> None:
    """Check every record of `tables` (by table, then stable id) and how they refer to each
    other; `scale` is the sheet's rating keys, `place(table, id)` names a record."""
    for table, kind in KINDS.items():
        inner = _record_inner(kind)
        for record_id, record in tables.get(table, {}).items():
            try:
                inner(record)
            except _Fail as fail:
                where = place(table, record_id) + "".join(reversed(fail.parts))
                raise Problem(where, fail.message) from None
            if record.get("id") != record_id:
                raise Problem(f"{place(table, record_id)}.id", "does not match the record's key")
    sources = tables.get("sources", {})
    claims = tables.get("claims", {})
    for record_id, source in sources.items():
        for n, snapshot in enumerate(source["snapshots"]):
            for key in ("original", "text"):
                if not archive_path_ok(snapshot[key], allow_empty=key == "text"):
                    raise Problem(
                        f"{place('sources', record_id)}.snapshots[{n}].{key}",
                        f"{snapshot[key][:80]!r} is not a path inside the sheet's archive folder",
                    )
    keys = {*scale, UNRATED}
    for record_id, claim in claims.items():
        if claim["rating"] not in keys:
            raise Problem(
                f"{place('claims', record_id)}.rating",
                f"{claim['rating'][:40]!r} is not on the sheet's scale",
            )
        _refers(claim.get("source"), sources, place("claims", record_id) + ".source", "sources")
    for record_id, quote in tables.get("quotes", {}).items():
        where = place("quotes", record_id)
        _refers(quote["claim"], claims, f"{where}.claim", "claims")
        _refers(quote["source"], sources, f"{where}.source", "sources")
    for record_id, change in tables.get("history", {}).items():
        _refers(change["claim"], claims, place("history", record_id) + ".claim", "claims")


def check_document(document: Mapping[str, Any]) -> None:
    """Check a shared document (the exchange format, `exchange.json_format`): the same rules
    as a sheet file's records, each problem placed by JSON path ($.claims[3].text)."""
    if not isinstance(document, dict):
        raise Problem("$", f"should be an object, not {_describe(document)}")
    for key in document:
        if key not in _DOCUMENT_KEYS:
            raise Problem("$", f"has a field {_short(key)} that this format does not have")
    for key in _DOCUMENT_KEYS:
        if key not in document:
            raise Problem("$", f"lacks the field {key!r}")
    for key in ("format", "version"):
        _compile_placed(schema()["properties"][key])(document[key], f"$.{key}")
    sheet_info_check()(document["sheet"], "$.sheet")
    keys = check_scale(document["sheet"]["scale"], "$.sheet.scale")
    tables: dict[str, dict[str, Record]] = {}
    index: dict[str, dict[str, int]] = {}
    for table, kind in KINDS.items():
        items = document[table]
        if not isinstance(items, list):
            raise Problem(f"$.{table}", f"should be a list, not {_describe(items)}")
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
                    f"repeats the id {_short(record_id)} of $.{table}[{places[record_id]}]",
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
    check = _compile_placed(schema()["properties"]["sheet"]["properties"]["scale"])
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
            f"{archive_dir}: {what} has the path {_short(path)}, which is not inside the "
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


# Compiling the schema
#
# Each node of the schema becomes a closure that takes a value and raises _Fail on the
# first problem; the place is put together only then, on the way out, so that checking a
# large sheet formats no strings. `_placed` turns a _Fail into a Problem with its place.

Inner = Callable[[Any], None]


class _Fail(Exception):
    def __init__(self, message: str) -> None:
        self.message = message
        self.parts: list[str] = []  # the place below the checked value, innermost first


def _placed(inner: Inner) -> Check:
    def check(value: Any, where: str) -> None:
        try:
            inner(value)
        except _Fail as fail:
            raise Problem(where + "".join(reversed(fail.parts)), fail.message) from None

    return check


def _compile_placed(node: dict[str, Any]) -> Check:
    return _placed(_compile(node))


def _compile(node: dict[str, Any]) -> Inner:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _compile(schema()["$defs"][name])
    if "oneOf" in node:
        return _any_of([_compile(option) for option in node["oneOf"]])
    if set(node) <= {"type", "pattern", "minLength", "maxLength", "description"} and (
        node.get("type") == "string"
    ):
        return _string(node)
    checks: list[Inner] = []
    if "type" in node:
        checks.append(_type(node["type"]))
    if "const" in node:
        checks.append(_enum([node["const"]]))
    if "enum" in node:
        checks.append(_enum(node["enum"]))
    if "pattern" in node:
        checks.append(_pattern(node["pattern"]))
    if "minLength" in node or "maxLength" in node:
        checks.append(_length(node.get("minLength", 0), node.get("maxLength", MAX_TEXT)))
    elif _allows(node, "string"):
        checks.append(_length(0, MAX_TEXT))
    if "minimum" in node or "maximum" in node:
        checks.append(_range(node.get("minimum"), node.get("maximum")))
    if "properties" in node or "required" in node:
        checks.append(_object(node))
    if "items" in node:
        checks.append(_items(_compile(node["items"]), node.get("minItems", 0)))
    if len(checks) == 1:
        return checks[0]

    def all_of(value: Any) -> None:
        for check in checks:
            check(value)

    return all_of


def _allows(node: dict[str, Any], kind: str) -> bool:
    types = node.get("type")
    return types == kind or (isinstance(types, list) and kind in types)


def _describe(value: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number"}
    names |= {type(None): "null", dict: "an object", list: "a list"}
    return names.get(type(value), type(value).__name__)


def _string(node: dict[str, Any]) -> Inner:
    """A text field, its length and pattern in one check (the most common node by far)."""
    least, most = node.get("minLength", 0), node.get("maxLength", MAX_TEXT)
    pattern = _regex(node["pattern"]) if "pattern" in node else None

    def check(value: Any) -> None:
        if type(value) is not str:
            raise _Fail(f"should be text, not {_describe(value)}")
        if not least <= len(value) <= most:
            raise _Fail("must not be empty" if len(value) < least else f"is over {most:,} long")
        if pattern is not None and pattern.search(value) is None:
            raise _Fail(f"{_short(value)} does not have the required form")

    return check


def _type(types: str | list[str]) -> Inner:
    wanted = [types] if isinstance(types, str) else list(types)
    allowed = tuple(t for name in wanted for t in _TYPES[name])
    bool_ok = "boolean" in wanted
    label = " or ".join("text" if name == "string" else name for name in wanted)

    def check(value: Any) -> None:
        # bool is an int to Python, never to JSON Schema.
        if not isinstance(value, allowed) or (type(value) is bool and not bool_ok):
            raise _Fail(f"should be {label}, not {_describe(value)}")
        if type(value) is int and not MIN_INTEGER <= value <= MAX_INTEGER:
            raise _Fail("is a number too large for a sheet file")
        if type(value) is float and not math.isfinite(value):
            raise _Fail(f"{value} is not a number a sheet file can hold")

    return check


def _enum(options: list[Any]) -> Inner:
    allowed = [(type(option), option) for option in options]

    def check(value: Any) -> None:
        if (type(value), value) not in allowed:
            shown = ", ".join(repr(option) for option in options)
            raise _Fail(f"{_short(value)} is not one of {shown}")

    return check


def _regex(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262 regexes: their `$` matches only at the very end,
    # where Python's also matches before a final newline ("c-abc\n" must not be an id),
    # and their \d is 0-9 only, where Python's takes any script's digits ("٢٠٢٤").
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern, flags=re.ASCII)


def _pattern(pattern: str) -> Inner:
    compiled = _regex(pattern)

    def check(value: Any) -> None:
        if isinstance(value, str) and not compiled.search(value):
            raise _Fail(f"{_short(value)} does not have the required form")

    return check


def _length(least: int, most: int) -> Inner:
    def check(value: Any) -> None:
        if isinstance(value, str) and not least <= len(value) <= most:
            raise _Fail("must not be empty" if len(value) < least else f"is over {most:,} long")

    return check


def _range(least: float | None, most: float | None) -> Inner:
    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if (least is not None and value < least) or (most is not None and value > most):
            raise _Fail(f"{_short(value)} is out of range")

    return check


def _object(node: dict[str, Any]) -> Inner:
    properties = {key: _compile(sub) for key, sub in node.get("properties", {}).items()}
    # Plain text fields (most of a record) are checked here, without a call per field.
    plain = {
        key
        for key, sub in node.get("properties", {}).items()
        if sub == {"type": "string"} or sub == {"$ref": "#/$defs/text"}
    }
    required = node.get("required", [])
    closed = node.get("additionalProperties", True) is False
    known = properties.keys()

    def check(value: Any) -> None:
        if not isinstance(value, dict):
            return
        for key, item in value.items():
            if key in plain:
                if type(item) is str and len(item) <= MAX_TEXT:
                    continue
            elif key not in known:
                if closed:
                    raise _Fail(f"has a field {_short(key)} that this format does not have")
                continue
            try:
                properties[key](item)
            except _Fail as fail:
                fail.parts.append(f".{key}")
                raise
        for key in required:
            if key not in value:
                raise _Fail(f"lacks the field {key!r}")

    return check


def _items(item_check: Inner, least: int) -> Inner:
    def check(value: Any) -> None:
        if not isinstance(value, list):
            return
        if len(value) < least:
            raise _Fail(f"needs at least {least} item(s)")
        for n, item in enumerate(value):
            try:
                item_check(item)
            except _Fail as fail:
                fail.parts.append(f"[{n}]")
                raise

    return check


def _any_of(options: list[Inner]) -> Inner:
    def check(value: Any) -> None:
        first: _Fail | None = None
        for option in options:
            try:
                option(value)
            except _Fail as fail:
                first = first or fail
            else:
                return
        assert first is not None
        raise first

    return check


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
