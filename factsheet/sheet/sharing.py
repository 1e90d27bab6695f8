"""Sheets shared as documents: filling a new sheet from one, merging one into a sheet."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from factsheet.errors import InvalidInputError
from factsheet.sheet.base import SheetBase
from factsheet.sheet.values import KINDS
from factsheet.storage.fileformat import META_ID, META_TABLE

if TYPE_CHECKING:
    from factsheet.exchange.merge import MergeReport


class Sharing(SheetBase):
    def import_document(self, document: Mapping[str, Any]) -> None:
        """Fill an empty sheet with a shared document's records and times, exactly as they
        are (the document has been checked by `exchange.json_format.parse`)."""
        from factsheet.exchange.merge import check_ratings

        check_ratings(document, {level["key"] for level in document["sheet"]["scale"]})
        with self._change("import", touch=False) as change:
            if any(self._store.records(kind) for kind in KINDS):
                raise InvalidInputError(f"{self.path}: is not empty; merge into it instead")
            info = document["sheet"]
            change.update(
                META_TABLE,
                META_ID,
                {key: info[key] for key in ("title", "description", "scale", "created", "updated")},
            )
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
