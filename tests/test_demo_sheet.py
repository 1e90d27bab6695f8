"""The demo sheet: built from the seed case, reproducible, and showing what the case is for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import DEMO_SHEET, REPO

from factsheet import Sheet, anchor


def open_demo() -> Sheet:
    return Sheet.open(DEMO_SHEET, writable=False)


def claim_with(sheet: Sheet, words: str):
    (claim,) = [claim for claim in sheet.claims() if words in claim.text]
    return claim


def test_every_quote_occurs_in_its_sources_text() -> None:
    with open_demo() as sheet:
        quotes = sheet.quotes()
        assert len(quotes) >= 10
        for quote in quotes:
            text = sheet.source_text(quote.source)
            start, end = quote.anchor["start"], quote.anchor["end"]
            assert text[start:end] == quote.anchor["exact"]
            assert anchor.find_quote(text, quote.text) is not None
            assert quote.anchor["status"] in ("exact", "normalised")


def test_at_least_ten_claims_each_with_claimant_or_none_and_a_quote() -> None:
    with open_demo() as sheet:
        claims = sheet.claims()
        assert len(claims) >= 10
        claimants = {claim.claimant for claim in claims}
        assert {"Lei Jun", "Hugo Barra", "Liu De", "IDC", "the blog's author"} <= claimants
        assert None in claimants
        for claim in claims:
            assert sheet.quotes(claim.id), f"{claim.text} has no quote"


def test_the_barra_quote_stands_in_three_sources_one_german() -> None:
    with open_demo() as sheet:
        claim = claim_with(sheet, "10 billion smartphones")
        sources = {quote.source: sheet.source(quote.source) for quote in sheet.quotes(claim.id)}
        barra = [
            q for q in sheet.quotes(claim.id) if "10 billion" in q.text or "10 Milliarden" in q.text
        ]
        languages = sorted(sources[q.source].language for q in barra)
        assert len({q.source for q in barra}) == 3
        assert languages == ["de", "en", "en"]
        assert "one origin" in claim.rationale


def test_the_45_and_12_percent_figures_disagree_between_003_and_004() -> None:
    with open_demo() as sheet:
        titles = {source.id: source.title for source in sheet.sources()}
        q3_2015 = claim_with(sheet, "third quarter of 2015")
        q3_2016 = claim_with(sheet, "third quarter of 2016")
        for claim in (q3_2015, q3_2016):
            stances = {quote.stance for quote in sheet.quotes(claim.id)}
            assert stances == {"supports", "refutes"}
        assert "Reuters" in titles[q3_2015.source] and "Brandon" not in titles[q3_2015.source]
        assert titles[q3_2016.source].startswith("Xiaomi Doesn’t Profit")
        targets = claim_with(sheet, "missed its global smartphone targets")
        dipped = claim_with(sheet, "dipped 12 %")
        assert {targets.source, dipped.source} == {q3_2015.source, q3_2016.source}


def test_the_margin_arithmetic_is_checked() -> None:
    with open_demo() as sheet:
        margin = claim_with(sheet, "at least 12 %")
        assert margin.rating == "mostly-true"
        assert "11.8 %" in margin.rationale
        assert round(520 / 4400 * 100, 1) == 11.8
        slip = claim_with(sheet, "$564 in profit")
        assert slip.rating == "false"
        assert "$564 million" in slip.rationale
        history = sheet.history(slip.id)
        assert [(h.rating_from, h.rating_to) for h in history] == [("unrated", "false")]


def test_rated_and_unrated_claims_both_exist() -> None:
    with open_demo() as sheet:
        summary = sheet.summary()
        assert summary.verdicts["unrated"] >= 3
        assert summary.verdicts["unproven"] >= 1
        assert sum(n for key, n in summary.verdicts.items() if key != "unrated") >= 5


def test_the_build_script_reproduces_the_shipped_sheet(seeds: Path, tmp_path: Path) -> None:
    out = tmp_path / "xiaomi.json"
    subprocess.run(
        [
            sys.executable,
            str(REPO / "sheets" / "build_xiaomi.py"),
            "--seeds",
            str(seeds),
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == DEMO_SHEET.read_bytes()
    shipped = DEMO_SHEET.with_name("xiaomi.archive")
    rebuilt = tmp_path / "xiaomi.archive"
    shipped_files = sorted(p.relative_to(shipped) for p in shipped.rglob("*.txt"))
    assert shipped_files == sorted(p.relative_to(rebuilt) for p in rebuilt.rglob("*.txt"))
    for relative in shipped_files:
        assert (shipped / relative).read_bytes() == (rebuilt / relative).read_bytes()


def test_the_archive_keeps_the_seed_texts(seeds: Path) -> None:
    with open_demo() as sheet:
        archive = sheet.archive_dir
        for source in sheet.sources():
            seed = seeds / Path(source.location).name
            snapshot = source.latest_snapshot()
            assert (archive / snapshot.original).read_bytes() == seed.read_bytes()
