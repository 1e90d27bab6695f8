"""The sources screen: every source of the sheet; add a local file, edit, delete, open its text.

Adding a source reads and extracts the file (trafilatura for HTML), which can take
a while: it runs in a worker thread with the list showing that it is busy.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from factsheet.errors import FactsheetError, InvalidInputError
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.ui.safe import cell
from factsheet.ui.screens import forms
from factsheet.ui.widgets.table import RecordTable


class SourcesScreen(Screen[None]):
    BINDINGS = [
        Binding("escape,q", "app.pop_screen", "Back"),
        Binding("a", "add", "Add file"),
        Binding("e", "edit", "Edit"),
        Binding("d", "delete", "Delete"),
        Binding("enter", "open", "Open text", show=False),
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
                cell(source.title, 200),
                key=source.id,
            )
        if keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.query_one("#sources-title", Static).update(f"Sources · {len(sources)}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"add", "edit", "delete"} and not self.sheet.store.writable:
            return None
        return True

    def action_add(self) -> None:
        chosen: dict[str, str] = {}

        def save(values: forms.Values) -> None:
            path = Path(values["file"].strip()).expanduser()
            if not path.is_file():
                raise InvalidInputError(f"{path}: no such file")
            chosen.update(values, file=str(path))

        def after(saved: bool | None) -> None:
            if saved:
                self.add_source(chosen)

        form = forms.SourceForm("New source from a local file", save, adding=True)
        self.app.push_screen(form, after)

    @work(thread=True, exclusive=True, exit_on_error=False, group="add-source")
    def add_source(self, values: forms.Values) -> None:
        """Read, extract and archive the file on a thread; the list shows it is busy."""
        table = self.query_one(RecordTable)
        self.app.call_from_thread(setattr, table, "loading", True)
        try:
            source = self.sheet.add_source_file(
                values["file"],
                title=values["title"] or None,
                author=values["author"] or None,
                publisher=values["publisher"] or None,
                published=values["published"] or None,
                language=values["language"] or None,
            )
        except FactsheetError as error:
            self.app.call_from_thread(self.notify, one_line(str(error)), severity="error")
        else:
            self.app.call_from_thread(self.source_added, source.id)
        finally:
            self.app.call_from_thread(setattr, table, "loading", False)

    def source_added(self, source_id: str) -> None:
        self.show_sources(keep=source_id)
        self.notify("Source added; its text is kept in the sheet's archive folder.")

    def action_edit(self) -> None:
        source_id = self.query_one(RecordTable).current_id
        if source_id is None:
            return
        source = self.sheet.source(source_id)

        def save(values: forms.Values) -> None:
            self.sheet.edit_source(
                source.id,
                title=values["title"],
                author=values["author"],
                publisher=values["publisher"],
                published=values["published"],
                language=values["language"],
            )

        form = forms.SourceForm(
            f"Edit source {source.id}",
            save,
            adding=False,
            initial={
                "title": source.title,
                "author": source.author,
                "publisher": source.publisher,
                "published": source.published,
                "language": source.language,
            },
        )
        self.app.push_screen(form, lambda saved: saved and self.show_sources())

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
