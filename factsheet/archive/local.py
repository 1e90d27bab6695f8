"""Snapshots of local files, stored content-addressed in the sheet's archive folder."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from pathlib import Path

from factsheet.archive.text import Extracted, extract
from factsheet.errors import InvalidInputError, SheetFileError
from factsheet.model import Snapshot
from factsheet.storage.atomic import write_atomically
from factsheet.validate import check_archive_folder

MAX_FILE_BYTES = 20 * 1024 * 1024
# The suffix a copy keeps (".html", ".txt"); any other is dropped, since archive paths
# hold only plain characters (`validate.archive_path_ok`).
_SUFFIX = re.compile(r"\.[a-z0-9]{1,12}", re.ASCII)


def read_local_file(path: Path) -> bytes:
    """The bytes of a file to keep as a source, read up to the limit (a pipe or a device
    has no size to check beforehand)."""
    try:
        if path.is_dir():
            raise InvalidInputError(f"{path}: is a folder, not a file")
        with path.open("rb") as file:
            data = file.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be read ({error.strerror})") from None
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInputError(f"{path}: is over {MAX_FILE_BYTES:,} bytes, the limit")
    return data


def snapshot_file(
    path: Path, archive_dir: Path, *, snapshot_id: str, taken: str
) -> tuple[Snapshot, Extracted]:
    """Copy a file and its readable text into `archive_dir`; the sheet records the snapshot."""
    check_archive_folder(archive_dir)
    data = read_local_file(path)
    if not data.strip():
        raise InvalidInputError(f"{path}: is empty")
    content_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    try:
        extracted = extract(data, content_type=content_type)
    except InvalidInputError as error:
        raise InvalidInputError(f"{path}: {error}") from None
    digest = hashlib.sha256(data).hexdigest()
    suffix = path.suffix.lower() if _SUFFIX.fullmatch(path.suffix.lower()) else ""
    original = Path("files") / f"{digest[:16]}{suffix}"
    text_bytes = extracted.text.encode("utf-8")
    text = Path("text") / f"{hashlib.sha256(text_bytes).hexdigest()[:16]}.txt"
    for relative, payload in ((original, data), (text, text_bytes)):
        keep(archive_dir / relative, payload)
    visible = ""
    if extracted.visible and extracted.visible != extracted.text:
        visible = store_text(archive_dir, extracted.visible)
    snapshot = Snapshot(
        id=snapshot_id,
        taken=taken,
        kind="file",
        sha256=digest,
        original=original.as_posix(),
        text=text.as_posix(),
        content_type=content_type,
        size=len(data),
        visible=visible,
    )
    return snapshot, extracted


def store_text(archive_dir: Path, text: str) -> str:
    """Keep a text in the archive folder, named by its hash; its path relative to it."""
    data = text.encode("utf-8")
    path = Path("text") / f"{hashlib.sha256(data).hexdigest()[:16]}.txt"
    keep(archive_dir / path, data)
    return path.as_posix()


def keep(target: Path, payload: bytes) -> None:
    """Write one archive file (atomically) unless it is there already; content-addressed
    names make an existing file the same bytes. A failure is one SheetFileError line."""
    try:
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, payload)
    except OSError as error:
        raise SheetFileError(
            f"{target}: cannot be written into the sheet's archive folder ({error.strerror}); "
            "nothing was added"
        ) from None
