"""`factsheet check`: quotes re-anchored after their page changed, lost ones reported."""

from __future__ import annotations

from pathlib import Path

from factsheet import Sheet
from factsheet.archive.fetch import FetchPolicy

from .pages import Site, article_page, serve

LOOPBACK = FetchPolicy(allowed_networks=("127.0.0.1/32",))


def test_check_reanchors_moved_and_changed_quotes_and_flags_lost_ones(
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

        changed = (
            page.replace(b"<article>", b"<article><p>Update: this story was corrected.</p>")
            .replace(b"sales fell by 45 percent", b"sales dropped by 45 percent")
            .replace(b"launching a new product during the event", b"with nothing to launch")
        )
        site.page("/003.html", changed)
        list(sheet.archive([source], policy=LOOPBACK))
        before = path.read_bytes()
        assert {c.quote_id: c for c in sheet.check_quotes()}[lost].after == "not found"
        assert path.read_bytes() == before  # a check changes the sheet only when asked
        checks = {c.quote_id: c for c in sheet.check_quotes(save=True)}
        assert checks[barra].after == "exact" and checks[barra].moved
        assert checks[sales].after == "fuzzy" and 85 <= checks[sales].score < 100
        assert checks[lost].after == "not found"
        text = sheet.source_text(source)
        anchor = sheet.quote(barra).anchor
        assert text[anchor["start"] : anchor["end"]] == "We could sell 10 billion smartphones"
        assert sheet.quote(sales).anchor["exact"].endswith("dropped by 45 percent")

    result = run("check", path)
    assert result.exit_code == 1
    assert f"{lost}" in result.output and "1 quote(s) not found" in result.output
