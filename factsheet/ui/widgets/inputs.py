"""Text fields whose keys take effect in the order they were typed.

Textual's Input and TextArea insert a typed character at once, but run the action of an
editing key (backspace, delete, the arrows, ctrl+w...) later, through their bindings:
keys that arrive together (fast typing, or any burst over SSH) are applied out of
order. Eight backspaces and then "Milliarden" typed quickly left the old text with
"Milliarden" deleted from its end. Here an editing key's action runs when its key is
handled, in turn with the characters around it.

Their cursor does not blink. A blinking cursor is a frame drawn twice a second (bytes
over SSH while nobody types), and a key that comes just after such a frame waits for the
screen's next tick (up to 1/60 s) before its own frame is drawn.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import events
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import Input, TextArea


def editing_keys(widget: type[Any]) -> dict[str, str]:
    """A text field's own keys and their actions (not the scrolling keys it inherits,
    which a screen's keys take over when there is nothing to scroll)."""
    return {
        key.strip(): binding.action
        for binding in widget.BINDINGS
        if isinstance(binding, Binding)
        for key in binding.key.split(",")
    }


class InOrder:
    """Mixed into a text field: its editing keys act when they are handled."""

    EDITING: ClassVar[dict[str, str]] = {}

    async def _on_key(self, event: events.Key) -> None:
        action = None if event.is_printable else self.EDITING.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            field: Any = self
            await field.run_action(action)
            return
        await super()._on_key(event)  # type: ignore[misc]


class OrderedInput(InOrder, Input):
    """A one-line field whose keys take effect in the order typed."""

    EDITING = editing_keys(Input)
    cursor_blink = reactive(False, init=False)


class OrderedTextArea(InOrder, TextArea):
    """An editable text area whose keys take effect in the order typed."""

    EDITING = editing_keys(TextArea)
    cursor_blink = reactive(False, init=False)


class ReadingArea(TextArea):
    """A text area to read and select in (a source, a diff); its cursor does not blink."""

    cursor_blink = reactive(False, init=False)
