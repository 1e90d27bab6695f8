"""Publishing: ClaimReview that Google accepts, a Markdown report whose every quote is its
archived source's words, and the publish check."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import DEMO_SHEET

from factsheet import Sheet, anchor
from factsheet.checks import publish_findings
from factsheet.exchange import claimreview, markdown

REQUIRED = ("url", "claimReviewed", "reviewRating", "author")
RECOMMENDED = ("datePublished", "itemReviewed")


def published(path: Path) -> None:
    """The sheet's publisher, and each rated claim's fact-check URL and claimant kind."""
    with Sheet.open(path) as sheet:
        sheet.edit_details(publisher="Factsheet Desk", publisher_url="https://desk.example/")
        for claim in sheet.claims():
            if claim.rating != "unrated":
                sheet.edit_claim(
                    claim.id,
                    review_url=f"https://desk.example/checks/{claim.id}",
                    claimant_kind="organization"
                    if (claim.claimant or "").startswith(("Xiaomi", "IDC", "Reuters"))
                    else "person",
                )


def test_claimreview_of_a_published_sheet_has_every_required_and_recommended_field(
    demo_sheet: Path,
) -> None:
    published(demo_sheet)
    with Sheet.open(demo_sheet, writable=False) as sheet:
        reviews, left_out = claimreview.claim_reviews(sheet)
        rated = [c for c in sheet.claims() if c.rating != "unrated"]
        assert claimreview.missing_fields(sheet) == []
    assert len(reviews) == len(rated) and left_out == 14 - len(rated)
    for review, claim in zip(reviews, rated, strict=True):
        assert review["@type"] == "ClaimReview" and review["@context"] == "https://schema.org"
        for field in (*REQUIRED, *RECOMMENDED):
            assert review.get(field), field
        assert review["url"] == f"https://desk.example/checks/{claim.id}"
        assert review["author"] == {
            "@type": "Organization",
            "name": "Factsheet Desk",
            "url": "https://desk.example/",
        }
        assert len(review["datePublished"]) == 10
        rating = review["reviewRating"]
        assert rating["alternateName"]
        if "ratingValue" in rating:
            assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"][0]["headline"]
    barra = next(r for r in reviews if "10 billion" in r["claimReviewed"])
    assert barra["itemReviewed"]["author"] == {"@type": "Person", "name": "Hugo Barra"}
    assert "ratingValue" not in barra["reviewRating"]  # Unproven is off the scale
    slip = next(r for r in reviews if "$564 in profit" in r["claimReviewed"])
    assert slip["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }


def test_the_kind_of_claimant_is_the_reviewers_choice_not_a_guess(tmp_path: Path) -> None:
    with Sheet.create(tmp_path / "k.json", title="K") as sheet:
        claim = sheet.add_claim("Sales fell", claimant="Reuters")
        sheet.set_verdict(claim.id, "false", rationale="No")
        (review,), _ = claimreview.claim_reviews(sheet)
        assert review["itemReviewed"]["author"] == {"name": "Reuters"}  # not guessed
        assert any("kind of claimant" in str(m) for m in claimreview.missing_fields(sheet))
        sheet.edit_claim(claim.id, claimant_kind="person")  # odd, but the reviewer's call
        (review,), _ = claimreview.claim_reviews(sheet)
        assert review["itemReviewed"]["author"] == {"@type": "Person", "name": "Reuters"}
    assert not hasattr(claimreview, "ORGANISATION_HINTS")


def test_export_names_each_missing_field_and_strict_writes_nothing(
    demo_sheet: Path, tmp_path: Path, run
) -> None:
    out = tmp_path / "cr.json"
    result = run("export", demo_sheet, "--format", "claimreview", "--strict", "-o", out)
    assert result.exit_code == 1 and not out.exists()
    with Sheet.open(demo_sheet, writable=False) as sheet:
        rated = [c.id for c in sheet.claims() if c.rating != "unrated"]
    assert "missing: every claim: no author (the publisher) (required)" in result.stderr
    for claim_id in rated:
        assert f"missing: claim {claim_id}: no url of the published fact-check" in result.stderr
    assert "incomplete, so nothing was written" in result.stderr
    loose = run("export", demo_sheet, "--format", "claimreview", "-o", out)
    assert loose.exit_code == 0 and out.exists()  # without --strict: written, with the list
    published(demo_sheet)
    out.unlink()
    strict = run("export", demo_sheet, "--format", "claimreview", "--strict", "-o", out)
    assert strict.exit_code == 0, strict.output
    assert "missing:" not in strict.stderr
    assert all(review["url"] for review in json.loads(out.read_text()))


def test_cli_sets_the_publisher_and_a_claims_fact_check_url(demo_sheet: Path, run) -> None:
    assert run("edit", demo_sheet, "--publisher", "Desk", "--publisher-url", "ftp://x").exit_code
    assert run("edit", demo_sheet, "--publisher", "Desk", "--publisher-url", "https://d.example")
    with Sheet.open(demo_sheet, writable=False) as sheet:
        assert (sheet.meta.publisher, sheet.meta.publisher_url) == ("Desk", "https://d.example")
        claim_id = sheet.claims()[0].id
    result = run("claim", "edit", demo_sheet, claim_id, "--review-url", "javascript:alert(1)")
    assert result.exit_code == 1 and "http(s) address" in result.output
    result = run(
        "claim", "edit", demo_sheet, claim_id, "--review-url", "https://d.example/1",
        "--claimant-kind", "person",
    )  # fmt: skip
    assert result.exit_code == 0
    with Sheet.open(demo_sheet, writable=False) as sheet:
        claim = sheet.claim(claim_id)
        assert (claim.review_url, claim.claimant_kind) == ("https://d.example/1", "person")


def blockquotes(report: str) -> list[str]:
    """The quoted words of a Markdown report (attribution lines left out), unescaped."""
    quoted = [
        line[2:] for line in report.splitlines() if line.startswith("> ") and "> — " not in line
    ]
    return [re.sub(r"\\(.)", r"\1", line) for line in quoted]


def test_the_report_lists_its_sources_and_attributes_quotes_to_them(demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet, writable=False) as sheet:
        report = markdown.report(sheet)
        sources = sheet.sources()
    assert "14 claims, 5 sources, " in report
    assert "## Sources" in report
    for number, source in enumerate(sources, start=1):
        assert f"{number}. **{markdown.md(source.title)}**" in report
        assert f" [{number}], archived " in report  # each source is cited by its number
    assert "Brandon Hill (HotHardware)" in report  # the author, with the title
    assert "SHA-256 " in report
    with Sheet.create(demo_sheet.with_name("one.json"), title="One") as single:
        single.add_claim("x")
        assert "1 claim, 0 sources, 0 quotes." in markdown.report(single)


def test_every_quote_in_the_report_is_a_span_of_its_archived_snapshot(demo_sheet: Path) -> None:
    with Sheet.open(demo_sheet, writable=False) as sheet:
        report = markdown.report(sheet)
        texts = [sheet.source_text(source.id) for source in sheet.sources()]
    shown = blockquotes(report)
    assert len(shown) == len(json.loads(DEMO_SHEET.read_text())["quotes"])
    for words in shown:
        for part in words.split(" […] "):
            assert any(part in text for text in texts), part


def test_a_quote_whose_archive_does_not_hold_its_words_is_not_printed(
    demo_sheet: Path, run
) -> None:
    with Sheet.open(demo_sheet, writable=False) as sheet:
        quote = sheet.quotes()[0]
        source = sheet.source(quote.source)
        text_file = sheet.archive_dir / source.latest_snapshot().text
    original = text_file.read_text(encoding="utf-8")
    text_file.write_text(original.replace(quote.text, "We never said any such thing"), "utf-8")
    with Sheet.open(demo_sheet, writable=False) as sheet:
        report = markdown.report(sheet)
        assert quote.id in markdown.unverified_quotes(sheet)
        findings = publish_findings(sheet)
    assert quote.text not in "\n".join(blockquotes(report))
    assert "is not shown: it could not be checked against the archived page" in report
    assert any(f.record == quote.id for f in findings)
    strict = run("export", demo_sheet, "--format", "markdown", "--strict")
    assert strict.exit_code == 1 and f"quote {quote.id}: not shown" in strict.stderr


def test_publish_check_names_what_stands_in_the_way(demo_sheet: Path, run) -> None:
    with Sheet.open(demo_sheet) as sheet:
        bare = sheet.add_claim("A rated claim without evidence")
        sheet.set_verdict(bare.id, "false")
        web = sheet.add_web_source("https://example.org/story")
        findings = {(f.record, f.problem) for f in publish_findings(sheet)}
    assert (bare.id, "is rated but has no rationale") in findings
    assert (bare.id, "is rated but has no quote as evidence") in findings
    assert any(record == web.id and "is not archived" in why for record, why in findings)
    result = run("check", demo_sheet, "--publish")
    assert result.exit_code == 1
    assert f"{bare.id}  is rated but has no rationale" in result.output
    assert "not ready to publish" in result.output


def test_publish_check_passes_on_a_complete_sheet(tmp_path: Path, seeds: Path, run) -> None:
    path = tmp_path / "ready.json"
    with Sheet.create(path, title="Ready") as sheet:
        source = sheet.add_source_file(seeds / "003_a188cd6fb3fcff5d.txt")
        claim = sheet.add_claim("No money on hardware", claimant="Hugo Barra")
        sheet.add_quote(claim.id, source.id, "We could sell 10 billion smartphones")
        sheet.set_verdict(claim.id, "unproven", rationale="No figures for 2016.")
        assert publish_findings(sheet) == []
    result = run("check", path, "--publish")
    assert result.exit_code == 0 and "ready to publish" in result.output
    assert anchor.EXACT in result.output


def test_a_sheet_without_a_verdict_is_not_ready_to_publish(tmp_path: Path, run) -> None:
    path = tmp_path / "empty.json"
    Sheet.create(path, title="Empty").close()
    result = run("check", path, "--publish")
    assert result.exit_code == 1
    assert "sheet  has no claim with a verdict: nothing to publish" in result.output
    assert "not ready to publish" in result.output


def test_check_names_a_missing_archive_file_once_per_quote(demo_sheet: Path, run) -> None:
    with Sheet.open(demo_sheet, writable=False) as sheet:
        quote = sheet.quotes()[0]
        text = sheet.source(quote.source).latest_snapshot().text
        (sheet.archive_dir / text).unlink()
    result = run("check", demo_sheet)
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if line.startswith(quote.id))
    assert line.count(Path(text).name) == 1, line
    assert "is not in the archive" in line
