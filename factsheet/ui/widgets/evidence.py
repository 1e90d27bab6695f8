"""The evidence pane: the selected claim's quotes, the highlighted quote in full (with
where else it stands), and the keys that add, edit and delete a quote or open its
source (bound here, active while the quote table has focus)."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from factsheet.errors import FactsheetError
from factsheet.model import Claim, Quote, Source
from factsheet.provenance import Elsewhere
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.ui import repaint
from factsheet.ui.feedback import attempt
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


ELSEWHERE_SHOWN = 3  # sources named in "Also in"; the rest are counted


def elsewhere_line(found: ElsewhereFound, sources: dict[str, Source]) -> str:
    """ "Also in: A; B; C and 5 more", or, for page chrome and wire copy, how common it is."""
    ids = found.source_ids
    titles = [sources[s].title if s in sources else s for s in ids]
    total = found.total if found.total is not None else len(ids)
    if found.common:
        plus = "+" if found.total is not None and found.total > len(ids) else ""
        return f"Also in {total}{plus} other sources: common text (page chrome or wire copy)"
    shown = "; ".join(titles[:ELSEWHERE_SHOWN])
    more = total - min(len(ids), ELSEWHERE_SHOWN)
    return f"Also in: {shown}" + (f" and {more} more" if more > 0 else "")


class QuoteTable(repaint.StillScrollbars, RecordTable):
    """The quotes of one claim, keyed by quote id."""


EDITING = {"add_quote", "edit_quote", "delete_quote"}


class EvidencePane(ReportsFailures, Vertical):
    """Quotes with stance, source and anchor status; the highlighted one in full below."""

    BINDINGS = [
        Binding("a", "add_quote", "Add", tooltip="Add a quote", id="add-quote"),
        Binding("e", "edit_quote", "Edit", tooltip="Edit the quote", id="edit-quote"),
        Binding("d", "delete_quote", "Delete", tooltip="Delete the quote", id="delete-quote"),
    ]

    @dataclass
    class QuotesChanged(Message):
        """A quote of `claim_id` was added, changed or deleted (its row's count follows)."""

        claim_id: str
        quote_id: str | None

    def __init__(self, sheet: Sheet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sheet = sheet
        self.claim: Claim | None = None
        self.quotes: dict[str, Quote] = {}
        self.sources: dict[str, Source] = {}
        # Which other sources hold a quote's text: asked for the highlighted quote only.
        self.also_in: Callable[[Quote], Elsewhere] = lambda quote: Elsewhere([])
        self.elsewhere: dict[str, ElsewhereFound] = {}  # found so far, by quote id
        self._shown: tuple[object, ...] | None = None

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
        shown = (claim, list(quotes), sources)
        if shown == self._shown:  # the same again (a verdict set, a screen closed): no repaint
            table = self.table
            if keep in self.quotes and keep != table.current_id:
                table.move_cursor(row=table.get_row_index(keep))
            self.show_detail(table.current_id)
            return
        self._shown = shown
        self.claim = claim
        self.quotes = {quote.id: quote for quote in quotes}
        self.sources = sources
        self.elsewhere.clear()  # quotes or sources may have changed
        title = "Evidence" if claim is None else f"Evidence · {len(quotes)} quotes"
        repaint.show(self.query_one("#evidence-title", Static), title)
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
            repaint.show(detail, "No quotes yet: press a to add one." if not self.quotes else "")
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
        found = self.elsewhere.get(quote.id)
        if found is not None and found.source_ids:
            lines += "\n" + elsewhere_line(found, self.sources)
        if quote.note:
            lines += f"\nNote: {quote.note}"
        repaint.show(detail, content(lines))

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
        found = self.also_in(quote)
        if not worker.is_cancelled:
            total = found.total if found.count is not None or found.at_least else None
            self.post_message(ElsewhereFound(quote.id, found.source_ids, found.common, total))

    @on(ElsewhereFound)
    def elsewhere_found(self, event: ElsewhereFound) -> None:
        self.elsewhere[event.quote_id] = event
        if self.table.current_id == event.quote_id:
            self.show_detail(event.quote_id)

    # Editing

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action in EDITING and not self.sheet.writable else True

    def action_add_quote(
        self,
        text: str = "",
        source_id: str | None = None,
        span: tuple[int, int, str] | None = None,
    ) -> None:
        """The quote form for the current claim; from the source view, with the selection
        (`span`: its place in the source's text, so that the quote is the source's words)."""
        from factsheet.ui.screens.forms import QuoteForm  # loaded when a form first opens

        if self.claim is None:
            self.notify("Add a claim first (a in the claim list).", severity="warning")
            return
        if not self.sheet.sources():
            self.notify("Add a source first (S lists the sources; a adds one).", severity="warning")
            return
        form = QuoteForm(self.sheet, self.claim, source=source_id, text=text, span=span)
        self.app.push_screen(form, self.quote_saved)

    def quote_saved(self, quote: Quote | None) -> None:
        if quote is not None:
            self.post_message(self.QuotesChanged(quote.claim, quote.id))

    def action_edit_quote(self) -> None:
        from factsheet.ui.screens.forms import QuoteForm

        quote = self.quotes.get(self.table.current_id or "")
        if quote is not None and self.claim is not None:
            self.app.push_screen(QuoteForm(self.sheet, self.claim, quote), self.quote_saved)

    def action_delete_quote(self) -> None:
        from factsheet.ui.screens.forms import ConfirmScreen

        quote = self.quotes.get(self.table.current_id or "")
        if quote is None:
            return

        def answer(yes: bool | None) -> None:
            delete = partial(self.sheet.delete_quote, quote.id)
            if yes and attempt(self, delete, "Quote deleted"):
                self.post_message(self.QuotesChanged(quote.claim, None))

        question = f"Delete this quote?\n\n{one_line(quote.text, 200)}"
        self.app.push_screen(ConfirmScreen(question), answer)

    @on(DataTable.RowSelected, "#quotes")
    def open_source(self, event: DataTable.RowSelected) -> None:
        """Enter on a quote: its source's text, the quote selected; there, selected words
        become a new quote (`a`)."""
        from factsheet.ui.screens.source import SourceScreen  # loaded on first use

        quote = self.quotes.get((event.row_key.value if event.row_key is not None else None) or "")
        if quote is None:
            return
        try:
            texts = self.sheet.snapshot_texts(quote.source)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error")
            return
        source = self.sheet.source(quote.source)
        others = [q for q in self.sheet.quotes() if q.source == source.id]

        def quote_selection(span: tuple[int, int, str]) -> None:
            start, end, within = span
            self.action_add_quote(texts[within][start:end], source.id, span)

        on_quote = quote_selection if self.sheet.writable else None
        screen = SourceScreen(
            source, texts["article"], others, quote.id, on_quote, page_text=texts.get("page")
        )
        self.app.push_screen(screen)
