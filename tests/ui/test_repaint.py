"""Little to send per key: a cursor move repaints the two rows whose highlight changed
(what then goes to the terminal is only the cells that changed: test_screendiff)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DEMO_SHEET
from textual.geometry import Region
from textual.widgets import Input, Static, TextArea

from factsheet.ui.widgets.claim_list import ClaimList
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.header import SheetHeader

from .conftest import count_layouts, settled, worksheet


async def test_a_cursor_move_repaints_two_rows_of_the_list(tmp_path: Path) -> None:
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.pause()
        calls: list[tuple[Region, ...]] = []
        original = claims.refresh

        def counting(*regions: Region, **options: object) -> object:
            calls.append(regions)
            return original(*regions, **options)

        claims.refresh = counting  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert calls and all(len(regions) == 1 for regions in calls), calls  # no whole list
        assert sorted(region.y for (region,) in calls) == [1, 2]  # rows 1 and 2 (0: header)


async def test_the_panes_follow_the_cursor_in_the_frame_that_moves_it() -> None:
    """A cursor move and the panes that show the claim are one repaint: the evidence and
    verdict panes hold the new claim as soon as the cursor has moved, before any message
    is handled (a frame in between would send the row and the panes separately)."""
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await settled(pilot)
        for move in (claims.action_cursor_down, claims.action_cursor_down, claims.action_last):
            move()  # no await: nothing else runs in between
            assert screen.evidence.claim is not None
            assert screen.evidence.claim.id == claims.current_id
            verdict = str(screen.query_one("#verdict-summary", Static).render())
            assert screen.evidence.claim.text in verdict


async def test_a_verdict_shows_in_its_row_the_counts_and_the_verdict_pane_in_one_frame(
    tmp_path: Path,
) -> None:
    """A digit changes the claim's row, the header's counts and the verdict pane: all in
    the frame the key is handled in (not the row first and the rest a message later)."""
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    async with worksheet(path) as (app, pilot, screen):
        await settled(pilot)
        header = screen.query_one(SheetHeader)
        summary = screen.query_one("#verdict-summary", Static)
        claims = screen.query_one(ClaimList)
        for digit, label in ((1, "True"), (5, "False"), (1, "True")):
            counts = str(header.render())
            screen.action_rate(digit)  # no await: nothing else runs in between
            assert f" {label} " in str(summary.render())
            assert str(header.render()) != counts
            assert label in claims.row_cells(claims.cursor)[1]


async def test_a_verdict_or_a_status_lays_nothing_out(tmp_path: Path) -> None:
    """New counts in the header keep its height: the screen is not laid out (every pane
    drawn again) for a key that changes one claim, the first change included (it lights
    Undo in the footer)."""
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    async with worksheet(path, size=(160, 40)) as (app, pilot, screen):  # counts: one line
        await settled(pilot)
        header = screen.query_one(SheetHeader)
        layouts = count_layouts(screen)
        await pilot.press("3")
        await settled(pilot)

        def counts() -> str:
            return header.render_line(0).text + header.render_line(1).text

        status: str | None = None
        for key in ("4", "j", "2", "s", "s"):
            if key == "s" and status is None:
                status = screen.current_claim().status  # type: ignore[union-attr]
            before = counts()
            await pilot.press(key)
            await settled(pilot)
            if key.isdigit():
                assert counts() != before  # the counts did change
        assert layouts == []
        assert screen.current_claim().status != status  # type: ignore[union-attr]


async def test_the_first_edit_lights_undo_in_the_frame_of_its_key(tmp_path: Path) -> None:
    """Undo is dim until there is something to undo; the first verdict lights it in the
    footer at once (in the frame of the key, not a frame later)."""
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    async with worksheet(path) as (app, pilot, screen):
        await settled(pilot)

        footer = screen.query_one(Keys)

        def undo_lit() -> bool:
            return next(key.enabled for key in footer.keys if key.action == "undo")

        assert not undo_lit()
        screen.action_rate(3)  # no await: nothing else runs in between
        assert undo_lit()
        await settled(pilot)
        assert undo_lit()
        await pilot.press("u")
        await settled(pilot)
        assert not undo_lit()  # nothing left to undo
        app.clear_notifications()
        await pilot.press("u")  # dim, but it says why it does nothing
        said = [n.message for n in app._notifications]
        assert len(said) == 1 and said[0].startswith("Nothing to undo"), said


async def test_a_filter_that_empties_the_list_keeps_its_width() -> None:
    """The claim list keeps its scrollbar whether the filter leaves many claims, a few or
    none: the columns stay where they are, and nothing is laid out again a frame later."""
    async with worksheet(DEMO_SHEET, writable=False, size=(80, 16)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("f")
        await settled(pilot)
        width = claims.scrollable_content_region.width
        assert claims.row_count > claims.size.height  # the demo needs scrolling here
        await pilot.press(*"zzzz")
        await settled(pilot)
        assert claims.row_count == 0
        assert claims.scrollable_content_region.width == width
        await pilot.press(*["backspace"] * 4)
        await settled(pilot)
        assert claims.row_count == 14
        assert claims.scrollable_content_region.width == width


async def test_a_letter_typed_in_the_filter_lists_what_it_matches_in_the_frame_of_its_key() -> None:
    """The filter's list follows the text as it changes, before anything else runs: the
    frame that shows the letter shows its list (a message handled later would send the
    letter first and the list a tick of the screen's timer after)."""
    async with worksheet(DEMO_SHEET, writable=False) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await pilot.press("f")
        await settled(pilot)
        box = screen.query_one("#filter", Input)
        assert claims.row_count == 14
        box.insert_text_at_cursor("zzzz")  # no await: nothing else runs in between
        assert claims.row_count == 0
        box.value = ""
        assert claims.row_count == 14
        box.insert_text_at_cursor("is:unrated")
        listed = [claims.claims[n] for n in range(claims.row_count)]
        assert listed and all(claim.rating == "unrated" for claim in listed)
        assert claims.row_count < 14


async def test_a_new_claim_is_highlighted_at_the_end_or_in_its_sorted_place(
    tmp_path: Path,
) -> None:
    """A claim saved from the form is highlighted in the list at once: at the end of a
    list in sheet order (the rows before it as they were), in its place in a sorted list,
    and with the filter cleared when one hid it."""
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    async with worksheet(path) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await settled(pilot)
        before = [claims.row_cells(n) for n in range(claims.row_count)]
        await pilot.press("a", *"Aardvarks make the phones", "ctrl+s")
        await settled(pilot)
        assert claims.row_count == len(before) + 1
        assert claims.cursor == len(before)
        assert claims.row_cells(claims.cursor)[-1] == "Aardvarks make the phones"
        assert [claims.row_cells(n) for n in range(len(before))] == before
        assert screen.evidence.claim is not None
        assert screen.evidence.claim.id == claims.current_id
        assert "Aardvarks make the phones" in str(
            screen.query_one("#verdict-summary", Static).render()
        )
        await pilot.press("o")  # sorted by status: a new claim is not last
        await settled(pilot)
        assert claims.sorted_by is not None
        await pilot.press("a", *"Zebras assemble the phones", "ctrl+s")
        await settled(pilot)
        cells = claims.row_cells(claims.cursor)
        assert cells[-1] == "Zebras assemble the phones"
        assert claims.row_count == len(before) + 2
        await pilot.press("f", *"zebras", "enter")  # a filter that lists the new claim stays
        await settled(pilot)
        await pilot.press("a", *"Zebras paint the phones", "ctrl+s")
        await settled(pilot)
        assert claims.row_count == 2
        assert claims.row_cells(claims.cursor)[-1] == "Zebras paint the phones"
        assert screen.claims.claim_filter
        await pilot.press("f", "ctrl+u", *"xyzzy", "enter")  # a filter that hides every claim
        await settled(pilot)
        assert claims.row_count == 0
        app.clear_notifications()
        await pilot.press("a", *"Wombats ship the phones", "ctrl+s")
        await settled(pilot)
        assert claims.row_count == len(before) + 4  # the filter cleared, and it says so
        assert any("filter is cleared" in str(n.message) for n in app._notifications)
        assert claims.row_cells(claims.cursor)[-1] == "Wombats ship the phones"


async def test_text_fields_keep_a_steady_cursor(demo_sheet: Path) -> None:
    """No field blinks its cursor: a blink is a frame sent twice a second while nobody
    types, and a key just after it waits for the screen's next tick."""
    async with worksheet(demo_sheet) as (app, pilot, screen):
        await settled(pilot)
        for keys in (("f",), ("escape", "a"), ("escape", "v"), ("escape", "S", "enter")):
            await pilot.press(*keys)
            await settled(pilot)
            field = app.focused
            assert isinstance(field, Input | TextArea), (keys, field)
            assert field.cursor_blink is False, (keys, field)


async def test_rows_drawn_again_show_their_claims_as_they_are_now(tmp_path: Path) -> None:
    """The list keeps its drawn lines for drawing again (a scroll draws one new line), but
    never one that is out of date: a verdict, another width, a sort, new rows."""
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    async with worksheet(path, size=(120, 40)) as (app, pilot, screen):
        claims = screen.query_one(ClaimList)
        await settled(pilot)

        def line(row: int) -> str:
            return claims.render_line(row + 1 - claims.scroll_offset.y).text

        def shows_its_claims() -> None:
            for n in range(min(claims.row_count, 10)):
                assert claims.row_cells(n)[-1][:12] in line(n), (n, line(n))
                assert len(line(n)) == claims.scrollable_content_region.width

        labels = {rating.key: rating.label for rating in app.sheet.ratings()}
        for digit in (3, 4, 3):
            await pilot.press(str(digit))  # on row 0, the cursor's row
            await pilot.press("j")  # row 0 drawn as a plain row (and kept)
            await settled(pilot)
            label = labels[app.sheet.claim(claims.claims[0].id).rating]
            assert label in line(0), (digit, line(0))
            await pilot.press("k")
            await settled(pilot)
        shows_its_claims()
        await pilot.resize_terminal(90, 40)
        await settled(pilot)
        shows_its_claims()
        await pilot.press("o")  # sorted: other claims in the rows
        await settled(pilot)
        shows_its_claims()


def test_frames_go_whole_after_a_resize_but_not_from_the_start() -> None:
    """The first size is no resize: from the start a frame sends only what changed; after
    the terminal's size changes, frames are sent whole for a moment."""
    from types import SimpleNamespace

    from factsheet.ui.repaint import diff_output

    sent: list[str] = []
    app = SimpleNamespace(size=(20, 4), _driver=SimpleNamespace(write=sent.append))
    assert diff_output(app) is not None
    frame = "\x1b[1;1Hhello world\x1b[2;1Hsecond row"
    app._driver.write(frame)
    app._driver.write(frame)  # the same again: nothing changed, nothing to show
    assert "hello" in sent[0] and "hello" not in sent[1] and "second" not in sent[1]
    app.size = (30, 4)
    app._driver.write(frame)
    app._driver.write(frame)
    assert "hello" in sent[2] and "hello" in sent[3]  # whole, while the size settles
