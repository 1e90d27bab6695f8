"""The sources screen: every source of the sheet; add a web page or a local file, archive
pages again, see what changed, edit, delete, open the text.

Fetching and extracting can take a while: it runs in worker threads, with the list
showing that it is busy and a notification as each page is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Static, TextArea

from factsheet.archive.policy import FetchPolicy
from factsheet.errors import FactsheetError
from factsheet.model import Source
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet
from factsheet.ui import messages
from factsheet.ui.safe import cell
from factsheet.ui.screens import forms
from factsheet.ui.widgets.table import RecordTable

CHANGE_NOTES = {
    None: "archived",
    True: "archived; the text changed (D shows how)",
    False: "archived; the text is unchanged",
}


class SourcesScreen(messages.ReportsFailures, Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back", id="sources-back"),
        Binding("a", "add", "Add source", id="add-source"),
        Binding("r", "rearchive", "Archive again", id="archive-again"),
        Binding("R", "archive_pending", "Archive all new", show=False, id="archive-new"),
        Binding("D", "diff", "What changed", show=False, id="source-diff"),
        Binding("e", "edit", "Edit source", id="edit-source"),
        Binding("d", "delete", "Delete source", id="delete-source"),
        Binding("enter", "open", "Open text", show=False, id="open-text"),
    ]

    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        self.sheet = sheet

    def compose(self) -> ComposeResult:
        yield Static("Sources", id="sources-title", classes="pane-title")
        yield RecordTable(id="sources")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("Lang", key="language", width=5)
        table.add_column("Published", key="published", width=11)
        table.add_column("Quotes", key="quotes", width=7)
        table.add_column("Snaps", key="snapshots", width=6)
        table.add_column("Title", key="title")
        self.show_sources()
        table.focus()

    def show_sources(self, keep: str | None = None) -> None:
        table = self.query_one(RecordTable)
        keep = keep or table.current_id
        cited: dict[str, int] = {}
        for quote in self.sheet.quotes():
            cited[quote.source] = cited.get(quote.source, 0) + 1
        table.clear()
        sources = self.sheet.sources()
        for source in sources:
            table.add_row(
                cell(source.language or "–", 4),
                cell(source.published or "–", 10),
                cell(f"{cited.get(source.id, 0):>5}", 6),
                cell(_snapshot_mark(source), 5),
                cell(source.title, 200),
                key=source.id,
            )
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#sources-title", Static).update(f"Sources · {len(sources)}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        editing = {"add", "edit", "delete", "rearchive", "archive_pending"}
        if action in editing and not self.sheet.writable:
            return None
        return True

    @property
    def policy(self) -> FetchPolicy:
        return getattr(self.app, "fetch_policy", None) or FetchPolicy()

    def action_add(self) -> None:
        def added(values: forms.Values | None) -> None:
            if values:
                self.add_source(values)

        self.app.push_screen(forms.SourceForm(self.sheet), added)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sources")
    def add_source(self, values: forms.Values) -> None:
        """Fetch or read the source on a thread; the list shows it is busy meanwhile."""
        where = values["file"]
        title, author, publisher, published, language = (
            values[key] or None for key in ("title", "author", "publisher", "published", "language")
        )
        with self.busy():
            if "://" in where:
                result = self.sheet.add_source_url(
                    where,
                    policy=self.policy,
                    title=title,
                    author=author,
                    publisher=publisher,
                    published=published,
                    language=language,
                )
                self.post_message(messages.SourceArchived(result, 1, 1))
                source_id = result.source_id
            else:
                source_id = self.sheet.add_source_file(
                    Path(where).expanduser(),
                    title=title,
                    author=author,
                    publisher=publisher,
                    published=published,
                    language=language,
                ).id
        self.post_message(messages.SourceAdded(source_id))

    @on(messages.SourceAdded)
    def source_added(self, message: messages.SourceAdded) -> None:
        source = self.sheet.source(message.source_id)
        if source.kind == "file":
            self.notify("Source added; its text is kept in the sheet's archive.")
        self.show_sources(message.source_id)

    def action_rearchive(self) -> None:
        source_id = self.query_one(RecordTable).current_id
        if source_id is not None:
            self.archive_sources([source_id])

    def action_archive_pending(self) -> None:
        self.archive_sources(None)

    @work(thread=True, exclusive=True, exit_on_error=False, group="sources")
    def archive_sources(self, source_ids: list[str] | None) -> None:
        """Archive on a thread, telling the user as each page is done."""
        count = 0
        with self.busy():
            results = self.sheet.archive(source_ids, policy=self.policy)
            for count, result in enumerate(results, start=1):
                self.post_message(messages.SourceArchived(result, count, None))
        self.post_message(
            messages.WorkDone("Nothing to archive: every page has a snapshot." if not count else "")
        )

    @on(messages.SourceArchived)
    def archived(self, message: messages.SourceArchived) -> None:
        """One page archived (or not): say so, with what changed."""
        result, total = message.result, message.total
        where = f"[{message.number}{f'/{total}' if total else ''}] "
        if result.error:
            self.notify(f"{where}{one_line(result.error)}", severity="error", timeout=8)
        else:
            snapshot = result.snapshot
            note = f" ({one_line(snapshot.note)})" if snapshot and snapshot.note else ""
            self.notify(
                f"{where}{result.source_id} {CHANGE_NOTES[result.changed]}{note}", timeout=5
            )
        self.show_sources()

    @on(messages.WorkDone)
    def work_done(self, message: messages.WorkDone) -> None:
        if message.summary:
            self.notify(message.summary)
        self.show_sources()

    @contextmanager
    def busy(self) -> Iterator[None]:
        """Show the list as busy while a worker runs (used on the worker's thread)."""
        table = self.query_one(RecordTable)
        self.app.call_from_thread(setattr, table, "loading", True)
        try:
            yield
        finally:
            self.app.call_from_thread(setattr, table, "loading", False)

    def sheet_changed(self, event: object) -> None:
        """Another process changed the sheet: redraw the list in place."""
        self.show_sources()

    def action_diff(self) -> None:
        source_id = self.query_one(RecordTable).current_id
        if source_id is None:
            return
        try:
            diff = self.sheet.text_diff(source_id)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="warning")
            return
        self.app.push_screen(DiffScreen(diff or "The text did not change."))

    def action_edit(self) -> None:
        source_id = self.query_one(RecordTable).current_id
        if source_id is not None:
            form = forms.SourceForm(self.sheet, self.sheet.source(source_id))
            self.app.push_screen(form, self.source_saved)

    def source_saved(self, source: Source | None) -> None:
        if source is not None:
            self.show_sources(source.id)

    def action_delete(self) -> None:
        source_id = self.query_one(RecordTable).current_id
        if source_id is None:
            return
        source = self.sheet.source(source_id)

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.sheet.delete_source(source.id)
            except FactsheetError as error:
                self.notify(one_line(str(error)), severity="error", timeout=6)
                return
            self.show_sources()
            self.notify("Source deleted (u on the worksheet undoes it).")

        question = f"Delete this source?\n\n{one_line(source.title, 200)}"
        self.app.push_screen(forms.ConfirmScreen(question), answer)

    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        source_id = self.query_one(RecordTable).current_id
        if source_id is None:
            return
        from factsheet.ui.screens.source import SourceScreen  # loaded on first use

        try:
            text = self.sheet.source_text(source_id)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error")
            return
        quotes = [quote for quote in self.sheet.quotes() if quote.source == source_id]
        self.app.push_screen(SourceScreen(self.sheet.source(source_id), text, quotes, None))


def _snapshot_mark(source: Source) -> str:
    """How many snapshots a source has; ✗ when fetching failed and there is none."""
    if not source.snapshots:
        return "  ✗" if source.attempts else "  –"
    return f"{len(source.snapshots):>3}"


class DiffScreen(ModalScreen[None]):
    """What changed in a page's text between its last two snapshots."""

    BINDINGS = [Binding("escape,q", "dismiss", "Close", id="diff-close")]

    def __init__(self, diff: str) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical(classes="form diff"):
            yield Static("What changed since the snapshot before", classes="form-title")
            yield TextArea(visible(self.diff), read_only=True, soft_wrap=True, id="diff")
            yield Static("esc close", classes="form-help")
