"""What comes from a file is untrusted: an import is held to the rules a sheet is opened
with (one code path), numbers and strings a sheet cannot hold are refused with their
place, nothing is left half-made, and an archive path is checked again when it is read."""

from __future__ import annotations

import json
import os
import shutil
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DEMO_SHEET
from hostile import SECRET, UNSAFE, link_text_outside

from factsheet import SharedFileError, Sheet, SheetFileError
from factsheet.exchange import json_format


def demo_document() -> dict:
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        return json.loads(json_format.dumps(json_format.export_document(sheet)))


def first_snapshot(document: dict) -> dict:
    return document["sources"][0]["snapshots"][0]


BROKEN_RULES: dict[str, tuple[Callable[[dict], None], str]] = {
    "absolute text path": (
        lambda d: first_snapshot(d).update(text="/etc/passwd"),
        "at $.sources[0].snapshots[0].text: '/etc/passwd' is not a path inside the sheet's "
        "archive folder",
    ),
    "original path with ..": (
        lambda d: first_snapshot(d).update(original="../../../etc/passwd"),
        "at $.sources[0].snapshots[0].original: '../../../etc/passwd' is not a path inside",
    ),
    "a backslash path": (
        lambda d: first_snapshot(d).update(text="text\\..\\..\\x"),
        "is not a path inside",
    ),
    "an id with a trailing newline": (
        lambda d: d["claims"][0].update(id=d["claims"][0]["id"] + "\n"),
        "at $.claims[0].id: ",
    ),
    "a snapshot id with a trailing newline": (
        lambda d: first_snapshot(d).update(id="snap-abc\n"),
        "at $.sources[0].snapshots[0].id: 'snap-abc\\n' does not have the required form",
    ),
    "a timestamp in Arabic-Indic digits": (
        lambda d: d["claims"][0].update(created="٢٠١٦-11-30T09:00:00Z"),
        "at $.claims[0].created: ",
    ),
    "a rating off the sheet's scale": (
        lambda d: d["claims"][0].update(rating="pants-on-fire"),
        "at $.claims[0].rating: 'pants-on-fire' is not on the sheet's scale",
    ),
    "a scale without levels": (
        lambda d: d["sheet"].update(scale=[]),
        "at $.sheet.scale: needs at least 1 item(s)",
    ),
    "a claim text that is a number": (
        lambda d: d["claims"][0].update(text=5),
        "at $.claims[0].text: should be text, not a number",
    ),
    "a size beyond 64 bits, as a number": (
        lambda d: first_snapshot(d).update(size=1e30),
        "at $.sources[0].snapshots[0].size: should be integer, not a number",
    ),
}


def _import_both_ways(run, tmp_path: Path, raw: bytes) -> list[str]:
    """Import `raw` as a new sheet and into an existing one; both must refuse with one line
    and write nothing. Returns the two lines."""
    bad = tmp_path / "bad.json"
    bad.write_bytes(raw)
    target = tmp_path / "target.json"
    shutil.copy(DEMO_SHEET, target)
    before = target.read_bytes()
    lines = []
    for args in (["--into", tmp_path / "new.json"], ["--into", target]):
        result = run("import", bad, *args)
        assert result.exit_code == 1, result.output
        output = result.output.strip().splitlines()
        assert len(output) == 1 and output[0].startswith(f"Error: {bad}: "), output
        assert not UNSAFE.search(output[0])
        lines.append(output[0])
    assert target.read_bytes() == before
    assert not (tmp_path / "new.json").exists() and not (tmp_path / "new.archive").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json", "target.json"]
    return lines


@pytest.mark.parametrize("case", list(BROKEN_RULES))
def test_an_import_is_refused_by_the_rules_a_sheet_is_opened_with(
    tmp_path: Path, run, case: str
) -> None:
    document = demo_document()
    mutate, message = BROKEN_RULES[case]
    mutate(document)
    for line in _import_both_ways(run, tmp_path, json.dumps(document).encode()):
        assert message in line


def test_import_and_open_say_the_same_of_the_same_record(tmp_path: Path) -> None:
    """One code path: the rule that refuses an import refuses the same record on open."""
    document = demo_document()
    first_snapshot(document).update(text="/etc/passwd")
    with pytest.raises(SharedFileError) as imported:
        json_format.parse(json.dumps(document).encode(), "shared.json")
    sheet = tmp_path / "hand.json"
    shutil.copy(DEMO_SHEET, sheet)
    data = json.loads(sheet.read_bytes())
    source = next(iter(data["sources"].values()))
    source["snapshots"][0]["text"] = "/etc/passwd"
    sheet.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SheetFileError) as opened:
        Sheet.open(sheet)
    rule = "'/etc/passwd' is not a path inside the sheet's archive folder"
    assert rule in str(imported.value) and rule in str(opened.value)


UNREADABLE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "a 5,000-digit number": (
        lambda raw: raw.replace(b'"size": ', b'"size": ' + b"9" * 5000 + b', "x": ', 1),
        "line ",
    ),
    "an integer above 64 bits": (
        lambda raw: raw.replace(b'"size": ', b'"size": 36893488147419103232, "x": ', 1),
        "should be integer, not a number",
    ),
    "a lone surrogate": (
        lambda raw: raw.replace(b'"text": "', b'"text": "\\ud800', 1),
        "is not JSON (",
    ),
    "a lone low surrogate in a key": (
        lambda raw: raw.replace(b'"text": "', b'"\\udc00": 1, "text": "', 1),
        "is not JSON (",
    ),
    "Infinity": (
        lambda raw: raw.replace(b'"size": ', b'"size": Infinity, "x": ', 1),
        "holds Infinity, which JSON does not allow, at line ",
    ),
    "1e400": (
        lambda raw: raw.replace(b'"size": ', b'"size": 1e400, "x": ', 1),
        "line ",
    ),
    "a repeated key": (
        lambda raw: raw.replace(b'"rating": ', b'"rating": "true", "rating": ', 1),
        "repeats the key 'rating' in one object at line ",
    ),
}


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_numbers_and_strings_a_sheet_cannot_hold_are_one_line_and_nothing_is_written(
    tmp_path: Path, run, case: str
) -> None:
    raw = json_format.dumps(demo_document())
    change, message = UNREADABLE[case]
    bad = change(raw)
    assert bad != raw
    for line in _import_both_ways(run, tmp_path, bad):
        assert message in line


def test_a_failed_import_in_a_bundle_leaves_nothing_behind(tmp_path: Path, run) -> None:
    """The document is good, but an archive member is damaged: found while unpacking, after
    the document was read, and still nothing is left of the new sheet."""
    document = demo_document()
    bundle = tmp_path / "shared.zip"
    path = first_snapshot(document)["text"]
    with zipfile.ZipFile(bundle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sheet.json", json.dumps(document))
        archive.writestr(f"archive/{path}", os.urandom(4096).hex())
        info = archive.getinfo(f"archive/{path}")
    raw = bytearray(bundle.read_bytes())
    data = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[data + info.compress_size // 2] ^= 0xFF  # one flipped byte in the compressed data
    bundle.write_bytes(bytes(raw))
    result = run("import", bundle, "--into", tmp_path / "new.json")
    assert result.exit_code == 1 and result.output.count("\n") == 1, result.output
    assert f"archive/{path}: cannot be unpacked" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.zip"]


# Reading: paths are checked again, after every symbolic link is resolved.


@pytest.fixture
def escaping(demo_sheet: Path, tmp_path: Path) -> tuple[Path, str]:
    return demo_sheet, link_text_outside(demo_sheet, tmp_path / "secret.txt")


def test_a_symlink_out_of_the_archive_is_never_read(escaping: tuple[Path, str], run) -> None:
    sheet_path, source_id = escaping
    with (
        Sheet.open(sheet_path, writable=False) as sheet,
        pytest.raises(SheetFileError, match="leads outside the sheet's archive folder"),
    ):
        sheet.source_text(source_id)
    before = sheet_path.read_bytes()
    for args in (["check", sheet_path], ["check", sheet_path, "--save"]):
        result = run(*args)
        assert result.exit_code == 1 and SECRET not in result.output, result.output
        assert "leads outside the sheet's archive folder" in result.output
    result = run("provenance", sheet_path)  # looks across the sources it can read
    assert result.exit_code == 0 and SECRET not in result.output
    assert source_id not in result.output.split("shared passages")[-1]
    assert sheet_path.read_bytes() == before


def test_export_with_archives_never_packs_a_file_from_outside(
    escaping: tuple[Path, str], tmp_path: Path, run
) -> None:
    sheet_path, _ = escaping
    zipped = tmp_path / "out.zip"
    result = run("export", sheet_path, "--with-archives", "-o", zipped)
    assert result.exit_code == 1 and "leads outside the sheet's archive folder" in result.output
    assert not zipped.exists()


def test_a_fifo_in_the_archive_is_refused_not_waited_on(demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet, writable=False) as sheet:
        source = next(s for s in sheet.sources() if s.snapshots)
        text = demo_sheet.with_name("xiaomi.archive") / source.snapshots[-1]["text"]
        text.unlink()
        os.mkfifo(text)
        done = threading.Event()
        # Should the code ever open the FIFO to read, this lets it go (with no text) so
        # that the test fails instead of hanging.
        threading.Thread(target=_let_readers_go, args=(text, done), daemon=True).start()
        try:
            with pytest.raises(SheetFileError, match="is not a regular file"):
                sheet.source_text(source.id)
        finally:
            done.set()


def _let_readers_go(fifo: Path, done: threading.Event) -> None:
    while not done.wait(0.05):
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:  # no reader yet
            continue


def test_an_archive_folder_that_is_itself_a_link_is_followed(
    demo_sheet: Path, tmp_path: Path
) -> None:
    """Keeping the archive on another disk, linked beside the sheet, is a user's choice."""
    archive = demo_sheet.with_name("xiaomi.archive")
    elsewhere = tmp_path / "elsewhere"
    archive.rename(elsewhere)
    archive.symlink_to(elsewhere)
    with Sheet.open(demo_sheet, writable=False) as sheet:
        source = next(s for s in sheet.sources() if s.snapshots)
        assert sheet.source_text(source.id)
