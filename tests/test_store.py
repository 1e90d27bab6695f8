"""The sheet file: atomic saves, clear errors for damaged files, never a silent repair."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factsheet import InvalidInputError, ReadOnlyError, Sheet, SheetFileError, SheetLockedError
from factsheet.sheetfile import encode
from factsheet.store import lock_path


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
            "NaN": good.replace(b'"schema":1', b'"schema":NaN', 1),
            "no metadata": json.dumps({"claims": {}}).encode(),
            "tables not objects": json.dumps({"sheet": [], "claims": {}}).encode(),
            "a record not an object": _with_first_claim(good, ["not", "an", "object"]),
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


def _message(path: Path, content: bytes) -> str:
    path.write_bytes(content)
    with pytest.raises(SheetFileError) as raised:
        Sheet.open(path)
    return str(raised.value)


def test_a_newer_schema_is_refused_and_left_alone(demo_sheet: Path) -> None:
    data = json.loads(demo_sheet.read_bytes())
    data["sheet"]["meta"]["schema"] = 2
    newer = json.dumps(data).encode()
    demo_sheet.write_bytes(newer)
    with pytest.raises(SheetFileError, match=r"newer factsheet \(schema 2"):
        Sheet.open(demo_sheet)
    assert demo_sheet.read_bytes() == newer


def test_a_record_missing_fields_is_reported(demo_sheet: Path) -> None:
    data = json.loads(demo_sheet.read_bytes())
    claim_id = next(iter(data["claims"]))
    del data["claims"][claim_id]["text"]
    demo_sheet.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SheetFileError, match=f"record '{claim_id}' lacks fields a Claim needs"):
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
        on_disk = json.loads(sheet_file.read_bytes())
        assert on_disk["claims"][claim.id]["text"] == "Saved at once"
        sheet.set_verdict(claim.id, "false", rationale="Because")
        on_disk = json.loads(sheet_file.read_bytes())
        assert on_disk["claims"][claim.id]["rating"] == "false"
        assert len(on_disk["history"]) == 1
    assert not list(sheet_file.parent.glob(".case.json.*.tmp"))


DISK_FULL = """
import resource, signal, sys
from factsheet import Sheet, SheetFileError
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
with Sheet.open(sys.argv[1]) as sheet:
    resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
    try:
        sheet.add_claim("x" * 10000)
    except SheetFileError as error:
        print(error)
    print([claim.text for claim in sheet.claims()])
"""


def test_a_failed_save_keeps_the_last_saved_sheet(sheet_file: Path) -> None:
    """A write that fails (here: over a file-size limit, as on a full disk) changes nothing."""
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("Kept")
    before = sheet_file.read_bytes()
    done = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(sheet_file)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    message, claims = done.stdout.splitlines()
    assert (
        message
        == f"{sheet_file}: could not be saved (File too large); the last saved version is intact"
    )
    assert claims == "['Kept']"
    assert sheet_file.read_bytes() == before
    assert not list(sheet_file.parent.glob(".case.json.*.tmp"))


def test_a_failed_edit_rolls_back_memory_too(sheet_file: Path) -> None:
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("Kept")
        before = sheet_file.read_bytes()
        with pytest.raises(RuntimeError), sheet.store.transaction():
            sheet.store.insert("claims", "c-half", {"id": "c-half", "text": "half done"})
            raise RuntimeError("interrupted mid-edit")
        assert [claim.text for claim in sheet.claims()] == ["Kept"]
        assert sheet_file.read_bytes() == before


def test_stale_temporary_files_from_a_crash_are_cleared(sheet_file: Path) -> None:
    stale = sheet_file.with_name(f".{sheet_file.name}.abc123.tmp")
    stale.write_bytes(b'{"half": ')
    with Sheet.open(sheet_file, writable=False):
        assert stale.exists()
    with Sheet.open(sheet_file):
        assert not stale.exists()


def test_the_save_keeps_the_file_mode(sheet_file: Path) -> None:
    os.chmod(sheet_file, 0o640)
    with Sheet.open(sheet_file) as sheet:
        sheet.add_claim("x")
    assert sheet_file.stat().st_mode & 0o777 == 0o640


def test_a_second_writer_in_the_same_process_is_refused(sheet_file: Path) -> None:
    with Sheet.open(sheet_file):
        with pytest.raises(SheetLockedError, match="being edited in another factsheet process"):
            Sheet.open(sheet_file)
        with Sheet.open(sheet_file, writable=False) as reader:
            assert reader.summary().sources == 1
            with pytest.raises(ReadOnlyError):
                reader.add_claim("not allowed")
    assert lock_path(sheet_file).exists()
    with Sheet.open(sheet_file) as again:
        again.add_claim("after release")


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
        assert saved == encode(json.loads(saved))
        assert json.loads(saved) == json.loads(encode(sheet.store._storage.read()))


def test_background_saves_reach_the_disk_by_flush_and_close(sheet_file: Path) -> None:
    with Sheet.open(sheet_file, background_saves=True) as sheet:
        claim = sheet.add_claim("in the background")
        sheet.set_verdict(claim.id, "true")
        sheet.flush()
        assert json.loads(sheet_file.read_bytes())["claims"][claim.id]["rating"] == "true"
        sheet.set_verdict(claim.id, "false")
    assert json.loads(sheet_file.read_bytes())["claims"][claim.id]["rating"] == "false"


def test_a_failed_background_save_is_reported_and_raised_by_flush(tmp_path: Path) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    path = folder / "s.json"
    Sheet.create(path, title="S").close()
    errors: list[str] = []
    sheet = Sheet.open(path, background_saves=True, on_save_error=errors.append)
    shutil.rmtree(folder)  # the disk goes away under the open sheet
    sheet.add_claim("cannot be saved")
    with pytest.raises(
        SheetFileError, match=r"could not be saved .*the last change is not on disk"
    ):
        sheet.flush()
    assert errors and "No such file" in errors[0]
    with pytest.raises(SheetFileError):
        sheet.close()
    assert sheet.store._lock is None  # the lock is released even so
