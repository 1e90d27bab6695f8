"""The verdict editor: pick a rating with one key, write the rationale, read the corrections log."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from factsheet.errors import FactsheetError
from factsheet.model import Claim, Rating, VerdictChange
from factsheet.safe_text import one_line, visible
from factsheet.triage import rating_choices
from factsheet.ui.safe import content
from factsheet.ui.widgets.styles import rating_style

SaveVerdict = Callable[[str, str], None]


class VerdictScreen(ModalScreen[bool]):
    """Digits pick the rating (in the list); tab to the rationale; ctrl+s saves."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save verdict"),
        *[Binding(str(n), f"pick({n})", f"Rating {n}", show=False) for n in range(10)],
    ]

    def __init__(
        self,
        claim: Claim,
        ratings: Sequence[Rating],
        log: Sequence[VerdictChange],
        save: SaveVerdict,
    ) -> None:
        super().__init__()
        self.claim = claim
        self.choices = rating_choices(ratings)
        self.styles_by_key = {r.key: rating_style(r) for r in ratings}
        self.changes = log
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="form verdict-form"):
            yield Static(content(one_line(self.claim.text, 300)), classes="form-title")
            yield Label("Rating (press its number)")
            yield OptionList(
                *[
                    Option(
                        Content.assemble(
                            (f" {key} ", "bold"), (label, self.styles_by_key.get(rk, "dim"))
                        ),
                        id=rk,
                    )
                    for key, rk, label in self.choices
                ],
                id="ratings",
            )
            yield Label("Rationale")
            yield TextArea(visible(self.claim.rationale), id="rationale", soft_wrap=True)
            yield Static(self._log_content(), id="verdict-log")
            yield Static(id="form-error")
            yield Static(
                "digits pick · tab rationale · ctrl+s save · esc cancel", classes="form-help"
            )

    def on_mount(self) -> None:
        ratings = self.query_one("#ratings", OptionList)
        keys = [rk for _, rk, _ in self.choices]
        ratings.highlighted = keys.index(self.claim.rating) if self.claim.rating in keys else None
        ratings.focus()

    def _log_content(self) -> Content:
        if not self.changes:
            return Content.styled("Corrections log: no changes yet.", "dim")
        lines = [
            f"{c.at}  {one_line(c.by, 20)}: {one_line(c.rating_from)} → {one_line(c.rating_to)}"
            + (" (rationale changed)" if c.rationale_from != c.rationale_to else "")
            for c in self.changes[-5:]
        ]
        return Content(f"Corrections log ({len(self.changes)}):\n" + "\n".join(lines))

    def action_pick(self, number: int) -> None:
        keys = [key for key, _, _ in self.choices]
        if str(number) in keys:
            self.query_one("#ratings", OptionList).highlighted = keys.index(str(number))

    def selected_rating(self) -> str:
        index = self.query_one("#ratings", OptionList).highlighted
        return self.claim.rating if index is None else self.choices[index][1]

    def on_option_list_option_selected(self) -> None:
        self.query_one("#rationale", TextArea).focus()

    def action_submit(self) -> None:
        try:
            self.save(self.selected_rating(), self.query_one("#rationale", TextArea).text)
        except FactsheetError as error:
            self.query_one("#form-error", Static).update(content(one_line(str(error)), "red"))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
