"""The panes, lists, header, footer and scrollbars draw their lines themselves
(`factsheet.ui.plain`), skipping Textual's per-line framing: what they draw must be
what Textual would have drawn, cell for cell and style for style (mouse actions on
the scrollbars included), wherever the list is scrolled, at either width."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import generated_sheet
from textual.geometry import Region
from textual.scrollbar import ScrollBar
from textual.strip import Strip
from textual.widget import Widget

from factsheet.ui.plain import PlainLines, PlainScrollBar
from factsheet.ui.widgets.claim_list import ClaimList

from .conftest import settled, worksheet


@pytest.fixture(scope="module")
def sheet_of_a_thousand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated_sheet(tmp_path_factory.mktemp("plain"), 1_000)


def cells(lines: list[Strip]) -> list[list[tuple[object, ...]]]:
    return [[(s.text, s.style, s.style and s.style._meta) for s in line] for line in lines]


def drawn_both_ways(widget: Widget, textual: type[Widget]) -> tuple[list, list]:
    """The widget's lines (whole, and a part of them) as it draws them (as kept since
    drawn last, then drawn afresh) and, twice, as Textual's own `render_lines` (of class
    `textual`) draws them afresh."""
    ours, theirs = [], []
    width, height = widget.region.size
    for crop in (Region(0, 0, width, height), Region(1, 1, max(width - 2, 1), max(height - 1, 1))):
        ours.append(cells(widget.render_lines(crop)))
        widget._styles_cache.clear()  # where both keep lines drawn
        theirs.append(cells(textual.render_lines(widget, crop)))  # type: ignore[arg-type]
        widget._styles_cache.clear()
        ours.append(cells(widget.render_lines(crop)))
        theirs.append(theirs[-1])
    return ours, theirs


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_plain_drawing_is_textuals_drawing(
    sheet_of_a_thousand: Path, tmp_path: Path, size: tuple[int, int]
) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(sheet_of_a_thousand, path)
    async with worksheet(path, size=size) as (app, pilot, screen):
        await settled(pilot)
        for keys in ([], ["j"] * 30, ["G", "tab"], ["tab", "j", "j"]):
            await pilot.press(*keys)
            await settled(pilot)
            seen = 0
            for widget in [screen, *screen.walk_children()]:
                if isinstance(widget, PlainLines) and widget.region:
                    ours, theirs = drawn_both_ways(widget, Widget)
                    assert ours == theirs, f"{type(widget).__name__} after {keys}"
                    seen += 1
                bar = getattr(widget, "_vertical_scrollbar", None)
                if isinstance(bar, PlainScrollBar) and bar.display and bar.region:
                    ours, theirs = drawn_both_ways(bar, ScrollBar)
                    assert ours == theirs, f"the scrollbar of {type(widget).__name__}"
                    seen += 1
            assert seen >= 8  # header, lists, their scrollbars, panes, footer
        claims = screen.query_one(ClaimList)
        assert claims.scroll_offset.y > 0  # the thumb was drawn away from the top
