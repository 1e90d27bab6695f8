"""Where `factsheet export -o FILE` writes: never over the sheet itself (under any name),
another sheet, the evidence in the archive folder or a folder; into a device or a pipe
as it is; through a link into the file it names; and a full disk is an error, not a
crash."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from factsheet import Sheet


def _refused(run, sheet: Path, target: Path, message: str) -> None:
    before = sheet.read_bytes()
    result = run("export", sheet, "-o", target)
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    assert "wrote" not in result.output
    assert sheet.read_bytes() == before
    with Sheet.open(sheet, writable=False) as opened:
        assert opened.summary().quotes > 0


def test_the_sheet_itself_is_never_the_export_whatever_its_name(
    demo_sheet: Path, tmp_path: Path, run
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.json").symlink_to(demo_sheet)
    os.link(demo_sheet, tmp_path / "hard.json")
    for name in (demo_sheet, tmp_path / "sub" / ".." / demo_sheet.name, "link.json"):
        _refused(run, demo_sheet, tmp_path / name, "is the sheet itself")
    _refused(run, demo_sheet, tmp_path / "hard.json", "is the sheet itself")


def test_another_sheet_the_archive_and_a_folder_are_refused(
    demo_sheet: Path, tmp_path: Path, run
) -> None:
    other = tmp_path / "other.json"
    Sheet.create(other, title="Other").close()
    kept = other.read_bytes()
    _refused(run, demo_sheet, other, "is a factsheet sheet")
    assert other.read_bytes() == kept
    archive = demo_sheet.with_name(f"{demo_sheet.stem}.archive")
    evidence = next(path for path in archive.rglob("*") if path.is_file())
    held = evidence.read_bytes()
    _refused(run, demo_sheet, evidence, "inside the sheet's archive folder")
    _refused(run, demo_sheet, archive / "new.json", "inside the sheet's archive folder")
    assert evidence.read_bytes() == held and not (archive / "new.json").exists()
    folder = run("export", demo_sheet, "-o", tmp_path)
    assert folder.exit_code == 2 and "is a directory" in folder.output


def test_a_link_is_written_through_and_kept(demo_sheet: Path, tmp_path: Path, run) -> None:
    plain, real, link = tmp_path / "plain.json", tmp_path / "real.json", tmp_path / "link.json"
    assert run("export", demo_sheet, "-o", plain).exit_code == 0
    real.write_text("an old export\n", encoding="utf-8")
    link.symlink_to(real)
    assert run("export", demo_sheet, "-o", link).exit_code == 0
    assert link.is_symlink() and link.resolve() == real
    assert real.read_bytes() == plain.read_bytes()


def test_a_pipe_is_written_into_not_replaced(demo_sheet: Path, tmp_path: Path, run) -> None:
    plain, fifo = tmp_path / "plain.json", tmp_path / "fifo"
    assert run("export", demo_sheet, "-o", plain).exit_code == 0
    os.mkfifo(fifo)
    nobody = run("export", demo_sheet, "-o", fifo)  # no reader: refused, not waited on
    assert nobody.exit_code == 1 and "is a pipe that nothing reads from" in nobody.output
    # A reader is there before the export; a writer of the test's own keeps it from seeing
    # the end of the pipe until the export is done, whatever the export did.
    read_end = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    spare = os.open(fifo, os.O_WRONLY)
    os.set_blocking(read_end, True)
    received: list[bytes] = []

    def read_all() -> None:
        while piece := os.read(read_end, 65536):
            received.append(piece)
        os.close(read_end)

    reader = threading.Thread(target=read_all)
    reader.start()
    result = run("export", demo_sheet, "-o", fifo)
    os.close(spare)
    reader.join()
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert b"".join(received) == plain.read_bytes()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_an_error_not_a_crash(demo_sheet: Path, tmp_path: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [sys.executable, "-m", "factsheet", "export", str(demo_sheet)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env={**os.environ, "XDG_STATE_HOME": str(tmp_path / "state")},
        )
    assert done.returncode == 1
    assert done.stderr == "Error: cannot write the output (No space left on device)\n"
    assert not (tmp_path / "state").exists()  # no crash log
