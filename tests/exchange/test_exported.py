"""An export read a run of records at a time (`exchange.exported`) is the document parsed
whole, and anything that is not exactly an export is left to the whole-file parse."""

from __future__ import annotations

import orjson
import pytest
from conftest import DEMO_SHEET

from factsheet import SharedFileError, Sheet
from factsheet.exchange import exported, json_format


def demo_raw() -> bytes:
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        return json_format.export_bytes(json_format.export_document(sheet))


@pytest.mark.parametrize("run", [1, 2, 3, 500])
def test_an_export_read_in_runs_is_the_document_parsed_whole(monkeypatch, run: int) -> None:
    monkeypatch.setattr(exported, "RUN", run)
    raw = demo_raw()
    assert exported.read_exported(raw) == orjson.loads(raw)


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: raw.replace(b'      "id": ', b'      "id": "c-x",\n      "id": ', 1),
        lambda raw: raw.replace(b'    {\n      "', b'    {\n      "id": 1,\n      "', 1),
        lambda raw: raw.replace(b"\n    },\n    {\n", b"\n    }, \n    {\n", 1),
        lambda raw: raw.replace(b'": "', b'":  "', 1),
        lambda raw: raw.replace(b'\n  "format"', b'\n  "format": 1,\n  "format"', 1),
        lambda raw: raw.replace(b"\n  ]", b"\n  ] ", 1),
        lambda raw: raw[:-1],
        lambda raw: b"\xef\xbb\xbf" + raw,
        lambda raw: raw.replace(b"\n    },\n    {\n", b'\n    }\n  ],\n  "x": [\n    {\n', 1),
    ],
)
def test_what_is_not_exactly_an_export_is_left_to_the_whole_parse(change) -> None:
    raw = change(demo_raw())
    assert exported.read_exported(raw) is None


def test_a_key_repeated_in_an_exports_layout_is_refused_with_its_place() -> None:
    raw = demo_raw().replace(b'      "rating": ', b'      "rating": "true",\n      "rating": ', 1)
    with pytest.raises(SharedFileError, match="repeats the key 'rating' in one object at line"):
        json_format.parse(raw, "shared.json")
