"""The sources screen: every source of the sheet; add a web page or a local file, archive
pages again, see what changed, edit, delete, open the text.

Fetching and extracting can take a while: it runs in worker threads, with the list
showing that it is busy and a notification as each page is done.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Static

from factsheet.archive.policy import FetchPolicy
from factsheet.errors import FactsheetError
from factsheet.model import Claim, Quote, Source
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet
from factsheet.ui import messages
from factsheet.ui.feedback import FooterKeys, needs, writes
from factsheet.ui.repaint import RepaintsUncovered
from factsheet.ui.safe import cell
from factsheet.ui.screens import forms
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.inputs import ReadingArea
from factsheet.ui.widgets.table import RecordTable

CHANGE_NOTES = {
    None: "archived",
    True: "archived; the text changed (D shows how)",
    False: "archived; the text is unchanged",
}


class SourcesScreen(RepaintsUncovered, FooterKeys, messages.ReportsFailures, Screen[None]):
    """Opened from the worksheet with its current claim: a source read from here quotes
    for that claim."""

    BINDINGS = [
        Binding(
            "escape", "app.pop_screen", "Back", tooltip="Back to the worksheet", id="sources-back"
        ),
        Binding(
            "a",
            "add",
            "Add source",
            tooltip="Add a source: a web page (URL, archived) or a local text or HTML file",
            id="add-source",
        ),
        Binding(
            "enter",
            "open",
            "Read",
            tooltip="Read the source's text; select words and press a to quote them",
            id="open-text",
            priority=True,  # before the table's own enter (unshown): the footer offers it
        ),
        Binding("r", "rearchive", "Archive again", id="archive-again"),
        Binding("R", "archive_pending", "Archive all new", id="archive-new"),
        Binding("D", "diff", "What changed", id="source-diff"),
        Binding("e", "edit", "Edit", tooltip="Edit the source's details", id="edit-source"),
        Binding("d", "delete", "Delete", tooltip="Delete the source", id="delete-source"),
        Binding(
            "y",
            "copy_location",
            "Copy",
            tooltip="Copy the source's URL (or file path) to your clipboard",
            id="copy-source",
        ),
    ]
    # What gives way first in a narrow terminal (every key stays in ? and the palette).
    FOOTER_DROP = ("copy-source", "archive-new", "source-diff", "archive-again")

    def __init__(self, sheet: Sheet, claim: Claim | None = None) -> None:
        super().__init__()
        self.sheet = sheet
        self.claim = claim
        self.any_web = False  # whether any source is a web page

    def compose(self) -> ComposeResult:
        yield Static("Sources", id="sources-title", classes="pane-title")
        yield RecordTable(id="sources")
        yield Static(id="sources-hint")
        yield Keys()

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
        self.query_one("#sources-hint", Static).update(self.hint(bool(sources)))
        self.any_web = any(source.kind == "web" for source in sources)
        self.offer_keys()

    @on(DataTable.RowHighlighted)
    def offer_keys(self) -> None:
        """Offer in the footer the keys that can act on the highlighted source (a file
        is not archived again; a source archived once has no change to show)."""
        source_id = self.query_one(RecordTable).current_id
        source = None
        if source_id is not None:
            with suppress(FactsheetError):  # deleted by another process a moment ago
                source = self.sheet.source(source_id)
        missing: set[str] = set()
        if source is None:
            missing |= {"source", "web source", "two snapshots"}
        else:
            if source.kind != "web":
                missing.add("web source")
            if len(source.snapshots) < 2:
                missing.add("two snapshots")
        if not self.any_web:
            missing.add("any web source")
        self.leave_out(missing)

    def current_source_id(self) -> str | None:
        """The highlighted source; without one, says what to press."""
        source_id = self.query_one(RecordTable).current_id
        if source_id is None:
            self.notify("No source here yet: a adds one (a web page or a file).", timeout=4)
        return source_id

    def hint(self, any_sources: bool) -> Content:
        """What to do here, said under the list."""
        if not any_sources:
            if not self.sheet.writable:
                return Content("This sheet has no sources (and is read-only).")
            return Content(
                "No sources yet. Press a to add a web page (its URL: it is fetched and "
                "archived) or a local text or HTML file."
            )
        if not self.sheet.writable:
            return Content("enter reads a source.")
        if self.claim is None:
            return Content(
                "enter reads a source. esc: back to the worksheet, where a adds the claim "
                "you are checking; then tab, r reads a source to quote it."
            )
        return Content.assemble(
            "enter reads a source; there, select words (shift+arrows) and press a to quote "
            "them for: ",
            Content.styled(one_line(self.claim.text, 80), "italic"),
        )

    @property
    def policy(self) -> FetchPolicy:
        return getattr(self.app, "fetch_policy", None) or FetchPolicy()

    @writes
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

    @needs("web source")
    @writes
    def action_rearchive(self) -> None:
        source_id = self.current_source_id()
        if source_id is not None:
            self.archive_sources([source_id])

    @needs("any web source")
    @writes
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
        if count:
            said = ""
        elif any(source.kind == "web" for source in self.sheet.sources()):
            said = "Nothing to archive: every web page has a snapshot (r archives one again)."
        else:
            said = "Nothing to archive: no source is a web page (a adds one by its URL)."
        self.post_message(messages.WorkDone(said))

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

    @needs("two snapshots")
    def action_diff(self) -> None:
        source_id = self.current_source_id()
        if source_id is None:
            return
        try:
            diff = self.sheet.text_diff(source_id)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="warning")
            return
        self.app.push_screen(DiffScreen(diff or "The text did not change."))

    @needs("source")
    @writes
    def action_edit(self) -> None:
        source_id = self.current_source_id()
        if source_id is not None:
            form = forms.SourceForm(self.sheet, self.sheet.source(source_id))
            self.app.push_screen(form, self.source_saved)

    def source_saved(self, source: Source | None) -> None:
        if source is not None:
            self.show_sources(source.id)

    @needs("source")
    @writes
    def action_delete(self) -> None:
        source_id = self.current_source_id()
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

    @needs("source")
    @on(DataTable.RowSelected)
    def action_open(self) -> None:
        source_id = self.current_source_id()
        if source_id is None:
            return
        from factsheet.ui.screens.source import SourceScreen  # loaded on first use

        claim = self.claim

        def quote(words: str, span: tuple[int, int, str]) -> None:
            assert claim is not None
            form = forms.QuoteForm(self.sheet, claim, source=source_id, text=words, span=span)
            self.app.push_screen(form, self.quote_saved)

        try:
            screen = SourceScreen.of(self.sheet, source_id, None, quote if claim else None)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error")
            return
        self.app.push_screen(screen)

    def quote_saved(self, quote: Quote | None) -> None:
        if quote is not None:
            self.show_sources()  # the source view says it was added

    @needs("source")
    def action_copy_location(self) -> None:
        from factsheet.ui.clipboard import copy, location

        source_id = self.current_source_id()
        if source_id is not None:
            source = self.sheet.source(source_id)
            what = "the file's path" if source.kind == "file" else "the URL"
            copy(self, location(source), what)


def _snapshot_mark(source: Source) -> str:
    """How many snapshots a source has; ✗ when fetching failed and there is none."""
    if not source.snapshots:
        return "  ✗" if source.attempts else "  –"
    return f"{len(source.snapshots):>3}"


class DiffScreen(ModalScreen[None]):
    """What changed in a page's text between its last two snapshots."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="diff-close"),
        Binding("q", "app.quit", "Quit", id="diff-quit"),
    ]

    def __init__(self, diff: str) -> None:
        super().__init__()
        self.diff = diff

    def compose(self) -> ComposeResult:
        with Vertical(classes="form diff"):
            yield Static("What changed since the snapshot before", classes="form-title")
            yield ReadingArea(visible(self.diff), read_only=True, soft_wrap=True, id="diff")
            yield Static("esc close", classes="form-help")
        yield Keys()
