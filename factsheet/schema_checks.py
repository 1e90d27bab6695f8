"""The exchange format's JSON Schema compiled into plain Python checks.

A general JSON Schema validator takes seconds on a large sheet; the subset the schema
uses (types, enums, patterns, lengths, ranges, objects, arrays, oneOf, $ref) compiles
here into closures that are fast enough to check every record on every open. They
are held to stricter rules than the letter of JSON Schema where Python differs from
it: a pattern's `$` matches only at the very end and `\\d` only 0-9 (as in ECMA-262),
text is at most MAX_TEXT long, and numbers must fit the sheet file (64 bits, finite).
`validate` applies them; the tests hold them to refuse whatever the published schema
refuses.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any

Check = Callable[[Any, str], None]  # value, place -> None, or a Problem
Inner = Callable[[Any], None]  # value -> None, or a Fail

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "object": (dict,),
    "array": (list,),
}
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


class Fail(Exception):
    """Raised by a compiled check at the first problem; the place is put together on the
    way out (`parts`, innermost first), so that a check that passes formats no string."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        self.parts: list[str] = []

    def problem(self, where: str) -> Problem:
        """The Problem this is, at `where` (the place of the checked value)."""
        return Problem(where + "".join(reversed(self.parts)), self.message)


def compiled(node: dict[str, Any]) -> Check:
    """`compile_node`, raising a Problem placed below `where` instead of a Fail."""
    inner = compile_node(node)

    def check(value: Any, where: str) -> None:
        try:
            inner(value)
        except Fail as fail:
            raise fail.problem(where) from None

    return check


def compile_node(node: dict[str, Any]) -> Inner:
    """One schema node as a check of a value: returns, or raises Fail at the first problem."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return compile_node(schema()["$defs"][name])
    if "oneOf" in node:
        return _any_of([compile_node(option) for option in node["oneOf"]])
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
        checks.append(
            _items(compile_node(node["items"]), node.get("minItems", 0), node.get("maxItems"))
        )
    if len(checks) == 1:
        return checks[0]

    def all_of(value: Any) -> None:
        for check in checks:
            check(value)

    return all_of


def _allows(node: dict[str, Any], kind: str) -> bool:
    types = node.get("type")
    return types == kind or (isinstance(types, list) and kind in types)


def describe(value: Any) -> str:
    """What kind of JSON value `value` is, in a user's words."""
    names = {str: "text", bool: "true/false", int: "a number", float: "a number"}
    names |= {type(None): "null", dict: "an object", list: "a list"}
    return names.get(type(value), type(value).__name__)


def _string(node: dict[str, Any]) -> Inner:
    """A text field, its length and pattern in one check (the most common node by far)."""
    least, most = node.get("minLength", 0), node.get("maxLength", MAX_TEXT)
    pattern = _regex(node["pattern"]) if "pattern" in node else None

    def check(value: Any) -> None:
        if type(value) is not str:
            raise Fail(f"should be text, not {describe(value)}")
        if not least <= len(value) <= most:
            raise Fail("must not be empty" if len(value) < least else f"is over {most:,} long")
        if pattern is not None and pattern.search(value) is None:
            raise Fail(f"{short(value)} does not have the required form")

    return check


def _type(types: str | list[str]) -> Inner:
    wanted = [types] if isinstance(types, str) else list(types)
    allowed = tuple(t for name in wanted for t in _TYPES[name])
    bool_ok = "boolean" in wanted
    label = " or ".join("text" if name == "string" else name for name in wanted)

    def check(value: Any) -> None:
        # bool is an int to Python, never to JSON Schema.
        if not isinstance(value, allowed) or (type(value) is bool and not bool_ok):
            raise Fail(f"should be {label}, not {describe(value)}")
        if type(value) is int and not MIN_INTEGER <= value <= MAX_INTEGER:
            raise Fail("is a number too large for a sheet file")
        if type(value) is float and not math.isfinite(value):
            raise Fail(f"{value} is not a number a sheet file can hold")

    return check


def _enum(options: list[Any]) -> Inner:
    allowed = [(type(option), option) for option in options]

    def check(value: Any) -> None:
        if (type(value), value) not in allowed:
            shown = ", ".join(repr(option) for option in options)
            raise Fail(f"{short(value)} is not one of {shown}")

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
            raise Fail(f"{short(value)} does not have the required form")

    return check


def _length(least: int, most: int) -> Inner:
    def check(value: Any) -> None:
        if isinstance(value, str) and not least <= len(value) <= most:
            raise Fail("must not be empty" if len(value) < least else f"is over {most:,} long")

    return check


def _range(least: float | None, most: float | None) -> Inner:
    def check(value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return
        if (least is not None and value < least) or (most is not None and value > most):
            raise Fail(f"{short(value)} is out of range")

    return check


def _object(node: dict[str, Any]) -> Inner:
    properties = {key: compile_node(sub) for key, sub in node.get("properties", {}).items()}
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
                    raise Fail(f"has a field {short(key)} that this format does not have")
                continue
            try:
                properties[key](item)
            except Fail as fail:
                fail.parts.append(f".{key}")
                raise
        for key in required:
            if key not in value:
                raise Fail(f"lacks the field {key!r}")

    return check


def _items(item_check: Inner, least: int, most: int | None = None) -> Inner:
    def check(value: Any) -> None:
        if not isinstance(value, list):
            return
        if len(value) < least:
            raise Fail(f"needs at least {least} item(s)")
        if most is not None and len(value) > most:
            raise Fail(f"has more than {most} item(s)")
        for n, item in enumerate(value):
            try:
                item_check(item)
            except Fail as fail:
                fail.parts.append(f"[{n}]")
                raise

    return check


def _any_of(options: list[Inner]) -> Inner:
    def check(value: Any) -> None:
        first: Fail | None = None
        for option in options:
            try:
                option(value)
            except Fail as fail:
                first = first or fail
            else:
                return
        assert first is not None
        raise first

    return check


def short(value: Any) -> str:
    """`value` as Python writes it, cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"
