"""The exchange format: a sheet as one deterministic JSON document, and its validation.

Export gives the same bytes for the same sheet (keys sorted, items sorted by id,
UTF-8, LF, no NaN), so that shared sheets diff and merge well in git. The format
is described by `sheet.schema.json` beside this module (JSON Schema 2020-12).

Import validates before anything is written: size, JSON syntax, duplicate keys
(Python's json keeps the last silently), NaN/Infinity, nesting depth, the schema,
duplicate ids and dangling references. Every problem is one message that names
the place in the document (line and column, or a JSON path such as $.quotes[3]).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from factsheet.errors import SharedFileError

if TYPE_CHECKING:
    from factsheet.sheet import Sheet

SOURCES, CLAIMS, QUOTES, HISTORY = "sources", "claims", "quotes", "history"

FORMAT = "factsheet"
VERSION = 1
MAX_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 32
ITEMS = (SOURCES, CLAIMS, QUOTES, HISTORY)

Document = dict[str, Any]


def export_document(sheet: Sheet) -> Document:
    """The sheet as an exchange document (plain data)."""
    meta = sheet.meta
    document: Document = {
        "format": FORMAT,
        "version": VERSION,
        "sheet": {
            "title": meta.title,
            "description": meta.description,
            "scale": meta.scale,
            "created": meta.created,
            "updated": meta.updated,
            **{
                key: getattr(meta, key)
                for key in ("publisher", "publisher_url")
                if getattr(meta, key)
            },
        },
    }
    for kind in ITEMS:
        records = sheet.records(kind).values()
        document[kind] = sorted(records, key=lambda record: record["id"])
    return document


def dumps(document: Document) -> bytes:
    """Deterministic bytes: sorted keys, two-space indent, UTF-8, LF, NaN refused."""
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("sheet.schema.json").read_text()
    )
    return loaded


def parse(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse and validate a shared file; raise SharedFileError naming the place of a problem."""
    if len(raw) > max_bytes:
        raise SharedFileError(f"{name}: is {len(raw):,} bytes; the limit is {max_bytes:,}")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SharedFileError(f"{name}: is not UTF-8 (bad byte at offset {error.start})") from None
    if not text.strip():
        raise SharedFileError(f"{name}: is empty")
    try:
        document: Document = json.loads(
            text, object_pairs_hook=_unique_keys, parse_constant=_no_constant
        )
    except json.JSONDecodeError as error:
        raise SharedFileError(
            f"{name}: is not JSON ({error.msg} at line {error.lineno} column {error.colno})"
        ) from None
    except (_Ambiguous, RecursionError):
        problem = _structural_problem(text) or "is not plain JSON (duplicate keys or NaN)"
        raise SharedFileError(f"{name}: {problem}") from None
    _check_format(document, name)
    _check_schema(document, name)
    _check_references(document, name)
    return document


def _check_format(document: Any, name: str) -> None:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise SharedFileError(
            f"{name}: is JSON but not a factsheet export ($.format is not 'factsheet')"
        )
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise SharedFileError(
            f"{name}: is format version {version}; this factsheet reads up to {VERSION} "
            "(upgrade factsheet to import it)"
        )


def _check_schema(document: Document, name: str) -> None:
    import jsonschema  # loaded only on import: it is slow to load

    validator = jsonschema.Draft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        raise SharedFileError(f"{name}: at {error.json_path}: {error.message[:200]}")


def _check_references(document: Document, name: str) -> None:
    ids: dict[str, dict[str, int]] = {}
    for table in ITEMS:
        seen: dict[str, int] = {}
        for index, item in enumerate(document[table]):
            if item["id"] in seen:
                raise SharedFileError(
                    f"{name}: at $.{table}[{index}]: duplicate id {item['id']!r} "
                    f"(also at $.{table}[{seen[item['id']]}])"
                )
            seen[item["id"]] = index
        ids[table] = seen
    references = (
        (CLAIMS, "source", SOURCES),
        (QUOTES, "claim", CLAIMS),
        (QUOTES, "source", SOURCES),
        (HISTORY, "claim", CLAIMS),
    )
    for table, field, target in references:
        for index, item in enumerate(document[table]):
            value = item.get(field)
            if value is not None and value not in ids[target]:
                raise SharedFileError(
                    f"{name}: at $.{table}[{index}].{field}: refers to {value!r}, "
                    f"which is not among the document's {target}"
                )


class _Ambiguous(Exception):
    """Raised while parsing at a duplicate key or a NaN/Infinity; located afterwards."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    record = dict(pairs)
    if len(record) != len(pairs):
        raise _Ambiguous
    return record


def _no_constant(name: str) -> Any:
    raise _Ambiguous


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|-?Infinity|NaN')


def _structural_problem(text: str) -> str | None:
    """Locate what Python's json accepts silently or crashes on, in syntactically valid
    JSON: duplicate keys, NaN and Infinity, and nesting deeper than the format ever
    needs. Returns a message with the line and column, or None."""
    stack: list[set[str] | None] = []  # a set of keys for an object, None for an array
    expecting_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in ("{", "["):
            if len(stack) >= MAX_DEPTH:
                return f"is nested deeper than {MAX_DEPTH} levels at {_place(text, match.start())}"
            stack.append(set() if token == "{" else None)
            expecting_key = token == "{"
        elif token in ("}", "]"):
            if stack:
                stack.pop()
            expecting_key = False
        elif token == ",":
            expecting_key = bool(stack) and stack[-1] is not None
        elif token == ":":
            expecting_key = False
        elif token.startswith('"'):
            keys = stack[-1] if stack else None
            if expecting_key and keys is not None:
                key = json.loads(token)
                if key in keys:
                    return f"repeats the key {key!r} in one object at {_place(text, match.start())}"
                keys.add(key)
            expecting_key = False
        else:
            return f"holds {token}, which JSON does not allow, at {_place(text, match.start())}"
    return None


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line} column {column}"
