"""No cycle collection between a key and its frame: the collector runs between keys.

At 100,000 quotes a collection that starts while a key is handled costs that key
2-20 ms; these tests make every few allocations start one and look at
when they ran."""

from __future__ import annotations

import gc
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import DEMO_SHEET

from factsheet.ui import collector
from factsheet.ui.widgets.claim_list import ClaimList

from .conftest import keys_handled, settled, until, worksheet


@contextmanager
def collections_seen(app: object) -> Iterator[list[bool]]:
    """Every collection from now on, as whether a key was on its way when it started; the
    collector set to start at every allocation."""
    seen: list[bool] = []
    turns = app.key_turns  # type: ignore[attr-defined]

    def noted(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            seen.append(turns.waiting is not None)

    threshold = gc.get_threshold()
    gc.set_threshold(10, 10**6, 10**6)  # young collections only: old ones take long here
    gc.callbacks.append(noted)
    try:
        yield seen
    finally:
        gc.callbacks.remove(noted)
        gc.set_threshold(*threshold)


async def test_keys_are_handled_and_drawn_without_a_collection_and_it_runs_after(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    async with worksheet(path) as (app, pilot, screen):
        await settled(pilot)
        claims = screen.query_one(ClaimList)
        with collections_seen(app) as seen:
            turn = app.key_turns.turn
            await pilot.press("j", "j", "3", "s", "k")
            await keys_handled(pilot, turn, 5)
            assert claims.cursor == 1
            assert not any(seen), "a collection ran while a key was on its way"
            await until(pilot, gc.isenabled)  # once the keys are drawn, it runs again
            await until(pilot, lambda: len(seen) > 0)
        assert not any(seen)


async def test_a_key_held_down_still_collects_once_much_is_waiting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Keys that never pause leave no moment between them: past YOUNG_MAX objects made,
    the young ones are collected before the next key, so memory does not grow."""
    monkeypatch.setattr(collector, "YOUNG_MAX", 1)
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        await settled(pilot)
        held = app.key_turns.collector
        held.key_started()  # a key on its way, as in a burst
        assert not gc.isenabled()
        collected = gc.get_stats()[0]["collections"]
        junk = [[n] for n in range(100)]  # made while the collector is held off
        held.key_started()  # the next key of the burst
        assert gc.get_stats()[0]["collections"] > collected
        assert junk
        held.keys_done()
        await until(pilot, gc.isenabled)


async def test_the_collector_runs_again_when_the_app_ends_in_a_burst_of_keys() -> None:
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        await settled(pilot)
        app.key_turns.collector.key_started()
        assert not gc.isenabled()
    assert gc.isenabled()
