"""The sheet picker, for `factsheet` run without a sheet: the sheets found here, and a
new sheet made from nothing (the only choice in an empty folder)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from factsheet.errors import InvalidInputError
from factsheet.sheet import Sheet
from factsheet.ui.safe import cell
from factsheet.ui.screens.forms import FormScreen, Values, field
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.inputs import OrderedInput

NEW = "new"


def file_name(title: str) -> str:
    """A file name for a sheet titled `title`: its words in lower case, joined by -."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", plain.lower())
    return "-".join(words)[:40].strip("-") + ".json" if words else "sheet.json"


class PickerScreen(Screen[Path]):
    BINDINGS = [
        Binding("n", "new_sheet", "New sheet", id="picker-new"),
        Binding("escape,q", "app.quit", "Quit", id="picker-quit"),
    ]

    def __init__(self, choices: list[Path], reviewer: str | None = None) -> None:
        super().__init__()
        self.choices = choices
        self.reviewer = reviewer

    def compose(self) -> ComposeResult:
        with Vertical(classes="form picker"):
            yield Static("Open a sheet (enter), or make a new one (n)", classes="form-title")
            yield OptionList(
                *[Option(cell(str(path)), id=str(n)) for n, path in enumerate(self.choices)],
                Option("+ New sheet…", id=NEW),
                id="sheets",
            )
        yield Keys()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        if not self.choices:
            self.action_new_sheet()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.action_new_sheet()
        else:
            self.dismiss(self.choices[event.option_index])

    def action_new_sheet(self) -> None:
        def made(path: Path | None) -> None:
            if path is not None:
                self.dismiss(path)
            elif not self.choices:
                self.app.exit()  # nothing to open and nothing made: back to the shell

        self.app.push_screen(NewSheetForm(self.reviewer), made)


class NewSheetForm(FormScreen[Path]):
    """A new, empty sheet in the current folder; dismissed with its path."""

    def __init__(self, reviewer: str | None = None) -> None:
        super().__init__("A new sheet: what are you checking?")
        self.reviewer = reviewer
        self.suggested = ""

    def fields(self) -> ComposeResult:
        yield from field(
            "Title (e.g. What the mayor said about crime)",
            OrderedInput(id="title", compact=True),
        )
        yield from field(
            f"File (in {Path.cwd()})",
            OrderedInput(id="file", compact=True, placeholder="sheet.json"),
        )

    def on_input_changed(self, event: Input.Changed) -> None:
        """The file name follows the title until the user types one of their own."""
        if event.input.id != "title":
            return
        box = self.query_one("#file", Input)
        if box.value == self.suggested:
            self.suggested = box.value = file_name(event.value) if event.value.strip() else ""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.prevent_default()  # the form's own enter-saves is decided here
        if event.input.id == "title":
            self.query_one("#file", Input).focus()  # enter in the title: on to the file name
        else:
            self.action_submit()

    def save(self, values: Values) -> Path:
        name = values["file"].strip() or file_name(values["title"])
        path = Path(name).expanduser()
        if not path.suffix:
            path = path.with_suffix(".json")
        if path.exists():
            raise InvalidInputError(f"{path} already exists: choose another file name")
        with Sheet.create(path, title=values["title"], reviewer=self.reviewer):
            pass
        return path
