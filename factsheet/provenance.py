"""Where else a quote stands, and which sources share long passages (text reuse).

Three articles quoting one interview are one origin, not three confirmations. A
`PassageIndex` over the sources' texts answers both questions without comparing
every source with every other:

- every word of every (normalised) text has the list of sources it occurs in, so
  "where else does this quote stand" looks only at the few sources holding all its
  words (all but one, for a retyped word), and checks those with `anchor.find_quote`;
- every run of SHINGLE_WORDS words ("shingle") is hashed; sources sharing a shingle
  are found by sorting the hashes, so shared passages cost about the total length of
  the texts, not the square of the number of sources.

A passage on many pages is page chrome (comment forms, "Leave a Reply", share
buttons, cookie banners) or wire copy reprinted everywhere: it is reported once as
common text, not as a shared origin of every pair of sources. "Many" means on at
least three pages of one site, or on 5 % of the sheet's sources (at least ten).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import numpy as np

from factsheet import anchor, textfold, wording
from factsheet.errors import FactsheetError
from factsheet.model import Quote, Source
from factsheet.search import _distinct
from factsheet.sheet import Sheet

SHINGLE_WORDS = 8
ALSO_IN_MIN_SCORE = 90.0
SITE_CHROME_PAGES = 3  # a passage on this many pages of one site is the site's chrome
COMMON_SHARE = 0.05  # ... or on this share of all sources
COMMON_MIN = 10
_VERIFY_LIMIT = 32  # candidate sources checked with find_quote for one quote
# Words: runs of letters and digits; in Chinese, Japanese and Korean (no spaces between
# words) every two characters in a row.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_WORD = re.compile(r"\w+")
_HAS_CJK = re.compile(rf"[{_CJK}]")
_SPLIT_CJK = re.compile(rf"[{_CJK}]+|[^{_CJK}]+")
_MULTIPLIER = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True, slots=True)
class Appearance:
    source_id: str
    status: str
    score: float


@dataclass(frozen=True, slots=True)
class Elsewhere:
    """The other sources that hold a quote's words; `common` when they are so many that the
    passage is page chrome or wire copy rather than a shared origin."""

    places: list[Appearance]
    common: bool = False
    count: int | None = None  # how many other sources, when not all are listed
    at_least: bool = False  # the search stopped once the passage was known to be common

    @property
    def total(self) -> int:
        return len(self.places) if self.count is None else self.count

    @property
    def source_ids(self) -> list[str]:
        return [place.source_id for place in self.places]


@dataclass(frozen=True, slots=True)
class Reuse:
    """Two sources that share passages of at least SHINGLE_WORDS words."""

    first: str
    second: str
    passages: list[str]

    @property
    def longest(self) -> str:
        return max(self.passages, key=len)


@dataclass(frozen=True, slots=True)
class Common:
    """A passage on many pages (chrome or wire copy), and how many sources have it."""

    passage: str
    sources: int


@dataclass
class TextReuse:
    pairs: list[Reuse] = field(default_factory=list)
    common: list[Common] = field(default_factory=list)


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


def fold(text: str) -> str:
    """A text normalised as anchoring does (without the places)."""
    return textfold.fold_text(text, _fold_char)


_fold_char = functools.lru_cache(maxsize=65536)(wording.fold_char)


def words(folded: str) -> list[str]:
    """The words of a normalised text, as the index sees them."""
    if _HAS_CJK.search(folded) is None:
        return _WORD.findall(folded)
    return [folded[start:end] for start, end in _spans(folded)]


def _spans(folded: str) -> list[tuple[int, int]]:
    """Where each of the words of a normalised text stands in it."""
    found = []
    for match in _WORD.finditer(folded):
        start, end = match.span()
        if _HAS_CJK.search(folded, start, end) is None:
            found.append((start, end))
            continue
        for piece in _SPLIT_CJK.finditer(folded, start, end):
            a, b = piece.span()
            if not _HAS_CJK.match(folded, a) or b - a < 2:
                found.append((a, b))
            else:
                found += [(n, n + 2) for n in range(a, b - 1)]
    return found


def _hashes(tokens: list[str]) -> np.ndarray:
    return np.fromiter(map(hash, tokens), dtype=np.int64, count=len(tokens))


class _Postings:
    """Which sources hold each key (a word, a pair of words): sorted keys and their sources."""

    def __init__(self, per_source: list[np.ndarray]) -> None:
        keys = np.concatenate(per_source) if per_source else np.zeros(0, np.int64)
        owners = np.concatenate(
            [np.full(len(k), n, dtype=np.int32) for n, k in enumerate(per_source)]
            or [np.zeros(0, np.int32)]
        )
        order = np.argsort(keys, kind="stable")
        self.keys, self.sources = keys[order], owners[order]

    def holding(self, keys: np.ndarray, count: int) -> np.ndarray:
        """How many of `keys` each of `count` sources holds."""
        left = np.searchsorted(self.keys, keys, side="left")
        right = np.searchsorted(self.keys, keys, side="right")
        slices = [self.sources[a:b] for a, b in zip(left.tolist(), right.tolist(), strict=True)]
        if not slices:
            return np.zeros(count, dtype=np.int64)
        return np.bincount(np.concatenate(slices), minlength=count)


def _appearance(source_id: str, text: str, wanted: str) -> Appearance | None:
    """How `text` holds the passage `wanted`: as anchoring finds it, or (fuzzy) worded a
    little differently, scored by the share of its words that are the same."""
    found = anchor.locate(text, wanted)
    if isinstance(found, anchor.Ambiguous):
        found = found.matches[0]
    if isinstance(found, anchor.Match):
        return Appearance(source_id, found.status, found.score)
    if isinstance(found, anchor.Nearest):
        count = max(1, len(wanted.split()))
        differing = sum(
            max(len(d.typed.split()), len(d.source.split()), 1) for d in found.differences
        )
        return Appearance(
            source_id, anchor.FUZZY, round(100.0 * max(0, count - differing) / count, 1)
        )
    return None


class PassageIndex:
    """Words and shingles of a set of source texts (see the module's docstring)."""

    def __init__(self, texts: Mapping[str, str], sites: Mapping[str, str | None] = {}) -> None:
        self.ids = list(texts)
        self.texts = dict(texts)
        self.position = {source_id: n for n, source_id in enumerate(self.ids)}
        count = len(self.ids)
        self.common_at = max(COMMON_MIN, math.ceil(COMMON_SHARE * count))
        site_numbers: dict[str, int] = {}
        self.site = np.array(
            [
                site_numbers.setdefault(site, len(site_numbers)) if site else -1
                for site in (sites.get(source_id) for source_id in self.ids)
            ],
            dtype=np.int64,
        )
        self.folded: list[str] = []
        self.tokens: list[np.ndarray] = []  # a hash of each word of each text, in order
        distinct_words, distinct_pairs = [], []
        for source_id in self.ids:
            folded = fold(texts[source_id])
            self.folded.append(folded)
            tokens = _hashes(words(folded))
            self.tokens.append(tokens)
            distinct_words.append(_distinct(tokens))
            distinct_pairs.append(_distinct(_pairs(tokens)))
        self._words = _Postings(distinct_words)
        self._pairs = _Postings(distinct_pairs)
        self._shared: dict[int, list[int]] = {}  # shingle -> its sources (shared_passages)
        self._common_hashes: dict[int, int] = {}
        self._word_cache: dict[int, list[tuple[int, int]]] = {}
        self._reuse: TextReuse | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def also_in(self, quote: Quote) -> Elsewhere:
        """The other sources whose text holds the quote (word for word, or nearly)."""
        wanted = (quote.anchor or {}).get("exact") or quote.text
        parts = [part for part in (fold(p).strip() for p in anchor.ELISION.split(wanted)) if part]
        tokens = [_hashes(words(part)) for part in parts]
        typed = sum(len(t) for t in tokens)
        if not typed:
            return Elsewhere([])
        near = typed >= SHINGLE_WORDS  # a word retyped is still "nearly"
        pairs = _distinct(np.concatenate([_pairs(t) for t in tokens]))
        if len(pairs):
            holding = self._pairs.holding(pairs, len(self.ids))
            needed = len(pairs) - (2 if near else 0)
        else:
            keys = _distinct(np.concatenate(tokens))
            holding = self._words.holding(keys, len(self.ids))
            needed = len(keys)
        own = self.position.get(quote.source)
        if own is not None:
            holding[own] = 0
        candidates = np.flatnonzero(holding >= max(needed, 1))
        candidates = candidates[np.argsort(-holding[candidates], kind="stable")]
        full = len(pairs) if len(pairs) else needed
        complete = set(np.flatnonzero(holding >= full).tolist())
        places = self._verify(wanted, parts, candidates.tolist(), complete, near)
        if len(places) >= self.common_at:
            return Elsewhere(places, common=True, at_least=len(candidates) > len(places))
        members = [self.position[place.source_id] for place in places]
        common = bool(places) and self._is_common(members + ([own] if own is not None else []))
        return Elsewhere(places, common)

    def _verify(
        self, wanted: str, parts: list[str], candidates: list[int], complete: set[int], near: bool
    ) -> list[Appearance]:
        """Which candidate sources hold `wanted` (exact, normalised or, with `near`, a word
        retyped); cheap substring checks first, anchoring's own for the few left."""
        joined = " ".join(parts)
        halves = [joined[: len(joined) // 2].strip(), joined[len(joined) // 2 :].strip()]
        near = near and min(len(half) for half in halves) >= 20
        places: list[Appearance] = []
        checked = 0
        for n in candidates:
            if len(places) >= self.common_at:
                break  # common text: enough said
            source_id = self.ids[n]
            text = self.texts[source_id]
            if n in complete and wanted in text:
                places.append(Appearance(source_id, anchor.EXACT, 100.0))
                continue
            folded = self.folded[n]
            if not (
                all(part in folded for part in parts)
                or (near and any(half and half in folded for half in halves))
            ):
                continue
            if checked >= _VERIFY_LIMIT:
                continue
            checked += 1
            place = _appearance(source_id, text, wanted)
            if place is not None and place.score >= ALSO_IN_MIN_SCORE:
                places.append(place)
        places.sort(key=lambda place: self.position[place.source_id])
        return places

    def also_in_all(self, quotes: Iterable[Quote]) -> Iterator[tuple[Quote, Elsewhere]]:
        """Where else each quote stands, for many quotes (`factsheet provenance`): a passage
        of SHINGLE_WORDS or more words in two sources is a passage they share, so only the
        sources that share one with the quote's own are looked at (found by
        `shared_passages`, run first if it has not been); shorter quotes are looked up one by
        one."""
        if self._reuse is None:
            self.shared_passages()
        for quote in quotes:
            own = self.position.get(quote.source)
            wanted = (quote.anchor or {}).get("exact") or quote.text
            parts = [p for p in (fold(p).strip() for p in anchor.ELISION.split(wanted)) if p]
            if own is None or len(parts) != 1:
                yield quote, self.also_in(quote)
                continue
            tokens = [hash(word) for word in words(parts[0])]
            if len(tokens) < SHINGLE_WORDS:
                yield quote, self.also_in(quote)
                continue
            hashes = _shingles_of(tokens, SHINGLE_WORDS)
            common = [self._common_hashes[h] for h in hashes if h in self._common_hashes]
            if common:
                yield quote, Elsewhere([], common=True, count=max(common) - 1)
                continue
            shared = self._shared
            partners = sorted({n for h in hashes if h in shared for n in shared[h]} - {own})
            yield quote, Elsewhere(self._verify(wanted, parts, partners, set(partners), True))

    def _is_common(self, sources: list[int]) -> bool:
        """Whether a passage in these sources (by position) is on many pages."""
        if len(sources) >= self.common_at:
            return True
        sites = self.site[sources]
        sites = sites[sites >= 0]
        return bool(len(sites)) and int(np.bincount(sites).max()) >= SITE_CHROME_PAGES

    def shared_passages(self, size: int = SHINGLE_WORDS) -> TextReuse:
        """Pairs of sources with runs of `size` or more words in common, most shared first;
        passages on many pages are listed once as common text."""
        hashes = [_shingles(tokens, size) for tokens in self.tokens]
        unique = [_distinct(h) for h in hashes]
        every = np.concatenate(unique) if unique else np.zeros(0, np.uint64)
        owner = np.concatenate(
            [np.full(len(u), n, dtype=np.int64) for n, u in enumerate(unique)]
            or [np.zeros(0, dtype=np.int64)]
        )
        order = np.argsort(every, kind="stable")
        every, owner = every[order], owner[order]
        starts = np.flatnonzero(np.r_[True, every[1:] != every[:-1]]) if len(every) else every
        counts = np.diff(np.r_[starts, len(every)])
        shared = np.flatnonzero(counts >= 2)
        result = TextReuse()
        by_pair: dict[tuple[int, int], list[int]] = {}
        common_hashes = self._common_hashes = {}
        for group in shared.tolist():
            members = owner[starts[group] : starts[group] + counts[group]].tolist()
            value = int(every[starts[group]])
            if self._is_common(members):
                common_hashes[value] = len(members)
                continue
            self._shared[value] = members
            for a in range(len(members)):
                for b in range(a + 1, len(members)):
                    by_pair.setdefault((members[a], members[b]), []).append(value)
        sorted_hashes: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for (first, second), values in by_pair.items():
            if first not in sorted_hashes:
                order = np.argsort(hashes[first], kind="stable")
                sorted_hashes[first] = (hashes[first][order], order)
            ordered, order = sorted_hashes[first]
            at = order[np.searchsorted(ordered, np.array(values, np.uint64))]
            runs = _merge(np.sort(at).tolist(), size)
            passages = [self._passage(first, a, b) for a, b in runs]
            result.pairs.append(Reuse(self.ids[first], self.ids[second], passages))
        result.pairs.sort(key=lambda reuse: -sum(len(p) for p in reuse.passages))
        result.common = self._common_passages(hashes, common_hashes, size)
        self._word_cache.clear()
        self._reuse = result
        return result

    def _passage(self, n: int, start: int, end: int) -> str:
        """Words [start, end) of text `n`, as its normalised text has them."""
        spans = self._word_cache.get(n)
        if spans is None:
            spans = self._word_cache[n] = _spans(self.folded[n])
        return self.folded[n][spans[start][0] : spans[end - 1][1]]

    def _common_passages(
        self,
        hashes: list[np.ndarray],
        common: dict[int, int],
        size: int,
    ) -> list[Common]:
        """Each common passage once (as it stands in the first source that has it)."""
        if not common:
            return []
        wanted = np.array(list(common), dtype=np.uint64)
        left = set(common)
        found: list[Common] = []
        for n, source_hashes in enumerate(hashes):
            if not left:
                break
            for start, end in _runs(source_hashes, wanted, size):
                seen = {int(h) for h in source_hashes[start : end - size + 1]} & left
                if seen:
                    left -= seen
                    text = self._passage(n, start, end)
                    found.append(Common(text, max(common[h] for h in seen)))
        return sorted(found, key=lambda passage: -passage.sources)


def _pairs(tokens: np.ndarray) -> np.ndarray:
    """A hash of every two words in a row."""
    with np.errstate(over="ignore"):
        paired: np.ndarray = tokens[:-1] * np.int64(0x100000001B3) + tokens[1:]
    return paired


def _shingles(tokens: np.ndarray, size: int) -> np.ndarray:
    """A 64-bit hash of every run of `size` words (by word id)."""
    count = len(tokens) - size + 1
    if count <= 0:
        return np.zeros(0, dtype=np.uint64)
    values = tokens.astype(np.uint64) + np.uint64(1)
    hashed = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(size):
            hashed = hashed * _MULTIPLIER + values[offset : offset + count]
    return hashed


_MASK = (1 << 64) - 1


def _shingles_of(tokens: list[int], size: int) -> list[int]:
    """`_shingles` for a few words, in plain Python (numpy costs more for a short quote)."""
    multiplier = int(_MULTIPLIER)
    values = [((token & _MASK) + 1) & _MASK for token in tokens]
    found = []
    for start in range(len(values) - size + 1):
        hashed = 0
        for value in values[start : start + size]:
            hashed = (hashed * multiplier + value) & _MASK
        found.append(hashed)
    return found


def _runs(hashes: np.ndarray, wanted: np.ndarray, size: int) -> list[tuple[int, int]]:
    """The [start, end) word ranges covered by the shingles in `wanted`, in order."""
    return _merge(np.flatnonzero(np.isin(hashes, wanted)).tolist(), size)


def _merge(hits: list[int], size: int) -> list[tuple[int, int]]:
    """Shingles starting at `hits` (in order), merged into [start, end) word ranges."""
    runs: list[tuple[int, int]] = []
    for n in hits:
        if runs and n <= runs[-1][1]:
            runs[-1] = (runs[-1][0], n + size)
        else:
            runs.append((n, n + size))
    return runs


def also_in(quote: Quote, texts: Mapping[str, str]) -> list[Appearance]:
    """The other sources whose text holds the quote (for one quote; `PassageIndex` for many)."""
    return PassageIndex(texts).also_in(quote).places


def shared_passages(texts: Mapping[str, str], words: int = SHINGLE_WORDS) -> list[Reuse]:
    """Pairs of sources with runs of `words` or more words in common, most shared first."""
    return PassageIndex(texts).shared_passages(words).pairs


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


def sites_of(sources: Iterable[Source]) -> dict[str, str | None]:
    return {source.id: site_of(source) for source in sources}
