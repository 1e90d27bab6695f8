"""Passages that sources share: every run of SHINGLE_WORDS words of every text is hashed,
and the hashes sorted, so that sources sharing a run are found in about the total length
of the texts, not the square of the number of sources. A passage on many pages is
listed once as common text (see `PassageIndex.is_common`)."""

from __future__ import annotations

from array import array
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from factsheet.provenance.records import Common, Reuse, SharedText, TextReuse
from factsheet.provenance.text import merge, runs, shingles
from factsheet.search import _distinct


@dataclass
class Shared:
    """Which sources each shared run of words (by hash) stands in: `keys` sorted, the
    sources of keys[k] are members[starts[k]:starts[k + 1]]; `common` runs (on many
    pages) with how many sources have each."""

    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    starts: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    members: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))
    common: dict[int, int] = field(default_factory=dict)


Passage = Callable[[int, int, int], str]  # words [start, end) of text n


def find(
    ids: list[str],
    tokens: list[np.ndarray],
    is_common: Callable[[list[int]], bool],
    passage: Passage,
    size: int,
) -> tuple[TextReuse, Shared]:
    """Pairs of texts (by position) with runs of `size` words in common, most shared first
    (ties in the order of the texts); the same runs by the set of texts that share them
    (one entry for a passage many texts have); runs on many pages listed once as common
    text."""
    hashes = [shingles(words, size) for words in tokens]
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
    by_pair: dict[tuple[int, int], array[int]] = {}  # compact: many pairs share many runs
    by_set: dict[tuple[int, ...], array[int]] = {}  # the runs that exactly these texts share
    common: dict[int, int] = {}
    kept: list[int] = []
    for group in shared.tolist():
        members = owner[starts[group] : starts[group] + counts[group]].tolist()
        value = int(every[starts[group]])
        if is_common(members):
            common[value] = len(members)
            continue
        kept.append(group)
        key = tuple(members)
        if key not in by_set:
            by_set[key] = array("Q")
        by_set[key].append(value)
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                pair = (members[a], members[b])
                if pair not in by_pair:
                    by_pair[pair] = array("Q")
                by_pair[pair].append(value)
    sorted_hashes: dict[int, tuple[np.ndarray, np.ndarray]] = {}

    def passages_of(first: int, values: array[int]) -> list[str]:
        """The passages of text `first` that the runs `values` cover, in order."""
        if first not in sorted_hashes:
            order = np.argsort(hashes[first], kind="stable")
            sorted_hashes[first] = (hashes[first][order], order)
        ordered, order = sorted_hashes[first]
        at = order[np.searchsorted(ordered, np.frombuffer(values, dtype=np.uint64))]
        return [passage(first, a, b) for a, b in merge(np.sort(at).tolist(), size)]

    found: list[tuple[int, int, int, list[str]]] = []
    for (first, second), values in by_pair.items():
        passages = passages_of(first, values)
        found.append((-sum(len(p) for p in passages), first, second, passages))
    found.sort(key=lambda pair: pair[:3])
    by_sources: list[tuple[int, tuple[int, ...], list[str]]] = []
    for texts, values in by_set.items():
        passages = passages_of(texts[0], values)
        by_sources.append((-sum(len(p) for p in passages), texts, passages))
    by_sources.sort(key=lambda entry: entry[:2])
    result = TextReuse(
        pairs=[Reuse(ids[first], ids[second], passages) for _, first, second, passages in found],
        shared=[SharedText([ids[n] for n in texts], passages) for _, texts, passages in by_sources],
        common=_common_passages(hashes, common, passage, size),
    )
    groups = np.array(kept, dtype=np.int64)
    lookup = Shared(
        keys=every[starts[groups]] if len(groups) else np.zeros(0, np.uint64),
        starts=np.r_[0, np.cumsum(counts[groups])].astype(np.int64),
        members=(
            np.concatenate([owner[starts[g] : starts[g] + counts[g]] for g in kept])
            if kept
            else np.zeros(0, np.int64)
        ),
        common=common,
    )
    return result, lookup


def _common_passages(
    hashes: list[np.ndarray], common: dict[int, int], passage: Passage, size: int
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
        for start, end in runs(source_hashes, wanted, size):
            seen = {int(h) for h in source_hashes[start : end - size + 1]} & left
            if seen:
                left -= seen
                found.append(Common(passage(n, start, end), max(common[h] for h in seen)))
    return sorted(found, key=lambda passage: -passage.sources)
