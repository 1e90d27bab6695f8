"""Provenance on the seed case: the Barra quote in 003 and 004; text reuse between sources."""

from __future__ import annotations

from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.provenance import also_in, shared_passages, source_texts


def test_barras_words_stand_in_003_and_004(run) -> None:
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        texts = source_texts(sheet)
        by_title = {s.title[:20]: s.id for s in sheet.sources()}
        reuters_rewrite = by_title["[untitled] Chinese e"]
        hothardware = by_title["Xiaomi Doesn’t Profi"]
        barra = next(
            q
            for q in sheet.quotes()
            if q.source == reuters_rewrite and q.text.startswith("We could sell 10 billion")
        )
        places = also_in(barra, texts)
    assert [(p.source_id, p.status) for p in places] == [(hothardware, "normalised")]
    reuse = {frozenset((r.first, r.second)): r for r in shared_passages(texts)}
    pair = reuse[frozenset((reuters_rewrite, hothardware))]
    assert any("we could sell 10 billion smartphones" in p for p in pair.passages)
    assert any("basically we're giving [handsets] to you" in p for p in pair.passages)
    output = run("provenance", DEMO_SHEET).output
    assert f"also in: {hothardware} (normalised)" in output
    assert "shared passages" in output


def test_sources_with_nothing_in_common_share_no_passage() -> None:
    texts = {"a": "one two three four five six seven eight nine", "b": "nine eight seven"}
    assert shared_passages(texts) == []
