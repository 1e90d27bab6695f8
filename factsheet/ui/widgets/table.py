"""A DataTable keyed by record ids, with vi keys, whose last column fills the width left.

Fitting the last (free-text) column to the pane means no horizontal scrolling: long
text ends in an ellipsis in the row and is shown in full beside the list. Cells have
no padding (it costs two columns each, too many at 80 columns); every fixed column is
one wider than its longest text, which leaves one space between columns.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.events import Resize
from textual.widgets import DataTable

MIN_LAST_COLUMN = 12


class RecordTable(DataTable[object]):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="row-down"),
        Binding("k", "cursor_up", "Up", show=False, id="row-up"),
        Binding("g,home", "scroll_top", "First", show=False, id="row-first"),
        Binding("G,end", "scroll_bottom", "Last", show=False, id="row-last"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True, cell_padding=0)

    @property
    def current_id(self) -> str | None:
        """The id of the record under the cursor, or None when the table is empty."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    def on_resize(self, event: Resize) -> None:
        self.fit_last_column(event.size.width)

    def fit_last_column(self, width: int) -> None:
        columns = list(self.columns.values())
        if not columns:
            return
        *fixed, last = columns
        taken = sum(column.get_render_width(self) for column in fixed)
        scrollbar = self.styles.scrollbar_size_vertical
        last.auto_width = False
        last.width = max(MIN_LAST_COLUMN, width - taken - scrollbar)
        # DataTable has no public call to re-measure after a column's width changes.
        self._require_update_dimensions = True
        self.refresh()
