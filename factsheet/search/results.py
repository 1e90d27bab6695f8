"""Search results as a list shows them: one row per distinct quote, and for rows with the
same words, what tells them apart.

A sheet can hold the same words more than once. Two quote records with the same words
from the same source for the same claim are one piece of evidence (recorded twice): they
are one row, which counts its copies. The same words cited for another claim, or found
in another source, are a different quote: each keeps its row, and the row says which
claim or which source it is, so that two rows never look the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from factsheet.search.entries import Entry, Hit


@dataclass(frozen=True, slots=True)
class Row:
    hit: Hit  # the best-ranked record of the row (the one a jump goes to)
    copies: int = 1  # records with these words for the same claim from the same source
    differs: tuple[str, ...] = ()  # "claim", "source", "sheet": what sets it apart from
    # the other rows with the same words (empty: no other row has them)


def _same_quote(entry: Entry) -> tuple[str, ...]:
    """Records with equal keys are one row: a quote's words for one claim from one source;
    a claim or rationale is always its own."""
    if entry.kind == "quote":
        return (entry.kind, entry.sheet, entry.claim_id, entry.source_id, entry.text)
    return (entry.kind, entry.sheet, entry.record_id)


def rows(hits: Iterable[Hit], limit: int) -> list[Row]:
    """The first `limit` distinct results of `hits` (best first), as rows."""
    first: dict[tuple[str, ...], Hit] = {}
    copies: dict[tuple[str, ...], int] = {}
    for hit in hits:
        key = _same_quote(hit.entry)
        if key not in first:
            if len(first) == limit:
                continue  # only copies of rows already shown are still counted
            first[key] = hit
        copies[key] = copies.get(key, 0) + 1
    found = [Row(hit, copies[key]) for key, hit in first.items()]
    by_words: dict[tuple[str, str], list[Row]] = {}
    for row in found:
        by_words.setdefault((row.hit.entry.kind, row.hit.entry.text), []).append(row)
    told = {}
    for same in by_words.values():
        for row in same if len(same) > 1 else []:
            others = [other.hit.entry for other in same if other is not row]
            told[id(row)] = replace(row, differs=_told_apart(row.hit.entry, others))
    return [told.get(id(row), row) for row in found]


def _told_apart(entry: Entry, others: list[Entry]) -> tuple[str, ...]:
    """What sets `entry` apart from `others` with the same words: its sheet, its claim (a
    claim or rationale is its own claim), its source."""
    fields = (("sheet", "sheet"), ("claim", "claim_id"), ("source", "source_id"))
    return tuple(
        what
        for what, field in fields
        if any(getattr(other, field) != getattr(entry, field) for other in others)
    )
