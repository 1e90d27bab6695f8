"""Only changed cells are sent to the terminal, and a real terminal (tmux) then shows
exactly what it shows when every repaint is sent whole."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pyte
import pytest
from conftest import DEMO_SHEET

from factsheet import Sheet

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
    # -N: trailing blanks too (tmux drops them or not by their foreground, unseen)
    return [looks(tmux("capture-pane", "-p", "-e", "-N", "-t", session)) for session in sessions]


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
    return json.dumps(rows)


def differences(first: str, second: str) -> str:
    """Where two screens differ: each row that does, as both show it."""
    if not first.startswith("[["):  # text
        rows = zip(first.splitlines(), second.splitlines(), strict=False)
        return "\n".join(f"{a!r}\n{b!r}" for a, b in rows if a != b) or "(the same)"
    found = []
    for row, (a, b) in enumerate(zip(json.loads(first), json.loads(second), strict=True)):
        cells = [column for column, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if cells:
            found.append(
                f"row {row}, columns {cells[0]}-{cells[-1]}: {a[cells[0]]} / {b[cells[0]]}"
            )
    return "\n".join(found) or "(the same)"


def until_alike(
    sessions: list[str],
    colours: bool,
    unlike: str | None = None,
    has: str = "",
    lacks: str | None = None,
) -> str:
    """Wait until both terminals show the same (and, with `unlike`, something else than
    that; with `has` and `lacks`, a text that is there and one that is gone): both apps
    have drawn what the last key leads to."""
    deadline = time.monotonic() + 30
    shown = screens(sessions, colours)
    while (
        shown[0] != shown[1]
        or shown[0] == unlike
        or has not in shown[0]
        or (lacks is not None and lacks in shown[0])
    ):
        if time.monotonic() > deadline:
            raise AssertionError("the screens differ:\n" + differences(shown[0], shown[1]))
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


# Keys; whether they close a dialog; a text their screen shows; a text it no longer shows
# (each step waits for the whole of what its keys lead to, not a frame on the way).
DIALOGS: list[tuple[list[str], bool, str, str | None]] = [
    (["j"], False, "", None),
    (["e"], False, "Edit claim", None),  # the claim form
    (["Escape"], True, "", "Edit claim"),
    (["?"], False, "ctrl+p finds any action", None),  # help
    (["Escape"], True, "", "ctrl+p finds any action"),
    (["v"], False, "Verdict (its digit", None),  # the verdict editor
    (["Escape"], True, "", "Verdict (its digit"),
    (["a"], False, "New claim", None),
    (["-l", "A claim typed in a form"], False, "A claim typed in a form", None),
    (["C-s"], True, "A claim typed in a form", "New claim"),  # saved: the list shows it
]


def wide_rows(folder: Path) -> Path:
    """A sheet of Chinese claims, odd and even in where their wide characters fall."""
    path = folder / "wide.json"
    with Sheet.create(path, title="Wide rows", reviewer="a") as sheet:
        for n in range(8):
            text = "小米公司表示硬件利润率永远不会超过百分之五这是雷军在发布会上说的话市场份额下降"
            sheet.add_claim(("x" if n % 2 else "") + text)
    return path


@NEEDS_TMUX
@NEEDS_COMMAND
@pytest.mark.parametrize(
    ("sheet", "size", "claims"),
    [("demo", (WIDTH, HEIGHT), 14), ("wide", (80, 24), 8)],
    ids=["demo-120x40", "wide-characters-80x24"],
)
def test_a_closed_dialog_leaves_exactly_what_a_whole_repaint_shows(
    tmp_path: Path, sheet: str, size: tuple[int, int], claims: int
) -> None:
    """After a dialog closes only the rows it covered are drawn again (see
    `repaint.RepaintsUncovered`); the terminal then shows, cell for cell, what it shows
    when the whole screen is drawn again and sent whole, Chinese characters half under
    the dialog's edge included. Each app has its own copy of the sheet."""
    factsheet = shutil.which("factsheet")
    if sheet == "demo":
        original = tmp_path / DEMO_SHEET.name
        shutil.copy(DEMO_SHEET, original)
    else:
        original = wide_rows(tmp_path)
    copies = []
    for name in ("whole", "diffed"):
        folder = tmp_path / name
        folder.mkdir()
        shutil.copy(original, folder / original.name)
        if sheet == "demo":
            shutil.copytree(DEMO_SHEET.with_name("xiaomi.archive"), folder / "xiaomi.archive")
        copies.append(folder / original.name)
    whole = f"env FACTSHEET_REDRAW=full {factsheet} --reviewer a {copies[0]}; sleep 5"
    diffed = f"{factsheet} --reviewer a {copies[1]}; sleep 5"
    with (
        tmux_session(whole, size=size) as first,
        tmux_session(diffed, size=size) as second,
    ):
        sessions = [first, second]
        for session in sessions:
            wait_for_screen(session, f"{claims} claims")
        shown = until_alike(sessions, colours=False)
        for keys, closed, has, lacks in DIALOGS:
            for session in sessions:
                tmux("send-keys", "-t", session, *keys)
            try:
                shown = until_alike(sessions, colours=False, unlike=shown, has=has, lacks=lacks)
            except AssertionError as error:
                raise AssertionError(f"after {keys}: {error}\n{shown}") from None
            if closed:
                try:
                    until_alike(sessions, colours=True)
                except AssertionError as error:
                    raise AssertionError(f"after {keys}: {error}") from None
        assert f"{claims + 1} claims" in shown
        assert "A claim typed in a form" in shown
