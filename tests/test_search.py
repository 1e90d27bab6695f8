"""Fuzzy search: ranking on fixed queries with known answers, and an index that follows edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.search import Entry, SearchIndex, sheet_entries


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    built = SearchIndex()
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        built.add_many(sheet_entries(sheet, "xiaomi"))
    return built


@pytest.mark.parametrize(
    ("query", "kind", "expected"),
    [
        ("smarphones dimme", "quote", "We could sell 10 billion smartphones"),
        ("lei jun internet", "quote", "According to Lei Jun, Xiaomi is an internet play."),
        ("fitnes bands milion", "claim", "Xiaomi sold over 1 million Mi Band"),
        ("rice coker", "rationale", None),
        ("Milliarden Smartphones", "quote", "Wir könnten 10 Milliarden Smartphones"),
        ("chargers fakes", "claim", "The chargers that failed Chinese government tests"),
    ],
)
def test_known_answers_rank_first(index: SearchIndex, query: str, kind: str, expected) -> None:
    hits = index.search(query, limit=3)
    if expected is None:
        assert all(hit.score < 80 for hit in hits)  # nothing about rice cookers is rated
        return
    assert hits[0].entry.text.startswith(expected), [h.entry.text[:40] for h in hits]
    assert hits[0].entry.kind == kind
    matched = hits[0].entry.text[hits[0].start : hits[0].end].casefold()
    assert any(word[:4] in matched for word in query.casefold().split())


def test_the_index_follows_additions_edits_and_removals() -> None:
    index = SearchIndex()
    index.add(Entry("quote", "s", "q-1", "c-1", "Xiaomi sells handsets at cost"))
    assert index.search("handsets at cost")[0].entry.record_id == "q-1"
    index.add(Entry("quote", "s", "q-1", "c-1", "Xiaomi ships rice cookers"))
    assert index.search("rice cookers")[0].entry.record_id == "q-1"
    assert all("handsets" not in hit.entry.text for hit in index.search("handsets at cost"))
    index.replace_sheet("s", [Entry("claim", "s", "c-1", "c-1", "Handsets at cost")])
    assert [hit.entry.kind for hit in index.search("handsets at cost")] == ["claim"]
    assert len(index) == 1


def test_cli_search_across_the_sheets_folder(tmp_path: Path, run, monkeypatch) -> None:
    import shutil

    folder = tmp_path / "sheets"
    folder.mkdir()
    shutil.copy(DEMO_SHEET, folder / "xiaomi.json")
    monkeypatch.chdir(tmp_path)
    result = run("search", "smarphones dimme", "--limit", "2")
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert "quote" in first and "«smartphones" in first and "sheets/xiaomi.json" in first
