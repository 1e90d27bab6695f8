"""`Sheet`: the one way into a fact-check sheet, shared by the CLI, the app and scripts.

Reads return records as dataclasses (or read-only mappings for bulk work); every
edit is checked before anything changes and is then one transaction of the store:
applied to the sheet's latest contents, saved atomically, stamped in the sheet's
`updated` time, and undoable. Work that is more than an edit lives in its own
module and is reached through a method here: archiving web pages
(`archive.service`), checking quotes and readiness to publish (`checks`),
merging a shared sheet (`exchange.merge`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from factsheet import anchor
from factsheet.changes import Event
from factsheet.config import resolve_reviewer
from factsheet.errors import InvalidInputError, NotFoundError, SheetFileError
from factsheet.model import (
    DEFAULT_SCALE,
    SCHEMA_VERSION,
    UNRATED,
    Claim,
    Quote,
    Rating,
    SheetMeta,
    Snapshot,
    Source,
    Stance,
    Status,
    VerdictChange,
    new_id,
    rating_key,
    utc_now,
)
from factsheet.safe_text import one_line
from factsheet.storage.fileformat import META_ID, META_TABLE, Contents, new_contents
from factsheet.storage.store import SheetStore, Writer
from factsheet.validate import Problem, check_records, check_scale, sheet_info_check

if TYPE_CHECKING:  # loaded only when the work is asked for
    from factsheet.archive.policy import FetchPolicy
    from factsheet.archive.service import ArchiveResult
    from factsheet.checks import QuoteCheck
    from factsheet.exchange.merge import MergeReport
    from factsheet.threeway import FieldConflict

SOURCES = "sources"
CLAIMS = "claims"
QUOTES = "quotes"
HISTORY = "history"
KINDS = (SOURCES, CLAIMS, QUOTES, HISTORY)

_MIN_ID_PREFIX = 3
_MAX_DEFAULT_TITLE = 80
_LABEL_TEXT = 40  # characters of a claim's text in an undo label


@dataclass(frozen=True, slots=True)
class Summary:
    """The counts `factsheet info` shows."""

    title: str
    claims: int
    sources: int
    quotes: int
    verdicts: dict[str, int]
    statuses: dict[str, int]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class Sheet:
    """An open fact-check sheet. Use as a context manager, so that saves are flushed."""

    def __init__(
        self,
        store: SheetStore,
        *,
        reviewer: str | None = None,
        ids: Callable[[str], str] = new_id,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self._store = store
        self.reviewer = resolve_reviewer(reviewer)
        self._ids = ids
        self._clock = clock
        self._claim_of: dict[str, str] | None = None  # quote id -> claim id, kept up to date
        self._by_claim: dict[str, list[str]] = {}
        store.resolver = _settle_conflict
        store.subscribe(self._follow)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        writable: bool = True,
        reviewer: str | None = None,
        ids: Callable[[str], str] = new_id,
        clock: Callable[[], str] = utc_now,
        background_saves: bool = False,
        on_save_error: Callable[[str], None] | None = None,
        lock_wait: float | None = None,
    ) -> Sheet:
        """Open a sheet, checking every record; several processes may have it open at once.

        `background_saves` is for the interactive app: each edit is saved on a thread
        right after it is made, so that the screen never waits for the disk; `flush()`
        waits for those saves. Without it, an edit is on disk when its method returns.
        """
        options = {} if lock_wait is None else {"lock_wait": lock_wait}
        store = SheetStore.open(
            Path(path),
            writable=writable,
            background_saves=background_saves,
            on_save_error=on_save_error,
            check=check_contents,
            **options,
        )
        return cls(store, reviewer=reviewer, ids=ids, clock=clock)

    @classmethod
    def create(
        cls,
        path: str | Path,
        *,
        title: str,
        description: str = "",
        scale: Iterable[Rating] = DEFAULT_SCALE,
        reviewer: str | None = None,
        ids: Callable[[str], str] = new_id,
        clock: Callable[[], str] = utc_now,
    ) -> Sheet:
        """Write a new, empty sheet file (refusing to replace one) and open it."""
        levels = [asdict(level) for level in scale]
        try:
            check_scale(levels, "the scale")
        except Problem as problem:
            raise InvalidInputError(f"{problem.message}") from None
        now = clock()
        meta = SheetMeta(
            title=_required(title, "title"),
            description=description,
            scale=levels,
            created=now,
            updated=now,
        )
        store = SheetStore.create(Path(path), new_contents(meta.to_dict()), check=check_contents)
        return cls(store, reviewer=reviewer, ids=ids, clock=clock)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Save what is pending."""
        self._store.close()

    def flush(self) -> None:
        """Wait until every edit is on disk (only background saves can be pending)."""
        self._store.flush()

    def changed_on_disk(self) -> bool:
        """Whether another process saved the sheet since this one last read or wrote it
        (one stat of the file: cheap enough to ask twice a second)."""
        return self._store.disk_changed()

    def refresh(self) -> bool:
        """Take in changes another process saved; returns whether there were any."""
        return self._store.sync() is not None

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        """Call `listener` after every change, this process's or another's (on the thread
        that made or found it)."""
        self._store.subscribe(listener)

    def report_save_errors_to(self, callback: Callable[[str], None]) -> None:
        """Where a failed background save is reported (called on the saving thread)."""
        self._store.report_save_errors_to(callback)

    # What the sheet is

    @property
    def path(self) -> Path:
        return self._store.shown_path

    @property
    def writable(self) -> bool:
        return self._store.writable

    @property
    def saved(self) -> bool:
        """Whether every edit is on disk."""
        return self._store.saved

    @property
    def notices(self) -> list[str]:
        """What the user should hear about the file (an upgrade, a concurrent change)."""
        return self._store.notices

    def revision(self, kind: str) -> int:
        """A counter that grows with every change to one kind of record ("claims", ...)."""
        return self._store.revisions.get(kind, 0)

    @property
    def meta(self) -> SheetMeta:
        return SheetMeta.from_dict(self._store.get(META_TABLE, META_ID) or {})

    @property
    def archive_dir(self) -> Path:
        """Where snapshots of this sheet's sources are kept: `<sheet>.archive/` beside it."""
        return self.path.with_name(f"{self.path.stem}.archive")

    # Reading

    def ratings(self) -> list[Rating]:
        return self.meta.ratings()

    def sources(self) -> list[Source]:
        return [Source.from_dict(r) for r in self._store.snapshot(SOURCES).values()]

    def claims(self) -> list[Claim]:
        return [Claim.from_dict(r) for r in self._store.snapshot(CLAIMS).values()]

    def quotes(self, claim_id: str | None = None) -> list[Quote]:
        if claim_id is None:
            return [Quote.from_dict(r) for r in self._store.snapshot(QUOTES).values()]
        records = self._store.records(QUOTES)
        return [Quote.from_dict(records[q]) for q in list(self._quote_index().get(claim_id, []))]

    def quote_counts(self) -> dict[str, int]:
        """How many quotes each claim has, by claim id (claims without quotes are left out)."""
        return {claim: len(quotes) for claim, quotes in self._quote_index().items() if quotes}

    def records(self, kind: str) -> Mapping[str, Mapping[str, Any]]:
        """A copy of one kind's records as stored (plain data, by id), for bulk work such as
        exports; the records must not be changed."""
        return self._store.snapshot(kind)

    def find(self, kind: str, condition: Callable[[Mapping[str, Any]], bool]) -> list[Any]:
        """The records of one kind for which `condition` holds, as dataclasses. A TinyDB query
        is such a condition: `sheet.find("claims", Query().rating == "false")`."""
        record_type = _RECORD_TYPES[kind]
        return [record_type.from_dict(r) for r in self.records(kind).values() if condition(r)]

    def history(self, claim_id: str | None = None) -> list[VerdictChange]:
        changes = [
            VerdictChange.from_dict(r)
            for r in self._store.snapshot(HISTORY).values()
            if claim_id is None or r["claim"] == claim_id
        ]
        return sorted(changes, key=lambda change: change.at)

    def source(self, source_id: str) -> Source:
        return Source.from_dict(self._record(SOURCES, source_id, "source"))

    def claim(self, claim_id: str) -> Claim:
        return Claim.from_dict(self._record(CLAIMS, claim_id, "claim"))

    def quote(self, quote_id: str) -> Quote:
        return Quote.from_dict(self._record(QUOTES, quote_id, "quote"))

    def source_text(self, source_id: str) -> str:
        """The readable text of the source's latest snapshot."""
        source = self.source(source_id)
        snapshot = source.latest_snapshot()
        if snapshot is None:
            raise InvalidInputError(f"source {source.id} has no archived text yet")
        return self.snapshot_text(source, snapshot)

    def snapshot_text(self, source: Source, snapshot: Snapshot) -> str:
        """The readable text of one snapshot, read from the archive folder."""
        if not snapshot.text:
            raise InvalidInputError(
                f"source {source.id} has no readable text ({snapshot.content_type}); "
                "its capture is kept in the archive"
            )
        path = self.archive_dir / snapshot.text
        try:
            return path.read_text(encoding="utf-8")
        except FileNotFoundError:
            where = "the archive folder is missing" if not self.archive_dir.is_dir() else ""
            raise SheetFileError(
                f"{path}: the text of source {source.id} is not in the archive"
                + (f" ({where})" if where else "")
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "not UTF-8"
            raise SheetFileError(
                f"{path}: the text of source {source.id} cannot be read ({why})"
            ) from None

    def summary(self) -> Summary:
        claims = self._store.snapshot(CLAIMS).values()
        verdicts = dict.fromkeys([r.key for r in self.ratings()] + [UNRATED], 0)
        verdicts.update(Counter(claim["rating"] for claim in claims))
        statuses = dict.fromkeys([s.value for s in Status], 0)
        statuses.update(Counter(claim["status"] for claim in claims))
        return Summary(
            title=self.meta.title,
            claims=len(claims),
            sources=len(self._store.records(SOURCES)),
            quotes=len(self._store.records(QUOTES)),
            verdicts=verdicts,
            statuses=statuses,
        )

    def resolve_rating(self, text: str) -> str:
        """The scale key a user means by `text` (key or label, any case), or an error."""
        wanted = rating_key(text)
        for rating in self.ratings():
            if wanted in (rating.key, rating_key(rating.label)):
                return rating.key
        if wanted == UNRATED:
            return UNRATED
        known = ", ".join([r.key for r in self.ratings()] + [UNRATED])
        raise InvalidInputError(f"unknown rating '{text}'; this sheet's scale is: {known}")

    # Claims and verdicts

    def add_claim(
        self,
        text: str,
        *,
        claimant: str | None = None,
        source: str | None = None,
        tags: Iterable[str] = (),
        status: str = Status.NEW.value,
    ) -> Claim:
        text = _required(text, "claim text")
        with self._change(f"add claim “{_short(text)}”") as change:
            now = self._clock()
            claim = Claim(
                id=self._new_id("c", CLAIMS),
                text=text,
                claimant=(claimant or "").strip() or None,
                source=self.source(source).id if source else None,
                status=_choice(status, Status, "status"),
                tags=_tags(tags),
                created=now,
                updated=now,
            )
            change.insert(CLAIMS, claim.to_dict())
        return claim

    def edit_claim(
        self,
        claim_id: str,
        *,
        text: str | None = None,
        claimant: str | None = None,
        source: str | None = None,
        tags: Iterable[str] | None = None,
    ) -> Claim:
        """Change a claim's text, claimant ('' for nobody), source ('' for none) or tags."""
        claim = self.claim(claim_id)
        with self._change(f"edit claim “{_short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            changes: dict[str, Any] = {}
            if text is not None:
                changes["text"] = _required(text, "claim text")
            if claimant is not None:
                changes["claimant"] = claimant.strip() or None
            if source is not None:
                changes["source"] = self.source(source).id if source.strip() else None
            if tags is not None:
                changes["tags"] = _tags(tags)
            changes = {k: v for k, v in changes.items() if getattr(claim, k) != v}
            if changes:
                change.update(CLAIMS, claim.id, {**changes, "updated": self._clock()})
        return self.claim(claim.id)

    def set_verdict(
        self, claim_id: str, rating: str, *, rationale: str | None = None
    ) -> VerdictChange | None:
        """Set a claim's rating (and rationale); the change goes into the corrections log.

        Setting a verdict settles a conflict between reviewers. Returns the log entry, or
        None when nothing changed.
        """
        claim = self.claim(claim_id)
        with self._change(f"verdict on “{_short(claim.text)}”") as change:
            claim = self.claim(claim.id)
            new_rating = self.resolve_rating(rating)
            new_rationale = claim.rationale if rationale is None else rationale.strip()
            if (new_rating, new_rationale) == (claim.rating, claim.rationale):
                if claim.conflict:
                    change.update(CLAIMS, claim.id, {"conflict": ""})
                return None
            entry = self._log_verdict(change, claim, new_rating, new_rationale)
            change.update(
                CLAIMS,
                claim.id,
                {
                    "rating": new_rating,
                    "rationale": new_rationale,
                    "updated": entry.at,
                    "conflict": "",
                },
            )
        return entry

    def set_status(self, claim_id: str, status: str) -> Claim:
        claim = self.claim(claim_id)
        status = _choice(status, Status, "status")
        with self._change(f"status of “{_short(claim.text)}”") as change:
            if status != self.claim(claim.id).status:
                change.update(CLAIMS, claim.id, {"status": status, "updated": self._clock()})
        return self.claim(claim.id)

    def delete_claim(self, claim_id: str) -> Claim:
        """Delete a claim with its quotes and its corrections log (undo brings all back)."""
        claim = self.claim(claim_id)
        with self._change(f"delete claim “{_short(claim.text)}”") as change:
            for quote_id in list(self._quote_index().get(claim.id, [])):
                change.remove(QUOTES, quote_id)
            for entry_id, entry in self._store.snapshot(HISTORY).items():
                if entry["claim"] == claim.id:
                    change.remove(HISTORY, entry_id)
            change.remove(CLAIMS, claim.id)
        return claim

    # Quotes

    def add_quote(
        self,
        claim_id: str,
        source_id: str,
        text: str,
        *,
        stance: str = Stance.CONTEXT.value,
        note: str = "",
    ) -> Quote:
        """Link a passage of a source to a claim; the passage must be in the source's text."""
        claim = self.claim(claim_id)
        source = self.source(source_id)
        text = _required(text, "quote text")
        stance = _choice(stance, Stance, "stance")
        found = self._anchor(source, text)
        with self._change(f"add quote to “{_short(claim.text)}”") as change:
            self.claim(claim.id)  # still there in the latest contents
            quote = Quote(
                id=self._new_id("q", QUOTES),
                claim=claim.id,
                source=source.id,
                text=text,
                stance=stance,
                note=note.strip(),
                anchor=found,
                created=self._clock(),
                by=self.reviewer,
            )
            change.insert(QUOTES, quote.to_dict())
        return quote

    def edit_quote(
        self,
        quote_id: str,
        *,
        text: str | None = None,
        stance: str | None = None,
        note: str | None = None,
    ) -> Quote:
        """Change a quote; new text is anchored again and must be in the source."""
        quote = self.quote(quote_id)
        changes: dict[str, Any] = {}
        if text is not None and text.strip() != quote.text:
            changes["text"] = _required(text, "quote text")
            changes["anchor"] = self._anchor(self.source(quote.source), changes["text"])
        if stance is not None:
            changes["stance"] = _choice(stance, Stance, "stance")
        if note is not None:
            changes["note"] = note.strip()
        changes = {key: value for key, value in changes.items() if getattr(quote, key) != value}
        claim = self.claim(quote.claim)
        with self._change(f"edit quote of “{_short(claim.text)}”") as change:
            if changes:
                self.quote(quote.id)
                change.update(QUOTES, quote.id, changes)
        return self.quote(quote.id)

    def delete_quote(self, quote_id: str) -> Quote:
        quote = self.quote(quote_id)
        with self._change(f"delete quote “{_short(quote.text)}”") as change:
            change.remove(QUOTES, quote.id)
        return quote

    def set_anchors(self, anchors: Mapping[str, dict[str, Any]], *, label: str) -> None:
        """Record where quotes stand now (after `checks` re-anchored them), in one change."""
        with self._change(label) as change:
            for quote_id, found in anchors.items():
                if change.get(QUOTES, quote_id) is not None:
                    change.update(QUOTES, quote_id, {"anchor": found})

    # Sources

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
        chosen_title = _required(title or extracted.title or first_line or file.name, "title")
        with self._change(f"add source “{_short(chosen_title)}”") as change:
            source = Source(
                id=self._new_id("s", SOURCES),
                title=chosen_title,
                location=location or str(file.resolve()),
                kind="file",
                author=author or extracted.author,
                publisher=publisher,
                published=published or extracted.published,
                language=language,
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
        url = _required(url, "URL")
        with self._change(f"add source {url[:_LABEL_TEXT]}") as change:
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
            self,
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
            self,
            source_ids,
            policy=policy,
            concurrency=concurrency,
            per_host=per_host,
            fill_metadata=fill_metadata,
        )

    def text_diff(self, source_id: str) -> str:
        """How a source's readable text changed between its last two snapshots."""
        from factsheet.archive import service

        return service.text_diff(self, source_id)

    def add_snapshot(
        self, source_id: str, snapshot: Snapshot, metadata: Mapping[str, str | None] = {}
    ) -> None:
        """Keep a new capture of a source (never replacing one), filling in `metadata` the
        sheet does not have yet (title, author, published...)."""
        source = self.source(source_id)
        with self._change(f"archive “{_short(source.title)}”") as change:
            current = self.source(source.id)
            changes: dict[str, Any] = {"snapshots": [*current.snapshots, snapshot.to_dict()]}
            for key, value in metadata.items():
                if value and (key == "title" or not getattr(current, key)):
                    changes[key] = value
            change.update(SOURCES, source.id, changes)

    def add_attempt(self, source_id: str, error: str) -> None:
        """Record a failed fetch of a source (its earlier snapshots stay as they are)."""
        source = self.source(source_id)
        with self._change(f"archive “{_short(source.title)}”") as change:
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
        """Change what the sheet says about a source ('' clears a field; the title is required)."""
        source = self.source(source_id)
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = _required(title, "title")
        optional = {
            "author": author,
            "publisher": publisher,
            "published": published,
            "language": language,
        }
        for key, value in optional.items():
            if value is not None:
                changes[key] = value.strip() or None
        changes = {key: value for key, value in changes.items() if getattr(source, key) != value}
        with self._change(f"edit source “{_short(source.title)}”") as change:
            if changes:
                self.source(source.id)
                change.update(SOURCES, source.id, changes)
        return self.source(source.id)

    def delete_source(self, source_id: str) -> Source:
        """Delete a source nothing cites; its snapshot files stay in the archive folder."""
        source = self.source(source_id)
        with self._change(f"delete source “{_short(source.title)}”") as change:
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

    # Sharing

    def import_document(self, document: Mapping[str, Any]) -> None:
        """Fill an empty sheet with a shared document's records and times, exactly as they
        are (the document has been checked by `exchange.json_format.parse`)."""
        from factsheet.exchange.merge import check_ratings

        check_ratings(document, {level["key"] for level in document["sheet"]["scale"]})
        with self._change("import", touch=False) as change:
            if any(self._store.records(kind) for kind in KINDS):
                raise InvalidInputError(f"{self.path}: is not empty; merge into it instead")
            info = document["sheet"]
            change.update(
                META_TABLE,
                META_ID,
                {key: info[key] for key in ("title", "description", "scale", "created", "updated")},
            )
            for kind in KINDS:
                for record in document[kind]:
                    change.insert(kind, record)

    def merge(self, document: Mapping[str, Any]) -> MergeReport:
        """Merge a shared document into this sheet by stable ids, in one change (one undo
        step); see `exchange.merge` for what wins."""
        from factsheet.exchange import merge

        with self._change("merge a shared sheet") as change:
            local = {kind: self._store.records(kind) for kind in KINDS}
            puts, report = merge.plan(local, document, {r.key for r in self.ratings()})
            for kind, record_id, record in puts:
                change.put(kind, record_id, record, None)
        return report

    # Checks

    def check_quotes(self, *, save: bool = False) -> list[QuoteCheck]:
        """Re-anchor every quote in the latest snapshot of its source; see `checks`."""
        from factsheet import checks

        return checks.check_quotes(self, save=save)

    # Undo

    def can_undo(self) -> bool:
        return self._store.can_undo()

    def undo(self) -> str | None:
        """Undo this process's last change; returns what was undone, or None.

        Records go back to where they were in the sheet. The corrections log only grows:
        undoing a verdict logs the verdict it goes back to. A record someone else changed
        since is left as they made it, and said so.
        """
        last = self._store.pop_undo()
        if last is None:
            return None
        skipped = []
        with self._change(f"undo {last.label}", undoable=False) as change:
            for op in reversed(last.ops.values()):
                if op.table == META_TABLE:
                    continue  # `updated` moves on
                if change.get(op.table, op.record_id) != op.after:
                    skipped.append(op.record_id)
                    continue
                if op.table == HISTORY and op.before is None:
                    continue  # the log keeps its entries; one for the undo is added below
                change.put(op.table, op.record_id, op.before, op.doc_id)
            for op in last.ops.values():
                if op.table == CLAIMS and op.before is not None and op.after is not None:
                    before, after = op.before, op.after
                    if (before["rating"], before["rationale"]) != (
                        after["rating"],
                        after["rationale"],
                    ) and change.get(CLAIMS, op.record_id) == before:
                        self._log_verdict(
                            change,
                            Claim.from_dict(after),
                            before["rating"],
                            before["rationale"],
                        )
            # A claim the undo removes takes its log along, unless evidence refers to it.
            removed = {
                op.record_id
                for op in last.ops.values()
                if op.table == CLAIMS
                and op.before is None
                and change.get(CLAIMS, op.record_id) is None
            }
            if removed:
                cited = {q["claim"] for q in self._store.snapshot(QUOTES).values()} & removed
                for claim_id in cited:
                    op = last.ops[(CLAIMS, claim_id)]
                    change.put(CLAIMS, claim_id, op.after, None)
                    skipped.append(claim_id)
                for entry_id, entry in self._store.snapshot(HISTORY).items():
                    if entry["claim"] in removed - cited:
                        change.remove(HISTORY, entry_id)
        if skipped:
            self.notices.append(
                f"undo left {len(skipped)} record(s) as another reviewer changed them since"
            )
        return last.label

    def now(self) -> str:
        """The time as this sheet records it (UTC, to the second)."""
        return self._clock()

    def new_id(self, prefix: str) -> str:
        """A new random id with that prefix ("snap" for a snapshot, say)."""
        return self._ids(prefix)

    # Internals

    @contextmanager
    def _change(self, label: str, *, undoable: bool = True, touch: bool = True) -> Iterator[Writer]:
        """One transaction: saved when the block ends, stamped in `updated`, undoable."""
        with self._store.change(label, undoable=undoable) as change:
            yield change
            if touch and change.change.ops:
                change.update(META_TABLE, META_ID, {"updated": self._clock()})

    def _log_verdict(
        self, change: Writer, claim: Claim, rating: str, rationale: str
    ) -> VerdictChange:
        entry = VerdictChange(
            id=self._new_id("v", HISTORY),
            claim=claim.id,
            at=self._clock(),
            by=self.reviewer,
            rating_from=claim.rating,
            rating_to=rating,
            rationale_from=claim.rationale,
            rationale_to=rationale,
        )
        change.insert(HISTORY, entry.to_dict())
        return entry

    def _anchor(self, source: Source, text: str) -> dict[str, Any]:
        """Anchor `text` in the source's latest text, or explain that it is not there."""
        snapshot = source.latest_snapshot()
        source_text = self.source_text(source.id)
        assert snapshot is not None  # source_text() has checked
        found = anchor.anchor_in(source_text, text, snapshot.id)
        if found is None:
            title = one_line(source.title, 40)
            raise InvalidInputError(
                f"the quote is not in the text of source {source.id} ({title!r})"
            )
        return found

    def _quote_index(self) -> dict[str, list[str]]:
        """Quote ids by claim id: built once, then kept up to date change by change."""
        if self._claim_of is None:
            claim_of: dict[str, str] = {}
            by_claim: dict[str, list[str]] = {}
            for quote_id, record in self._store.snapshot(QUOTES).items():
                claim_of[quote_id] = record["claim"]
                by_claim.setdefault(record["claim"], []).append(quote_id)
            self._claim_of, self._by_claim = claim_of, by_claim
        return self._by_claim

    def _follow(self, event: Event) -> None:
        """Keep the quote index in step with a change (called under the store's lock)."""
        if self._claim_of is None:
            return
        quotes = [record_id for table, record_id in event.records if table == QUOTES]
        if event.origin == "external" or len(quotes) > 1:
            self._claim_of = None  # rebuilt on next use, in sheet order
            return
        for quote_id in quotes:
            old = self._claim_of.pop(quote_id, None)
            record = self._store.get(QUOTES, quote_id)
            new = None if record is None else record["claim"]
            if old is not None:
                self._by_claim[old].remove(quote_id)
            if new is None:
                continue
            if self._store.doc_id(QUOTES, quote_id) != self._store.top_doc_id(QUOTES):
                self._claim_of = None  # put back in its old place (undo): rebuild the order
                return
            self._claim_of[quote_id] = new
            self._by_claim.setdefault(new, []).append(quote_id)

    def _require_writable(self) -> None:
        if not self.writable:
            from factsheet.errors import ReadOnlyError

            raise ReadOnlyError(f"{self.path}: is open read-only; nothing was changed")

    def _new_id(self, prefix: str, kind: str) -> str:
        taken = self._store.records(kind)
        while (candidate := self._ids(prefix)) in taken:
            pass
        return candidate

    def _record(self, kind: str, record_id: str, what: str) -> Mapping[str, Any]:
        """A record by full id or by an unambiguous prefix of at least three characters."""
        wanted = record_id.strip()
        found = self._store.get(kind, wanted)
        if found is None and self._store.sync(wait=False) is not None:
            found = self._store.get(kind, wanted)  # made by another process meanwhile
        if found is not None:
            return found
        records = self._store.records(kind)
        matches = (
            [key for key in list(records) if key.startswith(wanted)]
            if len(wanted) >= _MIN_ID_PREFIX
            else []
        )
        if len(matches) == 1:
            return records[matches[0]]
        shown = one_line(record_id, 40)
        if len(matches) > 1:
            raise InvalidInputError(
                f"'{shown}' matches {len(matches)} {what}s; type more of the id"
            )
        raise NotFoundError(f"no {what} with id '{shown}' in {self.path}")


_RECORD_TYPES: dict[str, Any] = {
    SOURCES: Source,
    CLAIMS: Claim,
    QUOTES: Quote,
    HISTORY: VerdictChange,
}


def check_contents(contents: Contents, path: Path) -> None:
    """Every record of a sheet file against the rules (`validate`); one line on a problem."""
    meta = contents.tables[META_TABLE].records[META_ID]
    try:
        info = {key: value for key, value in meta.items() if key != "schema"}
        sheet_info_check()(info, "sheet")
        keys = check_scale(meta["scale"], "sheet.scale")
        tables = {name: table.records for name, table in contents.tables.items()}
        check_records(tables, keys, lambda table, record_id: f"{table}[{record_id}]")
    except Problem as problem:
        raise SheetFileError(
            f"{path}: {one_line(str(problem), 300)}; the file was not changed"
        ) from None
    if contents.schema > SCHEMA_VERSION:  # pragma: no cover - refused when parsed
        raise SheetFileError(f"{path}: is too new")


def _settle_conflict(
    table: str, record_id: str, record: dict[str, Any], conflicts: list[FieldConflict]
) -> dict[str, Any]:
    """Two processes changed one claim differently: this one's version stands, and the
    claim is marked until a reviewer settles it (both verdicts are in the log)."""
    if table != CLAIMS:
        return record
    fields = ", ".join(sorted(c.field for c in conflicts))
    return {**record, "conflict": f"changed by two reviewers at once ({fields})"}


def _required(text: str | None, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidInputError(f"the {what} must not be empty")
    return cleaned


def _tags(tags: Iterable[str]) -> list[str]:
    return sorted({tag.strip() for tag in tags if tag.strip()})


def _choice(value: str, kind: type[Status] | type[Stance], what: str) -> str:
    cleaned = value.strip().lower().replace(" ", "-")
    allowed = [member.value for member in kind]
    if cleaned not in allowed:
        raise InvalidInputError(
            f"unknown {what} '{one_line(value, 40)}'; choose one of: {', '.join(allowed)}"
        )
    return cleaned


def _short(text: str) -> str:
    return one_line(text, _LABEL_TEXT)
