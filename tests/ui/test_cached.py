"""What the panes keep between keys: made again only for what changed, never stale."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.ui.cached import ClaimRows, Heard, HistoryByClaim


def test_claim_rows_follow_every_change_and_rebuild_only_changed_claims(tmp_path: Path) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    with Sheet.open(path, reviewer="a") as sheet, Sheet.open(path, reviewer="b") as other:
        rows = ClaimRows(sheet)
        claims, words = rows.get()
        assert [c.id for c in claims] == [c.id for c in sheet.claims()]
        first, second = claims[0], claims[1]
        sheet.set_status(first.id, "done")
        added = sheet.add_claim("The mayor said the bridge will open in June.")
        claims, words = rows.get()
        assert claims[0].status == "done" and claims[0] is not first
        assert claims[1] is second  # not made again
        assert claims[-1].id == added.id and "bridge will open" in words[-1]
        other.refresh()
        other.delete_claim(second.id)
        other.flush()
        assert sheet.refresh()
        assert second.id not in [c.id for c in rows.get()[0]]
        assert [c.id for c in rows.get()[0]] == [c.id for c in sheet.claims()]


def test_claim_rows_count_verdicts_and_conflicts_as_a_fresh_count_does(tmp_path: Path) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    with Sheet.open(path, reviewer="a") as sheet, Sheet.open(path, reviewer="b") as other:
        rows = ClaimRows(sheet)

        def fresh() -> tuple[dict[str, int], int]:
            claims = sheet.claims()
            return dict(Counter(c.rating for c in claims)), sum(1 for c in claims if c.conflict)

        def counted() -> tuple[dict[str, int], int]:
            verdicts, conflicts = rows.counts()
            return {key: n for key, n in verdicts.items() if n}, conflicts

        assert counted() == fresh()
        claims = sheet.claims()
        keys = [rating.key for rating in sheet.ratings()]
        for n, claim in enumerate(claims[:5]):
            sheet.set_verdict(claim.id, keys[n % len(keys)])
            assert counted() == fresh()
        sheet.add_claim("A claim added later")
        assert counted() == fresh()
        # Both processes change one claim's verdict: a conflict, counted once taken in.
        other.set_verdict(claims[6].id, keys[0])
        sheet.set_verdict(claims[6].id, keys[1])
        sheet.refresh()
        sheet.flush()
        assert counted() == fresh()
        sheet.undo()
        assert counted() == fresh()


def test_history_of_a_claim_is_the_sheets_history_after_every_change(tmp_path: Path) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    with Sheet.open(path, reviewer="a") as sheet, Sheet.open(path, reviewer="b") as other:
        log = HistoryByClaim(sheet)
        claims = sheet.claims()
        keys = [rating.key for rating in sheet.ratings()]

        def same() -> bool:
            return all(log.of(c.id) == sheet.history(c.id) for c in sheet.claims())

        assert same() and any(log.of(c.id) for c in claims)
        sheet.set_verdict(claims[0].id, keys[0])
        sheet.set_verdict(claims[0].id, keys[1])
        assert log.of(claims[0].id)[-1].rating_to == keys[1] and same()
        sheet.undo()
        assert same()
        sheet.delete_claim(claims[1].id)
        assert log.of(claims[1].id) == [] and same()
        other.refresh()
        other.set_verdict(claims[2].id, keys[2])
        other.flush()
        assert sheet.refresh() and same()


def test_heard_names_the_records_each_change_touched_and_says_when_it_may_have_missed_one(
    tmp_path: Path,
) -> None:
    """A verdict on one claim of 10,000 is found from the change's event, not by comparing
    every claim; when the events may not account for a change, the caller is told to
    compare."""
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    with Sheet.open(path, reviewer="a") as sheet, Sheet.open(path, reviewer="b") as other:
        heard = Heard(sheet, "claims")
        claims = sheet.claims()
        assert heard.take(sheet.revision("claims")) == set()
        sheet.set_status(claims[0].id, "new" if claims[0].status != "new" else "done")
        sheet.set_verdict(claims[1].id, sheet.ratings()[0].key)
        assert heard.take(sheet.revision("claims")) == {claims[0].id, claims[1].id}
        assert heard.take(sheet.revision("claims")) == set()  # taken: not named again
        other.refresh()
        other.set_status(claims[2].id, "new" if claims[2].status != "new" else "done")
        other.flush()
        assert sheet.refresh()  # another process's change, taken in: named too
        assert heard.take(sheet.revision("claims")) == {claims[2].id}
        # A revision the events have not reached (a change still being made elsewhere).
        assert heard.take(sheet.revision("claims") + 1) is None


def test_claim_rows_after_one_verdict_make_and_compare_only_that_claim(tmp_path: Path) -> None:
    path = tmp_path / "sheet.json"
    shutil.copy(DEMO_SHEET, path)
    with Sheet.open(path, reviewer="a") as sheet:
        rows = ClaimRows(sheet)
        before = list(rows.get()[0])
        compared: list[str] = []
        records = rows._records  # what the rows were made from, by id

        class Watched(dict):  # type: ignore[type-arg]
            def get(self, key: str, default: object = None) -> object:
                compared.append(key)
                return super().get(key, default)

        rows._records = Watched(records)
        sheet.set_verdict(before[3].id, sheet.ratings()[0].key)
        after = rows.get()[0]
        assert compared == [before[3].id]
        assert after[3].rating == sheet.ratings()[0].key
        assert all(a is b for n, (a, b) in enumerate(zip(before, after, strict=True)) if n != 3)
