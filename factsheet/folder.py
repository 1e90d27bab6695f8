"""The sheets of a folder: which files they are, and one search index over all of them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from factsheet.errors import FactsheetError
from factsheet.search import SearchIndex, sheet_entries
from factsheet.sheet import Sheet


def sheets_in(folder: Path) -> list[Path]:
    """The sheet files in a folder (exports and hidden files left out), by name."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.glob("*.json")
        if path.is_file()
        and not path.name.startswith(".")
        and not path.name.endswith((".export.json", ".claimreview.json"))
    )


def index_sheets(
    paths: Iterable[Path],
    *,
    index: SearchIndex | None = None,
    skip: Callable[[Path, FactsheetError], None] | None = None,
    name: Callable[[Path], str] = lambda path: path.name,
) -> SearchIndex:
    """An index of every record of the sheets at `paths`, each named by `name` (its file
    name unless told).

    A file that is not a readable sheet is passed to `skip` (or raises when there is none).
    """
    index = index or SearchIndex()
    for path in paths:
        try:
            with Sheet.open(path, writable=False) as sheet:
                index.add_many(sheet_entries(sheet, name(path)))
        except FactsheetError as error:
            if skip is None:
                raise
            skip(path, error)
    return index


class FolderIndex:
    """The search index over an open sheet and the other sheets of its folder, kept
    between searches: the other sheets are read once, the open sheet's records are
    brought up to date when it has changed."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.index: SearchIndex | None = None
        self._version: tuple[int, int] = (-1, -1)

    def _current(self) -> tuple[int, int]:
        return self.sheet.revision("claims"), self.sheet.revision("quotes")

    @property
    def ready(self) -> bool:
        return self.index is not None and self._version == self._current()

    def update(self) -> SearchIndex:
        """Build or bring the index up to date (slow on a large folder: call it on a worker)."""
        version = self._current()
        index = self.index
        if index is None:
            here = self.sheet.path.resolve()
            others = [p for p in sheets_in(self.sheet.path.parent) if p.resolve() != here]
            index = index_sheets(others, skip=lambda path, error: None)
        name = self.sheet.path.name
        index.replace_sheet(name, sheet_entries(self.sheet, name))
        self.index, self._version = index, version
        return index
