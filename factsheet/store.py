"""The only module that touches TinyDB: a crash-safe, locked sheet file.

Stock TinyDB `JSONStorage` re-reads and rewrites the whole file on every
operation and truncates it in place, so a crash mid-write loses the sheet.
`AtomicJSONStorage` keeps the data in memory and saves by writing a temporary
file in the same folder, fsyncing it, renaming it over the sheet and fsyncing
the folder: at any moment the file on disk is the last complete save.

A writable sheet holds an exclusive file lock for as long as it is open, so a
second process cannot clobber it; readers need no lock, because a rename is
atomic and they always see a complete file.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from factsheet.atomic import BackgroundWriter, write_atomically
from factsheet.errors import ReadOnlyError, SheetFileError, SheetLockedError
from factsheet.sheetfile import Data, SheetEncoder, encode, load_sheet_file, read_sheet_file

UNDO_DEPTH = 100


class _IdTable(Table):
    """A table keyed by the records' own stable string ids instead of counters."""

    document_id_class = str


class _SheetDB(TinyDB):
    table_class = _IdTable


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files left by a process killed mid-save (only while holding the lock)."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with suppress(OSError):
            stale.unlink()


class AtomicJSONStorage(Storage):
    """TinyDB storage that keeps data in memory and saves atomically, once per transaction.

    With a `writer`, saves go to a background thread (for the interactive app, where
    an edit must show at once); without, a save is on disk when the edit returns.
    """

    def __init__(
        self, path: Path, data: Data, writable: bool, writer: BackgroundWriter | None = None
    ) -> None:
        self.path = path
        self.writable = writable
        self.encoder = SheetEncoder()
        self._data = data
        self._writer = writer
        self._depth = 0
        self._dirty = False

    def read(self) -> Data:
        return self._data

    def write(self, data: Data) -> None:
        if not self.writable:
            raise ReadOnlyError(f"{self.path}: is open read-only; nothing was changed")
        self._data = data
        if self._depth:
            self._dirty = True
        else:
            self.save()

    def save(self) -> None:
        payload = self.encoder.chunks(self._data)
        if self._writer is None:
            write_atomically(self.path, payload)
        else:
            self._writer.submit(payload)
        self._dirty = False

    def reload(self) -> None:
        """Forget unsaved in-memory changes: the file on disk is the last good state."""
        raw, self._data = load_sheet_file(self.path)
        self.encoder.adopt(raw, self._data)
        self._dirty = False

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Group writes into one save; on any error, roll back to the last save."""
        self._depth += 1
        try:
            yield
            if self._depth == 1 and self._dirty:
                self.save()
        except BaseException:
            if self._depth == 1 and self._dirty:
                self.reload()
            raise
        finally:
            self._depth -= 1


class SheetStore:
    """An open sheet file: its tables of records, a lock when writable, and transactions.

    Every change goes through `insert`, `update` and `remove` (or `undo`), which is
    what lets a save re-encode only the records that changed.
    """

    def __init__(
        self,
        path: Path,
        *,
        writable: bool = True,
        wait: float = 0.0,
        background_saves: bool = False,
        on_save_error: Callable[[str], None] | None = None,
    ) -> None:
        self.path = Path(path)
        self._lock: FileLock | None = None
        if not self.path.is_file():
            read_sheet_file(self.path)  # raises the right message before a lock file is made
        if writable:
            self._lock = _acquire(self.path, wait)
        try:
            raw, data = load_sheet_file(self.path)
            if writable:
                _remove_stale_temporaries(self.path)
        except BaseException:
            self._release()
            raise
        self._writer = (
            BackgroundWriter(self.path, on_save_error) if writable and background_saves else None
        )
        self._storage = AtomicJSONStorage(self.path, data, writable, self._writer)
        if writable:
            self._storage.encoder.adopt(raw, data)
        del raw
        self._db = _SheetDB(storage=lambda: self._storage)
        self._touched: dict[tuple[str, str], dict[str, Any] | None] | None = None
        self._undo: list[tuple[str, dict[tuple[str, str], dict[str, Any] | None]]] = []
        self.table_versions: dict[str, int] = {}  # bumped on every change to a table
        self._mutex = threading.RLock()

    @classmethod
    def create(cls, path: Path, data: Data) -> SheetStore:
        """Write a new sheet file and open it; refuses to replace an existing file."""
        path = Path(path)
        if not path.parent.is_dir():
            raise SheetFileError(f"{path}: folder {path.parent} does not exist")
        lock = _acquire(path, 0.0)
        try:
            if path.exists():
                raise SheetFileError(f"{path}: already exists; nothing was changed")
            write_atomically(path, encode(data))
        finally:
            lock.release()
        return cls(path)

    @property
    def writable(self) -> bool:
        return self._storage.writable

    def get(self, table: str, record_id: str) -> dict[str, Any] | None:
        return self._storage.read().get(table, {}).get(record_id)

    def records(self, table: str) -> Mapping[str, dict[str, Any]]:
        """The records of a table, keyed by id (read-only view; change them through the store)."""
        return self._storage.read().get(table, {})

    def insert(self, table: str, record_id: str, record: dict[str, Any]) -> None:
        self._remember(table, record_id)
        self._db.table(table).insert(Document(record, doc_id=record_id))

    def update(self, table: str, record_id: str, changes: dict[str, Any]) -> None:
        self._remember(table, record_id)
        self._db.table(table).update(changes, doc_ids=[record_id])

    def remove(self, table: str, record_ids: list[str]) -> None:
        for record_id in record_ids:
            self._remember(table, record_id)
        if record_ids:
            self._db.table(table).remove(doc_ids=record_ids)

    @contextmanager
    def transaction(self, label: str = "") -> Iterator[None]:
        """One save for every change made inside; `label` names the change for undo.

        Transactions are serialised across threads (the app adds sources on a worker).
        """
        with self._mutex:
            outermost = self._touched is None
            if outermost:
                self._touched = {}
            try:
                with self._storage.transaction():
                    yield
                if outermost and self._touched and label:
                    self._undo.append((label, self._touched))
                    del self._undo[:-UNDO_DEPTH]
            except OSError as error:
                raise SheetFileError(
                    f"{self.path}: could not be saved ({error.strerror}); "
                    "the last saved version is intact"
                ) from error
            except BaseException:
                self._storage.encoder.clear()
                raise
            finally:
                if outermost:
                    self._touched = None

    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Put back every record the last labelled transaction touched; returns its label."""
        with self._mutex:
            if not self._undo:
                return None
            label, before = self._undo[-1]
            with self.transaction():
                for (table, record_id), record in before.items():
                    self._remember(table, record_id)
                    if self.get(table, record_id) is not None:
                        self._db.table(table).remove(doc_ids=[record_id])
                    if record is not None:
                        self._db.table(table).insert(Document(record, doc_id=record_id))
            self._undo.pop()
            return label

    def report_save_errors_to(self, callback: Callable[[str], None]) -> None:
        """Where a failed background save is reported (called on the writer's thread)."""
        if self._writer is not None:
            self._writer.on_error = callback

    def flush(self) -> None:
        """Wait for background saves; raises SheetFileError if the last one failed."""
        if self._writer is None:
            return
        try:
            self._writer.flush()
        except OSError as error:
            raise SheetFileError(
                f"{self.path}: could not be saved ({error.strerror}); "
                "the last change is not on disk"
            ) from error

    def close(self) -> None:
        """Save what is pending, stop the writer and release the lock."""
        try:
            self.flush()
        finally:
            if self._writer is not None:
                self._writer.close()
                self._writer = None
            self._release()

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _remember(self, table: str, record_id: str) -> None:
        """Mark a record as changed, keeping its state before the transaction for undo."""
        self._storage.encoder.forget(table, record_id)
        self.table_versions[table] = self.table_versions.get(table, 0) + 1
        if self._touched is not None and (table, record_id) not in self._touched:
            self._touched[(table, record_id)] = copy.deepcopy(self.get(table, record_id))


def _acquire(path: Path, wait: float) -> FileLock:
    lock = FileLock(lock_path(path), timeout=wait)
    try:
        lock.acquire()
    except Timeout:
        raise SheetLockedError(
            f"{path}: is being edited in another factsheet process; "
            "close it there first (nothing was changed)"
        ) from None
    except OSError as error:
        raise SheetFileError(f"{path}: cannot be locked ({error.strerror})") from None
    return lock
