"""The records a fact-check sheet is made of, as plain dataclasses.

Nothing here touches a file or a terminal: `store` persists these records and
the CLI and UI show them. Every record carries a short random id so that two
reviewers' copies of one sheet can be merged later without renumbering.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import MISSING, asdict, dataclass, field, fields
from datetime import UTC, datetime
from enum import StrEnum
from functools import cache
from typing import Any, Self

SCHEMA_VERSION = 3  # of the sheet file (2: TinyDB's own document ids, stable ids as a field;
# 3: a quote's text is the source's words, what was typed is kept apart)

# Lower case letters and digits without the look-alikes 0/o, 1/l/i.
_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
_ID_LENGTH = 8
# The prefix of each kind of record's id; an id is the prefix, "-" and up to 32 symbols.
ID_PREFIXES = {"sources": "s", "claims": "c", "quotes": "q", "history": "v", "snapshots": "snap"}
_ID_BODY = re.compile(r"[0-9a-z]{1,32}")


def is_id(value: object, prefix: str) -> bool:
    """Whether `value` is an id with that prefix, in full (no trailing newline or space)."""
    if not isinstance(value, str) or not value.startswith(f"{prefix}-"):
        return False
    return _ID_BODY.fullmatch(value, len(prefix) + 1) is not None


def new_id(prefix: str) -> str:
    """A short random id such as ``c-7k2m9pqx``; 8 symbols give ~40 bits (from os.urandom,
    so that ids from two reviewers' copies do not collide by a shared seed)."""
    body = "".join(_ID_ALPHABET[byte % len(_ID_ALPHABET)] for byte in os.urandom(_ID_LENGTH))
    return f"{prefix}-{body}"


def utc_now() -> str:
    """The current time as an ISO 8601 UTC string with second precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


class Stance(StrEnum):
    """How a quote bears on its claim."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    CONTEXT = "context"


class Status(StrEnum):
    """Where a claim is in triage."""

    NEW = "new"
    IN_REVIEW = "in-review"
    DONE = "done"


UNRATED = "unrated"


@dataclass(frozen=True, slots=True)
class Rating:
    """One level of a rating scale; `value` orders the scale (None: off the scale)."""

    key: str
    label: str
    value: int | None = None


DEFAULT_SCALE: tuple[Rating, ...] = (
    Rating("true", "True", 5),
    Rating("mostly-true", "Mostly true", 4),
    Rating("mixed", "Mixed", 3),
    Rating("mostly-false", "Mostly false", 2),
    Rating("false", "False", 1),
    Rating("unproven", "Unproven", None),
)


def rating_key(text: str) -> str:
    """The canonical spelling of a rating typed by a user: 'Mostly True' -> 'mostly-true'."""
    return "-".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


@cache
def field_names(record_type: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(record_type))


@cache
def required_fields(record_type: type) -> frozenset[str]:
    return frozenset(
        f.name for f in fields(record_type) if f.default is MISSING and f.default_factory is MISSING
    )


def parse_scale(levels: str) -> tuple[Rating, ...]:
    """A scale from comma-separated labels, best first: 'Correct,Misleading,Wrong'."""
    labels = [label.strip() for label in levels.split(",") if label.strip()]
    count = len(labels)
    return tuple(Rating(rating_key(label), label, count - n) for n, label in enumerate(labels))


class _Record:
    """Conversion between a dataclass record and the JSON-ready dict that is stored."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = asdict(self)  # type: ignore[call-overload]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Self:
        """Build a record, ignoring unknown keys so that older code reads newer minor fields."""
        names = field_names(cls)  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in names})


@dataclass(slots=True)
class Snapshot(_Record):
    """One capture of a source's content, kept in the sheet's archive folder.

    `original` and `text` are paths relative to that folder: the bytes as they were
    received (a copied file, or a WARC of the fetch) and the readable text that quotes
    are anchored in: the headline and the article ("" when the content has none).
    `visible` is the page's full visible text (captions, sidebars, footers too) where it
    differs from `text`, so that a passage outside the article can be quoted as such.
    Web captures also record the URL
    asked for, the final URL after redirects, the status, and why the body or its
    text is incomplete (`truncated`: the WARC-Truncated reason; `note`: for people).
    """

    id: str
    taken: str
    kind: str
    sha256: str
    original: str
    text: str
    content_type: str = "text/plain"
    size: int = 0
    url: str | None = None
    final_url: str | None = None
    status: int | None = None
    truncated: str | None = None
    note: str = ""
    visible: str = ""


@dataclass(slots=True)
class Source(_Record):
    """A document that claims appear in and quotes are taken from."""

    id: str
    title: str
    location: str
    kind: str = "file"
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None
    added: str = ""
    snapshots: list[dict[str, Any]] = field(default_factory=list)
    attempts: list[dict[str, Any]] = field(default_factory=list)  # failed fetches: at, error

    def latest_snapshot(self) -> Snapshot | None:
        return Snapshot.from_dict(self.snapshots[-1]) if self.snapshots else None


@dataclass(slots=True)
class Claim(_Record):
    """A checkable statement, its triage status and its current verdict."""

    id: str
    text: str
    claimant: str | None = None
    source: str | None = None
    status: str = Status.NEW.value
    rating: str = UNRATED
    rationale: str = ""
    tags: list[str] = field(default_factory=list)
    created: str = ""
    updated: str = ""
    conflict: str = ""  # set when two reviewers changed it at once, until one settles it
    assignee: str | None = None  # the reviewer who is to check it
    crosscheck: dict[str, Any] | None = None  # a second reviewer's check of the verdict

    claimant_kind: str | None = None  # "person" or "organization": the reviewer's choice
    review_url: str | None = None  # where the published fact-check of this claim stands


CLAIMANT_KINDS = ("person", "organization")


class LogEvent(StrEnum):
    """What a corrections-log entry records."""

    VERDICT = "verdict"  # the rating or rationale changed
    ASSIGN = "assign"  # the claim was given to a reviewer (note: to whom)
    CROSSCHECK = "crosscheck"  # a second reviewer agreed with the verdict or disputed it


class Stage(StrEnum):
    """Where a claim is in a newsroom's workflow, derived from what the sheet holds:
    assigned → reported (rated) → cross-checked (by a second reviewer)."""

    OPEN = "open"
    ASSIGNED = "assigned"
    REPORTED = "reported"
    DISPUTED = "disputed"
    CROSSCHECKED = "cross-checked"


def stage(claim: Claim) -> Stage:
    if claim.rating != UNRATED:
        result = (claim.crosscheck or {}).get("result")
        if result == "agreed":
            return Stage.CROSSCHECKED
        return Stage.DISPUTED if result == "disputed" else Stage.REPORTED
    return Stage.ASSIGNED if claim.assignee else Stage.OPEN


@dataclass(slots=True)
class Anchor(_Record):
    """Where a quote sits in its source's text, as W3C TextQuote and TextPosition selectors.

    `exact` is the whole passage from `start` to `end`; an elided quote lists its `parts`
    ([start, end] each, inside it). `within` says which text of the snapshot: "article"
    (the readable text) or "page" (the page's full visible text). See `factsheet.anchor`.
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    status: str
    snapshot: str
    score: float = 100.0
    parts: list[list[int]] | None = None
    within: str = "article"


@dataclass(slots=True)
class Quote(_Record):
    """Evidence: a passage of a source, linked to the claim it bears on.

    `text` is always the source's own words, as its anchor holds them (the parts of an
    elided quote joined by " […] "); `typed` is what the reviewer typed to find them,
    kept only when it differs.
    """

    id: str
    claim: str
    source: str
    text: str
    stance: str = Stance.CONTEXT.value
    note: str = ""
    anchor: dict[str, Any] | None = None
    created: str = ""
    by: str = ""
    typed: str = ""


def upgrade_quote(record: Mapping[str, Any]) -> dict[str, Any]:
    """A quote record from a sheet or export made before a quote's text was its source's
    words (schema 2, exchange version 1): when the text is not the anchor's words, those
    words become the text and what was typed is kept as `typed`."""
    from factsheet.anchor import anchor_problem, anchor_words

    quote = dict(record)
    anchor = quote.get("anchor")
    try:
        if not isinstance(anchor, dict) or not _anchor_shaped(anchor) or anchor_problem(anchor):
            return quote
        words = anchor_words(anchor)
    except (TypeError, ValueError, KeyError):  # a damaged anchor: the checks will say so
        return quote
    if quote.get("text") != words:
        quote["typed"] = quote.get("typed") or quote.get("text", "")
        quote["text"] = words
    return quote


def _anchor_shaped(anchor: Mapping[str, Any]) -> bool:
    return (
        isinstance(anchor.get("exact"), str)
        and type(anchor.get("start")) is int
        and type(anchor.get("end")) is int
        and (anchor.get("parts") is None or isinstance(anchor.get("parts"), list))
    )


@dataclass(slots=True)
class VerdictChange(_Record):
    """One entry of the corrections log: who did what to a claim, and when. Most entries
    are verdict changes (`event` "verdict"); assignments and cross-checks are logged too,
    with the verdict as it stood and a `note`."""

    id: str
    claim: str
    at: str
    by: str
    rating_from: str
    rating_to: str
    rationale_from: str
    rationale_to: str
    event: str = "verdict"
    note: str = ""


@dataclass(slots=True)
class SheetMeta(_Record):
    """What a sheet says about itself."""

    title: str
    description: str = ""
    scale: list[dict[str, Any]] = field(
        default_factory=lambda: [asdict(rating) for rating in DEFAULT_SCALE]
    )
    created: str = ""
    updated: str = ""
    schema: int = SCHEMA_VERSION
    publisher: str = ""  # the organisation that publishes the fact-checks (ClaimReview author)
    publisher_url: str = ""

    def ratings(self) -> list[Rating]:
        return [Rating(**level) for level in self.scale]
