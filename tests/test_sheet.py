"""The core sheet API: edits, deletes and undo, checked on the file saved on disk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factsheet import InvalidInputError, NotFoundError, Sheet


def on_disk(path: Path) -> dict:
    return json.loads(path.read_bytes())


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


def test_delete_claim_takes_its_quotes_and_log_and_undo_brings_them_back(sheet: Sheet) -> None:
    source = sheet.sources()[0]
    claim = sheet.add_claim("Claim")
    quote = sheet.add_quote(claim.id, source.id, "not making any money")
    sheet.set_verdict(claim.id, "false", rationale="r")
    before = sheet.path.read_bytes()
    sheet.delete_claim(claim.id)
    data = on_disk(sheet.path)
    assert claim.id not in data["claims"] and quote.id not in data["quotes"]
    assert data["history"] == {}
    assert sheet.undo() == f"delete claim {claim.id}"
    restored = on_disk(sheet.path)
    assert restored["claims"] == json.loads(before)["claims"]
    assert restored["quotes"] == json.loads(before)["quotes"]
    assert len(restored["history"]) == 1


def test_undo_steps_back_one_change_at_a_time(sheet: Sheet) -> None:
    claim = sheet.add_claim("Claim")
    sheet.set_verdict(claim.id, "mixed", rationale="first")
    sheet.set_verdict(claim.id, "false", rationale="second")
    assert sheet.undo() == f"verdict on {claim.id}"
    saved = on_disk(sheet.path)["claims"][claim.id]
    assert (saved["rating"], saved["rationale"]) == ("mixed", "first")
    assert sheet.undo() == f"verdict on {claim.id}"
    assert on_disk(sheet.path)["claims"][claim.id]["rating"] == "unrated"
    assert sheet.undo() == f"add claim {claim.id}"
    assert claim.id not in on_disk(sheet.path)["claims"]
    assert not sheet.can_undo()
    assert sheet.undo() is None


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
