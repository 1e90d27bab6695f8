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

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from factsheet import provenance
from factsheet.folder import FolderIndex
from factsheet.model import UNRATED, Claim, Status
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.triage import rating_choices
from factsheet.ui import messages, repaint
from factsheet.ui.feedback import attempt
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.claims_pane import ClaimsPane
from factsheet.ui.widgets.evidence import EvidencePane
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
        self.pending_quote: str | None = None
        self.folder_index = FolderIndex(sheet)

    def compose(self) -> ComposeResult:
        yield Static(id="counts")
        with Horizontal(id="panes"):
            yield ClaimsPane(self.sheet, id="claims-pane")
            with Vertical(id="detail-pane"):
                yield EvidencePane(self.sheet, id="evidence")
                yield VerdictPane(id="verdict")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.evidence.also_in = provenance.AlsoIn(self.sheet).find
        self.claims.reload()
        self.claim_list.focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    # What is shown

    @property
    def claims(self) -> ClaimsPane:
        return self.query_one(ClaimsPane)

    @property
    def claim_list(self) -> ClaimList:
        return self.claims.list

    @property
    def evidence(self) -> EvidencePane:
        return self.query_one(EvidencePane)

    def current_claim(self) -> Claim | None:
        return self.claims.current_claim()

    def reload_claims(self, keep: str | None = None) -> None:
        """Rebuild the list after undo, a merge or another process's change."""
        self.claims.reload(keep)

    @on(ClaimsPane.Updated)
    def claims_updated(self, message: ClaimsPane.Updated) -> None:
        self.show_counts()
        if message.claim_id is not None and message.claim_id == self.claim_list.current_id:
            self.show_detail(keep_quote=self.pending_quote or self.evidence.table.current_id)
            self.pending_quote = None

    @on(EvidencePane.QuotesChanged)
    def quotes_changed(self, message: EvidencePane.QuotesChanged) -> None:
        self.pending_quote = message.quote_id
        self.claims.refresh_claim(message.claim_id)

    def show_counts(self) -> None:
        summary = self.sheet.summary()
        labels = {rating.key: rating.label for rating in self.sheet.ratings()}
        verdicts = " · ".join(
            f"{one_line(labels.get(key, key), 14)} {count}"
            for key, count in summary.verdicts.items()
            if count and key != UNRATED
        )
        shown = len(self.claims.visible_claims)
        parts = [
            f"{one_line(summary.title, 40)}  ",
            f"{summary.claims} claims"
            if shown == summary.claims
            else f"{shown}/{summary.claims} shown",
            f" · {summary.verdicts.get(UNRATED, 0)} unrated",
            f" · {verdicts}" if verdicts else "",
            f" · sorted by {order}" if (order := self.claims.claim_order) != "sheet order" else "",
            "  [read-only]" if not self.sheet.writable else "",
        ]
        text = "".join(parts)
        repaint.show(self.query_one("#counts", Static), Content(text), key=text)

    def show_detail(self, keep_quote: str | None = None) -> None:
        claim = self.current_claim()
        quotes = self.sheet.quotes(claim.id) if claim else []
        sources = {source.id: source for source in self.sheet.sources()}
        self.evidence.show(claim, quotes, sources, keep_quote)
        ratings = {rating.key: rating for rating in self.sheet.ratings()}
        log = self.sheet.history(claim.id) if claim else []
        self.query_one(VerdictPane).show(claim, ratings, log)

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
        self.evidence.show_detail(event.row_key.value if event.row_key is not None else None)

    @on(ClaimList.Selected)
    def claim_selected(self) -> None:
        self.evidence.table.focus()

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in EDITING_ACTIONS and not self.sheet.writable:
            return None
        if action == "undo":
            return self.sheet.can_undo() or None
        return True

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
        """The live search across the sheets of the folder (indexed on first use)."""
        from factsheet.ui.screens.search import SearchScreen  # loaded on first use

        self.app.push_screen(SearchScreen(self.folder_index), self.jump)

    def jump(self, hit: Hit | None) -> None:
        """Go to a search result: its claim, and its quote in the evidence pane."""
        if hit is None:
            return
        entry = hit.entry
        if entry.sheet != self.sheet.path.name:
            self.notify(f"That is in {one_line(entry.sheet)}: open it with factsheet.", timeout=6)
            return
        if entry.kind == "quote":
            self.pending_quote = entry.record_id  # kept when the claim's row is highlighted
        self.claims.show_all(keep=entry.claim_id)
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

        self.app.push_screen(VerdictScreen(self.sheet, claim), self.claims.claim_saved)

    def action_rate(self, number: int) -> None:
        claim = self.current_claim()
        choices = {key: rating for key, rating, _ in rating_choices(self.sheet.ratings())}
        if claim is None or str(number) not in choices:
            return
        rating = choices[str(number)]
        if attempt(self, partial(self.sheet.set_verdict, claim.id, rating)):
            self.claims.refresh_claim(claim.id)

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
        if attempt(self, partial(self.sheet.set_status, claim.id, following)):
            self.claims.refresh_claim(claim.id)

    def action_next_unrated(self) -> None:
        if not self.claims.next_unrated():
            self.notify("No unrated claim in the list.", timeout=3)

    def action_filter(self) -> None:
        self.claims.open_filter()

    def action_clear_filter(self) -> None:
        self.claims.clear_filter()

    def action_sort(self) -> None:
        self.notify(f"Sorted by {self.claims.next_order()}", timeout=2)

    def action_undo(self) -> None:
        undone: list[str | None] = []
        if attempt(self, lambda: undone.append(self.sheet.undo())) and undone[0]:
            self.reload_claims()
            self.notify(f"Undone: {undone[0]}", timeout=3)

    def help_sections(self) -> list[tuple[str, list[Any]]]:
        return [
            ("Claim list", [*ClaimsPane.BINDINGS, *ClaimList.BINDINGS]),
            ("Evidence", list(EvidencePane.BINDINGS)),
            ("Worksheet", list(self.BINDINGS)),
        ]
