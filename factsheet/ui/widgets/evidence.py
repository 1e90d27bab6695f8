"""The evidence pane: the selected claim's quotes, the highlighted quote in full (with
where else it stands), and the keys that add, edit, delete and copy a quote or read its
source to quote from (bound here, active while the quote list has focus)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from factsheet.errors import FactsheetError
from factsheet.model import Claim, Quote, Source
from factsheet.provenance import REWORDED, Elsewhere
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.ui import repaint
from factsheet.ui.feedback import attempt, needs, no_claim_to_quote_for, writes
from factsheet.ui.messages import ElsewhereFound, ReportsFailures
from factsheet.ui.plain import PlainStatic
from factsheet.ui.safe import content
from factsheet.ui.widgets.quote_list import QuoteList

ELSEWHERE_DELAY = 0.25  # seconds the highlight rests before "also in" is looked for
ELSEWHERE_SHOWN = 3  # sources named in "Also in"; the rest are counted
# Characters of the titles named there, shared among them: the count stays in sight.
ELSEWHERE_TITLES = 72


def elsewhere_found(quote_id: str, found: Elsewhere) -> ElsewhereFound:
    """What "also in" found for a quote, as the worker tells the pane."""
    total = found.total if found.count is not None or found.at_least else None
    reworded = frozenset(p.source_id for p in found.places if p.status == REWORDED)
    return ElsewhereFound(quote_id, found.source_ids, found.common, total, found.at_least, reworded)


def elsewhere_line(found: ElsewhereFound, sources: dict[str, Source]) -> str:
    """ "Also in: A; B (reworded); C and 5 more" (reworded: a word differs there, not only
    a typo), or, for page chrome and wire copy, how common it is."""
    ids = found.source_ids
    limit = ELSEWHERE_TITLES // max(1, min(len(ids), ELSEWHERE_SHOWN))
    titles = [
        (one_line(sources[s].title, limit) if s in sources else s)
        + (" (reworded)" if s in found.reworded else "")
        for s in ids
    ]
    total = found.total if found.total is not None else len(ids)
    if found.common:
        plus = "+" if found.at_least else ""
        return f"Also in {total}{plus} other sources: common text (page chrome or wire copy)"
    shown = "; ".join(titles[:ELSEWHERE_SHOWN])
    more = total - min(len(ids), ELSEWHERE_SHOWN)
    return f"Also in: {shown}" + (f" and {more} more" if more > 0 else "")


class EvidencePane(ReportsFailures, Vertical):
    """Quotes with stance, source and anchor status; the highlighted one in full below."""

    BINDINGS = [
        Binding(
            "r",
            "read_source",
            "Read source",
            tooltip="Read a source, select words with shift+arrows and press a to quote them",
            id="read-source",
        ),
        Binding(
            "a", "add_quote", "Add quote", tooltip="Add a quote: type or paste it", id="add-quote"
        ),
        Binding("e", "edit_quote", "Edit", tooltip="Edit the quote", id="edit-quote"),
        Binding("d", "delete_quote", "Delete", tooltip="Delete the quote", id="delete-quote"),
        Binding(
            "y",
            "copy_quote",
            "Copy",
            tooltip="Copy the quote with its source and archive date to your clipboard",
            id="copy-quote",
        ),
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
        self._finding = threading.Lock()
        self._shown: tuple[object, ...] | None = None

    def compose(self) -> ComposeResult:
        yield PlainStatic(id="evidence-title", classes="pane-title")
        yield QuoteList(id="quotes")
        yield PlainStatic(id="quote-detail")

    @property
    def table(self) -> QuoteList:
        return self.query_one(QuoteList)

    def show(
        self,
        claim: Claim | None,
        quotes: Sequence[Quote],
        sources: dict[str, Source],
        keep: str | None = None,
    ) -> None:
        self.claim = claim
        shown = (claim.id if claim else None, list(quotes), sources)
        if shown == self._shown:  # the same again (a verdict set, a screen closed): no repaint
            table = self.table
            if keep in self.quotes and keep != table.current_id:
                table.select(keep)
            self.show_detail(table.current_id)
            return
        self._shown = shown
        self.quotes = {quote.id: quote for quote in quotes}
        self.sources = sources
        self.elsewhere.clear()  # quotes or sources may have changed
        count = len(quotes)
        title = "Evidence" if claim is None else f"Evidence · {count} quote{'s' * (count != 1)}"
        repaint.show(self.query_one("#evidence-title", Static), title, layout=False)
        table = self.table
        table.show(quotes, sources, keep)
        self.show_detail(table.current_id)

    def show_detail(self, quote_id: str | None) -> None:
        """The highlighted quote in full; where else it stands is added once it is found
        (on a worker, since finding it searches every source). Without quotes, the list
        says what to press."""
        detail = self.query_one("#quote-detail", Static)
        quote = self.quotes.get(quote_id or "")
        if quote is None:
            self.table.empty_message = self.empty_message() if not self.quotes else ""
            repaint.show(detail, content(""), key="", layout=False)
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
        repaint.show(detail, content(lines), layout=False)

    def empty_message(self) -> str:
        """What the pane says without quotes: what to press, from where the focus is."""
        if self.claim is None:
            if self.sheet.records("claims"):  # not claims(): 110 ms at 10,000
                return "No claim in the list: esc clears the filter, and its quotes show here."
            return "Quotes that bear on a claim appear here once there is a claim."
        if not self.sources:
            return "No quotes yet. First add a source: S lists them, a there adds one."
        if not self.sheet.writable:
            return "No quotes for this claim."
        here = "" if self.table.has_focus else "tab to this pane, then "
        return (
            f"No quotes yet: {here}r reads a source (select words, a quotes them), "
            "or a types or pastes a quote."
        )

    def on_descendant_focus(self) -> None:
        self.show_detail(self.table.current_id)

    def on_descendant_blur(self) -> None:
        self.show_detail(self.table.current_id)

    # Finding text in the list (the find line's Findable)

    find_label = "the quotes"

    @property
    def find_widget(self) -> QuoteList:
        return self.table

    def find_cursor(self) -> int:
        return self.table.cursor_row

    def find_move(self, index: int) -> None:
        self.table.move_cursor(row=index)

    def find_rows(self) -> list[str]:
        """Each listed quote as the list shows it."""
        texts = []
        for quote in self.quotes.values():
            source = self.sources.get(quote.source)
            texts.append(f"{quote.stance} {source.title if source else ''} {quote.text}")
        return texts

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
        with self._finding:  # the first lookup builds the index; later ones wait for it
            if worker.is_cancelled:
                return
            found = self.also_in(quote)
        if not worker.is_cancelled:
            self.post_message(elsewhere_found(quote.id, found))

    @on(ElsewhereFound)
    def elsewhere_found(self, event: ElsewhereFound) -> None:
        self.elsewhere[event.quote_id] = event
        if self.table.current_id == event.quote_id:
            self.show_detail(event.quote_id)

    # Editing

    @needs("claim")
    @writes
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
            self.notify(no_claim_to_quote_for(self.sheet, on_worksheet=True), severity="warning")
            return
        if not self.sheet.sources():
            self.notify("Add a source first (S lists the sources; a adds one).", severity="warning")
            return
        form = QuoteForm(self.sheet, self.claim, source=source_id, text=text, span=span)
        self.app.push_screen(form, self.quote_saved)

    def quote_saved(self, quote: Quote | None) -> None:
        if quote is not None:
            self.post_message(self.QuotesChanged(quote.claim, quote.id))

    @needs("quote")
    @writes
    def action_edit_quote(self) -> None:
        from factsheet.ui.screens.forms import QuoteForm

        quote = self.current_quote()
        if quote is not None and self.claim is not None:
            self.app.push_screen(QuoteForm(self.sheet, self.claim, quote), self.quote_saved)

    @needs("quote")
    @writes
    def action_delete_quote(self) -> None:
        from factsheet.ui.screens.forms import ConfirmScreen

        quote = self.current_quote()
        if quote is None:
            return

        def answer(yes: bool | None) -> None:
            delete = partial(self.sheet.delete_quote, quote.id)
            if yes and attempt(self, delete, "Quote deleted"):
                self.post_message(self.QuotesChanged(quote.claim, None))

        question = f"Delete this quote?\n\n{one_line(quote.text, 200)}"
        self.app.push_screen(ConfirmScreen(question), answer)

    def current_quote(self) -> Quote | None:
        """The highlighted quote; without one, says what to press."""
        quote = self.quotes.get(self.table.current_id or "")
        if quote is None:
            self.notify(
                "No quote here yet: a adds one."
                if self.claim is not None
                else no_claim_to_quote_for(self.sheet, on_worksheet=True),
                timeout=3,
            )
        return quote

    @needs("quote")
    def action_copy_quote(self) -> None:
        from factsheet.ui.clipboard import citation, copy

        quote = self.current_quote()
        if quote is None:
            return
        copy(self, citation(quote, self.sources.get(quote.source)), "the quote and its source")

    @on(QuoteList.Selected)
    def quote_selected(self, event: QuoteList.Selected) -> None:
        """Enter on a quote: its source's text, the quote selected."""
        quote = self.quotes.get(event.quote_id)
        if quote is not None:
            self.read_source(quote.source, quote.id)

    def action_read_source(self) -> None:
        """The highlighted quote's source; without one, the source the claim appeared
        in, the only source, or one to choose."""
        quote = self.quotes.get(self.table.current_id or "")
        sources = self.sheet.sources()
        if quote is not None:
            self.read_source(quote.source, quote.id)
        elif not sources:
            self.notify("No sources yet: S lists them, a there adds one.", timeout=5)
        elif self.claim is not None and self.claim.source in {s.id for s in sources}:
            self.read_source(self.claim.source, None)
        elif len(sources) == 1:
            self.read_source(sources[0].id, None)
        else:
            from factsheet.ui.screens.forms import ChoiceScreen

            def chosen(source_id: str | None) -> None:
                if source_id:
                    self.read_source(source_id, None)

            choices = [(source.title, source.id) for source in sources]
            self.app.push_screen(ChoiceScreen("Read which source? (enter)", choices), chosen)

    def read_source(self, source_id: str, quote_id: str | None) -> None:
        """The source's text, `quote_id` selected; there, selected words become a new
        quote of this pane's claim (`a`)."""
        from factsheet.ui.screens.source import SourceScreen  # loaded on first use

        claim = self.claim

        def quote(words: str, span: tuple[int, int, str]) -> None:
            self.action_add_quote(words, source_id, span)

        try:
            screen = SourceScreen.of(self.sheet, source_id, quote_id, quote if claim else None)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error")
            return
        self.app.push_screen(screen)
