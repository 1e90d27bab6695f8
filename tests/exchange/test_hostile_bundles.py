"""Zip bundles built to hurt: bombs in the document and in archive members, sizes that lie,
damaged and encrypted members. Each is one line; memory stays near the cap; nothing is
written, not even half of a new sheet."""

from __future__ import annotations

import io
import json
import tracemalloc
import zipfile
from functools import cache
from pathlib import Path

import pytest
from conftest import DEMO_SHEET

from factsheet import SharedFileError, Sheet
from factsheet.exchange import bundle, json_format

MB = 1024**2


def demo_document() -> dict:
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        return json.loads(json_format.dumps(json_format.export_document(sheet)))


@cache
def document_bomb() -> bytes:
    """A bundle of a few MB whose sheet.json inflates to 1 GiB (made once per run)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z,
        z.open("sheet.json", "w", force_zip64=True) as member,
    ):
        chunk = b" " * MB
        for _ in range(1024):
            member.write(chunk)
    return buffer.getvalue()


def with_member(tmp_path: Path, content: bytes, *, name: str | None = None) -> Path:
    """A bundle of the demo document with one archive member holding `content` (by default
    under the path of the first snapshot's text)."""
    document = demo_document()
    path = name or document["sources"][0]["snapshots"][0]["text"]
    shared = tmp_path / "shared.zip"
    with zipfile.ZipFile(shared, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("sheet.json", json.dumps(document))
        z.writestr(f"archive/{path}", content)
    return shared


def assert_nothing_written(tmp_path: Path, *keep: str) -> None:
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)


def test_a_document_bomb_is_refused_without_inflating_it(tmp_path: Path, run) -> None:
    shared = tmp_path / "bomb.zip"
    shared.write_bytes(document_bomb())
    assert shared.stat().st_size < 8 * MB
    tracemalloc.start()
    try:
        with pytest.raises(SharedFileError, match="unpack to more than 104,857,600 bytes"):
            bundle.read_bundle(shared, "bomb.zip")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB, f"peak {peak:,} bytes"
    result = run("import", shared, "--into", tmp_path / "new.json")
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert_nothing_written(tmp_path, "bomb.zip")


def test_an_archive_member_over_the_cap_is_refused_and_nothing_written(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "MAX_MEMBER_BYTES", 4 * MB)
    shared = with_member(tmp_path, b"\0" * (64 * MB))
    assert shared.stat().st_size < MB
    result = run("import", shared, "--into", tmp_path / "new.json")
    assert result.exit_code == 1 and "would unpack to more than 4,194,304 bytes" in result.output
    assert_nothing_written(tmp_path, "shared.zip")


def test_members_over_the_total_cap_are_refused(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bundle, "MAX_ARCHIVE_BYTES", 2 * MB)
    document = demo_document()
    shared = tmp_path / "shared.zip"
    with zipfile.ZipFile(shared, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("sheet.json", json.dumps(document))
        for path in bundle.snapshot_paths(document):
            z.writestr(f"archive/{path}", b"\0" * MB)
    result = run("import", shared, "--into", tmp_path / "new.json")
    assert result.exit_code == 1 and "would unpack to more than 2,097,152 bytes" in result.output
    assert_nothing_written(tmp_path, "shared.zip")


def _lie_about_size(shared: Path, member: str, size: int) -> None:
    """Make the zip's central directory declare `size` bytes for `member`."""
    raw = bytearray(shared.read_bytes())
    central = raw.find(member.encode(), raw.find(b"PK\x01\x02")) - 46
    assert raw[central : central + 4] == b"PK\x01\x02"
    raw[central + 24 : central + 28] = size.to_bytes(4, "little")  # uncompressed size
    shared.write_bytes(bytes(raw))


def test_a_member_larger_than_it_declares_is_refused(tmp_path: Path, run) -> None:
    """The real bytes count, not the sizes a zip claims: inflation stops where it declared
    it would end, and the member is refused (its checksum no longer matches)."""
    document = demo_document()
    path = document["sources"][0]["snapshots"][0]["text"]
    shared = with_member(tmp_path, b"A" * (8 * MB))
    _lie_about_size(shared, f"archive/{path}", 100)
    result = run("import", shared, "--into", tmp_path / "new.json")
    assert result.exit_code == 1 and f"archive/{path}: cannot be unpacked" in result.output
    assert result.output.count("\n") == 1
    assert_nothing_written(tmp_path, "shared.zip")


def test_a_document_larger_than_it_declares_stops_at_the_cap(tmp_path: Path) -> None:
    """Whatever the zip declares, no more than the cap is ever inflated into memory."""
    shared = tmp_path / "bomb.zip"
    shared.write_bytes(document_bomb())
    _lie_about_size(shared, "sheet.json", 1000)
    with pytest.raises(SharedFileError, match=r"sheet\.json: cannot be unpacked"):
        bundle.read_bundle(shared, "bomb.zip")
    _lie_about_size(shared, "sheet.json", 6 * MB)  # under the cap: inflated, then refused
    tracemalloc.start()
    try:
        with pytest.raises(SharedFileError, match=r"sheet\.json: cannot be unpacked"):
            bundle.read_bundle(shared, "bomb.zip", max_bytes=8 * MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB + 4 * MB, f"peak {peak:,} bytes"


def test_an_encrypted_member_is_one_line(tmp_path: Path, run) -> None:
    shared = with_member(tmp_path, b"text of the page")
    raw = bytearray(shared.read_bytes())
    member = raw.find(b"archive/") - 30  # the local header of the archive member
    central = raw.find(b"archive/", raw.find(b"PK\x01\x02")) - 46
    for header, flags in ((member, 6), (central, 8)):
        raw[header + flags] |= 1  # "encrypted"
    shared.write_bytes(bytes(raw))
    result = run("import", shared, "--into", tmp_path / "new.json")
    assert result.exit_code == 1 and "cannot be unpacked" in result.output, result.output
    assert_nothing_written(tmp_path, "shared.zip")


def test_a_member_twice_and_a_truncated_zip_are_one_line(tmp_path: Path, run) -> None:
    twice = tmp_path / "twice.zip"
    with zipfile.ZipFile(twice, "w") as z:
        z.writestr("sheet.json", json.dumps(demo_document()))
        with pytest.warns(UserWarning):
            z.writestr("sheet.json", b"{}")
    result = run("import", twice, "--into", tmp_path / "a.json")
    assert result.exit_code == 1 and "holds 'sheet.json' twice" in result.output
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(document_bomb()[: 64 * 1024])
    result = run("import", truncated, "--into", tmp_path / "b.json")
    assert result.exit_code == 1 and "is not a valid zip file" in result.output
    assert_nothing_written(tmp_path, "twice.zip", "truncated.zip")


def test_unpacking_streams_to_disk(tmp_path: Path) -> None:
    """A large archive member is copied to disk chunk by chunk, never held whole."""
    shared = with_member(tmp_path, b"x" * (48 * MB))
    document = bundle.read_bundle(shared, "shared.zip")
    tracemalloc.start()
    try:
        with bundle.unpacked(shared, "shared.zip", document, tmp_path / "s.json") as staged:
            (path,) = staged.paths
            assert (staged.folder / path).stat().st_size == 48 * MB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * MB, f"peak {peak:,} bytes"
    assert_nothing_written(tmp_path, "shared.zip")  # the staging folder is gone
