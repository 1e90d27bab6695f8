"""Filtering, sorting and stepping through claims, on the demo sheet."""

from __future__ import annotations

from conftest import DEMO_SHEET

from factsheet import Sheet
from factsheet.triage import ClaimFilter, next_unrated, sort_claims


def demo_claims():
    with Sheet.open(DEMO_SHEET, writable=False) as sheet:
        return sheet.claims()


def test_filter_terms_and_words() -> None:
    claims = demo_claims()
    unrated = [c for c in claims if ClaimFilter.parse("verdict:unrated").matches(c)]
    assert unrated and all(c.rating == "unrated" for c in unrated)
    barra = [c for c in claims if ClaimFilter.parse("claimant:barra").matches(c)]
    assert [c.claimant for c in barra] == ["Hugo Barra"]
    numbers = [c for c in claims if ClaimFilter.parse("tag:disagreement status:new 12").matches(c)]
    assert {c.text for c in numbers} == {
        "Xiaomi missed its global smartphone targets by 12 % in 2015.",
        "Xiaomi's global smartphone sales dipped 12 % last year.",
    }
    assert ClaimFilter.parse("rating:Mostly-False").matches(
        next(c for c in claims if c.rating == "mostly-false")
    )
    assert not ClaimFilter.parse("")
    assert all(ClaimFilter.parse("").matches(c) for c in claims)


def test_sort_keeps_sheet_order_within_ties() -> None:
    claims = demo_claims()
    by_verdict = sort_claims(claims, "verdict")
    assert by_verdict[-1].rating == "unrated"
    assert [c.rating for c in by_verdict if c.rating != "unrated"] == sorted(
        c.rating for c in claims if c.rating != "unrated"
    )
    by_status = [c.status for c in sort_claims(claims, "status")]
    assert by_status == sorted(by_status, key=["new", "in-review", "done"].index)


def test_next_unrated_wraps_around() -> None:
    claims = demo_claims()
    unrated = [c for c in claims if c.rating == "unrated"]
    assert next_unrated(claims, None) == unrated[0]
    assert next_unrated(claims, unrated[0].id) == unrated[1]
    assert next_unrated(claims, unrated[-1].id) == unrated[0]
    assert next_unrated([c for c in claims if c.rating != "unrated"], None) is None
