"""What the panes read from the sheet on every key, kept until that kind of record
changes: at 1,000 sources, building every source again for each cursor move is most of
the time the move takes."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from factsheet.model import Claim, VerdictChange
from factsheet.sheet import HISTORY, Sheet
from factsheet.triage import haystack

if TYPE_CHECKING:
    from factsheet.changes import Event

T = TypeVar("T")


class Heard:
    """The ids of one kind of record that the sheet's change events named since they were
    last taken: which records changed, without comparing every record to find them (at
    10,000 claims that comparison is most of what a verdict costs the screen). Events
    come on whichever thread made the change; `take` says when they may not account for
    every change (one on another thread still being made): the caller then compares."""

    def __init__(self, sheet: Sheet, kind: str) -> None:
        self.sheet = sheet
        self.kind = kind
        self._lock = threading.Lock()
        self._ids: set[str] = set()
        self._revision = sheet.revision(kind)  # the kind's revision at the last event
        sheet.subscribe(self._hear)

    def _hear(self, event: Event) -> None:
        ids = {record_id for kind, record_id in event.records if kind == self.kind}
        with self._lock:
            self._ids |= ids
            self._revision = self.sheet.revision(self.kind)

    def take(self, revision: int) -> set[str] | None:
        """The ids named since the last take, if the events heard account for every change
        up to `revision` (the kind's revision now); else None."""
        with self._lock:
            ids, self._ids = self._ids, set()
            return ids if self._revision == revision else None


class ByRevision(Generic[T]):
    """`build(sheet)` once, then again only after a change to `kinds` of record (by this
    process or another: `Sheet.revision` counts both). The value is shared: read it,
    never change it."""

    def __init__(self, sheet: Sheet, kinds: tuple[str, ...], build: Callable[[Sheet], T]) -> None:
        self.sheet = sheet
        self.kinds = kinds
        self.build = build
        self._made: tuple[tuple[int, ...], T] | None = None

    def get(self) -> T:
        revisions = tuple(self.sheet.revision(kind) for kind in self.kinds)
        if self._made is None or self._made[0] != revisions:
            self._made = (revisions, self.build(self.sheet))
        return self._made[1]


class ClaimRows:
    """Every claim in sheet order, with the words a filter looks for in each and how many
    claims have each verdict, made again after a change only for the claims that changed:
    the store never changes a record in place, so a record that is the same object as
    last time is the same claim. At 10,000 claims, an edit then costs about a
    millisecond instead of rebuilding all."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._revision = -1
        self._records: dict[str, Mapping[str, Any]] = {}  # as last seen, by id
        self._order: list[str] = []  # claim ids in sheet order
        self._at: dict[str, int] = {}  # claim id -> its place in the lists
        self._value: tuple[list[Claim], list[str]] = ([], [])
        self._verdicts: Counter[str] = Counter()
        self._conflicts = 0
        self._heard = Heard(sheet, "claims")

    def get(self) -> tuple[list[Claim], list[str]]:
        revision = self.sheet.revision("claims")
        if revision != self._revision:
            records = dict(self.sheet.records("claims"))
            order = list(records)
            changed = self._changed(records, self._heard.take(revision))
            kept = len(self._order)
            if order == self._order:
                self._replace(records, changed)
            elif order[:kept] == self._order and all(key not in self._at for key in changed):
                self._append(records, order, changed)  # new claims at the end (the usual add)
            else:
                self._rebuild(records, order)
            self._revision = revision
        return self._value

    def _changed(self, records: dict[str, Mapping[str, Any]], heard: set[str] | None) -> list[str]:
        """The ids of the records that are not as last seen: those the events named, or
        (when they may not name all) every record compared with the one last seen."""
        seen = self._records.get
        if heard is not None and self._revision >= 0:
            changed = [key for key in heard if key in records and seen(key) is not records[key]]
            if len(changed) > 1:  # in sheet order (new claims are added in that order)
                wanted = set(changed)
                changed = [key for key in records if key in wanted]
            return changed
        return [key for key, record in records.items() if seen(key) is not record]

    def counts(self) -> tuple[Counter[str], int]:
        """How many claims have each verdict (by rating key), and how many a conflict."""
        self.get()
        return self._verdicts, self._conflicts

    def _replace(self, records: dict[str, Mapping[str, Any]], changed: list[str]) -> None:
        """The same claims in the same order: make again only those that changed (new
        lists: a caller may hold the old ones)."""
        claims, words = list(self._value[0]), list(self._value[1])
        for key in changed:
            at = self._at[key]
            self._count(claims[at], -1)
            claims[at] = Claim.from_dict(records[key])
            words[at] = haystack(claims[at])
            self._count(claims[at], 1)
        self._records, self._value = records, (claims, words)

    def _append(
        self, records: dict[str, Mapping[str, Any]], order: list[str], added: list[str]
    ) -> None:
        """The same claims, unchanged, and new ones after them."""
        claims, words = list(self._value[0]), list(self._value[1])
        for key in added:
            self._at[key] = len(claims)
            claims.append(Claim.from_dict(records[key]))
            words.append(haystack(claims[-1]))
            self._count(claims[-1], 1)
        self._records, self._order, self._value = records, order, (claims, words)

    def _rebuild(self, records: dict[str, Mapping[str, Any]], order: list[str]) -> None:
        """Claims added, deleted or moved: the lists again, reusing unchanged claims."""
        known = {
            key: (claim, text) for key, claim, text in zip(self._order, *self._value, strict=True)
        }
        seen = self._records.get
        claims: list[Claim] = []
        words: list[str] = []
        for key, record in records.items():
            found = known.get(key) if seen(key) is record else None
            if found is None:
                claim = Claim.from_dict(record)
                found = (claim, haystack(claim))
            claims.append(found[0])
            words.append(found[1])
        self._records, self._order, self._value = records, order, (claims, words)
        self._at = {key: at for at, key in enumerate(order)}
        self._verdicts = Counter(claim.rating for claim in claims)
        self._conflicts = sum(1 for claim in claims if claim.conflict)

    def _count(self, claim: Claim, step: int) -> None:
        self._verdicts[claim.rating] += step
        self._conflicts += step if claim.conflict else 0


class HistoryByClaim:
    """The verdict history of one claim, as `Sheet.history(claim_id)` gives it, without
    reading every claim's history for each cursor move: the entries are kept grouped by
    claim, and after a change only new entries are added (anything else, such as an
    undo that removes entries, groups them again)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._revision = -1
        self._records: dict[str, Mapping[str, Any]] = {}
        self._by_claim: dict[str, list[str]] = {}
        self._heard = Heard(sheet, HISTORY)

    def of(self, claim_id: str) -> list[VerdictChange]:
        revision = self.sheet.revision(HISTORY)
        if revision != self._revision:
            heard = self._heard.take(revision)
            self._follow(dict(self.sheet.records(HISTORY)), None if self._revision < 0 else heard)
            self._revision = revision
        records = self._records
        keys = self._by_claim.get(claim_id, [])
        changes = [VerdictChange.from_dict(records[key]) for key in keys]
        return sorted(changes, key=lambda change: change.at)

    def _follow(self, records: dict[str, Mapping[str, Any]], heard: set[str] | None) -> None:
        seen = self._records.get
        if heard is not None:  # the events named what changed: no need to compare all
            changed = [key for key in heard if key in records and seen(key) is not records[key]]
            if len(changed) > 1:  # in sheet order
                wanted = set(changed)
                changed = [key for key in records if key in wanted]
        else:
            changed = [key for key, record in records.items() if seen(key) is not record]
        by_claim = self._by_claim
        if len(records) - len(changed) != len(self._records) or any(
            key in self._records for key in changed
        ):  # entries removed or changed: group them all again
            by_claim = {}
            changed = list(records)
        for key in changed:
            by_claim.setdefault(records[key]["claim"], []).append(key)
        self._records, self._by_claim = records, by_claim
