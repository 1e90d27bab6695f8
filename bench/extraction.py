"""Readable text, measured: trafilatura's settings and factsheet's extraction scored on the
page corpus (tests/archive/corpus): for each page, how many of the sentences that must
be in the readable text are there, and how many pieces of page chrome got in.

    python bench/extraction.py

Each cell is `found/must -chrome`: 5/5 -0 is perfect. The last column is factsheet's
own extraction (the chosen settings, the headline, the fallback).
"""

from __future__ import annotations

import json
from pathlib import Path

from factsheet.archive.text import article_text, charset_of, decode, extract_html

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "archive" / "corpus"
SETTINGS = {
    "default": {},
    "favor_recall": {"favor_recall": True},
    "favor_precision": {"favor_precision": True},
    "no_tables": {"include_tables": False},
}


def flat(text: str) -> str:
    return " ".join(text.split())


def score(text: str, page: dict) -> tuple[int, int, int]:
    """(sentences found, sentences wanted, chrome pieces that got in)."""
    text = flat(text)
    found = sum(1 for sentence in page["must"] if flat(sentence) in text)
    leaked = sum(1 for piece in page["chrome"] if flat(piece) in text)
    return found, len(page["must"]), leaked


def table() -> list[list[str]]:
    pages = json.loads((CORPUS / "corpus.json").read_text(encoding="utf-8"))
    rows = [["page", *SETTINGS, "factsheet"]]
    totals = {name: [0, 0, 0] for name in [*SETTINGS, "factsheet"]}
    for name, page in pages.items():
        html = decode((CORPUS / name).read_bytes(), charset_of(page["content_type"]))
        texts = {key: article_text(html, setting) for key, setting in SETTINGS.items()}
        extracted = extract_html(html)
        texts["factsheet"] = extracted.text
        cells = [name]
        for key, text in texts.items():
            found, wanted, leaked = score(text, page)
            totals[key] = [totals[key][0] + found, totals[key][1] + wanted, totals[key][2] + leaked]
            cells.append(f"{found}/{wanted} -{leaked}")
        cells[-1] += f" ({extracted.method})"
        rows.append(cells)
    rows.append(["total", *(f"{f}/{w} -{c}" for f, w, c in totals.values())])
    return rows


def main() -> None:
    rows = table()
    widths = [max(len(row[n]) for row in rows) for n in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))


if __name__ == "__main__":
    main()
