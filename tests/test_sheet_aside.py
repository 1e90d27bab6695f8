"""Checking a sheet's records in a second process (`sheet.aside`), as `factsheet export`
does: the same word as a check made in the process, given when the sheet is closed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from factsheet import Sheet, SheetFileError
from factsheet.sheet import aside, check_contents
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


def test_an_open_checked_aside_says_at_close_and_a_later_read_is_checked_at_once(
    demo_sheet: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(aside, "wanted", lambda: True)  # as in a process of its own
    good = demo_sheet.read_bytes()
    damaged = good.replace(b'"rating":"', b'"rating":"pants-on-fire-', 1)
    assert damaged != good
    demo_sheet.write_bytes(damaged)
    sheet = Sheet.open(demo_sheet, writable=False)
    with pytest.raises(SheetFileError, match="is not on the sheet's scale"):
        sheet.close()
    demo_sheet.write_bytes(good)
    with Sheet.open(demo_sheet, writable=False) as sheet:
        demo_sheet.write_bytes(damaged)  # as by another program, after the open
        with pytest.raises(SheetFileError, match="is not on the sheet's scale"):
            sheet.refresh()


def _endless(contents: Contents, path: Path) -> None:
    time.sleep(600)  # a check that would outlive the test, if its child were left running


def _gone(child: int) -> bool:
    """Whether the child has ended and been reaped (not running, not a zombie); a child
    still there is ended now, so that a failing test leaves nothing behind."""
    try:
        os.waitpid(child, os.WNOHANG)
    except ChildProcessError:
        return True
    os.kill(child, signal.SIGKILL)
    os.waitpid(child, 0)
    return False


def test_ctrl_c_while_the_process_forks_is_raised_and_leaves_no_child(
    demo_sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_fork, children = os.fork, []

    def fork_and_ctrl_c() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
            # The key pressed while the process forks (sent to this thread: a test runner's
            # other threads would take a signal sent to the process; a command has none).
            signal.pthread_kill(threading.get_ident(), signal.SIGINT)
        return pid

    monkeypatch.setattr(os, "fork", fork_and_ctrl_c)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        with pytest.raises(KeyboardInterrupt):
            PendingCheck(_endless, read_contents(demo_sheet), demo_sheet)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert len(children) == 1 and _gone(children[0])


def test_ctrl_c_while_waiting_for_the_word_leaves_no_child(
    demo_sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pending = PendingCheck(_endless, read_contents(demo_sheet), demo_sheet)
    child = pending._pid
    assert child is not None

    def interrupted(fd: int) -> bytes:
        raise KeyboardInterrupt

    monkeypatch.setattr(aside, "_read_all", interrupted)
    with pytest.raises(KeyboardInterrupt):
        pending.verdict()
    assert _gone(child)
