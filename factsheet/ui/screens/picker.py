"""The sheet picker, for `factsheet` run without a sheet: the sheets in ./sheets/."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from factsheet.ui.safe import cell


class PickerScreen(Screen[Path]):
    BINDINGS = [Binding("escape", "app.quit", "Quit", id="picker-quit")]

    def __init__(self, choices: list[Path]) -> None:
        super().__init__()
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="form picker"):
            yield Static("Open a sheet (enter)", classes="form-title")
            yield OptionList(
                *[Option(cell(str(path)), id=str(n)) for n, path in enumerate(self.choices)],
                id="sheets",
            )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])
