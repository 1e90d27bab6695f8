"""Provenance for an open sheet: its sources' texts and sites, and "also in" for the app."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from factsheet.errors import FactsheetError
from factsheet.model import Quote, Source
from factsheet.provenance.index import PassageIndex
from factsheet.provenance.records import Elsewhere
from factsheet.sheet import Sheet


def source_texts(sheet: Sheet) -> dict[str, str]:
    """The latest readable text of every source that has one."""
    texts = {}
    for source in sheet.sources():
        try:
            texts[source.id] = sheet.source_text(source.id)
        except FactsheetError:
            continue
    return texts


def site_of(source: Source) -> str | None:
    """The site a source is from (the host of its address, else its publisher)."""
    host = urlsplit(source.location).hostname if "://" in source.location else None
    return host or source.publisher or None


def sites_of(sources: Iterable[Source]) -> dict[str, str | None]:
    return {source.id: site_of(source) for source in sources}


class AlsoIn:
    """Where else the quotes of one open sheet stand: the index is built on first use (on a
    worker: the evidence pane asks for the highlighted quote) and again only for the sources
    whose text changed."""

    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.index: PassageIndex | None = None
        self._revision = -1
        self._texts: dict[str, tuple[str, str]] = {}  # source id -> (snapshot text path, text)
        self._found: dict[tuple[str, str, int], Elsewhere] = {}

    def ready(self) -> PassageIndex:
        """The index for the sheet's sources as they are now (built or brought up to date)."""
        revision = self.sheet.revision("sources")
        if self.index is None or revision != self._revision:
            texts, sites = {}, {}
            kept = {}
            for source in self.sheet.sources():
                snapshot = source.latest_snapshot()
                if snapshot is None or not snapshot.text:
                    continue
                known = self._texts.get(source.id)
                if known is not None and known[0] == snapshot.text:
                    text = known[1]
                else:
                    try:
                        text = self.sheet.snapshot_text(source, snapshot)
                    except FactsheetError:
                        continue
                kept[source.id] = (snapshot.text, text)
                texts[source.id] = text
                sites[source.id] = site_of(source)
            self._texts = kept
            self.index, self._revision = PassageIndex(texts, sites), revision
            self._found.clear()
        return self.index

    def find(self, quote: Quote) -> Elsewhere:
        """The other sources holding the quote's words."""
        index = self.ready()
        key = (quote.id, quote.text, self._revision)
        found = self._found.get(key)
        if found is None:
            found = self._found[key] = index.also_in(quote)
        return found
