"""Triage in the worksheet: filters that match what the list shows, sorting by the scale,
finding text with / n N, stepping to unrated claims, and conflicts kept in view."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from factsheet import Sheet
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.find import FindBar
from factsheet.ui.widgets.quote_list import QuoteList

from .conftest import claim_on_disk, keys_handled, on_disk, worksheet


def shown(screen) -> str:
    return str(screen.query_one("#counts", Static).render())


def list_text(claims: ClaimList) -> str:
    return " ".join(strip.text for strip in (claims.render_line(y) for y in range(5)))


async def test_filters_take_the_values_the_list_shows(demo_sheet: Path) -> None:
    in_review = [
        c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["status"] == "in-review"
    ]
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("f", *"status:review", "enter")
        assert [c.id for c in claims.claims] == in_review
        assert claims.row_cells(0)[0].strip() == "review"
        assert screen.query_one("#filter-line").display  # the filter stays in view
        assert f"{len(in_review)} of 14 shown" in shown(screen)
        await pilot.press("f")
        screen.query_one("#filter").value = 'verdict:"mostly false"'
        await pilot.pause()
        assert {c.rating for c in claims.claims} == {"mostly-false"} and claims.row_count == 2
        await pilot.press("escape")  # esc in the filter line: the list is focused ...
        await pilot.press("escape")  # ... and esc there clears the filter
        assert claims.row_count == 14
        assert not screen.query_one("#filter-line").display


async def test_an_unknown_filter_value_says_so_instead_of_an_empty_list(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("f", *"status:reviewed", "enter")
        assert claims.row_count == 0
        said = list_text(claims)
        assert "No claim matches: no status 'reviewed' (one of: new, review, done)" in said
        await pilot.press("f")
        screen.query_one("#filter").value = "verdict:mostly"
        await pilot.pause()
        assert "verdict:mostly could be Mostly true or Mostly false" in list_text(claims)


async def test_a_tag_no_claim_has_is_named_instead_of_an_empty_list(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("f", *"tag:zzz", "enter")
        assert claims.row_count == 0
        said = list_text(claims)
        assert "No claim has a tag beginning with “zzz”" in said
        await pilot.press("f")
        screen.query_one("#filter").value = "tag:zzz smartphones"  # two reasons: the tag named
        await pilot.pause()
        assert "No claim has a tag beginning with “zzz”" in list_text(claims)
        screen.query_one("#filter").value = "nosuchwordanywhere"
        await pilot.pause()
        assert "No claim matches the filter; esc clears it." in list_text(claims)


async def test_the_filter_opened_again_is_added_to_not_typed_over(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("f", *"status:rev", "enter")
        await pilot.press("f", *"iew")
        assert screen.query_one("#filter", Input).value == "status:review"


async def test_sorting_by_verdict_follows_the_scale_and_stays_shown(demo_sheet: Path) -> None:
    scale = ["True", "Mostly true", "Mixed", "Mostly false", "False", "Unproven", "–"]
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("o")
        verdicts = [claims.row_cells(n)[1].strip() for n in range(claims.row_count)]
        assert verdicts == sorted(verdicts, key=scale.index)
        assert "Verdict▾" in claims.render_line(0).text  # the sorted column, marked
        assert "sorted by verdict" in shown(screen)
        app.clear_notifications()
        await pilot.pause()
        assert "sorted by verdict" in shown(screen)  # not only in a toast
        await pilot.press("o")
        assert "Status▾" in claims.render_line(0).text and "sorted by status" in shown(screen)


async def test_slash_finds_in_the_list_and_n_N_step_through_the_matches(demo_sheet: Path) -> None:
    ids = list(on_disk(demo_sheet)["claims"])
    lei_jun = [
        c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["claimant"] == "Lei Jun"
    ]
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        bar = screen.query_one(FindBar)
        await pilot.press("slash", *"lei jun")
        assert claims.current_id == lei_jun[0]  # found while typing
        await pilot.press("enter")
        assert app.focused is claims and bar.display
        assert "1 of 2" in str(bar.query_one("#find-count", Static).render())
        await pilot.press("n")
        assert claims.current_id == lei_jun[1]
        assert "2 of 2 · n next · N previous" in str(bar.query_one("#find-count").render())
        await pilot.press("n")
        assert claims.current_id == lei_jun[0]  # wrapped around
        await pilot.press("N")
        assert claims.current_id == lei_jun[1]
        await pilot.press("escape")
        assert not bar.display
        await pilot.press("g", "slash", *"nothing like this")
        assert "not found" in str(bar.query_one("#find-count").render())
        assert claims.current_id == ids[0]
        await pilot.press("escape")
        await pilot.press("j", "j", "slash", *"mi band", "escape")  # esc: back to the start
        assert claims.current_id == ids[2] and not bar.display


async def test_n_without_a_search_says_how_to_start_one(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        here = screen.claim_list.current_id
        await pilot.press("n")
        assert screen.claim_list.current_id == here
        assert any("/ starts a search" in n.message for n in app._notifications)


async def test_slash_in_the_evidence_pane_finds_quotes(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "slash", *"milliarden", "enter")
        table = screen.query_one(QuoteList)
        assert app.focused is table
        assert "Milliarden" in screen.sheet.quote(table.current_id).text


async def test_digits_beyond_the_scale_say_so(demo_sheet: Path) -> None:
    before = demo_sheet.read_bytes()
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("7")
        said = [n.message for n in app._notifications]
        assert any("7: this sheet's scale has 6 levels, 1 to 6" in m for m in said)
        assert any("6 Unproven" in m for m in said)
    assert demo_sheet.read_bytes() == before


async def test_digits_on_a_custom_scale(tmp_path: Path, run) -> None:
    path = tmp_path / "c.json"
    run("new", path, "--title", "C", "--scale", "Correct,Misleading,Wrong")
    run("claim", "add", path, "A claim")
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("3")
        assert next(iter(on_disk(path)["claims"].values()))["rating"] == "wrong"
        await pilot.press("4")
        assert any("scale has 3 levels" in n.message for n in app._notifications)


async def test_a_conflict_is_marked_in_the_list_and_the_verdict_pane_until_settled(
    demo_sheet: Path,
) -> None:
    data = json.loads(demo_sheet.read_text(encoding="utf-8"))
    data["claims"]["2"]["conflict"] = "changed by two reviewers at once (rating)"
    demo_sheet.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = list(on_disk(demo_sheet)["claims"])[1]
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        assert claims.row_cells(1)[0].startswith("!")
        assert not claims.row_cells(0)[0].startswith("!")
        assert "1 conflict" in shown(screen)
        await pilot.press("f", *"is:conflict", "enter")
        assert [c.id for c in claims.claims] == [second]
        verdict = str(screen.query_one("#verdict-summary", Static).render())
        assert "Conflict: changed by two reviewers at once (rating)" in verdict
        await pilot.press("5")  # a verdict settles it
        assert on_disk(demo_sheet)["claims"][second]["conflict"] == ""
        assert not claims.row_cells(0)[0].startswith("!")
        assert "conflict" not in shown(screen)


async def test_space_steps_to_unrated_claims_from_the_evidence_pane_too(demo_sheet: Path) -> None:
    unrated = [c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "unrated"]
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "space")
        assert screen.claim_list.current_id == unrated[0]
        assert app.focused is screen.claim_list


async def test_a_merge_with_conflicts_leaves_them_marked(demo_sheet: Path, tmp_path: Path) -> None:
    from factsheet.exchange import json_format

    colleague = tmp_path / "colleague.json"
    with Sheet.open(demo_sheet, reviewer="colleague") as sheet:
        first = sheet.claims()[0]
        sheet.set_verdict(first.id, "false", rationale="the colleague's view")
        colleague.write_bytes(json_format.dumps(json_format.export_document(sheet)))
        sheet.undo()
    with Sheet.open(demo_sheet, reviewer="me") as sheet:
        sheet.set_verdict(first.id, "mixed", rationale="my view")
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("I")
        app.screen.query_one("#path").value = str(colleague)
        await pilot.press("ctrl+s")
        assert claim_on_disk(demo_sheet, first.text)["conflict"]
        app.clear_notifications()
        await pilot.pause()
        assert screen.claim_list.row_cells(0)[0].startswith("!")
        assert "1 conflict" in shown(screen)


async def test_A_assigns_a_claim_and_assignee_me_lists_mine(demo_sheet: Path) -> None:
    from factsheet.ui.screens.forms import ChoiceScreen

    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("j", "A")
        assert isinstance(app.screen, ChoiceScreen)
        assert app.screen.choices[0] == ("me (tester)", "tester")
        assert app.screen.choices[-1] == ("nobody", "")
        await pilot.press("enter")
        second = claims.current_id
        assert on_disk(demo_sheet)["claims"][second]["assignee"] == "tester"
        assert "assigned to tester" in str(screen.query_one("#verdict-summary", Static).render())
        log = list(on_disk(demo_sheet)["history"].values())
        assert log[-1]["event"] == "assign" and log[-1]["note"] == "to tester"
        await pilot.press("f", *"assignee:me", "enter")
        assert [c.id for c in claims.claims] == [second]
        await pilot.press("escape", "A")  # to nobody again
        await pilot.press("end", "enter")
        assert on_disk(demo_sheet)["claims"][second]["assignee"] is None


async def test_a_cross_check_and_an_assignment_are_shown_with_the_verdict(demo_sheet: Path) -> None:
    from factsheet.ui.screens.verdict import VerdictScreen

    with Sheet.open(demo_sheet, reviewer="bob") as sheet:
        claim = next(c for c in sheet.claims() if c.rating != "unrated")
        sheet.assign(claim.id, "ada")
        sheet.cross_check(claim.id, agree=False, note="the 2016 figures say otherwise")
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        while claims.current_id != claim.id:
            await pilot.press("j")
        await pilot.pause()
        shown = str(screen.query_one("#verdict-summary", Static).render())
        assert "assigned to ada" in shown and "cross-check: disputed by bob" in shown
        await pilot.press("v")
        assert isinstance(app.screen, VerdictScreen)
        log = str(app.screen._log_content())
        assert "bob: assign to ada" in log and "bob: crosscheck disputed:" in log
        assert "→" not in log.splitlines()[-1]


async def test_a_filter_typed_and_deleted_letter_by_letter_lists_what_it_matches(
    demo_sheet: Path,
) -> None:
    """Typed further, the filter looks only among the claims it listed; deleted, or after
    an edit, among all again: at every key the list is what the filter matches."""
    from factsheet.triage import ClaimFilter

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("f")
        for key in [*"smart", "backspace", "backspace", *"rtphone", "enter"]:
            await pilot.press(key)
            typed = ClaimFilter.parse(screen.query_one("#filter").value)
            expected = [c.id for c in app.sheet.claims() if typed.matches(c)]
            assert [c.id for c in screen.claims.visible_claims] == expected, key
        assert 0 < len(screen.claims.visible_claims) < len(app.sheet.claims())
        # A verdict that takes a claim out of "smartphone" (its words are unchanged, but
        # a narrower filter must still read the changed claims, not the old list).
        await pilot.press("1")
        await pilot.press("f", "space", *"verdict:unrated")
        typed = ClaimFilter.parse(screen.query_one("#filter").value)
        expected = [c.id for c in app.sheet.claims() if typed.matches(c)]
        assert [c.id for c in screen.claims.visible_claims] == expected


async def test_esc_out_of_a_filter_that_matched_nothing_comes_back_to_the_claim(
    demo_sheet: Path,
) -> None:
    """A filter that lists nothing leaves no claim highlighted: esc comes back to the
    claim the cursor was on before, not to the first."""
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("j", "j", "j")
        before = screen.claims.list.current_id
        await pilot.press("f", *"qqqxyzzy")
        assert screen.claims.visible_claims == []
        await pilot.press("escape")
        assert len(screen.claims.visible_claims) == len(app.sheet.claims())
        assert screen.claims.list.current_id == before != app.sheet.claims()[0].id


async def test_the_end_of_a_long_filter_stays_in_sight(demo_sheet: Path) -> None:
    """Typed past the width of the line, the filter shows its end (and the cursor)."""
    async with worksheet(demo_sheet) as (app, pilot, screen):
        typed = "abcdefghij0123456789" * 7 + "END"  # longer than the 120 columns
        await pilot.press("f", *typed)
        line = screen.query_one("#filter-line")
        row = app.screen._compositor.render_strips()[line.region.y].text
        assert row.startswith("Filter ") and row.rstrip().endswith("END"), row


async def test_keys_typed_together_into_a_box_take_effect_in_order(demo_sheet: Path) -> None:
    """Backspaces and letters that arrive together (fast typing, a burst over SSH) are
    applied in the order typed: Textual's Input applied the letters first."""
    from textual import events

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("f", *"qqqxyzzy")
        burst = ["backspace"] * 8 + list("Milliarden") + ["backspace", "left", "backspace"]
        since = app.key_turns.turn
        for key in burst:
            character = "\x7f" if key == "backspace" else (None if key == "left" else key)
            app.post_message(events.Key(key, character))
        await keys_handled(pilot, since, len(burst))
        assert screen.query_one("#filter").value == "Milliare"  # the d went, by left
        await pilot.press("escape", "F")  # the search box, and a form's field, alike
        burst = ["backspace"] * 3 + list("Xiaomi")
        since = app.key_turns.turn
        for key in burst:
            app.post_message(events.Key(key, "\x7f" if key == "backspace" else key))
        await keys_handled(pilot, since, len(burst))
        assert app.screen.query_one("#query").value == "Xiaomi"


async def test_keys_typed_together_into_a_quote_take_effect_in_order(demo_sheet: Path) -> None:
    """The same in a text area (a quote, a rationale): Textual's TextArea too applied the
    letters before the backspaces typed before them."""
    from textual import events
    from textual.widgets import TextArea

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("tab", "a")
        area = app.screen.query_one("#text", TextArea)
        area.focus()
        await pilot.pause()
        burst = [*"abcdef", "backspace", "backspace", "backspace", *"xyz"]
        since = app.key_turns.turn
        for key in burst:
            app.post_message(events.Key(key, "\x7f" if key == "backspace" else key))
        await keys_handled(pilot, since, len(burst))
        assert area.text == "abcxyz"


def typed_together(app, *keys: str) -> None:
    """Post keys as a terminal read in one go delivers them (a burst over SSH): all queued
    before the first is handled."""
    from textual import events

    names = {"escape": "\x1b", "tab": "\t", "space": " "}
    for key in keys:
        app.post_message(events.Key(key, names.get(key, key)))


@pytest.mark.parametrize("busy", [False, True], ids=["", "slow-machine"])
async def test_keys_typed_together_go_where_the_key_before_them_sent_the_focus(
    demo_sheet: Path, busy: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`f` then a filter typed quickly filters (the letters went to the claim list: `x`
    opened Export); esc then `F` and a query searches; `a` then a claim and tab fills the
    form. Textual handed each key to the widget focused when it was read.

    On a slow machine a key takes longer than any fixed wait: looked at every
    millisecond (as if every key were slow), the keys after it still wait for it (they
    went on after half a second, into the wrong widget, on a busy CI machine)."""
    from textual.widgets import Input

    from factsheet.ui import keyturns

    if busy:
        monkeypatch.setattr(keyturns, "LOST", 0.001)

    from factsheet.ui.screens.forms import ClaimForm
    from factsheet.ui.screens.search import SearchScreen

    from .conftest import until

    async with worksheet(demo_sheet) as (app, pilot, screen):
        typed_together(app, "f", *"xiaomi")
        box = screen.query_one("#filter", Input)
        await until(pilot, lambda: box.value == "xiaomi" or app.screen is not screen)
        assert app.screen is screen and box.value == "xiaomi"
        typed_together(app, "escape", "F", *"lei jun")
        await until(
            pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.query("#query")
        )
        query = app.screen.query_one("#query", Input)
        await until(pilot, lambda: query.value == "lei jun" or box.value)
        assert query.value == "lei jun"
        assert box.value == ""  # nothing typed into the filter esc closed
        typed_together(app, "escape", "a", *"New claim", "tab", *"Someone")
        await until(
            pilot, lambda: isinstance(app.screen, ClaimForm) and app.screen.query("#claimant")
        )
        form = app.screen
        claimant = form.query_one("#claimant", Input)
        await until(pilot, lambda: claimant.value == "Someone")
        assert form.query_one("#text", Input).value == "New claim"


async def test_the_footer_offers_esc_while_a_filter_or_a_find_is_there_to_clear(
    demo_sheet: Path,
) -> None:
    from factsheet.ui.widgets.footer import Keys

    from .conftest import settled

    async with worksheet(demo_sheet) as (app, pilot, screen):
        footer = screen.query_one(Keys)
        await settled(pilot)
        assert "Clear" not in footer.words()
        await pilot.press("f", *"xiaomi", "enter")  # the filter in force, the list focused
        await settled(pilot)
        assert "Clear" in footer.words()
        await pilot.press("escape")
        await settled(pilot)
        assert "Clear" not in footer.words()
        await pilot.press("slash", *"lei", "enter")
        await settled(pilot)
        assert "Clear" in footer.words()
        await pilot.press("escape")
        await settled(pilot)
        assert "Clear" not in footer.words()
