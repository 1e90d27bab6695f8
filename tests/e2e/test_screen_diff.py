"""Only changed cells are sent to the terminal, and a real terminal (tmux) then shows
exactly what it shows when every repaint is sent whole."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pyte

from .test_terminal import (
    NEEDS_COMMAND,
    NEEDS_TMUX,
    tmux,
    tmux_server,
    tmux_session,
    wait_for_screen,
)

__all__ = ["tmux_server"]  # the module's tmux server is ended after its tests

WIDTH, HEIGHT = 120, 40
KEYS = ["j", "j", "j", "Tab", "j", "BTab", "G", "k", "k", "g", "Space", "f", "x", "i", "Escape"]


def screens(sessions: list[str], colours: bool = False) -> list[str]:
    """What each terminal shows: its text, or with `colours` every cell as it looks (a
    blank cell's foreground colour shows nothing, and an erased cell may keep none)."""
    if not colours:
        return [tmux("capture-pane", "-p", "-t", session) for session in sessions]
    return [looks(tmux("capture-pane", "-p", "-e", "-t", session)) for session in sessions]


def looks(captured: str) -> str:
    screen = pyte.Screen(WIDTH, HEIGHT)
    pyte.Stream(screen).feed(captured.replace("\n", "\r\n"))
    rows = []
    for row in range(HEIGHT):
        cells = (screen.buffer[row][column] for column in range(WIDTH))
        rows.append(
            [
                (c.data, c.bg, c.reverse, c.underscore)
                if c.data == " "
                else (c.data, c.fg, c.bg, c.bold, c.italics, c.reverse, c.underscore)
                for c in cells
            ]
        )
    return repr(rows)


def until_alike(sessions: list[str], colours: bool, unlike: str | None = None) -> str:
    """Wait until both terminals show the same (and, with `unlike`, something else than
    that): both apps have drawn what the last key leads to."""
    deadline = time.monotonic() + 30
    shown = screens(sessions, colours)
    while shown[0] != shown[1] or shown[0] == unlike:
        if time.monotonic() > deadline:
            raise AssertionError("the screens differ:\n" + "\n---\n".join(shown))
        time.sleep(0.1)
        shown = screens(sessions, colours)
    return shown[0]


@NEEDS_TMUX
@NEEDS_COMMAND
def test_the_terminal_shows_what_whole_repaints_show(demo_sheet: Path) -> None:
    factsheet = shutil.which("factsheet")
    whole = f"env FACTSHEET_REDRAW=full {factsheet} --reviewer a {demo_sheet}; sleep 5"
    diffed = f"{factsheet} --reviewer a {demo_sheet}; sleep 5"
    with (
        tmux_session(whole, size=(WIDTH, HEIGHT)) as first,
        tmux_session(diffed, size=(WIDTH, HEIGHT)) as second,
    ):
        sessions = [first, second]
        for session in sessions:
            wait_for_screen(session, "14 claims")
        shown = until_alike(sessions, colours=False)
        for key in KEYS:
            for session in sessions:
                tmux("send-keys", "-t", session, key)
            shown = until_alike(sessions, colours=False, unlike=shown)
        until_alike(sessions, colours=True)  # colours too, cell for cell
        for width, height in [(90, 30), (WIDTH, HEIGHT)]:  # a smaller window, and back
            for session in sessions:
                tmux("resize-window", "-t", session, "-x", str(width), "-y", str(height))
            shown = until_alike(sessions, colours=False, unlike=shown)
        until_alike(sessions, colours=True)
