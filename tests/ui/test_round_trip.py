"""What a user did not edit is saved byte for byte: forms and the verdict editor show stored
text with its controls made visible, and never save the placeholders in its place.
Legitimate text (Arabic and Hebrew with direction marks, CJK, a newline in a claim)
round-trips unchanged through every edit form."""

from __future__ import annotations

import json
from pathlib import Path

from hostile import ARABIC, CJK, HEBREW, OSC_TITLE
from textual.widgets import Input, Select, TextArea

from factsheet import Sheet
from factsheet.ui.screens.forms import ClaimForm, QuoteForm, SourceForm
from factsheet.ui.screens.sources import SourcesScreen
from factsheet.ui.screens.verdict import VerdictScreen

from .conftest import on_disk, worksheet

# Controls of every kind, some at the very end, where str.strip() would take them
# (\x1c-\x1f, NEL \x85 and the paragraph separator are whitespace to Python).
RATIONALE = f"Checked {OSC_TITLE} against \x9b31m the annual report\u202e.\n\n\x1f\x85\u2029"
CLAIM_TEXT = f"{ARABIC}\n{HEBREW}\n{CJK}"
NOTE = f"\x1b[2J note \x07 {HEBREW}\x1c"
TITLE = f"The page \x9b1m{ARABIC} "


def sheet_with_stored_text(folder: Path) -> tuple[Path, str, str, str]:
    """A sheet (claim, source, quote, verdict) whose stored text carries controls and
    direction marks at the edges, as an import or a hand edit leaves them; returns the
    path and the claim, source and quote ids."""
    path = folder / "stored.json"
    page = folder / "page.txt"
    page.write_text(f"Intro.\n{CJK} and more words in the page.\n", encoding="utf-8")
    with Sheet.create(path, title="Stored", reviewer="tester") as sheet:
        source = sheet.add_source_file(page, title="Page")
        claim = sheet.add_claim("placeholder", source=source.id, tags=["b", "a"])
        quote = sheet.add_quote(claim.id, source.id, CJK)
        sheet.set_verdict(claim.id, "false", rationale="first")
    data = json.loads(path.read_bytes())
    for table, record_id, fields in (
        ("claims", claim.id, {"text": CLAIM_TEXT, "rationale": RATIONALE, "tags": ["z,y", " x"]}),
        ("quotes", quote.id, {"note": NOTE}),
        ("sources", source.id, {"title": TITLE}),
    ):
        record = next(r for r in data[table].values() if r["id"] == record_id)
        record.update(fields)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path, claim.id, source.id, quote.id


async def test_changing_only_the_rating_keeps_the_rationale_byte_for_byte(tmp_path: Path):
    path, claim_id, _, _ = sheet_with_stored_text(tmp_path)
    log_before = len(on_disk(path)["history"])
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("v")
        assert isinstance(app.screen, VerdictScreen)
        shown = app.screen.query_one("#rationale", TextArea).text
        assert "\x1b" not in shown and "␛]2;PWNED␇" in shown  # visible, not acted on
        await pilot.press("shift+tab", "1", "ctrl+s")  # the scale, its digit, save
        assert not isinstance(app.screen, VerdictScreen)
    claim = on_disk(path)["claims"][claim_id]
    assert claim["rating"] == "true"
    assert claim["rationale"] == RATIONALE
    history = list(on_disk(path)["history"].values())
    assert len(history) == log_before + 1
    assert history[-1]["rationale_from"] == history[-1]["rationale_to"] == RATIONALE


async def test_editing_the_rationale_keeps_the_controls_the_user_did_not_touch(tmp_path: Path):
    path, claim_id, _, _ = sheet_with_stored_text(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("v")
        area = app.screen.query_one("#rationale", TextArea)
        area.text = area.text.replace("annual report", "annual report 2016")
        await pilot.press("ctrl+s")
    saved = on_disk(path)["claims"][claim_id]["rationale"]
    assert saved == RATIONALE.replace("annual report", "annual report 2016").strip()
    assert "\x1b]2;PWNED\x07" in saved and "\x9b31m" in saved and "␛" not in saved


async def test_the_claim_form_round_trips_arabic_hebrew_cjk_and_newlines(tmp_path: Path):
    path, claim_id, _, _ = sheet_with_stored_text(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("e")
        assert isinstance(app.screen, ClaimForm)
        shown = app.screen.query_one("#text", Input).value
        assert "\n" not in shown and "⏎" in shown and CJK in shown
        app.screen.query_one("#claimant", Input).value = "Lei Jun"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, ClaimForm)
        claim = on_disk(path)["claims"][claim_id]
        assert claim["text"] == CLAIM_TEXT and claim["claimant"] == "Lei Jun"
        assert claim["tags"] == ["z,y", " x"]  # the tags field was not touched
        await pilot.press("e")
        field = app.screen.query_one("#text", Input)
        field.value = field.value + " (2016)"
        await pilot.press("ctrl+s")
    assert on_disk(path)["claims"][claim_id]["text"] == CLAIM_TEXT + " (2016)"


async def test_the_quote_form_keeps_a_note_it_did_not_edit(tmp_path: Path):
    path, _, _, quote_id = sheet_with_stored_text(tmp_path)
    before = on_disk(path)["quotes"][quote_id]
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("tab", "e")
        assert isinstance(app.screen, QuoteForm)
        assert "\x1b" not in app.screen.query_one("#note", Input).value
        app.screen.query_one("#stance", Select).value = "supports"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, QuoteForm)
    after = on_disk(path)["quotes"][quote_id]
    assert after["stance"] == "supports"
    assert after["note"] == NOTE and after["text"] == before["text"] == CJK
    assert after["anchor"] == before["anchor"]


async def test_the_source_form_keeps_a_title_it_did_not_edit(tmp_path: Path):
    path, _, source_id, _ = sheet_with_stored_text(tmp_path)
    async with worksheet(path) as (app, pilot, screen):
        await pilot.press("S")
        assert isinstance(app.screen, SourcesScreen)
        await pilot.press("e")
        assert isinstance(app.screen, SourceForm)
        app.screen.query_one("#author", Input).value = "Reuters staff"
        await pilot.press("ctrl+s")
        assert not isinstance(app.screen, SourceForm)
    source = on_disk(path)["sources"][source_id]
    assert source["title"] == TITLE and source["author"] == "Reuters staff"
