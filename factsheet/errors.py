"""Every error factsheet reports to a user: one tree, each error a one-line message.

    FactsheetError
    ├── SheetFileError           the sheet file is missing, unreadable, damaged or too new,
    │                            or could not be saved
    ├── SheetLockedError         another process kept the sheet locked for too long
    ├── ReadOnlyError            the sheet cannot be written (permissions, or opened to read)
    ├── NotFoundError            no claim, source or quote with that id
    ├── ChangedMeanwhileError    another reviewer changed the record since it was read
    ├── InvalidInputError        a value the sheet cannot take (a rating, a stance, a quote
    │   │                        that is not in its source, a URL that is not http(s))
    │   ├── MisquoteError        a quote the source words differently: the nearest passage
    │   │                        and the differing words ("rejected → approved")
    │   ├── AmbiguousQuoteError  a passage that stands in several places of its source
    │   ├── SharedFileError      a shared file (export, bundle) that cannot be imported
    │   └── BlockedAddressError  a URL whose host resolves to an address that is refused
    └── FetchError               a page could not be fetched (the server, the network, a limit)
        └── ResolveError         the page's host name could not be resolved

Code decides by the type of an error, never by its message. The CLI prints
``Error: <message>`` and exits non-zero; the app shows the message. Messages may
quote untrusted text (titles, URLs, ids from a file): they are shown through
`factsheet.safe_text`, like everything else.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "AmbiguousQuoteError",
    "BlockedAddressError",
    "ChangedMeanwhileError",
    "FactsheetError",
    "FetchError",
    "InvalidInputError",
    "MisquoteError",
    "NotFoundError",
    "ReadOnlyError",
    "ResolveError",
    "SharedFileError",
    "SheetFileError",
    "SheetLockedError",
]


class FactsheetError(Exception):
    """Base class: `str(error)` is a complete sentence for the user."""


class SheetFileError(FactsheetError):
    """The sheet file is missing, unreadable, damaged or too new, or could not be saved."""


class SheetLockedError(FactsheetError):
    """Another process kept the sheet locked for longer than this one could wait."""


class ReadOnlyError(FactsheetError):
    """The sheet cannot be written: the user may not, or it was opened to read."""


class NotFoundError(FactsheetError):
    """No claim, source or quote with the id given."""


class InvalidInputError(FactsheetError):
    """A value the sheet cannot take; nothing was changed."""


class ChangedMeanwhileError(FactsheetError):
    """The record changed (another reviewer saved) since the caller read it, and the
    caller's change was made from what it read: nothing was saved."""


class MisquoteError(InvalidInputError):
    """A quote its source words differently. `words` is the nearest passage as the source
    has it (from `start` to `end` of the snapshot's `within` text), `differences` the
    (typed, source) words that differ, `typed` what was typed; marks are [start, end)
    spans of the differing words in `words` and in `typed`, for showing them."""

    def __init__(
        self,
        message: str,
        *,
        source_id: str,
        typed: str,
        words: str,
        start: int,
        end: int,
        within: str,
        differences: list[tuple[str, str]],
        word_marks: list[tuple[int, int]],
        typed_marks: list[tuple[int, int]],
    ) -> None:
        super().__init__(message)
        self.source_id = source_id
        self.typed = typed
        self.words = words
        self.start = start
        self.end = end
        self.within = within
        self.differences = differences
        self.word_marks = word_marks
        self.typed_marks = typed_marks


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One place of a passage: [start, end) in a snapshot's `within` text, its words there,
    and its context."""

    start: int
    end: int
    within: str
    words: str
    before: str
    after: str


class AmbiguousQuoteError(InvalidInputError):
    """A passage that stands in several places: `occurrences` lists them in text order."""

    def __init__(self, message: str, *, source_id: str, occurrences: list[Occurrence]) -> None:
        super().__init__(message)
        self.source_id = source_id
        self.occurrences = occurrences


class SharedFileError(InvalidInputError):
    """A shared file that cannot be imported; the message names the place in it."""


class BlockedAddressError(InvalidInputError):
    """The URL's host resolves to an address factsheet does not fetch from by default."""


class FetchError(FactsheetError):
    """A page could not be fetched; the message says why, in a user's words."""


class ResolveError(FetchError):
    """The host name of a page could not be resolved (no such host, or no DNS)."""
