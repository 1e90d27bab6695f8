"""From nothing to an exported fact-check, by keyboard at 80×24, as a new user finds it:
a new sheet from the picker, a source, a claim, words of the source made a quote, a
verdict with a rationale, an export. Each step is said on the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static, TextArea

from factsheet.ui.app import FactsheetApp
from factsheet.ui.screens.forms import ChoiceScreen, ClaimForm, QuoteForm, SourceForm
from factsheet.ui.screens.main import MainScreen
from factsheet.ui.screens.picker import NewSheetForm, file_name
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.screens.sources import SourcesScreen
from factsheet.ui.screens.verdict import VerdictScreen
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.quote_list import QuoteList

from .conftest import on_disk, shown_lines, until, worksheet

ARTICLE = (
    "The mayor said crime fell by a fifth in 2024.\nPolice figures show a fall of 12 percent.\n"
)


def footer_keys(screen) -> dict[str, str]:
    return {
        active.binding.key: active.binding.description
        for active in screen.active_bindings.values()
        if active.binding.show
    }


async def test_from_an_empty_folder_to_an_exported_fact_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("article.txt").write_text(ARTICLE, encoding="utf-8")
    app = FactsheetApp(choices=[], reviewer="tester", follow_changes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        # No sheet here: the app offers to make one.
        await until(pilot, lambda: isinstance(app.screen, NewSheetForm))
        await pilot.press(*"What the mayor said", "enter")
        assert app.screen.query_one("#file", Input).value == "what-the-mayor-said.json"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        main = app.screen
        lines = (main.claim_list.render_line(y).text for y in (1, 2))
        said = " ".join(" ".join(lines).split())  # as read: where lines wrap does not matter
        assert "Press a to add the claim" in said and "S lists the sources" in said
        assert {"a": "Add claim", "S": "Sources", "question_mark": "Help", "q": "Quit"}.items() <= (
            footer_keys(main).items()
        )

        # A source: S, a, the file.
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        assert "Press a to add a web page" in str(app.screen.query_one("#sources-hint").render())
        await pilot.press("a")
        assert isinstance(app.screen, SourceForm)
        await pilot.press(*"article.txt", "ctrl+s")
        await until(pilot, lambda: len(on_disk(Path("what-the-mayor-said.json"))["sources"]) == 1)
        await pilot.press("escape")
        assert app.screen is main

        # A claim: a, its text and claimant; the only source is where it appeared.
        await pilot.press("a")
        assert isinstance(app.screen, ClaimForm)
        await pilot.press(*"Crime fell by a fifth in 2024", "tab", *"The mayor", "ctrl+s")
        assert app.screen is main
        quotes = main.query_one(QuoteList)
        assert "tab to this pane, then r reads a source" in shown_lines(quotes)

        # Its source, words selected, made a quote.
        await pilot.press("tab")
        assert "No quotes yet: r reads a source" in shown_lines(quotes)
        assert footer_keys(main)["r"] == "Read source"
        await pilot.press("r")
        assert isinstance(app.screen, SourceScreen)
        await pilot.press("v")  # a text file has no page view: said, not silently ignored
        assert any("has one text" in n.message for n in app._notifications)
        area = app.screen.query_one(TextArea)
        area.move_cursor((1, 0))
        await pilot.press("shift+end")
        assert area.selected_text == "Police figures show a fall of 12 percent."
        await pilot.press("a")
        assert isinstance(app.screen, QuoteForm)
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        assert app.screen is main
        assert main.claim_list.row_cells(0)[3].strip() == "1"

        # A verdict with a rationale.
        await pilot.press("v")
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("shift+tab", "4", *"Police figures show 12 %, not 20 %.", "ctrl+s")
        assert app.screen is main

        # The export.
        await pilot.press("x")
        app.screen.query_one("#format").value = "markdown"
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is main
    sheet = on_disk(Path("what-the-mayor-said.json"))
    (claim,) = sheet["claims"].values()
    (quote,) = sheet["quotes"].values()
    assert (claim["rating"], claim["rationale"]) == (
        "mostly-false",
        "Police figures show 12 %, not 20 %.",
    )
    assert quote["text"] == "Police figures show a fall of 12 percent."
    assert quote["anchor"]["status"] == "exact"
    report = Path("what-the-mayor-said.md").read_text(encoding="utf-8")
    assert "Crime fell by a fifth in 2024" in report and "Mostly false" in report


async def test_a_source_read_from_the_sources_list_quotes_for_the_current_claim(
    sheet_file: Path, run
) -> None:
    claim = run("claim", "add", sheet_file, "Xiaomi makes nothing on hardware").output.strip()
    async with worksheet(sheet_file, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("S")
        hint = str(app.screen.query_one("#sources-hint").render())
        assert "press a to quote them for: Xiaomi makes nothing on hardware" in hint
        await pilot.press("enter")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        area.move_cursor((0, 0))
        await pilot.press("shift+end", "a")
        assert isinstance(app.screen, QuoteForm)
        await pilot.press("ctrl+s")
        await pilot.press("escape", "escape")
        assert app.screen is screen
        assert screen.claim_list.row_cells(0)[3].strip() == "1"
    (quote,) = on_disk(sheet_file)["quotes"].values()
    assert quote["claim"] == claim


async def test_the_sources_list_without_a_claim_says_how_to_quote_for_one(
    sheet_file: Path,
) -> None:
    async with worksheet(sheet_file, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        hint = app.screen.query_one("#sources-hint", Static)
        said = " ".join(hint.render_line(y).text.strip() for y in range(hint.size.height))
        assert said == (
            "enter reads a source. esc: back to the worksheet, where a adds the claim you "
            "are checking; then tab, r reads a source to quote it."
        )
        assert hint.region.bottom <= app.screen.query_one(Keys).region.y


async def test_r_offers_a_choice_when_the_claim_names_no_source(sheet_file: Path, run) -> None:
    second = sheet_file.parent / "second.txt"
    second.write_text("A second article.\n", encoding="utf-8")
    run("source", "add", sheet_file, "--file", second, "--title", "Second")
    run("claim", "add", sheet_file, "A claim")
    async with worksheet(sheet_file, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "r")
        assert isinstance(app.screen, ChoiceScreen)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, SourceScreen)
        assert "A second article." in app.screen.query_one(TextArea).text


async def test_the_empty_evidence_hint_is_true_from_either_pane(sheet_file: Path, run) -> None:
    run("claim", "add", sheet_file, "A claim")
    async with worksheet(sheet_file, size=(80, 24)) as (app, pilot, screen):
        quotes = screen.query_one(QuoteList)
        assert "tab to this pane, then r reads a source" in shown_lines(quotes)
        await pilot.press("tab")
        assert "No quotes yet: r reads a source" in shown_lines(quotes)
        await pilot.press("a")  # "a types or pastes a quote": it does, here
        assert isinstance(app.screen, QuoteForm)


async def test_a_new_sheet_is_not_made_over_an_existing_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_sheet: Path
) -> None:
    monkeypatch.chdir(demo_sheet.parent)
    before = demo_sheet.read_bytes()
    app = FactsheetApp(choices=[Path("xiaomi.json")], reviewer="tester", follow_changes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        assert isinstance(app.screen, NewSheetForm)
        await pilot.press(*"Xiaomi", "tab")
        app.screen.query_one("#file", Input).value = "xiaomi.json"
        await pilot.press("ctrl+s")
        assert "already exists" in str(app.screen.query_one("#form-error").render())
    assert demo_sheet.read_bytes() == before


def test_new_sheet_file_names() -> None:
    assert file_name("What the mayor said") == "what-the-mayor-said.json"
    assert file_name("Bürgermeister: Kriminalität −20 %") == "burgermeister-kriminalitat-20.json"
    assert file_name("市长") == "sheet.json"


async def test_escape_on_the_new_sheet_form_of_an_empty_folder_leaves_the_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = FactsheetApp(choices=[], reviewer="tester", follow_changes=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, NewSheetForm))
        await pilot.press("escape")
        await until(pilot, lambda: not app.is_running)
    assert not list(tmp_path.iterdir())


async def test_the_claim_list_says_what_to_do_on_a_new_sheet(tmp_path: Path, run) -> None:
    path = tmp_path / "n.json"
    run("new", path, "--title", "N")
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        assert claims.row_count == 0
        assert "No claims yet. Press a to add the claim" in claims.render_line(1).text


async def test_a_in_the_source_view_without_a_claim_says_to_add_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from factsheet import Sheet

    monkeypatch.chdir(tmp_path)
    Path("article.txt").write_text(ARTICLE, encoding="utf-8")
    with Sheet.create(tmp_path / "s.json", title="S") as sheet:
        sheet.add_source_file(tmp_path / "article.txt")
    async with worksheet(tmp_path / "s.json", size=(80, 24)) as (app, pilot, main):
        await pilot.press("S", "enter")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        area.move_cursor((1, 0))
        await pilot.press("shift+end", "a")
        assert isinstance(app.screen, SourceScreen)  # no form: there is no claim
        assert any("Add a claim first" in n.message for n in app._notifications)
        words = app.screen.query_one(Keys).words()
        assert "Quote selection" not in words and "Back" in words, words


async def test_the_source_view_of_a_read_only_sheet_offers_no_quoting(demo_sheet: Path) -> None:
    """Read-only, the source view's footer offers no `a` (the main screen offers no
    editing keys either); pressing it says why."""
    async with worksheet(demo_sheet, writable=False) as (app, pilot, main):
        await pilot.press("tab", "enter")  # the first quote, in its source
        assert isinstance(app.screen, SourceScreen)
        assert "Quote selection" not in app.screen.query_one(Keys).words()
        await pilot.press("a")
        assert any("read-only" in n.message for n in app._notifications)
    async with worksheet(demo_sheet) as (app, pilot, main):
        await pilot.press("tab", "enter")
        assert "Quote selection" in app.screen.query_one(Keys).words()
