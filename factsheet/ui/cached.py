"""What the panes read from the sheet on every key, kept until that kind of record
changes: at 1,000 sources, building every source again for each cursor move is most of
the time the move takes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from factsheet.sheet import Sheet

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
