"""Fixtures for driving the real app headless with Pilot, on real sheet files."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from conftest import on_disk
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from factsheet import Sheet
from factsheet.ui.app import FactsheetApp
from factsheet.ui.screens.main import MainScreen


def claim_on_disk(path: Path, text_start: str) -> dict:
    (claim,) = [c for c in on_disk(path)["claims"].values() if c["text"].startswith(text_start)]
    return claim


@asynccontextmanager
async def worksheet(
    path: Path,
    size: tuple[int, int] = (120, 40),
    writable: bool = True,
    background_saves: bool = False,
) -> AsyncIterator[tuple[FactsheetApp, Pilot, MainScreen]]:
    """The app on a sheet. Saves are synchronous unless asked, so that a test can read
    the file right after a key (the app itself saves in the background)."""
    sheet = Sheet.open(
        path, reviewer="tester", writable=writable, background_saves=background_saves
    )
    app = FactsheetApp(sheet, follow_changes=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        yield app, pilot, screen
    sheet.close()


async def until(pilot: Pilot, condition: Callable[[], object], seconds: float = 30) -> None:
    """Let the app run until `condition` holds (work on a thread or a worker has ended):
    the wait is for the work itself, and the limit only stops a test that would hang."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the work never finished"
        await pilot.pause(0.02)


async def keys_handled(pilot: Pilot, since: int, keys: int) -> None:
    """Let the app run until `keys` keys posted after key turn `since` have each been
    handed over in turn and none is waiting (keys typed together go one at a time, each
    after the screen is drawn for the one before)."""
    turns = pilot.app.key_turns  # type: ignore[attr-defined]
    await until(pilot, lambda: turns.turn >= since + keys and turns.waiting is None)


async def settled(pilot: Pilot) -> None:
    """Let the app handle its messages and finish its workers, until a pause starts no new
    worker (a message may start one, as the "also in" lookup does): a wait for the work
    itself, never for a timer."""
    while True:
        await pilot.pause()
        if all(worker.is_finished for worker in pilot.app.workers):
            return
        await pilot.app.workers.wait_for_complete()


def shown_lines(widget: Widget) -> str:
    """What a line-API list (the claim or quote list) shows on screen, its lines joined
    by spaces (so that a wrapped message reads as one)."""
    return " ".join(widget.render_line(y).text.strip() for y in range(widget.size.height))


Typer = Callable[[str], object]
__all__ = [
    "Typer",
    "claim_on_disk",
    "keys_handled",
    "on_disk",
    "settled",
    "shown_lines",
    "until",
    "worksheet",
]


def count_layouts(screen: Screen) -> list[object]:
    """The screen's layouts from now on: each call of its `_refresh_layout` is appended to
    the list returned (a key that lays the screen out costs milliseconds at scale)."""
    layouts: list[object] = []
    original = screen._refresh_layout

    def counting(*args: object, **kwargs: object) -> None:
        layouts.append(args)
        original(*args, **kwargs)  # type: ignore[arg-type]

    screen._refresh_layout = counting  # type: ignore[method-assign]
    return layouts
