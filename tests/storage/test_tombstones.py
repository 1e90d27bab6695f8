"""A delete leaves a tombstone in the sheet file: what a process that changed the deleted
record meanwhile puts back comes from the file (the record's latest contents and what the
delete took along), not from what that process happened to hold, so no acknowledged edit
of a third process is lost. Three reviewers on one file, no timing: the test holds the
sheet's lock while the others save, so the stale reviewer's save comes last."""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import on_disk
from filelock import FileLock

from factsheet import Sheet
from factsheet.errors import SheetFileError
from factsheet.storage import store as store_module
from factsheet.storage import tombstones
from factsheet.storage.atomic import write_atomically
from factsheet.storage.locking import lock_path

Edit = Callable[[Sheet], object]


def elsewhere(
    path: Path, reviewer: str, edit: Edit, clock: Callable[[], str] | None = None
) -> None:
    """Another process's save (made on a copy with the same archive, put in place while the
    test holds the lock)."""
    copy = path.with_name(f"{reviewer}.json")
    shutil.copy(path, copy)
    archive = path.with_name(f"{reviewer}.archive")
    if not archive.exists():
        archive.symlink_to(path.with_name(f"{path.stem}.archive"))
    options = {} if clock is None else {"clock": clock}
    with Sheet.open(copy, reviewer=reviewer, **options) as other:
        edit(other)
    write_atomically(path, copy.read_bytes())


@contextmanager
def stale(path: Path) -> Iterator[Sheet]:
    """Bob's sheet: opened now, his edits in the block are made before the saves of the
    others in the block reach the file, and saved after them."""
    bob = Sheet.open(path, reviewer="bob", background_saves=True)
    try:
        with FileLock(lock_path(path)):
            yield bob
        bob.flush()
    finally:
        bob.close()


def rated_claim_with_quotes(path: Path) -> str:
    data = on_disk(path)
    counts = {q["claim"] for q in data["quotes"].values()}
    logged = {h["claim"] for h in data["history"].values()}
    return next(c for c in data["claims"] if c in counts and c in logged)


def test_a_claim_deleted_meanwhile_comes_back_with_every_acknowledged_edit(
    demo_sheet: Path,
) -> None:
    target = rated_claim_with_quotes(demo_sheet)
    before = on_disk(demo_sheet)
    other = next(q for q in before["quotes"].values() if q["claim"] != target)
    added: dict[str, str] = {}

    def carol(sheet: Sheet) -> None:  # a verdict (log entry L1) and a quote, saved
        entry = sheet.set_verdict(target, "false", rationale="carol's reason")
        assert entry is not None
        added["log"] = entry.id
        added["quote"] = sheet.add_quote(target, other["source"], other["anchor"]["exact"]).id

    with stale(demo_sheet) as bob:
        bob.set_status(target, "done")  # made before the others' saves, saved after them
        elsewhere(demo_sheet, "carol", carol)
        elsewhere(demo_sheet, "ada", lambda sheet: sheet.delete_claim(target))  # saw L1
    after = on_disk(demo_sheet)
    claim = after["claims"][target]
    assert claim["status"] == "done"  # bob's change
    assert (claim["rating"], claim["rationale"]) == ("false", "carol's reason")  # carol's
    quotes = {q for q, r in before["quotes"].items() if r["claim"] == target}
    log = {h for h, r in before["history"].items() if r["claim"] == target}
    assert quotes | {added["quote"]} <= set(after["quotes"])
    assert log | {added["log"]} <= set(after["history"])
    assert target not in after.get("deleted", {})  # back: no longer a deleted record
    assert list(after["claims"]).index(target) == list(before["claims"]).index(target)
    assert claim["conflict"]  # a reviewer wanted it gone: marked for the team to settle
    assert any(f"{target} was deleted by another process" in n for n in bob.notices)
    Sheet.open(demo_sheet).close()  # the file is whole and valid


def test_a_delete_made_before_another_s_verdict_keeps_the_claim_whole(demo_sheet: Path) -> None:
    """Bob deletes a claim on the file as he read it; Carol's verdict on it reaches the
    file first. Bob's delete then does not stand (Carol's work wins, marked as a
    conflict): the claim stays, and so do the quotes and log entries his delete would
    have taken along, with no tombstone left for any of them."""
    target = rated_claim_with_quotes(demo_sheet)
    before = on_disk(demo_sheet)
    added: dict[str, str] = {}

    def carol(sheet: Sheet) -> None:
        entry = sheet.set_verdict(target, "false", rationale="carol's reason")
        assert entry is not None
        added["log"] = entry.id

    with stale(demo_sheet) as bob:
        bob.delete_claim(target)  # made before carol's save reached the file, saved after
        elsewhere(demo_sheet, "carol", carol)
    after = on_disk(demo_sheet)
    assert after["claims"][target]["rating"] == "false"
    quotes = {q for q, r in before["quotes"].items() if r["claim"] == target}
    log = {h for h, r in before["history"].items() if r["claim"] == target}
    assert quotes and quotes <= set(after["quotes"])
    assert log | {added["log"]} <= set(after["history"])
    living = {key for table in ("claims", "quotes", "history") for key in after[table]}
    assert not living & set(after.get("deleted", {}))  # no tombstone of a record that stands
    Sheet.open(demo_sheet).close()  # the file is whole and valid


def test_a_delete_nobody_raced_stays_deleted_and_leaves_a_tombstone(demo_sheet: Path) -> None:
    target = rated_claim_with_quotes(demo_sheet)
    with Sheet.open(demo_sheet, reviewer="ada") as sheet:
        sheet.delete_claim(target)
        sheet.set_status(next(c.id for c in sheet.claims()), "done")
    after = on_disk(demo_sheet)
    assert target not in after["claims"]
    tomb = after["deleted"][target]
    assert (tomb["table"], tomb["by"], tomb["record"]["id"]) == ("claims", "ada", target)
    taken = {t["record"]["id"] for t in after["deleted"].values() if t["table"] == "quotes"}
    assert taken == {q for q, r in on_disk_claims(demo_sheet, target)}


def on_disk_claims(path: Path, claim: str) -> list[tuple[str, dict[str, object]]]:
    return [
        (t["record"]["id"], t["record"])
        for t in on_disk(path)["deleted"].values()
        if t["table"] == "quotes" and t["record"]["claim"] == claim
    ]


def test_a_quote_deleted_meanwhile_comes_back_merged_field_by_field(demo_sheet: Path) -> None:
    quote_id, quote = next(iter(on_disk(demo_sheet)["quotes"].items()))
    stance = next(s for s in ("supports", "refutes", "context") if s != quote["stance"])
    with stale(demo_sheet) as bob:
        bob.edit_quote(quote_id, note="bob's note")
        elsewhere(demo_sheet, "carol", lambda sheet: sheet.edit_quote(quote_id, stance=stance))
        elsewhere(demo_sheet, "ada", lambda sheet: sheet.delete_quote(quote_id))
    back = on_disk(demo_sheet)["quotes"][quote_id]
    assert (back["note"], back["stance"]) == ("bob's note", stance)


def test_a_source_deleted_meanwhile_comes_back_for_the_claim_that_cites_it(
    demo_sheet: Path,
) -> None:
    with Sheet.open(demo_sheet, reviewer="ada") as sheet:
        source = sheet.add_web_source("https://example.org/page", title="first title").id
    with stale(demo_sheet) as bob:
        claim = bob.add_claim("bob's claim", source=source).id
        bob.edit_source(source, author="bob's author")
        elsewhere(
            demo_sheet, "carol", lambda sheet: sheet.edit_source(source, title="carol's title")
        )
        elsewhere(demo_sheet, "ada", lambda sheet: sheet.delete_source(source))
    after = on_disk(demo_sheet)
    assert after["claims"][claim]["source"] == source
    back = after["sources"][source]
    assert (back["title"], back["author"]) == ("carol's title", "bob's author")
    assert source not in after.get("deleted", {})
    Sheet.open(demo_sheet).close()


def test_a_quote_added_to_a_claim_deleted_meanwhile_brings_the_claim_back_whole(
    demo_sheet: Path,
) -> None:
    target = rated_claim_with_quotes(demo_sheet)
    before = on_disk(demo_sheet)
    other = next(q for q in before["quotes"].values() if q["claim"] != target)
    with stale(demo_sheet) as bob:
        quote = bob.add_quote(target, other["source"], other["anchor"]["exact"]).id
        elsewhere(
            demo_sheet, "carol", lambda sheet: sheet.set_verdict(target, "false", rationale="c")
        )
        elsewhere(demo_sheet, "ada", lambda sheet: sheet.delete_claim(target))
    after = on_disk(demo_sheet)
    assert after["claims"][target]["rationale"] == "c"
    assert quote in after["quotes"]
    log = {h for h, r in before["history"].items() if r["claim"] == target}
    assert log < set(after["history"])  # carol's entry too
    Sheet.open(demo_sheet).close()


def test_undo_of_a_delete_puts_everything_back_and_leaves_no_tombstone(demo_sheet: Path) -> None:
    target = rated_claim_with_quotes(demo_sheet)
    before = on_disk(demo_sheet)
    with Sheet.open(demo_sheet, reviewer="ada") as sheet:
        sheet.delete_claim(target)
        assert target in on_disk(demo_sheet)["deleted"]
        assert sheet.undo()
        assert not sheet.notices
    after = on_disk(demo_sheet)
    for table in ("claims", "quotes", "history"):
        assert list(after[table].items()) == list(before[table].items())  # in place
    assert not after.get("deleted")
    assert b'"deleted"' not in demo_sheet.read_bytes()  # an empty table is not written


def test_tombstones_are_kept_thirty_days(demo_sheet: Path) -> None:
    first, second = list(on_disk(demo_sheet)["claims"])[:2]
    with Sheet.open(demo_sheet, clock=lambda: "2026-01-01T00:00:00Z") as sheet:
        sheet.delete_claim(first)
    with Sheet.open(demo_sheet, clock=lambda: "2026-01-30T00:00:00Z") as sheet:
        sheet.delete_claim(second)
    kept = on_disk(demo_sheet)["deleted"]
    assert first in kept and second in kept
    with Sheet.open(demo_sheet, clock=lambda: "2026-02-01T00:00:00Z") as sheet:
        sheet.delete_claim(next(iter(on_disk(demo_sheet)["claims"])))
    kept = on_disk(demo_sheet)["deleted"]
    assert first not in kept and second in kept
    assert all(t["at"] >= "2026-01-02" for t in kept.values())


def test_a_bulk_delete_keeps_at_most_the_newest_tombstones(
    demo_sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tombstones, "KEEP_MOST", 2)
    target = rated_claim_with_quotes(demo_sheet)
    with Sheet.open(demo_sheet) as sheet:
        sheet.delete_claim(target)
    kept = on_disk(demo_sheet)["deleted"]
    assert len(kept) == 2 and target in kept


def test_exports_never_publish_deleted_records(demo_sheet: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = rated_claim_with_quotes(demo_sheet)
    text = on_disk(demo_sheet)["claims"][target]["text"]
    with Sheet.open(demo_sheet) as sheet:
        sheet.delete_claim(target)
    for form in ("json", "zip", "claimreview", "markdown"):
        out = demo_sheet.with_name(f"out.{form}")
        kind = "json" if form == "zip" else form
        result = run("export", demo_sheet, "--format", kind, "-o", out)
        assert result.exit_code == 0, result.output
        assert target.encode() not in out.read_bytes()
        assert text.encode()[:40] not in out.read_bytes() or form == "zip"
    document = json.loads(demo_sheet.with_name("out.json").read_bytes())
    assert "deleted" not in document


@pytest.mark.parametrize(
    "damage",
    [
        lambda tomb: tomb["record"].update(text=7),  # the record breaks its kind's rules
        lambda tomb: tomb.update(table="passwords"),  # a kind of record that does not exist
        lambda tomb: tomb.update(table=["claims"]),
        lambda tomb: tomb.update(record=[]),
        lambda tomb: tomb.update(doc="4"),
        lambda tomb: tomb["record"].update(id="c-other000"),  # not the tombstone's record
        lambda tomb: tomb.update(at="yesterday"),
        lambda tomb: tomb.update(extra="field"),
    ],
)
def test_a_damaged_tombstone_is_refused_on_open(demo_sheet: Path, damage) -> None:  # type: ignore[no-untyped-def]
    target = rated_claim_with_quotes(demo_sheet)
    with Sheet.open(demo_sheet) as sheet:
        sheet.delete_claim(target)
    data = json.loads(demo_sheet.read_bytes())
    tomb = next(t for t in data["deleted"].values() if t["id"] == target)
    damage(tomb)
    demo_sheet.write_text(json.dumps(data))
    with pytest.raises(SheetFileError, match="deleted"):
        Sheet.open(demo_sheet)


def test_a_tombstone_that_puts_words_in_a_source_s_mouth_is_refused(demo_sheet: Path) -> None:
    quote_id = next(iter(on_disk(demo_sheet)["quotes"]))
    with Sheet.open(demo_sheet) as sheet:
        sheet.delete_quote(quote_id)
    data = json.loads(demo_sheet.read_bytes())
    tomb = next(t for t in data["deleted"].values() if t["id"] == quote_id)
    tomb["record"]["text"] = "Xiaomi makes a fortune on hardware"
    demo_sheet.write_text(json.dumps(data))
    with pytest.raises(SheetFileError, match=r"deleted\[q-.*text"):
        Sheet.open(demo_sheet)


def test_info_and_check_do_not_count_deleted_records(demo_sheet: Path, run) -> None:  # type: ignore[no-untyped-def]
    target = rated_claim_with_quotes(demo_sheet)
    before = json.loads(run("info", demo_sheet, "--json").stdout)
    taken = sum(1 for q in on_disk(demo_sheet)["quotes"].values() if q["claim"] == target)
    with Sheet.open(demo_sheet) as sheet:
        sheet.delete_claim(target)
    after = json.loads(run("info", demo_sheet, "--json").stdout)
    assert (after["claims"], after["quotes"]) == (before["claims"] - 1, before["quotes"] - taken)
    checked = run("check", demo_sheet)
    assert checked.exit_code == 0, checked.output
    assert target not in checked.output


def test_claim_delete_says_so_when_another_s_verdict_overrules_it(
    demo_sheet: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """`factsheet claim delete` computed on the file as it read it; Carol's verdict on
    the claim reaches the file before the delete is saved. The command says the claim
    was not deleted (it stands, with its quotes), and ends non-zero."""
    target = rated_claim_with_quotes(demo_sheet)
    waiting = threading.Event()
    original = store_module.locked

    def locked(path: Path, wait: float):  # type: ignore[no-untyped-def]
        waiting.set()  # the command has made its delete and waits to save it
        return original(path, wait)

    monkeypatch.setattr(store_module, "locked", locked)
    result: list[object] = []
    with FileLock(lock_path(demo_sheet)):
        command = threading.Thread(
            target=lambda: result.append(run("claim", "delete", demo_sheet, target))
        )
        command.start()
        assert waiting.wait(60)
        elsewhere(demo_sheet, "carol", lambda sheet: sheet.set_verdict(target, "false"))
    command.join(60)
    (done,) = result
    assert done.exit_code != 0  # type: ignore[attr-defined]
    said = " ".join(done.output.split())  # type: ignore[attr-defined]
    assert f"{target} was not deleted: another process changed it meanwhile" in said
    after = on_disk(demo_sheet)
    assert target in after["claims"]
    assert any(q["claim"] == target for q in after["quotes"].values())
