"""A save that finds the sheet changed by another process re-applies this process's
changes to what is there, record by record, and loses nobody's work."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import on_disk
from filelock import FileLock

from factsheet import Sheet
from factsheet.storage.atomic import write_atomically
from factsheet.storage.locking import lock_path


def written_elsewhere(path: Path, edit) -> None:  # type: ignore[no-untyped-def]
    """Another process's save, made on a copy and put in place while this test holds
    the lock (as a process on a filesystem without working locks would)."""
    copy = path.with_name("elsewhere.json")
    shutil.copy(path, copy)
    with Sheet.open(copy, reviewer="elsewhere") as other:
        edit(other)
    write_atomically(path, copy.read_bytes())


def test_a_claim_deleted_elsewhere_while_rated_here_comes_back_whole(demo_sheet: Path) -> None:
    claims = on_disk(demo_sheet)["claims"]
    target = next(cid for cid, c in claims.items() if c["rating"] != "unrated")
    before = on_disk(demo_sheet)
    quotes = {q for q, r in before["quotes"].items() if r["claim"] == target}
    log = {h for h, r in before["history"].items() if r["claim"] == target}
    assert quotes and log
    sheet = Sheet.open(demo_sheet, reviewer="here", background_saves=True)
    try:
        with FileLock(lock_path(demo_sheet)):
            entry = sheet.set_verdict(target, "unproven", rationale="rated here")
            written_elsewhere(demo_sheet, lambda other: other.delete_claim(target))
        sheet.flush()
    finally:
        sheet.close()
    after = on_disk(demo_sheet)
    assert after["claims"][target]["rating"] == "unproven"
    assert quotes <= set(after["quotes"])  # what the delete took along is back
    assert log | {entry.id} <= set(after["history"])


def test_edits_to_different_claims_here_and_elsewhere_both_stand(demo_sheet: Path) -> None:
    first, second = list(on_disk(demo_sheet)["claims"])[:2]
    sheet = Sheet.open(demo_sheet, reviewer="here", background_saves=True)
    try:
        with FileLock(lock_path(demo_sheet)):
            sheet.set_status(first, "done")
            written_elsewhere(demo_sheet, lambda other: other.set_verdict(second, "mixed"))
        sheet.flush()
    finally:
        sheet.close()
    claims = on_disk(demo_sheet)["claims"]
    assert claims[first]["status"] == "done" and claims[second]["rating"] == "mixed"
    assert not claims[first]["conflict"] and not claims[second]["conflict"]


def test_the_same_verdict_changed_here_and_elsewhere_is_a_marked_conflict(
    demo_sheet: Path,
) -> None:
    target = list(on_disk(demo_sheet)["claims"])[2]
    sheet = Sheet.open(demo_sheet, reviewer="here", background_saves=True)
    try:
        with FileLock(lock_path(demo_sheet)):
            mine = sheet.set_verdict(target, "true", rationale="mine")
            written_elsewhere(
                demo_sheet, lambda other: other.set_verdict(target, "false", rationale="theirs")
            )
        sheet.flush()
    finally:
        sheet.close()
    after = on_disk(demo_sheet)
    claim = after["claims"][target]
    assert claim["conflict"] and claim["rating"] == "true"
    entries = [h for h in after["history"].values() if h["claim"] == target]
    assert mine.id in {h["id"] for h in entries}
    assert "theirs" in {h["rationale_to"] for h in entries}  # both stay in the log
    assert any("at the same time" in notice for notice in sheet.notices)
