"""The factsheet Textual app: opens a sheet (or offers a choice) and shows the worksheet.

The app owns what every screen shares: the sheet, the user's keymap, the one place
where a failed worker is reported, and the watch on the sheet file, so that another
reviewer's change appears within a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _character_to_key
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from factsheet import config
from factsheet.errors import FactsheetError, ReadOnlyError
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet
from factsheet.ui import keyturns, messages, repaint
from factsheet.ui.feedback import action_writes
from factsheet.ui.screendiff import ScreenDiff
from factsheet.ui.screens.main import MainScreen
from factsheet.ui.switching import PromptSwitching

if TYPE_CHECKING:
    from factsheet.archive.policy import FetchPolicy
    from factsheet.changes import Event

WATCH_INTERVAL = 0.5  # seconds between looks at the sheet file for other processes' changes
SETTLE_INTERVAL = 0.5  # seconds between looks at whether memory is due to be settled
SETTLE_IDLE = 1.0  # seconds without a key before memory is settled (never in a burst of keys)
HANG_UPS = (signal.SIGHUP, signal.SIGTERM)  # the app saves and quits on these
HANG_UP_GRACE = 5.0  # seconds after a hang-up signal by which the process has ended
SAVE_PAUSE = 0.25  # seconds without a key before a background save starts (a second at most)
SETTLE_QUIET_EVERY = 10.0  # seconds between settles while no key comes (others' changes)


class FactsheetApp(App[None]):
    """The worksheet for one sheet, given open or picked from `choices`; closed on exit."""

    CSS_PATH = "app.tcss"
    TITLE = "factsheet"
    BINDINGS = [
        Binding("question_mark,f1", "help", "Help", key_display="?", id="help"),
        Binding("q", "quit", "Quit", tooltip="Quit (every change is saved)", id="quit"),
        Binding(
            "ctrl+l",
            "redraw",
            "Redraw",
            show=False,
            tooltip="Draw the whole screen again (if another program wrote over it)",
            id="redraw",
        ),
    ]

    def __init__(
        self,
        sheet: Sheet | None = None,
        *,
        choices: Sequence[Path] = (),
        reviewer: str | None = None,
        fetch_policy: FetchPolicy | None = None,
        follow_changes: bool = True,
    ) -> None:
        super().__init__()
        self.sheet = sheet
        self.fetch_policy = fetch_policy  # how sources are fetched (None: the defaults)
        self.choices = list(choices)
        self.reviewer = reviewer
        # Look for other processes' changes twice a second (tests take them in by hand).
        self.follow_changes = follow_changes
        self.quit_unsaved = False
        self.close_error: FactsheetError | None = None
        self.crash: BaseException | None = None  # an error no screen handled: the app ended
        self._notices_shown = 0
        self.screen_diff: ScreenDiff | None = None  # what was sent to the terminal
        self.last_key = 0.0  # time.monotonic() of the last key
        self.key_turns = keyturns.KeyTurns(self, self._take_key)
        self.switching = PromptSwitching()  # frames reach the terminal once drawn
        keyturns.read_bursts()
        self.last_settled = 0.0  # time.monotonic() when memory was last settled
        self._keys_since_settled = True  # keys came since memory was last settled
        self.set_keymap(config.keymap())

    def _handle_exception(self, error: Exception) -> None:
        """An error nothing handled ends the app (Textual's own behaviour) with a non-zero
        status; the CLI prints one line for it once the terminal is restored, instead of a
        traceback full of local variables (which may hold the sheet's text)."""
        self.crash = error
        super()._handle_exception(error)
        self._exit_renderables.clear()

    def get_default_screen(self) -> Screen[Any]:
        """The worksheet itself, so that the first frame already shows the sheet."""
        if self.sheet is None:
            return super().get_default_screen()
        return MainScreen(self.sheet)

    def on_mount(self) -> None:
        self.screen_diff = repaint.diff_output(self)
        self.switching.start()
        if not self.is_headless:
            self._signal_loop = asyncio.get_running_loop()
            for hang_up in HANG_UPS:
                signal.signal(hang_up, self._signalled)
        if self.sheet is not None:
            self.sheet_opened(self.sheet)
        else:
            self.pick_sheet()

    def pick_sheet(self) -> None:
        from factsheet.ui.screens.picker import PickerScreen  # only without a sheet to open

        self.push_screen(PickerScreen(self.choices, self.reviewer), self.picked)

    def picked(self, path: Path | None) -> None:
        if path is None:
            return
        try:
            sheet = open_sheet(path, reviewer=self.reviewer)
        except FactsheetError as error:
            self.notify(one_line(str(error)), severity="error", timeout=8)
            self.pick_sheet()
            return
        self.sheet = sheet
        self.push_screen(MainScreen(sheet))
        self.sheet_opened(sheet)

    def _signalled(self, signum: int, frame: object) -> None:
        """A hang-up signal (on the main thread, whatever the event loop is doing): the
        save and the quit go to the loop, and the process ends a few seconds later
        whatever happens, for a loop already stopping would never run them (the held
        save starts within a second of the last key in any case)."""
        ending = threading.Timer(HANG_UP_GRACE, os._exit, (128 + signum,))
        ending.daemon = True
        ending.start()
        with contextlib.suppress(RuntimeError):  # the loop is closed
            self._signal_loop.call_soon_threadsafe(self.hang_up, signum)

    def hang_up(self, signum: int) -> None:
        """The terminal went away (an SSH connection dropped: SIGHUP) or the process is
        asked to stop (SIGTERM): save what waits for the keys to pause, then quit, instead
        of dying with it unsaved. After a hang-up the process ends at once: there is no
        terminal to put back, and Textual's shutdown would wait forever to write to it."""
        if self.sheet is not None:
            with contextlib.suppress(FactsheetError):  # kept: close reports it
                self.sheet.flush()
        if signum == signal.SIGHUP:
            os._exit(128 + signum)
        self.exit()

    def on_unmount(self) -> None:
        """Close the sheet; a failure to save is kept for the CLI to report after exit.
        What `settle_memory` froze may be collected again (in one process, as in tests,
        another app may follow)."""
        if not self.is_headless:
            for hang_up in HANG_UPS:
                signal.signal(hang_up, signal.SIG_DFL)
        self.key_turns.collector.release()
        self.switching.stop()
        gc.unfreeze()
        if self.sheet is not None:
            try:
                self.sheet.close()
            except FactsheetError as error:
                self.close_error = error

    def sheet_opened(self, sheet: Sheet) -> None:
        self.title = f"factsheet · {one_line(sheet.path.name)}"
        sheet.report_save_errors_to(self.save_failed)
        sheet.subscribe(self._sheet_event)
        sheet.pace_saves(self._save_hold)
        # The sheet's records live as long as the app: keep the collector from rescanning them.
        gc.freeze()
        self.set_interval(SETTLE_INTERVAL, self.settle_when_idle)
        if not sheet.writable:
            self.notify(
                "You cannot write this sheet (its permissions): opened read-only.",
                severity="warning",
                timeout=8,
            )
        self.show_notices()
        if self.follow_changes:
            self.set_interval(WATCH_INTERVAL, self.look_for_changes)

    def _save_hold(self) -> float:
        """Seconds a save should still wait: until the keys pause (called on the saving
        thread), so that the key that made an edit, and the next few, are drawn first."""
        return self.last_key + SAVE_PAUSE - time.monotonic()

    def settle_when_idle(self) -> None:
        """Settle memory (`settle_memory`, up to tens of milliseconds at 100,000 quotes)
        once the user has paused, never between two keys of a burst: a key that waited for
        it would take that much longer to reach the screen."""
        now = time.monotonic()
        if now - self.last_key < SETTLE_IDLE:
            return
        if self._keys_since_settled or now - self.last_settled >= SETTLE_QUIET_EVERY:
            self._keys_since_settled = False
            self.last_settled = now
            settle_memory()

    # Other processes' changes

    def look_for_changes(self) -> None:
        """Take in another process's saved changes, on a worker (a large sheet takes a
        moment to read)."""
        if self.sheet is not None and self.sheet.changed_on_disk():
            self.take_in_changes()

    @work(thread=True, exclusive=True, exit_on_error=False, group="refresh")
    def take_in_changes(self) -> None:
        assert self.sheet is not None
        self.sheet.refresh()

    def _sheet_event(self, event: Event) -> None:
        """Called by the sheet on whichever thread made or found a change."""
        if event.origin == "external":
            self.post_message(messages.SheetChanged(event))

    @on(messages.SheetChanged)
    def sheet_changed(self, message: messages.SheetChanged) -> None:
        for screen in self.screen_stack:
            handler = getattr(screen, "sheet_changed", None)
            if handler is not None and screen.is_mounted:
                handler(message.event)
        self.show_notices()

    def show_notices(self) -> None:
        """What the sheet has to say (an upgrade, a change two reviewers made at once)."""
        if self.sheet is None:
            return
        for notice in self.sheet.notices[self._notices_shown :]:
            self.notify(one_line(notice, 300), severity="warning", timeout=15)
        self._notices_shown = len(self.sheet.notices)

    # Failures

    @on(Worker.StateChanged)
    def worker_failed(self, event: Worker.StateChanged) -> None:
        """The one place a failed worker is reported: nothing fails silently (screens and
        widgets hand their workers' changes here, see `messages.ReportsFailures`)."""
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, FactsheetError):
            self.notify(one_line(str(error)), severity="error", timeout=10)
        else:
            self.notify(
                f"{event.worker.name or 'background work'} failed: "
                f"{type(error).__name__}: {one_line(str(error), 200)}",
                severity="error",
                timeout=20,
            )

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification of the app (widgets' included) comes here: messages often
        quote titles, URLs and file names, so they are shown as text, never as markup.
        The same message again replaces the one shown, whatever its severity (keys pressed
        in a row on a read-only sheet stacked the same warning over half the screen)."""
        message, title = visible(message), visible(title)
        for shown in list(self._notifications):
            if (shown.message, shown.title) == (message, title):
                self._unnotify(shown, refresh=False)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def save_failed(self, reason: str) -> None:
        """A background save failed (called on the saving thread)."""
        self.call_from_thread(
            self.notify,
            f"Could not save ({reason}). Your changes are kept here and saved with the next "
            "edit; the file holds the last saved version.",
            severity="error",
            timeout=10,
        )

    async def action_quit(self) -> None:
        """Quit once every change is on disk; if saving fails, say so and quit on a second q."""
        if self.sheet is not None and not self.quit_unsaved:
            try:
                self.sheet.flush()
            except FactsheetError as error:
                self.quit_unsaved = True
                self.notify(
                    f"{one_line(str(error))}. Press q again to quit without saving.",
                    severity="error",
                    timeout=15,
                )
                return
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        """Keys take effect one after the other (`keyturns`). Esc then a key, typed quickly
        over SSH, reaches the app as one alt+key; unless something is bound to that
        alt+key, it is taken as the two keys it was. A key or a new size ends the repaints
        kept to a closed dialog's rows (`RepaintsUncovered`)."""
        if isinstance(event, events.Key | events.Resize) and isinstance(
            screen := self.screen, repaint.RepaintsUncovered
        ):
            screen.covered_done()
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.last_key = time.monotonic()
            self._keys_since_settled = True
            if not self.key_turns.wait(event):
                await self.key_turns.hand_over(event)
            return
        await super().on_event(event)

    async def _take_key(self, event: events.Key) -> events.Key:
        """Handle a key read from the terminal as Textual does (its priority bindings, or
        on to the focused widget), but an alt+key that stands for esc then a key; returns
        the key handled."""
        # Only an alt+key asks which keys are bound (the screen's footer work, on every
        # key otherwise).
        second = escaped_character(event)
        if second is not None and event.key not in self.screen.active_bindings:
            event.stop()
            self.key_turns.next_first(events.Key(_character_to_key(second), second))
            event = events.Key("escape", "\x1b")
        await super().on_event(event)
        return event

    @on(keyturns.KeyDone)
    def key_done(self, message: keyturns.KeyDone) -> None:
        self.key_turns.done(message)

    def pop_screen(self) -> AwaitComplete:
        """Close the top screen; the screen below repaints only what it covered."""
        if len(self.screen_stack) > 1 and isinstance(
            below := self.screen_stack[-2], repaint.RepaintsUncovered
        ):
            below.uncover(self.screen)
        return super().pop_screen()

    def action_redraw(self) -> None:
        """Send the whole screen again: only changed cells are sent, so anything else that
        wrote to the terminal would otherwise stay until those cells change."""
        if self.screen_diff is not None:
            self.screen_diff.forget()
        self.screen.refresh()

    def action_help(self) -> None:
        from factsheet.ui.screens.help import HelpScreen, binding_rows  # loaded on first use

        if isinstance(self.screen, HelpScreen):
            return
        app_rows = [*binding_rows(self.BINDINGS), ("ctrl+p", "Find any action by name")]
        if hasattr(self.screen, "help_sections"):
            sections = self.screen.help_sections()
        else:
            sections = [("This screen", binding_rows(self.screen.BINDINGS))]
        self.push_screen(HelpScreen([*sections, ("Everywhere", app_rows)]))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The palette offers every described action of the current screen (on the
        worksheet, of each pane too, and a command per verdict), each with its key; on a
        read-only sheet, none that would change it."""
        commands: Callable[[], Iterable[tuple[DOMNode, Binding]]] | None = getattr(
            screen, "palette_bindings", None
        )
        bindings = commands() if commands else [(screen, b) for b in screen.BINDINGS]
        writable = self.sheet is None or self.sheet.writable
        seen: set[str] = set()
        for node, binding in bindings:
            if not (isinstance(binding, Binding) and binding.description):
                continue
            if not writable and action_writes(node, binding.action):
                continue
            title = binding.tooltip or binding.description
            if title in seen:
                continue
            seen.add(title)
            key = binding.key_display or self.get_key_display(binding)
            where = f"key {key}" + (f" · keymap id {binding.id}" if binding.id else "")
            yield SystemCommand(title, where, partial(self.run_action, binding.action, node))
        extra: Callable[[], Iterable[SystemCommand]] | None = getattr(
            screen, "palette_commands", None
        )
        if extra is not None and writable:
            yield from extra()
        yield from super().get_system_commands(screen)


def settle_memory() -> None:
    """Move what has lived a while (the list's claims, the panes' indexes) where Python's
    cycle collector no longer looks, after collecting the young garbage: at 100,000
    quotes a full collection otherwise stops the screen for about 100 ms every few keys.
    Frozen objects are still freed as soon as nothing uses them; only garbage in a
    reference cycle that has lived a while is then kept."""
    gc.collect(1)
    gc.freeze()


def escaped_character(event: events.Key) -> str | None:
    """The printable character of an alt+key (as esc then that key arrives), or None."""
    if not event.key.startswith("alt+"):
        return None
    rest = event.key.removeprefix("alt+")
    character = event.character
    if character is None:  # made by a program rather than parsed from the terminal
        if len(rest) == 1:
            character = rest
        elif rest.startswith("shift+") and len(rest) == 7:
            character = rest[-1].upper()
    if character is None or len(character) != 1 or not character.isprintable():
        return None
    return character


def open_sheet(path: Path, *, reviewer: str | None = None) -> Sheet:
    """Open for editing with background saves; a sheet the user cannot write, read-only."""
    try:
        return Sheet.open(path, reviewer=reviewer, background_saves=True)
    except ReadOnlyError:
        return Sheet.open(path, writable=False, reviewer=reviewer)
