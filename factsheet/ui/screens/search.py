"""Live fuzzy search across the quotes, claims and rationales of every sheet in the folder.

Results update on each keystroke (the index answers in milliseconds); the matched
part is highlighted, the text itself is shown as text. Enter jumps to the claim or
quote in this sheet, or says which sheet holds it.
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

from factsheet.folder import FolderIndex
from factsheet.safe_text import one_line
from factsheet.search import Hit, snippet
from factsheet.ui import messages
from factsheet.ui.widgets.footer import Keys

KIND_LABELS = {"quote": "quote", "claim": "claim", "rationale": "reason"}


def hit_content(hit: Hit, here: str) -> Content:
    """One result: score, kind, sheet (when another), and the text with the match marked."""
    before, matched, after = (one_line(part) for part in snippet(hit))
    sheet = "" if hit.entry.sheet == here else f" [{one_line(hit.entry.sheet, 24)}]"
    return Content.assemble(
        (f"{hit.score:3.0f} ", "dim"),
        (f"{KIND_LABELS.get(hit.entry.kind, hit.entry.kind):6}", "cyan"),
        (sheet, "magenta"),
        " ",
        before,
        (matched, "bold reverse"),
        after,
    )


class SearchScreen(messages.ReportsFailures, ModalScreen[Hit | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Close", id="search-close"),
        Binding("down", "results", "To the results", show=False, id="search-results"),
    ]

    def __init__(self, folder: FolderIndex) -> None:
        super().__init__()
        self.folder = folder
        self.here = folder.sheet.path.name
        self.hits: list[Hit] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="form search"):
            yield Static("Search quotes, claims and rationales", classes="form-title", id="title")
            yield Input(id="query", placeholder="type; typos are fine")
            yield OptionList(id="results")
            yield Static("↓ results · enter go · esc close", classes="form-help")
        yield Keys()

    def on_mount(self) -> None:
        if self.folder.ready:
            self.index_ready()
        else:
            self.query_one("#title", Static).update("Indexing the sheets of this folder…")
            self.build_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="search")
    def build_index(self) -> None:
        index = self.folder.update()
        self.post_message(messages.SearchIndexReady(index, (0, 0)))

    @on(messages.SearchIndexReady)
    def index_ready(self) -> None:
        assert self.folder.index is not None
        count = len(self.folder.index)
        title = f"Search quotes, claims and rationales ({count:,} texts)"
        self.query_one("#title", Static).update(title)
        query = self.query_one("#query", Input)
        if query.value:
            self.on_input_changed(Input.Changed(query, query.value))

    def on_input_changed(self, event: Input.Changed) -> None:
        if self.folder.index is None:
            return  # searched once the index is ready
        self.hits = self.folder.index.search(event.value, limit=20)
        results = self.query_one(OptionList)
        results.clear_options()
        results.add_options(
            [Option(hit_content(hit, self.here), id=str(n)) for n, hit in enumerate(self.hits)]
        )

    def on_input_submitted(self) -> None:
        if self.hits:
            self.dismiss(self.hits[0])

    def action_results(self) -> None:
        results = self.query_one(OptionList)
        if results.option_count:
            results.focus()
            results.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[event.option_index])
