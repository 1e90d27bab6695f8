"""The core sheet API: edits, deletes and undo, checked on the file saved on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import on_disk

from factsheet import InvalidInputError, NotFoundError, Sheet


@pytest.fixture
def sheet(sheet_file: Path):
    with Sheet.open(sheet_file, reviewer="tester") as opened:
        yield opened


def test_edit_claim_changes_only_what_is_given(sheet: Sheet) -> None:
    claim = sheet.add_claim("Old text", claimant="Lei Jun", tags=["a"])
    sheet.edit_claim(claim.id, text="New text", tags=["b", "a", "b"])
    saved = on_disk(sheet.path)["claims"][claim.id]
    assert (saved["text"], saved["claimant"], saved["tags"]) == ("New text", "Lei Jun", ["a", "b"])
    sheet.edit_claim(claim.id, claimant="")
    assert on_disk(sheet.path)["claims"][claim.id]["claimant"] is None


def test_delete_claim_takes_its_quotes_and_log_and_undo_brings_them_back_in_place(
    sheet: Sheet,
) -> None:
    source = sheet.sources()[0]
    first = sheet.add_claim("First")
    claim = sheet.add_claim("Claim")
    sheet.add_claim("Last")
    quote = sheet.add_quote(claim.id, source.id, "not making any money")
    sheet.set_verdict(claim.id, "false", rationale="r")
    before = on_disk(sheet.path)
    sheet.delete_claim(claim.id)
    data = on_disk(sheet.path)
    assert claim.id not in data["claims"] and quote.id not in data["quotes"]
    assert data["history"] == {}
    assert sheet.undo() == "delete claim “Claim”"
    restored = on_disk(sheet.path)
    assert restored["claims"] == before["claims"]
    assert list(restored["claims"]) == list(before["claims"])  # in its place, not at the end
    assert restored["quotes"] == before["quotes"]
    assert restored["history"] == before["history"]
    assert [c.text for c in sheet.claims()] == ["First", "Claim", "Last"]
    assert sheet.claim(first.id).text == "First"


def test_undo_steps_back_one_change_at_a_time_and_the_log_only_grows(sheet: Sheet) -> None:
    claim = sheet.add_claim("Claim")
    other = sheet.add_claim("Other")
    sheet.set_verdict(claim.id, "mixed", rationale="first")
    sheet.set_verdict(claim.id, "false", rationale="second")
    assert sheet.undo() == "verdict on “Claim”"
    saved = on_disk(sheet.path)["claims"][claim.id]
    assert (saved["rating"], saved["rationale"]) == ("mixed", "first")
    log = [(c.rating_from, c.rating_to) for c in sheet.history(claim.id)]
    assert log == [("unrated", "mixed"), ("mixed", "false"), ("false", "mixed")]
    assert [c.id for c in sheet.claims()] == [claim.id, other.id]  # undo does not reorder
    assert sheet.undo() == "verdict on “Claim”"
    assert on_disk(sheet.path)["claims"][claim.id]["rating"] == "unrated"
    assert len(sheet.history(claim.id)) == 4
    assert sheet.undo() == "add claim “Other”"
    assert sheet.undo() == "add claim “Claim”"
    assert claim.id not in on_disk(sheet.path)["claims"]
    assert on_disk(sheet.path)["history"] == {}  # the log of a claim that is gone goes too
    assert not sheet.can_undo()
    assert sheet.undo() is None


def test_undo_leaves_a_record_another_process_changed_since(sheet: Sheet) -> None:
    claim = sheet.add_claim("Claim")
    sheet.set_status(claim.id, "in-review")
    with Sheet.open(sheet.path, reviewer="colleague") as colleague:
        colleague.set_status(claim.id, "done")
    sheet.undo()
    assert on_disk(sheet.path)["claims"][claim.id]["status"] == "done"
    assert any("another reviewer changed" in notice for notice in sheet.notices)


def test_edit_quote_reanchors_new_text_and_refuses_text_not_in_source(sheet: Sheet) -> None:
    source = sheet.sources()[0]
    claim = sheet.add_claim("Claim")
    quote = sheet.add_quote(claim.id, source.id, "not making any money")
    edited = sheet.edit_quote(quote.id, text="We could sell 10 billion smartphones", note="n")
    assert edited.anchor["exact"] == "We could sell 10 billion smartphones"
    assert edited.anchor["start"] > quote.anchor["start"]
    before = sheet.path.read_bytes()
    with pytest.raises(InvalidInputError, match="not in the text"):
        sheet.edit_quote(quote.id, text="Apple sold a phone")
    assert sheet.path.read_bytes() == before


def test_delete_source_refuses_while_quotes_cite_it(sheet: Sheet) -> None:
    source = sheet.sources()[0]
    claim = sheet.add_claim("Claim", source=source.id)
    quote = sheet.add_quote(claim.id, source.id, "not making any money")
    with pytest.raises(InvalidInputError, match="cited by 1 quote"):
        sheet.delete_source(source.id)
    sheet.delete_quote(quote.id)
    sheet.delete_source(source.id)
    assert on_disk(sheet.path)["sources"] == {}
    assert on_disk(sheet.path)["claims"][claim.id]["source"] is None
    with pytest.raises(NotFoundError):
        sheet.source(source.id)


def test_edit_source_metadata(sheet: Sheet) -> None:
    source = sheet.sources()[0]
    sheet.edit_source(source.id, title="Reuters rewrite", language="en", author="")
    saved = on_disk(sheet.path)["sources"][source.id]
    assert (saved["title"], saved["language"], saved["author"]) == ("Reuters rewrite", "en", None)
    with pytest.raises(InvalidInputError, match="title must not be empty"):
        sheet.edit_source(source.id, title=" ")


def test_ambiguous_and_short_id_prefixes(sheet: Sheet) -> None:
    claim = sheet.add_claim("Claim")
    assert sheet.claim(claim.id[:5]).id == claim.id
    with pytest.raises(NotFoundError):
        sheet.claim("c-")


def test_a_verdict_made_from_what_was_seen_is_not_saved_over_a_newer_one(
    demo_sheet: Path,
) -> None:
    from factsheet.errors import ChangedMeanwhileError

    with Sheet.open(demo_sheet, reviewer="ada") as ada:
        claim = ada.claims()[0]
        seen = (claim.rating, claim.rationale)
        with Sheet.open(demo_sheet, reviewer="bob") as bob:
            bob.set_verdict(claim.id, "false", rationale="Bob's reasons.")
        ada.refresh()
        with pytest.raises(ChangedMeanwhileError, match=r"meanwhile bob set .* False"):
            ada.set_verdict(claim.id, "true", rationale="Ada's.", seen=seen)
        assert (ada.claim(claim.id).rating, ada.claim(claim.id).rationale) == (
            "false",
            "Bob's reasons.",
        )
        now = ada.claim(claim.id)
        assert ada.set_verdict(claim.id, "true", seen=(now.rating, now.rationale)) is not None
