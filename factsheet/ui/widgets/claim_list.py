"""The claim list: one row per claim with its status, verdict, claimant and quote count."""

from __future__ import annotations

from collections.abc import Sequence

from textual.binding import Binding

from factsheet.model import UNRATED, Claim, Rating
from factsheet.ui.safe import cell
from factsheet.ui.widgets.styles import STATUS_LABELS, rating_style
from factsheet.ui.widgets.table import RecordTable

CLAIM_TEXT_LIMIT = 160


class ClaimList(RecordTable):
    """Rows are keyed by claim id, so edits update one row instead of rebuilding the list."""

    BINDINGS = [
        Binding("g", "scroll_top", "First claim", show=False),
        Binding("G", "scroll_bottom", "Last claim", show=False),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ratings: dict[str, Rating] = {}

    def on_mount(self) -> None:
        self.add_column(" Status", key="status", width=8)
        self.add_column("Verdict", key="verdict", width=13)
        self.add_column("Claimant", key="claimant", width=15)
        self.add_column(" Q", key="quotes", width=4)
        self.add_column("Claim", key="text")

    def show(self, claims: Sequence[Claim], quote_counts: dict[str, int], keep: str | None) -> None:
        """Replace the rows, keeping the cursor on claim `keep` when it is still listed."""
        self.clear()
        for claim in claims:
            self.add_row(*self._cells(claim, quote_counts.get(claim.id, 0)), key=claim.id)
        self.select(keep)

    def update_claim(self, claim: Claim, quote_count: int) -> None:
        if claim.id not in self.rows:
            return
        for column, value in zip(
            ("status", "verdict", "claimant", "quotes", "text"),
            self._cells(claim, quote_count),
            strict=True,
        ):
            self.update_cell(claim.id, column, value)

    def select(self, claim_id: str | None) -> None:
        if claim_id is not None and claim_id in self.rows:
            self.move_cursor(row=self.get_row_index(claim_id))

    def _cells(self, claim: Claim, quote_count: int) -> tuple[object, ...]:
        rating = self.ratings.get(claim.rating)
        label = rating.label if rating else ("–" if claim.rating == UNRATED else claim.rating)
        return (
            cell(f" {STATUS_LABELS.get(claim.status, claim.status)}", 7),
            cell(label, 12, style=rating_style(rating)),
            cell(claim.claimant or "–", 14),
            cell(f"{quote_count:>2}", 3),
            cell(claim.text, CLAIM_TEXT_LIMIT),
        )
