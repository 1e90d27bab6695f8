"""Durable file replacement: a crash at any moment leaves the old file or the new one, and
a file that changed since it was read is never replaced."""

from __future__ import annotations

import os
import tempfile
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

from factsheet.signals import leave_signals_to_the_main_thread

T = TypeVar("T")
_READ_BUFFER = 1 << 20  # bytes read from the disk at once while reading a file a line at a time


@dataclass(frozen=True, slots=True)
class Signature:
    """What identifies one version of a file: a rename makes a new inode, an edit in place
    a new size or modification time."""

    device: int
    inode: int
    size: int
    mtime_ns: int

    @classmethod
    def of(cls, stat: os.stat_result) -> Signature:
        return cls(stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def signature(path: Path) -> Signature | None:
    """The signature of the file at `path` now (None: there is none)."""
    try:
        return Signature.of(os.stat(path))
    except FileNotFoundError:
        return None


class Version:
    """One version of a file, held open. While it is held the file system cannot give its
    inode number to a later file, so its signature names this version and no other: two
    saves of equal size within one tick of the clock could otherwise look the same."""

    def __init__(self, fd: int) -> None:
        self.signature = Signature.of(os.fstat(fd))
        self._fd = fd
        self._release = weakref.finalize(self, os.close, fd)

    @classmethod
    def open(cls, path: Path, read: Callable[[BinaryIO], T]) -> tuple[Version, T]:
        """The file at `path` now, and what `read` makes of its bytes, read from the same
        open file (so that a rename meanwhile cannot pair one version's bytes with
        another's signature) from its start."""
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            with os.fdopen(os.dup(fd), "rb", buffering=_READ_BUFFER) as file:
                made = read(file)
        except BaseException:
            os.close(fd)
            raise
        return cls(fd), made

    def read_back(self) -> bytes:
        """This version's bytes, read again from the open file; FileChangedError if it is
        no longer this version (released, or written in place by another program)."""
        if not self._release.alive or Signature.of(os.fstat(self._fd)) != self.signature:
            raise FileChangedError("the file read before was changed in place")
        size = self.signature.size
        pieces, offset = [], 0
        while offset < size:
            piece = os.pread(self._fd, size - offset, offset)
            if not piece:
                break
            pieces.append(piece)
            offset += len(piece)
        raw = pieces[0] if len(pieces) == 1 else b"".join(pieces)
        if len(raw) != size or Signature.of(os.fstat(self._fd)) != self.signature:
            raise FileChangedError("the file read before was changed in place")
        return raw

    def release(self) -> None:
        self._release()


class FileChangedError(Exception):
    """The file changed between the check and the moment it was to be replaced."""


def write_atomically(
    path: Path,
    payload: bytes | Sequence[bytes | memoryview],
    *,
    expect: Signature | bool | None = True,
) -> Signature:
    """Replace `path` with `payload` (bytes, or pieces written in turn) so that a crash
    leaves either the old or the new file; returns the new file's signature.

    With `expect` given (a signature, or None for "no file yet"), the file is replaced only
    if it still has that signature when the new one is ready; otherwise the new one is
    discarded and FileChangedError raised. `True` (the default) replaces whatever is there.
    """
    version = replace_file(path, payload, expect=expect)
    version.release()
    return version.signature


def replace_file(
    path: Path,
    payload: bytes | Sequence[bytes | memoryview],
    *,
    expect: Signature | bool | None = True,
) -> Version:
    """`write_atomically`, returning the new version held open (see `Version`)."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644 & ~_umask()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.writelines([payload] if isinstance(payload, bytes) else payload)
            tmp.flush()
            os.fchmod(tmp.fileno(), mode)
            os.fsync(tmp.fileno())
            written = Version(os.dup(tmp.fileno()))
        if expect is not True and signature(path) != expect:
            written.release()
            raise FileChangedError(str(path))
        os.replace(tmp_name, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return written


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


class BackgroundSaver:
    """Runs `save` on a thread whenever asked, so that an interactive edit never waits for
    the disk. Requests coalesce: each save writes everything changed so far.

    A failed save is reported through `on_error` and tried again with the next request;
    `flush` waits for the saves asked for so far and retries a failed one once, raising
    its error if it fails again.

    `hold`, when set, says how many seconds a save should still wait (the app: until the
    keys pause, so that a save's work does not compete with drawing the screen); a save
    waits at most `MAX_HOLD` seconds in all, and `flush` and `close` never wait for it.
    """

    MAX_HOLD = 1.0

    def __init__(
        self, save: Callable[[], None], name: str, on_error: Callable[[str], None] | None = None
    ) -> None:
        self._save = save
        self.on_error = on_error
        self._wanted = False
        self._busy = False
        self._failed = False
        self._closed = False
        self._hurry = False  # flush or close: save now, whatever `hold` says
        self.hold: Callable[[], float] | None = None
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"save {name}", daemon=True)
        self._thread.start()

    def request(self) -> None:
        with self._condition:
            self._wanted = True
            self._condition.notify_all()

    @property
    def idle(self) -> bool:
        with self._condition:
            return not (self._wanted or self._busy)

    def flush(self) -> None:
        """Wait until everything asked for is saved; raise the error of a failed save."""
        with self._condition:
            self._hurry = True
            self._condition.notify_all()
            while self._wanted or self._busy:
                self._condition.wait()
            self._hurry = False
            failed = self._failed
        if failed:
            self._save()  # a failure here is raised to the caller
            with self._condition:
                self._failed = False

    def close(self) -> None:
        """Stop the thread after the saves asked for so far."""
        with self._condition:
            self._closed = self._hurry = True
            self._condition.notify_all()
        self._thread.join()

    def _wait_for_hold(self) -> None:
        """Wait (holding the condition, released while waiting) while `hold` asks to."""
        deadline = time.monotonic() + self.MAX_HOLD
        while not self._hurry and self.hold is not None:
            wait = min(self.hold(), deadline - time.monotonic())
            if wait <= 0:
                return
            self._condition.wait(wait)

    def _run(self) -> None:
        leave_signals_to_the_main_thread()  # a hang-up is the app's to act on
        while True:
            with self._condition:
                while not self._wanted and not self._closed:
                    self._condition.wait()
                if not self._wanted:
                    return
                self._wait_for_hold()
                self._wanted, self._busy = False, True
            error: Exception | None = None
            try:
                self._save()
            except Exception as failure:  # reported, and kept for flush to retry
                error = failure
            with self._condition:
                self._busy = False
                self._failed = error is not None
                self._condition.notify_all()
            if error is not None and self.on_error is not None:
                self.on_error(str(error))
