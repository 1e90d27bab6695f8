"""Every main key, in each pane, on the sheets every reviewer starts from: an empty one, one
with a claim but no source, one with a source but no claim. Nothing may crash the app."""

from __future__ import annotations

from pathlib import Path

import pytest

from factsheet import Sheet

from .conftest import settled, worksheet

# As /work/shared/tools/keysmoke presses them, with the table keys of each pane.
WORKSHEET_KEYS = ["a", "e", "v", "s", "n", "slash", "f", "o", "S", "x", "I", "question_mark"]
WORKSHEET_KEYS += ["ctrl+p", "enter", "u", "1", "0", "j", "k", "G", "g", "home", "end", "d"]
WORKSHEET_KEYS += ["space", "pagedown"]
EVIDENCE_KEYS = ["a", "e", "d", "enter", "j", "k", "G", "g", "home", "end", "pageup", "space"]


def thin_sheet(folder: Path, kind: str) -> Path:
    path = folder / f"{kind}.json"
    with Sheet.create(path, title=kind.capitalize(), reviewer="t") as sheet:
        if kind == "claim only":
            sheet.add_claim("A claim nobody has looked at")
        elif kind == "source only":
            page = folder / "page.txt"
            page.write_text("A page with words and nothing else.\n", encoding="utf-8")
            sheet.add_source_file(page, title="Page")
    return path


@pytest.mark.parametrize("kind", ["empty", "claim only", "source only"])
async def test_every_key_in_every_pane_of_a_thin_sheet(tmp_path: Path, kind: str):
    path = thin_sheet(tmp_path, kind)
    async with worksheet(path, size=(80, 24)) as (app, pilot, screen):
        panes = {"claims": screen.claim_list, "evidence": screen.evidence.table}
        for pane, keys in (("claims", WORKSHEET_KEYS), ("evidence", EVIDENCE_KEYS)):
            for key in keys:
                panes[pane].focus()
                await pilot.press(key)
                assert app.crash is None and app.is_running, f"{key!r} in the {pane} pane"
                while app.screen is not screen:  # close what the key opened
                    await pilot.press("escape")
        await settled(pilot)
        assert app.crash is None and app.is_running
