"""A quick yes for records that pass the schema, so that opening a large sheet is fast.

`schema_checks` compiles the schema into closures that say what is wrong and where;
that costs a call per field. Almost every record of a sheet is fine, so each record
kind is also compiled here, once, into a single Python function that only answers
whether a record certainly passes: one expression, with no calls but for regexes. It
never says yes to a record the full check refuses; when it says no (or meets a rule it
does not know), the caller runs the full check, which finds the problem and words it.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from factsheet.schema_checks import (
    MAX_INTEGER,
    MAX_TEXT,
    MIN_INTEGER,
    Fail,
    Inner,
    _regex,
    compile_node,
    schema,
)

Passes = Callable[[Any], bool]  # value -> whether it certainly passes the schema node

_MAX_FLOAT = sys.float_info.max


@cache
def record_passes(kind: str) -> Passes:
    """Whether a record of `kind` ("claim", "quote", ...) certainly passes its check."""
    return _Compiler().function(schema()["$defs"][kind])


class _Compiler:
    """Turns schema nodes into Python source; the constants it needs go in `names`."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {}
        self.count = 0

    def function(self, node: dict[str, Any]) -> Passes:
        name = self._name("f")
        source = f"def {name}(v):\n    return {self.expr(node, 'v')}\n"
        exec(compile(source, f"<schema {name}>", "exec"), self.names)
        made: Passes = self.names[name]
        return made

    def _name(self, prefix: str) -> str:
        self.count += 1
        return f"{prefix}{self.count}"

    def _constant(self, value: Any, prefix: str = "k") -> str:
        name = self._name(prefix)
        self.names[name] = value
        return name

    def _slow(self, node: dict[str, Any], var: str) -> str:
        """The full check, as a yes or no: for rules the quick path does not know."""
        check = self._constant(_quiet(compile_node(node)), "slow")
        return f"{check}({var})"

    def expr(self, node: dict[str, Any], var: str, memo: bool = False) -> str:
        """A Python expression that is true only if the value in `var` passes `node`;
        `memo`: the value is a reference many records repeat (see `_REFERENCES`)."""
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            return self.expr(schema()["$defs"][name], var, name in _REFERENCES)
        if "oneOf" in node:  # checked as "any of", as schema_checks does
            options = node["oneOf"]
            return "(" + " or ".join(self.expr(option, var, memo) for option in options) + ")"
        known = {"type", "enum", "const", "pattern", "minLength", "maxLength", "minimum"}
        known |= {"maximum", "properties", "required", "additionalProperties", "items"}
        known |= {"minItems", "maxItems", "description"}
        if not set(node) <= known:
            return self._slow(node, var)
        types = node.get("type")
        if types is None:
            if "enum" not in node and "const" not in node:
                return self._slow(node, var)
            options = node["enum"] if "enum" in node else [node["const"]]
            types = sorted({_json_type(option) for option in options}, key=str)
            if None in types:
                return self._slow(node, var)
        wanted = [types] if isinstance(types, str) else list(types)
        branches = [self._branch(node, kind, var, memo) for kind in wanted]
        return "(" + " or ".join(branches) + ")"

    def _branch(self, node: dict[str, Any], kind: str, var: str, memo: bool = False) -> str:
        """True only if `var` is of JSON type `kind` and passes `node` as such."""
        enum = node["enum"] if "enum" in node else [node["const"]] if "const" in node else None
        if enum is not None:
            if kind not in ("string", "null"):
                return self._slow(node, var)
            members = [o for o in enum if _json_type(o) == kind]
            if kind == "null":
                return f"{var} is None" if members else "False"
            allowed = self._constant(frozenset(members), "e")
            test = f"(type({var}) is str and {var} in {allowed})"
            if all(_string_passes(node, member) for member in members):
                return test  # a member passes the rest: no need to look again
            return f"({test} and {self._string(node, var)})"
        if kind == "null":
            return f"{var} is None"
        if kind == "string":
            return f"(type({var}) is str and {self._string(node, var, memo)})"
        if kind == "boolean":
            return f"type({var}) is bool"
        if kind in ("integer", "number"):
            return self._number(node, kind, var)
        if kind == "object":
            return f"(type({var}) is dict and {self._object(node, var)})"
        if kind == "array":
            return f"(type({var}) is list and {self._array(node, var)})"
        return self._slow(node, var)

    def _string(self, node: dict[str, Any], var: str, memo: bool = False) -> str:
        least, most = node.get("minLength", 0), node.get("maxLength", MAX_TEXT)
        test = f"{least} <= len({var}) <= {most}" if least else f"len({var}) <= {most}"
        if "pattern" in node:
            search = _regex(node["pattern"]).search
            if memo:  # a value seen to pass is not looked at again
                known: set[str] = set()
                learn = self._constant(_learner(search, known), "learn")
                return f"({var} in {self._constant(known, 'known')} or ({test} and {learn}({var})))"
            test += f" and {self._constant(search, 'p')}({var}) is not None"
        return test

    def _number(self, node: dict[str, Any], kind: str, var: str) -> str:
        least, most = node.get("minimum"), node.get("maximum")
        low = MIN_INTEGER if least is None else max(MIN_INTEGER, math.ceil(least))
        high = MAX_INTEGER if most is None else min(MAX_INTEGER, math.floor(most))
        test = f"(type({var}) is int and {low} <= {var} <= {high})"
        if kind == "number":
            low_f = -_MAX_FLOAT if least is None else float(least)
            high_f = _MAX_FLOAT if most is None else float(most)
            bounds = self._constant((low_f, high_f), "r")
            # NaN and the infinities fail both comparisons, as the full check refuses them.
            test += f" or (type({var}) is float and {bounds}[0] <= {var} <= {bounds}[1])"
        return f"({test})"

    def _object(self, node: dict[str, Any], var: str) -> str:
        properties: dict[str, Any] = node.get("properties", {})
        required = node.get("required", [])
        tests = []
        if node.get("additionalProperties", True) is False:
            tests.append(f"{var}.keys() <= {self._constant(frozenset(properties), 'keys')}")
        if required:
            tests.append(f"{var}.keys() >= {self._constant(frozenset(required), 'needs')}")
        for key, sub in properties.items():  # `(x := v[key]) is x` names the field: true
            item = self._name("x")
            inner = self.expr(sub, item)
            if key in required:
                tests.append(f"(({item} := {var}[{key!r}]) is {item} and {inner})")
            else:
                fetch = f"(({item} := {var}[{key!r}]) is {item} and {inner})"
                tests.append(f"({key!r} not in {var} or {fetch})")
        return "(" + " and ".join(tests or ["True"]) + ")"

    def _array(self, node: dict[str, Any], var: str) -> str:
        tests = []
        if "minItems" in node:
            tests.append(f"len({var}) >= {int(node['minItems'])}")
        if "maxItems" in node:
            tests.append(f"len({var}) <= {int(node['maxItems'])}")
        if "items" in node:
            each = self._constant(self.function(node["items"]), "each")
            tests.append(f"all(map({each}, {var}))")
        return "(" + " and ".join(tests or ["True"]) + ")"


# References to other records: a sheet has a few thousand distinct ones, each repeated by
# the many records that refer to it (a claim's quotes, a source's).
_REFERENCES = frozenset(("claimId", "sourceId", "snapshotId"))
_KNOWN_MOST = 100_000  # references remembered as matching, at most (then forgotten)


def _learner(search: Callable[[str], Any], known: set[str]) -> Callable[[str], bool]:
    """Whether a string matches (`search`), remembering in `known` those that do (asked
    only of strings within the node's lengths, so that every one known passes it all)."""

    def learn(value: str) -> bool:
        if search(value) is None:
            return False
        if len(known) >= _KNOWN_MOST:
            known.clear()
        known.add(value)
        return True

    return learn


def _string_passes(node: dict[str, Any], value: str) -> bool:
    """Whether a string passes a string node's rules (lengths, pattern), as `_string` asks."""
    least, most = node.get("minLength", 0), node.get("maxLength", MAX_TEXT)
    pattern = node.get("pattern")
    return least <= len(value) <= most and (
        pattern is None or _regex(pattern).search(value) is not None
    )


def _json_type(value: Any) -> str | None:
    """The JSON type of an enum option, where the quick path handles it; None otherwise."""
    if value is None:
        return "null"
    if type(value) is str:
        return "string"
    return None


def _quiet(check: Inner) -> Passes:
    def passes(value: Any) -> bool:
        try:
            check(value)
        except Fail:
            return False
        return True

    return passes
