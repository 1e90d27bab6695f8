"""An open sheet file: its records in memory, and changes saved so that nothing is lost.

- **Atomic**: a save writes a temporary file, fsyncs it, renames it over the sheet and
  fsyncs the folder; at any moment the file on disk is a complete save.
- **Never over a file it has not seen**: the store remembers the signature of the file it
  read or wrote last. A change starts from the file's latest contents (re-read if another
  process wrote it), and a save re-checks the file while holding the sheet's lock and
  again just before the rename. If the file changed, it is read again and every change
  not yet saved is applied to it, record by record by stable id (`threeway`), so that no
  edit made by anyone is lost.
- **Locked only while writing**: several processes can have one sheet open and edit it;
  the lock (`.NAME.lock` beside the file) serialises their saves.
- **Undo** of this process's own changes, record by record, never over a record that has
  changed since.

Sheets that are symbolic links are written through to their target.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from factsheet.changes import Event
from factsheet.errors import ReadOnlyError, SheetFileError
from factsheet.model import SCHEMA_VERSION
from factsheet.storage.atomic import (
    BackgroundSaver,
    FileChangedError,
    Version,
    replace_file,
    signature,
    write_atomically,
)
from factsheet.storage.encoder import Encoder, spans_of
from factsheet.storage.fileformat import (
    Contents,
    Record,
    Table,
    encode,
    read_version,
)
from factsheet.storage.layout import Places
from factsheet.storage.locking import can_write, locked, remove_stale_temporaries
from factsheet.storage.replay import Resolver, describe, replay
from factsheet.storage.transaction import Change, Op, Writer, apply_record, copy_record

UNDO_DEPTH = 100
LOCK_WAIT = 10.0  # seconds to wait for another process's save
_MAX_ATTEMPTS = 20  # saves retried while other processes keep changing the file


class SheetStore:
    """The records of one sheet file, by table and stable id, and every way to change them.

    Reads are plain lookups in memory; every change goes through `change()`, which
    saves it (at once, or on a background thread for the interactive app).
    """

    def __init__(
        self,
        path: Path,
        contents: Contents,
        version: Version | None,
        *,
        writable: bool,
        places: Places | None = None,
        background_saves: bool = False,
        on_save_error: Callable[[str], None] | None = None,
        lock_wait: float = LOCK_WAIT,
        check: Callable[[Contents, Path], None] | None = None,
    ) -> None:
        self.shown_path = path
        self.path = Path(os.path.realpath(path))  # a symlinked sheet is written to its target
        self.writable = writable
        self.lock_wait = lock_wait
        self.notices: list[str] = []  # what a user should hear about: migrations, conflicts
        self.removed_elsewhere: set[tuple[str, str]] = set()  # deleted by other processes
        self.resolver: Resolver | None = None
        self.check = check  # validates contents read from the file (raises SheetFileError)
        self._contents = contents
        self._version = version  # the file as last read or written, held open
        self._encoder = Encoder()
        if version is not None and writable and contents.schema == SCHEMA_VERSION:
            self._encoder.adopt(places, contents, version)  # read-only: never saved
        self._mutex = threading.RLock()  # memory: every read of many records, every change
        self._save_mutex = threading.Lock()  # one save at a time
        self._change: Change | None = None  # the open transaction
        self._pending: list[Change] = []  # made in memory, not on disk yet
        self._undo: list[Change] = []
        self._listeners: list[Callable[[Event], None]] = []
        self.revisions: dict[str, int] = dict.fromkeys(contents.tables, 0)
        self._saver = (
            BackgroundSaver(self._save_latest, self.path.name, on_save_error)
            if writable and background_saves
            else None
        )

    # Opening

    @classmethod
    def open(
        cls,
        path: Path,
        *,
        writable: bool = True,
        background_saves: bool = False,
        on_save_error: Callable[[str], None] | None = None,
        lock_wait: float = LOCK_WAIT,
        check: Callable[[Contents, Path], None] | None = None,
    ) -> SheetStore:
        """Open a sheet file; `check` validates its records (raising SheetFileError).

        A writable open of a file in an older layout rewrites it in today's, keeping the
        old file beside it; a read-only open converts it in memory only.
        """
        path = Path(path)
        version, contents, places = read_version(path)
        try:
            if check is not None:
                check(contents, path)
            if writable and not can_write(path):
                raise ReadOnlyError(
                    f"{path}: you cannot write this sheet (permissions); open it to read with "
                    "a read-only command, or ask its owner"
                )
        except BaseException:
            version.release()
            raise
        store = cls(
            path,
            contents,
            version,
            writable=writable,
            places=places,
            background_saves=background_saves,
            on_save_error=on_save_error,
            lock_wait=lock_wait,
            check=check,
        )
        if writable and contents.schema < SCHEMA_VERSION:
            store._upgrade(contents.schema)
        return store

    @classmethod
    def create(
        cls, path: Path, contents: Contents, check: Callable[[Contents, Path], None] | None = None
    ) -> SheetStore:
        """Write a new sheet file and open it; refuses to replace an existing file."""
        path = Path(path)
        if not path.parent.is_dir():
            raise SheetFileError(f"{path}: folder {path.parent} does not exist")
        with locked(path, 0.0):
            if path.exists() or path.is_symlink():
                raise SheetFileError(f"{path}: already exists; nothing was changed")
            try:
                written = replace_file(path, encode(contents), expect=None)
            except FileChangedError:
                raise SheetFileError(f"{path}: already exists; nothing was changed") from None
            except OSError as error:
                raise SheetFileError(f"{path}: cannot be written ({error.strerror})") from None
        return cls(path, contents, written, writable=True, check=check)

    def _upgrade(self, schema: int) -> None:
        backup = self.path.with_name(f"{self.path.name}.schema-{schema}.bak")
        try:
            if not backup.exists():
                write_atomically(backup, self.path.read_bytes(), expect=None)
            with self._mutex:
                self._pending.append(Change("upgrade"))
                self._encoder.clear()
            self.save()
        except (OSError, FileChangedError) as error:
            raise SheetFileError(
                f"{self.shown_path}: could not be upgraded to sheet format {SCHEMA_VERSION} "
                f"({getattr(error, 'strerror', None) or error}); it is unchanged"
            ) from None
        self.notices.append(
            f"{self.shown_path.name}: upgraded to sheet format {SCHEMA_VERSION}, which stock "
            f"TinyDB reads; the old file is kept as {backup.name}"
        )

    # Reading

    def get(self, table: str, record_id: str) -> Record | None:
        found = self._contents.tables.get(table)
        return None if found is None else found.records.get(record_id)

    def records(self, table: str) -> Mapping[str, Record]:
        """The live records of a table by id, in sheet order. Read them on the thread that
        changes the sheet; elsewhere take `snapshot`."""
        found = self._contents.tables.get(table)
        return {} if found is None else found.records

    def snapshot(self, table: str) -> dict[str, Record]:
        """A copy of a table's records (the records themselves are never changed in place)."""
        with self._mutex:
            return dict(self.records(table))

    def doc_id(self, table: str, record_id: str) -> int | None:
        found = self._contents.tables.get(table)
        return None if found is None else found.doc_ids.get(record_id)

    def top_doc_id(self, table: str) -> int:
        found = self._contents.tables.get(table)
        return 0 if found is None else found.top

    def subscribe(self, listener: Callable[[Event], None]) -> None:
        """Call `listener` after every change (on the thread that made or found it)."""
        self._listeners.append(listener)

    # Changing

    @contextlib.contextmanager
    def change(self, label: str = "", *, undoable: bool = True) -> Iterator[Writer]:
        """A transaction: changes made through the writer are saved together when the block
        ends, and undone in memory if it raises. The block sees the file's latest contents.
        `label` names it for undo."""
        if not self.writable:
            raise ReadOnlyError(f"{self.shown_path}: is open read-only; nothing was changed")
        with self._mutex:
            if self._change is not None:  # nested: part of the open transaction
                yield Writer(self._change, self.get, self._put)
                return
            with contextlib.suppress(SheetFileError):
                self.sync(wait=False)  # a file that cannot be read now is reported by the save
            change = self._change = Change(label)
            try:
                yield Writer(change, self.get, self._put)
            except BaseException:
                self._rollback(change)
                raise
            finally:
                self._change = None
            if not change.ops:
                return
            self._pending.append(change)
            if label and undoable:
                self._undo.append(change)
                del self._undo[:-UNDO_DEPTH]
            self._announce(Event("local", frozenset(change.ops), label))
        self.save()

    def _put(
        self,
        change: Change,
        table: str,
        record_id: str,
        record: dict[str, Any] | None,
        doc_id: int | None = None,
    ) -> None:
        key = (table, record_id)
        target = self._contents.tables.setdefault(table, Table())
        if key not in change.ops:
            change.ops[key] = Op(
                table, record_id, target.records.get(record_id), None, target.doc_ids.get(record_id)
            )
        apply_record(target, record_id, record, doc_id)
        first = change.ops[key]
        change.ops[key] = Op(table, record_id, first.before, record, first.doc_id)
        self._encoder.forget(table, record_id)
        self.revisions[table] = self.revisions.get(table, 0) + 1

    def _rollback(self, change: Change) -> None:
        for (table, record_id), op in reversed(change.ops.items()):
            apply_record(self._contents.tables[table], record_id, copy_record(op.before), op.doc_id)
            self._encoder.forget(table, record_id)
            self.revisions[table] = self.revisions.get(table, 0) + 1

    def pop_undo(self) -> Change | None:
        """The last undoable change of this process (taken off the stack)."""
        with self._mutex:
            return self._undo.pop() if self._undo else None

    def can_undo(self) -> bool:
        return bool(self._undo)

    # Keeping in step with the file

    def disk_changed(self) -> bool:
        """Whether another process wrote the sheet since this one read or wrote it."""
        held = self._version.signature if self._version is not None else None
        return signature(self.path) != held

    def sync(self, *, wait: bool = True) -> Event | None:
        """Read the file again if another process changed it, re-applying what this process
        has not saved yet; returns what changed. Without `wait`, leaves it to a save that
        is running (which does the same)."""
        if not self.disk_changed():
            return None
        if not self._save_mutex.acquire(blocking=wait):
            return None
        try:
            with self._mutex:
                if self._change is not None or not self.disk_changed():
                    return None
                return self._reload()
        finally:
            self._save_mutex.release()

    def _reload(self) -> Event:
        """Take the file's contents, replaying the pending changes on them (under both
        mutexes). Raises SheetFileError, keeping memory as it was, if the file is damaged."""
        if not self.path.exists():
            raise SheetFileError(
                f"{self.shown_path}: was moved or deleted while it was open; "
                "the changes made since are not saved"
            )
        version, fresh, places = read_version(self.path)
        try:
            if self.check is not None:
                self.check(fresh, self.shown_path)
        except BaseException:
            version.release()
            raise
        before = self._contents
        spans = spans_of(places, fresh)  # where the file's records stand, before the replay
        conflicts = replay(self._pending, fresh, self.resolver, before)
        self._contents = fresh
        self._hold(version)
        self._encoder.adopt_layout(spans, version)
        changed = set()
        for name, table in fresh.tables.items():
            old = before.tables.get(name, Table()).records
            new = table.records
            keys = {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}
            changed |= {(name, key) for key in keys}
            self.removed_elsewhere |= {(name, key) for key in keys if key not in new}
            if keys:
                self.revisions[name] = self.revisions.get(name, 0) + 1
        for change in self._pending:
            for name, record_id in change.ops:
                self._encoder.forget(name, record_id)
        self._encoder.reconcile(fresh)  # records the replay put back without an op
        event = Event("external", frozenset(changed), conflicts=tuple(conflicts))
        for conflict in conflicts:
            self.notices.append(describe(conflict))
        self._announce(event)
        return event

    # Saving

    def save(self) -> None:
        """Save what is pending: now, or on the background thread."""
        if self._saver is not None:
            self._saver.request()
        else:
            self._save_latest()

    def _save_latest(self) -> None:
        """Write the latest contents, re-reading and re-applying first if the file changed;
        raises SheetFileError (memory keeps every change) when it cannot be saved."""
        with self._save_mutex, locked(self.path, self.lock_wait):
            remove_stale_temporaries(self.path)
            for _ in range(_MAX_ATTEMPTS):
                with self._mutex:
                    if not self._pending:
                        return
                    if self.disk_changed():
                        self._reload()
                try:
                    source = self._encoder.source()  # the unchanged records, without the lock
                    with self._mutex:
                        pieces = self._encoder.pieces(self._contents, source)
                        saving = len(self._pending)
                        expected = self._version.signature if self._version else None
                    written = replace_file(self.path, pieces, expect=expected)
                except FileChangedError:
                    continue  # written meanwhile by a process that does not lock: read it again
                except OSError as error:
                    raise SheetFileError(
                        f"{self.shown_path}: could not be saved ({error.strerror}); "
                        "the last saved version is intact"
                    ) from error
                with self._mutex:
                    self._hold(written)
                    self._encoder.saved(written)
                    del self._pending[:saving]
                return
        raise SheetFileError(
            f"{self.shown_path}: kept changing while it was being saved; try again"
        )

    def flush(self) -> None:
        """Wait for background saves; raises SheetFileError if the last one failed."""
        if self._saver is not None:
            try:
                self._saver.flush()
            except OSError as error:
                raise SheetFileError(
                    f"{self.shown_path}: could not be saved ({error.strerror}); "
                    "the last change is not on disk"
                ) from error

    @property
    def saved(self) -> bool:
        """Whether every change is on disk."""
        return not self._pending

    def report_save_errors_to(self, callback: Callable[[str], None]) -> None:
        """Where a failed background save is reported (called on the saving thread)."""
        if self._saver is not None:
            self._saver.on_error = callback

    def pace_saves(self, hold: Callable[[], float]) -> None:
        """Let background saves wait while `hold()` says to (seconds; a second at most)."""
        if self._saver is not None:
            self._saver.hold = hold

    def close(self) -> None:
        """Save what is pending and stop the background saver."""
        try:
            self.flush()
        finally:
            if self._saver is not None:
                self._saver.close()
                self._saver = None
            if self._version is not None:
                self._version.release()  # the signature stays, a weaker guard

    def _hold(self, version: Version) -> None:
        if self._version is not None:
            self._version.release()
        self._version = version

    def _announce(self, event: Event) -> None:
        for listener in self._listeners:
            listener(event)
