"""`Sheet`: the one way into a fact-check sheet, shared by the CLI, the app and scripts.

Reads return records as dataclasses (or read-only mappings for bulk work); every
edit is checked before anything changes and is then one transaction of the store:
applied to the sheet's latest contents, saved atomically, stamped in the sheet's
`updated` time, and undoable. The class is put together from one module per kind
of work:

    base.py      opening, reading, the change every edit is made in
    claims.py    claims and verdicts (and the corrections log)
    quotes.py    quotes anchored in their sources; checking them
    sources.py   sources and their snapshots (fetching is archive.service's)
    sharing.py   importing and merging shared documents (decisions: exchange.merge)
    undo.py      undo
    rules.py     what a file is held to on open; settling concurrent changes
    reading.py   tables read as stored without opening the sheet (for read-only scans)
    aside.py     a one-pass reader's records checked in a second process meanwhile
    values.py    small rules for typed values

Work that is more than an edit lives in its own module and is reached through a
method here: archiving web pages (`archive.service`), checking quotes
(`checks`), merging a shared sheet (`exchange.merge`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from factsheet.sheet import reading
from factsheet.sheet.base import Summary
from factsheet.sheet.quotes import QuoteEdits
from factsheet.sheet.rules import check_contents
from factsheet.sheet.sharing import Sharing
from factsheet.sheet.sources import SourceEdits
from factsheet.sheet.undo import Undo
from factsheet.sheet.values import CLAIMS, HISTORY, KINDS, QUOTES, SOURCES

__all__ = [
    "CLAIMS",
    "HISTORY",
    "KINDS",
    "QUOTES",
    "SOURCES",
    "Sheet",
    "Summary",
    "check_contents",
]


class Sheet(Undo, QuoteEdits, SourceEdits, Sharing):
    """An open fact-check sheet. Use as a context manager, so that saves are flushed."""

    @staticmethod
    def read_tables(path: str | Path, *names: str) -> dict[str, Mapping[str, Mapping[str, Any]]]:
        """Some tables of the sheet file at `path` as stored, without opening the sheet:
        the file format is checked, the records are not held to the sheet's rules (see
        `factsheet.sheet.reading`). For read-only scans such as making a search index."""
        return reading.read_tables(path, names)
