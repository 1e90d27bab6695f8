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
