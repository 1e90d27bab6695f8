"""The sheet file is TinyDB's own JSON: stock TinyDB reads every sheet, and older sheets
are upgraded once, with the old file kept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import on_disk
from tinydb import Query, TinyDB

from factsheet import SCHEMA_VERSION, Sheet, SheetFileError


def stock_query(path: Path, table: str, **fields: str) -> list[dict]:
    """What a user's own script gets from stock TinyDB."""
    query = Query()
    condition = None
    for key, value in fields.items():
        term = query[key] == value
        condition = term if condition is None else condition & term
    db = TinyDB(path)
    try:
        return [dict(document) for document in db.table(table).search(condition)]
    finally:
        db.close()


def test_stock_tinydb_queries_the_demo_sheet_and_leaves_it_as_it_was(demo_sheet: Path) -> None:
    before = demo_sheet.read_bytes()
    found = stock_query(demo_sheet, "claims", rating="false")
    assert [claim["text"] for claim in found] == [
        c["text"] for c in on_disk(demo_sheet)["claims"].values() if c["rating"] == "false"
    ]
    assert found and all(claim["id"].startswith("c-") for claim in found)
    assert demo_sheet.read_bytes() == before


def test_stock_tinydb_reads_a_sheet_made_and_edited_here(sheet_file: Path) -> None:
    with Sheet.open(sheet_file, reviewer="r") as sheet:
        claim = sheet.add_claim("A claim", claimant="Mayor")
        sheet.set_verdict(claim.id, "false", rationale="No")
        sheet.add_claim("Another")
    (found,) = stock_query(sheet_file, "claims", rating="false")
    assert (found["id"], found["claimant"]) == (claim.id, "Mayor")
    db = TinyDB(sheet_file)
    try:
        assert db.table("sheet").get(doc_id=1)["title"] == "Case"
        assert [doc.doc_id for doc in db.table("claims").all()] == [1, 2]
        assert db.table("history").all()[0]["claim"] == claim.id
    finally:
        db.close()


def as_schema_1(path: Path) -> bytes:
    """The sheet in the layout of schema 1 (records keyed by stable id), as older factsheet
    versions wrote it."""
    tables = on_disk(path)
    tables["sheet"]["meta"]["schema"] = 1
    for claim in tables["claims"].values():
        claim.pop("conflict", None)
    old = json.dumps(tables, ensure_ascii=False, indent=1).encode()
    path.write_bytes(old)
    return old


def test_a_schema_1_sheet_is_upgraded_on_the_first_edit_open_keeping_the_old_file(
    demo_sheet: Path,
) -> None:
    claims_before = on_disk(demo_sheet)["claims"]
    old = as_schema_1(demo_sheet)
    with Sheet.open(demo_sheet, writable=False) as reader:
        assert len(reader.claims()) == len(claims_before)
    assert demo_sheet.read_bytes() == old  # reading never writes
    with Sheet.open(demo_sheet) as sheet:
        (notice,) = sheet.notices
        assert f"upgraded to sheet format {SCHEMA_VERSION}" in notice
        assert "xiaomi.json.schema-1.bak" in notice
    backup = demo_sheet.with_name("xiaomi.json.schema-1.bak")
    assert backup.read_bytes() == old
    assert [c["id"] for c in stock_query(demo_sheet, "claims", status="done")]
    assert list(on_disk(demo_sheet)["claims"]) == list(claims_before)  # same order


def test_the_cli_says_when_it_upgrades_a_sheet(demo_sheet: Path, run) -> None:
    as_schema_1(demo_sheet)
    result = run("claim", "add", demo_sheet, "after the upgrade")
    assert result.exit_code == 0
    assert f"note: xiaomi.json: upgraded to sheet format {SCHEMA_VERSION}" in result.output
    assert on_disk(demo_sheet)["sheet"]["meta"]["schema"] == SCHEMA_VERSION


def as_schema_2(path: Path, typed: str) -> tuple[str, str]:
    """The sheet as factsheet wrote it before a quote's text was its source's words: the
    first quote's text as the reviewer typed it. Returns (quote id, its source's words)."""
    data = json.loads(path.read_bytes())
    (meta,) = data["sheet"].values()
    meta["schema"] = 2
    for quote in data["quotes"].values():
        quote.pop("typed", None)
    first = data["quotes"]["1"]
    words, first["text"] = first["text"], typed
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return first["id"], words


def test_a_schema_2_sheet_shows_the_source_words_and_keeps_what_was_typed(
    demo_sheet: Path,
) -> None:
    quote_id, words = as_schema_2(demo_sheet, "We could sell 10 billion phones, said Barra")
    with Sheet.open(demo_sheet, writable=False) as reader:
        quote = reader.quote(quote_id)
        assert (quote.text, quote.typed) == (words, "We could sell 10 billion phones, said Barra")
    with Sheet.open(demo_sheet) as sheet:
        assert sheet.quote(quote_id).text == words
    upgraded = on_disk(demo_sheet)
    assert upgraded["sheet"]["meta"]["schema"] == SCHEMA_VERSION
    assert upgraded["quotes"][quote_id]["text"] == words
    assert demo_sheet.with_name("xiaomi.json.schema-2.bak").exists()


def test_a_sheet_whose_quote_is_not_its_anchors_words_is_refused(demo_sheet: Path) -> None:
    data = json.loads(demo_sheet.read_bytes())
    data["quotes"]["1"]["text"] = "We could never sell a single smartphone"
    demo_sheet.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = demo_sheet.read_bytes()
    with pytest.raises(SheetFileError, match="is not the source's words its anchor holds"):
        Sheet.open(demo_sheet)
    assert demo_sheet.read_bytes() == before


def test_tables_a_user_added_with_tinydb_are_kept(sheet_file: Path) -> None:
    db = TinyDB(sheet_file)
    db.table("my_notes").insert({"note": "call the mayor's office"})
    db.close()
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("x")
    db = TinyDB(sheet_file)
    try:
        assert db.table("my_notes").all() == [{"note": "call the mayor's office"}]
    finally:
        db.close()


def test_a_record_a_script_added_without_an_id_is_reported_not_repaired(
    sheet_file: Path,
) -> None:
    db = TinyDB(sheet_file)
    db.table("claims").insert({"text": "typed into TinyDB by hand"})
    db.close()
    before = sheet_file.read_bytes()
    with pytest.raises(SheetFileError, match="document 1 in 'claims' has no id"):
        Sheet.open(sheet_file)
    assert sheet_file.read_bytes() == before


def test_a_tinydb_query_runs_on_an_open_sheet(demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet, writable=False) as sheet:
        found = sheet.find("claims", Query().rating == "false")
    assert found and {claim.rating for claim in found} == {"false"}


def test_records_read_are_put_with_the_old_objects_not_scanned_again_and_again(
    demo_sheet: Path,
) -> None:
    """A large sheet's records, left young, would each be scanned twice by the garbage
    collector soon after opening (a third of a second at 100,000 quotes): they go straight
    to the oldest generation, or stay frozen with the old objects where the app froze them."""
    import gc

    from factsheet.storage.fileformat import read_version

    def young() -> set[int]:
        return {id(thing) for generation in (0, 1) for thing in gc.get_objects(generation)}

    version, contents, _ = read_version(demo_sheet)
    version.release()
    records = [r for t in contents.tables.values() for r in t.records.values() if gc.is_tracked(r)]
    assert records and not {id(record) for record in records} & young()
    assert gc.get_freeze_count() == 0  # nothing is left frozen that the process did not freeze

    gc.freeze()  # as the app does once the sheet is open
    try:
        frozen = gc.get_freeze_count()
        version, contents, _ = read_version(demo_sheet)
        version.release()
        assert gc.get_freeze_count() >= frozen + len(contents.tables["quotes"].records)
    finally:
        gc.unfreeze()
