"""The app on files it must not trust: an archive that links outside itself."""

from __future__ import annotations

from pathlib import Path

from hostile import SECRET, link_text_outside
from textual.widgets import TextArea

from factsheet.ui.screens.sources import SourcesScreen
from factsheet.ui.widgets.table import RecordTable

from .conftest import worksheet


async def test_the_source_view_never_shows_a_file_from_outside_the_archive(
    demo_sheet: Path, tmp_path: Path
) -> None:
    source_id = link_text_outside(demo_sheet, tmp_path / "secret.txt")
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(RecordTable)
        table.move_cursor(row=table.get_row_index(source_id))
        await pilot.press("enter")
        assert isinstance(app.screen, SourcesScreen)  # no source view was opened
        assert any("leads outside" in note.message for note in app._notifications)
        assert all(SECRET not in area.text for area in app.screen.query(TextArea))
        assert app.is_running
