"""Each key of the worksheet, driven headless with Pilot and checked on the file saved on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandList
from textual.widgets import Input, Static, TextArea

from factsheet import Sheet
from factsheet.ui.screens.forms import ClaimForm, ConfirmScreen, QuoteForm
from factsheet.ui.screens.help import HelpScreen
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.screens.verdict import VerdictScreen
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.evidence import QuoteTable

from .conftest import claim_on_disk, on_disk, settled, until, worksheet

FIRST = "Xiaomi makes no profit"
SECOND = "Xiaomi sells its handsets"


async def test_j_and_k_move_between_claims(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        ids = list(on_disk(demo_sheet)["claims"])
        assert claims.current_id == ids[0]
        await pilot.press("j", "j")
        assert claims.current_id == ids[2]
        await pilot.press("k")
        assert claims.current_id == ids[1]
        await pilot.press("down")
        assert claims.current_id == ids[2]


async def test_number_keys_set_the_verdict_and_log_it(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("j", "5")
        claim = claim_on_disk(demo_sheet, SECOND)
        assert claim["rating"] == "false"
        log = [c for c in on_disk(demo_sheet)["history"].values() if c["claim"] == claim["id"]]
        assert (log[-1]["rating_from"], log[-1]["rating_to"], log[-1]["by"]) == (
            "mostly-false",
            "false",
            "tester",
        )
        await pilot.press("0")
        assert claim_on_disk(demo_sheet, SECOND)["rating"] == "unrated"
        claims = screen.query_one(ClaimList)
        assert claims.row_cells(claims.cursor)[1] == "–"


async def test_verdict_editor_sets_rating_and_rationale(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("v")
        assert isinstance(app.screen, VerdictScreen)
        await pilot.press("2", "tab")
        area = app.screen.query_one("#rationale", TextArea)
        area.clear()
        await pilot.press(*"Rewritten.")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, VerdictScreen)
        claim = claim_on_disk(demo_sheet, FIRST)
        assert (claim["rating"], claim["rationale"]) == ("mostly-true", "Rewritten.")


async def test_verdict_editor_escape_changes_nothing(demo_sheet: Path) -> None:
    before = demo_sheet.read_bytes()
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("v", "1", "escape")
        assert not isinstance(app.screen, VerdictScreen)
    assert demo_sheet.read_bytes() == before


async def test_s_cycles_the_status(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("s")
        assert claim_on_disk(demo_sheet, FIRST)["status"] == "done"
        await pilot.press("s")
        assert claim_on_disk(demo_sheet, FIRST)["status"] == "new"


async def test_n_jumps_to_the_next_unrated_claim(demo_sheet: Path) -> None:
    unrated = [c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "unrated"]
    async with worksheet(demo_sheet) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("n")
        assert claims.current_id == unrated[0]
        await pilot.press("n")
        assert claims.current_id == unrated[1]
        await pilot.press("1")
        await pilot.press("n")
        assert claims.current_id == unrated[2]


async def test_a_adds_a_claim_and_the_form_reports_bad_input(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("a")
        assert isinstance(app.screen, ClaimForm)
        before = demo_sheet.read_bytes()
        await pilot.press("ctrl+s")
        error = app.screen.query_one("#form-error", Static)
        assert "claim text must not be empty" in str(error.render())
        assert demo_sheet.read_bytes() == before
        await pilot.press(*"Xiaomi sells phones at cost", "tab", *"Lei Jun", "enter")
        assert not isinstance(app.screen, ClaimForm)
        claim = claim_on_disk(demo_sheet, "Xiaomi sells phones at cost")
        assert claim["claimant"] == "Lei Jun"
        assert screen.query_one(ClaimList).current_id == claim["id"]


async def test_e_edits_the_claim(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("j", "e")
        assert isinstance(app.screen, ClaimForm)
        app.screen.query_one("#claimant", Input).value = "Lei Jun (CEO)"
        await pilot.press("ctrl+s")
        assert claim_on_disk(demo_sheet, SECOND)["claimant"] == "Lei Jun (CEO)"


async def test_d_deletes_after_confirmation_and_u_undoes(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert claim_on_disk(demo_sheet, FIRST)
        await pilot.press("d", "y")
        assert not [
            c for c in on_disk(demo_sheet)["claims"].values() if c["text"].startswith(FIRST)
        ]
        assert len(on_disk(demo_sheet)["quotes"]) == 30
        await pilot.press("u")
        assert claim_on_disk(demo_sheet, FIRST)
        assert len(on_disk(demo_sheet)["quotes"]) == 35
        assert screen.query_one(ClaimList).row_count == 14


async def test_quotes_are_added_edited_and_deleted_in_the_evidence_pane(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("tab")
        assert isinstance(app.focused, QuoteTable)
        await pilot.press("a")
        assert isinstance(app.screen, QuoteForm)
        await pilot.press("tab", *"Apple sold a phone", "ctrl+s")
        assert "not in the text" in str(app.screen.query_one("#form-error", Static).render())
        app.screen.query_one("#text", TextArea).text = "the drop in smartphone sales will not"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, QuoteForm)
        claim = claim_on_disk(demo_sheet, FIRST)
        quotes = [q for q in on_disk(demo_sheet)["quotes"].values() if q["claim"] == claim["id"]]
        assert len(quotes) == 6
        added = quotes[-1]
        assert added["anchor"]["status"] == "exact"
        table = screen.query_one(QuoteTable)
        assert table.current_id == added["id"]
        await pilot.press("e")
        app.screen.query_one("#note", Input).value = "A second executive"
        await pilot.press("ctrl+s")
        assert on_disk(demo_sheet)["quotes"][added["id"]]["note"] == "A second executive"
        await pilot.press("d", "y")
        assert added["id"] not in on_disk(demo_sheet)["quotes"]


async def test_enter_on_a_quote_opens_its_source_with_the_quote_selected(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("enter")
        assert isinstance(app.focused, QuoteTable)
        await pilot.press("j", "enter")
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        assert area.selected_text == (
            "We could sell 10 billion smartphones and we wouldn't make a single dime in profits"
        )
        assert "Xiaomi Doesn’t Profit" in str(
            app.screen.query_one("#source-title", Static).render()
        )
        await pilot.press("escape")
        assert app.screen is screen


async def test_slash_filters_the_claim_list_and_escape_clears_it(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("f", *"claimant:barra")
        assert claims.row_count == 1
        await pilot.press("enter")
        assert app.focused is claims
        await pilot.press("escape")
        assert claims.row_count == 14


async def test_o_sorts_the_list(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("o")
        claims = screen.query_one(ClaimList)
        verdicts = [claims.row_cells(n)[1] for n in range(claims.row_count)]
        assert verdicts[-1] == "–" and verdicts[0] != "–"
        assert "sorted by verdict" in str(screen.query_one("#counts", Static).render())


async def test_help_lists_every_described_key(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        keys = {row[1]: row[2] for row in app.screen.rows}
        where = {(row[0], row[1]): row[2] for row in app.screen.rows}
        assert where["Claim list", "a"] == "Add a claim"
        assert where["Evidence", "a"] == "Add a quote"
        assert keys["u"] == "Undo" and keys["q"] == "Quit"
        assert keys["1 2 3 4 5 6 7 8 9"].startswith("Rate")
        assert "/" in keys and "n" in keys
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_runs_an_action_by_name(demo_sheet: Path) -> None:
    unrated = [c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "unrated"]
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("ctrl+p")
        await pilot.press(*"Next unrated")
        commands = app.screen.query_one(CommandList)
        await until(
            pilot,
            lambda: (
                commands.option_count
                and "Next unrated" in str(commands.get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one(ClaimList).current_id == unrated[0]


async def test_q_quits(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("q")
        assert app.return_code == 0 and not app.is_running


async def test_a_sheet_open_elsewhere_is_read_only(demo_sheet: Path) -> None:
    before = demo_sheet.read_bytes()
    with Sheet.open(demo_sheet):
        async with worksheet(demo_sheet, writable=False) as (app, pilot, screen):
            await pilot.press("5", "s", "d", "a", "u")
            assert app.screen is screen
            assert "[read-only]" in str(screen.query_one("#counts", Static).render())
    assert demo_sheet.read_bytes() == before


async def test_layout_stacks_under_100_columns(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        assert screen.has_class("-narrow")
        claims = screen.query_one("#claims-pane")
        detail = screen.query_one("#detail-pane")
        assert claims.region.width == detail.region.width == 80
        assert detail.region.y >= claims.region.bottom
    async with worksheet(demo_sheet, size=(120, 40)) as (app, pilot, screen):
        assert not screen.has_class("-narrow")
        assert screen.query_one("#detail-pane").region.x > 0


async def test_a_failed_save_is_shown_and_quitting_asks_twice(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, background_saves=True) as (app, pilot, screen):
        shutil.rmtree(demo_sheet.parent)
        await pilot.press("1")
        await until(pilot, lambda: any("Could not save" in n.message for n in app._notifications))
        await pilot.press("q")
        assert app.is_running
        assert any("Press q again" in n.message for n in app._notifications)
        await pilot.press("q")
        assert not app.is_running
    assert app.close_error is not None


async def test_the_evidence_pane_says_where_else_a_quote_stands(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await settled(pilot)  # looked for on a worker
        detail = str(screen.query_one("#quote-detail", Static).render())
        assert "Also in: Xiaomi Doesn’t Profit From Its Smartphone Hardware" in detail


async def test_slash_searches_with_typos_and_enter_jumps_to_the_quote(demo_sheet: Path) -> None:
    from factsheet.ui.screens.search import SearchScreen

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("j", "j", "slash")
        await settled(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"lei jun internet")
        assert app.screen.hits[0].entry.text.startswith("According to Lei Jun")
        await pilot.press("enter")
        assert app.screen is screen
        quote = app.screen.query_one(QuoteTable)
        assert app.focused is quote
        assert screen.sheet.quote(quote.current_id).text.startswith("According to Lei Jun")


async def test_a_quote_is_made_by_selecting_text_in_the_source_view(demo_sheet: Path) -> None:
    from factsheet.ui.screens.forms import QuoteForm

    async with worksheet(demo_sheet) as (app, pilot, screen):
        claim = screen.claim_list.current_id
        await pilot.press("tab", "enter")  # the first quote's source, the quote selected
        assert isinstance(app.screen, SourceScreen)
        area = app.screen.query_one(TextArea)
        area.move_cursor((0, 0))
        await pilot.press(*["shift+right"] * 8)
        assert area.selected_text == "Chinese "
        await pilot.press("shift+end")
        await pilot.press("a")
        assert isinstance(app.screen, QuoteForm)
        selected = app.screen.query_one("#text", TextArea).text
        assert selected.startswith("Chinese electronics upstart Xiaomi")
        await pilot.press("ctrl+s")
        quotes = [q for q in on_disk(demo_sheet)["quotes"].values() if q["claim"] == claim]
        assert quotes[-1]["text"] == selected and quotes[-1]["anchor"]["status"] == "exact"
