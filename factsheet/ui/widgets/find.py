"""The find line: `/` finds text in the focused list, as in less, vim and VisiData.

Typing moves the cursor to the first row holding the text (from where the search
started); enter keeps it there and leaves the line showing what is being found, so
that `n` and `N` step to the next and previous row; esc while typing goes back to
where the search started. The screen does the moving; this widget reads the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from factsheet.safe_text import one_line
from factsheet.ui.safe import content


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

    @dataclass
    class Changed(Message):
        """The text to find changed (as typed)."""

        query: str

    @dataclass
    class Ended(Message):
        """Enter (`kept`) or esc while typing."""

        kept: bool

    def compose(self) -> ComposeResult:
        yield Static("/", id="find-prompt")
        yield Input(id="find-input", compact=True, placeholder="text to find in this list")
        yield Static(id="find-count")

    @property
    def query_text(self) -> str:
        return self.query_one(Input).value

    @property
    def typing(self) -> bool:
        return self.display and self.query_one(Input).has_focus

    def start(self, where: str) -> None:
        """Show the line, empty, for finding in `where` (said in the count)."""
        self.display = True
        box = self.query_one(Input)
        box.value = ""
        box.disabled = False
        self.show_count(f"in {where}")
        box.focus()

    def show_count(self, text: str) -> None:
        self.query_one("#find-count", Static).update(content(one_line(text)))

    def close(self) -> None:
        self.display = False

    @on(Input.Changed, "#find-input")
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    @on(Input.Submitted, "#find-input")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if not event.value:
            self.close()
        self.post_message(self.Ended(kept=bool(event.value)))

    def action_cancel(self) -> None:
        self.close()
        self.post_message(self.Ended(kept=False))
