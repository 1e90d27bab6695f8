"""Modal forms that make or change one record through the core, and the confirmation.

A form calls the core itself when it is submitted and dismisses with what it made
(the claim, the quote...), or with None when cancelled; a failed save shows its
message in the form and keeps it open, with everything typed. Esc after typing asks
before it throws the typing away.

Forms fit an 80×24 terminal: one-line fields, the title and the keys to save and to
cancel always in view (the fields scroll between them), and a footer of the form's keys.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import Any, Generic, TypeVar

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.events import Key
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from factsheet.errors import (
    AmbiguousQuoteError,
    FactsheetError,
    InvalidInputError,
    MisquoteError,
)
from factsheet.model import Claim, Quote, Source, Stance
from factsheet.safe_text import editable, one_line, restore, visible
from factsheet.sheet import Sheet
from factsheet.ui.messages import ReportsFailures
from factsheet.ui.safe import cell, content
from factsheet.ui.widgets.footer import Keys
from factsheet.ui.widgets.inputs import OrderedInput, OrderedTextArea

Values = dict[str, str]
T = TypeVar("T")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A titled form; ctrl+s (or enter in a one-line field) saves through `save`."""

    BINDINGS = [
        Binding("ctrl+s", "submit", "Save", id="form-save"),
        Binding("escape", "cancel", "Cancel", id="form-cancel"),
        # Priority: a key typed right after tab (a burst over SSH) goes to the next field.
        Binding("tab", "app.focus_next", "Next field", priority=True, id="form-next-field"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            "Previous field",
            show=False,
            priority=True,
            id="form-previous-field",
        ),
    ]
    HINT = "ctrl+s save · esc cancel · tab next field"

    def __init__(self, title: str) -> None:
        super().__init__()
        self.form_title = title
        self.originals: dict[str, tuple[str, bool]] = {}  # field id -> (stored text, one line)
        self.initial: Values | None = None  # what the fields held when the form opened
        # Called with what was saved before the form closes (not a message later, as the
        # result callback of `push_screen` is): the screen below then shows it in the frame
        # the form closes in, not in a second one.
        self.on_saved: Callable[[T], object] | None = None

    def shown(self, field_id: str, original: str, *, single: bool = True) -> str:
        """Stored text as a field shows it (controls made visible); what the user leaves as
        it is, or the controls in what they edit, are saved as they were (`values`)."""
        self.originals[field_id] = (original, single)
        return editable(original) if single else visible(original)

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(content(self.form_title), classes="form-title")
            with VerticalScroll(classes="form-fields", can_focus=False):
                yield from self.fields()
            yield Static(id="form-error")
            yield Static(self.HINT, classes="form-help")
        yield Keys()

    def on_mount(self) -> None:
        self.call_after_refresh(self.remember_initial)

    def remember_initial(self) -> None:
        self.initial = self.values()

    def changed(self) -> bool:
        """Whether anything was typed or chosen since the form opened."""
        return self.initial is not None and self.values() != self.initial

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def save(self, values: Values) -> T:
        """Make the change through the core; a FactsheetError keeps the form open."""
        raise NotImplementedError

    def values(self) -> Values:
        """Every Input, TextArea and Select of the form, by id."""
        values: Values = {}
        for widget in self.query("Input, TextArea, Select"):
            if isinstance(widget, Input):
                values[widget.id or ""] = widget.value
            elif isinstance(widget, TextArea):
                values[widget.id or ""] = widget.text
            elif isinstance(widget, Select):
                values[widget.id or ""] = "" if widget.is_blank() else str(widget.value)
        for field_id, (original, single) in self.originals.items():
            if field_id in values:
                values[field_id] = restore(values[field_id], original, one_line=single)
        return values

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        try:
            result = self.save(self.values())
        except FactsheetError as error:
            self.show_error(str(error))
            return
        if self.on_saved is not None:
            self.on_saved(result)
        self.dismiss(result)

    def show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(content(one_line(message), "red"))
        error.display = True

    def action_cancel(self) -> None:
        if not self.changed():
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Throw away what you typed in this form?",
                yes="throw it away",
                no="keep editing",
            ),
            answer,
        )


def field(label: str, widget: Widget) -> ComposeResult:
    yield Label(label)
    yield widget


class ClaimForm(FormScreen[Claim]):
    """A new claim (`claim` None) or changes to one."""

    def __init__(self, sheet: Sheet, claim: Claim | None = None, *, source: str | None = None):
        super().__init__("New claim" if claim is None else f"Edit claim {claim.id}")
        self.sheet = sheet
        self.claim = claim
        self.source = claim.source if claim else source
        if claim is None and self.source is None and len(sources := sheet.sources()) == 1:
            self.source = sources[0].id  # the only source is where a new claim appeared

    def fields(self) -> ComposeResult:
        claim = self.claim
        text = self.shown("text", claim.text if claim else "")
        yield from field(
            "Claim (what was said, to be checked)",
            OrderedInput(text, id="text", compact=True, select_on_focus=False),
        )
        claimant = self.shown("claimant", (claim.claimant or "") if claim else "")
        yield from field(
            "Claimant (person or organisation; empty for nobody)",
            OrderedInput(claimant, id="claimant", compact=True),
        )
        yield from field("Appeared in (a source)", source_select(self.sheet.sources(), self.source))
        tags = self.shown("tags", ", ".join(claim.tags) if claim else "")
        yield from field("Tags (comma-separated)", OrderedInput(tags, id="tags", compact=True))

    def on_mount(self) -> None:
        super().on_mount()  # what the form opened with, to ask before esc discards edits
        # A claim is often longer than the field: the one being edited shows from its
        # first words (the cursor at its start), not its last.
        if self.claim is not None:
            self.query_one("#text", Input).cursor_position = 0

    def save(self, values: Values) -> Claim:
        tags: list[str] | None = values["tags"].split(",")
        if self.claim is not None and values["tags"] == ", ".join(self.claim.tags):
            tags = None  # not edited: the stored tags stay as they are
        if self.claim is None:
            return self.sheet.add_claim(
                values["text"],
                claimant=values["claimant"],
                source=values["source"] or None,
                tags=tags or (),
            )
        return self.sheet.edit_claim(
            self.claim.id,
            text=values["text"],
            claimant=values["claimant"],
            source=values["source"],
            tags=tags,
        )


class QuoteForm(ReportsFailures, FormScreen[Quote]):
    """A new quote for a claim (`quote` None), or changes to one (its source stays).

    A quote is always the source's words: when the text typed differs from them in
    more than typography or a misspelling, a confirmation shows the difference and
    offers the source's words; a passage that stands in several places asks which.
    From the source view, `span` is the selection's place in the source, so that the
    quote is exactly the words selected (unless the text is edited here).
    """

    def __init__(
        self,
        sheet: Sheet,
        claim: Claim,
        quote: Quote | None = None,
        *,
        source: str | None = None,
        text: str = "",
        span: tuple[int, int, str] | None = None,
    ) -> None:
        title = (
            f"New quote for: {one_line(claim.text, 200)}"
            if quote is None
            else (f"Edit quote {quote.id}")
        )
        super().__init__(title)
        self.sheet = sheet
        self.claim = claim
        self.quote = quote
        self.source = quote.source if quote else source or claim.source
        self.text = quote.text if quote else text
        self.span = span

    def fields(self) -> ComposeResult:
        select = source_select(self.sheet.sources(), self.source, allow_blank=False)
        select.disabled = self.quote is not None or self.span is not None
        yield from field("Source", select)
        yield from field(
            "Quote (the source's words; paste or type them)",
            OrderedTextArea(
                self.shown("text", self.text, single=False),
                id="text",
                soft_wrap=True,
                compact=True,
            ),
        )
        yield from field(
            "Stance (how it bears on the claim)",
            Select(
                [(stance.value, stance.value) for stance in Stance],
                value=self.quote.stance if self.quote else Stance.CONTEXT.value,
                allow_blank=False,
                id="stance",
                compact=True,
            ),
        )
        note = self.shown("note", self.quote.note if self.quote else "")
        yield from field("Note", OrderedInput(note, id="note", compact=True))

    def on_mount(self) -> None:
        super().on_mount()  # what the form opened with, to ask before esc discards edits
        if self.source is not None or len(self.sheet.sources()) == 1:
            self.query_one("#text", TextArea).focus()  # the source is known: the words next
        self.warm_up()

    @work(thread=True, exit_on_error=False, group="word-lists")
    def on_key(self, event: Key) -> None:
        """Words typed while the source choice has focus belong to the quote: they go
        there, with the source as chosen (so that nothing typed is lost)."""
        focused = self.focused
        character = event.character
        if (
            isinstance(focused, Select)
            and focused.id == "source"
            and not focused.expanded
            and event.is_printable
            and character
            and not character.isspace()
        ):
            event.stop()
            event.prevent_default()
            text = self.query_one("#text", TextArea)
            text.focus()
            text.insert(character)

    def warm_up(self) -> None:
        """Load the word lists misspellings are judged by while the reviewer types."""
        from factsheet.wording import warm_up

        source = next((s for s in self.sheet.sources() if s.id == self.source), None)
        warm_up([source.language] if source and source.language else [])

    def action_submit(self) -> None:
        self.submit(self.values())

    def submit(self, values: Values, **options: Any) -> None:
        """Save; a misquote or a repeated passage asks the reviewer first."""
        from factsheet.ui.screens.misquote import MisquoteScreen, OccurrenceScreen

        try:
            result = self.save(values, **options)
        except MisquoteError as error:
            self.app.push_screen(MisquoteScreen(error), partial(self.misquote_answered, values))
            return
        except AmbiguousQuoteError as error:
            chooser = OccurrenceScreen(error)
            self.app.push_screen(chooser, partial(self.occurrence_chosen, values, options))
            return
        except FactsheetError as error:
            self.show_error(str(error))
            return
        self.dismiss(result)

    def misquote_answered(self, values: Values, take: bool | None) -> None:
        if take:
            self.submit(values, source_words=True)
        else:
            self.show_error("The source does not say that: edit the quote, or esc to cancel.")

    def occurrence_chosen(self, values: Values, options: dict[str, Any], n: int | None) -> None:
        if n:
            self.submit(values, **options, occurrence=n)

    def save(self, values: Values, **options: Any) -> Quote:
        span = self.span if self.span and values["text"] == self.text else None
        if self.quote is None:
            return self.sheet.add_quote(
                self.claim.id,
                values["source"],
                "" if span else values["text"],
                stance=values["stance"],
                note=values["note"],
                span=span,
                **options,
            )
        return self.sheet.edit_quote(
            self.quote.id,
            text=values["text"],
            stance=values["stance"],
            note=values["note"],
            **options,
        )


class SourceForm(FormScreen[Any]):
    """What the sheet says about a source (dismissed with the Source), or where a new one
    is (dismissed with the values: the adding itself runs on a worker)."""

    def __init__(self, sheet: Sheet, source: Source | None = None) -> None:
        super().__init__(
            "New source: a web page or a local file"
            if source is None
            else f"Edit source {source.id}"
        )
        self.sheet = sheet
        self.source = source

    def fields(self) -> ComposeResult:
        if self.source is None:
            where = OrderedInput(
                id="file", placeholder="https://… or path/to/article.html", compact=True
            )
            yield from field("Web page (URL) or local file (text or HTML)", where)
        for key, label in (
            ("title", "Title" + (" (empty: from the page)" if self.source is None else "")),
            ("author", "Author"),
            ("publisher", "Publisher"),
            ("published", "Published (e.g. 2016-11-30)"),
            ("language", "Language (e.g. en, de)"),
        ):
            value = self.shown(key, (getattr(self.source, key) if self.source else None) or "")
            yield from field(label, OrderedInput(value, id=key, compact=True))

    def save(self, values: Values) -> Any:
        if self.source is not None:
            return self.sheet.edit_source(
                self.source.id,
                title=values["title"],
                author=values["author"],
                publisher=values["publisher"],
                published=values["published"],
                language=values["language"],
            )
        from pathlib import Path

        from factsheet.archive.guard import check_url

        where = values["file"].strip()
        if "://" in where or where.lower().startswith(("javascript:", "data:")):
            check_url(where)  # http(s) with a host, or a message naming what is allowed
        elif not Path(where).expanduser().is_file():
            raise InvalidInputError(f"{where or 'nothing given'}: no such file (or give a URL)")
        return {**values, "file": where}


class ConfirmScreen(ModalScreen[bool]):
    """Ask before something is deleted or thrown away; y confirms, n or esc cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes", id="confirm-yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm-no"),
    ]

    def __init__(
        self,
        question: str,
        *,
        yes: str = "delete",
        no: str = "keep",
        note: str = "u undoes a delete too",
    ) -> None:
        super().__init__()
        self.question = question
        self.hint = f"y {yes} · n or esc {no}" + (f" ({note})" if note and yes == "delete" else "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(content(self.question))
            yield Static(self.hint, classes="form-help")
        yield Keys()

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class ChoiceScreen(ModalScreen[str]):
    """Pick one of `choices` ((label, value) pairs) with the arrows and enter; esc: None."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel", id="choice-cancel"),
        Binding("j", "cursor('down')", "Down", show=False, id="choice-down"),
        Binding("k", "cursor('up')", "Up", show=False, id="choice-up"),
    ]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str]], *, verb: str = "open"
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.verb = verb

    def compose(self) -> ComposeResult:
        with Vertical(classes="form choice"):
            yield Static(content(self.title_text), classes="form-title")
            yield OptionList(
                *[Option(cell(label, 200), id=str(n)) for n, (label, _) in enumerate(self.choices)],
                id="choices",
            )
            yield Static(f"↑ ↓ choose · enter {self.verb} · esc cancel", classes="form-help")
        yield Keys()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def action_cursor(self, direction: str) -> None:
        options = self.query_one(OptionList)
        options.action_cursor_down() if direction == "down" else options.action_cursor_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.choices[event.option_index][1])


def source_select(
    sources: Sequence[Source], value: str | None, *, allow_blank: bool = True
) -> Select[str]:
    """A choice of the sheet's sources; without `allow_blank`, one is always chosen."""
    options = [(cell(source.title, 60), source.id) for source in sources]
    known = {source.id for source in sources}
    if value in known:
        selected: Any = value
    elif allow_blank or not sources:
        selected = Select.NULL
    else:
        selected = sources[0].id
    return Select(
        options,
        value=selected,
        allow_blank=allow_blank,
        prompt="(none)",
        id="source",
        compact=True,
    )
