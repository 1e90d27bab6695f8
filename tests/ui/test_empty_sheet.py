"""A brand-new sheet, as every reviewer's own work starts: each first key works."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from factsheet.ui.screens.forms import ClaimForm

from .conftest import on_disk, worksheet


async def test_a_on_a_new_sheet_opens_the_claim_form_and_adds_a_claim(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "n.json"
    assert run("new", path, "--title", "N").exit_code == 0
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("a")
        assert isinstance(app.screen, ClaimForm)
        await pilot.press(*"The mayor cut taxes", "ctrl+s")
        assert not isinstance(app.screen, ClaimForm)
        claims = list(on_disk(path)["claims"].values())
        assert [claim["text"] for claim in claims] == ["The mayor cut taxes"]
        assert claims[0]["source"] is None


async def test_a_in_the_evidence_pane_of_a_sheet_without_sources_says_what_to_do(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    run("claim", "add", path, "A claim")
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "a")
        messages = [n.message for n in app._notifications]
        assert any("Add a source first" in message for message in messages)
        assert app.screen is screen


async def test_every_movement_key_on_an_empty_evidence_pane_is_harmless(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    keys = ("pagedown", "pageup", "end", "home", "G", "g", "j", "k", "enter", "r", "y", "n")
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        for pane in ("tab", "shift+tab"):
            for key in keys:
                await pilot.press(pane, key, "escape")
                assert app.is_running and app.crash is None and app.screen is screen


async def test_claim_keys_on_an_empty_sheet_say_what_to_press(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    before = path.read_bytes()
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        for key in ("e", "d", "v", "s", "y", "1", "space"):
            app.clear_notifications()
            await pilot.press(key)
            assert app.screen is screen
            said = [n.message for n in app._notifications]
            assert said == ["No claim here yet: a adds one."], (key, said)
    assert path.read_bytes() == before


async def test_the_same_notice_from_two_keys_is_shown_once(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    """a (a warning) then e (a notice) in the empty evidence pane say the same thing: once."""
    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "a", "e")
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and said[0].startswith("Add a claim first"), said


async def test_claim_keys_when_the_filter_hides_every_claim_say_how_to_see_them(
    tmp_path: Path, run: Callable[..., Result]
) -> None:
    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    run("claim", "add", path, "The mayor cut taxes")
    before = path.read_bytes()
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("f", *"pensions", "enter")
        assert screen.claim_list.current_id is None
        for key in ("e", "d", "v", "s", "y", "1", "space"):
            app.clear_notifications()
            await pilot.press(key)
            assert app.screen is screen
            said = [n.message for n in app._notifications]
            assert said == ["No claim in the list: esc clears the filter."], (key, said)
        for key in ("a", "e"):  # the evidence pane: quotes are for a claim
            app.clear_notifications()
            await pilot.press("tab", key, "shift+tab")
            said = [n.message for n in app._notifications]
            assert len(said) == 1 and "esc clears the filter" in said[0], key
        await pilot.press("escape")
        assert screen.claim_list.current_id is not None
    assert path.read_bytes() == before


async def test_the_footer_offers_only_keys_that_have_something_to_act_on(
    tmp_path: Path, run: Callable[..., Result], demo_sheet: Path
) -> None:
    """On a new sheet the footer does not offer Edit, Delete or Verdict (there is no claim
    to act on), and offers them from the first claim on; the evidence pane offers Edit and
    Delete only while it has a quote. The keys themselves still say what to press."""
    from factsheet.ui.widgets.claims_pane import NO_CLAIM
    from factsheet.ui.widgets.footer import Keys

    from .conftest import settled

    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    async with worksheet(path) as (app, pilot, screen):
        footer = screen.query_one(Keys)
        await settled(pilot)
        assert "Add claim" in footer.words()
        assert not {"Edit", "Delete", "Verdict"} & set(footer.words())
        await pilot.press("e")
        assert NO_CLAIM in [n.message for n in app._notifications]
        await pilot.press("a", *"The mayor cut taxes", "ctrl+s")
        await settled(pilot)
        assert {"Edit", "Delete", "Verdict"} <= set(footer.words())
        await pilot.press("tab")  # the evidence pane: no quote yet
        await settled(pilot)
        assert "Add quote" in footer.words()
        assert not {"Edit", "Delete"} & set(footer.words())
        for key in "edy":
            app.clear_notifications()
            await pilot.press(key)
            assert [n.message for n in app._notifications] == ["No quote here yet: a adds one."]
        await pilot.press("S")  # the sources: none yet
        await settled(pilot)
        words = app.screen.query_one(Keys).words()
        assert "Add source" in words and not {"Read", "Edit", "Delete"} & set(words), words
        for key, said in [("e", "No source here yet"), ("R", "no source is a web page")]:
            app.clear_notifications()
            await pilot.press(key)
            await settled(pilot)
            assert any(said in n.message for n in app._notifications), key
    for size in [(80, 24), (120, 40)]:  # narrow, the keys on the quote in hand stay
        async with worksheet(demo_sheet, size=size) as (app, pilot, screen):
            await pilot.press("tab")  # the first claim's quotes
            await settled(pilot)
            assert {"Add quote", "Edit", "Delete"} <= set(screen.query_one(Keys).words())
            await pilot.press("S")
            await settled(pilot)
            words = app.screen.query_one(Keys).words()
            assert {"Read", "Edit", "Delete", "Help", "Quit"} <= set(words), words
