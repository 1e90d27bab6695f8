"""The help screen: every key of the worksheet, generated from the bindings themselves."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static

from factsheet.ui.safe import cell

Section = tuple[str, Iterable[BindingType]]


def key_label(binding: Binding) -> str:
    return binding.key_display or ", ".join(
        {"question_mark": "?", "slash": "/"}.get(key, key) for key in binding.key.split(",")
    )


def help_rows(sections: Iterable[Section]) -> list[tuple[str, str, str]]:
    """(section, keys, what it does) for every binding that has a description."""
    rows: list[tuple[str, str, str]] = []
    for section, bindings in sections:
        for binding in bindings:
            if not (isinstance(binding, Binding) and binding.description):
                continue
            row = (section, key_label(binding), binding.tooltip or binding.description)
            if rows and rows[-1][0::2] == row[0::2]:
                rows[-1] = (section, f"{rows[-1][1]} {row[1]}", row[2])  # 1 2 3 … as one row
            else:
                rows.append(row)
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close help", id="help-close")]

    def __init__(self, sections: Iterable[Section]) -> None:
        super().__init__()
        self.rows = help_rows(sections)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form help"):
            yield Static("Keys (ctrl+p: every action by name)", classes="form-title")
            yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            yield Static("esc close", classes="form-help")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Where", "Key", "Action")
        for row in self.rows:
            table.add_row(*(cell(value) for value in row))
        table.focus()
