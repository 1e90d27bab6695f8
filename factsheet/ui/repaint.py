"""Repainting only what changed: over SSH every repainted cell is bytes on the wire.

Textual repaints a widget whenever it is given content, even the content it already
shows (and a `Static` lays the screen out again). Panes that are shown again after a
key that did not change them (a verdict, a screen closed) go through `show` here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from textual.geometry import Region
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from factsheet.ui.screendiff import ScreenDiff
from factsheet.ui.widgets.inputs import OrderedInput

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


class StillInput(OrderedInput):
    """A one-line Input whose size the stylesheet fixes (the claim filter, the search
    query). Textual's Input lays the whole screen out again on every key typed into it
    (its text's width is a reactive that asks for a layout); this one repaints itself
    and lays out nothing. At 100k quotes that spares a layout and a repaint of every
    pane (10-20 ms) per key typed into the filter.

    With `on_changed` set, that is called with each new value as it changes, in place of
    an `Input.Changed` message (one `prevent` stops, as it stops the message): what
    follows from the text typed is then drawn in the frame that shows the character,
    not in a second frame a tick of the screen's timer later (up to 17 ms)."""

    on_changed: Callable[[str], object] | None = None

    def post_message(self, message: Message) -> bool:
        if self.on_changed is not None and isinstance(message, Input.Changed):
            if not self._is_prevented(Input.Changed):
                self.on_changed(message.value)
            return True
        return super().post_message(message)

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Any:
        return super().refresh(*regions, repaint=repaint, layout=False, recompose=recompose)


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


def whole_repaints() -> bool:
    """Whether the user asked for every repaint to be sent whole (FACTSHEET_REDRAW=full):
    for a terminal that shows something amiss."""
    return os.environ.get("FACTSHEET_REDRAW") == "full"


def covered(dialog: Screen[Any]) -> tuple[Region, ...] | None:
    """The rows `dialog` draws on over the screen below it (the rows of its widgets), each
    whole: a wide character half under the dialog's edge was broken on the terminal, and
    is drawn whole again only with the row around it. None when the dialog has a
    background of its own (it hides every cell, or tints them)."""
    if dialog.styles.background.a > 0:
        return None
    rows: set[int] = set()
    for widget, (region, clip) in dialog._compositor.visible_widgets.items():
        place = region.intersection(clip)
        if widget is not dialog and place:
            rows.update(range(place.y, place.bottom))
    width = dialog.size.width
    blocks: list[Region] = []
    for y in sorted(rows):
        if blocks and blocks[-1].bottom == y:
            blocks[-1] = blocks[-1].grow((0, 0, 1, 0))
        else:
            blocks.append(Region(0, y, width, 1))
    return tuple(blocks)


class RepaintsUncovered:
    """For a screen that dialogs open over. When a dialog closes, Textual repaints the whole
    screen below it and lays it out again, four times over as the dialog is taken down,
    though only the cells the dialog covered changed: our dialogs let the screen show
    through as it is. So the first of those repaints repaints only the rows the dialog
    was on (`covered`), and the others are dropped, until the next key or new size.
    Widgets that changed meanwhile repaint themselves, as always. At 100k quotes, saving
    a form costs one render of the form's rows instead of three of the screen and two
    layouts (40 ms or more of work)."""

    # The rows to repaint when Textual asks for the whole screen; () once asked; None
    # when no dialog has just closed (every repaint is as Textual asks).
    _uncovered: tuple[Region, ...] | None = None

    def uncover(self, dialog: Screen[Any]) -> None:
        """`dialog`, above this screen, is closing."""
        self._uncovered = None if whole_repaints() else covered(dialog)
        if self._uncovered is not None:
            # Textual marked the whole screen for repaint when the dialog opened. Every
            # change since has been shown through the dialog, or marks itself again.
            screen: Any = self
            screen._repaint_regions.clear()

    def covered_done(self) -> None:
        """A key or a new size: repaints are as Textual asks again."""
        self._uncovered = None

    def refresh(
        self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False
    ) -> Any:
        uncovered = self._uncovered
        if regions or recompose or uncovered is None:
            return super().refresh(  # type: ignore[misc]
                *regions, repaint=repaint, layout=layout, recompose=recompose
            )
        if uncovered:
            self._uncovered = ()
            super().refresh(*uncovered)  # type: ignore[misc]
            # Textual's mark for a repaint of the whole screen (which forgets the widgets
            # due to repaint, as the whole screen covers them): not that, only these cells.
            screen: Any = self
            screen._repaint_required = False
            screen._dirty_widgets.add(screen)
            screen.check_idle()
        return self


RESIZE_SETTLE = 1.0  # seconds after a new terminal size during which frames go whole


def diff_output(app: Any) -> ScreenDiff | None:
    """Send the app's terminal output through a `ScreenDiff`, so that only changed cells
    go to the terminal (Textual has no public hook for what its driver writes; without a
    driver, as in tests, nothing changes; FACTSHEET_REDRAW=full in the environment sends
    every repaint whole, for a terminal that shows something amiss). Returns the diff,
    whose `forget` makes the next frame go whole."""
    driver = getattr(app, "_driver", None)
    write = getattr(driver, "write", None)
    if write is None or whole_repaints():
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
