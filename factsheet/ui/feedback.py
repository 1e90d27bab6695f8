"""Running a change through the core from a key, and telling the user how it went."""

from __future__ import annotations

from collections.abc import Callable

from textual.widget import Widget

from factsheet.errors import FactsheetError
from factsheet.safe_text import one_line


def attempt(node: Widget, change: Callable[[], object], done: str | None = None) -> bool:
    """Run a core change; a FactsheetError becomes a notification instead of a traceback."""
    try:
        change()
    except FactsheetError as error:
        node.notify(one_line(str(error)), severity="error", timeout=6)
        return False
    if done:
        node.notify(done, timeout=2)
    node.screen.refresh_bindings()
    return True
