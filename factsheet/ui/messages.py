"""The messages workers and widgets post: what happened, as plain data.

Workers only call the core and post one of these; the screens that care handle
them on the UI thread. A worker that fails posts nothing: the app's one
`Worker.StateChanged` handler shows its error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.worker import Worker

if TYPE_CHECKING:
    from factsheet.archive.service import ArchiveResult
    from factsheet.changes import Event
    from factsheet.search import SearchIndex


class ReportsFailures:
    """For widgets and screens that run workers: a worker's state change is posted to the
    node that runs it and does not bubble, so each such node hands it to the app's one
    handler (`FactsheetApp.worker_failed`), which shows every failure."""

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        handler = getattr(getattr(self, "app", None), "worker_failed", None)
        if handler is not None:
            handler(event)


@dataclass
class SheetChanged(Message):
    """Another process changed the sheet and this one has taken the change in."""

    event: Event


@dataclass
class ElsewhereFound(Message):
    """The other sources that hold a quote's words (`common`: so many that the passage is
    page chrome or wire copy; `total`: how many, when not all are listed; `at_least`: the
    look stopped there, once the passage was known to be common: there may be more;
    `reworded`: the sources that word it differently, a word or two)."""

    quote_id: str
    source_ids: list[str]
    common: bool = False
    total: int | None = None
    at_least: bool = False
    reworded: frozenset[str] = frozenset()  # of source_ids: a word differs there


@dataclass
class SearchIndexReady(Message):
    """The search index over the folder's sheets, built (or brought up to date), or a step
    of its first build: the open sheet's index while the other sheets are read."""

    index: SearchIndex
    whole: bool  # False: the open sheet's alone, while the folder's other sheets are read


@dataclass
class SourceArchived(Message):
    """One page archived (or not): `number` of `total` (None: not known ahead)."""

    result: ArchiveResult
    number: int
    total: int | None


@dataclass
class SourceAdded(Message):
    """A source was added (a local file, or a web page whose archiving is reported too)."""

    source_id: str


@dataclass
class WorkDone(Message):
    """A batch of work ended; `summary` says how it went, for the user."""

    summary: str
    detail: Any = None
