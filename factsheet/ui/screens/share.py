"""Export the sheet to a file, or merge a shared one into it, from the app."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Select

from factsheet.errors import InvalidInputError
from factsheet.exchange.files import check_output, export_bytes, merge_file, write_export
from factsheet.exchange.merge import MergeReport
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.ui.screens.forms import ConfirmScreen, FormScreen, Values, field
from factsheet.ui.widgets.inputs import OrderedInput

KINDS = [
    ("JSON, to share (with its archives: a .zip path)", "json"),
    ("ClaimReview JSON-LD, to publish", "claimreview"),
    ("Markdown report, to read", "markdown"),
]
# The default file name's ending for each format: never the sheet's own name, and
# one the folder's list of sheets leaves out.
ENDINGS = {"json": ".export.json", "claimreview": ".claimreview.json", "markdown": ".md"}


class ExportForm(FormScreen[str]):
    """Where and how to export the sheet; dismissed with a line saying what was written.
    The file name follows the format chosen until the user types one of their own; an
    existing file is replaced only when the user says so, and never the sheet itself."""

    BINDINGS = [Binding("ctrl+s", "submit", "Export", id="form-save")]
    HINT = "ctrl+s export · esc cancel · tab next field"

    def __init__(self, sheet: Sheet) -> None:
        super().__init__("Export this sheet")
        self.sheet = sheet
        self.suggested = self.suggestion("json")
        self.replace_ok: Path | None = None  # the existing file the user agreed to replace

    def suggestion(self, kind: str) -> str:
        """A name in the current folder (the label says which), so that it is seen whole."""
        return f"{self.sheet.path.stem}{ENDINGS[kind]}"

    def fields(self) -> ComposeResult:
        yield from field(
            "Format",
            Select(KINDS, value="json", allow_blank=False, id="format", compact=True),
        )
        yield from field(
            f"File (a name alone: in {one_line(str(Path.cwd()))})",
            OrderedInput(self.suggested, id="path", compact=True),
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        if path.value == self.suggested and isinstance(event.value, str):
            self.suggested = path.value = self.suggestion(event.value)

    def action_submit(self) -> None:
        path = Path(self.query_one("#path", Input).value.strip()).expanduser()
        target = path.resolve()
        try:
            check_output(path, self.sheet.path)  # a file never replaced is not offered
        except InvalidInputError:
            super().action_submit()  # which says why
            return
        if path.is_file() and target != self.replace_ok:

            def answer(yes: bool | None) -> None:
                if yes:
                    self.replace_ok = target
                    self.action_submit()

            question = f"{one_line(str(path))} exists. Replace it with this export?"
            confirm = ConfirmScreen(question, yes="replace it", no="keep it")
            self.app.push_screen(confirm, answer)
            return
        super().action_submit()

    def save(self, values: Values) -> str:
        text = values["path"].strip()
        if not text:
            raise InvalidInputError("give a file to write the export to")
        path = Path(text).expanduser()
        check_output(path, self.sheet.path)
        with_archives = path.suffix.lower() == ".zip"
        payload, left_out = export_bytes(self.sheet, values["format"], with_archives=with_archives)
        write_export(path, payload, self.sheet.path)
        skipped = f"; {left_out} unrated claim(s) left out" if left_out else ""
        return f"Exported to {one_line(str(path.resolve()))}{skipped}"


class ImportForm(FormScreen[MergeReport]):
    """A shared file to merge into this sheet; dismissed with what the merge did."""

    BINDINGS = [Binding("ctrl+s", "submit", "Merge", id="form-save")]
    HINT = "ctrl+s merge · esc cancel"

    def __init__(self, sheet: Sheet) -> None:
        super().__init__("Merge a shared sheet into this one")
        self.sheet = sheet

    def fields(self) -> ComposeResult:
        yield from field(
            "Shared file (a factsheet export: .json, or .zip with archives)",
            OrderedInput(id="path", placeholder="colleague.json", compact=True),
        )

    def save(self, values: Values) -> MergeReport:
        return merge_file(self.sheet, Path(values["path"].strip()).expanduser())
