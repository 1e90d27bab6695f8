"""The sheet file: atomic saves, clear errors for damaged files, never a silent repair, and
never a save over a file this process has not seen."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from conftest import on_disk

from factsheet import InvalidInputError, ReadOnlyError, Sheet, SheetFileError
from factsheet.storage.atomic import (
    BackgroundSaver,
    FileChangedError,
    signature,
    write_atomically,
)
from factsheet.storage.fileformat import encode, parse
from factsheet.storage.locking import STALE_AFTER, lock_path


def corrupt_variants(good: bytes) -> dict[str, bytes]:
    """Damaged versions of a sheet file, as disks, editors and crashes produce them."""
    variants = {f"truncated at {n}": good[:n] for n in range(1, len(good) - 1, len(good) // 60)}
    variants.update(
        {
            "truncated by one byte": good[:-2],
            "empty": b"",
            "only whitespace": b"\n \n",
            "all NUL bytes": b"\x00" * len(good),
            "trailing garbage": good + b"}garbage",
            "a byte-order mark": b"\xef\xbb\xbf" + good,
            "invalid UTF-8": good.replace(b"Xiaomi", b"Xia\xffmi", 1),
            "not JSON": b"title: Xiaomi\nclaims: []\n",
            "a JSON list": b"[1, 2, 3]\n",
            "a JSON string": b'"sheet"\n',
            "NaN": good.replace(b'"schema":3', b'"schema":NaN', 1),
            "no metadata": json.dumps({"claims": {}}).encode(),
            "tables not objects": json.dumps({"sheet": [], "claims": {}}).encode(),
            "a record not an object": _with_first_claim(good, ["not", "an", "object"]),
            "a document id not a number": good.replace(
                b'    "1": {"id":"c-', b'    "x": {"id":"c-', 1
            ),
        }
    )
    return variants


def _with_first_claim(good: bytes, value: object) -> bytes:
    data = json.loads(good)
    data["claims"][next(iter(data["claims"]))] = value
    return json.dumps(data).encode()


def test_corrupt_files_give_one_clear_line_and_stay_byte_for_byte(demo_sheet: Path) -> None:
    good = demo_sheet.read_bytes()
    variants = corrupt_variants(good)
    assert len(variants) > 60
    assert good not in variants.values()
    for name, content in variants.items():
        demo_sheet.write_bytes(content)
        for writable in (True, False):
            with pytest.raises(SheetFileError) as raised:
                Sheet.open(demo_sheet, writable=writable)
            message = str(raised.value)
            assert message.startswith(str(demo_sheet)), name
            assert "\n" not in message, name
            assert demo_sheet.read_bytes() == content, f"{name}: the file was changed"
    assert "truncated or corrupt" in _message(demo_sheet, good[: len(good) // 2])
    assert "is empty" in _message(demo_sheet, b"")
    assert "byte-order mark" in _message(demo_sheet, variants["a byte-order mark"])
    assert "not valid UTF-8" in _message(demo_sheet, variants["invalid UTF-8"])
    assert "not a factsheet sheet" in _message(demo_sheet, variants["a JSON list"])
    assert "is not an object" in _message(demo_sheet, variants["a record not an object"])
    assert "not a positive whole number" in _message(
        demo_sheet, variants["a document id not a number"]
    )


def _message(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    with pytest.raises(SheetFileError) as raised:
        Sheet.open(path)
    return str(raised.value)


def test_a_newer_schema_is_refused_and_left_alone(demo_sheet: Path) -> None:
    newer = demo_sheet.read_bytes().replace(b'"schema":3', b'"schema":4', 1)
    demo_sheet.write_bytes(newer)
    with pytest.raises(SheetFileError, match=r"newer factsheet \(schema 4"):
        Sheet.open(demo_sheet)
    assert demo_sheet.read_bytes() == newer


def test_a_record_missing_fields_is_reported_with_its_place(demo_sheet: Path) -> None:
    data = json.loads(demo_sheet.read_bytes())
    record = data["claims"]["1"]
    del record["text"]
    demo_sheet.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(
        SheetFileError, match=rf"at claims\[{record['id']}\]: lacks the field 'text'"
    ):
        Sheet.open(demo_sheet, writable=False)


def test_corrupt_sheet_through_the_cli_is_one_error_line(demo_sheet: Path, run) -> None:
    truncated = demo_sheet.read_bytes()[:500]
    demo_sheet.write_bytes(truncated)
    for args in (["info", demo_sheet], ["claim", "add", demo_sheet, "x"]):
        result = run(*args)
        assert result.exit_code == 1
        assert result.output.count("\n") == 1
        assert "is not valid JSON" in result.output
    assert demo_sheet.read_bytes() == truncated


def test_every_edit_is_saved_before_the_call_returns(sheet_file: Path) -> None:
    with Sheet.open(sheet_file, reviewer="r") as sheet:
        claim = sheet.add_claim("Saved at once")
        assert on_disk(sheet_file)["claims"][claim.id]["text"] == "Saved at once"
        sheet.set_verdict(claim.id, "false", rationale="Because")
        assert on_disk(sheet_file)["claims"][claim.id]["rating"] == "false"
        assert len(on_disk(sheet_file)["history"]) == 1
    assert not list(sheet_file.parent.glob(".case.json.*.tmp"))


def test_every_edit_moves_the_sheets_updated_time(sheet_file: Path) -> None:
    ticks = iter(f"2030-01-01T00:00:{n:02d}Z" for n in range(60))
    with Sheet.open(sheet_file, clock=lambda: next(ticks)) as sheet:
        claim = sheet.add_claim("one")
        first = on_disk(sheet_file)["sheet"]["meta"]["updated"]
        sheet.set_status(claim.id, "done")
        assert on_disk(sheet_file)["sheet"]["meta"]["updated"] > first


DISK_FULL = """
import resource, signal, sys
from factsheet import Sheet, SheetFileError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
sheet = Sheet.open(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
try:
    sheet.add_claim("x" * 10000)
except SheetFileError as error:
    print(error)
print(sheet.saved)
"""


def test_a_failed_save_keeps_the_last_saved_sheet(sheet_file: Path) -> None:
    """A write that fails (here: over a file-size limit, as on a full disk) changes nothing
    on disk, and says so."""
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("Kept")
    before = sheet_file.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(sheet_file)], capture_output=True, text=True
    )
    message, saved = done.stdout.splitlines()[:2]
    assert (
        message
        == f"{sheet_file}: could not be saved (File too large); the last saved version is intact"
    )
    assert saved == "False"
    assert sheet_file.read_bytes() == before
    assert not list(sheet_file.parent.glob(".case.json.*.tmp"))


def test_a_failed_edit_changes_nothing(sheet_file: Path) -> None:
    with Sheet.open(sheet_file) as sheet:
        claim = sheet.add_claim("Kept")
        before = sheet_file.read_bytes()
        with pytest.raises(InvalidInputError):
            sheet.add_quote(claim.id, sheet.sources()[0].id, "words the source never had")
        with pytest.raises(InvalidInputError):
            sheet.set_verdict(claim.id, "maybe")
        assert [c.text for c in sheet.claims()] == ["Kept"]
        assert sheet_file.read_bytes() == before


def test_stale_temporary_files_from_a_crash_are_cleared_on_the_next_save(
    sheet_file: Path,
) -> None:
    stale = sheet_file.with_name(f".{sheet_file.name}.abc123.tmp")
    stale.write_bytes(b'{"half": ')
    fresh = sheet_file.with_name(f".{sheet_file.name}.def456.tmp")
    fresh.write_bytes(b'{"being written by another process": ')
    old = time.time() - STALE_AFTER - 60
    os.utime(stale, (old, old))
    with Sheet.open(sheet_file, writable=False):
        assert stale.exists()
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("x")
        assert not stale.exists()
        assert fresh.exists()


def test_the_save_keeps_the_file_mode(sheet_file: Path) -> None:
    os.chmod(sheet_file, 0o640)
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("x")
    assert sheet_file.stat().st_mode & 0o777 == 0o640


def test_two_open_sheets_on_one_file_both_keep_their_edits(sheet_file: Path) -> None:
    """No session lock: each edit starts from the file's latest contents."""
    with Sheet.open(sheet_file) as first, Sheet.open(sheet_file) as second:
        a = first.add_claim("from the first")
        b = second.add_claim("from the second")
        first.set_verdict(b.id, "true")  # sees the second's claim
        second.set_status(a.id, "done")
        claims = on_disk(sheet_file)["claims"]
        assert [c["text"] for c in claims.values()] == ["from the first", "from the second"]
        assert claims[b.id]["rating"] == "true" and claims[a.id]["status"] == "done"
        assert first.claim(a.id).status == "new"  # reads are of what it has seen ...
        assert first.refresh()  # ... until it takes in what others saved
        assert first.claim(a.id).status == "done"


def test_a_sheet_opened_to_read_refuses_edits(sheet_file: Path) -> None:
    with Sheet.open(sheet_file, writable=False) as reader:
        assert reader.summary().sources == 1
        with pytest.raises(ReadOnlyError):
            reader.add_claim("not allowed")


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write any file")
def test_a_sheet_the_user_cannot_write_is_refused_for_editing(sheet_file: Path) -> None:
    os.chmod(sheet_file, 0o444)
    with pytest.raises(ReadOnlyError, match="cannot write this sheet"):
        Sheet.open(sheet_file)


def test_an_acknowledged_edit_survives_a_writer_whose_lock_was_deleted(
    sheet_file: Path, run
) -> None:
    """As on a filesystem without working locks: the app has the sheet open, the lock file
    goes away, a command's edit is acknowledged; the app's next save must keep it."""
    app = Sheet.open(sheet_file, background_saves=True)
    try:
        app.add_claim("before")
        app.flush()
        lock_path(sheet_file).unlink()
        result = run("claim", "add", sheet_file, "acknowledged by the CLI")
        assert result.exit_code == 0
        lock_path(sheet_file).unlink()
        app.add_claim("after")
        app.flush()
    finally:
        app.close()
    texts = [c["text"] for c in on_disk(sheet_file)["claims"].values()]
    assert texts == ["before", "acknowledged by the CLI", "after"]


def test_a_file_changed_after_the_check_is_not_replaced(tmp_path: Path) -> None:
    path = tmp_path / "f.json"
    write_atomically(path, b"one")
    seen = signature(path)
    path.write_bytes(b"two, written in place by someone else")
    with pytest.raises(FileChangedError):
        write_atomically(path, b"three", expect=seen)
    assert path.read_bytes() == b"two, written in place by someone else"
    assert not list(tmp_path.glob(".f.json.*.tmp"))


def test_a_symlinked_sheet_is_written_through_to_its_target(sheet_file: Path, run) -> None:
    link = sheet_file.with_name("link.json")
    link.symlink_to(sheet_file.name)
    assert run("claim", "add", link, "through the link").exit_code == 0
    assert link.is_symlink()
    assert [c["text"] for c in on_disk(sheet_file)["claims"].values()] == ["through the link"]
    assert lock_path(sheet_file).exists() and not lock_path(link).exists()


def test_saves_reencode_only_changed_records_yet_match_a_full_encode(sheet_file: Path) -> None:
    """The per-record line cache never leaves a stale record in the file."""
    with Sheet.open(sheet_file, reviewer="r") as sheet:
        source = sheet.sources()[0]
        claims = [sheet.add_claim(f"claim {n}") for n in range(5)]
        quote = sheet.add_quote(claims[0].id, source.id, "not making any money")
        sheet.set_verdict(claims[1].id, "false", rationale="one")
        sheet.edit_claim(claims[2].id, text="edited", tags=["x"])
        sheet.edit_quote(quote.id, note="noted")
        sheet.delete_claim(claims[3].id)
        sheet.undo()
        sheet.undo()
        sheet.set_status(claims[4].id, "done")
        with pytest.raises(InvalidInputError):
            sheet.add_quote(claims[0].id, source.id, "not in the text at all")
        saved = sheet_file.read_bytes()
        assert saved == encode(parse(saved, sheet_file))


def test_background_saves_reach_the_disk_by_flush_and_close(sheet_file: Path) -> None:
    with Sheet.open(sheet_file, background_saves=True) as sheet:
        claim = sheet.add_claim("in the background")
        sheet.set_verdict(claim.id, "true")
        sheet.flush()
        assert on_disk(sheet_file)["claims"][claim.id]["rating"] == "true"
        sheet.set_verdict(claim.id, "false")
    assert on_disk(sheet_file)["claims"][claim.id]["rating"] == "false"


def test_a_held_save_waits_for_the_pause_and_flush_does_not_wait_for_it(
    sheet_file: Path,
) -> None:
    """The app holds background saves while keys come (so that writing a large file does
    not slow the screen): a held edit is not on disk until the hold ends, and `flush`
    (quitting, another command) saves at once whatever the hold says."""
    asked = threading.Event()
    pause = threading.Event()

    def hold() -> float:
        asked.set()
        return 0.0 if pause.is_set() else 60.0

    with Sheet.open(sheet_file, background_saves=True) as sheet:
        sheet._store._saver.MAX_HOLD = 120.0  # type: ignore[union-attr]
        sheet.pace_saves(hold)
        claim = sheet.add_claim("held back while keys come")
        assert asked.wait(30)  # the saver has asked, and holds the save
        assert claim.id not in on_disk(sheet_file)["claims"]
        sheet.flush()
        assert claim.id in on_disk(sheet_file)["claims"]
        # After a flush, saves are held again until the keys pause.
        asked.clear()
        sheet.set_verdict(claim.id, "true")
        assert asked.wait(30)
        assert on_disk(sheet_file)["claims"][claim.id]["rating"] != "true"
        pause.set()  # the keys pause: the saver, asked again, saves without a flush
        saver = sheet._store._saver
        assert saver is not None
        with saver._condition:
            saver._condition.notify_all()
        deadline = time.monotonic() + 60
        while on_disk(sheet_file)["claims"][claim.id]["rating"] != "true":
            assert time.monotonic() < deadline, "the save never came after the pause"
            time.sleep(0.01)


def test_a_save_is_held_one_second_at_most() -> None:
    """Keys that never pause (a key held down) delay a save by `MAX_HOLD` at most."""
    saved = threading.Event()
    saver = BackgroundSaver(saved.set, "held")
    saver.MAX_HOLD = 0.05
    saver.hold = lambda: 60.0
    try:
        saver.request()
        assert saved.wait(30)
    finally:
        saver.close()


def test_a_failed_background_save_is_reported_and_raised_by_flush(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    path = folder / "s.json"
    Sheet.create(path, title="S").close()
    errors: list[str] = []
    sheet = Sheet.open(path, background_saves=True, on_save_error=errors.append)
    shutil.rmtree(folder)  # the disk goes away under the open sheet
    sheet.add_claim("cannot be saved")
    with pytest.raises(SheetFileError, match=r"could not be saved|cannot be|moved or deleted"):
        sheet.flush()
    assert errors
    with pytest.raises(SheetFileError):
        sheet.close()


def test_two_saves_by_others_in_one_tick_of_a_coarse_clock_are_noticed(sheet_file: Path) -> None:
    """On a file system whose clock ticks in seconds (FAT, some network mounts) two saves
    by others of equal size can carry the time of the version this process read, and a
    freed inode number goes to the next new file: the file would look unchanged and this
    process's save would go over theirs."""
    with Sheet.open(sheet_file) as sheet:
        claim = sheet.add_claim("version 000").id
    with Sheet.open(sheet_file, reviewer="ada") as reader:
        tick = sheet_file.stat().st_mtime_ns
        unnoticed = 0
        for n in range(1, 100):
            raw = sheet_file.read_bytes()
            for text in (f"between {n:03}", f"version {n:03}"):  # equal sizes, in one tick
                raw = re.sub(rb'"(version|between) \d{3}"', f'"{text}"'.encode(), raw)
                write_atomically(sheet_file, raw)
                os.utime(sheet_file, ns=(tick, tick))
            if not reader.changed_on_disk():
                unnoticed += 1
            reader.refresh()
            assert reader.claim(claim).text == f"version {n:03}"
        assert unnoticed == 0, f"{unnoticed} of 99 changes by others went unnoticed"
        reader.add_claim("the reader's own")
    texts = [c["text"] for c in on_disk(sheet_file)["claims"].values()]
    assert texts == ["version 099", "the reader's own"]


def test_a_save_by_another_process_while_this_one_reads_the_file_is_not_lost(
    sheet_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a sheet again (the app does every half second) must pair the bytes it read
    with that version of the file, not with one saved a moment later."""
    from factsheet.storage import fileformat

    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("first")
    parse = fileformat.load
    with Sheet.open(sheet_file, reviewer="ada") as reader:
        with Sheet.open(sheet_file) as other:
            other.add_claim("read by the reader")
            writes = iter([lambda: other.add_claim("saved while the reader parses")])

            def parse_while_another_saves(file: BinaryIO, path: Path) -> tuple[Any, Any]:
                found = parse(file, path)
                for write in writes:
                    write()
                return found

            monkeypatch.setattr(fileformat, "load", parse_while_another_saves)
            reader.refresh()
            monkeypatch.setattr(fileformat, "load", parse)
        reader.add_claim("the reader's own")
    texts = [c["text"] for c in on_disk(sheet_file)["claims"].values()]
    assert texts == [
        "first",
        "read by the reader",
        "saved while the reader parses",
        "the reader's own",
    ]
