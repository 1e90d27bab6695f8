"""Forms at 80×24: they fit with their heading, first field and keys in view, the footer
shows their keys, esc after typing asks; the verdict editor; export's file names."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select, Static, TextArea

from factsheet import Sheet
from factsheet.ui.screens.forms import ConfirmScreen, FormScreen
from factsheet.ui.screens.verdict import RatingPicker, VerdictScreen
from factsheet.ui.widgets.footer import Keys

from .conftest import claim_on_disk, on_disk, until, worksheet

FIRST = "Xiaomi makes no profit"

FORMS = {
    "claim": ("a",),
    "claim edit": ("e",),
    "quote": ("tab", "a"),
    "quote edit": ("tab", "e"),
    "verdict": ("v",),
    "source": ("S", "a"),
    "export": ("x",),
    "merge": ("I",),
}


@pytest.mark.parametrize("keys", FORMS.values(), ids=FORMS.keys())
async def test_every_form_fits_80x24_with_its_heading_first_field_and_keys_in_view(
    demo_sheet: Path, keys: tuple[str, ...]
) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press(*keys)
        form = app.screen
        assert isinstance(form, FormScreen)
        await pilot.pause()
        title = form.query_one(".form-title", Static)
        fields = form.query_one(".form-fields")
        first_label = form.query(Label).first()
        hint = form.query_one(".form-help", Static)
        assert title.region.y >= 0 and title.region.height >= 1
        assert fields.scroll_y == 0
        assert fields.region.y <= first_label.region.y < fields.region.bottom
        assert hint.region.y >= fields.region.bottom and hint.region.bottom <= 23
        assert "esc cancel" in str(hint.render())
        footer = form.query_one(Keys)
        assert footer.region.y == 23
        keys_shown = {a.binding.id for a in form.active_bindings.values() if a.binding.show}
        assert {"form-save", "form-cancel"} <= keys_shown


async def test_esc_after_typing_asks_before_throwing_it_away(demo_sheet: Path) -> None:
    before = demo_sheet.read_bytes()
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("a", *"Half a claim", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing: everything typed is still there
        assert app.screen.query_one("#text", Input).value == "Half a claim"
        await pilot.press("escape", "y")
        assert app.screen is screen
        await pilot.press("a", "escape")  # nothing typed: esc just closes
        assert app.screen is screen
    assert demo_sheet.read_bytes() == before


async def test_a_long_claim_being_edited_shows_its_first_words(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        claim = claim_on_disk(demo_sheet, FIRST)
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#text", Input)
        assert app.focused is field and field.value == claim["text"]
        assert len(claim["text"]) > field.content_region.width  # longer than the field
        shown = field.render_line(0).text
        assert claim["text"][:20] in shown  # its start, not its end
        await pilot.press("end", *" (sic)", "ctrl+s")  # typed at its end, as before
        assert claim_on_disk(demo_sheet, FIRST)["text"] == claim["text"] + " (sic)"


async def test_the_verdict_editor_opens_in_the_rationale_with_the_cursor_at_its_end(
    demo_sheet: Path,
) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("v")
        area = app.screen.query_one("#rationale", TextArea)
        assert app.focused is area
        assert area.cursor_location == area.document.end
        await pilot.press(*" Also 005.", "ctrl+s")
        claim = claim_on_disk(demo_sheet, FIRST)
        assert claim["rationale"].endswith("three sources, one origin. Also 005.")
        assert claim["rating"] == "unproven"


async def test_arrow_keys_in_the_verdict_editor_never_change_the_verdict(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("v", "up", "up", "down", "home", "end", "pageup")
        await pilot.press("shift+tab")
        picker = app.screen.query_one(RatingPicker)
        assert app.focused is picker
        await pilot.press("up", "down", "left", "right", "enter", "pagedown")
        assert picker.chosen == "unproven"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, VerdictScreen)
        claim = claim_on_disk(demo_sheet, FIRST)
        assert claim["rating"] == "unproven"
        log = [c for c in on_disk(demo_sheet)["history"].values() if c["claim"] == claim["id"]]
        assert len(log) == 1  # nothing changed, nothing logged


async def test_typing_on_after_the_digit_goes_into_the_rationale(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("v")
        app.screen.query_one("#rationale", TextArea).clear()
        await pilot.press("shift+tab", "4", *"Wrong.", "ctrl+s")
        claim = claim_on_disk(demo_sheet, FIRST)
        assert (claim["rating"], claim["rationale"]) == ("mostly-false", "Wrong.")


async def test_a_picked_verdict_is_shown_against_the_one_before(demo_sheet: Path) -> None:
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("v", "shift+tab", "4")
        picker = app.screen.query_one(RatingPicker)
        assert picker.chosen == "mostly-false"
        assert "(was Unproven)" in str(picker.render())
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)  # a changed verdict asks too
        await pilot.press("y")
        assert claim_on_disk(demo_sheet, FIRST)["rating"] == "unproven"


async def test_export_names_the_file_by_its_format_in_the_current_folder(
    demo_sheet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("x")
        path = app.screen.query_one("#path", Input)
        assert path.value == "xiaomi.export.json"
        assert str(work) in str(app.screen.query(Label)[1].render())
        app.screen.query_one("#format", Select).value = "markdown"
        await pilot.pause()
        assert path.value == "xiaomi.md"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen)
    assert (work / "xiaomi.md").read_text(encoding="utf-8").startswith("# Xiaomi")
    assert not list(demo_sheet.parent.glob("*.md"))  # nothing beside the sheet


async def test_export_never_writes_over_the_sheet_and_asks_before_replacing_a_file(
    demo_sheet: Path, tmp_path: Path
) -> None:
    before = demo_sheet.read_bytes()
    existing = tmp_path / "old.json"
    existing.write_text("keep me", encoding="utf-8")
    other = tmp_path / "other.json"
    Sheet.create(other, title="Other").close()
    kept = other.read_bytes()
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("x")
        form = app.screen
        form.query_one("#path", Input).value = str(demo_sheet)
        await pilot.press("ctrl+s")
        assert "is the sheet itself" in str(form.query_one("#form-error").render())
        form.query_one("#path", Input).value = str(other)  # refused, not offered to replace
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "is a factsheet sheet" in str(form.query_one("#form-error").render())
        form.query_one("#path", Input).value = str(existing)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen is form and existing.read_text(encoding="utf-8") == "keep me"
        await pilot.press("ctrl+s", "y")
        assert app.screen is screen
    assert existing.read_text(encoding="utf-8").startswith("{")
    assert demo_sheet.read_bytes() == before and other.read_bytes() == kept


async def test_the_quote_form_takes_typing_in_the_quote_and_asks_before_esc_drops_it(
    demo_sheet: Path,
) -> None:
    from textual.widgets import TextArea

    from factsheet.ui.screens.forms import ConfirmScreen, QuoteForm

    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("tab", "a")
        assert isinstance(app.screen, QuoteForm)
        await pilot.press(*"We could sell")  # the claim's source is chosen: words go in
        assert app.screen.query_one("#text", TextArea).text == "We could sell"
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)  # typed words are not dropped unasked
        await pilot.press("n")
        assert isinstance(app.screen, QuoteForm)
        assert app.screen.query_one("#text", TextArea).text == "We could sell"


async def test_words_typed_while_the_source_choice_has_focus_go_into_the_quote(
    demo_sheet: Path,
) -> None:
    from factsheet.ui.screens.forms import QuoteForm

    with Sheet.open(demo_sheet, reviewer="tester") as sheet:
        sheet.add_claim("Xiaomi sold a million bands.")  # no source it appeared in
    async with worksheet(demo_sheet, size=(80, 24)) as (app, pilot, screen):
        await pilot.press("G", "tab", "a")
        assert isinstance(app.screen, QuoteForm)
        assert isinstance(app.focused, Select)  # several sources: which one comes first
        await pilot.press(*"Xiaomi sold")
        assert app.screen.query_one("#text", TextArea).text == "Xiaomi sold"
        assert isinstance(app.focused, TextArea)
