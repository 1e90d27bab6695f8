"""Sources: local files and web pages, their snapshots and what the sheet says of them.
Fetching and archiving are `archive.service`'s; this records their outcome."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from factsheet.errors import InvalidInputError
from factsheet.model import Snapshot, Source
from factsheet.sheet.base import SheetBase
from factsheet.sheet.values import CLAIMS, LABEL_TEXT, QUOTES, SOURCES, required, short

if TYPE_CHECKING:
    from factsheet.archive.policy import FetchPolicy
    from factsheet.archive.service import ArchiveResult
    from factsheet.sheet import Sheet

_MAX_DEFAULT_TITLE = 80


class SourceEdits(SheetBase):
    def add_source_file(
        self,
        file: str | Path,
        *,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        language: str | None = None,
        location: str | None = None,
    ) -> Source:
        """Add a local text or HTML file as a source, keeping a snapshot of it beside the sheet.

        `location` records where the file came from (default: its absolute path).
        """
        from factsheet.archive.local import snapshot_file  # HTML extraction: only when adding

        file = Path(file)
        self._require_writable()
        snapshot, extracted = snapshot_file(
            file, self.archive_dir, snapshot_id=self._ids("snap"), taken=self._clock()
        )
        first_line = next((line.strip() for line in extracted.text.splitlines() if line), "")
        if len(first_line) > _MAX_DEFAULT_TITLE:
            first_line = first_line[:_MAX_DEFAULT_TITLE].rsplit(" ", 1)[0] + "…"
        chosen_title = required(title or extracted.title or first_line or file.name, "title")
        with self._change(f"add source “{short(chosen_title)}”") as change:
            source = Source(
                id=self._new_id("s", SOURCES),
                title=chosen_title,
                location=location or str(file.resolve()),
                kind="file",
                author=author or extracted.author,
                publisher=publisher or extracted.publisher,
                published=published or extracted.published,
                language=language or extracted.language,
                added=snapshot.taken,
                snapshots=[snapshot.to_dict()],
            )
            change.insert(SOURCES, source.to_dict())
        return source

    def add_web_source(
        self,
        url: str,
        *,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        language: str | None = None,
    ) -> Source:
        """Record a web page as a source, not archived yet (see `add_source_url`)."""
        url = required(url, "URL")
        with self._change(f"add source {url[:LABEL_TEXT]}") as change:
            source = Source(
                id=self._new_id("s", SOURCES),
                title=(title or "").strip() or url,
                location=url,
                kind="web",
                author=author,
                publisher=publisher,
                published=published,
                language=language,
                added=self._clock(),
            )
            change.insert(SOURCES, source.to_dict())
        return source

    def add_source_url(
        self,
        url: str,
        *,
        policy: FetchPolicy | None = None,
        archive: bool = True,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        language: str | None = None,
    ) -> ArchiveResult:
        """Add a web page as a source and (unless `archive` is False) archive it at once; see
        `archive.service.add_source_url`."""
        from factsheet.archive import service

        source = service.check_and_add(
            cast("Sheet", self),
            url,
            policy=policy,
            title=title,
            author=author,
            publisher=publisher,
            published=published,
            language=language,
        )
        if not archive:
            return service.ArchiveResult(source.id, None, None, None)
        (result,) = self.archive([source.id], policy=policy, fill_metadata=not title)
        return result

    def archive(
        self,
        source_ids: Iterable[str] | None = None,
        *,
        policy: FetchPolicy | None = None,
        concurrency: int = 16,
        per_host: int = 4,
        fill_metadata: bool = False,
    ) -> Iterator[ArchiveResult]:
        """Fetch web sources again, each capture a new snapshot; see `archive.service.archive`."""
        from factsheet.archive import service

        return service.archive(
            cast("Sheet", self),
            source_ids,
            policy=policy,
            concurrency=concurrency,
            per_host=per_host,
            fill_metadata=fill_metadata,
        )

    def text_diff(self, source_id: str) -> str:
        """How a source's readable text changed between its last two snapshots."""
        from factsheet.archive import service

        return service.text_diff(cast("Sheet", self), source_id)

    def add_snapshot(
        self, source_id: str, snapshot: Snapshot, metadata: Mapping[str, str | None] = {}
    ) -> None:
        """Keep a new capture of a source (never replacing one), filling in `metadata` the
        sheet does not have yet (title, author, published...)."""
        source = self.source(source_id)
        with self._change(f"archive “{short(source.title)}”") as change:
            current = self.source(source.id)
            changes: dict[str, Any] = {"snapshots": [*current.snapshots, snapshot.to_dict()]}
            for key, value in metadata.items():
                if value and (key == "title" or not getattr(current, key)):
                    changes[key] = value
            change.update(SOURCES, source.id, changes)

    def add_attempt(self, source_id: str, error: str) -> None:
        """Record a failed fetch of a source (its earlier snapshots stay as they are)."""
        source = self.source(source_id)
        with self._change(f"archive “{short(source.title)}”") as change:
            current = self.source(source.id)
            attempt = {"at": self._clock(), "url": current.location, "error": error}
            change.update(SOURCES, source.id, {"attempts": [*current.attempts, attempt]})

    def edit_source(
        self,
        source_id: str,
        *,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        language: str | None = None,
    ) -> Source:
        """Change what the sheet says about a source ('' clears a field; the title is required).
        A value equal to the stored one is no change: it is kept byte for byte."""
        source = self.source(source_id)
        changes: dict[str, Any] = {}
        if title is not None and title != source.title:
            changes["title"] = required(title, "title")
        optional = {
            "author": author,
            "publisher": publisher,
            "published": published,
            "language": language,
        }
        for key, value in optional.items():
            if value is not None and value != (getattr(source, key) or ""):
                changes[key] = value.strip() or None
        changes = {key: value for key, value in changes.items() if getattr(source, key) != value}
        with self._change(f"edit source “{short(source.title)}”") as change:
            if changes:
                self.source(source.id)
                change.update(SOURCES, source.id, changes)
        return self.source(source.id)

    def delete_source(self, source_id: str) -> Source:
        """Delete a source nothing cites; its snapshot files stay in the archive folder."""
        source = self.source(source_id)
        with self._change(f"delete source “{short(source.title)}”") as change:
            quotes = self._store.snapshot(QUOTES).values()
            cited = sum(1 for quote in quotes if quote["source"] == source.id)
            if cited:
                raise InvalidInputError(
                    f"source {source.id} is cited by {cited} quote(s); delete or move those first"
                )
            for claim_id, claim in self._store.snapshot(CLAIMS).items():
                if claim["source"] == source.id:
                    change.update(CLAIMS, claim_id, {"source": None})
            change.remove(SOURCES, source.id)
        return source
