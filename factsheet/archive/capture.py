"""A capture of a URL: fetch it, keep the WARC, extract the readable text, describe it."""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import httpx

from factsheet.archive.fetch import Fetched, fetch
from factsheet.archive.local import keep, store_text
from factsheet.archive.policy import FetchPolicy
from factsheet.archive.text import Extracted, charset_of, decode, extract_html
from factsheet.archive.warc import warc_bytes
from factsheet.errors import InvalidInputError
from factsheet.model import Snapshot
from factsheet.validate import check_archive_folder

TEXT_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
# Parsing HTML takes several times its size in memory; no article needs more than this.
MAX_EXTRACT_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Capture:
    snapshot: Snapshot
    extracted: Extracted | None


def capture_url(
    url: str,
    archive_dir: Path,
    *,
    snapshot_id: str,
    taken: str,
    policy: FetchPolicy,
    client: httpx.Client | None = None,
    cancel: threading.Event | None = None,
) -> Capture:
    """Fetch `url` and keep it in `archive_dir`; raises FetchError when nothing can be kept,
    SheetFileError when the archive folder cannot take it."""
    check_archive_folder(archive_dir)
    fetched = fetch(url, policy, client=client, cancel=cancel)
    warc = Path("warc") / f"{snapshot_id}.warc.gz"
    keep(archive_dir / warc, warc_bytes(fetched, warc.name))
    extracted, notes = _readable(fetched)
    text = visible = ""
    if extracted is not None:
        text = store_text(archive_dir, extracted.text)
        if extracted.visible and extracted.visible != extracted.text:
            visible = store_text(archive_dir, extracted.visible)
        if extracted.method not in ("default", "text"):
            notes.append(
                f"readable text by {extracted.method} (the article extraction kept little)"
            )
    if fetched.truncated:
        notes.insert(0, _TRUNCATION_NOTES[fetched.truncated])
    snapshot = Snapshot(
        id=snapshot_id,
        taken=taken,
        kind="web",
        sha256=hashlib.sha256(fetched.body).hexdigest(),
        original=warc.as_posix(),
        text=text,
        content_type=fetched.content_type,
        size=len(fetched.raw),
        url=url,
        final_url=fetched.final_url,
        status=fetched.status,
        truncated=fetched.truncated,
        note="; ".join(notes),
        visible=visible,
    )
    return Capture(snapshot, extracted)


_TRUNCATION_NOTES = {
    "length": "the body was cut at the size cap",
    "time": "the body was cut at the time limit",
}


def _readable(fetched: Fetched) -> tuple[Extracted | None, list[str]]:
    """The text to anchor quotes in, and notes on what made it incomplete."""
    notes = []
    if fetched.body_capped:
        notes.append("the decompressed body was cut at the size cap")
    media_type = fetched.content_type.split(";")[0].strip().lower()
    if media_type not in TEXT_TYPES:
        notes.append(f"no readable text in {media_type}; the WARC keeps the content")
        return None, notes
    declared = charset_of(fetched.content_type)
    body = fetched.body
    if len(body) > MAX_EXTRACT_BYTES:
        body = body[:MAX_EXTRACT_BYTES]
        notes.append(f"text read from the first {MAX_EXTRACT_BYTES // 2**20} MB only")
    text = decode(body, declared)
    if declared and _mislabelled(body, declared):
        notes.append(f"the body is not valid {declared}; its charset was detected instead")
    try:
        if media_type == "text/plain":
            return Extracted(text=text), notes
        return extract_html(text, dict(fetched.response_headers)), notes
    except InvalidInputError as error:
        notes.append(str(error))
        return None, notes


def _mislabelled(body: bytes, declared: str) -> bool:
    try:
        body.decode(declared)
    except (UnicodeDecodeError, LookupError):
        return True
    return False
