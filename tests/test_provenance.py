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


CHROME = "Leave a Reply. Your email address will not be published. Required fields are marked"


def _page(n: int, body: str) -> str:
    words = " ".join(f"word{n}x{k}" for k in range(40))
    return f"{words}. {body} {words}. {CHROME}"


def test_page_chrome_is_common_text_not_a_shared_origin() -> None:
    from factsheet.provenance import PassageIndex

    wire = "The ministry said exports of handsets fell by a third in the second quarter"
    texts = {f"s-{n}": _page(n, wire if n in (1, 7) else "") for n in range(12)}
    sites = {f"s-{n}": "news.example" if n < 6 else f"other{n}.example" for n in range(12)}
    reuse = PassageIndex(texts, sites).shared_passages()
    assert [(r.first, r.second) for r in reuse.pairs] == [("s-1", "s-7")]  # the wire story
    assert any("leave a reply" in c.passage for c in reuse.common)
    assert all("leave a reply" not in p for r in reuse.pairs for p in r.passages)


def test_also_in_finds_retyped_and_says_when_text_is_common() -> None:
    from factsheet.model import Quote
    from factsheet.provenance import PassageIndex

    wire = "Wir könnten 10 Milliarden Smartphones verkaufen und würden an keinem Gerät verdienen"
    texts = {f"s-{n}": _page(n, wire if n < 3 else "") for n in range(12)}
    texts["s-2"] = texts["s-2"].replace("Milliarden", "Millarden")  # a typo on the page
    index = PassageIndex(texts, {f"s-{n}": f"site{n}.example" for n in range(12)})
    quote = Quote(id="q-1", claim="c-1", source="s-0", text=wire)
    found = index.also_in(quote)
    assert [(p.source_id, p.status) for p in found.places] == [("s-1", "exact"), ("s-2", "fuzzy")]
    assert not found.common
    chrome = Quote(id="q-2", claim="c-1", source="s-0", text=CHROME)
    common = index.also_in(chrome)
    assert common.common and len(common.places) >= 10
    many = {q.id: found for q, found in index.also_in_all([quote, chrome])}
    assert many["q-1"].source_ids == ["s-1", "s-2"]
    assert many["q-2"].common
