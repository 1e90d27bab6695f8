"""The app on files it must not trust: an archive that links outside itself, a sheet that
another program damages while the app has it open."""

from __future__ import annotations

import json
from pathlib import Path

from hostile import SECRET, link_text_outside
from textual.widgets import TextArea

from factsheet.ui.screens.sources import SourcesScreen
from factsheet.ui.widgets.table import RecordTable

from .conftest import settled, worksheet


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


async def test_a_sheet_damaged_by_another_program_while_open_is_never_overwritten(
    demo_sheet: Path,
) -> None:
    """Another program breaks the file while the app has it open: the app's next edit is
    refused with a message, and the file stays as the other program left it."""
    async with worksheet(demo_sheet) as (app, pilot, screen):
        data = json.loads(demo_sheet.read_bytes())
        next(iter(data["claims"].values()))["text"] = 42
        damaged = json.dumps(data).encode()
        demo_sheet.write_bytes(damaged)
        await pilot.press("1")
        await settled(pilot)
        assert app.is_running and app.crash is None
        messages = [note.message for note in app._notifications]
        assert any("should be text, not a number" in message for message in messages)
    assert demo_sheet.read_bytes() == damaged
