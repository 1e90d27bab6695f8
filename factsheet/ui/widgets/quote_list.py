"""The quote list: one row per quote of the claim shown, with where it stands in its
source, its stance, its source and its words.

Moving through the claims shows another claim's quotes at every key, so the list is
drawn a line at a time (see `keyed_list`): its rows are made only when drawn, and
its height is fixed by the stylesheet with the scrollbar always there, so showing
another claim's quotes repaints the list's own lines and never lays the screen out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message

from factsheet.model import Quote, Source
from factsheet.safe_text import one_line
from factsheet.ui.widgets.keyed_list import KeyedList, Row

STANCE_STYLES = {"supports": "green", "refutes": "red", "context": "cyan"}
# Where the quote stands in its source: ✓ exactly, ≈ after normalising, ~ similar
# (a fuzzy anchor, with its score in the detail), ✗ not found.
ANCHOR_MARKS = {"exact": "✓", "normalised": "≈", "fuzzy": "~", "not found": "✗"}
ANCHOR_STYLES = {
    "exact": "green",
    "normalised": "yellow",
    "fuzzy": "bold yellow",
    "not found": "bold red",
}
# (title, width) of the columns before the quote's words, which take the rest.
COLUMNS = (("", 2), ("Stance", 9), ("Source", 13))
CELL_LIMIT = 60  # a stance or source title longer than this is cut before it is measured
QUOTE_TEXT_LIMIT = 300


class QuoteList(KeyedList):
    """The quotes of one claim, keyed by quote id."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="row-down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="row-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="quote-page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="quote-page-up"),
        Binding("g,home", "first", "First quote", show=False, id="first-quote"),
        Binding("G,end", "last", "Last quote", show=False, id="last-quote"),
        Binding("enter", "select", "Open source", show=False, id="open-quote"),
    ]

    DEFAULT_CSS = """
    QuoteList {
        overflow-y: scroll;
        scrollbar-size-vertical: 1;
    }
    """

    LAST_TITLE = "Quote"

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another quote (None: the list is empty)."""

        quote_id: str | None

    @dataclass
    class Selected(Message):
        """Enter on a quote."""

        quote_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.quotes: list[Quote] = []
        self._sources: Mapping[str, Source] = {}

    def show(
        self, quotes: Sequence[Quote], sources: Mapping[str, Source], keep: str | None
    ) -> None:
        """Replace the rows, the cursor on quote `keep` when it is listed, else the first."""
        self.quotes = list(quotes)
        self._sources = sources
        self.show_keys([quote.id for quote in self.quotes], keep, 0)

    def fixed_columns(self, width: int) -> tuple[tuple[str, int], ...]:
        return COLUMNS

    def make_row(self, index: int) -> Row:
        quote = self.quotes[index]
        source = self._sources.get(quote.source)
        status = (quote.anchor or {}).get("status", "not found")
        cells = (
            ANCHOR_MARKS.get(status, "?"),
            one_line(quote.stance, CELL_LIMIT),
            one_line(source.title if source else quote.source, CELL_LIMIT),
            one_line(quote.text, QUOTE_TEXT_LIMIT),
        )
        styles = (ANCHOR_STYLES.get(status, "dim"), STANCE_STYLES.get(quote.stance, ""))
        return Row(cells, styles)

    def announce(self, key: str | None) -> None:
        self.post_message(self.Highlighted(key))

    def choose(self, key: str) -> None:
        self.post_message(self.Selected(key))
