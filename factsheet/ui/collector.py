"""Python's cycle collector runs between keys, not between a key and its frame.

The collector starts whenever enough objects have been made, wherever that happens to
be; a key that makes many (a new claim lists the 10,000 claims again) sets it off in
the middle of its work. At 100,000 quotes a young collection then costs the key 2-6 ms
and an occasional full one 10-20 ms. `KeyCollector` holds the collector off from the
moment a key is handed over until the screen has been drawn for the last key of a
burst and a moment more (the terminal's writer thread needs the interpreter to send the
frame), and then lets it run: the same work, done while the user reads the screen.

Objects are still freed as soon as nothing uses them; only garbage in reference cycles
waits. A key held down for long never leaves that moment free, so that once `YOUNG_MAX`
objects are waiting, the young ones are collected before the next key.
"""

from __future__ import annotations

import gc
from typing import Any

RESUME_AFTER = 0.05  # seconds after the last key's frame before the collector may run
YOUNG_MAX = 200_000  # objects made since the last collection, past which a key waits for one


class KeyCollector:
    """`key_started` holds the collector off; `keys_done` lets it run again shortly after
    (unless another key has started meanwhile); `release` at once (the app ends)."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.holding = False  # this holds the collector off (not a load that does)
        self._since = 0  # keys started: a resume asked for before the last one is stale

    def key_started(self) -> None:
        self._since += 1
        if self.holding:
            if gc.get_count()[0] > YOUNG_MAX:
                gc.collect(0)
            return
        if gc.isenabled():
            gc.disable()
            self.holding = True

    def keys_done(self) -> None:
        since = self._since
        self.app.set_timer(RESUME_AFTER, lambda: self._resume(since))

    def _resume(self, since: int) -> None:
        if since == self._since:
            self.release()

    def release(self) -> None:
        if self.holding:
            self.holding = False
            gc.enable()
