"""How ratings and statuses look: colour follows a level's place on the sheet's scale."""

from __future__ import annotations

from factsheet.model import UNRATED, Rating
from factsheet.triage import STATUS_LABELS

__all__ = ["STATUS_LABELS", "rating_style"]


def rating_style(rating: Rating | None) -> str:
    """Green for the top of the scale through red for the bottom; magenta off the scale."""
    if rating is None or rating.key == UNRATED:
        return "dim"
    if rating.value is None:
        return "magenta"
    if rating.value >= 4:
        return "green"
    if rating.value == 3:
        return "yellow"
    return "red"
