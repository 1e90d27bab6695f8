"""The sheets of a folder: which files they are, and one search index over all of them.

A sheet's search index is kept on disk (in the user's cache folder, keyed by the
sheet's path), so that `factsheet search` from the shell does not read and index
every sheet each time: an index whose sheet has not changed since is loaded as it
is; one whose sheet has changed is brought up to date (only the changed records
are indexed again) and kept again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import numpy as np
import orjson

from factsheet.changes import Event
from factsheet.errors import FactsheetError
from factsheet.search import Entry, Hit, SearchIndex, record_entries, sheet_entries
from factsheet.sheet import CLAIMS, QUOTES, Sheet
from factsheet.storage.atomic import write_atomically

_FORMAT = 1  # of the kept index


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


# Kept indexes


def cache_dir() -> Path:
    """Where kept search indexes live: `$XDG_CACHE_HOME/factsheet/search`."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "factsheet" / "search"


def _kept_at(path: Path, name: str) -> Path:
    key = f"{os.path.realpath(path)}\0{name}".encode("utf-8", "surrogatepass")
    return cache_dir() / hashlib.sha256(key).hexdigest()[:24]


def _stamp(path: Path) -> list[int]:
    stat = os.stat(path)
    return [stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns]


def kept_index(path: Path, name: str) -> SearchIndex:
    """The search index of the sheet at `path` (its documents named `name`): the kept one
    when the sheet has not changed since, else brought up to date and kept again."""
    folder = _kept_at(path, name)
    stamp = _stamp(path)
    kept = _load(folder)
    if kept is not None and kept[0] == stamp:
        return kept[1]
    with Sheet.open(path, writable=False) as sheet:
        stamp = _stamp(path)  # as read
        entries = sheet_entries(sheet, name)
    if kept is not None:
        index = kept[1]
        index.replace_sheet(name, entries)  # only what changed is indexed again
    else:
        index = SearchIndex()
        index.add_many(entries)
    with contextlib.suppress(OSError):  # a read-only cache: searching works, only slower
        _save(folder, stamp, index)
    return index


def _load(folder: Path) -> tuple[list[int], SearchIndex] | None:
    """A kept index and the stamp of the sheet it was made from (None: none usable)."""
    try:
        meta = orjson.loads((folder / "meta.json").read_bytes())
        if meta.get("format") != _FORMAT:
            return None
        entries = orjson.loads((folder / "entries.json").read_bytes())
        arrays = {
            key: np.load(folder / f"{key}-{meta['version']}.npy", mmap_mode="r", allow_pickle=False)
            for key in ("live", "base", "starts", "sizes")
        }
        if not (
            len(entries) == len(arrays["live"]) == len(arrays["sizes"])
            and 0 <= meta["based"] <= len(entries)
            and arrays["base"].dtype == np.int64
        ):
            return None
        index = SearchIndex.from_arrays(entries, **arrays, based=int(meta["based"]))
        return [int(n) for n in meta["stamp"]], index
    except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        return None  # missing, partly written or damaged: made again


def _save(folder: Path, stamp: list[int], index: SearchIndex) -> None:
    """Keep an index: its arrays under a new version, then the entries and the meta that
    names them, each replaced atomically (a reader sees the old index or the new one)."""
    folder.mkdir(parents=True, exist_ok=True)
    state = index.arrays()
    version = hashlib.sha256(os.urandom(16)).hexdigest()[:12]
    for key in ("live", "base", "starts", "sizes"):
        target = folder / f"{key}-{version}.npy"
        with open(target, "wb") as out:
            np.save(out, np.ascontiguousarray(state[key]), allow_pickle=False)
    write_atomically(folder / "entries.json", orjson.dumps(state["entries"]))
    meta = {"format": _FORMAT, "stamp": stamp, "based": state["based"], "version": version}
    write_atomically(folder / "meta.json", orjson.dumps(meta))
    for old in folder.glob("*.npy"):
        if not old.name.endswith(f"-{version}.npy"):
            old.unlink(missing_ok=True)


def search_sheets(paths: Iterable[Path], query: str, limit: int) -> list[Hit]:
    """The best matches for `query` across the sheets at `paths` (named by their path), from
    their kept indexes."""
    hits: list[Hit] = []
    for path in paths:
        hits += kept_index(path, str(path)).search(query, limit)
    hits.sort(key=lambda hit: (not hit.exact, -hit.score))
    return hits[:limit]


class FolderIndex:
    """The search index over an open sheet and the other sheets of its folder, kept
    between searches: the other sheets are read once, the open sheet's records are
    indexed once and then again only those that changed (the sheet says which)."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.index: SearchIndex | None = None
        self._changed: set[tuple[str, str]] = set()
        self._stale = True  # the open sheet's records are not in the index yet
        self._lock = threading.Lock()
        sheet.subscribe(self._follow)

    def _follow(self, event: Event) -> None:
        """Note which claims and quotes changed (called on the thread that changed them)."""
        with self._lock:
            self._changed.update(key for key in event.records if key[0] in (CLAIMS, QUOTES))

    @property
    def ready(self) -> bool:
        return self.index is not None and not self._stale and not self._changed

    def update(self) -> SearchIndex:
        """Build or bring the index up to date (slow the first time on a large folder: call
        it on a worker)."""
        name = self.sheet.path.name
        index = self.index
        if index is None:
            here = self.sheet.path.resolve()
            others = [p for p in sheets_in(self.sheet.path.parent) if p.resolve() != here]
            index = SearchIndex()
            for path in others:
                try:
                    index.add_many(kept_index(path, path.name).entries_live())
                except FactsheetError:
                    continue
        with self._lock:
            changed, self._changed = self._changed, set()
            stale, self._stale = self._stale, False
        if stale:
            index.replace_sheet(name, sheet_entries(self.sheet, name))
        elif changed:
            index.update(name, *self._entries_of(changed))
        self.index = index
        return index

    def _entries_of(self, keys: set[tuple[str, str]]) -> tuple[list[Entry], list[tuple[str, str]]]:
        """The documents of some claims and quotes as they are now, and those now gone."""
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
