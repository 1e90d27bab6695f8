"""The CLI around the app: `factsheet demo`'s working copy, which sheets `factsheet`
alone finds, what `factsheet new` says next, and columns that line up in any script."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import DEMO_SHEET, on_disk
from rich.cells import cell_len

from factsheet.cli.app import prepare_demo
from factsheet.folder import sheets_here


def test_the_demo_is_a_copy_in_a_folder_of_its_own_kept_between_runs(tmp_path: Path) -> None:
    tracked = DEMO_SHEET.read_bytes()
    folder = tmp_path / "demo"
    sheet = prepare_demo(folder)
    assert sheet == folder / "xiaomi.json"
    assert sheet.read_bytes() == tracked
    assert sorted(p.name for p in (folder / "xiaomi.archive").iterdir()) == sorted(
        p.name for p in DEMO_SHEET.with_name("xiaomi.archive").iterdir()
    )
    sheet.write_bytes(sheet.read_bytes().replace(b'"unproven"', b'"false"', 1))
    edited = sheet.read_bytes()
    assert prepare_demo(folder).read_bytes() == edited  # the reviewer's changes are kept
    assert prepare_demo(folder, fresh=True).read_bytes() == tracked  # --fresh starts over
    assert DEMO_SHEET.read_bytes() == tracked


def test_the_demo_folder_that_cannot_be_made_is_one_clear_error(tmp_path: Path) -> None:
    from factsheet.errors import InvalidInputError

    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(InvalidInputError, match="cannot copy the demo there"):
        prepare_demo(blocker / "demo")


def test_factsheet_alone_finds_sheets_here_and_in_sheets_but_not_other_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run
) -> None:
    monkeypatch.chdir(tmp_path)
    assert sheets_here() == []
    Path("package.json").write_text('{"name": "not a sheet"}', encoding="utf-8")
    Path("sheets").mkdir()
    run("new", "sheets/a.json", "--title", "A")
    run("new", "b.json", "--title", "B")
    assert sheets_here() == [Path("sheets/a.json"), Path("b.json")]


def test_new_says_how_to_open_the_sheet(tmp_path: Path, run) -> None:
    path = tmp_path / "my check.json"
    result = run("new", path, "--title", "Mine")
    assert result.exit_code == 0
    assert f"open it with: factsheet '{path}'" in result.output


def test_claim_list_columns_line_up_by_terminal_cells_with_wide_characters(
    tmp_path: Path, run
) -> None:
    path = tmp_path / "cjk.json"
    run("new", path, "--title", "CJK")
    run("claim", "add", path, "小米在硬件上不赚钱", "--claimant", "雷军（小米创始人兼首席执行官）")
    run("claim", "add", path, "Xiaomi makes no money", "--claimant", "Lei Jun")
    run("verdict", path, next(iter(on_disk(path)["claims"])), "mostly-false")
    lines = run("claim", "list", path).output.splitlines()
    assert len(lines) == 2
    # The claim text starts in the same terminal column on every line.
    starts = [
        cell_len(line[: line.index(text)])
        for line, text in zip(lines, ["小米在硬件", "Xiaomi makes"], strict=True)
    ]
    assert starts[0] == starts[1]
    assert "…" in lines[0]  # the long claimant is cut to its column, marked
