"""The source view: a source's archived text, with a quote highlighted in its context."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Static, TextArea
from textual.widgets.text_area import Selection

from factsheet.model import Quote, Source
from factsheet.safe_text import one_line, visible
from factsheet.ui.safe import content


def location(text: str) -> tuple[int, int]:
    """(row, column) of the end of `text`, for TextArea."""
    row = text.count("\n")
    return row, len(text) - (text.rfind("\n") + 1)


class SourceScreen(Screen[None]):
    """Read-only text; arrows and shift+arrows move and select, esc goes back.

    With `on_quote`, the selected text can be made a quote: select it with
    shift+arrows (or the mouse) and press a.
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
        on_quote: Callable[[str], None] | None = None,
    ) -> None:
        super().__init__()
        self.on_quote = on_quote
        self.source = source
        self.text = text
        self.quotes = sorted(
            (q for q in quotes if q.anchor),
            key=lambda quote: quote.anchor["start"],  # type: ignore[index]
        )
        self.index = next((n for n, q in enumerate(self.quotes) if q.id == current), 0)

    def compose(self) -> ComposeResult:
        details = " · ".join(
            one_line(part, 40)
            for part in (self.source.author, self.source.published, self.source.language)
            if part
        )
        yield Static(content(f"{one_line(self.source.title, 200)}\n{details}"), id="source-title")
        yield TextArea(visible(self.text), id="source-text", read_only=True, soft_wrap=True)
        yield Static(id="source-status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.show_quote()
        self.query_one(TextArea).focus()

    def show_quote(self) -> None:
        status = self.query_one("#source-status", Static)
        if not self.quotes:
            status.update(
                "No quotes from this source yet: select words (shift+arrows), a quotes them."
                if self.on_quote
                else "No quotes from this source."
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
                f"Quote {self.index + 1} of {len(self.quotes)} ({quote.anchor['status']}): "  # type: ignore[index]
                f"{one_line(quote.text, 120)}"
            )
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "quote_selection" and self.on_quote is None:
            return None
        return True

    def action_quote_selection(self) -> None:
        selected = self.query_one(TextArea).selected_text.strip()
        if not selected:
            self.notify("Select the words first: shift+arrows extend the selection.")
            return
        assert self.on_quote is not None
        self.on_quote(selected)

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
