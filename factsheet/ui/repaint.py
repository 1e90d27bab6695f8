"""Repainting only what changed: over SSH every repainted cell is bytes on the wire.

Textual repaints a widget whenever it is given content, even the content it already
shows (and a `Static` lays the screen out again). Panes that are shown again after a
key that did not change them (a verdict, a screen closed) go through `show` here.
"""

from __future__ import annotations

import os
import time
from typing import Any

from textual.widgets import Static

from factsheet.ui.screendiff import ScreenDiff

_SHOWN = "_factsheet_shown"


def show(widget: Static, shown: Any, *, key: object = None, layout: bool = True) -> None:
    """Give `widget` the content `shown` unless it shows it already; `key` (default: the
    content itself) is what is compared. `layout=False` for a widget whose size the
    stylesheet fixes: the screen is not laid out again (with every widget on it) for
    new words in a pane that keeps its size."""
    key = shown if key is None else key
    if getattr(widget, _SHOWN, None) != key:
        setattr(widget, _SHOWN, key)
        widget.update(shown, layout=layout)


class StillScrollbars:
    """For scrolling widgets: Textual repaints their scrollbars after every layout of the
    screen (any pane that changed height), though nothing about them changed; this
    repaints them only when their size or position did."""

    _scrollbars_drawn: tuple[object, ...] | None = None

    def _scroll_update(self, virtual_size: Any) -> None:
        widget: Any = self
        key = (
            virtual_size,
            widget.container_size,
            widget.scroll_offset,
            widget.show_vertical_scrollbar,
            widget.show_horizontal_scrollbar,
        )
        if key != self._scrollbars_drawn:
            self._scrollbars_drawn = key
            super()._scroll_update(virtual_size)  # type: ignore[misc]


RESIZE_SETTLE = 1.0  # seconds after a new terminal size during which frames go whole


def diff_output(app: Any) -> ScreenDiff | None:
    """Send the app's terminal output through a `ScreenDiff`, so that only changed cells
    go to the terminal (Textual has no public hook for what its driver writes; without a
    driver, as in tests, nothing changes; FACTSHEET_REDRAW=full in the environment sends
    every repaint whole, for a terminal that shows something amiss). Returns the diff,
    whose `forget` makes the next frame go whole."""
    driver = getattr(app, "_driver", None)
    write = getattr(driver, "write", None)
    if write is None or os.environ.get("FACTSHEET_REDRAW") == "full":
        return None
    existing = getattr(write, "_screen_diff", None)
    if isinstance(existing, ScreenDiff):
        return existing
    screen = ScreenDiff()
    whole_until = [0.0]

    def diffed(data: str) -> None:
        size = tuple(app.size)
        if size != (screen.width, screen.height) and screen.width:  # not the first size
            # Frames laid out for the old size may still come, and terminals (tmux) may
            # rewrap what they show: send everything whole until the new size settles.
            whole_until[0] = time.monotonic() + RESIZE_SETTLE
        screen.resize(*size)
        if time.monotonic() < whole_until[0]:
            screen.forget()
        write(screen.filter(data))

    diffed._screen_diff = screen  # type: ignore[attr-defined]
    driver.write = diffed  # type: ignore[union-attr]
    return screen
