"""What the panes keep between keys: made again only for what changed, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.ui.cached import ClaimRows


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
