"""Asking before a quote is saved: the source words it differently (take its words?), or
the passage stands in several places (which one?)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from factsheet.errors import AmbiguousQuoteError, MisquoteError
from factsheet.safe_text import one_line, visible
from factsheet.ui.safe import content


def marked(text: str, marks: list[tuple[int, int]], style: str) -> Content:
    """Untrusted text on one line with the [start, end) of `marks` styled."""
    pieces: list[str | tuple[str, str]] = []
    at = 0
    for start, end in sorted(marks):
        pieces += [one_line(text[at:start]), (one_line(text[start:end]) or "∅", style)]
        at = end
    pieces.append(one_line(text[at:]))
    return Content.assemble(*pieces)


class MisquoteScreen(ModalScreen[bool]):
    """What was typed beside what the source says, the differing words marked; y quotes
    the source's words, n or esc goes back to the form."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Quote the source's words", id="misquote-take"),
        Binding("n,escape", "answer(False)", "Back to the form", id="misquote-back"),
    ]

    def __init__(self, error: MisquoteError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        error = self.error
        listed = "; ".join(
            f"{typed or '(nothing)'} → {source or '(nothing)'}"
            for typed, source in error.differences
        )
        where = " (outside the article text)" if error.within == "page" else ""
        with Vertical(classes="form confirm", id="misquote"):
            yield Static(
                content(f"Source {error.source_id} does not say that{where}."),
                classes="form-title",
            )
            yield Static("You typed:")
            yield Static(marked(error.typed, error.typed_marks, "bold red"), id="misquote-typed")
            yield Static("The source says:")
            yield Static(marked(error.words, error.word_marks, "bold green"), id="misquote-words")
            yield Static(content(f"Differences: {one_line(listed, 300)}"), id="misquote-diff")
            yield Static(
                "y quote the source's words · n or esc back to the form", classes="form-help"
            )

    def action_answer(self, take: bool) -> None:
        self.dismiss(take)


class OccurrenceScreen(ModalScreen[int | None]):
    """The places a passage stands, each in its context; enter picks one, esc cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="occurrence-cancel")]

    def __init__(self, error: AmbiguousQuoteError) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        options = [
            Option(
                Content.assemble(
                    f"{number}. …",
                    one_line(place.before[-40:]),
                    (one_line(place.words, 60), "reverse"),
                    one_line(place.after[:40]),
                    "…",
                ),
                id=str(number),
            )
            for number, place in enumerate(self.error.occurrences, start=1)
        ]
        with Vertical(classes="form confirm", id="occurrences"):
            yield Static(content(visible(str(self.error))), classes="form-title")
            yield OptionList(*options, id="occurrence-list")
            yield Static("↑↓ choose · enter take this one · esc cancel", classes="form-help")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
