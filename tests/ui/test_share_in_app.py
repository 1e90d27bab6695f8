"""Export and merge from the app, through the same core as the CLI."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen
from textual.widgets import Input, Select

from factsheet import Sheet
from factsheet.exchange import json_format
from factsheet.ui.screens.share import ExportForm, ImportForm
from factsheet.ui.widgets.footer import Keys

from .conftest import on_disk, settled, worksheet


def footer_words(screen: Screen[object]) -> list[str]:
    """The words of the keys the screen's footer shows, left to right."""
    return screen.query_one(Keys).words()


async def test_export_then_merge_a_colleagues_copy(demo_sheet: Path, tmp_path: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("x")
        assert isinstance(app.screen, ExportForm)
        await settled(pilot)
        assert "Export" in footer_words(app.screen)  # as the dialog says, not "Save"
        assert "Save" not in footer_words(app.screen)
        target = tmp_path / "report.md"
        app.screen.query_one("#format", Select).value = "markdown"
        app.screen.query_one("#path", Input).value = str(target)
        await pilot.press("ctrl+s")
        assert target.read_text(encoding="utf-8").startswith("# Xiaomi")

    colleague = tmp_path / "colleague.json"
    with Sheet.open(demo_sheet) as sheet:
        claim = sheet.add_claim("Xiaomi plans direct sales in the U.S.", claimant="Hugo Barra")
        colleague.write_bytes(json_format.dumps(json_format.export_document(sheet)))
        sheet.delete_claim(claim.id)
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("I")
        assert isinstance(app.screen, ImportForm)
        await settled(pilot)
        assert "Merge" in footer_words(app.screen)
        app.screen.query_one("#path", Input).value = str(tmp_path / "nothing.json")
        await pilot.press("ctrl+s")
        assert "cannot be read" in str(app.screen.query_one("#form-error").render())
        app.screen.query_one("#path", Input).value = str(colleague)
        await pilot.press("ctrl+s")
        assert claim.id in on_disk(demo_sheet)["claims"]
        assert screen.query_one("ClaimList").row_count == 15
        await pilot.press("u")
        assert claim.id not in on_disk(demo_sheet)["claims"]
