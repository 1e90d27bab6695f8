"""One-line text fields whose keys take effect in the order they were typed.

Textual's Input inserts a typed character at once, but runs the action of an editing
key (backspace, delete, the arrows, ctrl+w...) later, through its bindings: keys that
arrive together (fast typing, or any burst over SSH) are applied out of order. Eight
backspaces and then "Milliarden" typed quickly left the old text with "Milliarden"
deleted from its end. Here an editing key's action runs when its key is handled.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input

# The Input's own editing keys and their actions (not the scrolling keys it inherits,
# which a screen's own keys take over when there is nothing to scroll).
EDITING = {
    key.strip(): binding.action
    for binding in Input.BINDINGS
    if isinstance(binding, Binding)
    for key in binding.key.split(",")
}


class OrderedInput(Input):
    """An Input whose editing keys act in turn with the characters typed around them."""

    async def _on_key(self, event: events.Key) -> None:
        action = None if event.is_printable else EDITING.get(event.key)
        if action is not None:
            event.stop()
            event.prevent_default()
            await self.run_action(action)
            return
        await super()._on_key(event)
