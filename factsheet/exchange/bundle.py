"""A sheet with its archives in one zip file: the exchange JSON plus every snapshot's files.

    sheet.json              the exchange document (json_format)
    archive/<path>          each snapshot's original (copied file or WARC) and text

Reading checks every member before anything is written: only the paths the
document's snapshots name are taken, never an absolute path or one with "..",
and the sizes the zip declares are capped, so a zip bomb is refused.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from factsheet.errors import SharedFileError
from factsheet.exchange.json_format import Document, dumps, parse
from factsheet.storage.atomic import write_atomically

DOCUMENT = "sheet.json"
MAX_ARCHIVE_BYTES = 2 * 1024**3


def snapshot_paths(document: Document) -> list[str]:
    """The archive-relative paths a document's snapshots refer to, in a stable order."""
    paths = {
        path
        for source in document["sources"]
        for snapshot in source["snapshots"]
        for path in (snapshot["original"], snapshot["text"])
        if path
    }
    return sorted(paths)


def write_bundle(document: Document, archive_dir: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(_entry(DOCUMENT), dumps(document))
        for path in snapshot_paths(document):
            file = archive_dir / path
            if file.is_file():
                bundle.writestr(_entry(f"archive/{path}"), file.read_bytes())
    return buffer.getvalue()


def _entry(name: str) -> zipfile.ZipInfo:
    """A member with a fixed date, so that the same sheet gives the same bytes."""
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def read_bundle(
    raw: bytes, name: str, *, max_bytes: int = MAX_ARCHIVE_BYTES
) -> tuple[Document, dict[str, bytes]]:
    """The document and the archive files it names, checked; nothing is written here."""
    try:
        bundle = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as error:
        raise SharedFileError(f"{name}: is not a valid zip file ({error})") from None
    with bundle:
        members = {info.filename: info for info in bundle.infolist()}
        if DOCUMENT not in members:
            raise SharedFileError(f"{name}: holds no {DOCUMENT}")
        if sum(info.file_size for info in members.values()) > max_bytes:
            raise SharedFileError(f"{name}: would unpack to more than {max_bytes:,} bytes")
        document = parse(bundle.read(DOCUMENT), f"{name}:{DOCUMENT}")
        files = {}
        for path in snapshot_paths(document):
            relative = PurePosixPath(path)
            if relative.is_absolute() or ".." in relative.parts:
                raise SharedFileError(f"{name}: snapshot path {path!r} leaves the archive folder")
            member = f"archive/{path}"
            if member in members:
                files[path] = bundle.read(member)
    return document, files


def unpack(files: dict[str, bytes], archive_dir: Path) -> int:
    """Write archive files that are not there yet; returns how many were written."""
    written = 0
    for path, content in files.items():
        target = archive_dir / path
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, content)
            written += 1
    return written


def is_bundle(raw: bytes) -> bool:
    return raw[:4] == b"PK\x03\x04"
