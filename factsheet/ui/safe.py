"""Untrusted text as Textual content: sanitised by `factsheet.safe_text`, never parsed as markup."""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text
from textual.content import Content
from textual.markup import escape

from factsheet.safe_text import one_line, visible


def content(text: str, style: str = "") -> Content:
    """Multi-line untrusted text for a Static or Label."""
    return Content.styled(visible(text), style) if style else Content(visible(text))


def cell(text: str, limit: int | None = None, style: str = "") -> Text:
    """One line of untrusted text for a DataTable cell (a str cell would be parsed as markup)."""
    return Text(_line(text, limit), style=style, no_wrap=True, overflow="ellipsis")


@lru_cache(maxsize=4096)
def _line(text: str, limit: int | None) -> str:
    """`one_line`, kept for texts shown again and again (a form's 1,000 source titles)."""
    return one_line(text, limit)


def markup_line(text: str, limit: int | None = None) -> str:
    """One line of untrusted text where Textual takes a str as markup (a command palette
    title): sanitised, and its square brackets escaped."""
    return escape(one_line(text, limit))


def highlighted(text: str, start: int, end: int, style: str = "reverse") -> Content:
    """Untrusted text with [start, end) highlighted; each piece is sanitised on its own."""
    return Content.assemble(
        visible(text[:start]), (visible(text[start:end]), style), visible(text[end:])
    )
