"""The sheets of a folder: which files they are, and one search index over all of them
(the other sheets' from their kept indexes, see `factsheet.search.kept`; the open
sheet's followed record by record).

Loads no sheet machinery until a sheet is read, so that `factsheet search` with a
current kept index starts quickly; and no search machinery (rapidfuzz, numpy) until a
search is made, so that the app starts quickly.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from factsheet.errors import FactsheetError

if TYPE_CHECKING:
    from factsheet.changes import Event
    from factsheet.search import Entry, SearchIndex
    from factsheet.sheet import Sheet

CLAIMS, QUOTES = "claims", "quotes"  # the tables searched (factsheet.sheet.values)


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


def sheets_here() -> list[Path]:
    """The sheets `factsheet` alone offers and `factsheet search` searches: those in
    ./sheets/, then those in the current folder (JSON files that look like a sheet;
    opening one still checks all of it)."""
    found = sheets_in(Path("sheets"))
    for path in sheets_in(Path(".")):
        try:
            with path.open("rb") as file:
                head = file.read(200)
        except OSError:
            continue
        if b'"sheet"' in head:
            found.append(path)
    return found


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
    from factsheet.search import SearchIndex, sheet_entries
    from factsheet.sheet import Sheet

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
    indexed once and then again only those that changed (the sheet says which)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.index: SearchIndex | None = None  # searched; of the open sheet alone, at first
        self.read = (0, 0)  # other sheets read into the index, of how many (a first build)
        self._whole = False  # the index covers the folder's other sheets too
        self._changed: set[tuple[str, str]] = set()
        self._stale = True  # the open sheet's records are not in the index yet
        self._lock = threading.Lock()
        self._building = threading.Lock()  # one build or update at a time
        sheet.subscribe(self._follow)

    def _follow(self, event: Event) -> None:
        """Note which claims and quotes changed (called on the thread that changed them)."""
        with self._lock:
            self._changed.update(key for key in event.records if key[0] in (CLAIMS, QUOTES))

    @property
    def whole(self) -> bool:
        """Whether `index` covers the folder's other sheets too (not only the open one)."""
        return self._whole

    @property
    def ready(self) -> bool:
        return (
            self.index is not None
            and self._whole
            and not self._stale
            and not self._changed
            and not self._building.locked()
        )

    def update(self, step: Callable[[SearchIndex], bool] | None = None) -> SearchIndex:
        """Build or bring the index up to date (slow the first time on a large folder: call
        it on a worker).

        A first build indexes the open sheet first: with other sheets in the folder,
        `index` is then the open sheet's alone (searchable at once, and not changed
        again) until the others are read, and `step` is called with it, then again
        after each other sheet is read (`read` says how many); when it returns False
        the build stops there (the next update goes on with it). The index returned
        covers them all, unless the build was stopped."""
        with self._building:
            return self._update(step or (lambda index: True))

    def _update(self, step: Callable[[SearchIndex], bool]) -> SearchIndex:
        from factsheet.search import SearchIndex
        from factsheet.search.kept import kept_index

        if self.index is not None and self._whole:
            return self._bring_up(self.index)
        here = self.sheet.path.resolve()
        others = [p for p in sheets_in(self.sheet.path.parent) if p.resolve() != here]
        if not others:
            self.index, self._whole = self._bring_up(self.index or SearchIndex()), True
            return self.index
        if self.index is None:
            self.index = self._bring_up(SearchIndex())
        self.read = (0, len(others))
        if not step(self.index):
            return self.index
        whole = SearchIndex()
        for number, path in enumerate(others, start=1):
            with contextlib.suppress(FactsheetError):  # not a sheet: not searched
                whole.add_many(kept_index(path, path.name).entries_live())
            self.read = (number, len(others))
            if not step(self.index):
                return self.index
        # The open sheet's documents as first indexed (not read again); changes since follow.
        whole.add_many(self.index.entries_live())
        self.index, self._whole = self._bring_up(whole), True
        return self.index

    def _bring_up(self, index: SearchIndex) -> SearchIndex:
        """`index` with the open sheet's records as they are now."""
        from factsheet.search import sheet_entries

        name = self.sheet.path.name
        with self._lock:
            changed, self._changed = self._changed, set()
            stale, self._stale = self._stale, False
        if stale:
            index.replace_sheet(name, sheet_entries(self.sheet, name))
        elif changed:
            index.update(name, *self._entries_of(changed))
        return index

    def _entries_of(self, keys: set[tuple[str, str]]) -> tuple[list[Entry], list[tuple[str, str]]]:
        """The documents of some claims and quotes as they are now, and those now gone."""
        from factsheet.search import record_entries

        found: dict[str, dict[str, Any]] = {CLAIMS: {}, QUOTES: {}}
        gone = []
        for table in (CLAIMS, QUOTES):
            wanted = [record_id for kind, record_id in keys if kind == table]
            if not wanted:
                continue
            records = self.sheet.records(table)
            for record_id in wanted:
                record = records.get(record_id)
                if record is not None:
                    found[table][record_id] = record
                else:
                    kinds = ("claim", "rationale") if table == CLAIMS else ("quote",)
                    gone += [(kind, record_id) for kind in kinds]
        entries = record_entries(self.sheet.path.name, found[CLAIMS], found[QUOTES])
        # A rationale cleared: its document goes.
        gone += [("rationale", c["id"]) for c in found[CLAIMS].values() if not c.get("rationale")]
        return entries, gone
