"""The footer of every screen: its keys, built again only when they change.

Textual's footer rebuilds all its key widgets (and lays the screen out again) whenever
a screen's bindings may have changed, which is after every edit and every focus
change, though the keys it shows are mostly the same: at one widget per key, that is
most of the time a keypress takes on a large sheet, and a repaint of the footer over
SSH for nothing.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class Keys(Footer):
    """A compact footer (no command-palette key) that rebuilds only for other keys."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._drawn: object = None

    def shown(self, screen: Screen[object]) -> object:
        """What the footer would show: each shown key, its words and whether it works."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self.shown(screen)
            if shown == self._drawn and self._bindings_ready:
                return
            self._drawn = shown
        super().bindings_changed(screen)
