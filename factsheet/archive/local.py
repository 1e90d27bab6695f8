"""Snapshots of local files, stored content-addressed in the sheet's archive folder."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path

from factsheet.archive.text import Extracted, extract
from factsheet.errors import InvalidInputError
from factsheet.model import Snapshot
from factsheet.storage.atomic import write_atomically

MAX_FILE_BYTES = 20 * 1024 * 1024


def read_local_file(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise InvalidInputError(f"{path}: is a folder, not a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InvalidInputError(f"{path}: is {size:,} bytes; the limit is {MAX_FILE_BYTES:,}")
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInputError(f"{path}: no such file") from None
    except OSError as error:
        raise InvalidInputError(f"{path}: cannot be read ({error.strerror})") from None


def snapshot_file(
    path: Path, archive_dir: Path, *, snapshot_id: str, taken: str
) -> tuple[Snapshot, Extracted]:
    """Copy a file and its readable text into `archive_dir`; the sheet records the snapshot."""
    data = read_local_file(path)
    if not data.strip():
        raise InvalidInputError(f"{path}: is empty")
    content_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    try:
        extracted = extract(data, content_type=content_type)
    except InvalidInputError as error:
        raise InvalidInputError(f"{path}: {error}") from None
    digest = hashlib.sha256(data).hexdigest()
    original = Path("files") / f"{digest[:16]}{path.suffix.lower()}"
    text_bytes = extracted.text.encode("utf-8")
    text = Path("text") / f"{hashlib.sha256(text_bytes).hexdigest()[:16]}.txt"
    for relative, payload in ((original, data), (text, text_bytes)):
        target = archive_dir / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(target, payload)
    visible = ""
    if extracted.visible and extracted.visible != extracted.text:
        from factsheet.archive.capture import store_text

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
