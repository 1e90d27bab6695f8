"""Sheets shared as documents: filling a new sheet from one, merging one into a sheet."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from factsheet.errors import InvalidInputError, SharedFileError
from factsheet.model import upgrade_quote
from factsheet.sheet.base import SheetBase
from factsheet.sheet.rules import check_written
from factsheet.sheet.values import KINDS, required, web_address
from factsheet.storage.fileformat import META_ID, META_TABLE
from factsheet.storage.layout import kept_apart

if TYPE_CHECKING:
    from factsheet.exchange.merge import MergeReport


def settled_quotes(document: Mapping[str, Any]) -> dict[str, Any]:
    """The document with each quote's text the words its anchor holds (an export from an
    older factsheet kept what was typed there); a quote whose text cannot be the source's
    words is refused with its place."""
    from factsheet.validate import Problem, source_words

    quotes = [upgrade_quote(quote) for quote in document["quotes"]]
    for index, quote in enumerate(quotes):
        try:
            source_words(quote, f"$.quotes[{index}]")
        except Problem as problem:
            raise SharedFileError(str(problem)) from None
    return {**document, "quotes": quotes}


INFO = ("title", "description", "publisher", "publisher_url")


@contextmanager
def read_once() -> Iterator[None]:
    """Sheets opened meanwhile (on this thread) are read for one pass over their records and
    let go, as `factsheet export` reads one: the values records repeat are not made one
    object, which takes a fifth of the open to save memory that only a sheet kept open
    needs (`storage.layout.kept_apart`)."""
    with kept_apart():
        yield


class Sharing(SheetBase):
    def edit_details(
        self,
        *,
        title: str | None = None,
        description: str | None = None,
        publisher: str | None = None,
        publisher_url: str | None = None,
    ) -> None:
        """Change what the sheet says about itself: its title and description, and who
        publishes its fact-checks (the organisation's name and web address; '' clears)."""
        changes: dict[str, Any] = {}
        if title is not None:
            changes["title"] = required(title, "title")
        if description is not None:
            changes["description"] = description.strip()
        if publisher is not None:
            changes["publisher"] = publisher.strip()
        if publisher_url is not None:
            changes["publisher_url"] = web_address(publisher_url, "publisher URL") or ""
        meta = self.meta.to_dict()
        changes = {key: value for key, value in changes.items() if meta.get(key) != value}
        with self._change("edit the sheet's details") as change:
            if changes:
                change.update(META_TABLE, META_ID, changes)

    def import_document(self, document: Mapping[str, Any], *, checked: bool = False) -> None:
        """Fill an empty sheet with a shared document's records and times, exactly as they
        are, except that a quote's text is always its source's words (`settled_quotes`).

        `checked`: the document comes from `exchange.json_format.parse`, which held every
        record to the rules a sheet is opened with (a quote's text its source's words
        among them), so they are not checked again: an import writes each table once
        and checks each record once."""
        from factsheet.exchange.merge import check_ratings

        if not checked:
            document = settled_quotes(document)
        check_ratings(document, {level["key"] for level in document["sheet"]["scale"]})
        with self._change("import", touch=False, check=not checked) as change:
            if any(self._store.records(kind) for kind in KINDS):
                raise InvalidInputError(f"{self.path}: is not empty; merge into it instead")
            info = document["sheet"]
            change.update(
                META_TABLE,
                META_ID,
                {key: info[key] for key in (*INFO, "scale", "created", "updated") if key in info},
            )
            if checked:
                check_written(change.change.ops.values())  # the sheet's details, as given
            for kind in KINDS:
                for record in document[kind]:
                    change.insert(kind, record)

    def merge(
        self, document: Mapping[str, Any], *, base: Mapping[str, Any] | None = None
    ) -> MergeReport:
        """Merge a shared document into this sheet by stable ids, in one change (one undo
        step); with `base` (the document both started from), three-way. See
        `exchange.merge` for what wins."""
        from factsheet.exchange import merge

        document = settled_quotes(document)
        with self._change("merge a shared sheet") as change:
            local = {kind: self._store.records(kind) for kind in KINDS}
            scale = {r.key for r in self.ratings()}
            if base is None:
                puts, report = merge.plan(local, document, scale)
            else:
                puts, report = merge.plan_with_base(local, document, base, scale)
            for kind, record_id, record in puts:
                change.put(kind, record_id, record, None)
        return report
