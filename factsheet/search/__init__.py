"""Fuzzy search across quotes, claims and rationales, fast enough for every keystroke.

Scoring 100,000 quotes with rapidfuzz's WRatio takes ~600 ms a query, too slow to
type against. The index keeps, for every trigram of the normalised texts, the
documents that contain it; a query counts its trigrams' hits per document, takes
the best-covered few thousand as candidates and ranks only those with WRatio.
Texts that hold the query's words as typed come before fuzzy near-misses (a
search for "Milliarden" shows "10 Milliarden" before "million").

    entries.py   what is searched (Entry) and what a search finds (Hit)
    grams.py     the normal form of a text and its trigrams, many texts at once
    index.py     SearchIndex: postings, edits, candidates, the order of the results
    ranking.py   WRatio scores, the query's words as typed, the matched span, snippets
    kept.py      indexes kept on disk for the CLI (read only as far as a search needs)
    results.py   the results as a list shows them: one row per distinct quote
"""

from __future__ import annotations

from factsheet.search.entries import Entry, Hit, record_entries, sheet_entries
from factsheet.search.grams import distinct, normalise, trigrams
from factsheet.search.index import CANDIDATES, SearchIndex
from factsheet.search.ranking import WordPattern, matched_span, snippet, word_patterns

_distinct = distinct  # provenance's name for it

__all__ = [
    "CANDIDATES",
    "Entry",
    "Hit",
    "SearchIndex",
    "WordPattern",
    "distinct",
    "matched_span",
    "normalise",
    "record_entries",
    "sheet_entries",
    "snippet",
    "trigrams",
    "word_patterns",
]
