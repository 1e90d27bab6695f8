"""factsheet: a keyboard-driven fact-check worksheet for the terminal.

The public core API, for scripts as much as for the CLI and the app:

    from factsheet import Sheet
    with Sheet.open("sheets/xiaomi.json") as sheet:
        for claim in sheet.claims():
            ...

Names load on first use, so that importing the package loads no Textual (the UI
lives in `factsheet.ui` and is imported only when the app starts) and nothing slow.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from factsheet.archive.policy import FetchPolicy
    from factsheet.archive.service import ArchiveResult
    from factsheet.changes import Event
    from factsheet.checks import QuoteCheck
    from factsheet.errors import (
        AmbiguousQuoteError,
        BlockedAddressError,
        ChangedMeanwhileError,
        FactsheetError,
        FetchError,
        InvalidInputError,
        MisquoteError,
        NotFoundError,
        Occurrence,
        ReadOnlyError,
        ResolveError,
        SharedFileError,
        SheetFileError,
        SheetLockedError,
    )
    from factsheet.exchange.merge import MergeReport
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

_WHERE = {
    "FetchPolicy": "factsheet.archive.policy",
    "ArchiveResult": "factsheet.archive.service",
    "QuoteCheck": "factsheet.checks",
    "MergeReport": "factsheet.exchange.merge",
    "Sheet": "factsheet.sheet",
    "Summary": "factsheet.sheet",
    "Event": "factsheet.changes",
    **dict.fromkeys(
        [
            "AmbiguousQuoteError",
            "BlockedAddressError",
            "ChangedMeanwhileError",
            "FactsheetError",
            "FetchError",
            "InvalidInputError",
            "MisquoteError",
            "NotFoundError",
            "Occurrence",
            "ReadOnlyError",
            "ResolveError",
            "SharedFileError",
            "SheetFileError",
            "SheetLockedError",
        ],
        "factsheet.errors",
    ),
    **dict.fromkeys(
        [
            "DEFAULT_SCALE",
            "SCHEMA_VERSION",
            "UNRATED",
            "Anchor",
            "Claim",
            "Quote",
            "Rating",
            "SheetMeta",
            "Snapshot",
            "Source",
            "Stance",
            "Status",
            "VerdictChange",
        ],
        "factsheet.model",
    ),
}

__all__ = [
    "DEFAULT_SCALE",
    "SCHEMA_VERSION",
    "UNRATED",
    "AmbiguousQuoteError",
    "Anchor",
    "ArchiveResult",
    "BlockedAddressError",
    "ChangedMeanwhileError",
    "Claim",
    "Event",
    "FactsheetError",
    "FetchError",
    "FetchPolicy",
    "InvalidInputError",
    "MergeReport",
    "MisquoteError",
    "NotFoundError",
    "Occurrence",
    "Quote",
    "QuoteCheck",
    "Rating",
    "ReadOnlyError",
    "ResolveError",
    "SharedFileError",
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


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'factsheet' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
