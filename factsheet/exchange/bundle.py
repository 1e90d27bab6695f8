"""A sheet with its archives in one zip file: the exchange JSON plus every snapshot's files.

    sheet.json              the exchange document (json_format)
    archive/<path>          each snapshot's original (copied file or WARC) and text

A bundle comes from someone else, so reading one trusts nothing it declares:
only the paths the checked document's snapshots name are taken (the document's
rules keep them inside the archive folder), and every member is inflated by
streaming, counting the bytes that really come out, so that a zip bomb stops at
the cap whatever sizes the zip claims. The document is read into memory up to
its cap; archive files are streamed to disk, into a folder of their own beside
the sheet, and moved into the archive folder only once all of them are in.
Writing reads each archive file through `validate.archive_file`, so that a
symbolic link in the archive never packs a file from elsewhere.
"""

from __future__ import annotations

import io
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from factsheet.errors import SharedFileError, SheetFileError
from factsheet.exchange.json_format import MAX_BYTES, Document, export_bytes, parse
from factsheet.safe_text import one_line
from factsheet.validate import archive_file

DOCUMENT = "sheet.json"
MAX_MEMBER_BYTES = 256 * 1024**2  # one archive file: far beyond a capped page or a source file
MAX_ARCHIVE_BYTES = 2 * 1024**3  # all of a bundle's archive files together
_CHUNK = 1024**2
# What a damaged or hostile zip raises while a member is read.
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


def snapshot_paths(document: Document) -> list[str]:
    """The archive-relative paths a document's snapshots refer to, in a stable order."""
    paths = {
        path
        for source in document["sources"]
        for snapshot in source["snapshots"]
        for path in (snapshot["original"], snapshot["text"], snapshot.get("visible", ""))
        if path
    }
    return sorted(paths)


# Writing


def write_bundle(document: Document, archive_dir: Path) -> bytes:
    """The zip of `document` (made by `export_document`) and the archive files its snapshots
    name (those that are there)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(_entry(DOCUMENT), export_bytes(document))
        for path in snapshot_paths(document):
            if not (archive_dir / path).exists() and not (archive_dir / path).is_symlink():
                continue  # a snapshot whose file is gone: the document still records it
            file = archive_file(archive_dir, path, "a snapshot's file")
            try:
                bundle.writestr(_entry(f"archive/{path}"), file.read_bytes())
            except OSError as error:
                raise SheetFileError(f"{file}: cannot be read ({error.strerror})") from None
    return buffer.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    """A member with a fixed date, so that the same sheet gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


# Reading


def is_bundle(head: bytes) -> bool:
    """Whether a file starting with `head` is a zip file."""
    return head[:4] == b"PK\x03\x04"


def read_bundle(file: Path | IO[bytes], name: str, *, max_bytes: int = MAX_BYTES) -> Document:
    """The bundle's document, checked, with the archive members it names checked by the
    sizes they declare (the real sizes are checked when they are unpacked)."""
    with _open(file, name) as bundle:
        members = _members(bundle, name)
        if DOCUMENT not in members:
            raise SharedFileError(f"{name}: holds no {DOCUMENT}")
        if members[DOCUMENT].file_size > max_bytes:
            raise SharedFileError(
                f"{name}:{DOCUMENT}: would unpack to more than {max_bytes:,} bytes"
            )
        raw = io.BytesIO()
        _inflate(bundle, members[DOCUMENT], raw, max_bytes, f"{name}:{DOCUMENT}")
        document = parse(raw.getvalue(), f"{name}:{DOCUMENT}", max_bytes=max_bytes)
        del raw
        total = 0
        for path in snapshot_paths(document):
            info = members.get(f"archive/{path}")
            if info is None:
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                raise _too_big(name, path, MAX_MEMBER_BYTES)
            total += info.file_size
        if total > MAX_ARCHIVE_BYTES:
            raise SharedFileError(f"{name}: would unpack to more than {MAX_ARCHIVE_BYTES:,} bytes")
    return document


@dataclass
class Unpacked:
    """A bundle's archive files, unpacked and checked in a folder of their own (`folder`),
    by archive-relative path; `place` moves them into a sheet's archive folder."""

    folder: Path
    paths: list[str] = field(default_factory=list)


@contextmanager
def unpacked(
    file: Path | IO[bytes], name: str, document: Document, beside: Path
) -> Iterator[Unpacked]:
    """Unpack the archive files `document` names from the bundle into a new folder beside
    the file `beside`, streaming each one and counting its real bytes against the caps;
    the folder is removed when the block ends (what `place` moved stays)."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=f".{beside.name}.unpack-", dir=beside.parent))
    except OSError as error:
        raise SheetFileError(
            f"{beside.parent}: the bundle's archive cannot be unpacked here ({error.strerror})"
        ) from None
    try:
        staged = Unpacked(folder)
        with _open(file, name) as bundle:
            members = _members(bundle, name)
            budget = MAX_ARCHIVE_BYTES
            for path in snapshot_paths(document):
                info = members.get(f"archive/{path}")
                if info is None:
                    continue
                target = folder / path
                try:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "xb") as out:
                        limit = min(MAX_MEMBER_BYTES, budget)
                        budget -= _inflate(bundle, info, out, limit, f"{name}: archive/{path}")
                        out.flush()
                        os.fsync(out.fileno())
                except OSError as error:
                    raise SheetFileError(
                        f"{folder}: the bundle's archive cannot be unpacked ({error.strerror})"
                    ) from None
                staged.paths.append(path)
        yield staged
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def place(staged: Unpacked, archive_dir: Path) -> list[Path]:
    """Move unpacked archive files that the archive folder does not hold yet into it;
    returns the files moved (for the caller to take back if what follows fails)."""
    moved: list[Path] = []
    try:
        for path in staged.paths:
            target = archive_dir / path
            if target.exists() or target.is_symlink():
                continue  # content-addressed or unique by snapshot id: already there
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.folder / path, target)
            moved.append(target)
    except OSError as error:
        for file in moved:
            file.unlink(missing_ok=True)
        raise SheetFileError(
            f"{archive_dir}: the bundle's snapshots cannot be put in the archive folder "
            f"({error.strerror})"
        ) from None
    return moved


@contextmanager
def _open(file: Path | IO[bytes], name: str) -> Iterator[zipfile.ZipFile]:
    try:
        bundle = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise SharedFileError(f"{name}: is not a valid zip file ({one_line(str(error))})") from None
    with bundle:
        yield bundle


def _members(bundle: zipfile.ZipFile, name: str) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    for info in bundle.infolist():
        if info.filename in members:
            raise SharedFileError(f"{name}: holds {one_line(info.filename, 80)!r} twice")
        members[info.filename] = info
    return members


def _inflate(
    bundle: zipfile.ZipFile, info: zipfile.ZipInfo, out: IO[bytes], limit: int, name: str
) -> int:
    """Copy one member to `out` chunk by chunk, refusing it once more than `limit` bytes
    have come out (whatever size it declares); returns the bytes written."""
    written = 0
    try:
        with bundle.open(info) as member:
            while chunk := member.read(_CHUNK):
                written += len(chunk)
                if written > limit:
                    raise SharedFileError(f"{name}: unpacks to more than {limit:,} bytes")
                out.write(chunk)
    except _ZIP_ERRORS as error:
        raise SharedFileError(f"{name}: cannot be unpacked ({one_line(str(error))})") from None
    return written


def _too_big(name: str, path: str, limit: int) -> SharedFileError:
    return SharedFileError(f"{name}: archive/{path} would unpack to more than {limit:,} bytes")
