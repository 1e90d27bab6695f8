"""A realistic sheet of 10,000 quotes (bench/corpus.py): the app stays responsive while
"also in" and the search index are still being built on their workers (not timed)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from conftest import generated_sheet
from textual.widgets import Input

from factsheet import folder, provenance
from factsheet.ui.screens.search import SearchScreen
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.evidence import EvidencePane
from factsheet.ui.widgets.header import SheetHeader

from .conftest import settled, until, worksheet


@pytest.fixture(scope="module")
def big_sheet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_sheet(tmp_path_factory.mktemp("scale"), 10_000, "big.json")


async def test_keys_are_handled_while_also_in_and_search_are_built(
    big_sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hold_also_in, hold_search = threading.Event(), threading.Event()
    building = {"also in": False, "search": False}
    build_passages = provenance.PassageIndex.__init__
    update_folder = folder.FolderIndex.update

    def slow_passages(self: provenance.PassageIndex, *args: object, **kwargs: object) -> None:
        building["also in"] = True
        assert hold_also_in.wait(60)
        build_passages(self, *args, **kwargs)  # type: ignore[arg-type]

    def slow_search(self: folder.FolderIndex, step: Any = None) -> object:
        building["search"] = True
        assert hold_search.wait(60)
        return update_folder(self, step)

    monkeypatch.setattr(provenance.PassageIndex, "__init__", slow_passages)
    monkeypatch.setattr(folder.FolderIndex, "update", slow_search)
    async with worksheet(big_sheet, writable=False) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        assert claims.row_count == 1_000
        await until(pilot, lambda: building["also in"])  # the index is being built
        for _ in range(5):
            await pilot.press("j")
        assert claims.cursor == 5  # every key handled while the worker waits
        evidence = screen.query_one(EvidencePane)
        assert evidence.claim is not None and evidence.claim.id == claims.current_id
        await pilot.press("F")  # search across the folder's sheets
        await until(pilot, lambda: building["search"])
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"profit")
        assert app.screen.query_one("#query", Input).value == "profit"
        hold_search.set()
        await until(pilot, lambda: bool(app.screen.hits))  # searched once the index is ready
        await pilot.press("escape")
        hold_also_in.set()
        await until(pilot, lambda: evidence.table.current_id in evidence.elsewhere)


async def test_a_hundred_sources_keep_their_title_in_view_and_g_G_reach_both_ends(
    big_sheet: Path,
) -> None:
    from factsheet.ui.screens.sources import SourcesScreen
    from factsheet.ui.widgets.table import RecordTable

    async with worksheet(big_sheet, size=(80, 24), writable=False) as (app, pilot, screen):
        await pilot.press("S")
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))
        sources = app.screen.query_one(RecordTable)
        assert sources.row_count == 100
        title = app.screen.query_one("#sources-title")
        assert title.region.y == 0 and title.region.height == 1  # not pushed off the top
        assert sources.region.bottom <= 23  # the keys stay in view below the list
        await pilot.press("G")
        assert sources.cursor_row == 99
        await pilot.press("g")
        assert sources.cursor_row == 0


async def test_a_filter_typo_taken_back_comes_back_to_the_claim_and_counts_read_in_thousands(
    big_sheet: Path,
) -> None:
    """Far down a long list, a filter letter that lists nothing and its backspace bring the
    highlight back to the claim the reviewer was on, not hundreds of rows away; the
    header's counts are written as the rest of the app writes them (1,000)."""
    async with worksheet(big_sheet, writable=False) as (app, pilot, screen):
        await settled(pilot)
        claims = screen.query_one(ClaimList)
        header = screen.query_one(SheetHeader)
        assert "1,000 claims" in str(header.render())
        await pilot.press("G")
        while not claims.claims[claims.cursor].claimant:
            await pilot.press("k")
        target = claims.current_id
        claimant = claims.claims[claims.cursor].claimant or ""
        await pilot.press("f", *claimant[:4])
        await settled(pilot)
        assert claims.current_id == target
        assert 1 < claims.row_count < 1_000
        assert f"{claims.row_count:,} of 1,000 shown" in str(header.render())
        await pilot.press("q", "q")  # a typo: nothing listed
        await settled(pilot)
        assert claims.row_count == 0
        await pilot.press("backspace", "backspace")
        await settled(pilot)
        assert claims.current_id == target
        await pilot.press("escape")
        await settled(pilot)
        assert claims.row_count == 1_000
        assert claims.current_id == target
        # A filter that never lists the claim: the highlight falls to a row, comes back
        # to that row when a typo is taken back, and esc brings back the claim itself.
        other = next(
            c.claimant
            for c in claims.claims
            if c.claimant and c.claimant[:4].casefold() != claimant[:4].casefold()
        )
        await pilot.press("f", "ctrl+u", *other[:4])
        await settled(pilot)
        fallen = claims.current_id
        assert fallen is not None and fallen != target
        await pilot.press("q", "q", "backspace", "backspace")
        await settled(pilot)
        assert claims.current_id == fallen
        await pilot.press("escape")
        await settled(pilot)
        assert claims.current_id == target
