"""The quote list in the evidence pane: another claim's quotes repaint the list without
laying the screen out, and its keys, clicks and enter move and choose as in the claim list."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static, TextArea

from factsheet import Sheet
from factsheet.model import Quote, Source
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.widgets.quote_list import QuoteList

from .conftest import count_layouts, settled, shown_lines, worksheet

# Quote counts of the claims, in list order: a claim change between them must not move
# the quote list or the detail below it.
COUNTS = (10, 1, 0, 12)


def sentence(n: int) -> str:
    return f"Sentence number {n} of the page says something worth quoting."


def counted_sheet(folder: Path) -> Path:
    path = folder / "counted.json"
    page = folder / "page.txt"
    page.write_text(" ".join(sentence(n) for n in range(20)) + "\n", encoding="utf-8")
    with Sheet.create(path, title="Counted", reviewer="t") as sheet:
        source = sheet.add_source_file(page, title="The page")
        for count in COUNTS:
            claim = sheet.add_claim(f"A claim with {count} quotes")
            for n in range(count):
                stance = ("supports", "refutes", "context")[n % 3]
                sheet.add_quote(claim.id, source.id, sentence(n), stance=stance)
    return path


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_another_claims_quotes_lay_nothing_out(tmp_path: Path, size: tuple[int, int]):
    async with worksheet(counted_sheet(tmp_path), size=size) as (app, pilot, screen):
        await settled(pilot)
        quotes = screen.query_one(QuoteList)
        detail = screen.query_one("#quote-detail", Static)
        regions = (quotes.region, detail.region)
        layouts = count_layouts(screen)
        for count in COUNTS[1:]:
            await pilot.press("j")
            await settled(pilot)
            assert quotes.row_count == count
            assert (quotes.region, detail.region) == regions
        await pilot.press("g")
        await settled(pilot)
        assert layouts == []
        assert quotes.row_count == 10 and quotes.current_id == screen.evidence.table.current_id
        assert "Sentence number 0 of the page" in shown_lines(quotes)  # drawn, not just listed


def demo_quotes(sheet: Sheet) -> tuple[list[Quote], dict[str, Source]]:
    claim = sheet.claims()[0]
    return sheet.quotes(claim.id), {source.id: source for source in sheet.sources()}


class ListApp(App[None]):
    """A quote list alone, recording the messages it posts."""

    def __init__(self, quotes: list[Quote], sources: dict[str, Source]) -> None:
        super().__init__()
        self.quotes, self.sources = quotes, sources
        self.seen: list[tuple[str, str | None]] = []

    def compose(self) -> ComposeResult:
        yield QuoteList(id="quotes")
        yield Static("below", id="below")

    def on_mount(self) -> None:
        self.query_one(QuoteList).styles.height = 4  # a header and three rows
        self.query_one(QuoteList).show(self.quotes, self.sources, None)
        self.query_one(QuoteList).focus()

    def on_quote_list_highlighted(self, message: QuoteList.Highlighted) -> None:
        self.seen.append(("highlighted", message.quote_id))

    def on_quote_list_selected(self, message: QuoteList.Selected) -> None:
        self.seen.append(("selected", message.quote_id))


async def test_keys_clicks_and_enter_move_and_choose(demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet, reviewer="t", writable=False) as sheet:
        quotes, sources = demo_quotes(sheet)
    ids = [quote.id for quote in quotes]
    assert len(ids) == 5
    app = ListApp(quotes, sources)
    async with app.run_test(size=(60, 8)) as pilot:
        listed = app.query_one(QuoteList)
        await pilot.pause()
        assert app.seen == [("highlighted", ids[0])]
        await pilot.press("j", "down")
        assert (listed.cursor_row, listed.current_id) == (2, ids[2])
        await pilot.press("k", "up", "up")  # up at the top stays there
        assert listed.cursor_row == 0
        await pilot.press("G")
        assert listed.current_id == ids[4]
        assert listed.scroll_offset.y == 2  # the last row scrolled into view
        await pilot.press("home")
        assert listed.current_id == ids[0] and listed.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert listed.cursor_row == 2  # a page: the rows shown, less one
        await pilot.press("end", "pageup")
        assert listed.cursor_row == 2 and listed.scroll_offset.y == 2
        await pilot.click(QuoteList, offset=(20, 1))  # the first row shown under the header
        assert listed.cursor_row == 2
        await pilot.click(QuoteList, offset=(20, 3))
        assert listed.cursor_row == 4
        await pilot.press("g")
        await pilot.click(QuoteList, offset=(20, 3))
        assert listed.cursor_row == 2
        app.seen.clear()
        await pilot.press("enter")
        await pilot.pause()
        assert app.seen == [("selected", ids[2])]
        listed.move_cursor(row=listed.get_row_index(ids[3]))
        await pilot.pause()
        assert app.seen[-1] == ("highlighted", ids[3])


async def test_rows_show_the_mark_stance_source_and_words_with_their_colours(
    demo_sheet: Path,
) -> None:
    with Sheet.open(demo_sheet, reviewer="t", writable=False) as sheet:
        quotes, sources = demo_quotes(sheet)
    app = ListApp(quotes, sources)
    async with app.run_test(size=(60, 8)) as pilot:
        listed = app.query_one(QuoteList)
        await pilot.pause()
        header = listed.render_line(0).text
        assert header.startswith("  Stance   Source       Quote")
        second = listed.render_line(2)  # not the cursor row: its own colours
        text = second.text
        assert text.startswith(f"≈ {quotes[1].stance:<9}Xiaomi Does… ")
        assert text.rstrip().endswith("…") and len(text) == 60 - 1  # less the scrollbar
        segments = list(second)
        assert segments[0].style is not None and segments[0].style.color is not None
        assert segments[0].style.color.name == "yellow"  # ≈: found once normalised
        assert segments[1].style is not None and segments[1].style.color is not None
        assert segments[1].style.color.name == "cyan"  # context

        def background(y: int) -> object:
            style = next(iter(listed.render_line(y))).style
            return style.bgcolor if style is not None else None

        focused_cursor, plain, stripe = background(1), background(3), background(2)
        assert len({focused_cursor, plain, stripe}) == 3
        app.set_focus(None)
        await pilot.pause()
        assert background(1) not in (focused_cursor, plain, stripe)  # the blurred cursor

        listed.empty_message = "No quotes yet: press a."
        listed.show([], sources, None)
        await pilot.pause()
        assert listed.current_id is None and listed.row_count == 0
        assert "No quotes yet: press a." in shown_lines(listed)
        assert app.seen[-1] == ("highlighted", None)


async def test_a_click_in_the_app_highlights_the_quote_and_enter_reads_its_source(
    demo_sheet: Path,
) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        quotes = screen.query_one(QuoteList)
        await pilot.click(QuoteList, offset=(30, 3))  # the third quote (row 0: header)
        assert app.focused is quotes and quotes.cursor_row == 2
        quote = screen.sheet.quote(quotes.current_id)
        assert quote.text[:30] in str(screen.query_one("#quote-detail", Static).render())
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        assert app.screen.query_one(TextArea).selected_text.startswith(quote.text[:20])
