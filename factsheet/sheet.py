"""The sheet API that the CLI, the UI and scripts share: read records, make edits.

Every edit is validated before anything changes and then saved in one atomic
transaction, so a failed edit leaves the sheet exactly as it was and a
successful one is on disk when the method returns.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from factsheet import anchor
from factsheet.errors import FactsheetError, InvalidInputError, NotFoundError, SheetFileError
from factsheet.model import (
    DEFAULT_SCALE,
    SCHEMA_VERSION,
    UNRATED,
    Anchor,
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
    required_fields,
    utc_now,
)
from factsheet.reviewer import resolve_reviewer
from factsheet.store import SheetStore

if TYPE_CHECKING:  # the fetching stack (httpx, warcio) loads only when a page is fetched
    from factsheet.archive.capture import Capture
    from factsheet.archive.policy import FetchPolicy

META_TABLE = "sheet"
META_ID = "meta"
SOURCES = "sources"
CLAIMS = "claims"
QUOTES = "quotes"
HISTORY = "history"

_RECORD_TYPES: dict[str, type[Any]] = {
    SOURCES: Source,
    CLAIMS: Claim,
    QUOTES: Quote,
    HISTORY: VerdictChange,
}
_MIN_ID_PREFIX = 3
_MAX_DEFAULT_TITLE = 80


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    """One source's archiving: the new snapshot, or why there is none; whether the text
    changed since the snapshot before (None: first snapshot, or failed)."""

    source_id: str
    snapshot: Snapshot | None
    error: str | None
    changed: bool | None


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """A quote re-anchored in its source's latest text: how it stood, how it stands."""

    quote_id: str
    source_id: str
    before: str
    after: str
    score: float
    moved: bool


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
    """An open fact-check sheet. Use as a context manager so the lock is released."""

    def __init__(
        self,
        store: SheetStore,
        *,
        reviewer: str | None = None,
        ids: Callable[[str], str] = new_id,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.store = store
        self.reviewer = resolve_reviewer(reviewer)
        self._ids = ids
        self._clock = clock
        self._quote_index: dict[str, list[str]] = {}
        self._quote_index_version = -1
        _check_records(store)

    @classmethod
    def open(
        cls,
        path: str | Path,
        *,
        writable: bool = True,
        wait: float = 0.0,
        reviewer: str | None = None,
        ids: Callable[[str], str] = new_id,
        clock: Callable[[], str] = utc_now,
        background_saves: bool = False,
        on_save_error: Callable[[str], None] | None = None,
    ) -> Sheet:
        """Open a sheet; writable opens take the lock (waiting up to `wait` seconds).

        `background_saves` is for the interactive app: each edit is saved on a thread
        right after it is made, so that the screen never waits for the disk; `flush()`
        waits for those saves. Without it, an edit is on disk when its method returns.
        """
        store = SheetStore(
            Path(path),
            writable=writable,
            wait=wait,
            background_saves=background_saves,
            on_save_error=on_save_error,
        )
        try:
            return cls(store, reviewer=reviewer, ids=ids, clock=clock)
        except BaseException:
            store.close()
            raise

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
        title = _required(title, "title")
        levels = [asdict(level) for level in scale]
        keys = [level["key"] for level in levels]
        if UNRATED in keys or len(set(keys)) != len(keys) or not keys:
            raise InvalidInputError("a rating scale needs distinct levels other than 'unrated'")
        now = clock()
        meta = SheetMeta(title=title, description=description, scale=levels, created=now)
        meta.updated = now
        data = {META_TABLE: {META_ID: meta.to_dict()}, SOURCES: {}, CLAIMS: {}, QUOTES: {}}
        data[HISTORY] = {}
        store = SheetStore.create(Path(path), data)
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
        """Save what is pending and release the lock."""
        self.store.close()

    def flush(self) -> None:
        """Wait until every edit is on disk (only background saves can be pending)."""
        self.store.flush()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def meta(self) -> SheetMeta:
        return SheetMeta.from_dict(self.store.get(META_TABLE, META_ID) or {})

    @property
    def archive_dir(self) -> Path:
        """Where snapshots of this sheet's sources are kept: `<sheet>.archive/` beside it."""
        return self.path.with_name(f"{self.path.stem}.archive")

    # Reading

    def ratings(self) -> list[Rating]:
        return self.meta.ratings()

    def sources(self) -> list[Source]:
        return [Source.from_dict(r) for r in self.store.records(SOURCES).values()]

    def claims(self) -> list[Claim]:
        return [Claim.from_dict(r) for r in self.store.records(CLAIMS).values()]

    def quotes(self, claim_id: str | None = None) -> list[Quote]:
        records = self.store.records(QUOTES)
        if claim_id is None:
            return [Quote.from_dict(record) for record in records.values()]
        return [Quote.from_dict(records[q]) for q in self._quotes_by_claim().get(claim_id, [])]

    def quote_counts(self) -> dict[str, int]:
        """How many quotes each claim has, by claim id (claims without quotes are left out)."""
        return {claim: len(quotes) for claim, quotes in self._quotes_by_claim().items()}

    def _quotes_by_claim(self) -> dict[str, list[str]]:
        """Quote ids by claim id, rebuilt only after the sheet has changed."""
        version = self.store.table_versions.get(QUOTES, 0)
        if self._quote_index_version != version:
            index: dict[str, list[str]] = {}
            for quote_id, record in self.store.records(QUOTES).items():
                index.setdefault(record["claim"], []).append(quote_id)
            self._quote_index, self._quote_index_version = index, version
        return self._quote_index

    def history(self, claim_id: str | None = None) -> list[VerdictChange]:
        records = self.store.records(HISTORY).values()
        changes = [
            VerdictChange.from_dict(r)
            for r in records
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
        if not snapshot.text:
            raise InvalidInputError(
                f"source {source.id} has no readable text ({snapshot.content_type}); "
                "its capture is kept in the archive"
            )
        path = self.archive_dir / snapshot.text
        try:
            return path.read_text(encoding="utf-8")
        except OSError as error:
            raise SheetFileError(
                f"{path}: the text of source {source.id} cannot be read ({error.strerror})"
            ) from None

    def summary(self) -> Summary:
        claims = self.store.records(CLAIMS).values()
        verdicts = dict.fromkeys([r.key for r in self.ratings()] + [UNRATED], 0)
        verdicts.update(Counter(claim["rating"] for claim in claims))
        statuses = dict.fromkeys([s.value for s in Status], 0)
        statuses.update(Counter(claim["status"] for claim in claims))
        return Summary(
            title=self.meta.title,
            claims=len(claims),
            sources=len(self.store.records(SOURCES)),
            quotes=len(self.store.records(QUOTES)),
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

    # Editing: each method is one transaction and one save.

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
        now = self._clock()
        snapshot, extracted = snapshot_file(
            file, self.archive_dir, snapshot_id=self._new_id("snap", None), taken=now
        )
        first_line = next((line.strip() for line in extracted.text.splitlines() if line), "")
        if len(first_line) > _MAX_DEFAULT_TITLE:
            first_line = first_line[:_MAX_DEFAULT_TITLE].rsplit(" ", 1)[0] + "…"
        source = Source(
            id=self._new_id("s", SOURCES),
            title=_required(title or extracted.title or first_line or file.name, "title"),
            location=location or str(file.resolve()),
            kind="file",
            author=author or extracted.author,
            publisher=publisher,
            published=published or extracted.published,
            language=language,
            added=now,
            snapshots=[snapshot.to_dict()],
        )
        with self.store.transaction(f"add source {source.id}"):
            self.store.insert(SOURCES, source.id, source.to_dict())
            self._touch(now)
        return source

    def add_source_url(
        self,
        url: str,
        *,
        policy: FetchPolicy | None = None,
        title: str | None = None,
        author: str | None = None,
        publisher: str | None = None,
        published: str | None = None,
        language: str | None = None,
        archive: bool = True,
    ) -> ArchiveResult:
        """Add a web page as a source and (unless `archive` is False) archive it at once.

        An invalid or refused URL adds nothing. A fetch that fails still adds the source,
        with the failed attempt recorded, so that `archive` can retry it; the result says so.
        """
        from factsheet.archive.guard import BlockedAddressError, resolve
        from factsheet.archive.policy import FetchPolicy

        policy = policy or FetchPolicy()
        try:
            resolve(
                url,
                allow_private=policy.allow_private,
                allowed_networks=policy.allowed_networks,
            )
        except BlockedAddressError:
            raise
        except InvalidInputError as error:
            if "cannot resolve" not in str(error):
                raise  # not a URL we fetch; a DNS failure is recorded as an attempt instead
        now = self._clock()
        source = Source(
            id=self._new_id("s", SOURCES),
            title=(title or "").strip() or url.strip(),
            location=url.strip(),
            kind="web",
            author=author,
            publisher=publisher,
            published=published,
            language=language,
            added=now,
        )
        with self.store.transaction(f"add source {source.id}"):
            self.store.insert(SOURCES, source.id, source.to_dict())
            self._touch(now)
        if not archive:
            return ArchiveResult(source.id, None, None, None)
        (result,) = self.archive([source.id], policy=policy, fill_metadata=title is None)
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
        """Fetch web sources again and keep each capture as a new snapshot, never replacing one.

        Without ids: every web source not archived yet. Results come as fetches finish and
        each is saved at once, so an interrupted batch keeps what was done.
        """
        from factsheet.archive.batch import Job, run_batch
        from factsheet.archive.capture import capture_url
        from factsheet.archive.policy import FetchPolicy

        if source_ids is None:
            targets = [s for s in self.sources() if s.kind == "web" and not s.snapshots]
        else:
            targets = [self.source(source_id) for source_id in source_ids]
        for source in targets:
            if source.kind != "web":
                raise InvalidInputError(f"source {source.id} is a local file, not a web page")
        policy = policy or FetchPolicy()
        jobs = [Job(source.id, source.location) for source in targets]

        def work(job: Job, client: Any, cancel: Any) -> Any:
            return capture_url(
                job.url,
                self.archive_dir,
                snapshot_id=self._new_id("snap", None),
                taken=self._clock(),
                policy=policy,
                client=client,
                cancel=cancel,
            )

        batch = run_batch(jobs, work, policy, concurrency=concurrency, per_host=per_host)
        return (self._record_capture(job.key, outcome, fill_metadata) for job, outcome in batch)

    def _record_capture(
        self, source_id: str, outcome: Capture | FactsheetError, fill_metadata: bool
    ) -> ArchiveResult:
        source = self.source(source_id)
        now = self._clock()
        if isinstance(outcome, FactsheetError):
            attempt = {"at": now, "url": source.location, "error": str(outcome)}
            with self.store.transaction(f"archive {source.id}"):
                self.store.update(SOURCES, source.id, {"attempts": [*source.attempts, attempt]})
            return ArchiveResult(source.id, None, str(outcome), None)
        snapshot = outcome.snapshot
        previous = source.latest_snapshot()
        changes: dict[str, Any] = {"snapshots": [*source.snapshots, snapshot.to_dict()]}
        extracted = outcome.extracted
        if fill_metadata and extracted is not None:
            found = {
                "title": extracted.title,
                "author": source.author or extracted.author,
                "published": source.published or extracted.published,
            }
            changes.update({key: value for key, value in found.items() if value})
        with self.store.transaction(f"archive {source.id}"):
            self.store.update(SOURCES, source.id, changes)
            self._touch(now)
        changed = None if previous is None else previous.text != snapshot.text
        return ArchiveResult(source.id, snapshot, None, changed)

    def text_diff(self, source_id: str) -> str:
        """A unified diff of the readable text between a source's last two snapshots."""
        source = self.source(source_id)
        if len(source.snapshots) < 2:
            raise InvalidInputError(f"source {source.id} has fewer than two snapshots to compare")
        old, new = (Snapshot.from_dict(s) for s in source.snapshots[-2:])
        lines = [
            (self.archive_dir / snap.text).read_text(encoding="utf-8").splitlines(keepends=True)
            if snap.text
            else []
            for snap in (old, new)
        ]
        return "".join(
            difflib.unified_diff(
                *lines, fromfile=f"{old.id} ({old.taken})", tofile=f"{new.id} ({new.taken})"
            )
        )

    def check_quotes(self) -> list[QuoteCheck]:
        """Re-anchor every quote in the latest snapshot of its source, saving what changed.

        The quote's recorded selector (the exact text the page had, with its prefix and
        suffix) is looked for first, then the quote as typed; a page that changed gets
        the quote re-anchored (normalised or fuzzy), or marked "not found".
        """
        checks = []
        texts: dict[str, str | None] = {}
        changes: dict[str, dict[str, Any]] = {}
        for quote in self.quotes():
            source = self.source(quote.source)
            if source.id not in texts:
                try:
                    texts[source.id] = self.source_text(source.id)
                except FactsheetError:
                    texts[source.id] = None
            old = quote.anchor or {}
            anchor_dict = self._reanchor(source, texts[source.id], quote.text, old)
            if anchor_dict != old:
                changes[quote.id] = anchor_dict
            checks.append(
                QuoteCheck(
                    quote.id,
                    source.id,
                    old.get("status", anchor.NOT_FOUND),
                    anchor_dict["status"],
                    anchor_dict.get("score", 0.0),
                    (old.get("start"), old.get("snapshot"))
                    != (anchor_dict["start"], anchor_dict["snapshot"]),
                )
            )
        if changes:
            with self.store.transaction("check quotes"):
                for quote_id, anchor_dict in changes.items():
                    self.store.update(QUOTES, quote_id, {"anchor": anchor_dict})
                self._touch(self._clock())
        return checks

    def _reanchor(
        self, source: Source, text: str | None, typed: str, old: dict[str, Any]
    ) -> dict[str, Any]:
        """The quote's anchor in `text`: placed by its recorded selector when the passage is
        still there word for word (its context picks among repeats), else by the quote as
        typed; the status always says how the typed quote matches the page now."""
        snapshot = source.latest_snapshot()
        if text is None or snapshot is None:
            return {**old, "status": anchor.NOT_FOUND, "score": 0.0}
        typed_match = anchor.find_quote(text, typed)
        selector = (
            anchor.find_quote(text, old["exact"], old.get("prefix", ""), old.get("suffix", ""))
            if old.get("exact")
            else None
        )
        if typed_match is None and selector is None:
            return {**old, "status": anchor.NOT_FOUND, "score": 0.0, "snapshot": snapshot.id}
        place = selector if selector is not None and selector.status == anchor.EXACT else None
        place = place or typed_match or selector
        assert place is not None
        status = typed_match.status if typed_match else anchor.FUZZY
        score = typed_match.score if typed_match else (selector.score if selector else 0.0)
        prefix, suffix = anchor.context(text, place)
        return Anchor(
            exact=text[place.start : place.end],
            prefix=prefix,
            suffix=suffix,
            start=place.start,
            end=place.end,
            status=status,
            snapshot=snapshot.id,
            score=score,
        ).to_dict()

    def add_claim(
        self,
        text: str,
        *,
        claimant: str | None = None,
        source: str | None = None,
        tags: Iterable[str] = (),
        status: str = Status.NEW.value,
    ) -> Claim:
        source_id = self.source(source).id if source else None
        now = self._clock()
        claim = Claim(
            id=self._new_id("c", CLAIMS),
            text=_required(text, "claim text"),
            claimant=(claimant or "").strip() or None,
            source=source_id,
            status=_choice(status, Status, "status"),
            tags=sorted({tag.strip() for tag in tags if tag.strip()}),
            created=now,
            updated=now,
        )
        with self.store.transaction(f"add claim {claim.id}"):
            self.store.insert(CLAIMS, claim.id, claim.to_dict())
            self._touch(now)
        return claim

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
        now = self._clock()
        quote = Quote(
            id=self._new_id("q", QUOTES),
            claim=claim.id,
            source=source.id,
            text=text,
            stance=stance,
            note=note.strip(),
            anchor=found,
            created=now,
            by=self.reviewer,
        )
        with self.store.transaction(f"add quote {quote.id}"):
            self.store.insert(QUOTES, quote.id, quote.to_dict())
            self._touch(now)
        return quote

    def set_verdict(
        self, claim_id: str, rating: str, *, rationale: str | None = None
    ) -> VerdictChange | None:
        """Set a claim's rating (and rationale); the change goes into the corrections log.

        Returns the log entry, or None when nothing changed.
        """
        claim = self.claim(claim_id)
        new_rating = self.resolve_rating(rating)
        new_rationale = claim.rationale if rationale is None else rationale.strip()
        if (new_rating, new_rationale) == (claim.rating, claim.rationale):
            return None
        now = self._clock()
        change = VerdictChange(
            id=self._new_id("v", HISTORY),
            claim=claim.id,
            at=now,
            by=self.reviewer,
            rating_from=claim.rating,
            rating_to=new_rating,
            rationale_from=claim.rationale,
            rationale_to=new_rationale,
        )
        with self.store.transaction(f"verdict on {claim.id}"):
            self.store.update(
                CLAIMS, claim.id, {"rating": new_rating, "rationale": new_rationale, "updated": now}
            )
            self.store.insert(HISTORY, change.id, change.to_dict())
            self._touch(now)
        return change

    def set_status(self, claim_id: str, status: str) -> Claim:
        claim = self.claim(claim_id)
        status = _choice(status, Status, "status")
        if status != claim.status:
            now = self._clock()
            with self.store.transaction(f"status of {claim.id}"):
                self.store.update(CLAIMS, claim.id, {"status": status, "updated": now})
                self._touch(now)
        return self.claim(claim.id)

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
        changes: dict[str, Any] = {}
        if text is not None:
            changes["text"] = _required(text, "claim text")
        if claimant is not None:
            changes["claimant"] = claimant.strip() or None
        if source is not None:
            changes["source"] = self.source(source).id if source.strip() else None
        if tags is not None:
            changes["tags"] = sorted({tag.strip() for tag in tags if tag.strip()})
        changes = {key: value for key, value in changes.items() if getattr(claim, key) != value}
        if changes:
            now = self._clock()
            with self.store.transaction(f"edit claim {claim.id}"):
                self.store.update(CLAIMS, claim.id, {**changes, "updated": now})
                self._touch(now)
        return self.claim(claim.id)

    def delete_claim(self, claim_id: str) -> Claim:
        """Delete a claim with its quotes and its corrections log (undo brings all back)."""
        claim = self.claim(claim_id)
        quote_ids = [q.id for q in self.quotes(claim.id)]
        change_ids = [c.id for c in self.history(claim.id)]
        with self.store.transaction(f"delete claim {claim.id}"):
            self.store.remove(QUOTES, quote_ids)
            self.store.remove(HISTORY, change_ids)
            self.store.remove(CLAIMS, [claim.id])
            self._touch(self._clock())
        return claim

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
        if changes:
            with self.store.transaction(f"edit quote {quote.id}"):
                self.store.update(QUOTES, quote.id, changes)
                self._touch(self._clock())
        return self.quote(quote.id)

    def delete_quote(self, quote_id: str) -> Quote:
        quote = self.quote(quote_id)
        with self.store.transaction(f"delete quote {quote.id}"):
            self.store.remove(QUOTES, [quote.id])
            self._touch(self._clock())
        return quote

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
        if changes:
            with self.store.transaction(f"edit source {source.id}"):
                self.store.update(SOURCES, source.id, changes)
                self._touch(self._clock())
        return self.source(source.id)

    def delete_source(self, source_id: str) -> Source:
        """Delete a source nothing cites; its snapshot files stay in the archive folder."""
        source = self.source(source_id)
        cited = sum(1 for q in self.store.records(QUOTES).values() if q["source"] == source.id)
        if cited:
            raise InvalidInputError(
                f"source {source.id} is cited by {cited} quote(s); delete or move those first"
            )
        with self.store.transaction(f"delete source {source.id}"):
            claims = [c for c in self.store.records(CLAIMS).values() if c["source"] == source.id]
            for claim in claims:
                self.store.update(CLAIMS, claim["id"], {"source": None})
            self.store.remove(SOURCES, [source.id])
            self._touch(self._clock())
        return source

    def can_undo(self) -> bool:
        return self.store.can_undo()

    def undo(self) -> str | None:
        """Undo the last change made through this sheet; returns what was undone, or None."""
        return self.store.undo()

    # Internals

    def _anchor(self, source: Source, text: str) -> dict[str, Any]:
        """Anchor `text` in the source's latest text, or explain that it is not there."""
        source_text = self.source_text(source.id)
        match = anchor.find_quote(source_text, text)
        if match is None:
            raise InvalidInputError(
                f"the quote is not in the text of source {source.id} ({source.title[:40]!r})"
            )
        prefix, suffix = anchor.context(source_text, match)
        snapshot = source.latest_snapshot()
        assert snapshot is not None  # source_text() has checked
        return Anchor(
            exact=source_text[match.start : match.end],
            prefix=prefix,
            suffix=suffix,
            start=match.start,
            end=match.end,
            status=match.status,
            snapshot=snapshot.id,
            score=match.score,
        ).to_dict()

    def _touch(self, now: str) -> None:
        self.store.update(META_TABLE, META_ID, {"updated": now})

    def _new_id(self, prefix: str, table: str | None) -> str:
        taken = self.store.records(table) if table else {}
        while (candidate := self._ids(prefix)) in taken:
            pass
        return candidate

    def _record(self, table: str, record_id: str, kind: str) -> dict[str, Any]:
        """A record by full id or by an unambiguous prefix of at least three characters."""
        records = self.store.records(table)
        wanted = record_id.strip()
        if wanted in records:
            return records[wanted]
        matches = (
            [key for key in records if key.startswith(wanted)]
            if len(wanted) >= _MIN_ID_PREFIX
            else []
        )
        if len(matches) == 1:
            return records[matches[0]]
        if len(matches) > 1:
            raise InvalidInputError(
                f"'{record_id}' matches {len(matches)} {kind}s; type more of the id"
            )
        raise NotFoundError(f"no {kind} with id '{record_id}' in {self.path}")


def _required(text: str | None, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidInputError(f"the {what} must not be empty")
    return cleaned


def _choice(value: str, kind: type[Status] | type[Stance], what: str) -> str:
    cleaned = value.strip().lower().replace(" ", "-")
    allowed = [member.value for member in kind]
    if cleaned not in allowed:
        raise InvalidInputError(f"unknown {what} '{value}'; choose one of: {', '.join(allowed)}")
    return cleaned


def _check_records(store: SheetStore) -> None:
    """Check that the file is a factsheet sheet this version can read, and every record parses."""
    path = store.path
    meta_record = store.get(META_TABLE, META_ID)
    if not isinstance(meta_record, dict):
        raise SheetFileError(f"{path}: is JSON but not a factsheet sheet (no sheet metadata)")
    schema = meta_record.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool):
        raise SheetFileError(f"{path}: has no valid schema version")
    if schema > SCHEMA_VERSION:
        raise SheetFileError(
            f"{path}: was written by a newer factsheet (schema {schema}; this version reads "
            f"up to {SCHEMA_VERSION}); upgrade factsheet to open it"
        )
    _check(path, SheetMeta, META_ID, meta_record)
    for table, record_type in _RECORD_TYPES.items():
        required = required_fields(record_type)
        for record_id, record in store.records(table).items():
            if type(record) is not dict:
                raise SheetFileError(f"{path}: record '{record_id}' in '{table}' is not an object")
            if not record.keys() >= required or record.get("id") != record_id:
                _check(path, record_type, record_id, record)


def _check(path: Path, record_type: type[Any], record_id: str, record: dict[str, Any]) -> None:
    """Raise the message for a record that lacks fields or carries another id."""
    missing = required_fields(record_type) - record.keys()
    if missing:
        raise SheetFileError(
            f"{path}: record '{record_id}' lacks fields a {record_type.__name__} needs "
            f"({', '.join(sorted(missing))})"
        )
    if record.get("id", record_id) != record_id:
        raise SheetFileError(f"{path}: record '{record_id}' carries another id")


def sheets_in(folder: Path) -> list[Path]:
    """The sheet files in a folder (exports and hidden files left out), by name."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.glob("*.json")
        if not path.name.startswith(".") and not path.name.endswith(".export.json")
    )
