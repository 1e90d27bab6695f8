"""Checks of a whole sheet: is every quote still in its source?

`check_quotes` re-anchors each quote in the latest snapshot of its source, the
way `factsheet check` does for a newsroom's CI. It changes the sheet only when
asked to (`save=True`); a missing archive is reported as such, never as every
quote "not found".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from factsheet import anchor
from factsheet.errors import FactsheetError, SheetFileError

if TYPE_CHECKING:
    from factsheet.sheet import Sheet


@dataclass(frozen=True, slots=True)
class QuoteCheck:
    """A quote re-anchored in its source's latest text: how it stood, how it stands."""

    quote_id: str
    source_id: str
    before: str
    after: str
    score: float
    moved: bool


def check_quotes(sheet: Sheet, *, save: bool = False) -> list[QuoteCheck]:
    """Re-anchor every quote in the latest snapshot of its source (saving what changed only
    with `save`).

    The quote's recorded selector (the exact text the page had, with its prefix and
    suffix) is looked for first, then the quote as typed; a page that changed gets the
    quote re-anchored (normalised or fuzzy), or marked "not found".
    """
    quotes = sheet.quotes()
    if quotes and not sheet.archive_dir.is_dir():
        raise SheetFileError(
            f"{sheet.archive_dir}: the sheet's archive folder is missing, so its quotes "
            "cannot be checked (nothing was changed); restore it beside the sheet"
        )
    sources = {source.id: source for source in sheet.sources()}
    texts: dict[str, tuple[str | None, str | None]] = {}
    checks = []
    changes: dict[str, dict[str, Any]] = {}
    for quote in quotes:
        source = sources[quote.source]
        if source.id not in texts:
            snapshot = source.latest_snapshot()
            try:
                text = sheet.source_text(source.id)
            except SheetFileError:
                raise
            except FactsheetError:
                text = None
            texts[source.id] = (text, snapshot.id if snapshot else None)
        text, snapshot_id = texts[source.id]
        old = quote.anchor or {}
        found = anchor.reanchor(text, quote.text, old, snapshot_id)
        if found != old:
            changes[quote.id] = found
        checks.append(
            QuoteCheck(
                quote.id,
                source.id,
                old.get("status", anchor.NOT_FOUND),
                found["status"],
                found.get("score", 0.0),
                (old.get("start"), old.get("snapshot"))
                != (found.get("start"), found.get("snapshot")),
            )
        )
    if save and changes:
        sheet.set_anchors(changes, label="check quotes")
    return checks
