"""The verdict editor: pick a rating with one key, write the rationale, read the corrections log."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from factsheet.model import Claim, VerdictChange
from factsheet.safe_text import one_line, visible
from factsheet.sheet import Sheet
from factsheet.triage import rating_choices
from factsheet.ui.screens.forms import FormScreen, Values
from factsheet.ui.widgets.styles import rating_style


class VerdictScreen(FormScreen[Claim]):
    """Digits pick the rating (in the list); tab to the rationale; ctrl+s saves and
    dismisses with the claim as it now stands."""

    BINDINGS = [
        *[
            Binding(str(n), f"pick({n})", f"Rating {n}", show=False, id=f"verdict-pick-{n}")
            for n in range(10)
        ],
    ]

    def __init__(self, sheet: Sheet, claim: Claim) -> None:
        super().__init__(one_line(claim.text, 300))
        self.sheet = sheet
        self.claim = claim
        ratings = sheet.ratings()
        self.choices = rating_choices(ratings)
        self.styles_by_key = {r.key: rating_style(r) for r in ratings}
        self.changes: list[VerdictChange] = sheet.history(claim.id)
        self.add_class("verdict-form")

    def fields(self) -> ComposeResult:
        yield Label("Rating (press its number)")
        yield OptionList(
            *[
                Option(
                    Content.assemble(
                        (f" {key} ", "bold"),
                        (visible(label), self.styles_by_key.get(rating, "dim")),
                    ),
                    id=rating,
                )
                for key, rating, label in self.choices
            ],
            id="ratings",
        )
        yield Label("Rationale")
        rationale = self.shown("rationale", self.claim.rationale, single=False)
        yield TextArea(rationale, id="rationale", soft_wrap=True)
        yield Static(self._log_content(), id="verdict-log")

    def on_mount(self) -> None:
        ratings = self.query_one("#ratings", OptionList)
        keys = [rating for _, rating, _ in self.choices]
        ratings.highlighted = keys.index(self.claim.rating) if self.claim.rating in keys else None
        ratings.focus()

    def _log_content(self) -> Content:
        if not self.changes:
            return Content.styled("Corrections log: no changes yet.", "dim")
        lines = [
            f"{one_line(c.at)}  {one_line(c.by, 20)}: {one_line(c.rating_from)} → "
            f"{one_line(c.rating_to)}"
            + (" (rationale changed)" if c.rationale_from != c.rationale_to else "")
            for c in self.changes[-5:]
        ]
        return Content(f"Corrections log ({len(self.changes)}):\n" + "\n".join(lines))

    def action_pick(self, number: int) -> None:
        keys = [key for key, _, _ in self.choices]
        if str(number) in keys:
            self.query_one("#ratings", OptionList).highlighted = keys.index(str(number))

    def values(self) -> Values:
        index = self.query_one("#ratings", OptionList).highlighted
        rating = self.claim.rating if index is None else self.choices[index][1]
        values = super().values()
        return {"rating": rating, "rationale": values["rationale"]}

    def save(self, values: Values) -> Claim:
        self.sheet.set_verdict(self.claim.id, values["rating"], rationale=values["rationale"])
        return self.sheet.claim(self.claim.id)

    def on_option_list_option_selected(self) -> None:
        self.query_one("#rationale", TextArea).focus()
