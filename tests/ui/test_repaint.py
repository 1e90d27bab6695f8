"""Little to send per key: a cursor move repaints the two rows whose highlight changed,
and redundant colour changes are taken out of what goes to the terminal."""

from __future__ import annotations

from pathlib import Path

from conftest import DEMO_SHEET
from textual.geometry import Region

from factsheet.ui.repaint import compact_sgr
from factsheet.ui.widgets.claim_list import ClaimList

from .conftest import worksheet

RESET = "\x1b[0m"
GREY = "\x1b[38;5;253;48;5;233m"
GREEN = "\x1b[38;5;112;48;5;233m"


def test_same_colour_pieces_are_joined_and_others_kept() -> None:
    line = f"\x1b[3;1H{GREEN}✓{RESET}{GREY} {RESET}{GREY}text{RESET}{GREY}  {RESET}\r\n"
    assert compact_sgr(line) == f"\x1b[3;1H{GREEN}✓{RESET}{GREY} text  {RESET}\r\n"
    stacked = f"\x1b[1m{GREEN}bold{RESET}{GREEN}plain{RESET}"  # bold on top: not pure green
    assert compact_sgr(stacked) == stacked
    moved = f"{GREY}a{RESET}\x1b[4;1H{GREY}b{RESET}"  # a cursor move between: kept as is
    assert compact_sgr(moved) == moved


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
