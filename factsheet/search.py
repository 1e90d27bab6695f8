"""Fuzzy search across quotes, claims and rationales, fast enough for every keystroke.

Scoring 100,000 quotes with rapidfuzz's WRatio takes ~600 ms a query, too slow to
type against. The index keeps, for every trigram of the normalised texts, the
documents that contain it; a query counts its trigrams' hits per document, takes
the best-covered few thousand as candidates and ranks only those with WRatio.
Texts that hold the query's words as typed come before fuzzy near-misses (a
search for "Milliarden" shows "10 Milliarden" before "million").

The postings are built with numpy in one pass (a second or two for 100,000
texts): every (trigram, document) pair is one 64-bit number, sorted once. Texts
added later (edits) go to a small second set of postings, and replaced texts are
only hidden; once those grow past a share of the whole, everything is rebuilt in
one pass again, so that edits never pile up. Typing one more character adds a
trigram or two to the previous counts instead of starting again.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process

CANDIDATES = 4000  # measured: top-10 agrees with a full WRatio scan at 100,000 quotes
_SPACES = re.compile(r"\s+")
_BUCKET_BITS = 22  # trigrams are hashed into 4M buckets (a shared bucket only adds a count)
_DOC_BITS = 40
_DOC_MASK = (1 << _DOC_BITS) - 1
_CHUNK = 20_000  # texts whose postings are made at once (bounds the memory of a build)
_FIRST_SCORED = 400  # candidates scored before the rest are scored against a cut-off
_REBUILD_SHARE = 0.1  # rebuild the postings once this share of documents is new or hidden


def normalise(text: str) -> str:
    return _SPACES.sub(" ", text.casefold()).strip()


def _normalise_all(texts: list[str]) -> list[str]:
    """`normalise` of many texts at once (one pass over all of them)."""
    if any("\x00" in text for text in texts):
        return [normalise(text) for text in texts]
    joined = _SPACES.sub(" ", "\x00".join(texts).casefold())
    return [text.strip() for text in joined.split("\x00")]


def trigrams(text: str) -> set[str]:
    padded = f" {text} "
    return {padded[n : n + 3] for n in range(len(padded) - 2)}


def _bucket(gram: str) -> int:
    a, b, c = (ord(char) for char in gram)
    return ((a * 1_000_003 + b) * 1_000_003 + c) % (1 << _BUCKET_BITS)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (np.unique hashes large arrays, which is far slower)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    kept: np.ndarray = ordered[np.r_[True, ordered[1:] != ordered[:-1]]]
    return kept


def _buckets_of(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every (trigram bucket, text number) of `texts`, as two arrays (with repeats)."""
    joined = "\x00".join(f" {text} " for text in texts)
    codes = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    codes = codes.astype(np.int64)
    if len(codes) < 3:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    a, b, c = codes[:-2], codes[1:-1], codes[2:]
    valid = (a != 0) & (b != 0) & (c != 0)
    buckets = ((a * 1_000_003 + b) * 1_000_003 + c) % (1 << _BUCKET_BITS)
    number = np.cumsum(codes == 0)[:-2]  # which text each position is in
    return buckets[valid], number[valid]


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
    exact: bool = False  # the text holds the query's words as typed


class SearchIndex:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self._texts: list[str] = []  # normalised
        self._live = bytearray()  # 1 for a document's current version, 0 once replaced
        self._sizes = array("I")  # how many trigrams each document has
        self._by_key: dict[tuple[str, str, str], int] = {}
        self._base = np.zeros(0, dtype=np.int64)  # sorted bucket << _DOC_BITS | document
        self._starts = np.zeros((1 << _BUCKET_BITS) + 1, dtype=np.int64)
        self._based = 0  # documents [0, _based) are in the base postings
        self._extra: dict[int, array[int]] = {}  # bucket -> later documents
        self._cache: list[tuple[str, np.ndarray]] = []  # counts for the prefixes of a query

    def __len__(self) -> int:
        return self._live.count(1)

    # Building

    def add_many(self, entries: Iterable[Entry]) -> None:
        """Add documents (replacing those with the same kind, sheet and record)."""
        entries = list(entries)
        if len(entries) > max(1000, len(self.entries) // 10):
            texts = _normalise_all([entry.text for entry in entries])
            by_key, live = self._by_key, self._live
            for entry, text in zip(entries, texts, strict=True):
                key = (entry.kind, entry.sheet, entry.record_id)
                old = by_key.get(key)
                if old is not None:
                    live[old] = 0
                by_key[key] = len(self.entries)
                self.entries.append(entry)
                self._texts.append(text)
            self._live.extend(b"\x01" * len(entries))
            self._rebuild()
        else:
            for entry in entries:
                self.add(entry)

    def add(self, entry: Entry) -> None:
        """Add a document, hiding the one it replaces (same kind, sheet and record)."""
        doc = self._put(entry)
        grams = trigrams(self._texts[doc])
        self._sizes[doc] = len(grams)
        for gram in grams:
            found = self._extra.get(_bucket(gram))
            if found is None:
                found = self._extra[_bucket(gram)] = array("I")
            found.append(doc)
        self._changed()

    def _put(self, entry: Entry) -> int:
        key = (entry.kind, entry.sheet, entry.record_id)
        self._hide(key)
        doc = len(self.entries)
        text = normalise(entry.text)
        self.entries.append(entry)
        self._texts.append(text)
        self._live.append(1)
        self._sizes.append(0)  # set when its postings are made
        self._by_key[key] = doc
        return doc

    def replace_sheet(self, sheet: str, entries: Iterable[Entry]) -> None:
        """Make the index hold exactly `entries` for `sheet` (after the sheet changed)."""
        entries = list(entries)
        keep = {(e.kind, e.sheet, e.record_id) for e in entries}
        for key in [key for key in self._by_key if key[1] == sheet and key not in keep]:
            self._hide(key)
        current = {key: self.entries[doc] for key, doc in self._by_key.items() if key[1] == sheet}
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

    def _hide(self, key: tuple[str, str, str]) -> None:
        doc = self._by_key.pop(key, None)
        if doc is not None:
            self._live[doc] = 0

    def _changed(self) -> None:
        self._cache.clear()
        waste = (len(self.entries) - self._based) + (
            self._based - self._live.count(1, 0, self._based)
        )
        if waste > max(1000, _REBUILD_SHARE * len(self.entries)):
            self._rebuild()

    def _rebuild(self) -> None:
        """All live documents in one set of postings, hidden ones dropped."""
        live = [doc for doc in range(len(self.entries)) if self._live[doc]]
        self.entries = [self.entries[doc] for doc in live]
        self._texts = [self._texts[doc] for doc in live]
        self._live = bytearray(b"\x01" * len(live))
        self._by_key = {(e.kind, e.sheet, e.record_id): n for n, e in enumerate(self.entries)}
        chunks = []
        for first in range(0, len(self._texts), _CHUNK):
            buckets, docs = _buckets_of(self._texts[first : first + _CHUNK])
            chunks.append(_distinct((buckets << _DOC_BITS) | (docs + first)))
        base = np.sort(np.concatenate(chunks)) if chunks else np.zeros(0, np.int64)
        self._set_base(base, len(self.entries))

    def _set_base(self, base: np.ndarray, based: int) -> None:
        self._base = base
        self._based = based
        sizes = np.bincount(base & _DOC_MASK, minlength=based).astype(np.uint32)
        self._sizes = array("I")
        self._sizes.frombytes(sizes.tobytes())
        self._starts = np.searchsorted(base >> _DOC_BITS, np.arange((1 << _BUCKET_BITS) + 1))
        self._extra = {}
        self._cache.clear()

    # Searching

    def search(self, query: str, limit: int = 10) -> list[Hit]:
        """The `limit` best matches for `query`, best first: texts with the query's words as
        typed first, then by similarity."""
        wanted = normalise(query)
        if not wanted or not self.entries:
            return []
        candidates = self._candidates(wanted)
        if len(candidates) == 0:
            return []
        shared = self._cache[-1][1]  # the trigram counts for `wanted`, just computed
        candidates = candidates[np.argsort(-shared[candidates], kind="stable")]
        texts = [self._texts[doc] for doc in candidates.tolist()]
        scores = _scores(wanted, texts, limit)
        words = _word_patterns(wanted)
        # Texts with every word at a word start have all the query's trigrams but those
        # across a space between words and at its very end.
        full = len(trigrams(wanted)) - 2 * (len(words) - 1) - 1
        # The words as typed: checked in the best by similarity and in those that hold every
        # trigram of the query (where the words must be, if anywhere).
        best = np.argsort(-scores, kind="stable")[: limit * 3]
        complete = np.flatnonzero(shared[candidates] >= full)[:2000]
        exact = {
            int(n)
            for n in np.union1d(best, complete).tolist()
            if all(pattern.search(texts[n]) for pattern in words)
        }
        for n in exact:
            if scores[n] == 0:  # below the cut-off: its own score, for showing
                scores[n] = fuzz.WRatio(wanted, texts[n])
        order = sorted(
            {*best.tolist(), *exact},
            key=lambda n: (
                n not in exact,
                -round(float(scores[n]), 1),
                -int(shared[candidates[n]]),
                int(candidates[n]),
            ),
        )
        hits = []
        for n in order[:limit]:
            doc = int(candidates[n])
            entry = self.entries[doc]
            start, end = matched_span(wanted, entry.text, words if n in exact else [])
            hits.append(Hit(entry, round(float(scores[n]), 1), start, end, n in exact))
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
        for bucket in {_bucket(gram) for gram in grams}:
            start, end = self._starts[bucket], self._starts[bucket + 1]
            if end > start:
                counts[self._base[start:end] & _DOC_MASK] += sign
            extra = self._extra.get(bucket)
            if extra:
                counts[np.frombuffer(extra, dtype=np.uint32)] += sign
        return counts

    def entries_live(self) -> list[Entry]:
        """The documents the index holds now."""
        return [entry for n, entry in enumerate(self.entries) if self._live[n]]

    # Keeping

    def arrays(self) -> dict[str, Any]:
        """Everything the index is, as plain data and arrays (for keeping it on disk)."""
        return {
            "entries": [
                (e.kind, e.sheet, e.record_id, e.claim_id, e.text, self._texts[n])
                for n, e in enumerate(self.entries)
            ],
            "live": np.frombuffer(self._live, dtype=np.uint8),
            "base": self._base,
            "starts": self._starts,
            "sizes": np.frombuffer(self._sizes, dtype=np.uint32),
            "based": self._based,
        }

    @classmethod
    def from_arrays(
        cls,
        entries: list[list[str]],
        live: np.ndarray,
        base: np.ndarray,
        starts: np.ndarray,
        sizes: np.ndarray,
        based: int,
    ) -> SearchIndex:
        """The index `arrays` described (the documents added since the last full build are
        indexed again, which is quick: they are few)."""
        index = cls()
        for kind, sheet, record_id, claim_id, text, normalised in entries:
            index.entries.append(Entry(kind, sheet, record_id, claim_id, text))
            index._texts.append(normalised)
        index._live = bytearray(live.tobytes())
        index._by_key = {
            (e.kind, e.sheet, e.record_id): n for n, e in enumerate(index.entries) if index._live[n]
        }
        index._base, index._starts, index._based = base, starts, based
        index._sizes = array("I")
        index._sizes.frombytes(np.asarray(sizes, dtype=np.uint32).tobytes())
        for doc in range(based, len(index.entries)):
            if index._live[doc]:
                for gram in trigrams(index._texts[doc]):
                    index._extra.setdefault(_bucket(gram), array("I")).append(doc)
        return index


def _scores(wanted: str, texts: list[str], keep: int) -> np.ndarray:
    """WRatio of every text (those that cannot make the best `keep` may score 0): the
    likeliest are scored first, and the rest only against the score they must beat."""
    first: np.ndarray = process.cdist(
        [wanted], texts[:_FIRST_SCORED], scorer=fuzz.WRatio, workers=1
    )[0]
    if len(texts) <= _FIRST_SCORED:
        return first
    cutoff = float(np.sort(first)[-min(keep, len(first))])
    rest = process.cdist(
        [wanted], texts[_FIRST_SCORED:], scorer=fuzz.WRatio, score_cutoff=cutoff, workers=1
    )[0]
    scores: np.ndarray = np.concatenate([first, rest])
    return scores


def _word_patterns(wanted: str) -> list[re.Pattern[str]]:
    """Each word of the (normalised) query, at the start of a word."""
    return [re.compile(r"(?<!\w)" + re.escape(word)) for word in wanted.split() if word]


def _same_length_fold(text: str) -> str:
    """`text` case-folded character by character, keeping every character's place ("ß"
    stays "ß": its case folding "ss" is longer)."""
    return "".join(
        folded if len(folded := char.casefold()) == 1 else char.lower()[:1] or char for char in text
    )


def matched_span(
    query: str, text: str, words: list[re.Pattern[str]] | None = None
) -> tuple[int, int]:
    """Where in the (original) text the query matched best, for highlighting: the query's
    words where it holds them as typed, else the most similar part, in whole words."""
    folded = _same_length_fold(text)
    if words:
        spans = [m.span() for m in (pattern.search(folded) for pattern in words) if m]
        if spans:
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            if end - start <= max(len(query) * 2, 40):
                return _whole_words(text, start, end)
            return _whole_words(text, *spans[0])
    found = fuzz.partial_ratio_alignment(query, folded)
    if found is None:
        return 0, 0
    return _whole_words(text, found.dest_start, found.dest_end)


def _whole_words(text: str, start: int, end: int) -> tuple[int, int]:
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < len(text) and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while 0 < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    return start, end


def snippet(hit: Hit, before: int = 40, after: int = 80) -> tuple[str, str, str]:
    """The text around a hit's match, cut at word boundaries: (before, match, after)."""
    text = hit.entry.text
    head = text[max(0, hit.start - before) : hit.start]
    if hit.start > before:
        space = head.find(" ")
        head = "…" + head[space + 1 :] if 0 <= space < len(head) - 1 else "…"
    tail = text[hit.end : hit.end + after]
    if hit.end + after < len(text):
        space = tail.rfind(" ")
        tail = (tail[:space] if space > 0 else tail) + "…"
    return head, text[hit.start : hit.end], tail


def sheet_entries(sheet: Any, name: str) -> list[Entry]:
    """The searchable documents of one open sheet."""
    return record_entries(name, sheet.records("claims"), sheet.records("quotes"))


def record_entries(
    name: str,
    claims: Mapping[str, Mapping[str, Any]],
    quotes: Mapping[str, Mapping[str, Any]],
) -> list[Entry]:
    """The searchable documents of these records of one sheet (a claim gives its text and
    its rationale, a quote its text)."""
    entries = [Entry("claim", name, c["id"], c["id"], c["text"]) for c in claims.values()]
    entries += [
        Entry("rationale", name, c["id"], c["id"], c["rationale"])
        for c in claims.values()
        if c.get("rationale")
    ]
    entries += [Entry("quote", name, q["id"], q["claim"], q["text"]) for q in quotes.values()]
    return entries
