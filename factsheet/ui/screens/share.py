"""Export the sheet to a file, or merge a shared one into it, from the app."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Input, Select

from factsheet.exchange.files import SUFFIXES, export_bytes, merge_file, write_export
from factsheet.exchange.merge import MergeReport
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.ui.screens.forms import FormScreen, Values, field

KINDS = [
    ("JSON, to share (with its archives: a .zip path)", "json"),
    ("ClaimReview JSON-LD, to publish", "claimreview"),
    ("Markdown report, to read", "markdown"),
]


class ExportForm(FormScreen[str]):
    """Where and how to export the sheet; dismissed with a line saying what was written.
    The file name follows the format chosen until the user types one of their own."""

    def __init__(self, sheet: Sheet) -> None:
        super().__init__("Export this sheet")
        self.sheet = sheet
        self.suggested = self.suggestion("json")

    def suggestion(self, kind: str) -> str:
        return str(Path.cwd() / f"{self.sheet.path.stem}{SUFFIXES[kind]}")

    def fields(self) -> ComposeResult:
        yield from field("Format", Select(KINDS, value="json", allow_blank=False, id="format"))
        yield from field("File", Input(self.suggested, id="path"))

    def on_select_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        if path.value == self.suggested and isinstance(event.value, str):
            self.suggested = path.value = self.suggestion(event.value)

    def save(self, values: Values) -> str:
        path = Path(values["path"].strip()).expanduser()
        with_archives = path.suffix.lower() == ".zip"
        payload, left_out = export_bytes(self.sheet, values["format"], with_archives=with_archives)
        write_export(path, payload)
        skipped = f"; {left_out} unrated claim(s) left out" if left_out else ""
        return f"Exported to {one_line(str(path))}{skipped}"


class ImportForm(FormScreen[MergeReport]):
    """A shared file to merge into this sheet; dismissed with what the merge did."""

    def __init__(self, sheet: Sheet) -> None:
        super().__init__("Merge a shared sheet into this one")
        self.sheet = sheet

    def fields(self) -> ComposeResult:
        yield from field(
            "Shared file (a factsheet export: .json, or .zip with archives)",
            Input(id="path", placeholder="colleague.json"),
        )

    def save(self, values: Values) -> MergeReport:
        return merge_file(self.sheet, Path(values["path"].strip()).expanduser())
