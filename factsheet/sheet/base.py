"""The base of `Sheet`: opening a sheet, reading its records, and the change (one
transaction of the store) that every edit is made in."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Self

from factsheet.changes import Event
from factsheet.config import resolve_reviewer
from factsheet.errors import InvalidInputError, NotFoundError, ReadOnlyError, SheetFileError
from factsheet.model import (
    DEFAULT_SCALE,
    UNRATED,
    Claim,
    Quote,
    Rating,
    SheetMeta,
    Snapshot,
    Source,
    Status,
    VerdictChange,
    new_id,
    rating_key,
    utc_now,
)
from factsheet.safe_text import one_line
from factsheet.sheet import aside
from factsheet.sheet.rules import check_contents, check_written, settle_conflict
from factsheet.sheet.values import (
    CLAIMS,
    HISTORY,
    QUOTES,
    RECORD_TYPES,
    SOURCES,
    required,
)
from factsheet.storage.fileformat import DELETED, META_ID, META_TABLE, Contents, new_contents
from factsheet.storage.store import SheetStore
from factsheet.storage.tombstones import bury
from factsheet.storage.transaction import Writer
from factsheet.validate import Problem, archive_file, check_scale

_MIN_ID_PREFIX = 3


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


class SheetBase:
    """An open sheet: opening, reading, and the change every edit is made in (the edits
    themselves are in this package's other modules; `Sheet` brings them together)."""

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
        self._pending_check: aside.PendingCheck | None = None  # see `sheet.aside`
        store.resolver = settle_conflict
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
    ) -> Self:
        """Open a sheet, checking every record; several processes may have it open at once.

        `background_saves` is for the interactive app: each edit is saved on a thread
        right after it is made, so that the screen never waits for the disk; `flush()`
        waits for those saves. Without it, an edit is on disk when its method returns.
        """
        options = {} if lock_wait is None else {"lock_wait": lock_wait}
        pending: list[aside.PendingCheck] = []

        def check_aside(contents: Contents, path: Path) -> None:
            pending.append(aside.PendingCheck(check_contents, contents, path))

        store = SheetStore.open(
            Path(path),
            writable=writable,
            background_saves=background_saves,
            on_save_error=on_save_error,
            check=check_aside if not writable and aside.wanted() else check_contents,
            **options,
        )
        store.check = check_contents  # what is read later (`refresh`) is checked at once
        sheet = cls(store, reviewer=reviewer, ids=ids, clock=clock)
        if pending:
            sheet._pending_check = pending[0]
        return sheet

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
    ) -> Self:
        """Write a new, empty sheet file (refusing to replace one) and open it."""
        levels = [asdict(level) for level in scale]
        try:
            check_scale(levels, "the scale")
        except Problem as problem:
            raise InvalidInputError(f"{problem.message}") from None
        now = clock()
        meta = SheetMeta(
            title=required(title, "title"),
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
        """Save what is pending; for a sheet opened in `aside.checked_aside()`, wait for the
        check of its records and raise SheetFileError if they failed it."""
        try:
            self._store.close()
        finally:
            pending, self._pending_check = self._pending_check, None
            if pending is not None:
                pending.verdict()

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

    def pace_saves(self, hold: Callable[[], float]) -> None:
        """Let a background save wait while `hold()` returns seconds to wait (at most a
        second in all; `flush` and `close` never wait): the app holds saves while keys
        come, so that writing the file does not slow the screen."""
        self._store.pace_saves(hold)

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
        record_type = RECORD_TYPES[kind]
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
        what = f"the text of source {source.id}"
        path = archive_file(self.archive_dir, snapshot.text, what)  # never outside the archive
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "not UTF-8"
            raise SheetFileError(f"{path}: {what} cannot be read ({why})") from None

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
        raise InvalidInputError(
            f"unknown rating '{one_line(text, 40)}'; this sheet's scale is: {one_line(known)}"
        )

    def now(self) -> str:
        """The time as this sheet records it (UTC, to the second)."""
        return self._clock()

    def new_id(self, prefix: str) -> str:
        """A new random id with that prefix ("snap" for a snapshot, say)."""
        return self._ids(prefix)

    # Internals

    @contextmanager
    def _change(
        self, label: str, *, undoable: bool = True, touch: bool = True, check: bool = True
    ) -> Iterator[Writer]:
        """One transaction: saved when the block ends, stamped in `updated`, undoable; what
        it writes held to the rules (unless the caller has done so: `check`); what it
        deletes leaves a tombstone (`storage.tombstones`)."""
        with self._store.change(label, undoable=undoable) as change:
            yield change
            if change.change.ops:
                bury(change, self._store.records(DELETED), self.reviewer, self._clock)
            if touch and change.change.ops:
                change.update(META_TABLE, META_ID, {"updated": self._clock()})
            if check:
                check_written(change.change.ops.values())

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
        if (kind, wanted) in self._store.removed_elsewhere:
            raise NotFoundError(
                f"{what} {shown} was deleted by another reviewer meanwhile; nothing was changed"
            )
        if len(matches) > 1:
            raise InvalidInputError(
                f"'{shown}' matches {len(matches)} {what}s; type more of the id"
            )
        raise NotFoundError(f"no {what} with id '{shown}' in {self.path}")
