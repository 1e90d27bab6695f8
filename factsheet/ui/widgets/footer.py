"""The footer of every screen: its keys on one line, one widget, drawn again only when
what it shows changes.

Textual's footer is a widget per key, all built again (and the screen laid out again)
whenever a screen's keys may have changed: after every edit and every focus change. Esc
out of the claim filter at 100,000 quotes spent 15 ms drawing those key widgets alone,
and a layout of the screen for them. This footer draws one line (the same colours:
Textual's footer variables) and lays nothing out; a key that only lights or dims (the
first edit lights Undo) is drawn in the frame of the key that did it. A click on a key
works as pressing it.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.screen import Screen
from textual.widget import Widget

from factsheet.ui.plain import PlainLines


class Shown(NamedTuple):
    """One key as the footer shows it."""

    key: str  # what pressing it sends (Textual's key name)
    display: str  # how it is written ("^s" for ctrl+s)
    action: str
    description: str
    enabled: bool


class Keys(PlainLines, Widget):
    """The screen's keys that are shown (one per action), with their descriptions."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"keys--key", "keys--description"}
    DEFAULT_CSS = """
    Keys {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        & > .keys--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .keys--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self.keys: tuple[Shown, ...] = ()
        self._spans: list[tuple[int, int, Shown]] = []  # columns each key takes

    def on_mount(self) -> None:
        """Hear of other keys as they change, at once (a key that lights or dims another
        is drawn in its own frame)."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)
        self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if not (self.is_attached and screen is self.screen and screen.app.app_focus):
            return
        keys = self.shown(screen)
        if keys != self.keys:
            self.keys = keys
            self.refresh()

    def shown(self, screen: Screen[object]) -> tuple[Shown, ...]:
        """The keys shown: the first shown binding of each action, in the screen's order."""
        keys: dict[str, Shown] = {}
        for _, binding, enabled, _ in screen.active_bindings.values():
            if binding.show and binding.action not in keys:
                display = self.app.get_key_display(binding)
                keys[binding.action] = Shown(
                    binding.key, display, binding.action, binding.description, enabled
                )
        return tuple(keys.values())

    def render(self) -> Text:
        key_style = self.get_component_rich_style("keys--key")
        description_style = self.get_component_rich_style("keys--description")
        dim = Style(dim=True)
        line = Text(no_wrap=True, end="")
        self._spans = []
        for shown in self.keys:
            start = line.cell_len
            off = Style() if shown.enabled else dim
            line.append(shown.display, key_style + off)
            if shown.description:
                line.append(f" {shown.description}", description_style + off)
            self._spans.append((start, line.cell_len, shown))
            line.append(" ")
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, shown in self._spans:
            if start <= event.x < end:
                if shown.enabled:
                    self.app.simulate_key(shown.key)
                else:
                    self.app.bell()
                return

    def words(self) -> list[str]:
        """The descriptions shown, left to right (what a user reads)."""
        return [shown.description for shown in self.keys]
