"""The worksheet: claim list, evidence pane and verdict pane, driven by the keyboard.

Keys that act on a record are bound on the widget that shows it (`a` on the claim
list adds a claim, on the evidence pane a quote); the screen runs them through the
forms, which call the core (`factsheet.sheet.Sheet`), and then redraws what changed.
Keys for the whole sheet (verdict digits, triage, search, undo) are the screen's.
A FactsheetError becomes a notification, never a traceback.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from factsheet import provenance
from factsheet.errors import FactsheetError
from factsheet.model import UNRATED, Claim, Quote, Status
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.triage import SORTS, ClaimFilter, next_unrated, rating_choices, sort_claims
from factsheet.ui import messages
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.evidence import EvidencePane, QuoteTable
from factsheet.ui.widgets.verdict import VerdictPane

if TYPE_CHECKING:
    from types import ModuleType

    from factsheet.exchange.merge import MergeReport
    from factsheet.search import Hit


def _forms() -> ModuleType:
    """The form screens, loaded when a form first opens: they pull in TextArea and Select."""
    from factsheet.ui.screens import forms

    return forms


NARROW_WIDTH = 100
EDITING_ACTIONS = {
    "add_claim",
    "edit_claim",
    "delete_claim",
    "add_quote",
    "edit_quote",
    "delete_quote",
    "verdict",
    "rate",
    "cycle_status",
    "undo",
    "import",
}


class MainScreen(messages.ReportsFailures, Screen[None]):
    BINDINGS = [
        Binding("v", "verdict", "Verdict", tooltip="Open the verdict editor", id="verdict-editor"),
        *[
            Binding(
                str(n),
                f"rate({n})",
                "Rate: the scale's level of that number",
                show=False,
                id=f"rate-{n}",
            )
            for n in range(1, 10)
        ],
        Binding("0", "rate(0)", "Rate: unrated", show=False, id="unrate"),
        Binding(
            "s",
            "cycle_status",
            "Status",
            show=False,
            tooltip="new → in review → done",
            id="cycle-status",
        ),
        Binding("n", "next_unrated", "Next unrated", key_display="n", id="next-unrated"),
        Binding("slash", "search", "Search", key_display="/", id="search"),
        Binding(
            "f",
            "filter",
            "Filter",
            show=False,
            tooltip="status: verdict: claimant: tag:",
            id="filter",
        ),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="clear-filter"),
        Binding(
            "o", "sort", "Sort", show=False, tooltip="Cycle the order of the claim list", id="sort"
        ),
        Binding(
            "S",
            "sources",
            "Sources",
            show=False,
            tooltip="List, add, edit, delete sources",
            id="sources",
        ),
        Binding("u", "undo", "Undo", id="undo"),
        Binding(
            "x",
            "export",
            "Export",
            show=False,
            tooltip="JSON, ClaimReview or Markdown",
            id="export",
        ),
        Binding("I", "import", "Merge a shared sheet", show=False, id="merge"),
        Binding("tab", "app.focus_next", "Next pane", show=False, id="next-pane"),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="previous-pane"),
    ]

    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        self.sheet = sheet
        self.claim_filter = ClaimFilter()
        self.claim_order = "sheet order"
        self.visible_claims: list[Claim] = []
        self._texts: dict[str, str] = {}
        self._texts_revision = -1
        self._also_in: dict[tuple[str, str, int], list[str]] = {}
        self.pending_quote: str | None = None
        self.search_index: Any = None
        self.search_index_version: tuple[int, int] = (-1, -1)

    def compose(self) -> ComposeResult:
        yield Static(id="counts")
        with Horizontal(id="panes"):
            with Vertical(id="claims-pane"):
                yield Input(
                    id="filter",
                    placeholder="filter: words status:new verdict:unrated "
                    "claimant:barra tag:numbers",
                )
                yield ClaimList(id="claims")
            with Vertical(id="detail-pane"):
                yield EvidencePane(id="evidence")
                yield VerdictPane(id="verdict")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        claims = self.query_one(ClaimList)
        claims.ratings = {rating.key: rating for rating in self.sheet.ratings()}
        self.evidence.also_in = self.also_in
        self.query_one("#filter", Input).display = False
        self.reload_claims()
        claims.focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    # What is shown

    @property
    def claim_list(self) -> ClaimList:
        return self.query_one(ClaimList)

    @property
    def evidence(self) -> EvidencePane:
        return self.query_one(EvidencePane)

    def current_claim(self) -> Claim | None:
        claim_id = self.claim_list.current_id
        if claim_id is None:
            return None
        try:
            return self.sheet.claim(claim_id)
        except FactsheetError:
            return None  # deleted by another process a moment ago

    def reload_claims(self, keep: str | None = None) -> None:
        """Rebuild the list after adds, deletes, undo, filter or sort."""
        keep = keep or self.claim_list.current_id
        claims = self.sheet.claims()
        if self.claim_filter:
            claims = [claim for claim in claims if self.claim_filter.matches(claim)]
        self.visible_claims = sort_claims(claims, self.claim_order)
        self.claim_list.show(self.visible_claims, self.sheet.quote_counts(), keep)
        self.show_counts()
        self.show_detail()

    def refresh_claim(self, claim_id: str) -> None:
        """Update one claim's row and the panes after an edit of that claim."""
        claim = self.sheet.claim(claim_id)
        self.visible_claims = [claim if c.id == claim.id else c for c in self.visible_claims]
        self.claim_list.update_claim(claim, len(self.sheet.quotes(claim.id)))
        self.show_counts()
        self.show_detail()

    def show_counts(self) -> None:
        summary = self.sheet.summary()
        labels = {rating.key: rating.label for rating in self.sheet.ratings()}
        verdicts = " · ".join(
            f"{one_line(labels.get(key, key), 14)} {count}"
            for key, count in summary.verdicts.items()
            if count and key != UNRATED
        )
        shown = len(self.visible_claims)
        parts = [
            f"{one_line(summary.title, 40)}  ",
            f"{summary.claims} claims"
            if shown == summary.claims
            else f"{shown}/{summary.claims} shown",
            f" · {summary.verdicts.get(UNRATED, 0)} unrated",
            f" · {verdicts}" if verdicts else "",
            f" · sorted by {self.claim_order}" if self.claim_order != "sheet order" else "",
            "  [read-only]" if not self.sheet.writable else "",
        ]
        self.query_one("#counts", Static).update(Content("".join(parts)))

    def show_detail(self, keep_quote: str | None = None) -> None:
        claim = self.current_claim()
        quotes = self.sheet.quotes(claim.id) if claim else []
        sources = {source.id: source for source in self.sheet.sources()}
        self.evidence.show(claim, quotes, sources, keep_quote)
        ratings = {rating.key: rating for rating in self.sheet.ratings()}
        log = self.sheet.history(claim.id) if claim else []
        self.query_one(VerdictPane).show(claim, ratings, log)

    def also_in(self, quote: Quote) -> list[str]:
        """The other sources holding the quote's words (called on a worker)."""
        key = (quote.id, quote.text, self.sheet.revision("sources"))
        if key not in self._also_in:
            places = provenance.also_in(quote, self.texts())
            self._also_in[key] = [place.source_id for place in places]
        return self._also_in[key]

    def texts(self) -> dict[str, str]:
        """Every source's readable text, read once per change of the sources."""
        revision = self.sheet.revision("sources")
        if self._texts_revision != revision:
            self._texts = provenance.source_texts(self.sheet)
            self._texts_revision = revision
        return self._texts

    def sheet_changed(self, event: Any) -> None:
        """Another process changed the sheet: redraw in place, the cursor on the same claim
        and quote (the app calls this for every screen that has it)."""
        quote = self.evidence.table.current_id
        self.reload_claims(keep=self.claim_list.current_id)
        self.show_detail(keep_quote=quote)

    @on(ClaimList.Highlighted)
    def claim_highlighted(self) -> None:
        self.show_detail(keep_quote=self.pending_quote)
        self.pending_quote = None

    @on(DataTable.RowHighlighted, "#quotes")
    def quote_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.evidence.show_detail(event.row_key.value)

    @on(ClaimList.Selected)
    def claim_selected(self) -> None:
        self.evidence.table.focus()

    @on(DataTable.RowSelected, "#quotes")
    def quote_selected(self, event: DataTable.RowSelected) -> None:
        self.open_source_view(event.row_key.value)

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDITING_ACTIONS and not self.sheet.writable:
            return None
        if action == "undo":
            return self.sheet.can_undo() or None
        return True

    def attempt(self, change: Any, done: str | None = None) -> bool:
        """Run a core change; report a FactsheetError instead of raising it."""
        try:
            change()
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error", timeout=6)
            return False
        if done:
            self.notify(done, timeout=2)
        self.refresh_bindings()
        return True

    def action_add_claim(self) -> None:
        current = self.current_claim()
        form = _forms().ClaimForm(self.sheet, source=current.source if current else None)
        self.app.push_screen(form, self.claim_added)

    def claim_added(self, claim: Claim | None) -> None:
        if claim is not None:
            self.claim_filter = ClaimFilter()
            self.query_one("#filter", Input).value = ""
            self.reload_claims(keep=claim.id)
            self.refresh_bindings()

    def action_edit_claim(self) -> None:
        claim = self.current_claim()
        if claim is not None:
            self.app.push_screen(_forms().ClaimForm(self.sheet, claim), self.claim_saved)

    def claim_saved(self, claim: Claim | None) -> None:
        if claim is not None:
            self.refresh_claim(claim.id)
            self.refresh_bindings()

    def action_delete_claim(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        count = len(self.sheet.quotes(claim.id))

        def answer(yes: bool | None) -> None:
            if yes and self.attempt(partial(self.sheet.delete_claim, claim.id), "Claim deleted"):
                self.reload_claims()

        question = f"Delete this claim and its {count} quote(s)?\n\n{one_line(claim.text, 200)}"
        self.app.push_screen(_forms().ConfirmScreen(question), answer)

    def action_add_quote(self, text: str = "", source_id: str | None = None) -> None:
        """The quote form for the current claim; from the source view, with the selection."""
        claim = self.current_claim()
        if claim is None:
            self.notify("Add a claim first (a in the claim list).", severity="warning")
            return
        if not self.sheet.sources():
            self.notify("Add a source first (S lists the sources; a adds one).", severity="warning")
            return
        form = _forms().QuoteForm(self.sheet, claim, source=source_id, text=text)
        self.app.push_screen(form, self.quote_saved)

    def quote_saved(self, quote: Quote | None) -> None:
        if quote is not None:
            self.refresh_claim(quote.claim)
            self.show_detail(keep_quote=quote.id)
            self.refresh_bindings()

    def action_edit_quote(self) -> None:
        quote_id = self.evidence.table.current_id
        claim = self.current_claim()
        if quote_id is None or claim is None:
            return
        quote = self.sheet.quote(quote_id)
        self.app.push_screen(_forms().QuoteForm(self.sheet, claim, quote), self.quote_saved)

    def action_delete_quote(self) -> None:
        quote_id = self.evidence.table.current_id
        if quote_id is None:
            return
        quote = self.sheet.quote(quote_id)

        def answer(yes: bool | None) -> None:
            if yes and self.attempt(partial(self.sheet.delete_quote, quote.id), "Quote deleted"):
                self.refresh_claim(quote.claim)

        self.app.push_screen(
            _forms().ConfirmScreen(f"Delete this quote?\n\n{one_line(quote.text, 200)}"), answer
        )

    def action_export(self) -> None:
        from factsheet.ui.screens.share import ExportForm

        def done(summary: str | None) -> None:
            if summary:
                self.notify(summary)

        self.app.push_screen(ExportForm(self.sheet), done)

    def action_import(self) -> None:
        from factsheet.ui.screens.share import ImportForm

        self.app.push_screen(ImportForm(self.sheet), self.merged)

    def merged(self, report: MergeReport | None) -> None:
        if report is None:
            return
        added = sum(report.added.values())
        self.reload_claims()
        self.refresh_bindings()
        self.notify(
            f"Merged: {added} item(s) added, {len(report.updated)} updated, "
            f"{len(report.conflicts)} conflict(s)",
            severity="warning" if report.conflicts else "information",
            timeout=8,
        )
        for conflict in report.conflicts[:5]:
            self.notify(one_line(conflict, 200), severity="warning", timeout=15)

    def action_search(self) -> None:
        """Open the live search, (re)building its index in a worker when needed."""
        version = self._index_version()
        if self.search_index is not None and self.search_index_version == version:
            self.open_search()
        else:
            self.notify("Indexing the sheets for search…", timeout=2)
            self.build_search_index(version)

    def _index_version(self) -> tuple[int, int]:
        return self.sheet.revision("claims"), self.sheet.revision("quotes")

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def build_search_index(self, version: tuple[int, int]) -> None:
        from factsheet.folder import index_sheets, sheets_in
        from factsheet.search import sheet_entries

        index = self.search_index
        here = self.sheet.path.resolve()
        if index is None:
            others = [p for p in sheets_in(self.sheet.path.parent) if p.resolve() != here]
            index = index_sheets(others, skip=lambda path, error: None)
        index.replace_sheet(self.sheet.path.name, sheet_entries(self.sheet, self.sheet.path.name))
        self.post_message(messages.SearchIndexReady(index, version))

    @on(messages.SearchIndexReady)
    def search_index_ready(self, event: messages.SearchIndexReady) -> None:
        self.search_index, self.search_index_version = event.index, event.version
        self.open_search()

    def open_search(self) -> None:
        from factsheet.ui.screens.search import SearchScreen  # loaded on first use

        assert self.search_index is not None
        self.app.push_screen(SearchScreen(self.search_index, self.sheet.path.name), self.jump)

    def jump(self, hit: Hit | None) -> None:
        """Go to a search result: its claim, and its quote in the evidence pane."""
        if hit is None:
            return
        entry = hit.entry
        if entry.sheet != self.sheet.path.name:
            self.notify(f"That is in {one_line(entry.sheet)}: open it with factsheet.", timeout=6)
            return
        self.claim_filter = ClaimFilter()
        self.query_one("#filter", Input).value = ""
        self.query_one("#filter", Input).display = False
        if entry.kind == "quote":
            self.pending_quote = entry.record_id  # kept when the claim's row is highlighted
        self.reload_claims(keep=entry.claim_id)
        if entry.kind == "quote":
            self.show_detail(keep_quote=entry.record_id)
            self.evidence.table.focus()
        else:
            self.claim_list.focus()

    def action_sources(self) -> None:
        from factsheet.ui.screens.sources import SourcesScreen  # loaded on first use

        self.app.push_screen(SourcesScreen(self.sheet))

    def on_screen_resume(self) -> None:
        """Back from another screen (sources may have changed): redraw the panes."""
        if self.is_mounted:
            self.show_counts()
            self.show_detail(keep_quote=self.evidence.table.current_id)

    def action_verdict(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        from factsheet.ui.screens.verdict import VerdictScreen  # loaded on first use

        self.app.push_screen(VerdictScreen(self.sheet, claim), self.claim_saved)

    def action_rate(self, number: int) -> None:
        claim = self.current_claim()
        choices = {key: rating for key, rating, _ in rating_choices(self.sheet.ratings())}
        if claim is None or str(number) not in choices:
            return
        rating = choices[str(number)]
        if self.attempt(partial(self.sheet.set_verdict, claim.id, rating)):
            self.refresh_claim(claim.id)

    def action_cycle_status(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        order = [status.value for status in Status]
        following = (
            order[(order.index(claim.status) + 1) % len(order)]
            if claim.status in order
            else order[0]
        )
        if self.attempt(partial(self.sheet.set_status, claim.id, following)):
            self.refresh_claim(claim.id)

    def action_next_unrated(self) -> None:
        found = next_unrated(self.visible_claims, self.claim_list.current_id)
        if found is None:
            self.notify("No unrated claim in the list.", timeout=3)
            return
        self.claim_list.select(found.id)
        self.claim_list.focus()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def filter_changed(self, event: Input.Changed) -> None:
        self.claim_filter = ClaimFilter.parse(event.value)
        self.reload_claims()

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        self.claim_list.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.value or box.display:
            box.value = ""
            box.display = False
            self.claim_filter = ClaimFilter()
            self.reload_claims()
            self.claim_list.focus()

    def action_sort(self) -> None:
        orders = list(SORTS)
        self.claim_order = orders[(orders.index(self.claim_order) + 1) % len(orders)]
        self.reload_claims()
        self.notify(f"Sorted by {self.claim_order}", timeout=2)

    def action_undo(self) -> None:
        undone: list[str | None] = []
        if self.attempt(lambda: undone.append(self.sheet.undo())) and undone[0]:
            self.reload_claims()
            self.notify(f"Undone: {undone[0]}", timeout=3)

    def open_source_view(self, quote_id: str | None) -> None:
        if quote_id is None:
            return
        quote = self.sheet.quote(quote_id)
        try:
            text = self.sheet.source_text(quote.source)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error")
            return
        source = self.sheet.source(quote.source)
        others = [q for q in self.sheet.quotes() if q.source == source.id]
        from factsheet.ui.screens.source import SourceScreen  # loaded on first use

        def quote_selection(selected: str) -> None:
            self.action_add_quote(text=selected, source_id=source.id)

        writable = self.sheet.writable
        self.app.push_screen(
            SourceScreen(source, text, others, quote.id, quote_selection if writable else None)
        )

    def help_sections(self) -> list[tuple[str, list[Any]]]:
        return [
            ("Claim list", list(ClaimList.BINDINGS)),
            ("Evidence", list(QuoteTable.BINDINGS)),
            ("Worksheet", list(self.BINDINGS)),
        ]
