"""Every record a sheet holds, checked against one set of rules, whichever way it came in.

A sheet file may have been edited by hand or by another program, and a shared file
comes from someone else: opening a sheet, importing and merging all check records
here, against the exchange format's JSON Schema (`exchange/sheet.schema.json`) and
the rules a schema cannot state: references between records, ratings on the
sheet's scale, archive paths that stay inside the archive folder, ids that match
their pattern in full.

The schema is compiled into plain Python checks, since a general JSON Schema
validator takes seconds on a large sheet; the tests hold the two to the same
answers. A problem is reported as one `Problem` with its place, which the caller
turns into its own error with the file's name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import PurePosixPath
from typing import Any

from factsheet import anchor
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
    return _compile(schema()["$defs"][kind])


@cache
def sheet_info_check() -> Check:
    return _compile(schema()["properties"]["sheet"])


def check_records(
    tables: Mapping[str, Mapping[str, Record]],
    scale: Iterable[str],
    place: Callable[[str, str], str],
) -> None:
    """Check every record of `tables` (by table, then stable id) and how they refer to each
    other; `scale` is the sheet's rating keys, `place(table, id)` names a record."""
    for table, kind in KINDS.items():
        check = record_check(kind)
        for record_id, record in tables.get(table, {}).items():
            where = place(table, record_id)
            check(record, where)
            if record.get("id") != record_id:
                raise Problem(f"{where}.id", "does not match the record's key")
    sources = tables.get("sources", {})
    claims = tables.get("claims", {})
    for record_id, source in sources.items():
        for n, snapshot in enumerate(source["snapshots"]):
            for key in ("original", "text", "visible"):
                if key in snapshot and not archive_path_ok(
                    snapshot[key], allow_empty=key != "original"
                ):
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
        source_words(quote, where)
    for record_id, change in tables.get("history", {}).items():
        _refers(change["claim"], claims, place("history", record_id) + ".claim", "claims")


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


def check_scale(levels: Any, where: str) -> list[str]:
    """A rating scale: distinct keys, none of them 'unrated'; returns the keys."""
    if not isinstance(levels, list) or not levels:
        raise Problem(where, "a rating scale needs at least one level")
    check = _compile(schema()["properties"]["sheet"]["properties"]["scale"])
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


def _refers(value: str | None, targets: Mapping[str, Record], where: str, table: str) -> None:
    if value is not None and value not in targets:
        raise Problem(where, f"refers to {value[:40]!r}, which is not among the {table}")


# Compiling the schema


def _compile(node: dict[str, Any]) -> Check:
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _compile(schema()["$defs"][name])
    if "oneOf" in node:
        return _any_of([_compile(option) for option in node["oneOf"]])
    checks: list[Check] = []
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
        checks.append(
            _items(_compile(node["items"]), node.get("minItems", 0), node.get("maxItems"))
        )
    if len(checks) == 1:
        return checks[0]

    def all_of(value: Any, where: str) -> None:
        for check in checks:
            check(value, where)

    return all_of


def _allows(node: dict[str, Any], kind: str) -> bool:
    types = node.get("type")
    return types == kind or (isinstance(types, list) and kind in types)


def _describe(value: Any) -> str:
    names = {str: "text", bool: "true/false", int: "a number", float: "a number"}
    names |= {type(None): "null", dict: "an object", list: "a list"}
    return names.get(type(value), type(value).__name__)


def _type(types: str | list[str]) -> Check:
    wanted = [types] if isinstance(types, str) else list(types)
    allowed = tuple(t for name in wanted for t in _TYPES[name])
    bool_ok = "boolean" in wanted
    label = " or ".join("text" if name == "string" else name for name in wanted)

    def check(value: Any, where: str) -> None:
        # bool is an int to Python, never to JSON Schema.
        if not isinstance(value, allowed) or (type(value) is bool and not bool_ok):
            raise Problem(where, f"should be {label}, not {_describe(value)}")

    return check


def _enum(options: list[Any]) -> Check:
    allowed = [(type(option), option) for option in options]

    def check(value: Any, where: str) -> None:
        if (type(value), value) not in allowed:
            shown = ", ".join(repr(option) for option in options)
            raise Problem(where, f"{_short(value)} is not one of {shown}")

    return check


def _pattern(pattern: str) -> Check:
    # JSON Schema patterns are ECMA-262 regexes: their `$` matches only at the very end,
    # where Python's also matches before a final newline ("c-abc\n" must not be an id).
    compiled = re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") else pattern)

    def check(value: Any, where: str) -> None:
        if isinstance(value, str) and not compiled.search(value):
            raise Problem(where, f"{_short(value)} does not have the required form")

    return check


def _length(least: int, most: int) -> Check:
    def check(value: Any, where: str) -> None:
        if isinstance(value, str) and not least <= len(value) <= most:
            raise Problem(
                where, "must not be empty" if len(value) < least else f"is over {most:,} long"
            )

    return check


def _range(least: float | None, most: float | None) -> Check:
    def check(value: Any, where: str) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if (least is not None and value < least) or (most is not None and value > most):
            raise Problem(where, f"{_short(value)} is out of range")

    return check


def _object(node: dict[str, Any]) -> Check:
    properties = {key: _compile(sub) for key, sub in node.get("properties", {}).items()}
    required = node.get("required", [])
    closed = node.get("additionalProperties", True) is False

    def check(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            return
        for key, item in value.items():
            sub = properties.get(key)
            if sub is not None:
                sub(item, f"{where}.{key}")
            elif closed:
                raise Problem(where, f"has a field {_short(key)} that this format does not have")
        for key in required:
            if key not in value:
                raise Problem(where, f"lacks the field {key!r}")

    return check


def _items(item_check: Check, least: int, most: int | None = None) -> Check:
    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            return
        if len(value) < least:
            raise Problem(where, f"needs at least {least} item(s)")
        if most is not None and len(value) > most:
            raise Problem(where, f"has more than {most} item(s)")
        for n, item in enumerate(value):
            item_check(item, f"{where}[{n}]")

    return check


def _any_of(options: list[Check]) -> Check:
    def check(value: Any, where: str) -> None:
        first: Problem | None = None
        for option in options:
            try:
                option(value, where)
            except Problem as problem:
                first = first or problem
            else:
                return
        assert first is not None
        raise first

    return check


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
