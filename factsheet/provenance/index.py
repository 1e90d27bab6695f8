"""The passage index: where else a quote's words stand, looked up, not scanned for.

Every word of every (normalised) text has the list of sources it occurs in, so "where
else does this quote stand" looks only at the few sources holding all its words (all but
one, for a retyped word), and checks those with anchoring's own `anchor.locate`. For many
quotes at once (`also_in_all`), a quote of SHINGLE_WORDS words or more is looked for only
in the sources that share a run of words with its own (`reuse.find`), and the anchoring
checks are made together, source by source.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

import numpy as np

from factsheet import anchor, wording
from factsheet.model import Quote
from factsheet.provenance import reuse
from factsheet.provenance.anchoring import appearance, normalised_in, window
from factsheet.provenance.records import Appearance, Check, Elsewhere, Progress, TextReuse
from factsheet.provenance.text import (
    SHINGLE_WORDS,
    codes_of,
    fold,
    origins,
    pairs,
    shingles,
    span_array,
    word_hashes,
)
from factsheet.search import _distinct

ALSO_IN_MIN_SCORE = 90.0
SITE_CHROME_PAGES = 3  # a passage on this many pages of one site is the site's chrome
COMMON_SHARE = 0.05  # ... or on this share of all sources
COMMON_MIN = 10
_VERIFY_LIMIT = 32  # candidate sources checked with anchoring for one quote
_KEPT_ORIGINS = 64  # sources whose character map (`text.origins`) is kept
_EXACT, _CHECK, _SKIP = 2, 1, 0  # what a candidate source is to a quote (`_seen`)
_NEAR_HALF = 20  # characters of the shorter half of a passage looked for as it is (`_seen`)
_NEAR_PLACES = 4  # places of a half beyond which a passage is looked for in the whole text
_NEAR_MARGIN = 64  # characters beyond a passage's length around it given to anchoring


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


@dataclass(frozen=True, slots=True)
class _Plan:
    """What is left to do for one quote once its candidate sources are known."""

    wanted: str
    parts: list[str]
    candidates: list[int]
    near: bool
    own: int | None
    seen: dict[int, int] = field(default_factory=dict)  # candidate: _EXACT, _CHECK or _SKIP


class PassageIndex:
    """Words and runs of words of a set of source texts (see the module's docstring)."""

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
            tokens = word_hashes(folded)
            self.tokens.append(tokens)
            distinct_words.append(_distinct(tokens))
            distinct_pairs.append(_distinct(pairs(tokens)))
        self._words = _Postings(distinct_words)
        self._pairs = _Postings(distinct_pairs)
        self._shared: reuse.Shared | None = None  # runs of SHINGLE_WORDS words, shared
        self._word_cache: dict[int, np.ndarray] = {}  # where each word of text n stands
        self._origins: OrderedDict[int, np.ndarray | None] = OrderedDict()

    def __len__(self) -> int:
        return len(self.ids)

    # One quote

    def also_in(self, quote: Quote, check: Check | None = None) -> Elsewhere:
        """The other sources whose text holds the quote (word for word, or nearly);
        `check` says how source n holds a passage (default: `appearance`)."""
        wanted, parts = _wanted(quote)
        plan = self._plan(quote, wanted, parts, [word_hashes(part) for part in parts])
        return plan if isinstance(plan, Elsewhere) else self._settle(plan, check or self.check)

    def _plan(
        self, quote: Quote, wanted: str, parts: list[str], tokens: list[np.ndarray]
    ) -> _Plan | Elsewhere:
        """The candidate sources for a quote (its `parts` folded, the `tokens` of each):
        those holding its pairs of words (all but two, for a retyped word), or its words
        when it has one."""
        typed = sum(len(t) for t in tokens)
        if not typed:
            return Elsewhere([])
        near = typed >= SHINGLE_WORDS  # a word retyped is still "nearly"
        paired = _distinct(np.concatenate([pairs(t) for t in tokens]))
        if len(paired):
            holding = self._pairs.holding(paired, len(self.ids))
            needed = len(paired) - (2 if near else 0)
        else:
            keys = _distinct(np.concatenate(tokens))
            holding = self._words.holding(keys, len(self.ids))
            needed = len(keys)
        own = self.position.get(quote.source)
        if own is not None:
            holding[own] = 0
        candidates = np.flatnonzero(holding >= max(needed, 1))
        candidates = candidates[np.argsort(-holding[candidates], kind="stable")]
        return _Plan(wanted, parts, candidates.tolist(), near, own)

    def _settle(self, plan: _Plan, check: Check) -> Elsewhere:
        """Which of a plan's candidates hold the quote, and whether that makes it common."""
        places = self._verify(plan, check)
        if len(places) >= self.common_at:
            return Elsewhere(places, common=True, at_least=len(plan.candidates) > len(places))
        own = [] if plan.own is None else [plan.own]
        members = [self.position[place.source_id] for place in places]
        return Elsewhere(places, bool(places) and self.is_common(members + own))

    def _verify(self, plan: _Plan, check: Check) -> list[Appearance]:
        """Which candidate sources hold the passage (exact, normalised or, when `near`, a
        word retyped); cheap substring checks first, anchoring's own for the few left."""
        wanted = plan.wanted
        places: list[Appearance] = []
        checked = 0
        for n in plan.candidates:
            if len(places) >= self.common_at:
                break  # common text: enough said
            seen = plan.seen.get(n)
            if seen is None:  # a plan may be settled twice (`also_in_all`): seen once
                seen = plan.seen[n] = self._seen(plan, n)
            if seen == _EXACT:
                places.append(Appearance(self.ids[n], anchor.EXACT, 100.0))
                continue
            if seen == _SKIP:
                continue
            if checked >= _VERIFY_LIMIT:
                continue
            checked += 1
            place = check(n, wanted)
            if place is not None and place.score >= ALSO_IN_MIN_SCORE:
                places.append(place)
        places.sort(key=lambda place: self.position[place.source_id])
        return places

    def _seen(self, plan: _Plan, n: int) -> int:
        """Whether candidate n holds the plan's passage as it is (_EXACT: its characters,
        on the same word boundaries as in its own source), may hold it
        (_CHECK: its folded text holds the folded passage or, when a word may be retyped,
        half of it) or not (_SKIP)."""
        text = self.texts[self.ids[n]]
        if plan.wanted in text and (
            _stands_as_is(text, plan.wanted) or not self._bounded_in_own(plan)
        ):
            return _EXACT
        folded, parts = self.folded[n], plan.parts
        if all(part in folded for part in parts):
            return _CHECK
        if not plan.near:
            return _SKIP
        joined = " ".join(parts)
        halves = [joined[: len(joined) // 2].strip(), joined[len(joined) // 2 :].strip()]
        if min(len(half) for half in halves) >= _NEAR_HALF and any(
            half in folded for half in halves
        ):
            return _CHECK
        return _SKIP

    def _bounded_in_own(self, plan: _Plan) -> bool:
        """Whether the plan's passage stands in its own source as it is, not beginning or
        ending inside a word there. One that does not (cut inside a word) is the same
        passage in another source where its characters stand, cut the same way; one that
        does is not where those characters end inside a word ("said We", "said Wei")."""
        own = None if plan.own is None else self.texts.get(self.ids[plan.own])
        return own is not None and _stands_as_is(own, plan.wanted)

    def check(self, n: int, wanted: str) -> Appearance | None:
        """How source n holds `wanted` (`appearance`): found in a window of its text when
        anchoring's answer there is sure to be its answer in the whole text; a passage
        worded a little differently, where half of it stands when it is found there
        (`_anchored`)."""
        found = self._in_window(n, wanted)
        if found is not None:
            return found
        return self._anchored(n, wanted)

    def _anchored(self, n: int, wanted: str) -> Appearance | None:
        """`appearance` of `wanted` in source n: in the one place where half of it stands
        word for word when anchoring finds it there (the source then holds it, in those
        words); else in the whole text, as before (a half may stand in a teaser or a
        headline while the passage, a word retyped in each half, stands further on)."""
        decided, found = self._in_near_window(n, wanted)
        if decided:
            return found
        return appearance(self.ids[n], self.texts[self.ids[n]], wanted)

    def _in_near_window(self, n: int, wanted: str) -> tuple[bool, Appearance | None]:
        """`appearance` of `wanted` in the one place of source n where half of it stands
        word for word (`_near_window`), and whether that is anchoring's answer in the
        whole text too: when anchoring finds it there, or when its characters stand
        there as they are (beginning or ending inside a word of the source): no place
        of the text is more like it then. (False, None): look in the whole text."""
        around = self._near_window(n, wanted)
        if around is None:
            return False, None
        start, end = around
        window_text = self.texts[self.ids[n]][start:end]
        found = appearance(self.ids[n], window_text, wanted)
        if found is not None and found.score >= ALSO_IN_MIN_SCORE:
            return True, found
        return wanted.strip() in window_text, None

    def _near_window(self, n: int, wanted: str) -> tuple[int, int] | None:
        """Where in source n a passage worded a little differently from `wanted` stands: the
        characters around the one place where the first or the second half of the folded
        passage stands as it is (the halves `_seen` looks for), widened by the passage's
        length and more on either side and to spaces, so that anchoring sees all of the
        passage and the words around it. None when there is not exactly one such place
        (neither half, or a half in several places), or the passage has an elision mark:
        anchoring then looks in the whole text. Anchoring's nearest-passage search reads
        the whole text into words otherwise (10-15 ms for a long source)."""
        typed = wanted.strip()
        part = fold(typed).strip()
        if len(part) < 2 * _NEAR_HALF or anchor.ELISION.search(typed):
            return None
        folded = self.folded[n]
        middle = len(part) // 2
        places: list[int] = []
        for half, offset in ((part[:middle].strip(), 0), (part[middle:].strip(), middle)):
            at = folded.find(half)
            while at >= 0 and len(places) <= _NEAR_PLACES:
                places.append(max(0, at - offset))
                at = folded.find(half, at + 1)
        if not places or len(places) > _NEAR_PLACES or max(places) - min(places) > len(part):
            return None  # no half, or halves in several places: not one place
        where = self._origins_of(n)
        if where is None:
            return None
        reach = len(part) + _NEAR_MARGIN
        low = int(where[max(0, min(places) - reach)])
        high = int(where[min(len(folded), max(places) + len(part) + reach) - 1]) + 1
        return window(self.texts[self.ids[n]], low, high)

    def _in_window(self, n: int, wanted: str) -> Appearance | None:
        """`appearance` in the few hundred characters around where the folded passage
        stands, when that finds it normalised (same words, other typography). Anchoring
        on the whole text finds the same then: it has no exact occurrence (checked here),
        and a run of the same words in the window is one in the text, since the window
        begins and ends at a space. Anything else (None) is left to the whole text (a
        word retyped, found by `anchor._near`, is looked for in all of it as before)."""
        typed = wanted.strip()
        text = self.texts[self.ids[n]]
        stripped = typed.strip(wording.ENCLOSING_MARKS).strip()
        if not typed or anchor.ELISION.search(typed) or typed in text or stripped in text:
            return None
        part = fold(typed).strip()
        at = self.folded[n].find(part) if part else -1
        if at < 0:
            return None
        where = self._origins_of(n)
        if where is None:
            return None
        start, end = window(text, int(where[at]), int(where[at + len(part) - 1]) + 1)
        if not normalised_in(text[start:end], typed):
            return None
        return Appearance(self.ids[n], anchor.NORMALISED, 100.0)

    def _origins_of(self, n: int) -> np.ndarray | None:
        """`text.origins` of source n (the last few asked for are kept)."""
        if n in self._origins:
            self._origins.move_to_end(n)
            return self._origins[n]
        found = self._origins[n] = origins(self.texts[self.ids[n]], self.folded[n])
        if len(self._origins) > _KEPT_ORIGINS:
            self._origins.popitem(last=False)
        return found

    # Many quotes

    def also_in_all(
        self, quotes: Iterable[Quote], progress: Progress | None = None
    ) -> Iterator[tuple[Quote, Elsewhere]]:
        """Where else each quote stands, for many quotes (`factsheet provenance`): a passage
        of SHINGLE_WORDS or more words in two sources is a passage they share, so only the
        sources that share one with the quote's own are looked at (found by
        `shared_passages`, run first if it has not been); shorter quotes are looked up as
        `also_in` does. The anchoring checks of all quotes are made together, source by
        source (each source's text is read into words once), then each quote settled."""
        shared = self._shared_runs()
        quotes = list(quotes)
        total = 3 * len(quotes)
        plans: list[_Plan | Elsewhere | None] = [None] * len(quotes)
        long: list[tuple[int, str, list[str], int, np.ndarray]] = []
        for done, (quote, (wanted, parts, tokens)) in enumerate(
            zip(quotes, _wanted_all(quotes), strict=True)
        ):
            if progress is not None and done % 1000 == 0:
                progress(done, total)
            own = self.position.get(quote.source)
            if own is not None and len(parts) == 1 and len(tokens[0]) >= SHINGLE_WORDS:
                long.append((done, wanted, parts, own, tokens[0]))
                continue
            plans[done] = self._plan(quote, wanted, parts, tokens)
        for at, made in self._plan_long(long, shared):
            plans[at] = made
        pending: set[tuple[int, str]] = set()
        asked = 0

        def record(n: int, wanted: str) -> None:
            nonlocal asked
            pending.add((n, wanted))
            asked += 1
            return None

        for at, planned in enumerate(plans):  # which checks may be needed (a few more)
            if isinstance(planned, _Plan):
                before = asked
                settled = self._settle(planned, record)
                if asked == before:  # no check needed: that is the answer
                    plans[at] = settled
        found: dict[tuple[int, str], Appearance | None] = {}
        whole: list[tuple[int, str]] = []
        ordered = sorted(pending)
        for done, (n, wanted) in enumerate(ordered):
            if progress is not None and done % 100 == 0:
                progress(len(quotes) + done * len(quotes) // len(ordered), total)
            found[n, wanted] = self._in_window(n, wanted)
            if found[n, wanted] is None:
                decided, found[n, wanted] = self._in_near_window(n, wanted)
                if not decided:
                    whole.append((n, wanted))
        for n, wanted in whole:  # in whole texts, each source's together
            found[n, wanted] = appearance(self.ids[n], self.texts[self.ids[n]], wanted)
        for done, (quote, planned) in enumerate(zip(quotes, plans, strict=True)):
            if progress is not None and done % 1000 == 0:
                progress(2 * len(quotes) + done, total)
            if isinstance(planned, _Plan):
                yield quote, self._settle(planned, lambda n, wanted: found[n, wanted])
            else:
                assert planned is not None
                yield quote, planned

    def _plan_long(
        self, long: list[tuple[int, str, list[str], int, np.ndarray]], shared: reuse.Shared
    ) -> Iterator[tuple[int, _Plan | Elsewhere]]:
        """Plans for quotes of SHINGLE_WORDS words or more, all at once: a quote whose
        every run of words is common text is common; else its candidates are the sources
        that share a run of words with its own (a run of common text in it, a cookie
        banner, says nothing of where the rest of it stands: the others say)."""
        if not long:
            return
        size = SHINGLE_WORDS
        lengths = np.array([len(item[4]) for item in long], dtype=np.int64)
        offsets = np.r_[0, np.cumsum(lengths)[:-1]]
        every = shingles(np.concatenate([item[4] for item in long]), size)
        counts = lengths - size + 1
        quote_of = np.repeat(np.arange(len(long)), counts)
        first = np.r_[0, np.cumsum(counts)[:-1]]
        starts = np.repeat(offsets - first, counts) + np.arange(int(counts.sum()))
        values = every[starts]
        most = np.zeros(len(long), dtype=np.int64)
        common_runs = np.zeros(len(long), dtype=np.int64)
        if shared.common:
            common_keys = np.array(sorted(shared.common), dtype=np.uint64)
            common_counts = np.array([shared.common[k] for k in common_keys.tolist()], np.int64)
            at = np.minimum(np.searchsorted(common_keys, values), len(common_keys) - 1)
            hit = common_keys[at] == values
            np.maximum.at(most, quote_of[hit], common_counts[at[hit]])
            common_runs = np.bincount(quote_of[hit], minlength=len(long))
        partners: dict[int, list[int]] = {}
        if len(shared.keys):
            at = np.minimum(np.searchsorted(shared.keys, values), len(shared.keys) - 1)
            hit = shared.keys[at] == values
            quotes, groups = quote_of[hit], at[hit]
            sizes = shared.starts[groups + 1] - shared.starts[groups]
            owners = np.repeat(quotes, sizes)
            members = shared.members[
                np.repeat(shared.starts[groups] - np.r_[0, np.cumsum(sizes)[:-1]], sizes)
                + np.arange(int(sizes.sum()))
            ]
            own = np.array([item[3] for item in long], dtype=np.int64)
            keep = members != own[owners]
            key = np.unique(owners[keep] * len(self.ids) + members[keep])
            by_quote, sources = np.divmod(key, len(self.ids))
            bounds = np.flatnonzero(np.r_[True, by_quote[1:] != by_quote[:-1]])
            ends = [*bounds[1:].tolist(), len(key)]
            for a, b in zip(bounds.tolist(), ends, strict=True) if len(key) else ():
                partners[int(by_quote[a])] = sources[a:b].tolist()
        for k, (at_quote, wanted, parts, own_n, _) in enumerate(long):
            if most[k] and common_runs[k] == counts[k]:
                yield at_quote, Elsewhere([], common=True, count=int(most[k]) - 1)
                continue
            found = partners.get(k, [])
            yield at_quote, _Plan(wanted, parts, found, True, own_n)

    # Shared passages

    def is_common(self, sources: list[int]) -> bool:
        """Whether a passage in these sources (by position) is on many pages."""
        if len(sources) >= self.common_at:
            return True
        sites = self.site[sources]
        sites = sites[sites >= 0]
        return bool(len(sites)) and int(np.bincount(sites).max()) >= SITE_CHROME_PAGES

    def shared_passages(self, size: int = SHINGLE_WORDS) -> TextReuse:
        """Pairs of sources with runs of `size` or more words in common, most shared first;
        passages on many pages are listed once as common text."""
        found, shared = reuse.find(self.ids, self.tokens, self.is_common, self._passage, size)
        if size == SHINGLE_WORDS:
            self._shared = shared
        self._word_cache.clear()
        return found

    def _shared_runs(self) -> reuse.Shared:
        if self._shared is None:
            self.shared_passages()
        assert self._shared is not None
        return self._shared

    def _passage(self, n: int, start: int, end: int) -> str:
        """Words [start, end) of text `n`, as its normalised text has them."""
        found = self._word_cache.get(n)
        if found is None:  # compact: a list of tuples for every text would be large
            found = span_array(self.folded[n])
            self._word_cache[n] = found
        return self.folded[n][int(found[start, 0]) : int(found[end - 1, 1])]


def _stands_as_is(text: str, wanted: str) -> bool:
    """Whether `wanted` stands in `text` as it is, and not inside a word at either end (as
    anchoring finds an exact quote: "said We" is not in "said Wei")."""
    at = text.find(wanted)
    while at >= 0:
        if not wording.inside_word(text, at) and not wording.inside_word(text, at + len(wanted)):
            return True
        at = text.find(wanted, at + 1)
    return False


def _wanted(quote: Quote) -> tuple[str, list[str]]:
    """The passage a quote stands for (its anchored words, else its text) and its parts
    between elision marks, folded."""
    wanted = (quote.anchor or {}).get("exact") or quote.text
    parts = [part for part in (fold(p).strip() for p in anchor.ELISION.split(wanted)) if part]
    return wanted, parts


_APART = "\x00"  # between quotes folded together: no word, no space, folds to itself


_FOLDED_AT_ONCE = 5000  # quotes


def _wanted_all(quotes: list[Quote]) -> list[tuple[str, list[str], list[np.ndarray]]]:
    """`_wanted` of many quotes, with the `word_hashes` of each part: the quotes folded and
    cut into words together, _FOLDED_AT_ONCE at a time, as one text (much faster than one
    by one); a quote with an elision mark (or a character like `_APART`) on its own."""
    found = []
    for start in range(0, len(quotes), _FOLDED_AT_ONCE):
        found += _wanted_together(quotes[start : start + _FOLDED_AT_ONCE])
    return found


def _wanted_together(quotes: list[Quote]) -> list[tuple[str, list[str], list[np.ndarray]]]:
    """`_wanted_all` of a few thousand quotes."""
    wanted_of = [(quote.anchor or {}).get("exact") or quote.text for quote in quotes]
    together = [at for at, wanted in enumerate(wanted_of) if _APART not in wanted]
    joined = _APART.join(wanted_of[at] for at in together)
    folded = fold(joined)
    at_words = span_array(folded)
    every = word_hashes(folded, at_words)
    starts = at_words[:, 0]
    bounds = np.r_[0, np.searchsorted(starts, np.flatnonzero(codes_of(folded) == 0)), len(starts)]
    found: list[tuple[str, list[str], list[np.ndarray]] | None] = [None] * len(quotes)
    pieces = folded.split(_APART) if together else []
    for k, (at, piece) in enumerate(zip(together, pieces, strict=True)):
        part = piece.strip()
        if part:
            found[at] = (wanted_of[at], [part], [every[bounds[k] : bounds[k + 1]]])
        else:
            found[at] = (wanted_of[at], [], [])
    ends = np.cumsum([len(wanted_of[at]) + 1 for at in together])  # where each ends in `joined`
    elided = {
        together[k]
        for k in np.searchsorted(
            ends, [m.start() for m in anchor.ELISION.finditer(joined)], side="right"
        ).tolist()
    }
    for at, item in enumerate(found):
        if item is None or at in elided:
            _, parts = _wanted(quotes[at])
            found[at] = (wanted_of[at], parts, [word_hashes(part) for part in parts])
    return [item for item in found if item is not None]
