"""Lines of plain widgets go to the screen as the widget draws them.

Textual passes every line a widget draws through its styles cache, which looks up the
widget's border, outline, padding, tint, hatch and opacity again for each line (a
dozen style lookups a line) to frame it. Our panes and lists have none of those, or
only padding at the sides: a cursor move at 100k quotes redraws about 70 lines (the
panes show another claim), and the framing was a quarter of the time drawing them took.

`PlainLines` draws such a widget's lines itself, with the same result: each line cut
or padded to the content's width in the widget's background, the side padding added,
the app's line filters applied. Anything else (a border, an outline, padding above or
below, a tint, a hatch, any opacity, a link under the mouse) goes through Textual as
before.
"""

from __future__ import annotations

from typing import Any

from rich.color import Color
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual._segment_tools import line_pad
from textual.geometry import Region
from textual.scrollbar import ScrollBar, ScrollBarRender
from textual.strip import Strip
from textual.style import Style
from textual.widgets import Static


def _plain(widget: Any) -> tuple[int, int] | None:
    """The side padding of `widget` (left, right) when Textual's framing would add nothing
    else to its lines; else None."""
    styles = widget.styles
    top, right, bottom, left = styles.padding
    if top or bottom or widget.BLANK or widget.opacity != 1.0:
        return None
    if styles.text_opacity != 1.0 or styles.tint.a:
        return None
    if any(edge for edge, _ in styles.border) or any(edge for edge, _ in styles.outline):
        return None
    if styles.has_rule("hatch") and styles.hatch != "none":
        return None
    if widget.auto_links and widget.hover_style._link_id:
        return None
    return left, right


class PlainLines:
    """For a widget with no framing but side padding (see the module's docstring)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        widget: Any = self
        sides = _plain(widget)
        if sides is None:
            return super().render_lines(crop)  # type: ignore[misc,no-any-return]
        left, right = sides
        base_background, background = widget.background_colors
        inner = Style(background=base_background + background).rich_style
        width = widget.region.width
        content_width, height = widget.content_region.size
        filters = widget.get_line_filters()
        render_line = widget.render_line
        # Lines drawn are kept where Textual keeps them (its styles cache, which a refresh
        # of the widget or of some of its lines empties or marks), until drawn again.
        kept = widget._styles_cache
        if width != kept._width:
            kept.clear()
            kept._width = width
        cache, dirty = kept._cache, kept._dirty_lines
        lines: list[Strip] = []
        for y in crop.line_range:
            line = cache.get(y)
            if line is None or y in dirty:
                if y < height:
                    line = render_line(y).adjust_cell_length(content_width, inner)
                else:
                    line = Strip.blank(content_width, inner)
                if left or right:
                    line = Strip(line_pad(line, left, right, inner), width)
                cache[y] = line
            for line_filter in filters:
                line = line.apply_filter(line_filter, background)
            lines.append(line)
        dirty.difference_update(crop.line_range)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            lines = [line.crop(x1, x2) for line in lines]
        return lines


class PlainStatic(PlainLines, Static):
    """A `Static` drawn as `PlainLines` (the panes' words)."""


class PlainScrollBar(ScrollBar):
    """A vertical scrollbar drawn as the cells it is (Textual draws it through Rich's
    console, about 1 ms for a dozen cells), with the same glyphs, colours and mouse
    actions."""

    def render_lines(self, crop: Region) -> list[Strip]:
        bar = self.render()
        if not self.vertical or not isinstance(bar, ScrollBarRender):
            return super().render_lines(crop)
        style = bar.style if isinstance(bar.style, RichStyle) else RichStyle.parse(bar.style)
        width, height = self.region.size
        rows = bar.render_bar(
            size=height,
            virtual_size=bar.virtual_size,
            window_size=bar.window_size,
            position=bar.position,
            thickness=width,
            vertical=True,
            back_color=style.bgcolor or Color.parse("#555555"),
            bar_color=style.color or Color.parse("bright_magenta"),
        ).segments
        base = self.visual_style.rich_style  # under each cell, as Textual draws it
        lines = [
            Strip([Segment(rows[y].text, base + rows[y].style)], width)
            for y in crop.line_range
            if y < len(rows)
        ]
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            lines = [line.crop(x1, x2) for line in lines]
        return lines


class PlainScrollbars:
    """For a scrolling widget: its vertical scrollbar is a `PlainScrollBar`."""

    @property
    def vertical_scrollbar(self) -> ScrollBar:
        widget: Any = self
        if widget._vertical_scrollbar is None:
            widget._vertical_scrollbar = bar = PlainScrollBar(
                vertical=True, name="vertical", thickness=widget.scrollbar_size_vertical
            )
            bar.display = False
            widget.app._start_widget(widget, bar)
        return widget._vertical_scrollbar  # type: ignore[no-any-return]
