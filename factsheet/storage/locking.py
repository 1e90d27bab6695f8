"""The sheet's lock, held only while a change is written, and what a crash leaves behind."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from factsheet.errors import SheetFileError, SheetLockedError

STALE_AFTER = 300.0  # seconds: a temporary file this old was left by a process that died


def remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files left by a process killed mid-save (only while holding the
    lock, and only old ones: a process that does not lock may be writing a fresh one)."""
    now = time.time()
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if now - stale.stat().st_mtime > STALE_AFTER:
                stale.unlink()


def lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def locked(path: Path, wait: float) -> Iterator[None]:
    lock = FileLock(lock_path(path), timeout=wait, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise SheetLockedError(
            f"{path}: another factsheet process is saving it (waited {wait:g} s); "
            "nothing was changed (try again)"
        ) from None
    except OSError as error:
        raise SheetFileError(f"{path}: cannot be locked ({error.strerror})") from None
    try:
        yield
    finally:
        lock.release()


def can_write(path: Path) -> bool:
    real = Path(os.path.realpath(path))
    return os.access(real, os.W_OK) and os.access(real.parent, os.W_OK | os.X_OK)
