"""Snapshots of every screen and form at 80×24 (and the worksheet at 120×40).

Each waits for the work the screen starts (workers such as "also in" and the search
index), stops cursors blinking and clears notifications before the picture is taken,
so that a snapshot shows the same whatever the machine's speed. Update them after a
deliberate change of the layout with `pytest --snapshot-update`, and look at them.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from factsheet import Sheet
from factsheet.ui.app import FactsheetApp

from .conftest import until

SMALL = (80, 24)
RunBefore = Callable[[Pilot], Awaitable[None]]


async def settled(pilot: Pilot) -> None:
    """Wait for the work the screen starts and for its focus (on a screen with anything
    to focus: a yes/no question has nothing), not for a timer; freeze what blinks (a
    cursor is then drawn steadily where there is focus)."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    await until(pilot, lambda: app.screen.focused is not None or not app.screen.focus_chain)
    await app.workers.wait_for_complete()
    for screen in app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
            # TextArea caches its lines without regard to focus: a line drawn before the
            # focus arrived would be shown without its cursor. Drawn afresh, it has one.
            widget.notify_style_update()
            widget.refresh()
    app.clear_notifications()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def keys(*pressed: str) -> RunBefore:
    async def run(pilot: Pilot) -> None:
        await pilot.pause()
        for key in pressed:
            await pilot.press(key)
            await pilot.app.workers.wait_for_complete()
        await settled(pilot)

    return run


@contextmanager
def app_on(path: Path, *, writable: bool = True) -> Iterator[FactsheetApp]:
    with Sheet.open(path, reviewer="tester", writable=writable) as sheet:
        yield FactsheetApp(sheet, follow_changes=False)


@pytest.fixture
def empty_sheet(tmp_path: Path) -> Path:
    path = tmp_path / "new.json"
    with Sheet.create(path, title="What the mayor said", clock=lambda: "2026-01-01T00:00:00Z"):
        pass
    return path


# The worksheet


@pytest.mark.parametrize("size", [SMALL, (120, 40)], ids=["80x24", "120x40"])
def test_main_screen(snap_compare, demo_sheet: Path, size: tuple[int, int]) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=size, run_before=keys())


def test_main_screen_evidence_focused(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("tab"))


def test_main_screen_on_an_empty_sheet(snap_compare, empty_sheet: Path) -> None:
    with app_on(empty_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys())


def test_main_screen_read_only(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet, writable=False) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys())


def test_main_screen_filtered_and_sorted(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        run = keys("f", *"status:review", "enter", "o")
        assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_main_screen_with_an_unknown_filter_value(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        run = keys("f", *"status:reviewed", "enter")
        assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_main_screen_finding_in_the_list(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        run = keys("slash", *"lei jun", "enter", "n")
        assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_main_screen_with_a_conflict(snap_compare, demo_sheet: Path) -> None:
    data = json.loads(demo_sheet.read_text(encoding="utf-8"))
    data["claims"]["1"]["conflict"] = "changed by two reviewers at once (rating)"
    demo_sheet.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys())


# Forms and dialogs over the worksheet


@pytest.mark.parametrize(
    "pressed",
    [
        ("v",),
        ("a",),
        ("e",),
        ("tab", "a"),
        ("tab", "e"),
        ("I",),
        ("d",),
        ("question_mark",),
        ("v", *"More.", "escape"),
    ],
    ids=[
        "verdict-editor",
        "claim-form",
        "claim-edit",
        "quote-form",
        "quote-edit",
        "merge-form",
        "delete-confirm",
        "help",
        "discard-confirm",
    ],
)
def test_dialog(snap_compare, demo_sheet: Path, pressed: tuple[str, ...]) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys(*pressed))


def test_export_form(snap_compare, demo_sheet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/tmp")  # the default file is in the current folder: one fixed name
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("x"))


def test_help_scrolled_to_its_end(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("question_mark", "end"))


def test_choice_of_a_source_to_read(snap_compare, demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet) as sheet:
        sheet.add_claim("A claim that appeared nowhere yet")
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("G", "tab", "r"))


# Screens of their own


def test_sources_screen(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("S"))


def test_sources_screen_empty(snap_compare, empty_sheet: Path) -> None:
    with app_on(empty_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("S"))


@pytest.mark.parametrize("key", ["a", "e"], ids=["new", "edit"])
def test_source_form(snap_compare, demo_sheet: Path, key: str) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("S", key))


def test_source_view(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=keys("tab", "enter"))


def test_diff_screen(snap_compare, demo_sheet: Path) -> None:
    from factsheet.ui.screens.sources import DiffScreen

    async def run(pilot: Pilot) -> None:
        await keys("S")(pilot)
        await pilot.app.push_screen(DiffScreen("--- before\n+++ after\n-10 billion\n+1 billion"))
        await settled(pilot)

    with app_on(demo_sheet) as app:
        assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_search_across_the_folder(snap_compare, demo_sheet: Path) -> None:
    with app_on(demo_sheet) as app:
        run = keys("F", *"lei jun internet")
        assert snap_compare(app, terminal_size=SMALL, run_before=run)


def test_picker(snap_compare, demo_sheet: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(demo_sheet.parent)
    app = FactsheetApp(choices=[Path("xiaomi.json"), Path("other.json")], reviewer="tester")
    assert snap_compare(app, terminal_size=SMALL, run_before=keys())


def test_new_sheet_form(snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/tmp")  # the form names the folder the sheet goes in
    app = FactsheetApp(choices=[], reviewer="tester")
    assert snap_compare(app, terminal_size=SMALL, run_before=keys(*"What the mayor said"))
