"""What every screen relies on: the user's keymap, failed workers reported, and other
processes' changes shown in place."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DEMO_SHEET
from textual import work

from factsheet import Sheet
from factsheet.ui import app as app_module
from factsheet.ui.app import FactsheetApp, settle_memory
from factsheet.ui.screens.forms import ClaimForm
from factsheet.ui.screens.main import MainScreen
from factsheet.ui.widgets.claim_list import ClaimList

from .conftest import until, worksheet


async def test_the_keymap_in_the_config_file_rebinds_a_key(
    demo_sheet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[keymap]\nadd-claim = "A"\n', encoding="utf-8")
    monkeypatch.setenv("FACTSHEET_CONFIG", str(config))
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("a")
        assert app.screen is screen
        await pilot.press("A")
        assert isinstance(app.screen, ClaimForm)


async def test_a_worker_that_fails_unexpectedly_is_reported(demo_sheet: Path) -> None:
    class Broken(MainScreen):
        @work(thread=True, exit_on_error=False, name="a broken lookup")
        def broken(self) -> None:
            raise RuntimeError("disk on fire")

    sheet = Sheet.open(demo_sheet, reviewer="tester")
    app = FactsheetApp(sheet, follow_changes=False)
    app.get_default_screen = lambda: Broken(sheet)  # type: ignore[method-assign]
    async with app.run_test() as pilot:
        app.screen.broken()
        wanted = "a broken lookup failed: RuntimeError: disk on fire"
        await until(pilot, lambda: any(wanted in n.message for n in app._notifications))
        assert app.is_running
    sheet.close()


async def test_another_processs_change_appears_in_place_with_the_cursor_kept(
    demo_sheet: Path,
) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("j", "j")
        here = claims.current_id
        with Sheet.open(demo_sheet, reviewer="colleague") as colleague:
            first = colleague.claims()[0]
            colleague.set_verdict(first.id, "false", rationale="from a colleague")
            colleague.add_claim("A claim the colleague added")
        assert app.sheet.changed_on_disk()
        app.look_for_changes()
        await until(pilot, lambda: claims.row_count == 15)
        assert claims.current_id == here
        assert claims.row_cells(0)[1] == "False"
        assert "A claim the colleague added" in claims.row_cells(14)[4]


async def test_a_form_whose_claim_was_deleted_meanwhile_says_so_on_save(
    demo_sheet: Path,
) -> None:
    from textual.widgets import Input, Static

    async with worksheet(demo_sheet) as (app, pilot, screen):
        doomed = screen.query_one(ClaimList).current_id
        await pilot.press("e")
        assert isinstance(app.screen, ClaimForm)
        app.screen.query_one("#claimant", Input).value = "typed before the delete"
        with Sheet.open(demo_sheet, reviewer="colleague") as colleague:
            colleague.delete_claim(doomed)
        app.look_for_changes()
        await until(pilot, lambda: len(app.sheet.claims()) == 13)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ClaimForm)  # kept open, with what was typed
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "was deleted by another reviewer meanwhile" in error
        assert app.screen.query_one("#claimant", Input).value == "typed before the delete"


async def test_memory_kept_out_of_the_collectors_way_is_released_when_the_app_ends() -> None:
    """The app moves long-lived objects out of the cycle collector's way while it runs
    (a full collection at 100k quotes stops the screen); when it ends, all of it can be
    collected again (another app may follow in the same process)."""
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        settle_memory()
        assert gc.get_freeze_count() > 0
        await pilot.press("j")
        await pilot.pause()
        assert screen.current_claim() is not None
    assert gc.get_freeze_count() == 0


async def test_memory_is_settled_once_the_keys_pause_never_between_two_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Settling memory takes up to tens of milliseconds on a large sheet: a key that came
    meanwhile would wait for it. It is done after a pause in the keys, not on a clock."""
    settled_at: list[float] = []
    monkeypatch.setattr(app_module, "settle_memory", lambda: settled_at.append(time.monotonic()))
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        await until(pilot, lambda: settled_at)  # idle since it opened: settled once
        settled_at.clear()
        await pilot.press("j")
        app.settle_when_idle()  # the key just came: not yet
        assert settled_at == []
        await until(pilot, lambda: settled_at)  # once the keys pause
        assert settled_at[0] - app.last_key >= app_module.SETTLE_IDLE
        app.settle_when_idle()  # nothing new since: not again
        assert len(settled_at) == 1


async def test_a_new_claim_is_in_the_list_as_its_form_closes(demo_sheet: Path) -> None:
    """The list below a form shows what the form saved when the form closes, so that
    both are drawn in one frame (not the old list first and the new one a frame later)."""
    async with worksheet(demo_sheet) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        before = claims.row_count
        await pilot.press("a")
        await until(pilot, lambda: isinstance(app.screen, ClaimForm))
        form = app.screen
        rows_as_it_closed: list[int] = []
        close = form.dismiss

        def dismiss(result: object = None) -> object:
            rows_as_it_closed.append(claims.row_count)
            return close(result)  # type: ignore[arg-type]

        form.dismiss = dismiss  # type: ignore[method-assign]
        await pilot.press(*"A claim made just now", "ctrl+s")
        await until(pilot, lambda: app.screen is screen)
        assert rows_as_it_closed == [before + 1]
        assert claims.current_id is not None
        assert screen.current_claim().text == "A claim made just now"  # type: ignore[union-attr]


def test_the_app_draws_a_key_without_waiting_for_a_frame_slot() -> None:
    """Textual draws on a grid of frames (60 a second unless told): the app asks for 240,
    so that a key handled just after a frame waits at most about 4 ms for its own; a
    user's own TEXTUAL_FPS is kept."""
    show = "import factsheet.ui.app, textual.screen as s; print(round(1 / s.UPDATE_PERIOD))"
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    ours = subprocess.run([sys.executable, "-c", show], env=env, capture_output=True, text=True)
    theirs = subprocess.run(
        [sys.executable, "-c", show],
        env={**env, "TEXTUAL_FPS": "30"},
        capture_output=True,
        text=True,
    )
    assert (ours.stdout.strip(), theirs.stdout.strip()) == ("240", "30")
