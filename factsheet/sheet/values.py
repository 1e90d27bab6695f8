"""Small rules for values a user types: required text, tags, choices, short labels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from factsheet.errors import InvalidInputError
from factsheet.model import Claim, Quote, Source, Stance, Status, VerdictChange
from factsheet.safe_text import one_line

SOURCES = "sources"
CLAIMS = "claims"
QUOTES = "quotes"
HISTORY = "history"
KINDS = (SOURCES, CLAIMS, QUOTES, HISTORY)
LABEL_TEXT = 40  # characters of a record's text in an undo label

RECORD_TYPES: dict[str, Any] = {
    SOURCES: Source,
    CLAIMS: Claim,
    QUOTES: Quote,
    HISTORY: VerdictChange,
}


def required(text: str | None, what: str) -> str:
    cleaned = (text or "").strip()
    if not cleaned:
        raise InvalidInputError(f"the {what} must not be empty")
    return cleaned


def tags_of(tags: Iterable[str]) -> list[str]:
    return sorted({tag.strip() for tag in tags if tag.strip()})


def choice(value: str, kind: type[Status] | type[Stance], what: str) -> str:
    cleaned = value.strip().lower().replace(" ", "-")
    allowed = [member.value for member in kind]
    if cleaned not in allowed:
        raise InvalidInputError(
            f"unknown {what} '{one_line(value, 40)}'; choose one of: {', '.join(allowed)}"
        )
    return cleaned


def web_address(text: str, what: str) -> str | None:
    """A web address the sheet publishes (None for ''): http or https, with a host."""
    from urllib.parse import urlsplit

    cleaned = text.strip()
    if not cleaned:
        return None
    parts = urlsplit(cleaned)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or any(char.isspace() or ord(char) < 0x20 for char in cleaned)
    ):
        raise InvalidInputError(
            f"the {what} must be an http(s) address, not {one_line(cleaned, 60)!r}"
        )
    return cleaned


def short(text: str) -> str:
    return one_line(text, LABEL_TEXT)
