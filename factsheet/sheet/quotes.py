"""Quotes: the source's own words, anchored in a snapshot's text, and checking that they
still are.

A quote is found from what the reviewer types (or from a span chosen in the source's
text) and stored as the source's words; a typed quote the source words differently is
refused with a MisquoteError that says what the source says, and one that stands in
several places with an AmbiguousQuoteError listing them (see `factsheet.anchor`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, cast

from factsheet import anchor, wording
from factsheet.errors import (
    AmbiguousQuoteError,
    FactsheetError,
    InvalidInputError,
    MisquoteError,
    Occurrence,
    SheetFileError,
)
from factsheet.model import Quote, Snapshot, Source, Stance
from factsheet.safe_text import one_line
from factsheet.sheet.base import SheetBase
from factsheet.sheet.values import QUOTES, choice, required, short
from factsheet.validate import archive_file

if TYPE_CHECKING:
    from factsheet.checks import QuoteCheck
    from factsheet.sheet import Sheet

Span = tuple[int, int, str]  # [start, end) in the snapshot's text named by the third item


class QuoteEdits(SheetBase):
    def add_quote(
        self,
        claim_id: str,
        source_id: str,
        text: str = "",
        *,
        stance: str = Stance.CONTEXT.value,
        note: str = "",
        occurrence: int | None = None,
        prefix: str = "",
        suffix: str = "",
        span: Span | None = None,
        source_words: bool = False,
    ) -> Quote:
        """Link a passage of a source to a claim, stored as the source's own words.

        The passage is what `text` finds in the source's latest snapshot, or the `span`
        of its text chosen by position. Where `text` differs from the source in more than
        typography or a misspelling, MisquoteError says what the source says; with
        `source_words`, the nearest passage's words are taken instead. A passage that
        stands in several places needs `occurrence` (1 = the first) or a `prefix` or
        `suffix` of its context, else AmbiguousQuoteError lists the places.
        """
        claim = self.claim(claim_id)
        source = self.source(source_id)
        stance = choice(stance, Stance, "stance")
        typed = text.strip() if span is None else ""
        if span is None:
            required(text, "quote text")
        found = self._anchor(
            source,
            typed,
            occurrence=occurrence,
            prefix=prefix,
            suffix=suffix,
            span=span,
            source_words=source_words,
        )
        words = anchor.anchor_words(found)
        with self._change(f"add quote to “{short(claim.text)}”") as change:
            self.claim(claim.id)  # still there in the latest contents
            quote = Quote(
                id=self._new_id("q", QUOTES),
                claim=claim.id,
                source=source.id,
                text=words,
                stance=stance,
                note=note.strip(),
                anchor=found,
                created=self._clock(),
                by=self.reviewer,
                typed=typed if typed and typed != words else "",
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
        occurrence: int | None = None,
        prefix: str = "",
        suffix: str = "",
        span: Span | None = None,
        source_words: bool = False,
    ) -> Quote:
        """Change a quote; new text (or a new `span`) is anchored again, as by `add_quote`.
        A value equal to the stored one is no change: it is kept byte for byte."""
        quote = self.quote(quote_id)
        changes: dict[str, Any] = {}
        typed = (text or "").strip()
        if span is not None or (text is not None and typed not in (quote.text, quote.typed)):
            if span is None:
                required(text or "", "quote text")
            found = self._anchor(
                self.source(quote.source),
                typed if span is None else "",
                occurrence=occurrence,
                prefix=prefix,
                suffix=suffix,
                span=span,
                source_words=source_words,
            )
            words = anchor.anchor_words(found)
            changes.update(
                anchor=found, text=words, typed=typed if span is None and typed != words else ""
            )
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

    def set_anchors(self, anchors: Mapping[str, Mapping[str, Any]], *, label: str) -> None:
        """Record where quotes stand now (after `checks` re-anchored them), in one change:
        by quote id, the new anchor and the words it holds ({"anchor": ..., "text": ...})."""
        with self._change(label) as change:
            for quote_id, found in anchors.items():
                if change.get(QUOTES, quote_id) is not None:
                    change.update(QUOTES, quote_id, dict(found))

    def check_quotes(self, *, save: bool = False) -> list[QuoteCheck]:
        """Re-anchor every quote in the latest snapshot of its source; see `checks`."""
        from factsheet import checks

        return checks.check_quotes(cast("Sheet", self), save=save)

    def snapshot_texts(self, source_id: str, snapshot_id: str | None = None) -> dict[str, str]:
        """A snapshot's texts (the latest unless named): the readable text under "article"
        and, where the capture kept it, the page's full visible text under "page"."""
        source = self.source(source_id)
        snapshot = source.latest_snapshot()
        if snapshot_id is not None:
            found = [s for s in source.snapshots if s.get("id") == snapshot_id]
            if not found:
                raise InvalidInputError(f"source {source.id} has no snapshot {snapshot_id!r}")
            snapshot = Snapshot.from_dict(found[0])
        if snapshot is None:
            raise InvalidInputError(f"source {source.id} has no archived text yet")
        texts = {anchor.ARTICLE: self.snapshot_text(source, snapshot)}
        if snapshot.visible:
            texts[anchor.PAGE] = self._archived_text(source, snapshot.visible)
        return texts

    def _archived_text(self, source: Source, relative: str) -> str:
        path = archive_file(self.archive_dir, relative, f"a text of source {source.id}")
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            why = getattr(error, "strerror", None) or "not UTF-8"
            raise SheetFileError(
                f"{path}: a text of source {source.id} cannot be read ({why})"
            ) from None

    def _anchor(
        self,
        source: Source,
        typed: str,
        *,
        occurrence: int | None,
        prefix: str,
        suffix: str,
        span: Span | None,
        source_words: bool,
    ) -> dict[str, Any]:
        """The anchor of the passage `typed` (or `span`) finds in the source's latest
        snapshot: its article text first, then the page's full visible text."""
        snapshot = source.latest_snapshot()
        texts = self.snapshot_texts(source.id)
        assert snapshot is not None  # snapshot_texts() has checked
        if span is not None:
            return _span_anchor(texts, span, snapshot.id, source.id)
        nearest: tuple[anchor.Nearest, str] | None = None
        for within, text in texts.items():
            found = anchor.locate(text, typed, prefix=prefix, suffix=suffix, occurrence=occurrence)
            if isinstance(found, anchor.Match):
                return anchor.selectors(text, found, snapshot.id, within=within)
            if isinstance(found, anchor.Ambiguous):
                raise _ambiguous(source, text, within, found, occurrence)
            if isinstance(found, anchor.Nearest) and nearest is None:
                nearest = (found, within)
        if nearest is not None:
            passage, within = nearest
            if source_words:
                match = anchor.Match(((passage.start, passage.end),), anchor.EXACT)
                return anchor.selectors(texts[within], match, snapshot.id, within=within)
            raise _misquote(source, texts[within], within, passage)
        raise InvalidInputError(_not_there(source, snapshot))


def _span_anchor(
    texts: dict[str, str], span: Span, snapshot_id: str, source_id: str
) -> dict[str, Any]:
    """The anchor of a passage chosen by position, widened to whole words."""
    start, end, within = span
    text = texts.get(within)
    if text is None or not 0 <= start < end <= len(text):
        raise InvalidInputError(f"that passage is not in the latest text of source {source_id}")
    start, end = wording.whole_words(text, start, end)
    if start >= end:
        raise InvalidInputError("select some words first")
    return anchor.selectors(
        text, anchor.Match(((start, end),), anchor.EXACT), snapshot_id, within=within
    )


def _misquote(source: Source, text: str, within: str, passage: anchor.Nearest) -> MisquoteError:
    words = text[passage.start : passage.end]
    differences = [(d.typed, d.source) for d in passage.differences]
    listed = "; ".join(str(d) for d in passage.differences)
    return MisquoteError(
        f"source {source.id} does not say that: it says “{one_line(words, 200)}” ({listed})",
        source_id=source.id,
        typed=passage.typed,
        words=words,
        start=passage.start,
        end=passage.end,
        within=within,
        differences=differences,
        word_marks=[(a - passage.start, b - passage.start) for a, b in passage.source_marks],
        typed_marks=list(passage.typed_marks),
    )


def _ambiguous(
    source: Source, text: str, within: str, found: anchor.Ambiguous, occurrence: int | None
) -> AmbiguousQuoteError:
    count = len(found.matches)
    occurrences = [
        Occurrence(
            match.start,
            match.end,
            within,
            anchor.words_of(text, match.spans),
            text[max(0, match.start - 40) : match.start],
            text[match.end : match.end + 40],
        )
        for match in found.matches
    ]
    if occurrence is not None:
        message = f"occurrence {occurrence} does not exist: the passage stands {count} times"
    else:
        message = (
            f"the passage stands {count} times in source {source.id}: say which one "
            "(an occurrence number, or words just before or after it)"
        )
    return AmbiguousQuoteError(message, source_id=source.id, occurrences=occurrences)


def _not_there(source: Source, snapshot: Snapshot) -> str:
    title = one_line(source.title, 40)
    if snapshot.visible:
        why = ": neither in the article nor anywhere else on the page"
    elif "html" in snapshot.content_type:
        why = (
            ": its readable text leaves out page chrome (menus, captions, footers) and this "
            "snapshot keeps no full page text (archive the page again to quote those)"
        )
    else:
        why = ""
    return (
        f"the quote is not in the text of source {source.id} ({title!r}){why}; see the text "
        f"with `factsheet text SHEET {source.id}` (in the app: S, then enter on the source)"
    )


def quote_problem(sheet: Sheet, quote: Quote) -> str | None:
    """Why a quote's words cannot be shown as its source's (None: they stand, word for word,
    in the text of the snapshot its anchor names)."""
    found = quote.anchor
    if not found:
        return "it is not anchored in any snapshot"
    try:
        texts = sheet.snapshot_texts(quote.source, found["snapshot"])
    except FactsheetError as error:
        return str(error)
    text = texts.get(found.get("within", anchor.ARTICLE))
    if text is None:
        return "its snapshot has no such text"
    if not anchor.stands_in(text, found):
        return "its words are not in its snapshot's text at its place"
    if anchor.words_of(text, anchor.spans_of(found)) != quote.text:
        return "its text is not the words of its snapshot"
    return None
