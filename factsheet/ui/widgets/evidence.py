"""The evidence pane: the selected claim's quotes, and the highlighted quote in full."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static
from textual.worker import get_current_worker

from factsheet.model import Claim, Quote, Source
from factsheet.ui.messages import ElsewhereFound, ReportsFailures
from factsheet.ui.safe import cell, content
from factsheet.ui.widgets.table import RecordTable

ELSEWHERE_DELAY = 0.25  # seconds the highlight rests before "also in" is looked for
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


class QuoteTable(RecordTable):
    """The quotes of one claim, keyed by quote id."""

    BINDINGS = [
        Binding("a", "screen.add_quote", "Add", tooltip="Add a quote", id="add-quote"),
        Binding("e", "screen.edit_quote", "Edit", tooltip="Edit the quote", id="edit-quote"),
        Binding(
            "d", "screen.delete_quote", "Delete", tooltip="Delete the quote", id="delete-quote"
        ),
    ]


class EvidencePane(ReportsFailures, Vertical):
    """Quotes with stance, source and anchor status; the highlighted one in full below."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.quotes: dict[str, Quote] = {}
        self.sources: dict[str, Source] = {}
        # Which other sources hold a quote's text: asked for the highlighted quote only.
        self.also_in: Callable[[Quote], list[str]] = lambda quote: []
        self.elsewhere: dict[str, list[str]] = {}  # found so far, by quote id

    def compose(self) -> ComposeResult:
        yield Static(id="evidence-title", classes="pane-title")
        yield QuoteTable(id="quotes")
        yield Static(id="quote-detail")

    def on_mount(self) -> None:
        table = self.query_one(QuoteTable)
        table.add_column("", key="anchor", width=2)
        table.add_column("Stance", key="stance", width=9)
        table.add_column("Source", key="source", width=13)
        table.add_column("Quote", key="text")

    @property
    def table(self) -> QuoteTable:
        return self.query_one(QuoteTable)

    def show(
        self,
        claim: Claim | None,
        quotes: Sequence[Quote],
        sources: dict[str, Source],
        keep: str | None = None,
    ) -> None:
        self.quotes = {quote.id: quote for quote in quotes}
        self.sources = sources
        self.elsewhere.clear()  # quotes or sources may have changed
        title = "Evidence" if claim is None else f"Evidence · {len(quotes)} quotes"
        self.query_one("#evidence-title", Static).update(title)
        table = self.table
        table.clear()
        for quote in quotes:
            source = sources.get(quote.source)
            status = (quote.anchor or {}).get("status", "not found")
            table.add_row(
                cell(ANCHOR_MARKS.get(status, "?"), style=ANCHOR_STYLES.get(status, "dim")),
                cell(quote.stance, 8, style=STANCE_STYLES.get(quote.stance, "")),
                cell(source.title if source else quote.source, 12),
                cell(quote.text, 200),
                key=quote.id,
            )
        if keep in self.quotes:
            table.move_cursor(row=table.get_row_index(keep))
        self.show_detail(table.current_id)

    def show_detail(self, quote_id: str | None) -> None:
        """The highlighted quote in full; where else it stands is added once it is found
        (on a worker, since finding it searches every source)."""
        detail = self.query_one("#quote-detail", Static)
        quote = self.quotes.get(quote_id or "")
        if quote is None:
            detail.update("No quotes yet: press a to add one." if not self.quotes else "")
            return
        if quote.id not in self.elsewhere:
            self.find_elsewhere(quote)
        source = self.sources.get(quote.source)
        anchor = quote.anchor or {}
        status = anchor.get("status", "not found")
        if status == "fuzzy":
            status = f"fuzzy, {anchor.get('score', 0):.0f}% alike"
        elif status == "not found":
            status = "NOT FOUND in the latest snapshot"
        lines = f"“{quote.text}”\n— {source.title if source else quote.source} ({status})"
        elsewhere = self.elsewhere.get(quote.id, [])
        if elsewhere:
            titles = [self.sources[s].title if s in self.sources else s for s in elsewhere]
            lines += "\nAlso in: " + "; ".join(titles)
        if quote.note:
            lines += f"\nNote: {quote.note}"
        detail.update(content(lines))

    @work(thread=True, exclusive=True, exit_on_error=False, group="also-in")
    def find_elsewhere(self, quote: Quote) -> None:
        """Look for the quote in the other sources once the highlight rests on it: a newer
        highlight cancels this one while it waits, so moving through the list stays quick."""
        worker = get_current_worker()
        rest_until = time.monotonic() + ELSEWHERE_DELAY
        while time.monotonic() < rest_until:
            if worker.is_cancelled:
                return
            time.sleep(0.02)
        places = self.also_in(quote)
        if not worker.is_cancelled:
            self.post_message(ElsewhereFound(quote.id, places))

    @on(ElsewhereFound)
    def elsewhere_found(self, event: ElsewhereFound) -> None:
        self.elsewhere[event.quote_id] = event.source_ids
        if self.table.current_id == event.quote_id:
            self.show_detail(event.quote_id)
