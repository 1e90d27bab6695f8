"""Each key of the worksheet, driven headless with Pilot and checked on the file saved on disk."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.command import CommandList
from textual.widgets import Input, Static, TextArea

from factsheet.ui.screens.forms import ClaimForm, ConfirmScreen, QuoteForm
from factsheet.ui.screens.help import HelpScreen
from factsheet.ui.screens.source import SourceScreen
from factsheet.ui.screens.verdict import VerdictScreen
from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.quote_list import QuoteList

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
        area = app.screen.query_one("#rationale", TextArea)
        assert app.focused is area  # it opens where the reviewer writes
        await pilot.press("shift+tab", "2")  # the verdict line; its digit picks a level
        assert app.focused is area  # ... and back to the rationale, to say why
        area.clear()
        await pilot.press(*"Rewritten.")
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, VerdictScreen)
        claim = claim_on_disk(demo_sheet, FIRST)
        assert (claim["rating"], claim["rationale"]) == ("mostly-true", "Rewritten.")


async def test_a_verdict_form_does_not_save_over_a_verdict_set_while_it_was_open(
    demo_sheet: Path,
) -> None:
    """Another reviewer sets the verdict while the form is open: ctrl+s says so and saves
    nothing (theirs stays, in the form's log too); ctrl+s again saves this one over it."""
    from factsheet import Sheet

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("v")
        form = app.screen
        assert isinstance(form, VerdictScreen)
        await pilot.press(*" Mine.")
        with Sheet.open(demo_sheet, reviewer="bob") as other:
            other.set_verdict(first_id(other), "false", rationale="Bob's reasons.")
        screen.sheet.refresh()  # the app takes it in (it polls twice a second)
        await pilot.press("ctrl+s")
        assert app.screen is form  # not saved
        error = str(form.query_one("#form-error", Static).render())
        assert "meanwhile bob set this claim's verdict to False" in error
        assert "Bob's reasons." in error
        assert "bob: " in str(form.query_one("#verdict-log", Static).render())
        claim = claim_on_disk(demo_sheet, FIRST)
        assert (claim["rating"], claim["rationale"]) == ("false", "Bob's reasons.")
        await pilot.press("ctrl+s")  # the reviewer has seen theirs: saved over it
        assert app.screen is screen
        claim = claim_on_disk(demo_sheet, FIRST)
        assert claim["rationale"].endswith(" Mine.") and claim["rating"] != "false"


async def search_for(app, pilot, query: str) -> None:
    """Open the folder search (F), wait for its index, and type `query`."""
    from factsheet.ui.screens.search import SearchScreen

    await pilot.press("F")
    await settled(pilot)
    assert isinstance(app.screen, SearchScreen)
    await pilot.press(*query)


def first_id(sheet) -> str:
    """The id of the claim whose text starts with FIRST."""
    return next(c.id for c in sheet.claims() if c.text.startswith(FIRST))


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


async def test_space_jumps_to_the_next_unrated_claim(demo_sheet: Path) -> None:
    unrated = [c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "unrated"]
    async with worksheet(demo_sheet) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("space")
        assert claims.current_id == unrated[0]
        await pilot.press("space")
        assert claims.current_id == unrated[1]
        await pilot.press("1")
        await pilot.press("space")
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
        assert isinstance(app.focused, QuoteList)
        await pilot.press("a")
        assert isinstance(app.screen, QuoteForm)
        await pilot.press(*"Apple sold a phone", "ctrl+s")  # the claim's source: into the quote
        assert "not in the text" in str(app.screen.query_one("#form-error", Static).render())
        app.screen.query_one("#text", TextArea).text = "the drop in smartphone sales will not"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, QuoteForm)
        claim = claim_on_disk(demo_sheet, FIRST)
        quotes = [q for q in on_disk(demo_sheet)["quotes"].values() if q["claim"] == claim["id"]]
        assert len(quotes) == 6
        added = quotes[-1]
        assert added["anchor"]["status"] == "exact"
        table = screen.query_one(QuoteList)
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
        assert isinstance(app.focused, QuoteList)
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


async def test_help_lists_every_key_which_digit_is_which_verdict_and_the_marks(
    demo_sheet: Path,
) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        where = {(row[0].split(" (")[0], row[1]): row[2] for row in app.screen.rows}
        assert where["Claim list", "a"] == "Add a claim"
        assert where["Evidence", "a"] == "Add a quote: type or paste it"
        assert where["Worksheet", "u"] == "Undo your last change"
        assert where["Everywhere", "q"].startswith("Quit")
        verdicts = {row[1]: row[2] for row in app.screen.rows if row[0].startswith("Verdicts")}
        assert verdicts == {
            "1": "True",
            "2": "Mostly true",
            "3": "Mixed",
            "4": "Mostly false",
            "5": "False",
            "6": "Unproven",
            "0": "Unrated",
            "7 8 9": "not on this sheet's scale",
        }
        marks = {row[1]: row[2] for row in app.screen.rows if row[0] == "Marks"}
        assert set(marks) >= {"✓", "≈", "~", "✗", "!"}
        source_view = {row[1] for row in app.screen.rows if row[0].startswith("Source view")}
        assert {"shift+arrows", "a", "esc", "n", "p", "y"} <= source_view
        assert {"/", "n", "N", "space", "F"} <= {
            row[1] for row in app.screen.rows if row[0].startswith("Worksheet")
        }
        await pilot.press("escape")
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)


async def test_palette_runs_an_action_by_name(demo_sheet: Path) -> None:
    unrated = [c["id"] for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "unrated"]
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("ctrl+p")
        await pilot.press(*"next unrated")
        commands = app.screen.query_one(CommandList)
        await until(
            pilot,
            lambda: (
                commands.option_count
                and "next unrated" in str(commands.get_option_at_index(0).prompt)
            ),
        )
        assert "key space · keymap id next-unrated" in str(commands.get_option_at_index(0).prompt)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen)
        assert screen.query_one(ClaimList).current_id == unrated[0]


async def test_palette_sets_a_verdict_by_its_name_and_shows_every_actions_key(
    demo_sheet: Path,
) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        commands = list(app.get_system_commands(screen))
        titles = {command.title: command.help for command in commands}
        assert titles["Set verdict: False"] == "key 5"
        assert titles["Set verdict: Unrated"] == "key 0"
        assert titles["Add a claim"] == "key a · keymap id add-claim"
        assert titles["Add a quote: type or paste it"] == "key a · keymap id add-quote"
        ours = [c for c in commands if c.help.startswith("key ")]
        assert len(ours) > 20
        await pilot.press("ctrl+p", *"Set verdict: False")
        palette = app.screen.query_one(CommandList)
        await until(
            pilot,
            lambda: (
                palette.option_count
                and "Set verdict: False" in str(palette.get_option_at_index(0).prompt)
            ),
        )
        await pilot.press("enter")
        await until(pilot, lambda: claim_on_disk(demo_sheet, FIRST)["rating"] == "false")


async def test_q_quits(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("q")
        assert app.return_code == 0 and not app.is_running


async def test_a_read_only_sheet_says_so_lastingly_and_its_edit_keys_say_why(
    demo_sheet: Path,
) -> None:
    before = demo_sheet.read_bytes()
    async with worksheet(demo_sheet, size=(80, 24), writable=False) as (app, pilot, screen):
        header = str(screen.query_one("#counts", Static).render())
        assert header.startswith("READ-ONLY")
        footer = {a.binding.id for a in screen.active_bindings.values() if a.binding.show}
        assert footer.isdisjoint({"add-claim", "edit-claim", "delete-claim", "verdict-editor"})
        assert {"help", "quit", "export"} <= footer
        for key in ("5", "s", "d", "a", "u", "v", "tab", "a", "e"):
            app.clear_notifications()
            await pilot.press(key)
            assert app.screen is screen
            said = [n.message for n in app._notifications]
            if key != "tab":  # every other key says why it did nothing
                assert len(said) == 1 and "Read-only" in said[0], key
        await pilot.press("shift+tab", "5", "s", "d", "v")  # in a row: said once, not stacked
        assert len([n for n in app._notifications if "Read-only" in n.message]) == 1
        titles = {command.title for command in app.get_system_commands(screen)}
        assert "Add a claim" not in titles and "Set verdict: False" not in titles
        assert "Export: JSON to share, ClaimReview to publish, Markdown to read" in titles
    assert demo_sheet.read_bytes() == before


async def test_layout_stacks_under_100_columns(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        assert screen.has_class("-narrow")
        claims = screen.query_one("#claims-pane")
        evidence = screen.query_one("#evidence")
        verdict = screen.query_one("#verdict")
        assert claims.region.width == evidence.region.width == verdict.region.width == 80
        assert claims.region.bottom <= evidence.region.y < verdict.region.y
    async with worksheet(demo_sheet, size=(120, 40)) as (app, pilot, screen):
        assert not screen.has_class("-narrow")
        evidence = screen.query_one("#evidence")
        verdict = screen.query_one("#verdict")
        assert screen.query_one("#claims-pane").region.width == 120
        assert evidence.region.y == verdict.region.y and verdict.region.x > evidence.region.x


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
        # A title is shortened there, so that the line stays short.
        assert (
            "Also in: Xiaomi Doesn’t Profit From Its Smartphone Hardware And Doesn’t Seem Con…"
            in detail
        )


def test_also_in_names_a_few_sources_shortly_and_counts_the_rest() -> None:
    """Long titles (a real page's headline) are shortened in "Also in", so that at 80×24
    the line stays short and the count of the others is not pushed out of the pane."""
    from factsheet.model import Source
    from factsheet.ui.messages import ElsewhereFound
    from factsheet.ui.widgets.evidence import elsewhere_line

    headline = "Xiaomi says it will never make more than 5% net profit on hardware, ever"
    sources = {f"s-{n}": Source(f"s-{n}", f"{headline} ({n})", "x.txt") for n in range(5)}
    line = elsewhere_line(ElsewhereFound("q-1", list(sources)), sources)
    assert line == "Also in: " + "; ".join(["Xiaomi says it will nev…"] * 3) + " and 2 more"


async def test_F_searches_the_folder_with_typos_and_enter_jumps_to_the_quote(
    demo_sheet: Path,
) -> None:
    from factsheet.ui.screens.search import SearchScreen

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("j", "j", "F")
        await settled(pilot)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"lei jun internet")
        assert app.screen.hits[0].entry.text.startswith("According to Lei Jun")
        await pilot.press("enter")
        assert app.screen is screen
        quote = app.screen.query_one(QuoteList)
        assert app.focused is quote
        assert screen.sheet.quote(quote.current_id).text.startswith("According to Lei Jun")


async def test_F_lists_the_open_sheet_s_results_before_equal_ones_of_other_sheets(
    demo_sheet: Path,
) -> None:
    import shutil

    # A colleague's copy beside it, read first (its name sorts first), holds every text too.
    shutil.copy(demo_sheet, demo_sheet.with_name("a-colleague.json"))
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await search_for(app, pilot, "lei jun internet")
        sheets = [row.hit.entry.sheet for row in app.screen.rows]
        assert sheets[:2] == [demo_sheet.name, "a-colleague.json"], sheets


async def test_F_searches_the_open_sheet_while_the_folder_s_other_sheets_are_read(
    demo_sheet: Path, monkeypatch
) -> None:
    """A folder of large sheets takes a while to index: the open sheet is searchable first,
    the title says how many other sheets are read, and their results join when they are."""
    import threading

    from factsheet import Sheet
    from factsheet.search import kept
    from factsheet.ui.screens.search import SearchScreen

    colleague = demo_sheet.with_name("colleague.json")
    shutil.copy(demo_sheet, colleague)
    with Sheet.open(colleague) as sheet:
        sheet.add_claim("Xiaomi plans direct sales in the U.S. of Lei Jun's phones")
    held, reading = threading.Event(), threading.Event()
    read_kept = kept.kept_index

    def slow_read(path: Path, name: str) -> object:
        reading.set()
        assert held.wait(60)
        return read_kept(path, name)

    monkeypatch.setattr(kept, "kept_index", slow_read)
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("F")
        await until(pilot, reading.is_set)
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"lei jun")
        await until(pilot, lambda: bool(app.screen.hits))  # this sheet's, at once
        assert {hit.entry.sheet for hit in app.screen.hits} == {demo_sheet.name}
        title = str(app.screen.query_one("#title", Static).render())
        assert "reading other sheets: 0 of 1" in title
        this_sheet = len(app.screen.index)
        await pilot.press("escape", "F", *"lei jun")  # closed and opened while it reads
        await until(pilot, lambda: isinstance(app.screen, SearchScreen) and app.screen.hits)
        assert "reading other sheets" in str(app.screen.query_one("#title", Static).render())
        edited = screen.sheet.add_claim("Lei Jun's own edit while the folder is read")
        held.set()
        await until(pilot, lambda: "colleague.json" in {h.entry.sheet for h in app.screen.hits})
        assert any("direct sales" in hit.entry.text for hit in app.screen.hits)
        texts = {hit.entry.text for hit in app.screen.index.search("own edit while", limit=5)}
        assert edited.text in texts  # an edit made meanwhile is in the whole index
        title = str(app.screen.query_one("#title", Static).render())
        assert title == f"Search quotes, claims and rationales ({len(app.screen.index):,} texts)"
        assert len(app.screen.index) > this_sheet  # the count of all, not of this sheet


async def test_F_closed_while_the_folder_is_read_stops_reading_after_the_sheet_it_is_on(
    demo_sheet: Path, monkeypatch
) -> None:
    """Esc (or quitting) stops a first search build between two sheets, so that the app
    does not read a folder of large sheets no one waits for; F again reads them."""
    import threading

    from factsheet.search import kept

    for name in ("colleague-1.json", "colleague-2.json"):
        shutil.copy(demo_sheet, demo_sheet.with_name(name))
    held, read = threading.Event(), []
    read_kept = kept.kept_index

    def slow_read(path: Path, name: str) -> object:
        read.append(name)
        assert held.wait(60)
        return read_kept(path, name)

    monkeypatch.setattr(kept, "kept_index", slow_read)
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await pilot.press("F")
        await until(pilot, lambda: read == ["colleague-1.json"])
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        held.set()
        await until(pilot, lambda: screen.folder_index.read == (1, 2))
        await app.workers.wait_for_complete()
        assert read == ["colleague-1.json"] and not screen.folder_index.whole
        await pilot.press("F")
        await until(pilot, lambda: screen.folder_index.whole)
        assert read == ["colleague-1.json", "colleague-1.json", "colleague-2.json"]


async def test_F_lists_a_quote_recorded_twice_once_and_says_which_claim_others_are_for(
    demo_sheet: Path,
) -> None:
    """The same words twice: one row when they are the same quote (same claim, same source),
    counted; rows that say their claim when the words are cited for another claim."""
    from textual.widgets import OptionList

    from factsheet import Sheet

    with Sheet.open(demo_sheet) as sheet:
        quote = next(q for q in sheet.quotes() if "Lei Jun" in q.text)
        other = next(c for c in sheet.claims() if c.id != quote.claim)
        sheet.add_quote(quote.claim, quote.source, quote.text, prefix=quote.anchor["prefix"])
        sheet.add_quote(other.id, quote.source, quote.text, prefix=quote.anchor["prefix"])
        claim = sheet.claim(quote.claim)
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await search_for(app, pilot, "lei jun internet")
        results = app.screen.query_one(OptionList)
        shown = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        same = [line for line in shown if "internet play" in line]
        assert len(same) == 2, shown  # three records: the copy is counted, not listed
        ours = next(line for line in same if claim.text[:20] in line)
        theirs = next(line for line in same if other.text[:20] in line)
        assert " 2× " in ours and " 2× " not in theirs
        assert len(set(shown)) == len(shown)  # no two rows look the same


async def test_F_says_when_nothing_matches(demo_sheet: Path) -> None:
    from textual.widgets import OptionList

    from factsheet.ui.screens.search import SearchScreen

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await search_for(app, pilot, "qzxjvwpk")
        results = app.screen.query_one(OptionList)
        assert results.option_count == 1
        line = results.get_option_at_index(0)
        assert line.disabled and str(line.prompt) == "nothing matches “qzxjvwpk”"
        await pilot.press("enter")  # nothing to go to: the search stays open
        assert isinstance(app.screen, SearchScreen)


async def test_F_says_when_nothing_holds_the_words_as_typed(demo_sheet: Path) -> None:
    """Near misses are shown under a line that says they are near misses, and picking one
    with the keys goes to it."""
    from textual.widgets import OptionList

    from factsheet.ui.screens.search import SearchScreen

    async with worksheet(demo_sheet) as (app, pilot, screen):
        await search_for(app, pilot, "quadcopter drones")
        results = app.screen.query_one(OptionList)
        first = results.get_option_at_index(0)
        assert first.disabled
        assert "nothing holds “quadcopter drones” as typed" in str(first.prompt)
        second = app.screen.hits[1].entry
        await pilot.press("down", "down", "enter")  # the second result, past the line
        assert app.screen is screen
        assert screen.claim_list.current_id == second.claim_id
        if second.kind == "quote":
            assert screen.query_one(QuoteList).current_id == second.record_id
        await pilot.press("F")
        await settled(pilot)
        await pilot.press(*"Milliarden")
        search = app.screen
        assert isinstance(search, SearchScreen)
        results = search.query_one(OptionList)
        shown = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        near = shown.index("near matches (not as typed):")
        assert near > 0 and all("Milliarden" in line for line in shown[:near])


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
