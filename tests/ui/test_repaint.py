"""Little to send per key: a cursor move repaints the two rows whose highlight changed
(what then goes to the terminal is only the cells that changed: test_screendiff)."""

from __future__ import annotations

from pathlib import Path

from conftest import DEMO_SHEET
from textual.geometry import Region

from factsheet.ui.widgets.claim_list import ClaimList

from .conftest import worksheet


async def test_a_cursor_move_repaints_two_rows_of_the_list(tmp_path: Path) -> None:
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.pause()
        calls: list[tuple[Region, ...]] = []
        original = claims.refresh

        def counting(*regions: Region, **options: object) -> object:
            calls.append(regions)
            return original(*regions, **options)

        claims.refresh = counting  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert calls and all(len(regions) == 1 for regions in calls), calls  # no whole list
        assert sorted(region.y for (region,) in calls) == [1, 2]  # rows 1 and 2 (0: header)
