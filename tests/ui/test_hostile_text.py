"""Hostile strings in every pane appear literally, with controls made visible."""

from __future__ import annotations

from pathlib import Path

from hostile import CLAIM, CLAIMANT, MARKUP, SOURCE_TEXT, hostile_sheet
from textual.widgets import Static, TextArea

from factsheet.safe_text import one_line, visible
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.quote_list import QuoteList

from .conftest import worksheet

UNSAFE = ("\x1b", "\x07", "\x00", "\x9b", "\u202e")


def assert_safe(text: str) -> None:
    assert not any(char in text for char in UNSAFE), repr(text)


async def test_every_pane_shows_hostile_strings_as_text(tmp_path: Path) -> None:
    path = hostile_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        row = screen.query_one(ClaimList).row_cells(0)
        claim_cell, claimant_cell = row[4], row[2]
        assert claim_cell.startswith("␛]2;PWNED␇␛]52;c;cHduZWQ=␇␛[2J␀⟨U+202E⟩evil [bold red]x[/]")
        assert claimant_cell == "⟨U+009B⟩31m[i]Mallor…"
        for cell in row:
            assert_safe(cell)
        quote_row = screen.query_one(QuoteList).row_cells(0)
        assert quote_row[3] == one_line(f"the quoted words {MARKUP}")
        for cell in quote_row:
            assert_safe(cell)
        for widget in screen.query(Static):
            rendered = str(widget.render())
            assert_safe(rendered)
        verdict = str(screen.query_one("#verdict-summary", Static).render())
        assert visible(CLAIM) in verdict
        assert f"{MARKUP} ␛[2J" in verdict
        detail = str(screen.query_one("#quote-detail", Static).render())
        assert "Note: ␛]52;c;cHduZWQ=␇" in detail
        assert app.is_running


async def test_source_view_shows_hostile_page_text_with_the_quote_selected(tmp_path: Path) -> None:
    path = hostile_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        assert area.text == visible(SOURCE_TEXT)
        assert area.selected_text == f"the quoted words {MARKUP}"
        assert_safe(str(app.screen.query_one("#source-title", Static).render()))


async def test_forms_show_hostile_values_made_visible(tmp_path: Path) -> None:
    path = hostile_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("e")
        assert app.screen.query_one("#claimant").value == one_line(CLAIMANT)
        await pilot.press("escape", "v")
        assert_safe(app.screen.query_one("#rationale", TextArea).text)


async def test_notifications_show_hostile_text_as_text(tmp_path: Path) -> None:
    path = hostile_sheet(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press(
            "tab", "a", "tab", *"not in the page", "ctrl+s"
        )  # an error names the source
        screen.notify(f"{MARKUP} \x1b]2;PWNED\x07")
        await pilot.pause()
        notes = list(app._notifications)
        assert notes and all(not note.markup for note in notes)
        assert all("\x1b" not in note.message for note in notes)
        assert any("[bold red]x[/]" in note.message for note in notes)
