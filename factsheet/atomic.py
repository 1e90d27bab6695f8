"""Durable file replacement: a crash at any moment leaves the old file or the new one."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from pathlib import Path


def write_atomically(path: Path, payload: bytes | Sequence[bytes]) -> None:
    """Replace `path` with `payload` (bytes, or pieces written in turn) so that a crash
    leaves either the old or the new file."""
    try:
        mode = path.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.writelines([payload] if isinstance(payload, bytes) else payload)
            tmp.flush()
            os.fchmod(tmp.fileno(), mode)
            os.fsync(tmp.fileno())
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


class BackgroundWriter:
    """Writes the latest payload for one file on a thread, so an interactive edit never
    waits for the disk.

    Saves coalesce: a payload submitted while another is being written replaces any
    still waiting, and each payload holds the whole file. A failed write is kept and
    reported through `on_error`; the next submit supersedes it, and `flush` (called
    before the file is closed) retries it once and raises if it fails again.
    """

    def __init__(self, path: Path, on_error: Callable[[str], None] | None = None) -> None:
        self.path = path
        self.on_error = on_error
        self._pending: Sequence[bytes] | None = None
        self._failed: Sequence[bytes] | None = None
        self._busy = False
        self._closed = False
        self._condition = threading.Condition()
        self._thread = threading.Thread(target=self._run, name=f"save {path.name}", daemon=True)
        self._thread.start()

    def submit(self, payload: Sequence[bytes]) -> None:
        with self._condition:
            self._pending, self._failed = payload, None
            self._condition.notify_all()

    def flush(self) -> None:
        """Wait until everything submitted is on disk; raise OSError if it cannot be."""
        with self._condition:
            while self._pending is not None or self._busy:
                self._condition.wait()
            failed = self._failed
        if failed is not None:
            write_atomically(self.path, failed)  # a failure here keeps it for the next flush
            with self._condition:
                if self._failed is failed:
                    self._failed = None

    def close(self) -> None:
        """Stop the thread after the writes submitted so far."""
        with self._condition:
            self._closed = True
            self._condition.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._pending is None and not self._closed:
                    self._condition.wait()
                if self._pending is None:
                    return
                payload, self._pending, self._busy = self._pending, None, True
            try:
                write_atomically(self.path, payload)
                error = None
            except OSError as failure:
                error = failure
            with self._condition:
                self._busy = False
                if error is not None and self._pending is None:
                    self._failed = payload
                self._condition.notify_all()
            if error is not None and self.on_error is not None:
                self.on_error(error.strerror or str(error))
