"""Quotes: evidence anchored in a source's text, and checking that they still are."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from factsheet import anchor
from factsheet.errors import InvalidInputError
from factsheet.model import Quote, Source, Stance
from factsheet.safe_text import one_line
from factsheet.sheet.base import SheetBase
from factsheet.sheet.values import QUOTES, choice, required, short

if TYPE_CHECKING:
    from factsheet.checks import QuoteCheck
    from factsheet.sheet import Sheet


class QuoteEdits(SheetBase):
    def add_quote(
        self,
        claim_id: str,
        source_id: str,
        text: str,
        *,
        stance: str = Stance.CONTEXT.value,
        note: str = "",
    ) -> Quote:
        """Link a passage of a source to a claim; the passage must be in the source's text."""
        claim = self.claim(claim_id)
        source = self.source(source_id)
        text = required(text, "quote text")
        stance = choice(stance, Stance, "stance")
        found = self._anchor(source, text)
        with self._change(f"add quote to “{short(claim.text)}”") as change:
            self.claim(claim.id)  # still there in the latest contents
            quote = Quote(
                id=self._new_id("q", QUOTES),
                claim=claim.id,
                source=source.id,
                text=text,
                stance=stance,
                note=note.strip(),
                anchor=found,
                created=self._clock(),
                by=self.reviewer,
            )
            change.insert(QUOTES, quote.to_dict())
        return quote

    def edit_quote(
        self,
        quote_id: str,
        *,
        text: str | None = None,
        stance: str | None = None,
        note: str | None = None,
    ) -> Quote:
        """Change a quote; new text is anchored again and must be in the source. A value
        equal to the stored one is no change: it is kept byte for byte."""
        quote = self.quote(quote_id)
        changes: dict[str, Any] = {}
        if text is not None and text != quote.text and text.strip() != quote.text:
            changes["text"] = required(text, "quote text")
            changes["anchor"] = self._anchor(self.source(quote.source), changes["text"])
        if stance is not None:
            changes["stance"] = choice(stance, Stance, "stance")
        if note is not None and note != quote.note:
            changes["note"] = note.strip()
        changes = {key: value for key, value in changes.items() if getattr(quote, key) != value}
        claim = self.claim(quote.claim)
        with self._change(f"edit quote of “{short(claim.text)}”") as change:
            if changes:
                self.quote(quote.id)
                change.update(QUOTES, quote.id, changes)
        return self.quote(quote.id)

    def delete_quote(self, quote_id: str) -> Quote:
        quote = self.quote(quote_id)
        with self._change(f"delete quote “{short(quote.text)}”") as change:
            change.remove(QUOTES, quote.id)
        return quote

    def set_anchors(self, anchors: Mapping[str, dict[str, Any]], *, label: str) -> None:
        """Record where quotes stand now (after `checks` re-anchored them), in one change."""
        with self._change(label) as change:
            for quote_id, found in anchors.items():
                if change.get(QUOTES, quote_id) is not None:
                    change.update(QUOTES, quote_id, {"anchor": found})

    def check_quotes(self, *, save: bool = False) -> list[QuoteCheck]:
        """Re-anchor every quote in the latest snapshot of its source; see `checks`."""
        from factsheet import checks

        return checks.check_quotes(cast("Sheet", self), save=save)

    def _anchor(self, source: Source, text: str) -> dict[str, Any]:
        """Anchor `text` in the source's latest text, or explain that it is not there."""
        snapshot = source.latest_snapshot()
        source_text = self.source_text(source.id)
        assert snapshot is not None  # source_text() has checked
        found = anchor.anchor_in(source_text, text, snapshot.id)
        if found is None:
            title = one_line(source.title, 40)
            raise InvalidInputError(
                f"the quote is not in the text of source {source.id} ({title!r})"
            )
        return found
