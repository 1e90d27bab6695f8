"""The exchange format: a sheet as one deterministic JSON document, and its validation.

Export gives the same bytes for the same sheet (keys sorted, items sorted by id,
UTF-8, LF, no NaN), so that shared sheets diff and merge well in git. The format
is described by `sheet.schema.json` beside this module (JSON Schema 2020-12).

Import validates before anything is written: size, JSON syntax, repeated keys
(parsers keep the last silently), NaN/Infinity, numbers and strings a sheet file
cannot hold, nesting depth, then the rules every sheet is held to (`validate`: the
schema, ids in full, duplicate ids, references, ratings, archive paths). Every
problem is one message that names the place in the document (line and column, or
a JSON path such as $.quotes[3]).
"""

from __future__ import annotations

import codecs
import json
import operator
import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import orjson

from factsheet.errors import SharedFileError
from factsheet.exchange.exported import read_exported
from factsheet.safe_text import one_line
from factsheet.strict_json import problem_at, repeated_key
from factsheet.validate import Problem, check_document

if TYPE_CHECKING:
    from factsheet.sheet import Sheet

SOURCES, CLAIMS, QUOTES, HISTORY = "sources", "claims", "quotes", "history"

FORMAT = "factsheet"
VERSION = 1
MAX_BYTES = 100 * 1024 * 1024
MAX_DEPTH = 32
ITEMS = (SOURCES, CLAIMS, QUOTES, HISTORY)
BOM = codecs.BOM_UTF8

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
        document[kind] = sorted(sheet.records(kind).values(), key=_BY_ID)
    return document


_BY_ID = operator.itemgetter("id")


# A number below 1e-4 is the one thing orjson writes otherwise than Python's json ("1e-7"
# for "1e-07", "0.00001" for "1e-05"). Such a number is written with "e-" or "0.0000",
# as a value after a key or at the start of a line (a JSON string holds no raw line
# break); text holding "e-" only costs a look at what stands before it.
_SMALL_NUMBER = {
    b"e-": re.compile(rb'(?:\n *|": )-?[0-9]+(?:\.[0-9]+)?\Z'),
    b"0.0000": re.compile(rb'(?:\n *|": )-?\Z'),
}


def _small_number(raw: bytes) -> bool:
    """Whether orjson's `raw` holds a number it writes otherwise than Python's json."""
    for mark, before in _SMALL_NUMBER.items():
        at = raw.find(mark)
        while at >= 0:
            if before.search(raw, max(0, at - 48), at):
                return True
            at = raw.find(mark, at + 1)
    return False


_OPTIONS = orjson.OPT_SORT_KEYS | orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE


def dumps(document: Document, *, floats: Iterable[Any] | None = None) -> bytes:
    """Deterministic bytes: sorted keys, two-space indent, UTF-8, LF, NaN refused.

    The bytes are those of Python's `json.dumps(sort_keys=True, ensure_ascii=False,
    indent=2)`, which exports have always been, written by orjson (five times faster);
    a document holding a number orjson writes differently is written by `json`.
    `floats`: every float the document holds, where the caller knows them (see
    `export_bytes`); else the bytes are searched for numbers orjson writes otherwise."""
    try:
        raw = orjson.dumps(document, option=_OPTIONS)
    except TypeError:  # a lone surrogate, an integer beyond 64 bits: json says which
        raw = None
    if raw is not None and not (_small_number(raw) if floats is None else _odd(floats)):
        return raw
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _odd(floats: Iterable[Any]) -> bool:
    """Whether orjson writes any of `floats` otherwise than Python's json (`repr`)."""
    distinct = {x for x in floats if type(x) is float}
    return any(orjson.dumps(x) != repr(x).encode() for x in distinct)


def export_bytes(document: Document) -> bytes:
    """`dumps` of an exchange document made by `export_document`: its records held to the
    schema, where the one number that may be a float is an anchor's score (a test holds
    the schema to that), so that only the scores are looked at, not the 90 MB of text."""
    anchors = map(operator.methodcaller("get", "anchor"), document[QUOTES])
    return dumps(document, floats=[a.get("score") for a in anchors if type(a) is dict])


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(
        resources.files(__package__).joinpath("sheet.schema.json").read_text()
    )
    return loaded


def parse(raw: bytes, name: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """Parse and validate a shared file; raise SharedFileError naming the place of a problem.

    The JSON is read as strictly as a sheet file (orjson: UTF-8, no NaN, numbers a sheet
    can hold, no lone surrogates; a repeated key refused) and checked by the same rules
    (`validate.check_document`), so that what imports is what opens.
    """
    if len(raw) > max_bytes:
        raise SharedFileError(f"{name}: is {len(raw):,} bytes; the limit is {max_bytes:,}")
    document = read_exported(raw)  # an export as factsheet writes it: a run at a time
    if document is None:
        document = _whole(raw, name)
    _check_format(document, name)
    try:
        check_document(document)
    except Problem as problem:
        raise SharedFileError(f"{name}: {one_line(str(problem), 300)}") from None
    return document


def _whole(raw: bytes, name: str) -> Document:
    """The JSON in `raw` parsed whole; SharedFileError if it is not UTF-8, not JSON, or
    repeats a key in an object."""
    # Parsed from the bytes (orjson checks the UTF-8): as text, the document would take up
    # to four times its size again (a str of CJK or emoji holds 2 or 4 bytes a character).
    try:
        document: Document = orjson.loads(memoryview(raw)[3:] if raw.startswith(BOM) else raw)
    except orjson.JSONDecodeError:
        document = _refused(raw, name)
    repeated = None if _as_exported(document, raw) else repeated_key(raw.decode("utf-8-sig"))
    if repeated is not None:
        raise SharedFileError(f"{name}: {repeated}")
    return document


def _refused(raw: bytes, name: str) -> Document:
    """Why orjson refused `raw`, as SharedFileError: not UTF-8, empty, or not JSON (with the
    place of a NaN, an Infinity or too deep a nesting)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SharedFileError(f"{name}: is not UTF-8 (bad byte at offset {error.start})") from None
    if not text.strip():
        raise SharedFileError(f"{name}: is empty")
    try:
        document: Document = orjson.loads(text)
    except orjson.JSONDecodeError as error:
        located = problem_at(text, max_depth=MAX_DEPTH)  # NaN, Infinity, deep nesting
        raise SharedFileError(
            f"{name}: "
            + (located or f"is not JSON ({error.msg} at line {error.lineno} column {error.colno})")
        ) from None
    return document  # pragma: no cover - what orjson refuses as bytes it refuses as text


def _as_exported(document: Any, raw: bytes) -> bool:
    """Whether `raw` is exactly what `dumps` writes for what was parsed from it: then no key
    repeats in it (the output of a dict has none), and the thorough look is not needed."""
    try:
        return orjson.dumps(document, option=_OPTIONS) == raw
    except TypeError:
        return False


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
