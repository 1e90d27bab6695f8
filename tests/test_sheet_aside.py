"""Checking a sheet's records in a second process (`sheet.aside`), as `factsheet export`
does: the same word as a check made in the process, given when the sheet is closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from factsheet import SheetFileError
from factsheet.sheet import check_contents
from factsheet.sheet.aside import PendingCheck
from factsheet.storage.fileformat import Contents, read_contents


def _damaged(demo_sheet: Path) -> Contents:
    contents = read_contents(demo_sheet)
    claim = next(iter(contents.tables["claims"].records.values()))
    claim["rating"] = "pants-on-fire"
    return contents


def test_the_child_finds_what_a_check_here_finds(demo_sheet: Path) -> None:
    contents = _damaged(demo_sheet)
    with pytest.raises(SheetFileError) as here:
        check_contents(contents, demo_sheet)
    pending = PendingCheck(check_contents, contents, demo_sheet)
    with pytest.raises(SheetFileError) as aside:
        pending.verdict()
    assert str(aside.value) == str(here.value)
    assert "'pants-on-fire' is not on the sheet's scale" in str(aside.value)
    pending.verdict()  # said once


def test_a_sheet_that_passes_passes(demo_sheet: Path) -> None:
    PendingCheck(check_contents, read_contents(demo_sheet), demo_sheet).verdict()


def test_a_child_that_dies_or_meets_a_bug_leaves_the_check_to_the_process(
    demo_sheet: Path,
) -> None:
    parent = os.getpid()

    def killed_there(contents: Contents, path: Path) -> None:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        raise SheetFileError("checked here")

    with pytest.raises(SheetFileError, match="checked here"):
        PendingCheck(killed_there, read_contents(demo_sheet), demo_sheet).verdict()

    def buggy(contents: Contents, path: Path) -> None:
        raise RuntimeError(f"a bug in {'the child' if os.getpid() != parent else 'here'}")

    with pytest.raises(RuntimeError, match="a bug in here"):
        PendingCheck(buggy, read_contents(demo_sheet), demo_sheet).verdict()


def test_export_as_a_process_writes_what_export_in_the_process_writes(
    demo_sheet: Path, tmp_path: Path, run
) -> None:
    here, there = tmp_path / "here.json", tmp_path / "there.json"
    assert run("export", demo_sheet, "-o", here).exit_code == 0
    done = subprocess.run(
        [sys.executable, "-m", "factsheet", "export", str(demo_sheet), "-o", str(there)],
        capture_output=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert there.read_bytes() == here.read_bytes()
