"""Search indexes kept on disk, so that `factsheet search` from the shell does not read and
index a sheet each time.

A sheet's index lives in the user's cache folder, keyed by the sheet's path. One whose
sheet has not changed since (same file, size and modification time) is used as it is:
its arrays and texts are mapped from disk, not read, and a search decodes only the
documents it looks at, so that answering from it costs milliseconds whatever the size
of the sheet. One whose sheet has changed is brought up to date (only the changed
records are indexed again) and kept again.

On disk, one folder per sheet: `meta.json` names the version of the other files, which
are written under a new version each time and never changed, so that a reader sees the
old index or the new one, never a mix. Each time an index is kept, the folders of sheets
that are gone, and of sheets not searched for `UNUSED_DAYS` days, are dropped.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar, overload

import numpy as np
import orjson

from factsheet.errors import FactsheetError
from factsheet.search.entries import Entry, Hit, checked_entries, sheet_entries
from factsheet.search.index import SearchIndex
from factsheet.storage.atomic import write_atomically

_FORMAT = 3  # of the kept index
_ARRAYS = ("live", "base", "starts", "sizes", "entry_ends", "text_ends")
UNUSED_DAYS = 30  # a kept index not used for this long is dropped
_ABANDONED = 3600  # seconds after which a folder without a readable meta.json is dropped
T = TypeVar("T")
Progress = Callable[[str], None]  # told each step of making or updating an index


def _quiet(step: str) -> None:
    """Progress that says nothing."""


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


def kept_index(path: Path, name: str, progress: Progress = _quiet) -> SearchIndex:
    """The search index of the sheet at `path` (its documents named `name`): the kept one
    when the sheet has not changed since, else brought up to date and kept again (each
    step said to `progress`: this takes seconds on a large sheet)."""
    folder = _kept_at(path, name)
    kept = _load(folder)
    if kept is not None and kept[0] == _stamp(path):
        with contextlib.suppress(OSError):
            os.utime(folder)  # used: not dropped as unused
        return kept[1]
    progress(f"reading {name}")
    stamp, entries = _read(path, name)
    if kept is not None:
        progress(f"updating the search index of {name}")
        index = kept[1]
        index.replace_sheet(name, entries)  # only what changed is indexed again
    else:
        progress(f"indexing {len(entries):,} texts of {name}")
        index = SearchIndex()
        index.add_many(entries)
    progress(f"keeping the search index of {name}")
    with contextlib.suppress(OSError, ValueError):  # not kept: searching works, only slower
        _save(folder, stamp, index, os.path.realpath(path))
    with contextlib.suppress(OSError):
        prune()
    return index


def prune(now: float | None = None) -> list[Path]:
    """Drop kept indexes no longer wanted: those of sheets that are gone (deleted, moved,
    a temporary folder), those not used for `UNUSED_DAYS` days, and folders a crash left
    without an index. Returns the folders dropped."""
    now = time.time() if now is None else now
    dropped = []
    for folder in cache_dir().iterdir():
        try:
            age = now - folder.stat().st_mtime
            try:
                sheet = orjson.loads((folder / "meta.json").read_bytes()).get("path")
                gone = isinstance(sheet, str) and not os.path.exists(sheet)
            except (OSError, orjson.JSONDecodeError, AttributeError):
                gone = age > _ABANDONED
            if gone or age > UNUSED_DAYS * 86400:
                shutil.rmtree(folder)
                dropped.append(folder)
        except OSError:
            continue  # another process is at it, or not ours to drop
    return dropped


def _read(path: Path, name: str) -> tuple[list[int], list[Entry]]:
    """The sheet's documents and the stamp of the file they were read from (taken before it
    is read: a change meanwhile makes the next search update the index again)."""
    from factsheet.sheet import CLAIMS, QUOTES, Sheet  # only when the kept index is not current

    stamp = _stamp(path)
    tables = Sheet.read_tables(path, CLAIMS, QUOTES)  # without the model and the rules
    entries = checked_entries(name, tables[CLAIMS], tables[QUOTES])
    if entries is None:  # a field is not as the rules hold it: opening says which
        with Sheet.open(path, writable=False) as sheet:
            entries = sheet_entries(sheet, name)
    return stamp, entries


def search_sheets(
    paths: Iterable[Path],
    query: str,
    limit: int,
    progress: Progress = _quiet,
    unreadable: Callable[[Path, FactsheetError], None] | None = None,
) -> list[Hit]:
    """The best matches for `query` across the sheets at `paths` (named by their path), from
    their kept indexes. A sheet that cannot be read raises its error, or with `unreadable`
    is told to it and left out."""
    hits: list[Hit] = []
    for path in paths:
        try:
            index = kept_index(path, str(path), progress)
        except FactsheetError as error:
            if unreadable is None:
                raise
            unreadable(path, error)
            continue
        hits += index.search(query, limit)
    hits.sort(key=lambda hit: (not hit.exact, -hit.score))
    return hits[:limit]


class _Packed(Sequence[T]):
    """Items stored one after another in one buffer (a mapped file), each decoded when it
    is read: a search reads a few thousand of a hundred thousand."""

    def __init__(self, data: bytes | mmap.mmap, ends: np.ndarray, decode: Callable[[bytes], T]):
        self._data, self._ends, self._decode = data, ends, decode

    def __len__(self) -> int:
        return len(self._ends)

    def whole(self) -> bool:
        """Whether the items end in order and the last at the buffer's end (not cut short)."""
        ends = self._ends
        if len(ends) == 0:
            return len(self._data) == 0
        return bool(ends[0] >= 0 and np.all(ends[1:] >= ends[:-1]) and ends[-1] == len(self._data))

    @overload
    def __getitem__(self, n: int) -> T: ...

    @overload
    def __getitem__(self, n: slice) -> list[T]: ...

    def __getitem__(self, n: int | slice) -> T | list[T]:
        if isinstance(n, slice):
            return [self[i] for i in range(*n.indices(len(self)))]
        if n < 0:
            n += len(self)
        if not 0 <= n < len(self):
            raise IndexError(n)
        start = int(self._ends[n - 1]) if n else 0
        return self._decode(self._data[start : int(self._ends[n])])

    def __iter__(self) -> Iterator[T]:
        return (self[n] for n in range(len(self)))


def _entry(raw: bytes) -> Entry:
    kind, sheet, record_id, claim_id, source_id, text = _text(raw).split("\x00", 5)
    return Entry(kind, sheet, record_id, claim_id, text, source_id)


def _entry_bytes(entry: Entry) -> bytes:
    """An entry's fields, each but the last (its text) ended by a NUL, which ids, kinds and
    paths cannot hold (one that does is not kept: ValueError)."""
    head = (entry.kind, entry.sheet, entry.record_id, entry.claim_id, entry.source_id)
    if any("\x00" in field for field in head):
        raise ValueError("a NUL in an id")
    return "\x00".join((*head, entry.text)).encode("utf-8", "surrogatepass")


def _text(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogatepass")


def _mapped(path: Path) -> bytes | mmap.mmap:
    with open(path, "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return b""
        return mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)


def _load(folder: Path) -> tuple[list[int], SearchIndex] | None:
    """A kept index and the stamp of the sheet it was made from (None: none usable)."""
    try:
        meta = orjson.loads((folder / "meta.json").read_bytes())
        if meta.get("format") != _FORMAT:
            return None
        version = meta["version"]
        arrays = {
            key: np.load(folder / f"{key}-{version}.npy", mmap_mode="r", allow_pickle=False)
            for key in _ARRAYS
        }
        count = len(arrays["live"])
        if not (
            count == len(arrays["sizes"]) == len(arrays["entry_ends"]) == len(arrays["text_ends"])
            and 0 <= meta["based"] <= count
            and arrays["base"].dtype == np.int64
            and arrays["entry_ends"].dtype == arrays["text_ends"].dtype == np.int64
        ):
            return None
        entries = _Packed(_mapped(folder / f"entries-{version}.bin"), arrays["entry_ends"], _entry)
        texts = _Packed(_mapped(folder / f"texts-{version}.bin"), arrays["text_ends"], _text)
        if not (entries.whole() and texts.whole()):
            return None
        index = SearchIndex.from_arrays(
            entries,
            texts,
            **{key: arrays[key] for key in ("live", "base", "starts", "sizes")},
            based=int(meta["based"]),
        )
        return [int(n) for n in meta["stamp"]], index
    except (OSError, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        return None  # missing, partly written or damaged: made again


def _packed(items: Iterable[bytes]) -> tuple[bytes, np.ndarray]:
    """Items one after another, and where each ends."""
    parts = list(items)
    ends = np.cumsum(np.fromiter((len(part) for part in parts), np.int64, len(parts)))
    return b"".join(parts), ends.astype(np.int64)


def _save(folder: Path, stamp: list[int], index: SearchIndex, sheet: str) -> None:
    """Keep an index: its files under a new version, then the meta that names them, replaced
    atomically (a reader sees the old index or the new one)."""
    folder.mkdir(parents=True, exist_ok=True)
    state = index.arrays()
    version = hashlib.sha256(os.urandom(16)).hexdigest()[:12]
    entries, state["entry_ends"] = _packed(_entry_bytes(entry) for entry in state["entries"])
    texts, state["text_ends"] = _packed(
        text.encode("utf-8", "surrogatepass") for text in state["texts"]
    )
    (folder / f"entries-{version}.bin").write_bytes(entries)
    (folder / f"texts-{version}.bin").write_bytes(texts)
    for key in _ARRAYS:
        with open(folder / f"{key}-{version}.npy", "wb") as out:
            np.save(out, np.ascontiguousarray(state[key]), allow_pickle=False)
    meta = {
        "format": _FORMAT,
        "stamp": stamp,
        "based": state["based"],
        "version": version,
        "path": sheet,  # the sheet's: once it is gone, so is this index
    }
    write_atomically(folder / "meta.json", orjson.dumps(meta))
    for old in folder.iterdir():
        if old.name != "meta.json" and f"-{version}." not in old.name:
            old.unlink(missing_ok=True)
