"""factsheet: a keyboard-driven fact-check worksheet for the terminal.

The public core API. Importing it loads no Textual: the UI lives in
`factsheet.ui` and is imported only when the app starts.
"""

from factsheet.errors import (
    FactsheetError,
    InvalidInputError,
    NotFoundError,
    ReadOnlyError,
    SheetFileError,
    SheetLockedError,
)
from factsheet.model import (
    DEFAULT_SCALE,
    SCHEMA_VERSION,
    UNRATED,
    Anchor,
    Claim,
    Quote,
    Rating,
    SheetMeta,
    Snapshot,
    Source,
    Stance,
    Status,
    VerdictChange,
)
from factsheet.sheet import Sheet, Summary

__all__ = [
    "DEFAULT_SCALE",
    "SCHEMA_VERSION",
    "UNRATED",
    "Anchor",
    "Claim",
    "FactsheetError",
    "InvalidInputError",
    "NotFoundError",
    "Quote",
    "Rating",
    "ReadOnlyError",
    "Sheet",
    "SheetFileError",
    "SheetLockedError",
    "SheetMeta",
    "Snapshot",
    "Source",
    "Stance",
    "Status",
    "Summary",
    "VerdictChange",
]
