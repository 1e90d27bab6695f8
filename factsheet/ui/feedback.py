"""Running a change through the core from a key, and telling the user how it went.

`writes` marks an action that changes the sheet. On a sheet the user cannot write,
such an action says why it does nothing instead of ignoring the key, and screens that
mix in `FooterKeys` leave it out of the footer (the app leaves it out of the command
palette). `needs` marks an action on the highlighted claim or quote, which the footer
leaves out while there is none. `FooterKeys` also fits the footer to the terminal: when
its keys do not fit on the line, the screen's least needed ones (`FOOTER_DROP`) give
way first, so that `? Help` and `q Quit` are always seen; every key stays in the help
and the palette.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Protocol, TypeVar, cast

from rich.cells import cell_len
from textual.binding import ActiveBinding
from textual.dom import DOMNode
from textual.events import Resize
from textual.screen import Screen
from textual.widget import Widget

from factsheet.errors import FactsheetError
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet

READ_ONLY = "Read-only: you cannot write this sheet's file, so nothing was changed."

F = TypeVar("F", bound=Callable[..., Any])


class HasSheet(Protocol):
    sheet: Sheet

    def notify(self, message: str, *, severity: Any = ..., timeout: float | None = ...) -> None:
        """Textual's notify."""


def writes(action: F) -> F:
    """Mark an action method as one that changes the sheet (see the module's docstring)."""

    @wraps(action)
    def guarded(self: HasSheet, *args: Any, **kwargs: Any) -> Any:
        if not self.sheet.writable:
            self.notify(READ_ONLY, severity="warning", timeout=4)
            return None
        return action(self, *args, **kwargs)

    guarded.writes = True  # type: ignore[attr-defined]
    return cast(F, guarded)


def no_claim_to_quote_for(sheet: Sheet, *, on_worksheet: bool = False) -> str:
    """Why a quote cannot be made: no claim yet, or a filter hides them all."""
    if sheet.records("claims"):  # a copy of the records: 0.4 ms at 10,000 claims
        where = "" if on_worksheet else " on the worksheet"
        return f"No claim in the list: esc{where} clears the filter (a quote is for a claim)."
    return "Add a claim first (a in the claim list): a quote is for a claim."


def needs(what: str) -> Callable[[F], F]:
    """Mark an action as one that acts on the highlighted `what` ("claim", "quote"): the
    footer leaves it out while there is none (the key still says what to do)."""

    def mark(action: F) -> F:
        action.needs = what  # type: ignore[attr-defined]
        return action

    return mark


def _action_mark(node: DOMNode, action: str, mark: str) -> Any:
    """The mark (`writes`, `needs`) of `action` (as a binding names it, e.g. "rate(1)",
    "screen.sources") run from `node`, or None."""
    name = action.split("(", 1)[0]
    if "." in name:
        where, name = name.split(".", 1)
        node = {"app": node.app, "screen": node.screen}.get(where, node)
    return getattr(getattr(node, f"action_{name}", None), mark, None)


def action_writes(node: DOMNode, action: str) -> bool:
    """Whether `action` run from `node` changes the sheet."""
    return bool(_action_mark(node, action, "writes"))


def sheet_writable(node: DOMNode) -> bool:
    sheet = getattr(node.app, "sheet", None)
    return sheet is None or bool(sheet.writable)


class FooterKeys:
    """For screens: the footer's keys (see the module's docstring). Only the footer
    reads `active_bindings`; the keys themselves work whatever it shows."""

    FOOTER_DROP: tuple[str, ...] = ()  # binding ids, the first to give way first

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        bindings: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        node = cast(DOMNode, self)
        if not sheet_writable(node):
            bindings = {
                key: active
                for key, active in bindings.items()
                if not action_writes(active.node, active.binding.action)
            }
        dims = self.footer_dims()
        if dims:  # shown dim, but the key still runs (and says why it does nothing)
            bindings = {
                key: active._replace(enabled=False) if active.binding.action in dims else active
                for key, active in bindings.items()
            }
        missing = self.footer_missing()
        if missing:
            bindings = {
                key: active
                for key, active in bindings.items()
                if _action_mark(active.node, active.binding.action, "needs") not in missing
            }
        width = node.app.size.width
        for binding_id in self.FOOTER_DROP:
            if footer_width(node, bindings) <= width:
                break
            bindings = {k: a for k, a in bindings.items() if a.binding.id != binding_id}
        return bindings

    _missing: frozenset[str] = frozenset()

    def leave_out(self, missing: set[str]) -> None:
        """Keys marked `needs` one of `missing` leave the footer (which is fitted again
        only when that changes: a first claim or quote, or the last one gone)."""
        if missing != self._missing:
            self._missing = frozenset(missing)
            cast(Screen[Any], self).refresh_bindings()

    def footer_missing(self) -> set[str] | frozenset[str]:
        """What is not there to act on ("claim", "quote"): keys marked `needs` it are left
        out of the footer."""
        return self._missing

    def footer_dims(self) -> set[str]:
        """The actions shown dim for now (nothing to undo): unlike a binding that
        `check_action` disables, the key still runs, and says why it does nothing."""
        return set()

    def on_resize(self, event: Resize) -> None:
        """Another width: the footer is fitted again."""
        cast(Screen[Any], self).refresh_bindings()


def footer_width(node: DOMNode, bindings: dict[str, ActiveBinding]) -> int:
    """How many cells a compact footer takes for these bindings."""
    shown: dict[str, int] = {}
    for active in bindings.values():
        binding = active.binding
        if binding.show and binding.action not in shown:
            key = node.app.get_key_display(binding)
            shown[binding.action] = cell_len(key) + cell_len(binding.description) + 2
    return sum(shown.values()) - 1


def attempt(node: Widget, change: Callable[[], object], done: str | None = None) -> bool:
    """Run a core change; a FactsheetError becomes a notification instead of a traceback."""
    try:
        change()
    except FactsheetError as error:
        node.notify(one_line(str(error)), severity="error", timeout=6)
        return False
    if done:
        node.notify(done, timeout=2)
    node.screen.refresh_bindings()
    return True
