"""The verdict editor: the rationale to write, the verdict to pick, the corrections log.

It opens in the rationale, with the cursor after its last word, so that arrow keys
and typing go where a reviewer writes. The verdict changes only by its digit in the
verdict line (shift+tab reaches it; arrow keys there change nothing), and the line
says what it was before. Esc after a change asks before throwing it away.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.events import Key
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import Label, Static, TextArea

from factsheet.errors import ChangedMeanwhileError
from factsheet.model import Claim, VerdictChange
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.triage import rating_choices
from factsheet.ui.screens.forms import FormScreen, Values
from factsheet.ui.widgets.inputs import OrderedTextArea
from factsheet.ui.widgets.styles import rating_style


class RatingPicker(Static, can_focus=True):
    """The scale on a line or two, the chosen level marked; its digit picks a level."""

    DEFAULT_CSS = """
    RatingPicker {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    RatingPicker:focus {
        background: $block-cursor-blurred-background;
    }
    """

    BINDINGS = [
        Binding(str(n), f"pick({n})", "Pick", show=False, id=f"verdict-pick-{n}") for n in range(10)
    ]

    chosen: reactive[str] = reactive("", init=False)

    @dataclass
    class Picked(Message):
        rating: str

    @dataclass
    class TypedOn(Message):
        """A character typed here that is not a digit: it belongs to the rationale."""

        character: str

    def __init__(
        self, choices: list[tuple[str, str, str]], styles: dict[str, str], chosen: str, was: str
    ) -> None:
        super().__init__(id="ratings")
        self.choices = choices
        self.styles_by_key = styles
        self.was = was
        self.set_reactive(RatingPicker.chosen, chosen)

    def on_resize(self) -> None:
        self.update(self.describe())

    def watch_chosen(self) -> None:
        self.update(self.describe())

    def describe(self) -> Content:
        """The levels in lines that fit the width, none of them cut in two."""
        items = []
        for key, rating, label in self.choices:
            style = self.styles_by_key.get(rating, "dim")
            if rating == self.chosen:
                style = f"bold reverse {style}"
            items.append(Content.styled(f" {key} {one_line(label, 30)} ", style))
        if self.chosen != self.was:
            labels = {rating: label for _, rating, label in self.choices}
            was = labels.get(self.was, self.was)
            items.append(Content.styled(f"(was {one_line(was, 30)})", "italic"))
        width = max(self.content_size.width, 20)
        parts: list[Content] = []
        used = 0
        for item in items:
            if used and used + 1 + item.cell_length > width:
                parts.append(Content("\n"))
                used = 0
            elif used:
                parts.append(Content(" "))
                used += 1
            parts.append(item)
            used += item.cell_length
        return Content.assemble(*parts)

    def on_key(self, event: Key) -> None:
        character = event.character
        if event.is_printable and character and not character.isdigit():
            event.stop()
            self.post_message(self.TypedOn(character))

    def action_pick(self, number: int) -> None:
        keys = {key: rating for key, rating, _ in self.choices}
        if str(number) not in keys:
            levels = len(self.choices) - 1
            self.notify(
                f"{number}: this sheet's scale has {levels} levels (1 to {levels}; 0 unrated).",
                severity="warning",
                timeout=5,
            )
            return
        self.chosen = keys[str(number)]
        self.post_message(self.Picked(self.chosen))


class VerdictScreen(FormScreen[Claim]):
    """Saves the verdict and rationale together (ctrl+s) and dismisses with the claim as
    it now stands."""

    HINT = "shift+tab then a digit: the verdict · ctrl+s save · esc cancel"

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
        yield Label("Verdict (its digit, here)")
        yield RatingPicker(self.choices, self.styles_by_key, self.claim.rating, self.claim.rating)
        yield Label("Rationale (why: what a reader can follow and check)")
        rationale = self.shown("rationale", self.claim.rationale, single=False)
        yield OrderedTextArea(rationale, id="rationale", soft_wrap=True, compact=True)
        yield Static(self._log_content(), id="verdict-log")

    def on_mount(self) -> None:
        area = self.query_one("#rationale", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def _log_content(self) -> Content:
        if not self.changes:
            return Content.styled("Corrections log: no changes yet.", "dim")
        lines = [
            f"{one_line(c.at)}  {one_line(c.by, 20)}: "
            + (
                f"{one_line(c.rating_from)} → {one_line(c.rating_to)}"
                + (" (rationale changed)" if c.rationale_from != c.rationale_to else "")
                if c.event == "verdict"
                else f"{one_line(c.event)} {one_line(c.note, 60)}"  # assign, cross-check
            )
            for c in self.changes[-3:]
        ]
        return Content.styled(
            f"Corrections log ({len(self.changes)}, latest last):\n" + "\n".join(lines), "dim"
        )

    def on_rating_picker_picked(self) -> None:
        """A verdict picked: on to the rationale, to say why."""
        self.query_one("#rationale", TextArea).focus()

    def on_rating_picker_typed_on(self, message: RatingPicker.TypedOn) -> None:
        """Typing went on right after the digit: into the rationale, nothing lost."""
        area = self.query_one("#rationale", TextArea)
        area.focus()
        area.insert(message.character)

    def values(self) -> Values:
        values = super().values()
        return {
            "rating": self.query_one(RatingPicker).chosen,
            "rationale": values["rationale"],
        }

    def save(self, values: Values) -> Claim:
        """Saved only over the verdict this form was opened on: when another reviewer has
        changed it meanwhile, the form says so and shows theirs in the log, and ctrl+s
        again saves this one over it."""
        seen = (self.claim.rating, self.claim.rationale)
        try:
            self.sheet.set_verdict(
                self.claim.id, values["rating"], rationale=values["rationale"], seen=seen
            )
        except ChangedMeanwhileError as error:
            self.claim = self.sheet.claim(self.claim.id)
            self.changes = self.sheet.history(self.claim.id)
            self.query_one("#verdict-log", Static).update(self._log_content())
            raise ChangedMeanwhileError(f"{error}: ctrl+s again saves yours over it") from None
        return self.sheet.claim(self.claim.id)
