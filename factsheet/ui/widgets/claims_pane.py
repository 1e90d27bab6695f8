"""The claims pane: the claim list with its filter line, which claims it shows in which
order, and the keys that add, edit, delete and copy a claim (bound here, active while
the list has focus)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static

from factsheet.errors import FactsheetError
from factsheet.model import Claim
from factsheet.safe_text import one_line
from factsheet.sheet import Sheet
from factsheet.triage import (
    SORTS,
    STATUS_LABELS,
    ClaimFilter,
    next_unrated,
    sort_claims,
)
from factsheet.ui.cached import ByRevision, ClaimRows
from factsheet.ui.feedback import attempt, needs, writes
from factsheet.ui.repaint import StillInput
from factsheet.ui.widgets.claim_list import ClaimList

NO_CLAIM = "No claim here yet: a adds one."
NO_CLAIM_SHOWN = "No claim in the list: esc clears the filter."
FILTER_HINT = 'words status:review verdict:"mostly false" assignee:me claimant: tag: is:conflict'


class ClaimsPane(Vertical):
    BINDINGS = [
        Binding("a", "add_claim", "Add claim", tooltip="Add a claim", id="add-claim"),
        Binding("e", "edit_claim", "Edit", tooltip="Edit the claim", id="edit-claim"),
        Binding("d", "delete_claim", "Delete", tooltip="Delete the claim", id="delete-claim"),
        Binding(
            "A",
            "assign_claim",
            "Assign",
            show=False,
            tooltip="Assign the claim to a reviewer: you, another, or nobody",
            id="assign-claim",
        ),
        Binding(
            "y",
            "copy_claim",
            "Copy",
            show=False,
            tooltip="Copy the claim to your clipboard (through the terminal, over SSH too)",
            id="copy-claim",
        ),
    ]

    @dataclass
    class Updated(Message):
        """The list was redrawn (`claim_id` None: the highlight moves with it, which is a
        message of its own) or one claim in it changed."""

        claim_id: str | None = None

    def __init__(self, sheet: Sheet, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.sheet = sheet
        self.claim_filter = ClaimFilter()
        self.claim_order = "sheet order"
        self.visible_claims: list[Claim] = []
        # Read again only after a change: a filter typed letter by letter reads them often.
        self.all_claims = ClaimRows(sheet)
        self.quote_counts = ByRevision(sheet, ("quotes",), lambda sheet: sheet.quote_counts())
        self.on_updated: Callable[[str | None], None] | None = None  # see `_updated`
        # The claims the last filter was asked of, the filter and the places it let through.
        self._last_filtered: tuple[Sequence[Claim], ClaimFilter, Sequence[int]] | None = None
        # The claim the user is on: where the filter opened, or where they moved since.
        self._before_filter: str | None = None
        # The claim the highlight fell to when the filter hid that one (not a choice).
        self._fallen_to: str | None = None

    def compose(self) -> ComposeResult:
        with Horizontal(id="filter-line"):
            yield Static("Filter ", id="filter-label")
            # Opened again, the filter is added to (its text is not selected to type over).
            yield StillInput(
                id="filter", placeholder=FILTER_HINT, compact=True, select_on_focus=False
            )
        yield ClaimList(id="claims")

    def on_mount(self) -> None:
        self.list.ratings = {rating.key: rating for rating in self.sheet.ratings()}
        self.filter_line.display = False
        self.query_one("#filter", StillInput).on_changed = self.filter_changed

    @property
    def filtering(self) -> bool:
        """Whether a filter is open or in force (esc has it to clear)."""
        lines = self.query("#filter-line")
        return bool(self.claim_filter) or any(line.display for line in lines)

    @property
    def filter_line(self) -> Horizontal:
        return self.query_one("#filter-line", Horizontal)

    @property
    def list(self) -> ClaimList:
        return self.query_one(ClaimList)

    def current_claim(self, *, say: bool = False) -> Claim | None:
        """The highlighted claim; with `say`, a list without one says what to press."""
        claim_id = self.list.current_id
        if claim_id is None:
            if say:
                self.say_no_claim()
            return None
        try:
            return self.sheet.claim(claim_id)
        except FactsheetError:
            return None  # deleted by another process a moment ago

    def say_no_claim(self) -> None:
        """Why no claim is highlighted, and what to press: add one, or clear the filter
        that hides them all."""
        hidden = bool(self.claim_filter) and bool(self.sheet.records("claims"))
        self.notify(NO_CLAIM_SHOWN if hidden else NO_CLAIM, timeout=4)

    def reload(self, keep: str | None = None, or_else: str | None = None) -> None:
        """Rebuild the list after adds, deletes, undo, filter or sort; the highlight on
        `keep` (default: the claim it is on), else on `or_else`, when listed."""
        keep = keep or self.list.current_id
        all_claims, words = self.all_claims.get()
        claims = all_claims
        if self.claim_filter:
            claims = [all_claims[n] for n in self._filtered(all_claims, words)]
        self.visible_claims = sort_claims(claims, self.claim_order, self.sheet.ratings())
        self.list.sorted_by = None if self.claim_order == "sheet order" else self.claim_order
        self.list.empty_message = self.empty_message(all_claims, bool(self.visible_claims))
        self.list.show(self.visible_claims, dict(self.quote_counts.get()), keep, or_else)
        self._updated(None)

    def _filtered(self, claims: Sequence[Claim], words: Sequence[str]) -> Sequence[int]:
        """The places of the claims the filter lets through. A filter typed further (a
        narrower one) looks only among the claims the last one let through, when the
        claims are the same (`ClaimRows` makes new lists after any change)."""
        among: Sequence[int] = range(len(claims))
        last = self._last_filtered
        if last is not None and last[0] is claims and self.claim_filter.narrows(last[1]):
            among = last[2]
        found = self.claim_filter.select(claims, words, among)
        self._last_filtered = (claims, self.claim_filter, found)
        return found

    def _updated(self, claim_id: str | None) -> None:
        """Say the list changed: at once to `on_updated` when it is set (the screen's
        counts and panes then change in the frame that changed the row), else by message."""
        if self.on_updated is not None:
            self.on_updated(claim_id)
        else:
            self.post_message(self.Updated(claim_id))

    def empty_message(self, claims: Sequence[Claim], listed: bool = False) -> str:
        """What the list says when it shows none of the sheet's `claims`: why, and what to
        press (`listed`: it shows some, and the tags need not be looked through)."""
        if self.claim_filter.problems:
            return f"No claim matches: {'; '.join(self.claim_filter.problems)}. esc clears it."
        if claims:
            unknown = () if listed else self.claim_filter.tags_of_none(claims)
            if unknown:
                named = " or ".join(f"“{one_line(value, 40)}”" for value in unknown)
                return f"No claim has a tag beginning with {named}; esc clears the filter."
            return "No claim matches the filter; esc clears it."
        if not self.sheet.writable:
            return "This sheet has no claims (and is read-only)."
        return (
            "No claims yet. Press a to add the claim you are checking. "
            "S lists the sources: there, a adds a web page or a file to quote from. "
            "? shows every key."
        )

    def refresh_claim(self, claim_id: str) -> None:
        """Redraw one claim's row after it changed."""
        claim = self.sheet.claim(claim_id)
        claims = list(self.visible_claims)  # in the list's order: its row is its place
        try:
            at: int | None = self.list.get_row_index(claim.id)
        except KeyError:
            at = None
        if at is not None and at < len(claims) and claims[at].id == claim.id:
            claims[at] = claim
        else:
            claims = [claim if c.id == claim.id else c for c in claims]
        self.visible_claims = claims
        self.list.update_claim(claim, len(self.sheet.quotes(claim.id)))
        self._updated(claim.id)

    # Triage (the screen's keys call these, so that they work from either pane)

    def open_filter(self) -> None:
        # The claim to come back to when the filter, cleared, leaves none highlighted.
        self._before_filter = self.list.current_id or self._before_filter
        self._fallen_to = None
        self.filter_line.display = True
        self.query_one("#filter", Input).focus()

    def clear_filter(self) -> bool:
        """Clear the filter; False when there was none."""
        box = self.query_one("#filter", Input)
        if not (box.value or self.filter_line.display):
            return False
        with box.prevent(Input.Changed):  # listed once, here, not again for the message
            box.value = ""
        self.filter_line.display = False
        if self.claim_filter:
            self.claim_filter = ClaimFilter()
            current = self.list.current_id
            chosen = current is not None and current != self._fallen_to
            self.reload(keep=current if chosen else self._before_filter)
        self._fallen_to = None
        self.list.focus()
        return True

    def filter_changed(self, value: str) -> None:
        """The filter's text changed: the list follows at once (`StillInput.on_changed`),
        the highlight on the claim the user is on whenever the filter lists it (a typo
        taken back brings it back), else where it falls."""
        current = self.list.current_id
        if current is not None and current != self._fallen_to:
            self._before_filter = current  # moved to by the user: the claim they are on
        self.claim_filter = ClaimFilter.parse(value, self.sheet.ratings(), me=self.sheet.reviewer)
        self.reload(keep=self._before_filter, or_else=self._fallen_to)
        now = self.list.current_id
        if now is not None:  # (nothing listed: where it fell is kept for the next letter)
            self._fallen_to = now if now != self._before_filter else None

    @on(Input.Submitted, "#filter")
    def filter_submitted(self) -> None:
        box = self.query_one("#filter", Input)
        if not box.value.strip():
            self.clear_filter()  # an empty filter needs no line of its own
        self.list.focus()

    def next_order(self) -> str:
        orders = list(SORTS)
        self.claim_order = orders[(orders.index(self.claim_order) + 1) % len(orders)]
        self.reload()
        return self.claim_order

    def next_unrated(self) -> bool:
        found = next_unrated(self.visible_claims, self.list.current_id)
        if found is not None:
            self.list.select(found.id)
            self.list.focus()
        return found is not None

    def show_all(self, keep: str) -> None:
        """Clear the filter and show the claim `keep` (a search result, a new claim)."""
        self.claim_filter = ClaimFilter()
        box = self.query_one("#filter", Input)
        with box.prevent(Input.Changed):  # listed once, here
            box.value = ""
        self.filter_line.display = False
        self.reload(keep=keep)

    # Finding text in the list (the find line's Findable)

    find_label = "the claims"

    @property
    def find_widget(self) -> ClaimList:
        return self.list

    def find_cursor(self) -> int:
        return self.list.cursor

    def find_move(self, index: int) -> None:
        self.list.cursor = index

    def find_rows(self) -> Sequence[str]:
        """Each listed claim as the list shows it."""
        labels = {rating.key: rating.label for rating in self.sheet.ratings()}
        return [
            f"{STATUS_LABELS.get(c.status, c.status)} {labels.get(c.rating, c.rating)} "
            f"{c.claimant or ''} {c.text}"
            for c in self.visible_claims
        ]

    # Editing

    @writes
    def action_add_claim(self) -> None:
        from factsheet.ui.screens.forms import ClaimForm  # loaded when a form first opens

        current = self.current_claim()
        form = ClaimForm(self.sheet, source=current.source if current else None)
        form.on_saved = self.claim_added
        self.app.push_screen(form)

    def claim_added(self, claim: Claim) -> None:
        """Show the new claim, highlighted: in a list in sheet order that shows every claim,
        its row is added at the end (the others stay as they are drawn); under a filter
        that lists it, the list is made again; under one that does not, the filter is
        cleared (and it says so)."""
        listed = self.list
        if self.claim_filter and self.claim_filter.matches(claim):
            self.reload(keep=claim.id)  # the filter lists it: it stays
            return
        if (
            self.claim_filter
            or self.filter_line.display
            or self.claim_order != "sheet order"
            or listed.listed(claim.id)
        ):
            if self.claim_filter:
                self.notify("The filter is cleared, to show the new claim.", timeout=4)
            self.show_all(keep=claim.id)
            return
        self.visible_claims = [*self.visible_claims, claim]
        listed.add(claim, len(self.sheet.quotes(claim.id)))
        listed.select(claim.id)
        self._updated(None)

    @needs("claim")
    @writes
    def action_edit_claim(self) -> None:
        from factsheet.ui.screens.forms import ClaimForm

        claim = self.current_claim(say=True)
        if claim is not None:
            form = ClaimForm(self.sheet, claim)
            form.on_saved = self.claim_saved
            self.app.push_screen(form)

    def claim_saved(self, claim: Claim | None) -> None:
        if claim is not None:
            self.refresh_claim(claim.id)

    @needs("claim")
    @writes
    def action_delete_claim(self) -> None:
        from factsheet.ui.screens.forms import ConfirmScreen

        claim = self.current_claim(say=True)
        if claim is None:
            return
        count = len(self.sheet.quotes(claim.id))

        def answer(yes: bool | None) -> None:
            if yes and attempt(self, partial(self.sheet.delete_claim, claim.id), "Claim deleted"):
                self.reload()

        question = f"Delete this claim and its {count} quote(s)?\n\n{one_line(claim.text, 200)}"
        self.app.push_screen(ConfirmScreen(question), answer)

    @needs("claim")
    @writes
    def action_assign_claim(self) -> None:
        """Whom the claim goes to: you, a reviewer the sheet knows, or nobody."""
        from factsheet.ui.screens.forms import ChoiceScreen

        claim = self.current_claim(say=True)
        if claim is None:
            return
        me = self.sheet.reviewer
        known = {entry.by for entry in self.sheet.history()}
        known |= {c.assignee for c in self.sheet.claims() if c.assignee}
        choices = [(f"me ({me})", me)]
        choices += [(name, name) for name in sorted(known - {me, ""})]
        choices.append(("nobody", ""))

        def chosen(name: str | None) -> None:
            if name is None:
                return
            done = f"Assigned to {name or 'nobody'}"
            if attempt(self, partial(self.sheet.assign, claim.id, name), done):
                self.refresh_claim(claim.id)

        now = f" (now: {claim.assignee})" if claim.assignee else ""
        question = f"Assign to whom?{now}\n\n{one_line(claim.text, 120)}"
        self.app.push_screen(ChoiceScreen(question, choices, verb="assign"), chosen)

    @needs("claim")
    def action_copy_claim(self) -> None:
        from factsheet.ui.clipboard import claim_text, copy

        claim = self.current_claim(say=True)
        if claim is not None:
            copy(self, claim_text(claim), "the claim")
