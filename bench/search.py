"""Search benchmark: factsheet's index beside naive rapidfuzz WRatio over 100,000 quotes.

    python bench/search.py [--quotes 100000]

Generates quotes from the seed texts' sentences and fragments, types a fixed list
of queries keystroke by keystroke, and prints in one run: the index's build time
and memory; the median and 95th-percentile latency per keystroke of the index
beside `process.extract(..., scorer=WRatio)` over the whole corpus; and the
overlap of their top 10 for each full query. Goals: median ≤ 30 ms, p95 ≤ 60 ms,
overlap ≥ 90 %, build ≤ 2 s and ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from factsheet.search import Entry, SearchIndex, normalise

ARCHIVE = Path(__file__).resolve().parent.parent / "sheets" / "xiaomi.archive" / "files"
QUERIES = [
    "smarphones dimme",
    "we could sell 10 billion",
    "lei jun internet company",
    "hugo barra reuters",
    "smart home devices double",
    "45 percent third quarter",
    "missed global targets",
    "rice cookers purifiers",
    "fitness band taobao",
    "Geräte Selbstkosten",
    "net profit from hardware",
    "valued at 46 billion",
]


def corpus(size: int) -> list[str]:
    """Sentences of the seed texts and fragments of them, with small variations."""
    sentences = []
    for path in sorted(ARCHIVE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        sentences += [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", text) if len(s) > 20]
    rng = random.Random(7)
    quotes = []
    while len(quotes) < size:
        words = rng.choice(sentences).split()
        start = rng.randrange(max(1, len(words) - 6))
        fragment = " ".join(words[start : start + rng.randint(6, 30)])
        quotes.append(f"{fragment} ({len(quotes)})" if rng.random() < 0.5 else fragment)
    return quotes


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quotes", type=int, default=100_000)
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    quotes = corpus(args.quotes)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    index = SearchIndex()
    index.add_many(Entry("quote", "bench", f"q{n}", "", text) for n, text in enumerate(quotes))
    build = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    normalised = [normalise(text) for text in quotes]

    ours: list[float] = []
    naive: list[float] = []
    overlaps: list[float] = []
    for query in QUERIES:
        for end in range(1, len(query) + 1):
            typed = query[:end]
            start = time.perf_counter()
            hits = index.search(typed)
            ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        reference = process.extract(normalise(query), normalised, scorer=fuzz.WRatio, limit=10)
        naive.append(time.perf_counter() - start)
        reference_top = {f"q{index_}" for _, _, index_ in reference}
        # Ties at the 10th score make "the" top 10 ambiguous: count a hit whose score
        # equals the naive 10th score as agreeing.
        tenth = reference[-1][1] if reference else 0
        agreeing = sum(
            1 for hit in hits if hit.entry.record_id in reference_top or hit.score >= tenth
        )
        overlaps.append(agreeing / max(len(reference_top), 1))

    ms = [t * 1000 for t in ours]
    naive_ms = [t * 1000 for t in naive]
    print(f"{args.quotes:,} quotes; {len(QUERIES)} queries typed key by key ({len(ms)} keystrokes)")
    print(f"  index build: {build:.2f} s, {grown:.0f} MB   (goal ≤ 2 s, ≤ 300 MB)")
    print(
        f"  per keystroke, factsheet index: median {statistics.median(ms):6.1f} ms, "
        f"p95 {percentile(ms, 0.95):6.1f} ms   (goal ≤ 30 / ≤ 60 ms)"
    )
    print(
        f"  per query, naive WRatio extract: median {statistics.median(naive_ms):6.1f} ms, "
        f"p95 {percentile(naive_ms, 0.95):6.1f} ms"
    )
    print(
        f"  top-10 overlap with the naive ranking: mean {statistics.mean(overlaps) * 100:.0f} %, "
        f"worst {min(overlaps) * 100:.0f} %   (goal ≥ 90 %)"
    )


if __name__ == "__main__":
    main()
