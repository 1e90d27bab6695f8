"""Triage: filter, sort and step through claims, as the worksheet's list does.

A filter is typed as words and `field:value` terms, e.g.
``status:new verdict:unrated claimant:barra tag:numbers smartphones``:
every term must match (case-insensitive; claimant and words match substrings).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from factsheet.model import UNRATED, Claim, Rating, Status, rating_key

FIELDS = ("status", "verdict", "claimant", "tag")
_ALIASES = {"rating": "verdict", "by": "claimant", "tags": "tag", "st": "status", "v": "verdict"}


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """The terms of a filter; an empty filter matches every claim."""

    words: tuple[str, ...] = ()
    terms: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @classmethod
    def parse(cls, text: str) -> ClaimFilter:
        words: list[str] = []
        terms: list[tuple[str, str]] = []
        for token in text.split():
            name, colon, value = token.partition(":")
            name = _ALIASES.get(name.lower(), name.lower())
            if colon and name in FIELDS and value:
                terms.append((name, value.lower()))
            else:
                words.append(token.lower())
        return cls(tuple(words), tuple(terms))

    def __bool__(self) -> bool:
        return bool(self.words or self.terms)

    def matches(self, claim: Claim) -> bool:
        for name, value in self.terms:
            if name == "status" and claim.status != rating_key(value):
                return False
            if name == "verdict" and claim.rating != rating_key(value):
                return False
            if name == "claimant" and value not in (claim.claimant or "").lower():
                return False
            if name == "tag" and value not in (tag.lower() for tag in claim.tags):
                return False
        haystack = f"{claim.text} {claim.claimant or ''} {' '.join(claim.tags)}".lower()
        return all(word in haystack for word in self.words)


_STATUS_ORDER = [status.value for status in Status]


def _status_rank(claim: Claim) -> tuple[object, ...]:
    rank = _STATUS_ORDER.index(claim.status) if claim.status in _STATUS_ORDER else 99
    return (rank,)


SORTS: dict[str, Callable[[Claim], tuple[object, ...]]] = {
    "sheet order": lambda claim: (),
    "verdict": lambda claim: (claim.rating == UNRATED, claim.rating),
    "status": _status_rank,
    "claimant": lambda claim: (claim.claimant is None, (claim.claimant or "").lower()),
}


def sort_claims(claims: Sequence[Claim], order: str) -> list[Claim]:
    """Claims in `order` (one of SORTS); ties keep sheet order."""
    if order == "sheet order":
        return list(claims)
    return sorted(claims, key=SORTS[order])


def next_unrated(claims: Sequence[Claim], after: str | None) -> Claim | None:
    """The first unrated claim after the one with id `after`, wrapping around."""
    start = next((n + 1 for n, claim in enumerate(claims) if claim.id == after), 0)
    ordered = [*claims[start:], *claims[:start]]
    return next((claim for claim in ordered if claim.rating == UNRATED), None)


def rating_choices(ratings: Sequence[Rating]) -> list[tuple[str, str, str]]:
    """(digit key, rating key, label): 1… for the scale's levels, 0 for unrated."""
    choices = [(str(n), r.key, r.label) for n, r in enumerate(ratings[:9], start=1)]
    return [*choices, ("0", UNRATED, "Unrated")]
