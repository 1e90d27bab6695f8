"""Archiving from the app: add a page by URL, archive it again, see what changed (workers)."""

from __future__ import annotations

from pathlib import Path

from archive.pages import Site, article_page, serve
from textual.widgets import Input, TextArea

from factsheet.archive.fetch import FetchPolicy
from factsheet.ui.screens.sources import DiffScreen, SourcesScreen
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.table import RecordTable

from .conftest import on_disk, settled, worksheet


async def test_a_page_is_added_by_url_archived_again_and_its_changes_shown(
    demo_sheet: Path, seeds: Path
) -> None:
    site = Site()
    page = article_page(seeds / "003_a188cd6fb3fcff5d.txt")
    site.page("/003.html", page)
    with serve(site) as base:
        async with worksheet(demo_sheet) as (app, pilot, screen):
            app.fetch_policy = FetchPolicy(allowed_networks=("127.0.0.1/32",))
            await pilot.press("S")
            assert isinstance(app.screen, SourcesScreen)
            sources = app.screen
            footer = sources.query_one(Keys)
            archiving = {"Archive again", "Archive all new", "What changed"}
            assert not archiving & set(footer.words())  # the demo's sources are files
            await pilot.press("a")
            app.screen.query_one("#file", Input).value = "ftp://example.com/x"
            await pilot.press("ctrl+s")
            assert "only http and https" in str(app.screen.query_one("#form-error").render())
            app.screen.query_one("#file", Input).value = f"{base}/003.html"
            await pilot.press("ctrl+s")
            await settled(pilot)
            added = list(on_disk(demo_sheet)["sources"].values())[-1]
            assert added["kind"] == "web" and len(added["snapshots"]) == 1
            assert sources.query_one(RecordTable).current_id == added["id"]
            assert set(footer.words()) & archiving == {"Archive again", "Archive all new"}
            site.page("/003.html", page.replace(b"45 percent", b"54 percent"))
            await pilot.press("r")
            await settled(pilot)
            assert len(on_disk(demo_sheet)["sources"][added["id"]]["snapshots"]) == 2
            assert archiving <= set(footer.words())  # two snapshots: what changed
            await pilot.press("home")  # a file: nothing to archive again, one text
            await settled(pilot)
            assert set(footer.words()) & archiving == {"Archive all new"}
            await pilot.press("end")
            await settled(pilot)
            assert any("the text changed" in n.message for n in app._notifications)
            await pilot.press("D")
            assert isinstance(app.screen, DiffScreen)
            diff = app.screen.query_one(TextArea).text
            assert "-" in diff and "fell by 54 percent" in diff
