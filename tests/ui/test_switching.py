"""While the app runs, the terminal's writer thread waits at most a millisecond for the
interpreter: a drawn frame is sent at once, not after the rest of the key's work."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from conftest import DEMO_SHEET

from factsheet.ui.switching import SWITCH_INTERVAL

from .conftest import settled, worksheet


async def test_the_app_lets_other_threads_run_promptly_and_puts_the_interval_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    before = sys.getswitchinterval()
    assert before > SWITCH_INTERVAL  # Python's default, 5 ms
    async with worksheet(path) as (app, pilot, screen):
        await settled(pilot)
        assert sys.getswitchinterval() <= SWITCH_INTERVAL
        await pilot.press("j")
        assert sys.getswitchinterval() <= SWITCH_INTERVAL
    assert sys.getswitchinterval() == before
