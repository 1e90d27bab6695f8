"""`factsheet check`: quotes re-anchored after their page changed, lost ones reported."""

from __future__ import annotations

from pathlib import Path

from factsheet import Sheet
from factsheet.archive.fetch import FetchPolicy

from .pages import Site, article_page, serve

LOOPBACK = FetchPolicy(allowed_networks=("127.0.0.1/32",))


def test_check_moves_quotes_and_says_how_the_source_changed_when_its_words_are_gone(
    tmp_path: Path, seeds: Path, run
) -> None:
    site = Site()
    page = article_page(seeds / "003_a188cd6fb3fcff5d.txt")
    site.page("/003.html", page)
    path = tmp_path / "check.json"
    with serve(site) as base, Sheet.create(path, title="Check") as sheet:
        source = sheet.add_source_url(f"{base}/003.html", policy=LOOPBACK).source_id
        claim = sheet.add_claim("Xiaomi makes no money on hardware").id
        barra = sheet.add_quote(claim, source, "We could sell 10 billion smartphones").id
        sales = sheet.add_quote(claim, source, "its smart phone sales fell by 45 percent").id
        lost = sheet.add_quote(claim, source, "launching a new product during the event").id
        assert [c.after for c in sheet.check_quotes()] == ["exact"] * 3
        first_snapshot = sheet.quote(sales).anchor["snapshot"]

        changed = (
            page.replace(b"<article>", b"<article><p>Update: this story was corrected.</p>")
            .replace(b"sales fell by 45 percent", b"sales dropped by 45 percent")
            .replace(b"launching a new product during the event", b"with nothing to launch")
        )
        site.page("/003.html", changed)
        list(sheet.archive([source], policy=LOOPBACK))
        before = path.read_bytes()
        checks = {c.quote_id: c for c in sheet.check_quotes()}
        assert path.read_bytes() == before  # a check changes the sheet only when asked
        assert checks[barra].after == "exact" and checks[barra].moved
        assert checks[sales].after == "changed" and "fell → dropped" in checks[sales].detail
        assert checks[lost].after == "changed" and "no longer has" in checks[lost].detail
        sheet.check_quotes(save=True)
        text = sheet.source_text(source)
        anchor = sheet.quote(barra).anchor
        assert text[anchor["start"] : anchor["end"]] == "We could sell 10 billion smartphones"
        # The changed quote keeps the words its archived snapshot has, and says so.
        kept = sheet.quote(sales)
        assert kept.text == "its smart phone sales fell by 45 percent"
        assert kept.anchor["snapshot"] == first_snapshot and kept.anchor["status"] == "changed"

    result = run("check", path)
    assert result.exit_code == 1
    assert "fell → dropped" in result.output and "2 quote(s)" in result.output


def test_check_on_an_unchanged_snapshot_changes_nothing(tmp_path: Path, seeds: Path, run) -> None:
    site = Site()
    site.page("/003.html", article_page(seeds / "003_a188cd6fb3fcff5d.txt"))
    path = tmp_path / "same.json"
    typed = [
        "We could sell 10 billion smartphones and we wouldn't make a single dime",
        "We could sell 10 bilion smarphones and we wouldnt make a single dime in profits",
        "Chinese electronics upstart Xiaomi [...] a sharp drop in its smart phone sales",
        "\u201cits smartphone sales fell by 45 percent\u201d",
    ]
    with serve(site) as base, Sheet.create(path, title="Same") as sheet:
        source = sheet.add_source_url(f"{base}/003.html", policy=LOOPBACK).source_id
        claim = sheet.add_claim("Xiaomi makes no money on hardware").id
        for text in typed:
            sheet.add_quote(claim, source, text)
        before = path.read_bytes()
        assert all(not c.moved and c.after == c.before for c in sheet.check_quotes(save=True))
        assert path.read_bytes() == before
        list(sheet.archive([source], policy=LOOPBACK))  # the same page again
        checks = sheet.check_quotes(save=True)
        assert all(c.after == c.before and not c.failed for c in checks)
        for quote in sheet.quotes():
            assert quote.anchor["snapshot"] == sheet.source(source).latest_snapshot().id
    assert run("check", path).exit_code == 0
