"""The worksheet: claim list, evidence pane and verdict pane, driven by the keyboard.

Every action calls the core (`factsheet.sheet.Sheet`), which saves at once; the
screen then updates the rows that changed. A FactsheetError becomes a
notification, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
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
from factsheet.folder import sheets_in
from factsheet.model import UNRATED, Claim, Quote, Status
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.triage import SORTS, ClaimFilter, next_unrated, rating_choices, sort_claims
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.evidence import EvidencePane, QuoteTable
from factsheet.ui.widgets.verdict import VerdictPane

if TYPE_CHECKING:
    from types import ModuleType

    from factsheet.ui.screens import forms


def _forms() -> ModuleType:
    """The form screens, loaded when a form first opens: they pull in TextArea and Select."""
    from factsheet.ui.screens import forms

    return forms


NARROW_WIDTH = 100
EDITING_ACTIONS = {"add", "edit", "delete", "verdict", "rate", "cycle_status", "undo", "import"}


class MainScreen(Screen[None]):
    BINDINGS = [
        Binding("a", "add", "Add", tooltip="Add a claim, or a quote when in the evidence pane"),
        Binding("e", "edit", "Edit", tooltip="Edit the selected claim or quote"),
        Binding("d", "delete", "Delete", tooltip="Delete the selected claim or quote"),
        Binding("v", "verdict", "Verdict", tooltip="Open the verdict editor"),
        *[
            Binding(str(n), f"rate({n})", "Rate: the scale's level of that number", show=False)
            for n in range(1, 10)
        ],
        Binding("0", "rate(0)", "Rate: unrated", show=False),
        Binding("s", "cycle_status", "Status", show=False, tooltip="new → in review → done"),
        Binding("n", "next_unrated", "Next unrated", key_display="n"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("f", "filter", "Filter", show=False, tooltip="status: verdict: claimant: tag:"),
        Binding("escape", "clear_filter", "Clear filter", show=False),
        Binding("o", "sort", "Sort", show=False, tooltip="Cycle the order of the claim list"),
        Binding("S", "sources", "Sources", show=False, tooltip="List, add, edit, delete sources"),
        Binding("u", "undo", "Undo"),
        Binding("x", "export", "Export", show=False, tooltip="JSON, ClaimReview or Markdown"),
        Binding("I", "import", "Merge a shared sheet", show=False),
        Binding("tab", "app.focus_next", "Next pane", show=False),
        Binding("shift+tab", "app.focus_previous", "Previous pane", show=False),
    ]

    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        self.sheet = sheet
        self.claim_filter = ClaimFilter()
        self.sort_order = "sheet order"
        self.visible_claims: list[Claim] = []
        self._texts: dict[str, str] = {}
        self._texts_version = -1
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
        return self.sheet.claim(claim_id) if claim_id else None

    def reload_claims(self, keep: str | None = None) -> None:
        """Rebuild the list after adds, deletes, undo, filter or sort."""
        keep = keep or self.claim_list.current_id
        claims = self.sheet.claims()
        if self.claim_filter:
            claims = [claim for claim in claims if self.claim_filter.matches(claim)]
        self.visible_claims = sort_claims(claims, self.sort_order)
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
            f" · sorted by {self.sort_order}" if self.sort_order != "sheet order" else "",
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
        """The other sources holding a quote's text (remembered until sources change)."""
        key = (quote.id, quote.text, self.sheet.revision("sources"))
        if key not in self._also_in:
            places = provenance.also_in(quote, self.texts())
            self._also_in[key] = [place.source_id for place in places]
        return self._also_in[key]

    def texts(self) -> dict[str, str]:
        """Every source's readable text, read once per change of the sources."""
        version = self.sheet.revision("sources")
        if self._texts_version != version:
            self._texts = provenance.source_texts(self.sheet)
            self._texts_version = version
        return self._texts

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

    def attempt(self, change: Callable[[], Any], done: str | None = None) -> bool:
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

    def in_evidence(self) -> bool:
        return isinstance(self.focused, QuoteTable)

    def action_add(self) -> None:
        if self.in_evidence():
            self.add_quote()
        else:
            self.add_claim()

    def action_edit(self) -> None:
        if self.in_evidence():
            self.edit_quote()
        else:
            self.edit_claim()

    def action_delete(self) -> None:
        if self.in_evidence():
            self.delete_quote()
        else:
            self.delete_claim()

    def source_choices(self) -> list[tuple[str, str]]:
        return [(source.id, source.title) for source in self.sheet.sources()]

    def add_claim(self) -> None:
        current = self.current_claim()
        added: list[str] = []

        def save(values: forms.Values) -> None:
            claim = self.sheet.add_claim(
                values["text"],
                claimant=values["claimant"],
                source=values["source"] or None,
                tags=values["tags"].split(","),
            )
            added.append(claim.id)

        def after(saved: bool | None) -> None:
            if saved and added:
                self.claim_filter = ClaimFilter()
                self.query_one("#filter", Input).value = ""
                self.reload_claims(keep=added[0])
                self.refresh_bindings()

        form = _forms().ClaimForm(
            "New claim",
            save,
            sources=self.source_choices(),
            source=current.source if current else None,
        )
        self.app.push_screen(form, after)

    def edit_claim(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return

        def save(values: forms.Values) -> None:
            self.sheet.edit_claim(
                claim.id,
                text=values["text"],
                claimant=values["claimant"],
                source=values["source"],
                tags=values["tags"].split(","),
            )

        form = _forms().ClaimForm(
            f"Edit claim {claim.id}",
            save,
            sources=self.source_choices(),
            text=claim.text,
            claimant=claim.claimant or "",
            source=claim.source,
            tags=", ".join(claim.tags),
        )
        self.app.push_screen(form, lambda saved: saved and self.after_claim_edit(claim.id))

    def after_claim_edit(self, claim_id: str) -> None:
        self.refresh_claim(claim_id)
        self.refresh_bindings()

    def delete_claim(self) -> None:
        claim = self.current_claim()
        if claim is None:
            return
        count = len(self.sheet.quotes(claim.id))

        def answer(yes: bool | None) -> None:
            if yes and self.attempt(partial(self.sheet.delete_claim, claim.id), "Claim deleted"):
                self.reload_claims()

        question = f"Delete this claim and its {count} quote(s)?\n\n{one_line(claim.text, 200)}"
        self.app.push_screen(_forms().ConfirmScreen(question), answer)

    def add_quote(self, text: str = "", source_id: str | None = None) -> None:
        """The quote form for the current claim; from the source view, with the selection."""
        claim = self.current_claim()
        sources = self.source_choices()
        if claim is None:
            self.notify("Add a claim first (a in the claim list).", severity="warning")
            return
        if not sources:
            self.notify("Add a source first (S lists the sources; a adds one).", severity="warning")
            return
        added: list[str] = []

        def save(values: forms.Values) -> None:
            quote = self.sheet.add_quote(
                claim.id,
                values["source"],
                values["text"],
                stance=values["stance"],
                note=values["note"],
            )
            added.append(quote.id)

        def after(saved: bool | None) -> None:
            if saved and added:
                self.refresh_claim(claim.id)
                self.show_detail(keep_quote=added[0])
                self.refresh_bindings()

        form = _forms().QuoteForm(
            f"New quote for: {claim.text}",
            save,
            sources=sources,
            source=source_id or claim.source,
            text=text,
        )
        self.app.push_screen(form, after)

    def edit_quote(self) -> None:
        quote_id = self.evidence.table.current_id
        if quote_id is None:
            return
        quote = self.sheet.quote(quote_id)

        def save(values: forms.Values) -> None:
            self.sheet.edit_quote(
                quote.id, text=values["text"], stance=values["stance"], note=values["note"]
            )

        def after(saved: bool | None) -> None:
            if saved:
                self.show_detail(keep_quote=quote.id)
                self.refresh_bindings()

        form = _forms().QuoteForm(
            f"Edit quote {quote.id}",
            save,
            sources=self.source_choices(),
            source=quote.source,
            text=quote.text,
            stance=quote.stance,
            note=quote.note,
            source_fixed=True,
        )
        self.app.push_screen(form, after)

    def delete_quote(self) -> None:
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
        from factsheet.exchange.files import export_bytes, write_export

        def save(values: forms.Values) -> None:
            path = Path(values["path"].strip()).expanduser()
            with_archives = path.suffix.lower() == ".zip"
            payload, left_out = export_bytes(
                self.sheet, values["format"], with_archives=with_archives
            )
            write_export(path, payload)
            skipped = f"; {left_out} unrated claim(s) left out" if left_out else ""
            self.notify(f"Exported to {one_line(str(path))}{skipped}")

        default = self.sheet.path.with_name(f"{self.sheet.path.stem}.export.json")
        self.app.push_screen(_forms().ExportForm(save, default_path=str(default)))

    def action_import(self) -> None:
        from factsheet.exchange.files import merge_file

        reports: list[Any] = []

        def save(values: forms.Values) -> None:
            reports.append(merge_file(self.sheet, Path(values["path"].strip()).expanduser()))

        def after(saved: bool | None) -> None:
            if not (saved and reports):
                return
            report = reports[0]
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

        self.app.push_screen(_forms().ImportForm(save), after)

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
        from factsheet.search import SearchIndex, sheet_entries

        index = self.search_index
        if index is None:
            index = SearchIndex()
            for path in sheets_in(self.sheet.path.parent):
                if path.resolve() == self.sheet.path.resolve():
                    continue
                try:
                    with Sheet.open(path, writable=False) as other:
                        index.add_many(sheet_entries(other, path.name))
                except FactsheetError:
                    continue  # not a sheet, or damaged: searched when it opens
        index.replace_sheet(self.sheet.path.name, sheet_entries(self.sheet, self.sheet.path.name))
        self.search_index, self.search_index_version = index, version
        self.app.call_from_thread(self.open_search)

    def open_search(self) -> None:
        from factsheet.ui.screens.search import SearchScreen  # loaded on first use

        assert self.search_index is not None
        self.app.push_screen(SearchScreen(self.search_index, self.sheet.path.name), self.jump)

    def jump(self, hit: Any) -> None:
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

        def save(values: forms.Values) -> None:
            self.sheet.set_verdict(claim.id, values["rating"], rationale=values["rationale"])

        from factsheet.ui.screens.verdict import VerdictScreen  # loaded on first use

        screen = VerdictScreen(claim, self.sheet.ratings(), self.sheet.history(claim.id), save)
        self.app.push_screen(screen, lambda saved: saved and self.after_claim_edit(claim.id))

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
        self.sort_order = orders[(orders.index(self.sort_order) + 1) % len(orders)]
        self.reload_claims()
        self.notify(f"Sorted by {self.sort_order}", timeout=2)

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
            self.add_quote(text=selected, source_id=source.id)

        writable = self.sheet.writable
        self.app.push_screen(
            SourceScreen(source, text, others, quote.id, quote_selection if writable else None)
        )

    def help_sections(self) -> list[tuple[str, list[Any]]]:
        return [("Worksheet", list(self.BINDINGS)), ("Lists", list(ClaimList.BINDINGS))]
