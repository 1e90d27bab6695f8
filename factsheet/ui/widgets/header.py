"""The worksheet's header: the sheet's title and counts, laid out to fit the terminal.

The items are placed one after another and wrap onto a second line rather than being
cut off at 80 columns; the title gives way first. A read-only sheet is marked first,
so that the mark is seen at any width.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from rich.cells import cell_len
from textual.content import Content
from textual.events import Resize
from textual.widgets import Static

from factsheet.model import UNRATED, Claim
from factsheet.safe_text import fit, one_line, plural
from factsheet.sheet import Sheet
from factsheet.ui import repaint
from factsheet.ui.plain import PlainLines
from factsheet.ui.widgets.styles import rating_style

Item = tuple[str, str]  # (text, style)
SEPARATOR = " · "
MAX_LINES = 2


def lay_out(items: Sequence[Item], width: int, lines: int = MAX_LINES) -> list[list[Item]]:
    """The items in lines of at most `width` cells, in order; an item that no longer
    fits is left out and the last line ends with "…"."""
    rows: list[list[Item]] = [[]]
    used = 0
    for text, style in items:
        needed = cell_len(text) + (cell_len(SEPARATOR) if rows[-1] else 0)
        if used + needed > width and rows[-1]:
            if len(rows) == lines:
                rows[-1].append(("…", "dim"))
                break
            rows.append([])
            used, needed = 0, cell_len(text)
        if needed > width:  # one item wider than a line (a long title): cut it
            text = fit(text, max(width - (needed - cell_len(text)), 1)).rstrip()
            needed = width
        rows[-1].append((text, style))
        used += needed
    return rows


class SheetHeader(PlainLines, Static):
    """Shows `items`; the first (the title) is cut to leave room for the others."""

    DEFAULT_CSS = """
    SheetHeader {
        height: auto;
        max-height: 2;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.items: list[Item] = []
        self.title_item = 0
        self._lines = 0  # lines drawn: the header's height, which only a layout changes

    def show(self, items: Sequence[Item], title_index: int = 0) -> None:
        self.items = list(items)
        self.title_item = title_index
        self._draw(self.content_size.width or self.app.size.width - 2)

    def on_resize(self, event: Resize) -> None:
        self._draw(event.size.width - self.styles.gutter.width)  # the width inside the padding

    def _draw(self, width: int) -> None:
        items = list(self.items)
        if items and width > 0:
            text, style = items[self.title_item]
            items[self.title_item] = (fit(text, max(width // 2, 20)).rstrip(), style)
        rows = lay_out(items, max(width, 1))
        parts: list[Content] = []
        for n, row in enumerate(rows):
            if n:
                parts.append(Content("\n"))
            for m, (text, style) in enumerate(row):
                if m:
                    parts.append(Content.styled(SEPARATOR, "dim"))
                parts.append(Content.styled(one_line(text), style))
        # New counts on as many lines keep the header's height: no layout of the screen
        # (which would draw every pane again) for a verdict or a status.
        layout = len(rows) != self._lines
        self._lines = len(rows)
        repaint.show(self, Content.assemble(*parts), key=(rows, width), layout=layout)


def sheet_items(
    sheet: Sheet,
    shown: int,
    order: str,
    claims: Sequence[Claim] | None = None,
    counts: tuple[Mapping[str, int], int] | None = None,
) -> tuple[list[Item], int]:
    """The worksheet's header: a read-only mark, the title, how many claims (and how
    many the list shows), unrated, conflicts, each verdict's count, the order; and
    which item is the title. `claims`: all the sheet's claims, if they are at hand (the
    list keeps them: counting them is cheaper than reading them again); `counts`: how
    many of them have each verdict and how many a conflict, if they are kept counted."""
    claims = sheet.claims() if claims is None else claims
    verdicts = dict.fromkeys([rating.key for rating in sheet.ratings()] + [UNRATED], 0)
    if counts is not None and all(key in verdicts for key, n in counts[0].items() if n):
        verdicts.update((key, n) for key, n in counts[0].items() if n)
        conflicts = counts[1]
    else:  # verdicts off the scale are listed in the order the claims first have them
        verdicts.update(Counter(claim.rating for claim in claims))
        conflicts = sum(1 for claim in claims if claim.conflict)
    ratings = {rating.key: rating for rating in sheet.ratings()}
    items: list[Item] = []
    if not sheet.writable:
        items.append(("READ-ONLY", "bold reverse yellow"))
    title_index = len(items)
    items.append((sheet.meta.title or sheet.path.name, "bold"))
    total = len(claims)
    items.append(
        (plural(total, "claim") if shown == total else f"{shown:,} of {total:,} shown", "")
    )
    items.append((f"{verdicts.get(UNRATED, 0):,} unrated", ""))
    if conflicts:
        items.append((f"{plural(conflicts, 'conflict')} (!)", "bold red"))
    for key, count in verdicts.items():
        if count and key != UNRATED:
            rating = ratings.get(key)
            label = rating.label if rating else key
            items.append((f"{one_line(label, 20)} {count:,}", rating_style(rating)))
    if order != "sheet order":
        items.append((f"sorted by {order}", "italic"))
    return items, title_index
