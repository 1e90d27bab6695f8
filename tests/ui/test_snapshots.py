"""Snapshots of the worksheet with the demo sheet, at 80×24 and 120×40.

Update them after a deliberate change of the layout with `pytest --snapshot-update`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from factsheet import Sheet
from factsheet.ui.app import FactsheetApp

from .conftest import settled


def pressing(*keys: str):
    """Press `keys`, then wait for the work they start."""

    async def run_before(pilot: Pilot) -> None:
        await settled(pilot)
        await pilot.press(*keys)
        await settled(pilot)

    return run_before


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, demo_sheet: Path, size: tuple[int, int]) -> None:
    with Sheet.open(demo_sheet, reviewer="tester") as sheet:
        assert snap_compare(FactsheetApp(sheet), terminal_size=size, run_before=settled)


def test_verdict_editor_at_80x24(snap_compare, demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet, reviewer="tester") as sheet:
        assert snap_compare(
            FactsheetApp(sheet), terminal_size=(80, 24), run_before=pressing("j", "v")
        )
