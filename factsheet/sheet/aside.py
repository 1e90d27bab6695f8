"""A sheet's records checked in a second process while a one-pass command works on them.

`factsheet export` reads a sheet once, turns it into bytes and lets it go. Holding every
record to the rules (`rules.check_contents`) is a third of that work and needs nothing
the export makes, so on a machine with a second core it is done there: once the file is
read the process forks (the child sees the records as they stand, sharing their memory),
the child checks them and says what it found through a pipe, and the command waits for
its word when it closes the sheet, before it writes anything (`Sheet.close` raises the
child's SheetFileError). A sheet is opened this way only inside `checked_aside()`, by a
command whose work until then only reads the records into bytes in memory: nothing
follows a path or reaches the terminal from a record before the word comes.

Where a process cannot fork safely (no `fork`, one core, other threads running) the
records are checked before the open returns, as always.
"""

from __future__ import annotations

import gc
import os
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from pathlib import Path

from factsheet.errors import SheetFileError
from factsheet.storage.fileformat import Contents

Check = Callable[[Contents, Path], None]

_ASIDE: ContextVar[bool] = ContextVar("aside", default=False)

# How the child ends: the records pass; a SheetFileError (its message follows on the
# pipe); interrupted (Ctrl+C reaches the whole process group). Anything else (a bug, a
# kill) has the parent check the records itself, which raises what the child met.
_PASSED, _REFUSED, _INTERRUPTED = 0, 1, 3
_HELD = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def checked_aside() -> Iterator[None]:
    """Sheets opened read-only meanwhile (in this context) are checked in a second process
    where one can be made; their `close()` waits for the word (see the module's text)."""
    token = _ASIDE.set(True)
    try:
        yield
    finally:
        _ASIDE.reset(token)


def wanted() -> bool:
    """Whether a sheet opened now is to be checked aside."""
    return (
        _ASIDE.get()
        and hasattr(os, "fork")
        and (os.cpu_count() or 1) > 1
        and threading.active_count() == 1
    )


class PendingCheck:
    """`check(contents, path)` running in a forked child; `verdict()` waits for it."""

    def __init__(self, check: Check, contents: Contents, path: Path) -> None:
        self._check, self._contents, self._path = check, contents, path
        read, write = os.pipe()
        # Ctrl+C held back while the process forks: arriving in the middle, it would be
        # raised in an at-fork hook, which Python reports and goes on from, and the child,
        # made after it, would never see it. It is taken once the child is there.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _HELD)
        try:
            pid = os.fork()
        except BaseException:
            os.close(read)
            os.close(write)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            raise
        if pid == 0:  # pragma: no cover - the child (its work is checked through verdict)
            os.close(read)
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            _child(check, contents, path, write)
        os.close(write)
        self._pid: int | None = pid
        self._read = read
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl+C held is raised here
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """End the child without its word (the command is interrupted): nothing is left
        running, or waiting to be reaped."""
        pid, self._pid = self._pid, None
        if pid is None:
            return
        os.close(self._read)
        with suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)

    def verdict(self) -> None:
        """Wait for the child; raise the SheetFileError it found (once: later calls pass)."""
        pid = self._pid
        if pid is None:
            return
        try:
            message = _read_all(self._read)
            code = _reap(pid)
        except BaseException:  # Ctrl+C while waiting
            self.stop()
            raise
        self._pid = None
        os.close(self._read)
        if code == _PASSED:
            return
        if code == _REFUSED:
            raise SheetFileError(message.decode("utf-8", "replace"))
        if code == _INTERRUPTED:
            raise KeyboardInterrupt
        self._check(self._contents, self._path)  # the child died: check here, to say why


def _child(check: Check, contents: Contents, path: Path, write: int) -> None:  # pragma: no cover
    """The forked child's whole life: check, say, and end without running anything the
    parent registered to run at exit (or flushing output it has not written yet)."""
    gc.disable()  # a collection would touch, and so copy, every page of the records
    code, message = _PASSED, b""
    try:
        check(contents, path)
    except SheetFileError as error:
        code, message = _REFUSED, str(error).encode("utf-8", "replace")
    except KeyboardInterrupt:
        code = _INTERRUPTED
    except BaseException:  # the parent checks again and raises it
        code = 2
    with suppress(OSError):
        while message:
            message = message[os.write(write, message) :]
    os._exit(code)


def _reap(pid: int) -> int | None:
    """Wait for the child to end; its exit code (None: it was reaped already)."""
    try:
        return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    except ChildProcessError:
        return None


def _read_all(fd: int) -> bytes:
    pieces = []
    while piece := os.read(fd, 65536):
        pieces.append(piece)
    return b"".join(pieces)
