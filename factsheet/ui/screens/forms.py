"""Modal forms for adding and editing; a failed save shows its message and keeps the form open."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static, TextArea

from factsheet.errors import FactsheetError
from factsheet.model import Stance
from factsheet.safe_text import one_line, visible
from factsheet.ui.safe import cell, content

Values = dict[str, str]
Save = Callable[[Values], None]


class FormScreen(ModalScreen[bool]):
    """A titled form; ctrl+s (or enter in a one-line field) saves through `save`."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    def __init__(self, title: str, save: Save) -> None:
        super().__init__()
        self.form_title = title
        self.save = save

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(content(self.form_title), classes="form-title")
            yield from self.fields()
            yield Static(id="form-error")
            yield Static("ctrl+s save · esc cancel · tab next field", classes="form-help")

    def fields(self) -> ComposeResult:
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
        return values

    def on_input_submitted(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        try:
            self.save(self.values())
        except FactsheetError as error:
            self.query_one("#form-error", Static).update(content(one_line(str(error)), "red"))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


def _field(label: str, widget: Widget) -> ComposeResult:
    yield Label(label)
    yield widget


class ClaimForm(FormScreen):
    def __init__(
        self,
        title: str,
        save: Save,
        *,
        sources: Sequence[tuple[str, str]],
        text: str = "",
        claimant: str = "",
        source: str | None = None,
        tags: str = "",
    ) -> None:
        super().__init__(title, save)
        self.initial = {"text": text, "claimant": claimant, "tags": tags}
        self.sources = sources
        self.source = source

    def fields(self) -> ComposeResult:
        yield from _field("Claim", Input(one_line(self.initial["text"]), id="text"))
        yield from _field(
            "Claimant (person or organisation; empty for nobody)",
            Input(one_line(self.initial["claimant"]), id="claimant"),
        )
        yield from _field("Appeared in", _source_select(self.sources, self.source))
        yield from _field(
            "Tags (comma-separated)", Input(one_line(self.initial["tags"]), id="tags")
        )


class QuoteForm(FormScreen):
    def __init__(
        self,
        title: str,
        save: Save,
        *,
        sources: Sequence[tuple[str, str]],
        source: str | None = None,
        text: str = "",
        stance: str = Stance.CONTEXT.value,
        note: str = "",
        source_fixed: bool = False,
    ) -> None:
        super().__init__(title, save)
        self.sources = sources
        self.source = source
        self.initial = {"text": text, "stance": stance, "note": note}
        self.source_fixed = source_fixed

    def fields(self) -> ComposeResult:
        select = _source_select(self.sources, self.source, allow_blank=False)
        select.disabled = self.source_fixed
        yield from _field("Source", select)
        yield from _field(
            "Quote (exactly as in the source; paste or type)",
            TextArea(visible(self.initial["text"]), id="text", soft_wrap=True),
        )
        yield from _field(
            "Stance",
            Select(
                [(stance.value, stance.value) for stance in Stance],
                value=self.initial["stance"],
                allow_blank=False,
                id="stance",
            ),
        )
        yield from _field("Note", Input(one_line(self.initial["note"]), id="note"))


class SourceForm(FormScreen):
    """Add a local file as a source, or edit what the sheet says about one."""

    def __init__(
        self,
        title: str,
        save: Save,
        *,
        adding: bool,
        initial: dict[str, str | None] | None = None,
    ) -> None:
        super().__init__(title, save)
        self.adding = adding
        self.initial = {key: value or "" for key, value in (initial or {}).items()}

    def fields(self) -> ComposeResult:
        if self.adding:
            where = Input(id="file", placeholder="https://… or path/to/article.html")
            yield from _field("Web page (URL) or local file (text or HTML)", where)
        for key, label in (
            ("title", "Title" + (" (empty: from the file)" if self.adding else "")),
            ("author", "Author"),
            ("publisher", "Publisher"),
            ("published", "Published (e.g. 2016-11-30)"),
            ("language", "Language (e.g. en, de)"),
        ):
            yield from _field(label, Input(one_line(self.initial.get(key, "")), id=key))


class ConfirmScreen(ModalScreen[bool]):
    """Ask before something is deleted; y confirms, n or esc cancels."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes, delete"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="form confirm"):
            yield Static(content(self.question))
            yield Static("y delete · n or esc keep (u undoes a delete too)", classes="form-help")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


def _source_select(
    sources: Sequence[tuple[str, str]], value: str | None, *, allow_blank: bool = True
) -> Select[str]:
    options = [(cell(title, 60), source_id) for source_id, title in sources]
    known = {source_id for source_id, _ in sources}
    selected = (
        value if value in known else (Select.NULL if allow_blank or not sources else sources[0][0])
    )
    return Select(options, value=selected, allow_blank=allow_blank, prompt="(none)", id="source")


class ExportForm(FormScreen):
    """Where and how to export the sheet."""

    def __init__(self, save: Save, *, default_path: str) -> None:
        super().__init__("Export this sheet", save)
        self.default_path = default_path

    def fields(self) -> ComposeResult:
        kinds = [
            ("JSON, to share (with its archives: a .zip path)", "json"),
            ("ClaimReview JSON-LD, to publish", "claimreview"),
            ("Markdown report, to read", "markdown"),
        ]
        yield from _field("Format", Select(kinds, value="json", allow_blank=False, id="format"))
        yield from _field("File", Input(self.default_path, id="path"))


class ImportForm(FormScreen):
    """A shared file to merge into this sheet."""

    def __init__(self, save: Save) -> None:
        super().__init__("Merge a shared sheet into this one", save)

    def fields(self) -> ComposeResult:
        yield from _field(
            "Shared file (a factsheet export: .json, or .zip with archives)",
            Input(id="path", placeholder="colleague.json"),
        )
