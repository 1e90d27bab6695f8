"""A frame goes to the terminal as soon as it is drawn, not when the main thread rests.

Textual hands each frame to a writer thread of its own, and Python runs one thread at a
time: a thread that wants to run waits until the running one rests or has run for the
switch interval (5 ms by default). After drawing a frame the main thread goes on with
the rest of the key (closing a dialog restyles the fields that lose the focus), so
that the frame reached the terminal 3-13 ms after it was drawn, at 100,000 quotes.

`PromptSwitching` shortens the interval while the app runs: the writer waits at most
`SWITCH_INTERVAL`. The cost is a switch a millisecond when two threads are busy at once,
which is rare and cheap beside what they do.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL = 0.001  # seconds a thread may keep the interpreter from another


class PromptSwitching:
    """`start` shortens the interval (while the app runs); `stop` puts back the one there
    was (in one process, as in tests, another app or program may follow)."""

    def __init__(self) -> None:
        self._before: float | None = None

    def start(self) -> None:
        if self._before is None:
            self._before = sys.getswitchinterval()
        sys.setswitchinterval(min(self._before, SWITCH_INTERVAL))

    def stop(self) -> None:
        if self._before is not None:
            sys.setswitchinterval(self._before)
            self._before = None
