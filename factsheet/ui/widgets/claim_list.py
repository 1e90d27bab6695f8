"""The claim list: one row per claim with its status, verdict, claimant and quote count.

A sheet may hold tens of thousands of claims, so the list draws only the rows on
screen (Textual's line API) instead of building a widget or a measured table row
per claim: opening and moving stay fast whatever the size of the sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from factsheet.model import UNRATED, Claim, Rating
from factsheet.safe_text import one_line, visible
from factsheet.ui.repaint import StillScrollbars
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


@dataclass(frozen=True, slots=True)
class Row:
    """A claim as the list shows it: sanitised cell texts and the verdict's colour."""

    cells: tuple[str, ...]
    verdict_style: str


class ClaimList(StillScrollbars, ScrollView, can_focus=True):
    """Rows are keyed by claim id, so an edit redraws one row instead of the list."""

    COMPONENT_CLASSES = {"claim-list--header", "claim-list--cursor", "claim-list--stripe"}

    DEFAULT_CSS = """
    ClaimList {
        overflow-x: hidden;
    }
    ClaimList > .claim-list--header {
        text-style: bold;
        background: $panel;
    }
    ClaimList > .claim-list--stripe {
        background: $surface-lighten-1;
    }
    ClaimList > .claim-list--cursor {
        background: $block-cursor-blurred-background;
    }
    ClaimList:focus > .claim-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    BINDINGS = [
        Binding("j,down", "cursor_down", "Down", show=False, id="claim-down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="claim-up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="claim-page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="claim-page-up"),
        Binding("g,home", "first", "First claim", show=False, id="first-claim"),
        Binding("G,end", "last", "Last claim", show=False, id="last-claim"),
        Binding("enter", "select", "Open", show=False, id="open-claim"),
    ]

    cursor = reactive(0, always_update=True, init=False, repaint=False)

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
        self._rows: dict[int, Row] = {}  # drawn rows, made when first drawn
        self._index: dict[str, int] = {}
        self._drawn_width = -1
        self.sorted_by: str | None = None  # the column the rows are sorted by
        self.empty_message = ""  # shown in place of rows when there are none

    # Content

    @property
    def row_count(self) -> int:
        return len(self.claims)

    @property
    def current_id(self) -> str | None:
        return self.claims[self.cursor].id if self.claims else None

    def show(self, claims: Sequence[Claim], quote_counts: dict[str, int], keep: str | None) -> None:
        """Replace the rows, keeping the cursor on claim `keep` when it is still listed."""
        self.claims = list(claims)
        self._quote_counts = quote_counts
        self._rows.clear()
        self._index = {claim.id: n for n, claim in enumerate(self.claims)}
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.claims) + 1)
        self.cursor = self._index.get(keep or "", min(self.cursor, max(len(self.claims) - 1, 0)))
        self.refresh()

    def update_claim(self, claim: Claim, quote_count: int) -> None:
        index = self._index.get(claim.id)
        if index is not None:
            self.claims[index] = claim
            self._quote_counts[claim.id] = quote_count
            self._rows.pop(index, None)
            self.refresh_line(index + 1)

    def select(self, claim_id: str | None) -> None:
        if claim_id is not None and claim_id in self._index:
            self.cursor = self._index[claim_id]

    def row_cells(self, index: int) -> tuple[str, ...]:
        return self._row(index).cells

    def _row(self, index: int) -> Row:
        row = self._rows.get(index)
        if row is None:
            row = self._rows[index] = self._make_row(self.claims[index])
        return row

    def _make_row(self, claim: Claim) -> Row:
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
        return Row(cells, rating_style(rating))

    # Cursor

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.claims) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        """Redraw only the rows whose highlight changed (all, when the list scrolls): over
        SSH every repainted row is bytes on the wire."""
        top = self.scroll_offset.y
        self._scroll_to_cursor()
        if self.scroll_offset.y != top or self._drawn_width != self.size.width:
            self.refresh()
        else:
            self.refresh_line(old + 1)
            self.refresh_line(new + 1)
        self.post_message(self.Highlighted(self.current_id))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def action_cursor_down(self) -> None:
        if self.cursor < len(self.claims) - 1:
            self.cursor += 1

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor = min(self.cursor + max(self.size.height - 2, 1), max(len(self.claims) - 1, 0))

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - max(self.size.height - 2, 1), 0)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(len(self.claims) - 1, 0)

    def action_select(self) -> None:
        if self.claims:
            self.post_message(self.Selected(self.claims[self.cursor].id))

    def on_click(self, event: events.Click) -> None:
        index = event.y - 1 + self.scroll_offset.y
        if 0 <= index < len(self.claims):
            self.cursor = index

    def _on_focus(self, event: events.Focus) -> None:
        """Focus changes only the cursor row's colours: redraw that row, not the list."""
        event.prevent_default()
        self.has_focus = True
        self.refresh_line(self.cursor + 1)
        if self.parent is not None:
            self.parent.post_message(events.DescendantFocus(self))

    def _on_blur(self, event: events.Blur) -> None:
        event.prevent_default()
        self.has_focus = False
        self.refresh_line(self.cursor + 1)
        if self.parent is not None:
            self.parent.post_message(events.DescendantBlur(self))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.claims) + 1)
        self._scroll_to_cursor()

    # Drawing

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._drawn_width = self.size.width
        fixed = columns(width, self.sorted_by)
        if y == 0:
            titles = (*(title for title, _ in fixed), "Claim")
            style = self.get_component_rich_style("claim-list--header")
            return self._strip(fixed, titles, width, style, style)
        index = y - 1 + self.scroll_offset.y
        base = self.rich_style
        if not self.claims:
            return self._empty_line(y - 1, width, base)
        if index >= len(self.claims):
            return Strip.blank(width, base)
        row = self._row(index)
        if index == self.cursor:
            style = base + self.get_component_rich_style("claim-list--cursor")
            return self._strip(fixed, row.cells, width, style, style)
        if index % 2:
            base = base + self.get_component_rich_style("claim-list--stripe")
        return self._strip(fixed, row.cells, width, base, base + Style.parse(row.verdict_style))

    def _empty_line(self, line: int, width: int, style: Style) -> Strip:
        """A line of `empty_message`, wrapped to the width, in place of the rows."""
        lines = Text(visible(self.empty_message)).wrap(self.app.console, max(width - 2, 10))
        if line >= len(lines):
            return Strip.blank(width, style)
        text = set_cell_size(f" {lines[line].plain}", width)
        return Strip([Segment(text, style + Style(dim=True))], width)

    def _strip(
        self,
        fixed: Sequence[tuple[str, int]],
        cells: Sequence[str],
        width: int,
        style: Style,
        verdict: Style,
    ) -> Strip:
        segments = []
        used = 0
        for n, ((_, column_width), text) in enumerate(zip(fixed, cells, strict=False)):
            if cell_len(text) >= column_width:  # cut, with a mark that it was
                text = set_cell_size(text, column_width - 2) + "…"
            segments.append(
                Segment(set_cell_size(text, column_width), verdict if n == 1 else style)
            )
            used += column_width
        last = max(width - used, 0)
        text = cells[-1]
        if cell_len(text) > last and last > 1:
            text = set_cell_size(text, last - 1) + "…"
        segments.append(Segment(set_cell_size(text, last), style))
        return Strip(segments, width)
