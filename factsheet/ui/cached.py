"""What the panes read from the sheet on every key, kept until that kind of record
changes: at 1,000 sources, building every source again for each cursor move is most of
the time the move takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from factsheet.model import Claim
from factsheet.sheet import Sheet
from factsheet.triage import haystack

T = TypeVar("T")


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
    """Every claim in sheet order, with the words a filter looks for in each, made again
    after a change only for the claims that changed: the store never changes a record
    in place, so a record that is the same object as last time is the same claim. At
    10,000 claims, an edit then costs a few milliseconds instead of rebuilding all."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self._revision = -1
        self._made: dict[str, tuple[object, Claim, str]] = {}
        self._value: tuple[list[Claim], list[str]] = ([], [])

    def get(self) -> tuple[list[Claim], list[str]]:
        revision = self.sheet.revision("claims")
        if revision == self._revision:
            return self._value
        made: dict[str, tuple[object, Claim, str]] = {}
        claims: list[Claim] = []
        words: list[str] = []
        for claim_id, record in self.sheet.records("claims").items():
            known = self._made.get(claim_id)
            if known is None or known[0] is not record:
                claim = Claim.from_dict(record)
                known = (record, claim, haystack(claim))
            made[claim_id] = known
            claims.append(known[1])
            words.append(known[2])
        self._revision, self._made, self._value = revision, made, (claims, words)
        return self._value
