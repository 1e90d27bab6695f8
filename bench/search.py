"""Search benchmark on realistic sheets: factsheet's index beside naive rapidfuzz WRatio and
an SQLite FTS5 trigram index, in the same run.

    python bench/search.py [--sizes 1000 10000 100000]

For each size a sheet is generated (bench/corpus.py) and its quotes, claims and
rationales are indexed. Queries are passages of the corpus retyped with a typo, words
in the wrong order, single rare words and German words with ß and umlauts; each is
typed key by key. Printed per size: the index build (time and memory) beside building
the FTS5 trigram index; per keystroke median and p95 beside a naive
`process.extract(..., scorer=WRatio)` over every text and beside an FTS5 query for the
exact substring (the floor for what an index answers); how good the top 10 is (the
share of the naive WRatio top 10 our candidates hold, by score; and whether texts with
the words as typed come first); and `factsheet search` from the shell, end to end, the
first time (index made and kept) and again (index reused). Goals at 100k quotes: build
≤ 3 s; median ≤ 30 ms, p95 ≤ 60 ms; top 10 as good as naive WRatio; the CLI ≤ 1 s.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import factsheet, percentile, table
from corpus import build, size_label, write

from factsheet.search import SearchIndex, normalise, record_entries
from factsheet.search import word_patterns as _word_patterns
from factsheet.search.index import NEAR_MIN


def queries(texts: list[str], count: int = 16) -> list[str]:
    """Passages of the corpus as a reviewer would type them from memory."""
    rng = random.Random(5)
    found = ["ist gross", "Milliarden Gewinn", "smarphones dimme"]
    while len(found) < count:
        words = rng.choice(texts).split()
        if len(words) < 4:
            continue
        start = rng.randrange(len(words) - 2)
        picked = words[start : start + rng.randint(2, 4)]
        roll = rng.random()
        if roll < 0.3 and len(picked[0]) > 4:  # a typo
            word = picked[0]
            picked[0] = word[:2] + word[3] + word[2] + word[4:]
        elif roll < 0.5:
            picked.reverse()
        elif roll < 0.6:
            picked = [max(picked, key=len)]
        found.append(" ".join(picked).strip(".,;:“”„\"'"))
    return found


def fts_index(texts: list[str]) -> tuple[sqlite3.Connection, float]:
    db = sqlite3.connect(":memory:")
    start = time.perf_counter()
    db.execute("CREATE VIRTUAL TABLE docs USING fts5(text, tokenize='trigram')")
    db.executemany("INSERT INTO docs(rowid, text) VALUES (?, ?)", enumerate(texts))
    db.commit()
    return db, time.perf_counter() - start


def fts_query(db: sqlite3.Connection, typed: str) -> list[int]:
    if len(typed) < 3:
        return []
    quoted = '"' + typed.replace('"', '""') + '"'
    rows = db.execute("SELECT rowid FROM docs WHERE docs MATCH ? LIMIT 10", (quoted,))
    return [row[0] for row in rows]


def bench(size: int, work: Path) -> None:
    corpus = build(size)
    sheet = write(corpus, work / "bench.json")
    entries = record_entries("bench.json", corpus.tables["claims"], corpus.tables["quotes"])
    texts = [entry.text for entry in entries]
    normalised = [normalise(text) for text in texts]

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    index = SearchIndex()
    index.add_many(entries)
    built = time.perf_counter() - start
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    db, fts_built = fts_index(normalised)

    ours: list[float] = []
    fts: list[float] = []
    naive: list[float] = []
    recall: list[float] = []
    exact_first: list[bool] = []
    asked = queries(texts)
    for query in asked:
        for end in range(1, len(query) + 1):
            typed = query[:end]
            start = time.perf_counter()
            hits = index.search(typed)
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            fts_query(db, normalise(typed))
            fts.append(time.perf_counter() - start)
        wanted = normalise(query)
        start = time.perf_counter()
        process.extract(wanted, normalised, scorer=fuzz.WRatio, limit=10)
        naive.append(time.perf_counter() - start)
        # The same ranking (words as typed first, then WRatio) computed naively over every
        # text: how much of its top 10 ours matches, by (tier, score); ties make "the" top
        # 10 ambiguous, so ranks are compared, not ids.
        scores = process.cdist([wanted], normalised, scorer=fuzz.WRatio, workers=1)[0]
        patterns = _word_patterns(wanted)
        ranked = sorted(
            (
                (all(p.search(text) for p in patterns), round(float(score), 1))
                for text, score in zip(normalised, scores, strict=True)
            ),
            reverse=True,
        )[:10]
        # A text without the words as typed that scores under NEAR_MIN is not a result
        # (nonsense letters score 0-20 against everything): not counted as missed.
        ranked = [(exact, score) for exact, score in ranked if exact or score >= NEAR_MIN]
        if not ranked:
            continue
        mine = sorted(
            ((hit.exact, round(fuzz.WRatio(wanted, normalise(hit.entry.text)), 1)) for hit in hits),
            reverse=True,
        )
        recall.append(sum(1 for a, b in zip(ranked, mine, strict=False) if b >= a) / len(ranked))
        flags = [hit.exact for hit in hits]
        exact_first.append(flags == sorted(flags, reverse=True))

    ms = [t * 1000 for t in ours]
    fts_ms = [t * 1000 for t in fts]
    naive_ms = [t * 1000 for t in naive]
    first = factsheet(["search", "Milliarden Gewinn", sheet], work)
    again = [factsheet(["search", query, sheet], work) for query in asked[:5]]
    shell = statistics.median(run.seconds for run in again)
    rows = [
        (
            "index build",
            f"{built:.2f} s, {grown:.0f} MB",
            f"FTS5 trigram build {fts_built:.2f} s",
            "≤ 3 s",
        ),
        (
            "per keystroke, median",
            f"{statistics.median(ms):.1f} ms",
            f"naive WRatio {statistics.median(naive_ms):.0f} ms; FTS5 exact "
            f"{statistics.median(fts_ms):.1f} ms",
            "≤ 30 ms",
        ),
        (
            "per keystroke, p95",
            f"{percentile(ms, 0.95):.1f} ms",
            f"naive WRatio {percentile(naive_ms, 0.95):.0f} ms; FTS5 exact "
            f"{percentile(fts_ms, 0.95):.1f} ms",
            "≤ 60 ms",
        ),
        (
            "top 10 vs a full scan",
            f"{statistics.mean(recall) * 100:.0f} % (worst {min(recall) * 100:.0f} %)",
            "full scan, same ranking: 100 %",
            "as good",
        ),
        (
            "words as typed first",
            f"{sum(exact_first)}/{len(exact_first)} queries",
            "naive WRatio: not ranked so",
            "all",
        ),
        ("factsheet search, first", first.shown, "(index made and kept)", ""),
        ("factsheet search, again", f"{shell:.2f} s", "(kept index reused)", "≤ 1 s"),
    ]
    table(
        f"{size_label(size)} quotes: {len(entries):,} texts, {len(asked)} queries typed key by "
        f"key ({len(ms)} keystrokes)",
        rows,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    args = parser.parse_args()
    print(__doc__.splitlines()[0])
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as work:
            os.environ["XDG_CACHE_HOME"] = str(Path(work) / "cache")  # a cold cache per size
            bench(size, Path(work))


if __name__ == "__main__":
    main()
