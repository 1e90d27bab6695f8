"""Keys typed together take effect one after the other, each where it was typed for.

Textual hands a key to the widget focused when the key is read, and reads the next key
before the first has done its work: a key's binding runs only once the key has gone up
from the focused widget to the app, and the focus it moves moves later still. Over SSH
keys come in bursts, so that `f` then `xiaomi` typed quickly opened the filter and
sent `x`, `i`, `a`... to the claim list (Export, then a new claim), and esc then `F`
typed `F` into the filter that esc was closing.

`KeyTurns` lets one key at a time be on its way: from when it is handed over until it
has gone up to the app (a `KeyDone` message follows it the same way, behind it in every
queue) and the screen has been drawn after it (a focus it moved, a screen it opened,
are settled by then). Keys read meanwhile wait their turn, in order. A key typed alone
is handed over at once; only keys that come while another is on its way wait, a frame
or so each.

`BurstParser` reads esc then a key in one burst as esc and that key. Textual's reader
took esc followed by 32 characters or more in one read (esc, then a claim typed
quickly, over SSH) for an escape sequence it did not know, and gave the app `^` in
place of esc; esc then tab, enter, space or ctrl+s became shift+tab or an alt+key that
nothing is bound to, so that the esc was lost.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual._xterm_parser import XTermParser
from textual.app import App
from textual.drivers import linux_driver
from textual.message import Message
from textual.message_pump import MessagePump

from factsheet.ui.collector import KeyCollector

# How often (seconds) a key still on its way is looked at: once the widget it was handed
# to has been removed (by the key itself, say esc closing a dialog), its KeyDone may have
# gone with that widget's queue, and the keys waiting go on. While the widget is there
# the KeyDone will come, however busy the machine: the keys wait for it.
LOST = 0.1


@dataclass
class KeyDone(Message):
    """Follows key number `turn` up from the widget it was handed to."""

    turn: int


class KeyTurns:
    """The keys waiting for the one on its way; `deliver` hands a key over (the app's own
    handling of a key: bindings, or forwarding to the focused widget) and returns the key
    it handed over (esc, for an alt+key that stands for esc then a key)."""

    def __init__(
        self, app: App[Any], deliver: Callable[[events.Key], Awaitable[events.Key]]
    ) -> None:
        self.app = app
        self.deliver = deliver
        self.waiting: deque[events.Key] | None = None  # None: no key on its way
        self.turn = 0
        self.collector = KeyCollector(app)  # no cycle collection between a key and its frame

    def wait(self, event: events.Key) -> bool:
        """Keep `event` for its turn when a key is on its way (True), else False."""
        if self.waiting is None:
            return False
        self.waiting.append(events.Key(event.key, event.character))
        event.stop()
        event.prevent_default()
        return True

    def next_first(self, event: events.Key) -> None:
        """`event` goes next, before the keys waiting (while a key is handed over)."""
        if self.waiting is not None:
            self.waiting.appendleft(event)

    async def hand_over(self, event: events.Key) -> None:
        """Hand `event` over now."""
        if self.waiting is None:
            self.waiting = deque()
        self.turn += 1
        turn = self.turn
        self.collector.key_started()
        target = self.app.focused or self.app.screen  # where the app forwards it
        event = await self.deliver(event)
        done = KeyDone(turn)
        if not (event.is_forwarded and target.is_attached and target.post_message(done)):
            self.app.post_message(done)  # handled by the app itself (a priority binding)
        self.app.set_timer(LOST, lambda: self._lost(turn, target))

    def done(self, message: KeyDone) -> None:
        """Key number `message.turn` went up to the app: the next goes once it is drawn."""
        message.stop()
        self.app.call_after_refresh(self.app.call_next, self._next, message.turn)

    async def _lost(self, turn: int, target: MessagePump) -> None:
        if turn != self.turn or self.waiting is None:
            return  # done
        if target.is_attached and target.is_running:
            self.app.set_timer(LOST, lambda: self._lost(turn, target))
        else:
            await self._next(turn)

    async def _next(self, turn: int) -> None:
        if turn != self.turn or self.waiting is None:
            return  # a later key is on its way, or none
        if not self.waiting:
            self.waiting = None
            self.collector.keys_done()
            return
        await self.hand_over(self.waiting.popleft())


# Esc then a key: a character that no escape sequence a terminal sends starts with (those
# go on with [ (CSI), O (SS3: F1-F4), P (DCS), ] (OSC), N, X, _, ^ or \\), and not esc
# itself or backspace (esc then backspace is alt+backspace: delete a word).
_ESCAPED_KEY = re.compile("\x1b(?=[^\\[\\]OPNX_^\\\\\x1b\x7f\x08])")
_ESC = "\x1b[27u"  # the kitty keyboard protocol's report of the escape key alone
_PASTE_START, _PASTE_END = "\x1b[200~", "\x1b[201~"


class BurstParser(XTermParser):
    """Textual's terminal reader, but esc then a key in the same read is given to it as
    the escape key (reported unmistakably) followed by that key, however many characters
    follow; a paste is read as it is."""

    _pasting = False

    def feed(self, data: str) -> Iterable[Any]:
        return super().feed(self.escaped_keys(data))

    def escaped_keys(self, data: str) -> str:
        parts = re.split(f"({re.escape(_PASTE_START)}|{re.escape(_PASTE_END)})", data)
        for n, part in enumerate(parts):
            if part in (_PASTE_START, _PASTE_END):
                self._pasting = part == _PASTE_START
            elif not self._pasting:
                parts[n] = _ESCAPED_KEY.sub(_ESC, part)
        return "".join(parts)


def read_bursts() -> None:
    """Have the terminal driver read input with `BurstParser`."""
    linux_driver.XTermParser = BurstParser  # type: ignore[attr-defined]
