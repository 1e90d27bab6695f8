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
from textual.widgets._footer import FooterKey

Shown = tuple[tuple[str, str, str, bool, str], ...]


class Keys(Footer):
    """A compact footer (no command-palette key) that rebuilds only for other keys."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        self._drawn: Shown | None = None

    def shown(self, screen: Screen[object]) -> Shown:
        """What the footer would show: each shown key, its words and whether it works."""
        return tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip)
            for (_, binding, enabled, tooltip) in screen.active_bindings.values()
            if binding.show
        )

    def on_mount(self) -> None:
        """Hear of other bindings as they change (Textual's footer hears a message later):
        a key that lights or dims another is drawn in its own frame."""
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and screen.app.app_focus:
            shown = self.shown(screen)
            drawn, self._drawn = self._drawn, shown
            if self._bindings_ready and drawn is not None:
                if shown == drawn:
                    return
                if [key[:3] + key[4:] for key in shown] == [key[:3] + key[4:] for key in drawn]:
                    self._enable(shown)  # the same keys: drawn in this frame, not rebuilt
                    return
        # Other keys: built again as Textual does, from the footer's own messages.
        self.call_next(super().bindings_changed, screen)

    def _enable(self, shown: Shown) -> None:
        """Dim or light the keys that stopped or started working (the first edit lights
        Undo) in place."""
        works: dict[str, bool] = {}
        for _, action, _, enabled, _ in shown:
            works.setdefault(action, enabled)
        for key in self.query(FooterKey):
            off = not works.get(key.action, True)
            key._disabled = off  # what a click on it reads (Textual's FooterKey)
            key.set_class(off, "-disabled")
