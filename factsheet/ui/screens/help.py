"""The help screen: every key of the screen it was opened from (generated from the
bindings themselves), which digit is which verdict, and what the marks mean.

The text wraps to the terminal's width and scrolls (↑ ↓ j k, page keys), so that it
is whole at 80×24 too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from factsheet.model import Rating
from factsheet.safe_text import one_line, visible
from factsheet.triage import rating_choices
from factsheet.ui.widgets.footer import Keys

Row = tuple[str, str]  # (keys, what they do)
Section = tuple[str, Sequence[Row]]

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "esc", "space": "space"}

MARKS: list[Row] = [
    ("✓", "the quote stands in its source exactly"),
    ("≈", "it stands there once quotes, dashes and spaces are made alike"),
    ("~", "it was found fuzzily (a typo); the detail gives how alike, in %"),
    ("✗", "it is NOT in the source's latest snapshot: check it"),
    (
        "!",
        "(before a status) two reviewers changed the claim at once; the verdict pane says "
        "what; setting its verdict settles it",
    ),
    ("▾", "(in a column title) the list is sorted by that column (o)"),
]

FILTER_TERMS: list[Row] = [
    ("words", "claims whose text, claimant or tags hold every word"),
    ("status:", "new, review or done"),
    ("verdict:", 'a level as the list shows it; quote several words: verdict:"mostly false"'),
    ("claimant:", "part of the claimant's name"),
    ("tag:", "a tag, or its beginning"),
    ("is:", "conflict (marked !), rated or unrated"),
    ("", "any unambiguous beginning of a value will do (status:rev)"),
]


def key_label(binding: Binding) -> str:
    return binding.key_display or ", ".join(
        KEY_NAMES.get(key, key) for key in binding.key.split(",")
    )


def binding_rows(bindings: Iterable[BindingType]) -> list[Row]:
    """(keys, what they do) for every binding that has a description."""
    rows: list[Row] = []
    for binding in bindings:
        if not (isinstance(binding, Binding) and binding.description):
            continue
        row = (key_label(binding), binding.tooltip or binding.description)
        if rows and rows[-1][1] == row[1]:
            rows[-1] = (f"{rows[-1][0]} {row[0]}", row[1])  # keys doing one thing: one row
        elif row not in rows:
            rows.append(row)
    return rows


def verdict_rows(ratings: Sequence[Rating]) -> list[Row]:
    """Which digit sets which level of this sheet's scale."""
    rows = [(key, one_line(label)) for key, _, label in rating_choices(ratings)]
    unused = [str(n) for n in range(len(ratings) + 1, 10)]
    if unused:
        rows.append((" ".join(unused), "not on this sheet's scale"))
    return rows


def worksheet_sections(
    ratings: Sequence[Rating], screen_keys: Iterable[BindingType]
) -> list[Section]:
    """The worksheet's help: each pane's keys, the screen's, the verdicts' digits, the
    marks, the filter's terms, and the keys of the screens it opens."""
    from factsheet.ui.screens.source import SourceScreen
    from factsheet.ui.screens.sources import SourcesScreen
    from factsheet.ui.widgets.claim_list import ClaimList
    from factsheet.ui.widgets.claims_pane import ClaimsPane
    from factsheet.ui.widgets.evidence import EvidencePane

    sheet_keys = [
        b for b in screen_keys if isinstance(b, Binding) and not b.action.startswith("rate(")
    ]
    return [
        ("Claim list (the top pane)", binding_rows([*ClaimsPane.BINDINGS, *ClaimList.BINDINGS])),
        ("Evidence (tab: the quotes of the claim)", binding_rows(EvidencePane.BINDINGS)),
        ("Worksheet (from either pane)", binding_rows(sheet_keys)),
        ("Verdicts: the digits (v: with a rationale)", verdict_rows(ratings)),
        ("Marks", MARKS),
        ("Filter terms (f)", FILTER_TERMS),
        ("Source view (enter on a quote, r)", SourceScreen.help_rows()),
        ("Sources (S)", binding_rows(SourcesScreen.BINDINGS)),
    ]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,f1", "dismiss", "Close help", id="help-close"),
        Binding("q", "app.quit", "Quit", id="help-quit"),
        Binding("j", "scroll('down')", "Down", show=False, id="help-down"),
        Binding("k", "scroll('up')", "Up", show=False, id="help-up"),
    ]

    def __init__(self, sections: Iterable[Section]) -> None:
        super().__init__()
        self.sections = [(title, list(rows)) for title, rows in sections if rows]
        self.rows = [(title, keys, what) for title, rows in self.sections for keys, what in rows]

    def compose(self) -> ComposeResult:
        with Vertical(classes="form help"):
            yield Static("Keys · ctrl+p finds any action by name", classes="form-title")
            with VerticalScroll(id="help-text"):
                yield Static(self.render_sections())
            yield Static("↑ ↓ scroll · esc close", classes="form-help")
        yield Keys()

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()

    def render_sections(self) -> Group:
        parts: list[Text | Table] = []
        for title, rows in self.sections:
            parts.append(Text(visible(title), style="bold underline"))
            table = Table.grid(padding=(0, 1), expand=True)
            table.add_column(width=14, no_wrap=True, style="bold")
            table.add_column(ratio=1)
            for keys, what in rows:
                table.add_row(Text(one_line(keys)), Text(visible(what)))
            parts.append(table)
            parts.append(Text(""))
        return Group(*parts)

    def action_scroll(self, direction: str) -> None:
        area = self.query_one("#help-text", VerticalScroll)
        area.scroll_down() if direction == "down" else area.scroll_up()
