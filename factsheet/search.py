"""Fuzzy search across quotes, claims and rationales, fast enough for every keystroke.

Scoring 100,000 quotes with rapidfuzz's WRatio takes ~600 ms a query, too slow to
type against. The index keeps, for every trigram of the normalised texts, the
documents that contain it; a query counts its trigrams' hits per document with
numpy, takes the best-covered few hundred as candidates, and ranks only those
with WRatio. Typing one more character adds one trigram to the previous counts
instead of starting again. Documents can be added and replaced at any time (the
old version is hidden), so the index stays right while a sheet is edited.
"""

from __future__ import annotations

import array
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

CANDIDATES = 6000  # measured: top-10 agrees with a full WRatio scan at 100,000 quotes
_SPACES = re.compile(r"\s+")


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip()


def trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[n : n + 3] for n in range(len(padded) - 2)}


@dataclass(frozen=True, slots=True)
class Entry:
    """What a document is: its kind (quote, claim, rationale), where it lives, its text."""

    kind: str
    sheet: str
    record_id: str
    claim_id: str
    text: str


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float
    start: int  # the matched part of entry.text, for highlighting
    end: int


class SearchIndex:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._texts: list[str] = []  # normalised
        self._live = bytearray()  # 1 for a document's current version, 0 once replaced
        self._sizes = array.array("I")  # how many trigrams each document has
        self._postings: dict[str, array.array[int]] = {}
        self._by_key: dict[tuple[str, str, str], int] = {}
        self._cache: list[tuple[str, np.ndarray]] = []  # counts for the prefixes of a query

    def __len__(self) -> int:
        return self._live.count(1)

    def add_many(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add a document, hiding the one it replaces (same kind, sheet and record)."""
        key = (entry.kind, entry.sheet, entry.record_id)
        self.remove(*key)
        doc = len(self.entries)
        text = normalise(entry.text)
        self.entries.append(entry)
        self._texts.append(text)
        self._live.append(1)
        self._by_key[key] = doc
        postings = self._postings
        grams = trigrams(text)
        self._sizes.append(len(grams))
        for gram in grams:
            found = postings.get(gram)
            if found is None:
                found = postings[gram] = array.array("I")
            found.append(doc)
        self._cache.clear()

    def replace_sheet(self, sheet: str, entries: Iterable[Entry]) -> None:
        """Make the index hold exactly `entries` for `sheet` (after the sheet changed)."""
        entries = list(entries)
        keep = {(e.kind, e.sheet, e.record_id) for e in entries}
        for key in [key for key in self._by_key if key[1] == sheet and key not in keep]:
            self.remove(*key)
        current = {key: self.entries[doc] for key, doc in self._by_key.items() if key[1] == sheet}
        for entry in entries:
            if current.get((entry.kind, entry.sheet, entry.record_id)) != entry:
                self.add(entry)

    def remove(self, kind: str, sheet: str, record_id: str) -> None:
        doc = self._by_key.pop((kind, sheet, record_id), None)
        if doc is not None:
            self._live[doc] = 0
            self._cache.clear()

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The `limit` best matches for `query`, best first."""
        wanted = normalise(query)
        if not wanted or not self.entries:
            return []
        candidates = self._candidates(wanted)
        if len(candidates) == 0:
            return []
        shared = self._cache[-1][1]  # the trigram counts for `wanted`, just computed
        choices = {int(doc): self._texts[doc] for doc in candidates}
        ranked = process.extract(wanted, choices, scorer=fuzz.WRatio, limit=limit * 3)
        # Equal WRatio scores are common; the text holding more of the query's trigrams
        # (more of its words) comes first, then a stable order.
        ranked.sort(key=lambda found: (-round(found[1], 1), -int(shared[found[2]]), found[2]))
        hits = []
        for _, score, doc in ranked[:limit]:
            entry = self.entries[doc]
            start, end = _matched_span(wanted, entry.text)
            hits.append(Hit(entry, round(score, 1), start, end))
        return hits

    def _candidates(self, wanted: str) -> np.ndarray:
        """The documents sharing the most trigrams with the query (substring hits for
        one- or two-letter queries that no trigram covers)."""
        live = np.frombuffer(self._live, dtype=np.uint8).astype(bool)
        counts = np.where(live, self._counts(wanted), 0)
        matched = np.flatnonzero(counts)
        if len(matched) == 0 and len(wanted) < 3:
            hits = [doc for doc, text in enumerate(self._texts) if live[doc] and wanted in text]
            return np.array(hits[:CANDIDATES], dtype=np.int64)
        if len(matched) <= CANDIDATES:
            return matched
        # Both the documents with the most query trigrams (long passages that hold the
        # words) and those where they weigh most (short quotes WRatio favours: Dice).
        shared = counts[matched].astype(np.float32)
        sizes = np.frombuffer(self._sizes, dtype=np.uint32)[matched]
        dice = shared / (sizes + len(trigrams(wanted)))
        half = CANDIDATES // 2
        most = np.argpartition(-shared, half)[:half]
        densest = np.argpartition(-dice, half)[:half]
        return matched[np.union1d(most, densest)]

    def _counts(self, wanted: str) -> np.ndarray:
        """Trigram hits per document, derived from the longest cached prefix of the query:
        typing a character changes a trigram or two, not the whole count."""
        grams = trigrams(wanted)
        base = next((entry for entry in reversed(self._cache) if wanted.startswith(entry[0])), None)
        if base is None:
            counts = self._add_grams(np.zeros(len(self.entries), dtype=np.int32), grams, 1)
        else:
            old = trigrams(base[0])
            counts = self._add_grams(base[1].copy(), old - grams, -1)
            counts = self._add_grams(counts, grams - old, 1)
        self._cache = [entry for entry in self._cache if wanted.startswith(entry[0])][-31:]
        self._cache.append((wanted, counts))
        return counts

    def _add_grams(self, counts: np.ndarray, grams: set[str], sign: int) -> np.ndarray:
        for gram in grams:
            postings = self._postings.get(gram)
            if postings:
                counts[np.frombuffer(postings, dtype=np.uint32)] += sign
        return counts


def _matched_span(query: str, text: str) -> tuple[int, int]:
    """Where in the (original) text the query matched best, for highlighting."""
    found = fuzz.partial_ratio_alignment(query, text.casefold())
    if found is None:
        return 0, 0
    start, end = found.dest_start, found.dest_end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def sheet_entries(sheet: Any, name: str) -> list[Entry]:
    """The searchable documents of one open sheet."""
    entries = [Entry("claim", name, c.id, c.id, c.text) for c in sheet.claims()]
    entries += [
        Entry("rationale", name, c.id, c.id, c.rationale) for c in sheet.claims() if c.rationale
    ]
    entries += [Entry("quote", name, q.id, q.claim, q.text) for q in sheet.quotes()]
    return entries
