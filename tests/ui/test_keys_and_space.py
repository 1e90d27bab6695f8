"""Keys that mean one thing everywhere (q quits, esc goes back, esc-then-q over SSH),
copying to the reviewer's clipboard, undo in place, and what fits where."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import Static

from factsheet.ui.screens.help import HelpScreen
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.screens.sources import SourcesScreen
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.quote_list import QuoteList

from .conftest import on_disk, settled, until, worksheet

SCREENS = (("S",), ("tab", "enter"), ("S", "enter"), ("question_mark",))


async def test_q_quits_from_every_screen_and_esc_goes_back(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        for keys in SCREENS:
            await pilot.press(*keys)
            assert app.screen is not screen
            footer = {a.binding.key: a.binding for a in app.screen.active_bindings.values()}
            assert footer["q"].action in ("quit", "app.quit")
            assert footer["q"].description == "Quit" and footer["q"].show
            assert footer["escape"].description in ("Back", "Close help")
            for _ in keys:
                if app.screen is not screen:
                    await pilot.press("escape")
            assert app.screen is screen
        await pilot.press("S", "enter", "q")  # two screens deep: q still quits
        await until(pilot, lambda: not app.is_running)


async def test_esc_then_q_arriving_as_alt_q_is_taken_as_both(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "enter")
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("alt+q")  # esc (back to the worksheet), then q (quit)
        await until(pilot, lambda: not app.is_running)
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("S", "alt+S")  # esc (back), then S (the sources again)
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))


async def test_a_cursor_move_does_not_work_out_the_footers_keys(
    demo_sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Which keys the footer shows takes a walk over every binding: a plain key (j) does
    not need it (only an alt+key asks whether it is bound), and the footer does not
    change for a move."""
    from factsheet.ui.feedback import FooterKeys

    asked: list[object] = []
    worked_out = FooterKeys.active_bindings.fget  # type: ignore[attr-defined]

    def counted(self: object) -> object:
        asked.append(self)
        return worked_out(self)

    monkeypatch.setattr(FooterKeys, "active_bindings", property(counted))
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await settled(pilot)
        asked.clear()
        await pilot.press("j", "j", "k")
        await settled(pilot)
        assert asked == []
        await pilot.press("S", "alt+S")  # an alt+key is still taken as esc and the key
        await until(pilot, lambda: isinstance(app.screen, SourcesScreen))


async def test_y_copies_the_quote_with_its_source_and_archive_date(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("y")
        assert app.clipboard.startswith("Xiaomi makes no profit on its smartphone hardware")
        assert app.clipboard.endswith("(Hugo Barra)")
        await pilot.press("tab", "j", "y")
        quote = screen.sheet.quote(screen.query_one(QuoteList).current_id)
        source = screen.sheet.source(quote.source)
        lines = app.clipboard.split("\n")
        assert lines[0] == f"“{quote.text}”"
        assert lines[1].startswith(f"— “{source.title}”")
        assert f"(archived {source.snapshots[0]['taken'][:10]})" in lines[1]
        assert any("Copied the quote" in n.message for n in app._notifications)


async def test_y_on_the_sources_list_copies_a_web_pages_address(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("S", "y")
        first = next(iter(on_disk(demo_sheet)["sources"].values()))
        assert app.clipboard == first["location"]


async def test_undo_leaves_the_claim_in_its_place_on_screen_and_on_disk(demo_sheet: Path) -> None:
    ids = list(on_disk(demo_sheet)["claims"])
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("j", "j", "1")
        assert on_disk(demo_sheet)["claims"][ids[2]]["rating"] == "true"
        await pilot.press("u")
        assert [c.id for c in claims.claims] == ids
        assert claims.current_id == ids[2]
        assert list(on_disk(demo_sheet)["claims"]) == ids
        assert on_disk(demo_sheet)["claims"][ids[2]]["rating"] == "mostly-false"
        said = [n.message for n in app._notifications]
        assert any(m.startswith("Undone: verdict on “Xiaomi is an internet company") for m in said)


async def test_at_120x40_the_claim_and_quote_texts_get_the_room(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(120, 40)) as (app, pilot, screen):
        await app.workers.wait_for_complete()
        claims = screen.query_one(ClaimList)
        header = claims.render_line(0).text
        assert cell_len(header) - header.index("Claim") >= 75
        table = screen.query_one(QuoteList)
        header = table.render_line(0).text
        assert cell_len(header) - header.index("Quote") >= 40
        evidence = screen.query_one("#evidence")
        assert table.region.height <= evidence.region.height  # no column of empty rows
        detail = screen.query_one("#quote-detail")
        assert detail.region.y == table.region.bottom


async def test_at_80x24_the_header_shows_every_verdict_count(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        header = screen.query_one("#counts", Static)
        text = str(header.render())
        for part in ("14 claims", "6 unrated", "Mostly true 2", "Mostly false 2", "Unproven 3"):
            assert part in text
        assert all(cell_len(line) <= 78 for line in text.split("\n"))


async def test_at_80x24_the_highlighted_quote_is_whole_while_the_quotes_have_focus(
    demo_sheet: Path,
) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab")
        await app.workers.wait_for_complete()  # "also in" is looked for on a worker
        await pilot.pause()
        detail = screen.query_one("#quote-detail", Static)
        lines = detail.render_lines(detail.region.reset_offset)
        shown = " ".join(strip.text.strip() for strip in lines)
        assert "Also in: Xiaomi Doesn’t Profit" in shown
        assert "Note: Barra to Reuters, as retold by 003." in shown
        assert detail.region.bottom <= 23


async def test_help_is_whole_at_80x24(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        scroll = app.screen.query_one("#help-text")
        assert app.focused is scroll
        assert scroll.region.bottom <= 23
        await pilot.press("end")
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        await pilot.press("k")
        assert scroll.scroll_y < scroll.max_scroll_y


async def test_the_footer_fits_80_columns_with_help_and_quit_on_every_pane(
    demo_sheet: Path,
) -> None:
    from factsheet.ui.feedback import footer_width

    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        for keys in ((), ("tab",)):
            await pilot.press(*keys)
            shown = screen.active_bindings
            ids = {a.binding.id for a in shown.values() if a.binding.show}
            assert {"help", "quit", "verdict-editor"} <= ids
            assert footer_width(screen, shown) <= 80
    async with worksheet(demo_sheet, size=(160, 40)) as (app, pilot, screen):
        ids = {a.binding.id for a in screen.active_bindings.values() if a.binding.show}
        assert "find" in ids  # on a wide terminal nothing gives way


def test_esc_then_a_key_as_the_terminal_sends_it_is_recognised() -> None:
    from textual._xterm_parser import XTermParser

    from factsheet.ui.app import escaped_character

    def parsed(sent: str):
        parser = XTermParser()
        (event,) = [*parser.feed(sent), *parser.feed("")]
        return event

    quick = parsed("\x1bq")
    assert quick.key == "alt+q" and escaped_character(quick) == "q"
    assert escaped_character(parsed("\x1bS")) == "S"
    assert escaped_character(parsed("q")) is None


async def test_a_click_on_a_footer_key_works_as_the_key(demo_sheet: Path) -> None:
    from factsheet.ui.widgets.footer import Keys

    async with worksheet(demo_sheet, size=(120, 40)) as (app, pilot, screen):
        await settled(pilot)
        footer = screen.query_one(Keys)
        line = footer.render_line(0).text
        column = line.index("? Help") + 2  # on the word, not the key
        await pilot.click(Keys, offset=(column, 0))
        await until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        before = screen.current_claim().rating
        await pilot.press("5")
        await settled(pilot)
        assert screen.current_claim().rating != before
        line = footer.render_line(0).text
        await pilot.click(Keys, offset=(line.index("u Undo"), 0))
        await until(pilot, lambda: screen.current_claim().rating == before)


def test_esc_then_a_key_in_one_burst_is_read_as_esc_and_the_key() -> None:
    """The terminal reader (Textual's, with `BurstParser`'s change) reads esc then a key
    in one read as esc and the key: a letter and 40 more characters (Textual's own gave
    `^`), tab (it gave shift+tab), enter, space, ctrl+s (it waited, then gave an alt+key
    nothing is bound to). Escape sequences of keys, alt+backspace and pastes read as
    before."""
    from textual._xterm_parser import XTermParser

    from factsheet.ui.keyturns import BurstParser

    def keys(parser: XTermParser, data: str) -> list[str]:
        return [getattr(event, "key", type(event).__name__) for event in parser.feed(data)]

    burst = "\x1baCrime fell 20 percent in one burst\tThe mayor\x13"
    assert keys(BurstParser(), burst)[:3] == ["escape", "a", "C"]
    assert keys(XTermParser(), burst)[0] == "circumflex_accent"  # Textual's own: ^
    for after, key in [("\t", "tab"), ("\r", "enter"), (" ", "space"), ("\x13", "ctrl+s")]:
        assert keys(BurstParser(), f"\x1b{after}x") == ["escape", key, "x"]
    assert keys(XTermParser(), "\x1b\tx") == ["shift+tab", "x"]
    for data in ["\x1b[A", "\x1bOP", "\x1b[1;5C", "\x1b\x7f", "\x1b[200~a\x1bbc\x1b[201~"]:
        assert keys(BurstParser(), data) == keys(XTermParser(), data), data
