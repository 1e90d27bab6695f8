"""Archiving a sheet's web sources: add a page, fetch it (again), keep each capture as a
snapshot beside the older ones, and show how its text changed.

The fetching, the WARC and the text extraction are in this package's other modules;
this one decides what a capture means for the sheet and records it through `Sheet`.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factsheet.archive.batch import Job, run_batch
from factsheet.archive.capture import Capture, capture_url
from factsheet.archive.guard import resolve
from factsheet.archive.policy import FetchPolicy
from factsheet.errors import FactsheetError, InvalidInputError, ResolveError
from factsheet.model import Snapshot, Source
from factsheet.validate import check_archive_folder

if TYPE_CHECKING:
    import httpx

    from factsheet.sheet import Sheet


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    """One source's archiving: the new snapshot, or why there is none; whether the text
    changed since the snapshot before (None: first snapshot, or failed)."""

    source_id: str
    snapshot: Snapshot | None
    error: str | None
    changed: bool | None


def check_and_add(
    sheet: Sheet, url: str, *, policy: FetchPolicy | None, **metadata: str | None
) -> Source:
    """Record a web page as a source once its URL is one factsheet fetches.

    An invalid or refused URL adds nothing. A host that does not resolve (now) is added:
    archiving it records a failed attempt, so that a later `archive` can retry it.
    """
    policy = policy or FetchPolicy()
    check_archive_folder(sheet.archive_dir)  # a page that cannot be kept is not added
    with contextlib.suppress(ResolveError):
        resolve(
            url,
            allow_private=policy.allow_private,
            allowed_networks=policy.allowed_networks,
            resolver=policy.resolver,
        )
    return sheet.add_web_source(url.strip(), **metadata)


def archive(
    sheet: Sheet,
    source_ids: Iterable[str] | None = None,
    *,
    policy: FetchPolicy | None = None,
    concurrency: int = 16,
    per_host: int = 4,
    fill_metadata: bool = False,
) -> Iterator[ArchiveResult]:
    """Fetch web sources again and keep each capture as a new snapshot, never replacing one.

    Without ids: every web source not archived yet. Results come as fetches finish and
    each is saved at once, so an interrupted batch keeps what was done.
    """
    if source_ids is None:
        targets = [s for s in sheet.sources() if s.kind == "web" and not s.snapshots]
    else:
        targets = [sheet.source(source_id) for source_id in source_ids]
    for source in targets:
        if source.kind != "web":
            raise InvalidInputError(
                f"Source {source.id} is a local file, not a web page: there is nothing to "
                "fetch again."
            )
    check_archive_folder(sheet.archive_dir)
    policy = policy or FetchPolicy()
    jobs = [Job(source.id, source.location) for source in targets]
    archive_dir = sheet.archive_dir

    def work(job: Job, client: httpx.Client, cancel: Any) -> Capture:
        return capture_url(
            job.url,
            archive_dir,
            snapshot_id=sheet.new_id("snap"),
            taken=sheet.now(),
            policy=policy,
            client=client,
            cancel=cancel,
        )

    batch = run_batch(jobs, work, policy, concurrency=concurrency, per_host=per_host)
    return (_record(sheet, job.key, outcome, fill_metadata) for job, outcome in batch)


def _record(
    sheet: Sheet, source_id: str, outcome: Capture | FactsheetError, fill_metadata: bool
) -> ArchiveResult:
    if isinstance(outcome, FactsheetError):
        sheet.add_attempt(source_id, str(outcome))
        return ArchiveResult(source_id, None, str(outcome), None)
    previous = sheet.source(source_id).latest_snapshot()
    extracted = outcome.extracted
    metadata: dict[str, str | None] = {}
    if fill_metadata and extracted is not None:
        metadata = {
            "title": extracted.title,
            "author": extracted.author,
            "published": extracted.published,
            "language": extracted.language,
            "publisher": extracted.publisher,
        }
    sheet.add_snapshot(source_id, outcome.snapshot, metadata)
    changed = None if previous is None else previous.text != outcome.snapshot.text
    return ArchiveResult(source_id, outcome.snapshot, None, changed)


def text_diff(sheet: Sheet, source_id: str) -> str:
    """A unified diff of the readable text between a source's last two snapshots."""
    source = sheet.source(source_id)
    if len(source.snapshots) < 2:
        again = "archive it again to have a second" if source.kind == "web" else "a file has one"
        raise InvalidInputError(
            f"Source {source.id} has fewer than two snapshots to compare ({again})."
        )
    old, new = (Snapshot.from_dict(s) for s in source.snapshots[-2:])
    before, after = (
        sheet.snapshot_text(source, snap).splitlines(keepends=True) if snap.text else []
        for snap in (old, new)
    )
    return "".join(
        difflib.unified_diff(
            before, after, fromfile=f"{old.id} ({old.taken})", tofile=f"{new.id} ({new.taken})"
        )
    )
