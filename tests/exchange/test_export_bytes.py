"""The json export of a realistic sheet is byte for byte what it has always been: Python's
`json.dumps(sort_keys=True, ensure_ascii=False, indent=2)` of the records as the file holds
them, sorted by id, whatever the text (German, CJK, control characters) or the numbers
(scores orjson writes otherwise than json, a negative zero)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import orjson

from factsheet import Sheet
from factsheet.exchange import json_format
from factsheet.sheet.sharing import read_once

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from corpus import build, write


def _as_always(sheet: Path) -> bytes:
    """The export as json.dumps wrote it, made from a plain parse of the sheet file."""
    tables = orjson.loads(sheet.read_bytes())
    meta = tables["sheet"]["1"]
    info = {key: meta[key] for key in ("title", "description", "scale", "created", "updated")}
    info |= {key: meta[key] for key in ("publisher", "publisher_url") if meta.get(key)}
    document: dict[str, Any] = {"format": "factsheet", "version": 1, "sheet": info}
    for kind in ("sources", "claims", "quotes", "history"):
        document[kind] = sorted(tables[kind].values(), key=lambda record: record["id"])
    text = json.dumps(document, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def _hostile(tmp_path: Path) -> Path:
    """A generated sheet of 1,000 quotes with odd text and odd numbers put in."""
    corpus = build(1_000)
    claims = list(corpus.tables["claims"].values())
    claims[0]["text"] = "Straße \x1b[31mrot\x1b[0m \x00\x07\x7f\x85 \u2028\u202e 小米 “x” \\ \t"
    claims[1]["rationale"] = "Größe: 10 Milliarden ¥ — 利润率 5 %\r\n"
    claims[2]["tags"] = ["ß", "中文", "e-1", '": 1e-5']
    scores = [1e-05, 2e-07, 0.0001, 0.0, -0.0, 0.0, 99.99999999999999, 5e-324]
    for quote, score in zip(list(corpus.tables["quotes"].values()), scores, strict=False):
        quote["anchor"]["score"] = score
    return write(corpus, tmp_path / "odd.json")


def test_the_export_of_a_realistic_sheet_is_what_json_dumps_always_wrote(
    tmp_path: Path, run
) -> None:
    sheet = _hostile(tmp_path)
    expected = _as_always(sheet)
    assert b"-0.0" in expected and b"1e-05" in expected and b"\\u001b" in expected
    out = tmp_path / "out.json"
    assert run("export", sheet, "-o", out).exit_code == 0
    assert out.read_bytes() == expected
    shown = run("export", sheet)  # standard output: the same document, controls escaped
    assert shown.exit_code == 0 and json.loads(shown.output) == json.loads(expected)
    with Sheet.open(sheet, writable=False) as opened:  # as the app holds it: values kept once
        assert json_format.export_bytes(json_format.export_document(opened)) == expected


def test_a_sheet_read_once_keeps_repeated_values_apart_and_only_then(tmp_path: Path) -> None:
    """`factsheet export` reads the sheet once (`read_once`): equal values are not made one
    object, which only a sheet kept open gains from; any other open makes them one."""
    sheet = write(build(1_000), tmp_path / "once.json")

    def shared_claims(opened: Sheet) -> bool:
        first: dict[str, str] = {}
        for quote in opened.records("quotes").values():
            seen = first.setdefault(quote["claim"], quote["claim"])
            if seen is not quote["claim"]:
                return False
        assert len(first) < len(opened.records("quotes"))  # claims with several quotes
        return True

    with read_once(), Sheet.open(sheet, writable=False) as opened:
        assert not shared_claims(opened)
        apart = json_format.export_document(opened)
    with Sheet.open(sheet, writable=False) as opened:
        assert shared_claims(opened)
        assert json_format.export_document(opened) == apart


def test_the_only_number_a_sheet_may_hold_as_a_float_is_an_anchors_score() -> None:
    """`json_format.export_bytes` looks only at the scores for numbers orjson writes
    otherwise: a new field that may hold a float must be looked at there too."""

    def numbers(node: Any, path: str) -> list[str]:
        found = [path] if isinstance(node, dict) and node.get("type") == "number" else []
        if isinstance(node, dict):
            for key, value in node.items():
                found += numbers(value, f"{path}/{key}")
        elif isinstance(node, list):
            for n, value in enumerate(node):
                found += numbers(value, f"{path}/{n}")
        return found

    assert numbers(json_format.schema(), "#") == [
        "#/$defs/quote/properties/anchor/properties/score"
    ]
