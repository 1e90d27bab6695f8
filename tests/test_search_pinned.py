"""`factsheet search` on a realistic sheet of 10,000 quotes (bench/corpus.py): results, their
order and the printed lines are pinned, the same whether the index is made on this call,
reused from the cache, or brought up to date after an edit.

The expected output is tests/data/search_pinned_10k.txt. A deliberate change of ranking
or output rewrites it with FACTSHEET_PIN_SEARCH=1 (then read the diff before committing).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from conftest import generated_sheet

from factsheet import Sheet
from factsheet.search import SearchIndex, sheet_entries

PINNED = Path(__file__).parent / "data" / "search_pinned_10k.txt"
QUERIES = [
    "Milliarden Gewinn",
    "ist gross",
    "smarphones dimme",
    "Straße",
    "Gewinnfabrikzoll",
    "profit margin hardware",
    "margin profit",  # words in the wrong order
    "小米",  # CJK, one trigram or less
    "xi",  # shorter than a trigram
    "recal inacurate",  # typos
    "44 Prozent",
    "zzzqqq nothing like it",
    "qqqxyzzy",  # nonsense: nothing is near (no 0-score "nearest" texts)
]


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_sheet(tmp_path_factory.mktemp("pinned"), 10_000, "big.json")


def _searched(run, sheet: Path) -> str:
    """Every query's output (text, and JSON for the first), with the sheet's path made
    stable."""
    parts = []
    for query in QUERIES:
        result = run("search", query, str(sheet))
        assert result.exit_code == 0, result.output
        parts.append(f"$ factsheet search {query!r}\n{result.output}")
    result = run("search", QUERIES[0], str(sheet), "--json", "--limit", "3")
    assert result.exit_code == 0, result.output
    parts.append(f"$ factsheet search {QUERIES[0]!r} --json --limit 3\n{result.output}")
    shown = "".join(parts).replace(json.dumps(str(sheet))[1:-1], "SHEET")
    return shown.replace(str(sheet), "SHEET")


def test_search_output_is_pinned_made_and_reused(big: Path, run, own_cache: Path) -> None:
    made = _searched(run, big)  # the index is made and kept on the first query
    assert list((own_cache / "factsheet" / "search").glob("*/meta.json"))
    reused = _searched(run, big)
    if os.environ.get("FACTSHEET_PIN_SEARCH"):
        PINNED.write_text(made, encoding="utf-8")
    assert made == PINNED.read_text(encoding="utf-8")
    assert reused == made


def test_a_kept_index_brought_up_to_date_answers_as_a_new_one(
    big: Path, tmp_path: Path, run, own_cache: Path
) -> None:
    import shutil

    sheet = tmp_path / "big.json"
    shutil.copy(big, sheet)
    shutil.copytree(big.with_name("big.archive"), tmp_path / "big.archive")
    _searched(run, sheet)  # kept
    with Sheet.open(sheet) as opened:
        claims = opened.claims()
        opened.edit_claim(claims[0].id, text="Xiaomi sells quadcopters at cost, Gewinnfabrikzoll")
        opened.delete_claim(claims[1].id)
    updated = _searched(run, sheet)  # the kept index brought up to date on the first query
    assert "quadcopters" in updated
    fresh = SearchIndex()
    with Sheet.open(sheet, writable=False) as opened:
        fresh.add_many(sheet_entries(opened, str(sheet)))
    for query in QUERIES:
        # Equal scores stand in the order the texts were indexed, which an update changes:
        # the scores agree, and so do the texts above the last (tied) score.
        expected = fresh.search(query)
        kept = json.loads(run("search", query, str(sheet), "--json").output)
        assert [h["score"] for h in kept] == [h.score for h in expected], query
        last = expected[-1].score if expected else 0
        assert {(h["kind"], h["id"]) for h in kept if h["score"] > last} == {
            (h.entry.kind, h.entry.record_id) for h in expected if h.score > last
        }, query
