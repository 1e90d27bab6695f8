"""Live fuzzy search across the quotes, claims and rationales of every sheet in the folder.

Results update on each keystroke (the index answers in milliseconds); the matched
part is highlighted, the text itself is shown as text. Enter jumps to the claim or
quote in this sheet, or says which sheet holds it. Each distinct quote is one row
(copies of it are counted); rows with the same words say which claim or source each
is (see `factsheet.search.results`).
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from factsheet.errors import FactsheetError
from factsheet.folder import FolderIndex
from factsheet.safe_text import one_line
from factsheet.search import Hit, SearchIndex, snippet
from factsheet.search.results import Row, rows
from factsheet.sheet import Sheet
from factsheet.ui import messages
from factsheet.ui.repaint import StillInput
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.wrap import wrapped

KIND_LABELS = {"quote": "quote", "claim": "claim", "rationale": "reason"}
ROWS = 20  # results listed


def hit_content(row: Row, here: Sheet) -> Content:
    """One result: score, kind, sheet (when another), what tells it from other results with
    the same words, and the text with the match marked."""
    hit = row.hit
    before, matched, after = (one_line(part) for part in snippet(hit))
    sheet = "" if hit.entry.sheet == here.path.name else f" [{one_line(hit.entry.sheet, 24)}]"
    copies = f" {row.copies}×" if row.copies > 1 else ""
    return Content.assemble(
        (f"{hit.score:3.0f} ", "dim"),
        (f"{KIND_LABELS.get(hit.entry.kind, hit.entry.kind):6}", "cyan"),
        (sheet, "magenta"),
        (copies, "dim"),
        (_told_apart(row, here), "yellow"),
        " ",
        before,
        (matched, "bold reverse"),
        after,
    )


def near_heading(query: str, first: bool) -> Content:
    """The line above the results that do not hold the query's words as typed (they come
    after those that do, whatever their score)."""
    if first:
        return aside(f"nothing holds “{one_line(query, 40)}” as typed; the nearest:")
    return aside("near matches (not as typed):")


def aside(text: str) -> Content:
    """A line among the results that is not a result (dim, in italics)."""
    return Content.styled(text, "dim italic")


def _told_apart(row: Row, here: Sheet) -> str:
    """Which claim and which source a result is, when another result has the same words."""
    entry = row.hit.entry
    ours = entry.sheet == here.path.name
    parts = []
    if "claim" in row.differs:
        if entry.kind == "claim" or not ours:
            parts.append(f"claim {one_line(entry.claim_id)}")
        else:
            try:
                parts.append(f"for “{one_line(here.claim(entry.claim_id).text, 28)}”")
            except FactsheetError:  # gone since (another process): its id, then
                parts.append(f"for {one_line(entry.claim_id)}")
    if "source" in row.differs:
        try:
            title = here.source(entry.source_id).title if ours else entry.source_id
        except FactsheetError:
            title = entry.source_id
        parts.append(f"in {one_line(title, 24)}")
    return f" ({', '.join(parts)})" if parts else ""


class SearchScreen(messages.ReportsFailures, ModalScreen[Hit | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="search-close"),
        Binding("down", "results", "To the results", show=False, id="search-results"),
    ]

    def __init__(self, folder: FolderIndex) -> None:
        super().__init__()
        self.folder = folder
        self.index: SearchIndex | None = None  # searched: the folder's once it is built
        self.rows: list[Row] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form search"):
            yield Static("Search quotes, claims and rationales", classes="form-title", id="title")
            yield StillInput(id="query", placeholder="type; typos are fine")
            yield OptionList(id="results")
            yield Static("↓ results · enter go · esc close", classes="form-help")
        yield Keys()

    def on_mount(self) -> None:
        index = self.folder.index
        if index is not None and self.folder.ready:
            self.index_ready(messages.SearchIndexReady(index, whole=True))
            return
        self.query_one("#title", Static).update("Indexing this sheet…")
        if index is not None and not self.folder.whole:
            # A first build still reading the folder's other sheets: this sheet's index
            # is searchable meanwhile (it is not changed again).
            self.index_ready(messages.SearchIndexReady(index, whole=False))
        self.build_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def build_index(self) -> None:
        worker = get_current_worker()

        def step(index: SearchIndex) -> bool:
            if worker.is_cancelled:
                return False  # the dialog closed or the app quits: no more sheets read
            self.post_message(messages.SearchIndexReady(index, whole=False))
            return True

        index = self.folder.update(step)
        if not worker.is_cancelled and self.folder.whole:
            self.post_message(messages.SearchIndexReady(index, whole=True))

    @on(messages.SearchIndexReady)
    def index_ready(self, message: messages.SearchIndexReady) -> None:
        """Search with the index as it is now: the open sheet's alone, first, while the
        folder's other sheets are read (the title says so), then all of them."""
        first = self.index is not message.index
        self.index = message.index
        count = len(self.index)
        title = f"Search quotes, claims and rationales ({count:,} texts)"
        if not message.whole:
            read, others = self.folder.read
            title = f"This sheet's {count:,} texts · reading other sheets: {read} of {others}…"
        self.query_one("#title", Static).update(title)
        query = self.query_one("#query", Input)
        if query.value and first:
            self.on_input_changed(Input.Changed(query, query.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        index = self.index
        if index is None:
            return  # searched once the index is ready
        here = self.folder.sheet
        mine = here.path.name  # the open sheet's results first among equals
        hits = index.search(event.value, limit=ROWS, prefer=mine)
        self.rows = rows(hits, ROWS)
        if len(self.rows) < len(hits):  # copies of a quote made one row: more fill the list
            self.rows = rows(index.search(event.value, limit=2 * ROWS, prefer=mine), ROWS)
        results = self.query_one(OptionList)
        results.clear_options()
        width = self._text_width(results)
        options = []
        for n, row in enumerate(self.rows):
            if not row.hit.exact and (n == 0 or self.rows[n - 1].hit.exact):
                options.append(Option(near_heading(event.value, first=n == 0), disabled=True))
            options.append(Option(wrapped(hit_content(row, here), width), id=str(n)))
        if not self.rows and event.value.strip():
            nothing = aside(f"nothing matches “{one_line(event.value, 40)}”")
            options.append(Option(nothing, disabled=True))
        results.add_options(options)

    @staticmethod
    def _text_width(results: OptionList) -> int:
        """The cells a result's text has on a line (as if the scroll bar were shown)."""
        padding = results.get_component_styles("option-list--option").padding.width
        scrollbar = 0 if results.show_vertical_scrollbar else results.styles.scrollbar_size_vertical
        return results.scrollable_content_region.width - padding - scrollbar

    def on_resize(self) -> None:
        query = self.query_one("#query", Input)
        if self.index is not None and query.value:
            self.on_input_changed(Input.Changed(query, query.value))  # lines fit the width

    @property
    def hits(self) -> list[Hit]:
        """The result each row goes to, best first."""
        return [row.hit for row in self.rows]

    def on_input_submitted(self) -> None:
        if self.hits:
            self.dismiss(self.hits[0])

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if self.rows:
            results.focus()
            results.highlighted = results.get_option_index("0")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.dismiss(self.hits[int(event.option.id)])
