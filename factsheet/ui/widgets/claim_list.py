"""The claim list: one row per claim with its status, verdict, claimant and quote count.

A sheet may hold tens of thousands of claims, so the list draws only the rows on
screen (Textual's line API, see `keyed_list`) instead of building a widget or a
measured table row per claim: opening and moving stay fast whatever the size of the
sheet.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from textual.binding import Binding
from textual.message import Message

from factsheet.model import UNRATED, Claim, Rating
from factsheet.safe_text import one_line
from factsheet.ui.widgets.keyed_list import KeyedList, Row
from factsheet.ui.widgets.styles import STATUS_LABELS, rating_style

# (title, width) of the fixed columns; the claim text takes the rest of the line. The
# claimant column widens on wide terminals; a sorted column's title is marked ▾.
COLUMNS = ((" Status", 9), ("Verdict", 13), ("Claimant", 15), (" Q", 4))
WIDE = 140  # from this width on, claimants get more room
WIDE_CLAIMANT = 22
SORT_MARK = "▾"
CONFLICT_MARK = "!"  # before the status: two reviewers changed the claim at once
CLAIM_TEXT_LIMIT = 300


def columns(width: int, sorted_by: str | None = None) -> tuple[tuple[str, int], ...]:
    """The fixed columns for a list `width` cells wide, the sorted one's title marked."""
    shown = []
    for title, column_width in COLUMNS:
        if title == "Claimant" and width >= WIDE:
            column_width = WIDE_CLAIMANT
        if sorted_by and title.strip().lower() == sorted_by:
            title += SORT_MARK
        shown.append((title, column_width))
    return tuple(shown)


class ClaimList(KeyedList):
    """Rows are keyed by claim id, so an edit redraws one row instead of the list."""

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="claim-down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="claim-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="claim-page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="claim-page-up"),
        Binding("g,home", "first", "First claim", show=False, id="first-claim"),
        Binding("G,end", "last", "Last claim", show=False, id="last-claim"),
        Binding("enter", "select", "Open", show=False, id="open-claim"),
    ]

    LAST_TITLE = "Claim"

    @dataclass
    class Highlighted(Message):
        """The cursor moved to another claim (None: the list is empty)."""

        claim_id: str | None

    @dataclass
    class Selected(Message):
        """Enter on a claim."""

        claim_id: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ratings: dict[str, Rating] = {}
        self.claims: list[Claim] = []
        self._quote_counts: dict[str, int] = {}
        self.sorted_by: str | None = None  # the column the rows are sorted by
        # Called at once when the cursor moves (instead of posting `Highlighted`), so that
        # the panes that show the claim change in the same frame as the cursor row.
        self.on_highlight: Callable[[str | None], None] | None = None

    def show(
        self,
        claims: Sequence[Claim],
        quote_counts: dict[str, int],
        keep: str | None,
        or_else: str | None = None,
    ) -> None:
        """Replace the rows, keeping the cursor on claim `keep` when it is still listed
        (else on `or_else`, when listed)."""
        self.claims = list(claims)
        self._quote_counts = quote_counts
        self.show_keys([claim.id for claim in self.claims], keep, self.cursor, or_else)

    def add(self, claim: Claim, quote_count: int) -> None:
        """A new claim's row after the others (the list in sheet order)."""
        self.claims.append(claim)
        self._quote_counts[claim.id] = quote_count
        self.add_key(claim.id)

    def update_claim(self, claim: Claim, quote_count: int) -> None:
        index = self._row_of(claim.id)
        if index is not None:
            self.claims[index] = claim
            self._quote_counts[claim.id] = quote_count
            self.redraw_row(index)

    def fixed_columns(self, width: int) -> tuple[tuple[str, int], ...]:
        return columns(width, self.sorted_by)

    def make_row(self, index: int) -> Row:
        claim = self.claims[index]
        quote_count = self._quote_counts.get(claim.id, 0)
        rating = self.ratings.get(claim.rating)
        label = rating.label if rating else ("–" if claim.rating == UNRATED else claim.rating)
        cells = (
            f"{CONFLICT_MARK if claim.conflict else ' '}"
            f"{one_line(STATUS_LABELS.get(claim.status, claim.status), 6)}",
            one_line(label, 12),
            one_line(claim.claimant or "–", WIDE_CLAIMANT - 1),
            f"{quote_count:>2}",
            one_line(claim.text, CLAIM_TEXT_LIMIT),
        )
        return Row(cells, ("", rating_style(rating)))

    def announce(self, key: str | None) -> None:
        if self.on_highlight is not None:
            self.on_highlight(key)
        else:
            self.post_message(self.Highlighted(key))

    def choose(self, key: str) -> None:
        self.post_message(self.Selected(key))
