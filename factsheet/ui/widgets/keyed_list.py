"""A list of records keyed by id, drawn a line at a time, with a row cursor.

The claim list and the quote list are both this: a header row, fixed-width columns
and a last column that fills the line (cut with … when it does not fit), zebra
stripes, a cursor row that keeps its colour whether or not the list has focus, and
vi keys. Only the rows on screen are drawn (Textual's line API), each made once
from its record and kept until the rows change; a cursor move redraws the two rows
whose highlight changed, never the list, and never lays the screen out.

Subclasses say which columns there are (`fixed_columns`, `LAST_TITLE`), how a
record becomes a row (`make_row`, sanitised text only) and which messages the
cursor and enter post (`announce`, `choose`); they declare their own key bindings,
each with its own keymap id.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

from factsheet.safe_text import visible
from factsheet.ui.plain import PlainLines, PlainScrollbars
from factsheet.ui.repaint import StillScrollbars

LINES_KEPT = 400  # drawn lines kept for drawing again (a few screens of a long list)


@dataclass(frozen=True, slots=True)
class Row:
    """A record as the list shows it: sanitised cell texts (one per column, the last one
    filling the line) and each cell's colour ("" for none; not used on the cursor row)."""

    cells: tuple[str, ...]
    styles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Styles:
    base: Style
    header: Style
    cursor: Style
    stripe: Style


class KeyedList(PlainLines, PlainScrollbars, StillScrollbars, ScrollView, can_focus=True):
    """Rows keyed by record id: an edit redraws one row, a cursor move two."""

    COMPONENT_CLASSES = {"keyed-list--header", "keyed-list--cursor", "keyed-list--stripe"}

    DEFAULT_CSS = """
    KeyedList {
        overflow-x: hidden;
    }
    KeyedList > .keyed-list--header {
        text-style: bold;
        background: $panel;
    }
    KeyedList > .keyed-list--stripe {
        background: $surface-lighten-1;
    }
    KeyedList > .keyed-list--cursor {
        background: $block-cursor-blurred-background;
    }
    KeyedList:focus > .keyed-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    """

    LAST_TITLE: ClassVar[str] = ""  # the title of the column that fills the line

    cursor = reactive(0, always_update=True, init=False, repaint=False)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._keys: list[str] = []
        self._index: dict[str, int] | None = {}  # row by key, made when first asked (`_row_of`)
        self._rows: dict[int, Row] = {}  # drawn rows, made when first drawn
        # Their lines as drawn (the cursor's excepted), for the columns and styles in
        # `_lines_for`: a list scrolled by a row draws one new line, not every line again.
        self._lines: dict[int, Strip] = {}
        self._lines_for: tuple[object, ...] = ()
        self._drawn_width = -1
        self._empty_message = ""
        self._wrapped_for: tuple[str, int] | None = None  # `_empty_lines`: made for
        self._wrapped: list[Text] = []
        self._styles: _Styles | None = None  # the list's styles, for one drawing pass

    # What subclasses say

    def fixed_columns(self, width: int) -> Sequence[tuple[str, int]]:
        """(title, width) of the columns before the last, for a list `width` cells wide."""
        raise NotImplementedError

    def make_row(self, index: int) -> Row:
        """Row `index` as shown: every text in it sanitised (`factsheet.safe_text`)."""
        raise NotImplementedError

    def announce(self, key: str | None) -> None:
        """The cursor is on record `key` (None: the list is empty)."""
        raise NotImplementedError

    def choose(self, key: str) -> None:
        """Enter on record `key`."""
        raise NotImplementedError

    # Content

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def current_id(self) -> str | None:
        """The id of the record under the cursor, or None when the list is empty."""
        return self._keys[self.cursor] if self._keys else None

    @property
    def cursor_row(self) -> int:
        return self.cursor

    @property
    def empty_message(self) -> str:
        """Shown, wrapped and dimmed, in place of rows when there are none."""
        return self._empty_message

    @empty_message.setter
    def empty_message(self, message: str) -> None:
        if message != self._empty_message:
            self._empty_message = message
            if not self._keys:
                self.refresh()

    def _row_of(self, key: str) -> int | None:
        """The row of record `key`, or None. The rows by key are made on the first lookup
        after the rows change, not with them: a filter typed letter by letter lists up to
        10,000 rows a key and seldom looks one up."""
        if self._index is None:
            self._index = dict(zip(self._keys, range(len(self._keys)), strict=True))
        return self._index.get(key)

    def listed(self, key: str) -> bool:
        """Whether record `key` has a row."""
        return self._row_of(key) is not None

    def get_row_index(self, key: str) -> int:
        """The row of record `key` (KeyError when it is not listed)."""
        row = self._row_of(key)
        if row is None:
            raise KeyError(key)
        return row

    def move_cursor(self, *, row: int) -> None:
        self.cursor = row

    def select(self, key: str | None) -> None:
        """Move the cursor to record `key`, when it is listed."""
        row = None if key is None else self._row_of(key)
        if row is not None:
            self.cursor = row

    def row_cells(self, index: int) -> tuple[str, ...]:
        """The texts of row `index` as shown (before they are cut to their columns)."""
        return self._row(index).cells

    def show_keys(
        self, keys: Sequence[str], keep: str | None, fallback: int, or_else: str | None = None
    ) -> None:
        """Replace the rows (their records are the subclass's), the cursor on record `keep`
        when it is listed, else on record `or_else`, else on row `fallback` (or the last
        row): the cursor is set once, so the panes that follow it are shown once."""
        self._keys = list(keys)
        self._rows.clear()
        self._lines.clear()
        self._index = None
        self._set_lines(len(self._keys) + 1)
        row = min(fallback, max(len(self._keys) - 1, 0))
        for key in (keep, or_else):
            if key:
                try:  # a scan in C, where making the rows by key costs 1-2 ms at 10,000
                    row = self._keys.index(key)
                    break
                except ValueError:
                    continue
        self.cursor = row
        self.refresh()

    def add_key(self, key: str) -> None:
        """Add a row for record `key` (the subclass has its record) after the others, which
        are neither listed nor drawn again: at 10,000 rows that spares rebuilding them."""
        if self._index is not None:
            self._index[key] = len(self._keys)
        self._keys.append(key)
        self._set_lines(len(self._keys) + 1)
        if len(self._keys) == 1:
            self.refresh()  # the first row takes the place of the empty list's words
        else:
            self.refresh_line(len(self._keys))

    def redraw_row(self, index: int) -> None:
        """Row `index`'s record changed: make and draw that row again."""
        self._rows.pop(index, None)
        self._lines.pop(index, None)
        self.refresh_line(index + 1)

    def _row(self, index: int) -> Row:
        row = self._rows.get(index)
        if row is None:
            row = self._rows[index] = self.make_row(index)
        return row

    def _set_lines(self, lines: int) -> None:
        """The list's height in lines, for scrolling. A list whose vertical scrollbar is
        always shown (`overflow-y: scroll`) takes a new height without a layout of the
        screen: only the scrollbar's thumb changes, not where anything is."""
        size = Size(self.scrollable_content_region.width, lines)
        if size == self.virtual_size:
            return
        if self.styles.overflow_y == "scroll":
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)  # what a layout would do for a scrolling widget
        else:
            self.virtual_size = size

    # Cursor

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._keys) - 1))

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
        self.announce(self.current_id)

    def _scroll_to_cursor(self) -> None:
        shown = max(self.scrollable_content_region.height - 1, 1)
        top = self.scroll_offset.y
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + shown:
            self.scroll_to(y=self.cursor - shown + 1, animate=False)

    def _page(self) -> int:
        return max(self.scrollable_content_region.height - 2, 1)

    def action_cursor_down(self) -> None:
        if self.cursor < len(self._keys) - 1:
            self.cursor += 1

    def action_cursor_up(self) -> None:
        if self.cursor > 0:
            self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor = min(self.cursor + self._page(), max(len(self._keys) - 1, 0))

    def action_page_up(self) -> None:
        self.cursor = max(self.cursor - self._page(), 0)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = max(len(self._keys) - 1, 0)

    def action_select(self) -> None:
        if self._keys:
            self.choose(self._keys[self.cursor])

    def on_click(self, event: events.Click) -> None:
        index = event.y - 1 + self.scroll_offset.y
        if 0 <= index < len(self._keys):
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
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._keys) + 1)
        self._scroll_to_cursor()

    # Drawing

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in `crop`; the list's styles (found by walking up the DOM) are worked
        out once for them all instead of once a line."""
        self._styles = self._line_styles()
        try:
            return super().render_lines(crop)
        finally:
            self._styles = None

    def _line_styles(self) -> _Styles:
        if self._styles is not None:
            return self._styles
        base = self.rich_style
        return _Styles(
            base,
            self.get_component_rich_style("keyed-list--header"),
            base + self.get_component_rich_style("keyed-list--cursor"),
            base + self.get_component_rich_style("keyed-list--stripe"),
        )

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        self._drawn_width = self.size.width
        fixed = self.fixed_columns(width)
        styles = self._line_styles()
        if y == 0:
            titles = (*(title for title, _ in fixed), self.LAST_TITLE)
            return self._strip(fixed, titles, width, styles.header, ())
        index = y - 1 + self.scroll_offset.y
        if not self._keys:
            return self._empty_line(y - 1, width, styles.base)
        if index >= len(self._keys):
            return Strip.blank(width, styles.base)
        row = self._row(index)
        if index == self.cursor:
            return self._strip(fixed, row.cells, width, styles.cursor, ())
        drawn_for = (width, fixed, styles)
        if drawn_for != self._lines_for or len(self._lines) > LINES_KEPT:
            self._lines_for = drawn_for
            self._lines.clear()
        line = self._lines.get(index)
        if line is None:
            base = styles.stripe if index % 2 else styles.base
            line = self._lines[index] = self._strip(fixed, row.cells, width, base, row.styles)
        return line

    def _empty_line(self, line: int, width: int, style: Style) -> Strip:
        """A line of `empty_message`, wrapped to the width, in place of the rows."""
        lines = self._empty_lines(self._empty_message, width)
        if line >= len(lines):
            return Strip.blank(width, style)
        text = set_cell_size(f" {lines[line].plain}", width)
        return Strip([Segment(text, style + Style(dim=True))], width)

    def _empty_lines(self, message: str, width: int) -> list[Text]:
        """`message` wrapped to the width (once for each message and width: every line of
        an empty list asks for it)."""
        if self._wrapped_for != (message, width):
            wrapped = Text(visible(message)).wrap(self.app.console, max(width - 2, 10))
            self._wrapped_for, self._wrapped = (message, width), list(wrapped)
        return self._wrapped

    @staticmethod
    def _strip(
        fixed: Sequence[tuple[str, int]],
        cells: Sequence[str],
        width: int,
        style: Style,
        styles: Sequence[str],
    ) -> Strip:
        """One line: each fixed column's text cut (with …) or padded to its width, the
        last column's to the rest of the line; a cell with a colour of its own gets it."""
        segments = []
        used = 0
        for n, ((_, column_width), text) in enumerate(zip(fixed, cells, strict=False)):
            if cell_len(text) >= column_width:  # cut, with a mark that it was
                text = set_cell_size(text, column_width - 2) + "…"
            colour = styles[n] if n < len(styles) else ""
            segments.append(
                Segment(
                    set_cell_size(text, column_width),
                    style + Style.parse(colour) if colour else style,
                )
            )
            used += column_width
        last = max(width - used, 0)
        text = cells[-1]
        if cell_len(text) > last and last > 1:
            text = set_cell_size(text, last - 1) + "…"
        segments.append(Segment(set_cell_size(text, last), style))
        return Strip(segments, width)
