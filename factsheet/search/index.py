"""The search index: trigram postings of every document, candidates by shared trigrams,
ranked with WRatio (see `factsheet.search`).

The postings are built with numpy in one pass (a second or two for 100,000 texts):
every (trigram, document) pair is one 64-bit number, sorted once. Texts added later
(edits) go to a small second set of postings, and replaced texts are only hidden; once
those grow past a share of the whole, everything is rebuilt in one pass again, so that
edits never pile up. Typing one more character adds a trigram or two to the previous
counts instead of starting again.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from factsheet.search.entries import Entry, Hit
from factsheet.search.grams import (
    BUCKET_BITS,
    DOC_BITS,
    DOC_MASK,
    bucket,
    buckets_of,
    distinct,
    normalise,
    normalise_all,
    trigrams,
)
from factsheet.search.ranking import matched_span, scores, unspaced, word_patterns

CANDIDATES = 4000  # measured: top-10 agrees with a full WRatio scan at 100,000 quotes
# A text without the query's words as typed is shown as a near match only from this
# WRatio score on: below it, it is no nearer than any other (a query of nonsense letters
# scores 0-20 against everything; a word with two typos still scores 70 or more).
NEAR_MIN = 50
_CHUNK = 20_000  # texts whose postings are made at once (bounds the memory of a build)
_REBUILD_SHARE = 0.1  # rebuild the postings once this share of documents is new or hidden

Key = tuple[str, str, str]  # kind, sheet, record id


class SearchIndex:
    def __init__(self) -> None:
        # The documents and their normalised texts: lists, or for an index read from disk
        # sequences that read each one when asked (made lists on the first change).
        self._entries: Sequence[Entry] = []
        self._texts: Sequence[str] = []
        self._live = bytearray()  # 1 for a document's current version, 0 once replaced
        self._sizes = array("I")  # how many trigrams each document has
        self._by_key: dict[Key, int] | None = {}  # None: not made yet (an index read from disk)
        self._base = np.zeros(0, dtype=np.int64)  # sorted bucket << DOC_BITS | document
        self._starts = np.zeros((1 << BUCKET_BITS) + 1, dtype=np.int64)
        self._based = 0  # documents [0, _based) are in the base postings
        self._extra: dict[int, array[int]] = {}  # bucket -> later documents
        self._cache: list[tuple[str, np.ndarray]] = []  # counts for the prefixes of a query

    def __len__(self) -> int:
        return self._live.count(1)

    @property
    def entries(self) -> Sequence[Entry]:
        """Every document, the hidden (replaced) ones included: `entries_live` for the rest."""
        return self._entries

    def entries_live(self) -> list[Entry]:
        """The documents the index holds now."""
        return [entry for n, entry in enumerate(self._entries) if self._live[n]]

    def _own(self) -> tuple[list[Entry], list[str], dict[Key, int]]:
        """The documents as lists that can change, and each live one by key."""
        entries = self._entries if isinstance(self._entries, list) else list(self._entries)
        texts = self._texts if isinstance(self._texts, list) else list(self._texts)
        by_key = self._by_key
        if by_key is None:
            by_key = {
                (e.kind, e.sheet, e.record_id): n for n, e in enumerate(entries) if self._live[n]
            }
        self._entries, self._texts, self._by_key = entries, texts, by_key
        return entries, texts, by_key

    # Building

    def add_many(self, entries: Iterable[Entry]) -> None:
        """Add documents (replacing those with the same kind, sheet and record)."""
        entries = list(entries)
        if not self._entries and len(entries) > 1000:
            self._first(entries)
        elif len(entries) > max(1000, len(self._entries) // 10):
            own, texts, by_key = self._own()
            live = self._live
            for entry, text in zip(entries, normalise_all([e.text for e in entries]), strict=True):
                key = (entry.kind, entry.sheet, entry.record_id)
                old = by_key.get(key)
                if old is not None:
                    live[old] = 0
                by_key[key] = len(own)
                own.append(entry)
                texts.append(text)
            self._live.extend(b"\x01" * len(entries))
            self._rebuild()
        else:
            for entry in entries:
                self.add(entry)

    def _first(self, entries: list[Entry]) -> None:
        """The documents of an empty index, in one pass (of records with the same key, the
        last is kept)."""
        by_key = {(e.kind, e.sheet, e.record_id): n for n, e in enumerate(entries)}
        self._entries, self._texts = entries, normalise_all([e.text for e in entries])
        if len(by_key) == len(entries):
            self._live = bytearray(b"\x01" * len(entries))
        else:
            self._live = bytearray(len(entries))
            for doc in by_key.values():
                self._live[doc] = 1
        self._by_key = by_key
        self._rebuild()

    def add(self, entry: Entry) -> None:
        """Add a document, hiding the one it replaces (same kind, sheet and record)."""
        doc = self._put(entry)
        grams = trigrams(self._texts[doc])
        self._sizes[doc] = len(grams)
        for gram in grams:
            found = self._extra.get(bucket(gram))
            if found is None:
                found = self._extra[bucket(gram)] = array("I")
            found.append(doc)
        self._changed()

    def _put(self, entry: Entry) -> int:
        key = (entry.kind, entry.sheet, entry.record_id)
        self._hide(key)
        entries, texts, by_key = self._own()
        doc = len(entries)
        entries.append(entry)
        texts.append(normalise(entry.text))
        self._live.append(1)
        self._sizes.append(0)  # set when its postings are made
        by_key[key] = doc
        return doc

    def replace_sheet(self, sheet: str, entries: Iterable[Entry]) -> None:
        """Make the index hold exactly `entries` for `sheet` (after the sheet changed)."""
        entries = list(entries)
        own, _, by_key = self._own()
        keep = {(e.kind, e.sheet, e.record_id) for e in entries}
        for key in [key for key in by_key if key[1] == sheet and key not in keep]:
            self._hide(key)
        current = {key: own[doc] for key, doc in by_key.items() if key[1] == sheet}
        self.add_many(e for e in entries if current.get((e.kind, e.sheet, e.record_id)) != e)
        self._changed()

    def update(self, sheet: str, entries: Iterable[Entry], gone: Iterable[tuple[str, str]]) -> None:
        """Bring some records of `sheet` up to date: `entries` are their texts now, `gone`
        the (kind, record id) of those that no longer have one."""
        for kind, record_id in gone:
            self._hide((kind, sheet, record_id))
        self.add_many(entries)
        self._changed()

    def remove(self, kind: str, sheet: str, record_id: str) -> None:
        self._hide((kind, sheet, record_id))
        self._changed()

    def _hide(self, key: Key) -> None:
        doc = self._own()[2].pop(key, None)
        if doc is not None:
            self._live[doc] = 0

    def _changed(self) -> None:
        self._cache.clear()
        waste = (len(self._entries) - self._based) + (
            self._based - self._live.count(1, 0, self._based)
        )
        if waste > max(1000, _REBUILD_SHARE * len(self._entries)):
            self._rebuild()

    def _rebuild(self) -> None:
        """All live documents in one set of postings, hidden ones dropped."""
        entries, texts, _ = self._own()
        if self._live.count(0):  # hidden ones are dropped
            live = [doc for doc in range(len(entries)) if self._live[doc]]
            entries = [entries[doc] for doc in live]
            texts = [texts[doc] for doc in live]
            self._entries, self._texts = entries, texts
            self._live = bytearray(b"\x01" * len(live))
            self._by_key = {(e.kind, e.sheet, e.record_id): n for n, e in enumerate(entries)}
        chunks = []
        for first in range(0, len(texts), _CHUNK):
            buckets, docs = buckets_of(texts[first : first + _CHUNK])
            chunks.append(distinct((buckets << DOC_BITS) | (docs + first)))
        # Each chunk is sorted already: a stable sort (timsort) merges the runs.
        base = np.sort(np.concatenate(chunks), kind="stable") if chunks else np.zeros(0, np.int64)
        self._set_base(base, len(entries))

    def _set_base(self, base: np.ndarray, based: int) -> None:
        self._base = base
        self._based = based
        sizes = np.bincount(base & DOC_MASK, minlength=based).astype(np.uint32)
        self._sizes = array("I")
        self._sizes.frombytes(sizes.tobytes())
        # Where each bucket's postings start: the count of those in the buckets before it.
        counts = np.bincount(base >> DOC_BITS, minlength=1 << BUCKET_BITS)
        self._starts = np.concatenate([np.zeros(1, np.int64), np.cumsum(counts)])
        self._extra = {}
        self._cache.clear()

    # Searching

    def search(self, query: str, limit: int = 10, prefer: str | None = None) -> list[Hit]:
        """The `limit` best matches for `query`, best first: texts with the query's words as
        typed first, then by similarity (those of the sheet named `prefer` first among
        equals)."""
        wanted = normalise(query)
        if not wanted or not self._entries:
            return []
        candidates = self._candidates(wanted)
        if len(candidates) == 0:
            return []
        shared = self._cache[-1][1]  # the trigram counts for `wanted`, just computed
        candidates = candidates[np.argsort(-shared[candidates], kind="stable")]
        texts = [self._texts[doc] for doc in candidates.tolist()]
        scored = scores(wanted, texts, limit)
        words = word_patterns(wanted)
        # Texts with every word at a word start have all the query's trigrams but those
        # across a space between words and at its very end.
        # (In Chinese or Japanese a word may stand inside a run of characters, without the
        # trigrams at its start and end.)
        inside = sum(unspaced(word[0]) + unspaced(word[-1]) for word in wanted.split())
        full = len(trigrams(wanted)) - 2 * (len(words) - 1) - 1 - inside
        # The words as typed: checked in the best by similarity and in those that hold every
        # trigram of the query (where the words must be, if anywhere).
        best = np.argsort(-scored, kind="stable")[: limit * 3]
        complete = np.flatnonzero(shared[candidates] >= full)[:2000]
        exact = {
            int(n)
            for n in np.union1d(best, complete).tolist()
            if all(pattern.search(texts[n]) for pattern in words)
        }
        for n in exact:
            if scored[n] == 0:  # below the cut-off: its own score, for showing
                scored[n] = fuzz.WRatio(wanted, texts[n])
        near = {int(n) for n in best.tolist() if scored[n] >= NEAR_MIN}
        order = sorted(
            near | exact,
            key=lambda n: (
                n not in exact,
                -round(float(scored[n]), 1),
                prefer is not None and self._entries[int(candidates[n])].sheet != prefer,
                -int(shared[candidates[n]]),
                int(candidates[n]),
            ),
        )
        hits = []
        for n in order[:limit]:
            doc = int(candidates[n])
            entry = self._entries[doc]
            start, end = matched_span(wanted, entry.text, words if n in exact else [])
            hits.append(Hit(entry, round(float(scored[n]), 1), start, end, n in exact))
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
            counts = self._add_grams(np.zeros(len(self._entries), dtype=np.int32), grams, 1)
        else:
            old = trigrams(base[0])
            counts = self._add_grams(base[1].copy(), old - grams, -1)
            counts = self._add_grams(counts, grams - old, 1)
        self._cache = [entry for entry in self._cache if wanted.startswith(entry[0])][-31:]
        self._cache.append((wanted, counts))
        return counts

    def _add_grams(self, counts: np.ndarray, grams: set[str], sign: int) -> np.ndarray:
        for found in {bucket(gram) for gram in grams}:
            start, end = self._starts[found], self._starts[found + 1]
            if end > start:
                counts[self._base[start:end] & DOC_MASK] += sign
            extra = self._extra.get(found)
            if extra:
                counts[np.frombuffer(extra, dtype=np.uint32)] += sign
        return counts

    # Keeping (see factsheet.search.kept)

    def arrays(self) -> dict[str, Any]:
        """Everything the index is, as its documents, their normalised texts and arrays."""
        return {
            "entries": self._entries,
            "texts": self._texts,
            "live": np.frombuffer(self._live, dtype=np.uint8),
            "base": self._base,
            "starts": self._starts,
            "sizes": np.frombuffer(self._sizes, dtype=np.uint32),
            "based": self._based,
        }

    @classmethod
    def from_arrays(
        cls,
        entries: Sequence[Entry],
        texts: Sequence[str],
        live: np.ndarray,
        base: np.ndarray,
        starts: np.ndarray,
        sizes: np.ndarray,
        based: int,
    ) -> SearchIndex:
        """The index `arrays` described (the documents added since the last full build are
        indexed again, which is quick: they are few). `entries` and `texts` may read each
        document only when it is asked for: searching reads only the candidates."""
        index = cls()
        index._entries, index._texts = entries, texts
        index._live = bytearray(live.tobytes())
        index._by_key = None  # made on the first change
        index._base, index._starts, index._based = base, starts, based
        index._sizes = array("I")
        index._sizes.frombytes(np.asarray(sizes, dtype=np.uint32).tobytes())
        for doc in range(based, len(entries)):
            if index._live[doc]:
                for gram in trigrams(texts[doc]):
                    index._extra.setdefault(bucket(gram), array("I")).append(doc)
        return index
