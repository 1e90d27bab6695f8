"""The sources screen (add in a worker, edit, delete, open) and the sheet picker."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input, OptionList, TextArea

from factsheet.ui.app import FactsheetApp
from factsheet.ui.screens.forms import SourceForm
from factsheet.ui.screens.main import MainScreen
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.screens.sources import SourcesScreen
from factsheet.ui.widgets.table import RecordTable

from .conftest import on_disk, settled, worksheet


async def test_sources_are_added_edited_deleted_and_opened(demo_sheet: Path) -> None:
    page = demo_sheet.parent / "page.html"
    page.write_text(
        "<html><head><title>Barra im Interview</title></head><body><nav>Start | Kontakt</nav>"
        "<article><p>Hugo Barra sagt, Xiaomi verdiene an seinen Smartphones keinen müden "
        "Dollar, und setzt auf Smarthome-Geräte und Software.</p></article>"
        "<footer>Leave a Reply</footer></body></html>",
        encoding="utf-8",
    )
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(RecordTable)
        assert table.row_count == 5
        await pilot.press("a")
        assert isinstance(app.screen, SourceForm)
        app.screen.query_one("#file", Input).value = str(demo_sheet.parent / "missing.html")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SourceForm)  # the form says what is wrong and stays
        app.screen.query_one("#file", Input).value = str(page)
        app.screen.query_one("#language", Input).value = "de"
        await pilot.press("ctrl+s")
        await settled(pilot)
        sources = on_disk(demo_sheet)["sources"]
        assert len(sources) == 6
        added = list(sources.values())[-1]
        assert (added["title"], added["language"]) == ("Barra im Interview", "de")
        assert table.current_id == added["id"]
        await pilot.press("e")
        app.screen.query_one("#title", Input).value = "Barra, interviewed"
        await pilot.press("ctrl+s")
        assert on_disk(demo_sheet)["sources"][added["id"]]["title"] == "Barra, interviewed"
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        assert "keinen müden Dollar" in app.screen.query_one(TextArea).text
        assert "Leave a Reply" not in app.screen.query_one(TextArea).text
        await pilot.press("escape", "d", "y")
        assert added["id"] not in on_disk(demo_sheet)["sources"]
        cited = table.current_id
        await pilot.press("d", "y")
        assert cited in on_disk(demo_sheet)["sources"]  # cited by quotes: refused
        await pilot.press("escape")
        assert app.screen is screen


async def test_without_a_sheet_the_picker_offers_the_sheets(demo_sheet: Path) -> None:
    other = demo_sheet.with_name("other.json")
    shutil.copy(demo_sheet, other)
    app = FactsheetApp(choices=[demo_sheet, other], reviewer="tester")
    async with app.run_test(size=(80, 24)) as pilot:
        picker = app.screen.query_one(OptionList)
        assert picker.option_count == 3  # the two sheets, and a new one
        assert "New sheet" in str(picker.get_option_at_index(2).prompt)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.sheet is not None and app.sheet.path == other
        await pilot.press("1")
    assert app.sheet is not None
    first_claim = next(iter(on_disk(other)["claims"].values()))
    assert first_claim["rating"] == "true"
