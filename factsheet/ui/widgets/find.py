"""The find line: `/` finds text in the focused list, as in less, vim and VisiData.

Typing moves the cursor to the first row holding the text (from where the search
started; back there while nothing holds it); enter keeps it there and leaves the line
showing what is being found and which match this is, so that `n` and `N` step to the
next and previous row; esc while typing goes back to where the search started.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Input, Static

from factsheet.safe_text import one_line
from factsheet.triage import find_row
from factsheet.ui.safe import content
from factsheet.ui.widgets.inputs import OrderedInput


class Findable(Protocol):
    """A list the find line searches: its rows' texts, its cursor, and its widget."""

    find_label: str  # "the claims", said in the line while typing

    @property
    def find_widget(self) -> Widget: ...

    def find_rows(self) -> Sequence[str]: ...

    def find_cursor(self) -> int: ...

    def find_move(self, index: int) -> None: ...


class FindBar(Horizontal):
    DEFAULT_CSS = """
    FindBar {
        height: 1;
        display: none;
        background: $panel;
    }
    FindBar #find-prompt {
        width: 1;
    }
    FindBar Input {
        width: 1fr;
    }
    FindBar #find-count {
        width: auto;
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="find-cancel")]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.target: Findable | None = None
        self.origin = 0  # the row the search started on

    def compose(self) -> ComposeResult:
        yield Static("/", id="find-prompt")
        yield OrderedInput(id="find-input", compact=True, placeholder="text to find in this list")
        yield Static(id="find-count")

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    @property
    def typing(self) -> bool:
        return self.display and self.query_one(Input).has_focus

    def start(self, target: Findable) -> None:
        """Show the line, empty, for finding in `target`."""
        self.target = target
        self.origin = target.find_cursor()
        self.display = True
        box = self.query_one(Input)
        box.value = ""
        self.show_count(f"in {target.find_label}")
        box.focus()

    def close(self) -> None:
        self.display = False

    def show_count(self, text: str) -> None:
        self.query_one("#find-count", Static).update(content(one_line(text)))

    def show_matches(self, index: int | None) -> None:
        """Which match the cursor is on, of how many; or that there is none."""
        query = self.query_text
        if not query or self.target is None:
            self.show_count("")
            return
        rows = self.target.find_rows()
        matches = [n for n, row in enumerate(rows) if query.casefold() in row.casefold()]
        if index is None or not matches:
            self.show_count("not found")
            return
        where = matches.index(index) + 1 if index in matches else 0
        keys = "" if self.typing else " · n next · N previous · esc clears"
        self.show_count(f"{where} of {len(matches)}{keys}")

    @on(Input.Changed, "#find-input")
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        if self.target is None:
            return
        found = find_row(self.target.find_rows(), event.value, self.origin, include_start=True)
        self.target.find_move(found[0] if found is not None else self.origin)
        self.show_matches(found[0] if found else None)

    @on(Input.Submitted, "#find-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.close()
        if self.target is not None:
            self.target.find_widget.focus()
            self.show_matches(self.target.find_cursor())

    def action_cancel(self) -> None:
        self.close()
        if self.target is not None:
            self.target.find_move(self.origin)
            self.target.find_widget.focus()

    def step(self, step: int) -> bool:
        """To the next (1) or previous (-1) match; False when nothing is being found."""
        query = self.query_text if self.display else ""
        if not query or self.target is None:
            return False
        found = find_row(self.target.find_rows(), query, self.target.find_cursor(), step=step)
        if found is None:
            self.show_matches(None)
            return True
        index, wrapped = found
        self.target.find_move(index)
        self.show_matches(index)
        if wrapped:
            self.notify("Search wrapped around the list.", timeout=2)
        return True
