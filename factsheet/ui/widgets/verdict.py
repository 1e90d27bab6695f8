"""The verdict pane: the selected claim's rating, rationale and corrections log in brief.

The pane keeps its size whatever it shows (what does not fit is cut; `v` opens it all
in the verdict editor): a cursor move then repaints its words without laying the
screen out again."""

from __future__ import annotations

from collections.abc import Sequence

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from factsheet.model import UNRATED, Claim, Rating, VerdictChange
from factsheet.safe_text import one_line, plural, visible
from factsheet.ui.plain import PlainStatic
from factsheet.ui.widgets.styles import STATUS_LABELS, rating_style


class VerdictPane(Vertical):
    """Read-only summary; `v` opens the verdict editor."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] | None = None

    def compose(self):  # type: ignore[no-untyped-def]
        yield PlainStatic(id="verdict-summary")

    def show(
        self, claim: Claim | None, ratings: dict[str, Rating], log: Sequence[VerdictChange]
    ) -> None:
        summary = self.query_one("#verdict-summary", Static)
        shown = (claim, dict(ratings), list(log))
        if shown == self._shown:
            return  # unchanged: no repaint (bytes over SSH)
        self._shown = shown
        if claim is None:
            summary.update("No claim selected.", layout=False)
            return
        rating = ratings.get(claim.rating)
        label = rating.label if rating else ("Unrated" if claim.rating == UNRATED else claim.rating)
        parts = []
        if claim.conflict:
            parts.append(
                Content.styled(
                    f"! Conflict: {one_line(claim.conflict, 200)}. Both versions are in the "
                    "log (v); setting the verdict settles it.\n",
                    "bold red",
                )
            )
        parts += [
            Content.styled(visible(claim.text), "bold"),
            Content("\n"),
            Content.styled(f" {visible(label)} ", f"bold reverse {rating_style(rating)}"),
            Content(f"  {STATUS_LABELS.get(claim.status, one_line(claim.status))}"),
        ]
        if claim.claimant:
            parts.append(Content(f" · claimed by {one_line(claim.claimant, 40)}"))
        if claim.assignee:
            parts.append(Content(f" · assigned to {one_line(claim.assignee, 24)}"))
        check = claim.crosscheck or {}
        if check.get("result") in ("agreed", "disputed"):
            checker = one_line(str(check.get("by", "")), 24)
            parts.append(
                Content.styled(
                    f" · cross-check: {check['result']} by {checker}",
                    "bold red" if check["result"] == "disputed" else "green",
                )
            )
        parts.append(Content("\n"))
        parts.append(Content(visible(claim.rationale) if claim.rationale else "No rationale yet."))
        if log:
            last = log[-1]
            parts.append(
                Content.styled(
                    f"\n{plural(len(log), 'change')} in the log; last {one_line(last.at, 40)} by "
                    f"{one_line(last.by, 24)}",
                    "dim",
                )
            )
        summary.update(Content.assemble(*parts), layout=False)
