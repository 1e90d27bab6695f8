"""The worksheet: claim list, evidence pane and verdict pane, driven by the keyboard.

Keys that act on a record are bound on the widget that shows it (`a` on the claim
list adds a claim, on the evidence pane a quote); the screen runs them through the
forms, which call the core (`factsheet.sheet.Sheet`), and then redraws what changed.
Keys for the whole sheet (verdict digits, triage, find, undo) are the screen's.
A FactsheetError becomes a notification, never a traceback.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.events import DescendantFocus, Resize
from textual.screen import Screen

from factsheet import provenance
from factsheet.folder import FolderIndex
from factsheet.model import Claim, Status
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.triage import rating_choices
from factsheet.ui import messages
from factsheet.ui.cached import ByRevision, HistoryByClaim
from factsheet.ui.feedback import FooterKeys, attempt, needs, writes
from factsheet.ui.plain import PlainLines
from factsheet.ui.repaint import RepaintsUncovered
from factsheet.ui.safe import markup_line
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.claims_pane import ClaimsPane
from factsheet.ui.widgets.evidence import EvidencePane
from factsheet.ui.widgets.find import FindBar
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.header import SheetHeader, sheet_items
from factsheet.ui.widgets.quote_list import QuoteList
from factsheet.ui.widgets.verdict import VerdictPane

if TYPE_CHECKING:
    from factsheet.exchange.merge import MergeReport
    from factsheet.search import Hit
    from factsheet.ui.screens.help import Section

NARROW_WIDTH = 100


class MainScreen(PlainLines, RepaintsUncovered, FooterKeys, messages.ReportsFailures, Screen[None]):
    BINDINGS = [
        Binding("v", "verdict", "Verdict", tooltip="Open the verdict editor", id="verdict-editor"),
        *[
            Binding(
                str(n),
                f"rate({n})",
                "Rate",
                show=False,
                tooltip="Set the verdict to that level of the scale (see Verdicts below)",
                id=f"rate-{n}",
            )
            for n in range(1, 10)
        ],
        Binding(
            "0", "rate(0)", "Unrate", show=False, tooltip="Clear the verdict: unrated", id="unrate"
        ),
        Binding(
            "s",
            "cycle_status",
            "Status",
            show=False,
            tooltip="Next triage status: new → review → done",
            id="cycle-status",
        ),
        Binding(
            "space",
            "next_unrated",
            "Next unrated",
            show=False,
            tooltip="Jump to the next unrated claim",
            id="next-unrated",
        ),
        Binding(
            "slash",
            "find",
            "Find",
            key_display="/",
            tooltip="Find text in the focused list; n next, N previous",
            id="find",
        ),
        Binding("n", "find_next", "Next match", show=False, id="find-next"),
        Binding("N", "find_previous", "Previous match", show=False, id="find-previous"),
        Binding(
            "F",
            "search",
            "Search all sheets",
            show=False,
            tooltip="Search quotes, claims and rationales of every sheet in the folder",
            id="search",
        ),
        Binding(
            "f",
            "filter",
            "Filter",
            show=False,
            tooltip="Filter the list: words, status: verdict: assignee:me claimant: tag: is:",
            id="filter",
        ),
        Binding(
            "escape",
            "clear",
            "Clear",
            tooltip="Clear the find, then the filter",
            id="clear-filter",
        ),
        Binding(
            "o",
            "sort",
            "Sort",
            show=False,
            tooltip="Sort by: sheet order, verdict, status, claimant",
            id="sort",
        ),
        Binding(
            "S",
            "sources",
            "Sources",
            tooltip="The sources: add a web page or a file, read, archive",
            id="sources",
        ),
        Binding("u", "undo", "Undo", tooltip="Undo your last change", id="undo"),
        Binding(
            "x",
            "export",
            "Export",
            tooltip="Export: JSON to share, ClaimReview to publish, Markdown to read",
            id="export",
        ),
        Binding(
            "I",
            "import",
            "Merge",
            show=False,
            tooltip="Merge a shared sheet into this one",
            id="merge",
        ),
        # Priority: keys typed right after tab (a burst over SSH) reach the pane it moved to.
        Binding("tab", "app.focus_next", "Next pane", show=False, priority=True, id="next-pane"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous pane",
            show=False,
            priority=True,
            id="previous-pane",
        ),
    ]

    FOOTER_DROP = (  # the keys on the item in hand (edit, delete) give way last
        "find",
        "undo",
        "copy-quote",
        "sources",
        "export",
        "delete-quote",
        "edit-quote",
        "delete-claim",
        "edit-claim",
    )

    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        self.sheet = sheet
        self.pending_quote: str | None = None
        self.folder_index = FolderIndex(sheet)
        self.verdict_log = HistoryByClaim(sheet)
        self.sources_by_id = ByRevision(
            sheet, ("sources",), lambda sheet: {source.id: source for source in sheet.sources()}
        )

    def compose(self) -> ComposeResult:
        yield SheetHeader(id="counts")
        with Vertical(id="panes"):
            yield ClaimsPane(self.sheet, id="claims-pane")
            with Horizontal(id="detail-pane"):
                yield EvidencePane(self.sheet, id="evidence")
                yield VerdictPane(id="verdict")
        yield FindBar(id="find")
        yield Keys()

    def on_mount(self) -> None:
        self.evidence.also_in = provenance.also_in_of(self.sheet)
        # The panes follow the cursor in the frame that moves it: one repaint per key,
        # not the row first and the panes a message later.
        self.claim_list.on_highlight = lambda _: self.claim_highlighted()
        self.claims.on_updated = self.list_updated
        self.claims.reload()
        self.claim_list.focus()

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_WIDTH, "-narrow")

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """The quote detail gets more room while the evidence pane has focus."""
        self.set_class(self.evidence.table.has_focus, "-reading-quotes")

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

    @property
    def find_bar(self) -> FindBar:
        return self.query_one(FindBar)

    def current_claim(self) -> Claim | None:
        return self.claims.current_claim()

    def reload_claims(self, keep: str | None = None) -> None:
        """Rebuild the list after undo, a merge or another process's change."""
        self.claims.reload(keep)

    @on(ClaimsPane.Updated)
    def claims_updated(self, message: ClaimsPane.Updated) -> None:
        self.list_updated(message.claim_id)

    def list_updated(self, claim_id: str | None) -> None:
        """The list was redrawn, or one claim in it changed: the counts, and the panes if
        that claim is the highlighted one."""
        self.show_counts()
        if claim_id is not None and claim_id == self.claim_list.current_id:
            self.show_detail(keep_quote=self.pending_quote or self.evidence.table.current_id)
            self.pending_quote = None

    @on(EvidencePane.QuotesChanged)
    def quotes_changed(self, message: EvidencePane.QuotesChanged) -> None:
        self.pending_quote = message.quote_id
        self.claims.refresh_claim(message.claim_id)

    def show_counts(self) -> None:
        shown = len(self.claims.visible_claims)
        rows = self.claims.all_claims
        every = rows.get()[0]
        items, title = sheet_items(
            self.sheet, shown, self.claims.claim_order, every, counts=rows.counts()
        )
        self.query_one(SheetHeader).show(items, title)

    def show_detail(self, keep_quote: str | None = None) -> None:
        claim = self.current_claim()
        quotes = self.sheet.quotes(claim.id) if claim else []
        self.evidence.show(claim, quotes, self.sources_by_id.get(), keep_quote)
        ratings = {rating.key: rating for rating in self.sheet.ratings()}
        log = self.verdict_log.of(claim.id) if claim else []
        self.query_one(VerdictPane).show(claim, ratings, log)
        missing = {"claim"} if claim is None else set()
        if self.evidence.table.current_id is None:
            missing.add("quote")
        self.leave_out(missing)

    def footer_dims(self) -> set[str]:
        return {"undo"} if self.sheet.writable and not self.sheet.can_undo() else set()

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

    @on(QuoteList.Highlighted)
    def quote_highlighted(self, event: QuoteList.Highlighted) -> None:
        self.evidence.show_detail(event.quote_id)

    @on(ClaimList.Selected)
    def claim_selected(self) -> None:
        self.evidence.table.focus()

    # Actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear":  # shown while there is a find or a filter to clear
            return any(bar.display for bar in self.query(FindBar)) or any(
                pane.filtering for pane in self.query(ClaimsPane)
            )
        return True

    def action_export(self) -> None:
        from factsheet.ui.screens.share import ExportForm

        def done(summary: str | None) -> None:
            if summary:
                self.notify(summary, timeout=8)

        self.app.push_screen(ExportForm(self.sheet), done)

    @writes
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
            f"{len(report.conflicts)} conflict(s)"
            + (
                " — marked ! in the list; f then is:conflict lists them" if report.conflicts else ""
            ),
            severity="warning" if report.conflicts else "information",
            timeout=10,
        )

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

        self.app.push_screen(SourcesScreen(self.sheet, self.current_claim()))

    def on_screen_resume(self) -> None:
        """Back from another screen (sources may have changed): redraw the panes."""
        if self.is_mounted:
            claim = self.current_claim()
            if claim is not None:  # its quotes may have changed in the source view
                self.claim_list.update_claim(claim, len(self.sheet.quotes(claim.id)))
            self.show_counts()
            self.show_detail(keep_quote=self.pending_quote or self.evidence.table.current_id)

    @needs("claim")
    @writes
    def action_verdict(self) -> None:
        claim = self.claims.current_claim(say=True)
        if claim is None:
            return
        from factsheet.ui.screens.verdict import VerdictScreen  # loaded on first use

        self.app.push_screen(VerdictScreen(self.sheet, claim), self.claims.claim_saved)

    @needs("claim")
    @writes
    def action_rate(self, number: int) -> None:
        claim = self.current_claim()
        choices = rating_choices(self.sheet.ratings())
        ratings = {key: rating for key, rating, _ in choices}
        if str(number) not in ratings:
            levels = len(choices) - 1
            self.notify(
                f"{number}: this sheet's scale has {levels} levels, 1 to {levels} "
                f"({'; '.join(f'{key} {one_line(label)}' for key, _, label in choices)}).",
                severity="warning",
                timeout=6,
            )
            return
        if claim is None:
            self.claims.say_no_claim()
            return
        if attempt(self, partial(self.sheet.set_verdict, claim.id, ratings[str(number)])):
            self.claims.refresh_claim(claim.id)

    @needs("claim")
    @writes
    def action_cycle_status(self) -> None:
        claim = self.claims.current_claim(say=True)
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
        if not self.claims.visible_claims:
            self.claims.say_no_claim()  # no claim yet, or a filter hides them all
        elif not self.claims.next_unrated():
            self.notify("No unrated claim in the list.", timeout=3)

    def action_filter(self) -> None:
        self.claims.open_filter()

    def action_clear(self) -> None:
        """esc: the find line first, then the filter."""
        if self.find_bar.display:
            self.find_bar.close()
        else:
            self.claims.clear_filter()
        self.refresh_bindings()

    def action_sort(self) -> None:
        self.notify(f"Sorted by {self.claims.next_order()}", timeout=2)

    @writes
    def action_undo(self) -> None:
        if not self.sheet.can_undo():
            self.notify(
                "Nothing to undo: u takes back your own changes since the sheet was opened.",
                timeout=4,
            )
            return
        undone: list[str | None] = []
        if attempt(self, lambda: undone.append(self.sheet.undo())) and undone[0]:
            self.reload_claims()
            self.show_detail(keep_quote=self.evidence.table.current_id)
            self.notify(f"Undone: {one_line(undone[0], 120)}", timeout=4)

    # Finding text in the focused list (/, n, N)

    def action_find(self) -> None:
        self.find_bar.start(self.evidence if self.evidence.table.has_focus else self.claims)

    def action_find_next(self) -> None:
        if not self.find_bar.step(1):
            self.notify("Nothing to find yet: / starts a search in the list.", timeout=4)

    def action_find_previous(self) -> None:
        if not self.find_bar.step(-1):
            self.notify("Nothing to find yet: / starts a search in the list.", timeout=4)

    # Help and the command palette

    def help_sections(self) -> list[Section]:
        from factsheet.ui.screens.help import worksheet_sections

        return worksheet_sections(self.sheet.ratings(), self.BINDINGS)

    def palette_bindings(self) -> list[tuple[DOMNode, Binding]]:
        """Every action of the panes and the screen, run where it is bound."""
        bindings: list[tuple[DOMNode, Binding]] = []
        for node in (self.claims, self.evidence, self):
            bindings += [
                (node, b)
                for b in node.BINDINGS
                if isinstance(b, Binding) and not b.action.startswith("rate(")
            ]
        return bindings

    def palette_commands(self) -> list[SystemCommand]:
        """A command per level of the scale: "Set verdict: False"."""
        return [
            SystemCommand(
                f"Set verdict: {markup_line(label)}",
                f"key {key}",
                partial(self.action_rate, int(key)),
            )
            for key, _, label in rating_choices(self.sheet.ratings())
        ]
