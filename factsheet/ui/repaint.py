"""Repainting only what changed: over SSH every repainted cell is bytes on the wire.

Textual repaints a widget whenever it is given content, even the content it already
shows (and a `Static` lays the screen out again). Panes that are shown again after a
key that did not change them (a verdict, a screen closed) go through `show` here.
"""

from __future__ import annotations

import re
from typing import Any

from textual.widgets import Static

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


_RESET = "\x1b[0m"
_TOKENS = re.compile(r"\x1b\[([0-9;]*)m|\x1b\[[^a-zA-Z]*[a-zA-Z]|\x1b[^\[]|[^\x1b]+|\x1b")


def compact_sgr(output: str) -> str:
    """Terminal output with the redundant colour changes taken out.

    Every styled piece of a line is written as "set style, text, reset"; two pieces in a
    row with the same style reset it and set it again for nothing. Such a reset and the
    same style right after it are dropped (only when the style in force is exactly that
    style set after a reset, so the screen shows the same). Over SSH this is a third of
    the bytes of a typical repaint.
    """
    out: list[str] = []
    state: str | None = None  # "" after a reset, a style set right after one, None: unknown
    pending_reset = False
    for match in _TOKENS.finditer(output):
        token = match.group(0)
        params = match.group(1)
        if params is not None:  # a colour change
            if params in ("", "0"):
                pending_reset = True
                continue
            if pending_reset:
                pending_reset = False
                if params == state:
                    continue  # reset and the same style again: neither is needed
                out.append(_RESET)
                state = ""
            state = params if state == "" else None
            out.append(token)
            continue
        if pending_reset:
            out.append(_RESET)
            pending_reset = False
            state = ""
        out.append(token)
    if pending_reset:
        out.append(_RESET)
    return "".join(out)


def compact_output(app: Any) -> None:
    """Send the app's terminal output through `compact_sgr` (Textual has no public hook for
    what its driver writes; without a driver, as in tests, nothing changes)."""
    driver = getattr(app, "_driver", None)
    write = getattr(driver, "write", None)
    if write is None or getattr(write, "_compacted", False):
        return

    def compacted(data: str) -> None:
        write(compact_sgr(data))

    compacted._compacted = True  # type: ignore[attr-defined]
    driver.write = compacted  # type: ignore[union-attr]
