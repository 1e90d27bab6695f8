"""The source view: a source's archived text, with a quote highlighted in its context.

The text is shown with control characters made visible, so a position on screen is
not always the same position in the source; a selection is mapped back to the
source's own characters (`SourceScreen.span`), so that `a` quotes exactly the
source's words. `v` switches between the article's readable text and everything the
page showed (captions, sidebars, footers), where the capture kept it.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Selection

from factsheet.model import Quote, Source
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet
from factsheet.ui.feedback import FooterKeys, needs, no_claim_to_quote_for
from factsheet.ui.repaint import RepaintsUncovered
from factsheet.ui.safe import content
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.inputs import ReadingArea

ARTICLE, PAGE = "article", "page"
Span = tuple[int, int, str]  # [start, end) in the source's ARTICLE or PAGE text


def location(text: str) -> tuple[int, int]:
    """(row, column) of the end of `text`, for TextArea."""
    row = text.count("\n")
    return row, len(text) - (text.rfind("\n") + 1)


class Shown:
    """A text as the view shows it, and where each shown character comes from."""

    def __init__(self, text: str) -> None:
        pieces: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(text):
            shown = visible(char)
            pieces.append(shown)
            origin += [index] * len(shown)
        origin.append(len(text))
        self.text = "".join(pieces)
        self.origin = origin
        self.line_starts = [0] + [n + 1 for n, char in enumerate(self.text) if char == "\n"]

    def source_offset(self, row: int, column: int) -> int:
        """The source offset of a (row, column) of the shown text."""
        row = min(row, len(self.line_starts) - 1)
        return self.origin[min(self.line_starts[row] + column, len(self.origin) - 1)]


class SourceScreen(RepaintsUncovered, FooterKeys, Screen[None]):
    """Read-only text; arrows and shift+arrows move and select, esc goes back.

    With `on_quote`, the selected words can be made a quote: select them with
    shift+arrows (or the mouse) and press a; the quote is the source's words at the
    selection, never the characters shown for them.
    """

    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to where you were", id="source-back"
        ),
        Binding(
            "a",
            "quote_selection",
            "Quote selection",
            tooltip="Make the selected words a quote of the claim",
            id="quote-selection",
        ),
        Binding(
            "n",
            "next_quote",
            "Next quote",
            tooltip="The next quote from here",
            id="source-next-quote",
        ),
        Binding(
            "p",
            "previous_quote",
            "Previous",
            tooltip="The previous quote from here",
            id="source-previous-quote",
        ),
        Binding(
            "y",
            "copy_selection",
            "Copy",
            tooltip="Copy the selected words to your clipboard",
            id="source-copy",
        ),
        Binding(
            "v",
            "switch_text",
            "Article/page",
            tooltip="Show the article's text or the page's whole visible text",
            id="source-switch-text",
        ),
    ]

    @classmethod
    def help_rows(cls) -> list[tuple[str, str]]:
        """The view's keys, with how words are selected, for the help screen."""
        from factsheet.ui.screens.help import binding_rows

        return [
            ("arrows", "move through the text; page keys, home and end too"),
            ("shift+arrows", "select words (the mouse selects too)"),
            *binding_rows(cls.BINDINGS),
        ]

    def __init__(
        self,
        source: Source,
        text: str,
        quotes: list[Quote],
        current: str | None,
        on_quote: Callable[[Span], None] | None = None,
        *,
        page_text: str | None = None,
    ) -> None:
        super().__init__()
        self.sheet: Sheet | None = None  # given: quotes made from here are shown when made
        self.on_quote = on_quote
        self.cannot_quote = ""  # why `a` cannot quote here, when it cannot
        self.source = source
        self.texts = {ARTICLE: text, **({PAGE: page_text} if page_text else {})}
        self.within = ARTICLE
        self.shown = Shown(text)
        self.all_quotes = [q for q in quotes if q.anchor]
        self.current = current
        self.quotes: list[Quote] = []
        self.index = 0
        self._pick_quotes()
        current_quote = next((q for q in self.all_quotes if q.id == current), None)
        if current_quote is not None and current_quote.anchor.get("within") == PAGE:  # type: ignore[union-attr]
            self._use(PAGE)

    @classmethod
    def of(
        cls,
        sheet: Sheet,
        source_id: str,
        current: str | None,
        quote: Callable[[str, Span], None] | None,
    ) -> SourceScreen:
        """The view of a source's archived texts, `current` quote selected; `quote(words,
        span)` is called with selected words to quote (raises FactsheetError when the
        source has no text to show)."""
        texts = sheet.snapshot_texts(source_id)
        others = [q for q in sheet.quotes() if q.source == source_id]

        def on_quote(span: Span) -> None:
            start, end, within = span
            quote(texts[within][start:end], span)  # type: ignore[misc]

        screen = cls(
            sheet.source(source_id),
            texts[ARTICLE],
            others,
            current,
            on_quote if quote is not None and sheet.writable else None,
            page_text=texts.get(PAGE),
        )
        screen.sheet = sheet
        if quote is None:
            screen.cannot_quote = no_claim_to_quote_for(sheet)
        elif not sheet.writable:
            screen.cannot_quote = "This sheet is open read-only: no quote can be added."
        return screen

    @property
    def text(self) -> str:
        return self.texts[self.within]

    def _pick_quotes(self) -> None:
        self.quotes = sorted(
            (q for q in self.all_quotes if (q.anchor or {}).get("within", ARTICLE) == self.within),
            key=lambda quote: quote.anchor["start"],  # type: ignore[index]
        )
        self.index = next((n for n, q in enumerate(self.quotes) if q.id == self.current), 0)

    def _use(self, within: str) -> None:
        self.within = within
        self.shown = Shown(self.texts[within])
        self._pick_quotes()

    def compose(self) -> ComposeResult:
        details = " · ".join(
            one_line(part, 40)
            for part in (self.source.author, self.source.published, self.source.language)
            if part
        )
        yield Static(content(f"{one_line(self.source.title, 200)}\n{details}"), id="source-title")
        yield ReadingArea(self.shown.text, id="source-text", read_only=True, soft_wrap=True)
        yield Static(id="source-status")
        yield Keys()

    def on_mount(self) -> None:
        self.show_quote()
        self.query_one(TextArea).focus()

    def show_quote(self) -> None:
        status = self.query_one("#source-status", Static)
        where = "the page's full text" if self.within == PAGE else "the article text"
        if not self.quotes:
            status.update(
                f"No quotes in {where} yet: select words (shift+arrows), a quotes them."
                if self.on_quote
                else f"No quotes from this source in {where}."
            )
            return
        quote = self.quotes[self.index]
        start, end = quote.anchor["start"], quote.anchor["end"]  # type: ignore[index]
        area = self.query_one(TextArea)
        area.selection = Selection(
            location(visible(self.text[:start])), location(visible(self.text[:end]))
        )
        area.scroll_cursor_visible(center=True)
        status.update(
            content(
                f"Quote {self.index + 1} of {len(self.quotes)} ({quote.anchor['status']}, "  # type: ignore[index]
                f"{where}): {one_line(quote.text, 120)}"
            )
        )

    def on_screen_resume(self) -> None:
        """Back from the quote form: the quote it made is selected, and said."""
        if self.sheet is None or not self.is_mounted:
            return
        held = {quote.id for quote in self.all_quotes}
        self.all_quotes = [
            q for q in self.sheet.quotes() if q.source == self.source.id and q.anchor
        ]
        made = [quote for quote in self.all_quotes if quote.id not in held]
        if not made:
            return
        self.current = made[-1].id
        within = (made[-1].anchor or {}).get("within", ARTICLE)
        if within != self.within and within in self.texts:
            self.action_switch_text()
        else:
            self._pick_quotes()
            self.show_quote()
        self.notify("Quote added to the claim (esc: back to the worksheet).", timeout=4)

    def footer_missing(self) -> set[str] | frozenset[str]:
        """No claim to quote for, or a sheet open read-only: the footer offers no `a`
        (which says why when pressed)."""
        return {"quote target"} if self.on_quote is None else set()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quote_selection" and self.on_quote is None and not self.cannot_quote:
            return None
        return True

    def span(self) -> Span | None:
        """The selection as [start, end) of the source's own text (None: nothing selected)."""
        selection = self.query_one(TextArea).selection
        first, last = sorted([selection.start, selection.end])
        start = self.shown.source_offset(*first)
        end = self.shown.source_offset(*last)
        if not self.text[start:end].strip():
            return None
        return start, end, self.within

    @needs("quote target")
    def action_quote_selection(self) -> None:
        if self.on_quote is None:
            self.notify(self.cannot_quote, severity="warning")
            return
        span = self.span()
        if span is None:
            self.notify("Select the words first: shift+arrows extend the selection.")
            return
        assert self.on_quote is not None
        self.on_quote(span)

    def action_switch_text(self) -> None:
        if len(self.texts) < 2:
            self.notify(
                "This source has one text: its page shows nothing beyond the article "
                "(or it was a text file).",
                timeout=5,
            )
            return
        self._use(PAGE if self.within == ARTICLE else ARTICLE)
        self.query_one(TextArea).load_text(self.shown.text)
        self.show_quote()

    def action_copy_selection(self) -> None:
        from factsheet.ui.clipboard import copy

        selected = self.query_one(TextArea).selected_text
        if not selected:
            self.notify("Select the words first: shift+arrows extend the selection.")
            return
        copy(self, selected, "the selected words")

    def action_next_quote(self) -> None:
        if self.quotes:
            self.index = (self.index + 1) % len(self.quotes)
            self.show_quote()

    def action_previous_quote(self) -> None:
        if self.quotes:
            self.index = (self.index - 1) % len(self.quotes)
            self.show_quote()
