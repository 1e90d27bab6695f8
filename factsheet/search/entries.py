"""What is searched (a claim's text and rationale, a quote's text) and what a search finds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Entry:
    """What a document is: its kind (quote, claim, rationale), where it lives, its text, and
    for a quote the source it is from."""

    kind: str
    sheet: str
    record_id: str
    claim_id: str
    text: str
    source_id: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float
    start: int  # the matched part of entry.text, for highlighting
    end: int
    exact: bool = False  # the text holds the query's words as typed


def sheet_entries(sheet: Any, name: str) -> list[Entry]:
    """The searchable documents of one open sheet."""
    return record_entries(name, sheet.records("claims"), sheet.records("quotes"))


def record_entries(
    name: str,
    claims: Mapping[str, Mapping[str, Any]],
    quotes: Mapping[str, Mapping[str, Any]],
) -> list[Entry]:
    """The searchable documents of these records of one sheet (a claim gives its text and
    its rationale, a quote its text)."""
    entries = [Entry("claim", name, c["id"], c["id"], c["text"]) for c in claims.values()]
    entries += [
        Entry("rationale", name, c["id"], c["id"], c["rationale"])
        for c in claims.values()
        if c.get("rationale")
    ]
    entries += [
        Entry("quote", name, q["id"], q["claim"], q["text"], q.get("source") or "")
        for q in quotes.values()
    ]
    return entries


def checked_entries(
    name: str,
    claims: Mapping[str, Mapping[str, Any]],
    quotes: Mapping[str, Mapping[str, Any]],
) -> list[Entry] | None:
    """`record_entries` of records read without the sheet's rules: None unless every field
    it uses is text (then the sheet, opened, says what is wrong)."""
    for claim in claims.values():
        rationale = claim.get("rationale")
        if not (_texts(claim, "id", "text") and (not rationale or type(rationale) is str)):
            return None
    for quote in quotes.values():
        if not (_texts(quote, "id", "claim", "text") and type(quote.get("source", "")) is str):
            return None
    return record_entries(name, claims, quotes)


def _texts(record: Mapping[str, Any], *fields: str) -> bool:
    return all(type(record.get(field)) is str for field in fields)
