"""The quick record check (schema_fast) used on open: it passes every valid record, so a
large sheet opens fast, and passes no record the full check (schema_checks) refuses."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path
from typing import Any

import pytest
from hostile import hand_written_sheet

from factsheet import Sheet
from factsheet.exchange import json_format
from factsheet.schema_checks import MAX_TEXT, Fail
from factsheet.schema_fast import record_passes
from factsheet.validate import KINDS, _record_inner

QUOTE: dict[str, Any] = {
    "id": "q-abc",
    "claim": "c-abc",
    "source": "s-abc",
    "text": "words",
    "stance": "supports",
    "note": "",
    "anchor": {
        "exact": "words",
        "prefix": "",
        "suffix": "",
        "start": 0,
        "end": 5,
        "status": "exact",
        "snapshot": "snap-abc",
        "score": 100.0,
    },
    "created": "2024-01-02T03:04:05Z",
    "by": "ada",
}

# (path to a field, a value the full check refuses there)
BAD = [
    (("id",), "q-abc\n"),
    (("id",), "q-ABC"),
    (("id",), "q-٢"),
    (("claim",), None),
    (("text",), ""),
    (("text",), "x" * (MAX_TEXT + 1)),
    (("note",), None),
    (("note",), 1),
    (("stance",), "Supports"),
    (("stance",), None),
    (("created",), "2024-01-02T03:04:05Z\n"),
    (("anchor", "start"), True),
    (("anchor", "start"), -1),
    (("anchor", "start"), 2**64),
    (("anchor", "start"), 1.0),
    (("anchor", "score"), math.nan),
    (("anchor", "score"), math.inf),
    (("anchor", "score"), 100.5),
    (("anchor", "score"), -0.5),
    (("anchor", "score"), "100"),
    (("anchor", "parts"), [[0, 1]]),
    (("anchor", "parts"), [[0, 1], [2]]),
    (("anchor", "parts"), [[0, 1], [2, True]]),
    (("anchor", "within"), None),
    (("anchor",), []),
    (("anchor",), "words"),
]


def _with(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    record = copy.deepcopy(QUOTE)
    place = record
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return record


def test_a_valid_quote_passes_quickly() -> None:
    assert record_passes("quote")(QUOTE)
    assert record_passes("quote")({**QUOTE, "anchor": None})
    parts = {**QUOTE["anchor"], "parts": [[0, 2], [3, 5]], "score": 90}
    assert record_passes("quote")({**QUOTE, "anchor": parts})


@pytest.mark.parametrize(("path", "value"), BAD, ids=[repr(b) for b in BAD])
def test_a_field_the_full_check_refuses_is_not_passed_quickly(
    path: tuple[str, ...], value: Any
) -> None:
    record = _with(path, value)
    with pytest.raises(Fail):
        _record_inner("quote")(record)
    assert not record_passes("quote")(record)


def test_a_missing_or_unknown_field_is_not_passed_quickly() -> None:
    for record in ({k: v for k, v in QUOTE.items() if k != "stance"}, {**QUOTE, "extra": ""}):
        with pytest.raises(Fail):
            _record_inner("quote")(record)
        assert not record_passes("quote")(record)
    assert not record_passes("quote")([QUOTE])


def test_every_record_of_real_sheets_passes_quickly(tmp_path: Path) -> None:
    """The demo and a hand-written sheet full of hostile text: the quick check says yes to
    every record (or opening a large sheet would be as slow as before)."""
    demo = Path(__file__).parent.parent / "sheets" / "xiaomi.json"
    for path in (demo, hand_written_sheet(tmp_path)):
        with Sheet.open(path, writable=False) as sheet:
            document = json.loads(json_format.dumps(json_format.export_document(sheet)))
        for table, kind in KINDS.items():
            assert document[table] or table == "history"
            for record in document[table]:
                assert record_passes(kind)(record), (table, record)


ANCHOR_PROBLEMS = [
    ({"end": 6}, "anchor", "its positions do not fit its exact text"),
    ({"end": 0, "exact": ""}, "anchor", "its parts do not lie in order inside the passage"),
    ({"parts": [[3, 5], [0, 2]]}, "anchor", "its parts do not lie in order inside the passage"),
    ({"exact": "wordy"}, "text", "is not the source's words its anchor holds"),
    ({"parts": [[0, 2], [3, 5]]}, "text", "is not the source's words its anchor holds"),
]


@pytest.mark.parametrize(("change", "field", "message"), ANCHOR_PROBLEMS)
def test_an_anchor_that_does_not_hold_the_quote_is_refused_with_its_place(
    change: dict[str, Any], field: str, message: str
) -> None:
    """check_records passes the common anchor (one span holding the quote's words) without
    source_words; every other anchor still gets source_words' own words and place."""
    from factsheet.validate import Problem, check_records

    quote = {**QUOTE, "anchor": {**QUOTE["anchor"], **change}}
    text = "" if change.get("exact") == "" else quote["text"]
    tables = {
        "sources": {"s-abc": {"id": "s-abc", "title": "t", "location": "", "kind": "file"}},
        "claims": {
            "c-abc": {"id": "c-abc", "text": "c", "status": "new", "rating": "unrated"}
            | {"rationale": "", "tags": []}
        },
        "quotes": {"q-abc": {**quote, "text": text or "x"}},
    }
    tables["sources"]["s-abc"]["snapshots"] = []
    with pytest.raises(Problem) as refused:
        check_records(tables, ["true"], lambda table, key: f"{table}[{key}]")
    assert (refused.value.place, refused.value.message) == (f"quotes[q-abc].{field}", message)
    check_records({**tables, "quotes": {"q-abc": QUOTE}}, ["true"], lambda t, k: f"{t}[{k}]")


def test_a_reference_remembered_as_well_formed_lets_no_other_pass() -> None:
    """Claim, source and snapshot ids repeat in many records: one seen to match is not
    matched again, and a malformed one is refused however many good ones came before."""
    passes = record_passes("quote")
    good = [{**QUOTE, "claim": f"c-{n:x}"} for n in range(300)]
    assert all(passes(record) for record in good + good)
    for bad in ("c-ABC", "c-1\n", "s-1", "c-", "c-" + "a" * 33, "c-1 "):
        assert not passes({**QUOTE, "claim": bad})
        assert not passes({**QUOTE, "anchor": {**QUOTE["anchor"], "snapshot": bad}})
